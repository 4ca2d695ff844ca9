/* input/grouping.c — the participation rows of each activity (input/grouping.h).
   May call: base/mem, input/ledger (the struct only). */
#include "input/grouping.h"
#include "base/mem.h"

void grouping_release(grouping *g)
{
    mem_free(g->first);
    mem_free(g->count);
    mem_free(g->order);
    *g = (grouping){NULL, NULL, NULL};
}

tz_status grouping_by_activity(const ledger *l, grouping *g)
{
    size_t na = l->n_activities ? l->n_activities : 1;
    *g = (grouping){mem_alloc(na * sizeof *g->first), mem_calloc(na, sizeof *g->count), NULL};
    if (!g->first || !g->count) {
        grouping_release(g);
        return TZ_NOMEM;
    }
    int runs = 1;                /* every activity's rows stand together so far */
    uint32_t prev = UINT32_MAX;
    for (size_t i = 0; i < l->n_participation; i++) {
        uint32_t a = l->participation[i].activity;
        if (a != prev) {
            if (g->count[a] != 0)
                runs = 0;        /* a second run of the same activity */
            g->first[a] = (uint32_t)i;
            prev = a;
        }
        g->count[a]++;
    }
    if (runs)
        return TZ_OK;
    g->order = mem_alloc((l->n_participation ? l->n_participation : 1) * sizeof *g->order);
    if (!g->order) {
        grouping_release(g);
        return TZ_NOMEM;
    }
    uint32_t at = 0;
    for (size_t a = 0; a < l->n_activities; a++) {
        g->first[a] = at;
        at += g->count[a];
    }
    uint32_t *next = g->count;   /* reused as the fill position, then restored */
    for (size_t a = 0; a < l->n_activities; a++)
        next[a] = g->first[a];
    for (size_t i = 0; i < l->n_participation; i++)
        g->order[next[l->participation[i].activity]++] = (uint32_t)i;
    for (size_t a = 0; a < l->n_activities; a++)
        g->count[a] = next[a] - g->first[a];
    return TZ_OK;
}
