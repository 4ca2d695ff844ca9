/* pipeline/stats.c — statistics across units with GSL. GSL's own handling of the edge
   cases is not relied on (mean of 0 values is 0, variance of 1 value is NaN, min of 0
   values reads past the end): every call is guarded here first.
   May call: base/mem, base/num, pipeline/figures, GSL, libc. */
#include "pipeline/stats.h"
#include "base/mem.h"
#include "base/num.h"

#include <gsl/gsl_fit.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *stats_figure_name(stats_figure k)
{
    static const char *const DERIVED[STATS_FIGURE_COUNT] = {
        [STATS_HOURS_PER_ACTIVE] = "hours_per_active_volunteer",
        [STATS_PERSON_TIMES_PER_MEMBER] = "person_times_per_party_member",
        [STATS_BONUS_POINTS] = "bonus_points",
    };
    if (k == STATS_PARTICIPATION_RATE)
        return FIGURES_UNIT_COLUMNS[FIGURES_PARTICIPATION_RATE].key;
    if (k == STATS_BENEFICIARIES)
        return FIGURES_UNIT_COLUMNS[FIGURES_BENEFICIARIES].key;
    return DERIVED[k];
}

stats_value stats_make(double x)
{
    stats_value v = {0, 0.0, 0};
    if (!isfinite(x) || fabs(x) * 1e4 > 9e18)
        return v;
    v.defined = 1;
    v.x = x;
    v.e4 = llround(x * 1e4);
    return v;
}

/* An exact fraction: e4 rounded half up from the integers, not from a double. */
static stats_value exact_ratio(int64_t num, int64_t den)
{
    stats_value v = {0, 0.0, 0};
    if (den <= 0 || num_ratio_scaled(num, den, 4, &v.e4) != 0)
        return v;
    v.defined = 1;
    v.x = (double)num / (double)den;
    return v;
}

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void stats_describe(double *x, size_t n, stats_summary *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {   /* the finite values first, in their order */
        if (isfinite(x[i])) {
            double t = x[k];
            x[k++] = x[i];
            x[i] = t;
        }
    }
    memset(out, 0, sizeof *out);
    out->n = k;
    if (k == 0)
        return;
    qsort(x, k, sizeof *x, by_double);
    out->mean = stats_make(gsl_stats_mean(x, 1, k));
    if (k >= 2)
        out->sd = stats_make(gsl_stats_sd(x, 1, k));
    out->min = stats_make(x[0]);
    out->max = stats_make(x[k - 1]);
    out->q1 = stats_make(gsl_stats_quantile_from_sorted_data(x, 1, k, 0.25));
    out->median = stats_make(gsl_stats_median_from_sorted_data(x, 1, k));
    out->q3 = stats_make(gsl_stats_quantile_from_sorted_data(x, 1, k, 0.75));
}

static int by_i64_desc(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x > y ? -1 : x < y;
}

/* Top-10 % share and Gini of the hours of the volunteers who served, exact. */
static tz_status concentration(const figures *f, stats *s)
{
    const ledger *l = f->ledger;
    int64_t *h = mem_alloc((l->n_volunteers ? l->n_volunteers : 1) * sizeof *h);
    if (!h)
        return TZ_NOMEM;
    size_t n = 0;
    int64_t total = 0;
    for (size_t v = 0; v < l->n_volunteers; v++)
        if (f->volunteer_hours_tenths[v] > 0) {
            h[n++] = f->volunteer_hours_tenths[v];
            total += f->volunteer_hours_tenths[v];
        }
    s->concentration_n = n;
    if (n > 0) {
        qsort(h, n, sizeof *h, by_i64_desc);
        size_t top = (n + 9) / 10;
        int64_t top_hours = 0;
        for (size_t i = 0; i < top; i++)
            top_hours += h[i];
        s->top10_share = exact_ratio(top_hours, total);
        /* Gini = (2·Σ i·x_i − (n + 1)·Σ x) / (n·Σ x), x ascending, i from 1. Descending
           here, so x_i = h[n − i]. */
        __int128 weighted = 0;
        for (size_t i = 1; i <= n; i++)
            weighted += (__int128)i * h[n - i];
        __int128 num = 2 * weighted - (__int128)(n + 1) * total;
        __int128 den = (__int128)n * total;
        if (num >= INT64_MIN && num <= INT64_MAX && den <= INT64_MAX)
            s->gini = exact_ratio((int64_t)num, (int64_t)den);
        else
            s->gini = stats_make((double)num / (double)den);
    }
    mem_free(h);
    return TZ_OK;
}

static void trend(const figures *f, stats *s)
{
    double x[12], y[12];
    for (int m = 0; m < 12; m++) {
        x[m] = m + 1;
        y[m] = (double)f->months[m].person_times;
    }
    double c0, c1, cov00, cov01, cov11, sumsq;
    s->trend_n = 12;
    if (gsl_fit_linear(x, 1, y, 1, 12, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) != 0)
        return;
    s->trend_slope = stats_make(c1);
    if (cov11 >= 0)
        s->trend_slope_se = stats_make(sqrt(cov11));
}

static tz_status correlation(const figures *f, stats *s)
{
    const ledger *l = f->ledger;
    size_t cap = l->n_units ? l->n_units : 1;
    double *a = mem_alloc(cap * sizeof *a), *b = mem_alloc(cap * sizeof *b);
    double *work = mem_alloc(2 * cap * sizeof *work);
    if (!a || !b || !work) {
        mem_free(a);
        mem_free(b);
        mem_free(work);
        return TZ_NOMEM;
    }
    size_t n = 0;
    for (size_t u = 0; u < l->n_units; u++) {
        const figures_unit *fu = &f->units[u];
        if (fu->volunteers == 0 || fu->party_members <= 0)
            continue;
        a[n] = (double)fu->party_volunteers / (double)fu->party_members;
        b[n] = (double)fu->beneficiaries / (double)fu->party_members;
        n++;
    }
    s->correlation_n = n;
    /* Both need at least two pairs and some spread on each side; else undefined. */
    double va = n >= 2 ? gsl_stats_variance(a, 1, n) : 0, vb = n >= 2 ? gsl_stats_variance(b, 1, n) : 0;
    if (n >= 2 && va > 0 && vb > 0) {
        s->pearson = stats_make(gsl_stats_correlation(a, 1, b, 1, n));
        s->spearman = stats_make(gsl_stats_spearman(a, 1, b, 1, n, work));
    }
    mem_free(a);
    mem_free(b);
    mem_free(work);
    return TZ_OK;
}

tz_status stats_compute(const figures *f, const int64_t *bonus_cents, stats **out)
{
    tz_status st = TZ_OK;
    const ledger *l = f->ledger;
    size_t cap = l->n_units ? l->n_units : 1;
    double *x = mem_alloc(cap * sizeof *x);
    stats *s = mem_calloc(1, sizeof *s);
    *out = NULL;
    if (!x || !s) {
        st = TZ_NOMEM;
        goto out;
    }
    s->have_bonus = bonus_cents != NULL;
    for (int k = 0; k < STATS_FIGURE_COUNT; k++) {
        if (k == STATS_BONUS_POINTS && !bonus_cents)
            continue;
        size_t n = 0;
        for (size_t i = 0; i < l->n_units; i++) {
            uint32_t u = f->unit_order[i];
            const figures_unit *fu = &f->units[u];
            if (fu->volunteers == 0)
                continue;
            switch (k) {
            case STATS_PARTICIPATION_RATE:
                if (fu->party_members > 0)
                    x[n++] = (double)fu->party_volunteers / (double)fu->party_members;
                break;
            case STATS_HOURS_PER_ACTIVE:
                if (fu->active_volunteers > 0)
                    x[n++] = (double)fu->hours_tenths / 10.0 / (double)fu->active_volunteers;
                break;
            case STATS_PERSON_TIMES_PER_MEMBER:
                if (fu->party_members > 0)
                    x[n++] = (double)fu->person_times / (double)fu->party_members;
                break;
            case STATS_BENEFICIARIES:
                x[n++] = (double)fu->beneficiaries;
                break;
            default:
                x[n++] = (double)bonus_cents[u] / 100.0;
                break;
            }
        }
        stats_describe(x, n, &s->figures[k]);
    }

    const stats_summary *h = &s->figures[STATS_HOURS_PER_ACTIVE];
    if (h->q1.defined && h->q3.defined) {
        double fence = h->q3.x + 3.0 * (h->q3.x - h->q1.x);
        s->outlier_fence = stats_make(fence);
        s->outliers = mem_alloc(cap * sizeof *s->outliers);
        s->outlier_values = mem_alloc(cap * sizeof *s->outlier_values);
        if (!s->outliers || !s->outlier_values) {
            st = TZ_NOMEM;
            goto out;
        }
        for (size_t i = 0; i < l->n_units; i++) {
            const figures_unit *fu = &f->units[f->unit_order[i]];
            if (fu->volunteers == 0 || fu->active_volunteers == 0)
                continue;
            double v = (double)fu->hours_tenths / 10.0 / (double)fu->active_volunteers;
            if (v > fence) {
                s->outliers[s->n_outliers] = f->unit_order[i];
                s->outlier_values[s->n_outliers++] = v;
            }
        }
    }

    if ((st = correlation(f, s)) != TZ_OK || (st = concentration(f, s)) != TZ_OK)
        goto out;
    trend(f, s);
out:
    mem_free(x);
    if (st != TZ_OK) {
        stats_free(s);
        return st;
    }
    *out = s;
    return TZ_OK;
}

void stats_free(stats *s)
{
    if (!s)
        return;
    mem_free(s->outliers);
    mem_free(s->outlier_values);
    mem_free(s);
}
