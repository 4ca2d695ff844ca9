/* pipeline/apportion.h — whole people shared out by weights: the largest-remainder
   method (Hamilton), ties to the smaller rank. Used for an activity's beneficiaries
   over the units that took part (weights: person-times; rank: unit_id in byte order).
   May call: libc only. */
#ifndef TZ_APPORTION_H
#define TZ_APPORTION_H
#include <stddef.h>
#include <stdint.h>

typedef struct apportion_item {
    uint32_t who;          /* the caller's index (a unit), carried along untouched */
    uint32_t rank;         /* tie-break: of equal remainders, the smaller rank gets the seat */
    int64_t weight;        /* >= 0 */
    int64_t share;         /* OUT: floor(total * weight / sum) plus 0 or 1 */
    int64_t remainder;     /* OUT: total * weight mod sum, the number the seats were given by */
} apportion_item;

/* Shares `total` (>= 0) over items[0..n) in proportion to their weights: each gets the
   floor of its quota, then the seats left over go one each to the largest remainders,
   equal remainders to the smaller rank. The shares sum exactly to total. Items may be
   reordered. Returns 0, or -1 when n = 0, a weight or total is
   negative, the weights sum to 0 or overflow (nothing useful in the items then). */
int apportion_largest_remainder(int64_t total, apportion_item *items, size_t n);

#endif
