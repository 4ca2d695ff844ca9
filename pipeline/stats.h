/* pipeline/stats.h — statistics across units (tables/statistics.csv, docs/figures.md):
   descriptive statistics of five per-unit figures over the units that have volunteers,
   correlation, the monthly trend, the concentration of hours, outliers. Computed with GSL
   in double precision; every value also kept rounded to 4 decimals (half away from zero)
   as written in the tables. n = 0, n = 1 and NaN are handled here: an undefined value
   has defined = 0 and is written as an empty cell.
   May call: base/, input/ledger, pipeline/figures, GSL. */
#ifndef TZ_STATS_H
#define TZ_STATS_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"
#include "pipeline/figures.h"

typedef struct stats_value {
    int defined;          /* 0: undefined (n too small, zero variance, ...): an empty cell */
    double x;             /* the value, when defined */
    int64_t e4;           /* x × 10 000 rounded half away from zero: what the tables show */
} stats_value;

typedef struct stats_summary {
    size_t n;                                   /* the values described */
    stats_value mean, sd, min, q1, median, q3, max;
} stats_summary;

typedef enum {
    STATS_PARTICIPATION_RATE,          /* party_volunteers / party_members (party_members > 0) */
    STATS_HOURS_PER_ACTIVE,            /* hours / active_volunteers (active_volunteers > 0) */
    STATS_PERSON_TIMES_PER_MEMBER,     /* person_times / party_members (party_members > 0) */
    STATS_BENEFICIARIES,               /* apportioned beneficiaries */
    STATS_BONUS_POINTS,                /* bonus points (only when the rules ran) */
    STATS_FIGURE_COUNT
} stats_figure;

/* The figure's name in statistics.csv's figure column (a per-unit figure's key for
   participation_rate and beneficiaries). Never fails. */
const char *stats_figure_name(stats_figure k);

struct stats {
    stats_summary figures[STATS_FIGURE_COUNT];
    int have_bonus;                             /* 0: no bonus points were given to stats */
    /* participation_rate against beneficiaries per party member, over units with
       volunteers and party members. */
    size_t correlation_n;
    stats_value pearson, spearman;
    /* Least-squares line through (month 1..12, person_times of the month). */
    size_t trend_n;
    stats_value trend_slope, trend_slope_se;
    /* Hours across the volunteers who served (hours > 0). */
    size_t concentration_n;
    stats_value top10_share;                    /* hours of the top ceil(n/10) / all hours */
    stats_value gini;
    /* Units whose hours per active volunteer exceed Q3 + 3·IQR of that figure. */
    stats_value outlier_fence;
    uint32_t *outliers;                         /* unit indices, in unit_id byte order */
    double *outlier_values;                     /* their hours per active volunteer */
    size_t n_outliers;
};
typedef struct stats stats;

/* Computes the statistics. bonus_cents: each unit's total bonus points × 100, in the
   ledger's unit order, or NULL when no rules ran (then bonus_points is left undefined).
   On TZ_OK *out is the stats (stats_free). TZ_NOMEM. GSL's error handler must be off. */
tz_status stats_compute(const figures *f, const int64_t *bonus_cents, stats **out);
void stats_free(stats *s);                      /* stats_free(NULL) does nothing */

/* Describes x[0..n): non-finite values (NaN, ±inf) are left out of the count. n, mean,
   sample sd (n − 1; undefined for n < 2), min, Q1, median, Q3, max (quantiles by
   gsl_stats_quantile_from_sorted_data: linear interpolation at position (n − 1)·p).
   Sorts x in place (non-finite values last). Cannot fail. */
void stats_describe(double *x, size_t n, stats_summary *out);

/* A defined stats_value of x (undefined when x is not finite or too large). */
stats_value stats_make(double x);

#endif
