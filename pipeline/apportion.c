/* pipeline/apportion.c — the largest-remainder method, exact in 128-bit integers.
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
        __int128 product = (__int128)total * items[i].weight;
        items[i].share = (int64_t)(product / sum);         /* <= total: fits */
        items[i].remainder = (int64_t)(product % sum);     /* < sum: fits */
        given += items[i].share;
    }
    qsort(items, n, sizeof *items, by_remainder_then_rank);
    /* The floors fall short by less than n seats (each lost less than one). */
    for (size_t i = 0; given < total && i < n; i++, given++)
        items[i].share++;
    return 0;
}
