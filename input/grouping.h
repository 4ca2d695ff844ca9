/* input/grouping.h — the participation rows of each activity, without copying them: an
   export sorted by activity (the usual case) is taken as it stands; otherwise a counting
   sort of row indices. For the checks across rows (input/validate.c) and the figures.
   May call: base/mem, input/ledger (the struct only). */
#ifndef TZ_GROUPING_H
#define TZ_GROUPING_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"
#include "input/ledger.h"

/* Rows of activity a are grouping_row(g, k) for k in [first[a], first[a] + count[a]),
   in file order. */
typedef struct grouping {
    uint32_t *first, *count;     /* per activity */
    uint32_t *order;             /* NULL when each activity's rows stand together: row k is k */
} grouping;

/* Groups l's participation rows by activity. Returns TZ_OK or TZ_NOMEM (then *g holds
   nothing). Extra memory: 8 bytes per activity, plus 4 per row when the rows of some
   activity are not together. */
tz_status grouping_by_activity(const ledger *l, grouping *g);

static inline uint32_t grouping_row(const grouping *g, size_t k)
{
    return g->order ? g->order[k] : (uint32_t)k;
}

void grouping_release(grouping *g);

#endif
