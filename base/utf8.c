/* base/utf8.c — UTF-8 decoding and edit distance (base/utf8.h).
   May call: libc only. */
#include "base/utf8.h"

size_t utf8_decode(const char *s, size_t n, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (n == 0)
        return 0;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    size_t len;
    uint32_t c, min;
    if (u[0] >= 0xC2 && u[0] <= 0xDF) { len = 2; c = u[0] & 0x1Fu; min = 0x80; }
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) { len = 3; c = u[0] & 0x0Fu; min = 0x800; }
    else if (u[0] >= 0xF0 && u[0] <= 0xF4) { len = 4; c = u[0] & 0x07u; min = 0x10000; }
    else return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((u[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (u[i] & 0x3Fu);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

/* The first 64 characters of s[0..n) as code points. */
static size_t code_points(const char *s, size_t n, uint32_t out[64])
{
    size_t m = 0, k;
    for (size_t i = 0; i < n && m < 64; i += k ? k : 1) {
        k = utf8_decode(s + i, n - i, &out[m]);
        if (k)
            m++;
    }
    return m;
}

size_t utf8_distance(const char *a, size_t an, const char *b, size_t bn)
{
    uint32_t ca[64], cb[64];
    size_t na = code_points(a, an, ca), nb = code_points(b, bn, cb);
    size_t row[65];
    for (size_t j = 0; j <= nb; j++)
        row[j] = j;
    for (size_t i = 1; i <= na; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= nb; j++) {
            size_t up = row[j];
            size_t best = diag + (ca[i - 1] != cb[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[nb];
}
