/* base/num.c — exact decimals on scaled integers.
   May call: base/buf, libc. */
#include "base/num.h"

#include <inttypes.h>

int num_div_round(int64_t num, int64_t den, int64_t *out)
{
    if (den <= 0)
        return -1;
    __int128 n = num, d = den;
    __int128 q = n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d));
    if (q > INT64_MAX || q < INT64_MIN)
        return -1;
    *out = (int64_t)q;
    return 0;
}

int num_ratio_scaled(int64_t num, int64_t den, int places, int64_t *out)
{
    if (den <= 0 || places < 0 || places > 18)
        return -1;
    __int128 scale = 1;
    for (int i = 0; i < places; i++)
        scale *= 10;
    __int128 n = (__int128)num * scale, d = den;
    __int128 q = n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d));
    if (q > INT64_MAX || q < INT64_MIN)
        return -1;
    *out = (int64_t)q;
    return 0;
}

int num_change_percent(int64_t an, int64_t ad, int64_t bn, int64_t bd, int64_t *out)
{
    if (bn == 0 || ad <= 0 || bd <= 0)
        return -1;
    __int128 num = ((__int128)an * bd - (__int128)bn * ad) * 100;
    __int128 den = (__int128)bn * ad;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    if (num > INT64_MAX || num < INT64_MIN || den > INT64_MAX)
        return -1;
    return num_ratio_scaled((int64_t)num, (int64_t)den, 2, out);
}

int num_format_fixed(buf *b, int64_t scaled, int places)
{
    /* Digits from the right into a small array (no printf: the tables format millions). */
    char tmp[64];
    size_t at = sizeof tmp;
    if (places < 0)
        places = 0;
    if (places > 40)
        return -1;
    uint64_t mag = scaled < 0 ? (uint64_t)0 - (uint64_t)scaled : (uint64_t)scaled;
    for (int i = 0; i < places; i++) {
        tmp[--at] = (char)('0' + mag % 10);
        mag /= 10;
    }
    if (places > 0)
        tmp[--at] = '.';
    do {
        tmp[--at] = (char)('0' + mag % 10);
        mag /= 10;
    } while (mag);
    if (scaled < 0)
        tmp[--at] = '-';
    return buf_append(b, tmp + at, sizeof tmp - at);
}
