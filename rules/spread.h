/* rules/spread.h — how well a set of rules tells the units apart: the ranks the totals
   give, how many distinct totals there are and the largest tie, how many units sit at
   each rule's cap and at the total cap, and (for `whatif`) Spearman's rank correlation
   between two sets of points. Read by whatif, explain's footer and the report.
   May call: base/, rules/rules, GSL (gsl_stats_spearman). */
#ifndef TZ_SPREAD_H
#define TZ_SPREAD_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"
#include "rules/rules.h"

typedef struct spread {
    size_t n_units;
    size_t distinct_totals;     /* how many different totals the units have */
    size_t largest_tie;         /* how many units share the most shared total */
    int64_t largest_tie_cents;  /* that total (the highest such total on equal counts) */
    size_t at_total_cap;        /* units whose total is the total cap (0 without one) */
    size_t n_rules;
    size_t *at_rule_cap;        /* [n_rules]: units whose points under the rule reached
                                   its cap (raw ≥ cap); 0 for a rule without a cap */
} spread;

/* The figures of b. On TZ_OK *out holds them (spread_release); TZ_NOMEM. */
tz_status spread_compute(const bonus *b, spread *out);
void spread_release(spread *s);        /* frees at_rule_cap; spread_release(NULL) is a no-op */

/* Each unit's rank by total, highest first, ties sharing the best place (1, 2, 2, 4):
   rank[u] = 1 + the number of units with a larger total. rank has b->n_units entries,
   the ledger's order. Cannot fail. */
void spread_ranks(const bonus *b, uint32_t *rank);

/* Spearman's rank correlation of the units' totals under a and under b (the same
   ledger, so the same units in the same order), ties given their mean rank. Returns 0
   and *rho; -1 when it is undefined (fewer than two units, or every unit has the same
   total under one of them) or out of memory. */
int spread_spearman(const bonus *a, const bonus *b, double *rho);

#endif
