/* output/cnnum.c — Chinese number forms (万, 亿, thousands separators).
   May call: base/buf, base/num, libc. */
#include "output/cnnum.h"
#include "base/num.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

/* Appends the magnitude `mag` (already scaled by 10^places) with separators. */
static int put_grouped(buf *b, int negative, uint64_t mag, int places, int trim)
{
    uint64_t scale = 1;
    for (int i = 0; i < places; i++)
        scale *= 10;
    uint64_t whole = mag / scale, frac = mag % scale;
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%" PRIu64, whole);
    if (n <= 0 || (size_t)n >= sizeof digits)
        return -1;
    if (negative && buf_putc(b, '-') != 0)
        return -1;
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0 && buf_putc(b, ',') != 0)
            return -1;
        if (buf_putc(b, digits[i]) != 0)
            return -1;
    }
    if (places <= 0)
        return 0;
    char fd[24];
    int m = snprintf(fd, sizeof fd, "%0*" PRIu64, places, frac);
    if (m != places)
        return -1;
    if (trim) {
        while (m > 0 && fd[m - 1] == '0')
            m--;
        if (m == 0)
            return 0;
    }
    if (buf_putc(b, '.') != 0)
        return -1;
    return buf_append(b, fd, (size_t)m);
}

static uint64_t magnitude(int64_t v)
{
    return v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
}

int cnnum_fixed(buf *b, int64_t scaled, int places)
{
    return put_grouped(b, scaled < 0, magnitude(scaled), places, 0);
}

int cnnum_trim(buf *b, int64_t scaled, int places)
{
    return put_grouped(b, scaled < 0, magnitude(scaled), places, 1);
}

/* mag * 10^d / unit rounded half up; mag < 2^63 so the product fits in 128 bits. */
static uint64_t scaled_round(uint64_t mag, int d, uint64_t unit)
{
    unsigned __int128 p = mag;
    for (int i = 0; i < d; i++)
        p *= 10;
    return (uint64_t)((2 * p + unit) / (2 * (unsigned __int128)unit));
}

int cnnum_count(buf *b, int64_t v)
{
    uint64_t mag = magnitude(v);
    int neg = v < 0;
    if (mag < 10000)
        return put_grouped(b, neg, mag, 0, 0);
    static const struct { uint64_t unit; const char *name; } UNITS[] = {
        {10000u, "万"}, {100000000u, "亿"},
    };
    for (size_t k = 0; k < 2; k++) {
        uint64_t r = 0;
        int d;
        for (d = 2; d >= 0; d--) {
            r = scaled_round(mag, d, UNITS[k].unit);
            if (r < 1000 || d == 0)
                break;
        }
        if (k == 0 && d == 0 && r >= 10000)
            continue;                       /* 9,999.99万 rounds to 1亿 */
        if (put_grouped(b, neg, r, d, 1) != 0)
            return -1;
        return buf_puts(b, UNITS[k].name);
    }
    return -1;                              /* not reached: 亿 always fits */
}

int cnnum_tick_wan(double max)
{
    return max >= 20000.0;
}

int cnnum_tick(buf *b, double v, double step, int wan)
{
    if (wan) {
        v /= 10000.0;
        step /= 10000.0;
    }
    int d = 0;
    if (step > 0 && step < 1)
        d = (int)ceil(-log10(step) - 1e-9);
    if (d > 9)
        d = 9;
    double scale = pow(10.0, d);
    int64_t scaled = (int64_t)llround(v * scale);
    if (scaled == 0)
        return buf_putc(b, '0');
    if (put_grouped(b, scaled < 0, magnitude(scaled), d, wan) != 0)
        return -1;
    return wan ? buf_puts(b, "万") : 0;
}
