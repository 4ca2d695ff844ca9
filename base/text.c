/* base/text.c — text into fixed arrays (see text.h).
   May call: base/utf8, libc. */
#include "base/text.h"
#include "base/utf8.h"

#include <stdio.h>

int text_vformat(char *dst, size_t cap, const char *fmt, va_list ap)
{
    int n = vsnprintf(dst, cap, fmt, ap);
    if (n < 0) {
        dst[0] = '\0';
        return -1;
    }
    if ((size_t)n < cap)
        return 0;
    /* cut: back to the end of the last whole character */
    size_t len = cap - 1, i = 0;
    while (i < len) {
        uint32_t c;
        size_t k = utf8_decode(dst + i, len - i, &c);
        if (k == 0)
            break;
        i += k;
    }
    /* bytes that are not UTF-8 at all stay; only a character cut at the end goes */
    if (i < len && len - i < 4 && ((unsigned char)dst[i] & 0xC0) == 0xC0)
        len = i;
    dst[len] = '\0';
    return -1;
}

int text_format(char *dst, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = text_vformat(dst, cap, fmt, ap);
    va_end(ap);
    return r;
}

void text_hex(const uint8_t *bytes, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[bytes[i] >> 4];
        out[2 * i + 1] = digits[bytes[i] & 15];
    }
    out[2 * n] = '\0';
}
