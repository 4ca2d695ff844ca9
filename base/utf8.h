/* base/utf8.h — UTF-8 characters one at a time, and the edit distance between two
   strings in characters (for "did you mean" hints). May call: libc only. */
#ifndef TZ_UTF8_H
#define TZ_UTF8_H
#include <stddef.h>
#include <stdint.h>

/* The well-formed character at s[0..n): sets *cp and returns its length (1-4); 0 when
   the bytes there are malformed, cut short, or n is 0. */
size_t utf8_decode(const char *s, size_t n, uint32_t *cp);

/* Levenshtein distance in characters between a[0..an) and b[0..bn) (the first 64
   characters of each; malformed bytes are skipped). */
size_t utf8_distance(const char *a, size_t an, const char *b, size_t bn);

#endif
