/* pipeline/apportion.c — the largest-remainder method, exact (64-bit products, 128-bit
   when they would overflow); the seats left over go by a selection, not a full sort.
   May call: libc only. */
#include "pipeline/apportion.h"

#include <stdlib.h>

static int by_remainder_then_rank(const void *a, const void *b)
{
    const apportion_item *x = a, *y = b;
    if (x->remainder != y->remainder)
        return x->remainder > y->remainder ? -1 : 1;
    if (x->rank != y->rank)
        return x->rank < y->rank ? -1 : 1;
    return 0;
}

/* Puts the k items first by by_remainder_then_rank (in no particular order among
   themselves) that a full sort would put first: a quickselect. */
static void select_first(apportion_item *it, size_t n, size_t k)
{
    size_t lo = 0, hi = n;                   /* the k-th boundary lies in [lo, hi) */
    while (hi - lo > 1) {
        apportion_item pivot = it[lo + (hi - lo) / 2];
        size_t i = lo, j = hi;                /* three-way split around the pivot */
        size_t lt = lo;
        for (i = lo; i < j;) {
            int c = by_remainder_then_rank(&it[i], &pivot);
            if (c < 0) {
                apportion_item t = it[lt]; it[lt] = it[i]; it[i] = t;
                lt++, i++;
            } else if (c > 0) {
                j--;
                apportion_item t = it[j]; it[j] = it[i]; it[i] = t;
            } else {
                i++;
            }
        }
        /* [lo, lt) before the pivot, [lt, j) equal to it, [j, hi) after */
        if (k < lt)
            hi = lt;
        else if (k < j)
            return;
        else
            lo = j;
    }
}

int apportion_largest_remainder(int64_t total, apportion_item *items, size_t n)
{
    if (n == 0 || total < 0)
        return -1;
    int64_t sum = 0;
    for (size_t i = 0; i < n; i++) {
        if (items[i].weight < 0 || items[i].weight > INT64_MAX - sum)
            return -1;
        sum += items[i].weight;
    }
    if (sum == 0)
        return -1;
    int64_t given = 0;
    for (size_t i = 0; i < n; i++) {
        int64_t p;
        if (!__builtin_mul_overflow(total, items[i].weight, &p)) {
            items[i].share = p / sum;
            items[i].remainder = p % sum;
        } else {
            __int128 product = (__int128)total * items[i].weight;
            items[i].share = (int64_t)(product / sum);         /* <= total: fits */
            items[i].remainder = (int64_t)(product % sum);     /* < sum: fits */
        }
        given += items[i].share;
    }
    /* The floors fall short by less than n seats (each lost less than one): one each to
       the largest remainders, equal remainders to the smaller rank. */
    size_t left = (size_t)(total - given);
    if (left == 0)
        return 0;
    select_first(items, n, left);
    for (size_t i = 0; i < left; i++)
        items[i].share++;
    return 0;
}
