/* rules/rat.c — exact rationals (see rat.h).
   May call: libc only. */
#include <stddef.h>
#include "rules/rat.h"

static __int128 gcd128(__int128 a, __int128 b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        __int128 t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Reduces n/d (d != 0) into *out; -1 when the reduced parts do not fit in int64. */
static int reduce(__int128 n, __int128 d, rat *out)
{
    if (d < 0) {
        n = -n;
        d = -d;
    }
    __int128 g = gcd128(n, d);
    if (g > 1) {
        n /= g;
        d /= g;
    }
    if (n > INT64_MAX || n < -(__int128)INT64_MAX || d > INT64_MAX)
        return -1;
    out->num = (int64_t)n;
    out->den = (int64_t)d;
    return 0;
}

rat rat_make(int64_t num, int64_t den)
{
    rat r = RAT_UNDEFINED;
    if (den == 0 || reduce(num, den, &r) != 0)
        return RAT_UNDEFINED;
    return r;
}

int rat_add(rat a, rat b, rat *out)
{
    if (!rat_defined(a) || !rat_defined(b)) {
        *out = RAT_UNDEFINED;
        return 0;
    }
    /* |num·den| < 2^126, the sum of two fits in __int128. */
    __int128 n = (__int128)a.num * b.den + (__int128)b.num * a.den;
    __int128 d = (__int128)a.den * b.den;
    return reduce(n, d, out);
}

int rat_sub(rat a, rat b, rat *out)
{
    if (rat_defined(b))
        b.num = -b.num;
    return rat_add(a, b, out);
}

int rat_mul(rat a, rat b, rat *out)
{
    if (!rat_defined(a) || !rat_defined(b)) {
        *out = RAT_UNDEFINED;
        return 0;
    }
    return reduce((__int128)a.num * b.num, (__int128)a.den * b.den, out);
}

int rat_div(rat a, rat b, rat *out)
{
    if (!rat_defined(a) || !rat_defined(b) || b.num == 0) {
        *out = RAT_UNDEFINED;
        return 0;
    }
    return reduce((__int128)a.num * b.den, (__int128)a.den * b.num, out);
}

int rat_cmp(rat a, rat b)
{
    __int128 l = (__int128)a.num * b.den, r = (__int128)b.num * a.den;
    return l < r ? -1 : l > r;
}

int rat_to_cents(rat a, int64_t *out)
{
    if (!rat_defined(a))
        return -1;
    __int128 n = (__int128)a.num * 100, d = a.den;
    __int128 q = n >= 0 ? (2 * n + d) / (2 * d) : -((-2 * n + d) / (2 * d));
    if (q > INT64_MAX || q < -(__int128)INT64_MAX)
        return -1;
    *out = (int64_t)q;
    return 0;
}

int rat_parse(const char *s, size_t n, rat *out)
{
    size_t i = 0, digits = 0;
    int64_t num = 0, den = 1;
    int seen_point = 0;
    if (n > 0 && s[n - 1] == '%') {
        n--;
        den = 100;
    }
    if (n == 0)
        return -1;
    for (; i < n; i++) {
        if (s[i] == '.') {
            if (seen_point || i == 0 || i + 1 == n)
                return -1;
            seen_point = 1;
            continue;
        }
        if (s[i] < '0' || s[i] > '9')
            return -1;
        if (++digits > 18)
            return -1;
        num = num * 10 + (s[i] - '0');
        if (seen_point) {
            if (den > INT64_MAX / 10)
                return -1;
            den *= 10;
        }
    }
    *out = rat_make(num, den);
    return 0;
}
