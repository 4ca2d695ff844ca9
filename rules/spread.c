/* rules/spread.c — how well the rules tell the units apart (see spread.h).
   May call: base/, rules/rules, GSL (gsl_stats_spearman). */
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_statistics_double.h>

#include "base/mem.h"
#include "rules/spread.h"

static int by_cents_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? 1 : x > y ? -1 : 0;
}

/* The units' totals sorted highest first into a new array; NULL when out of memory. */
static int64_t *sorted_totals(const bonus *b)
{
    int64_t *t = mem_alloc((b->n_units ? b->n_units : 1) * sizeof *t);
    if (!t)
        return NULL;
    for (size_t u = 0; u < b->n_units; u++)
        t[u] = b->units[u].total_cents;
    qsort(t, b->n_units, sizeof *t, by_cents_desc);
    return t;
}

tz_status spread_compute(const bonus *b, spread *out)
{
    const rules *r = b->rules;
    memset(out, 0, sizeof *out);
    out->n_units = b->n_units;
    out->n_rules = rules_count(r);
    out->at_rule_cap = mem_calloc(out->n_rules ? out->n_rules : 1, sizeof *out->at_rule_cap);
    int64_t *t = sorted_totals(b);
    if (!out->at_rule_cap || !t) {
        mem_free(t);
        spread_release(out);
        return TZ_NOMEM;
    }
    for (size_t i = 0; i < b->n_units;) {
        size_t j = i;
        while (j < b->n_units && t[j] == t[i])
            j++;
        out->distinct_totals++;
        if (j - i > out->largest_tie) {          /* highest first: a later equal run is lower */
            out->largest_tie = j - i;
            out->largest_tie_cents = t[i];
        }
        i = j;
    }
    mem_free(t);
    int64_t total_cap = rules_total_cap_cents(r);
    for (size_t u = 0; u < b->n_units; u++) {
        const bonus_unit *bu = &b->units[u];
        if (total_cap >= 0 && bu->total_cents == total_cap)
            out->at_total_cap++;
        for (size_t i = 0; i < out->n_rules; i++) {
            int64_t cap = rules_cap_cents(r, i);
            if (cap >= 0 && bu->lines[i].raw_cents >= cap)
                out->at_rule_cap[i]++;
        }
    }
    return TZ_OK;
}

void spread_release(spread *s)
{
    if (!s)
        return;
    mem_free(s->at_rule_cap);
    s->at_rule_cap = NULL;
}

void spread_ranks(const bonus *b, uint32_t *rank)
{
    int64_t *t = sorted_totals(b);
    if (t) {
        /* the rank of a total is 1 + the index of its first place in the sorted list */
        for (size_t u = 0; u < b->n_units; u++) {
            size_t lo = 0, hi = b->n_units;       /* first index whose total ≤ this one */
            int64_t v = b->units[u].total_cents;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (t[mid] > v)
                    lo = mid + 1;
                else
                    hi = mid;
            }
            rank[u] = (uint32_t)lo + 1;
        }
        mem_free(t);
        return;
    }
    /* out of memory: the same ranks the slow way (the contract says this cannot fail) */
    for (size_t u = 0; u < b->n_units; u++) {
        uint32_t above = 0;
        for (size_t v = 0; v < b->n_units; v++)
            above += b->units[v].total_cents > b->units[u].total_cents;
        rank[u] = above + 1;
    }
}

int spread_spearman(const bonus *a, const bonus *b, double *rho)
{
    size_t n = a->n_units;
    if (n < 2 || b->n_units != n)
        return -1;
    double *x = mem_alloc(4 * n * sizeof *x);
    if (!x)
        return -1;
    double *y = x + n, *work = x + 2 * n;
    int varies_a = 0, varies_b = 0;
    for (size_t u = 0; u < n; u++) {
        x[u] = (double)a->units[u].total_cents;
        y[u] = (double)b->units[u].total_cents;
        varies_a |= a->units[u].total_cents != a->units[0].total_cents;
        varies_b |= b->units[u].total_cents != b->units[0].total_cents;
    }
    int st = -1;
    if (varies_a && varies_b) {
        *rho = gsl_stats_spearman(x, 1, y, 1, n, work);
        st = 0;
    }
    mem_free(x);
    return st;
}
