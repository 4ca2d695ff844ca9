/* base/text.h — text into arrays of a fixed size: a snprintf that says whether the text
   fitted (and never leaves half a UTF-8 character when it did not), and lower-case hex.
   May call: base/utf8, libc. */
#ifndef TZ_TEXT_H
#define TZ_TEXT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Formats into dst[0..cap) (cap > 0), always NUL-terminated. Returns 0, or -1 when the
   text did not fit (dst then holds its longest prefix of whole UTF-8 characters that
   fits) or the format failed (dst is then ""). */
int text_format(char *dst, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
int text_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
    __attribute__((format(printf, 3, 0)));

/* The n bytes as 2n lower-case hex digits and a NUL into out[0..2n]. Cannot fail. */
void text_hex(const uint8_t *bytes, size_t n, char *out);

#endif
