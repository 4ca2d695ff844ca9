/* output/tables.c — writes the CSV tables of a run from its context. Every table goes to
   its file through output/csvw a megabyte at a time as it is built (bonus_audit.csv runs
   to tens of megabytes at province size); rows sorted by their first column in byte
   order (summary.csv and statistics.csv keep their documented order).
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules, output/csvw,
   libc. */
#include "output/tables.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/bonus_audit.h"
#include "output/notice.h"
#include "output/csvw.h"
#include "pipeline/stats.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

const char *const TABLES_FILES[] = {
    "units.csv", "summary.csv", "categories.csv", "areas.csv", "monthly.csv",
    "results.csv", "campaigns.csv", "teams.csv", "statistics.csv",
    "bonus_audit.csv",   /* these two written when the run applied rules (rc->bonus) */
    "notice.csv",
    NULL,
};

/* ---- writing a table ---- */

/* Creates dir/sub/name and begins w on it (the rows are written as they grow).
   TZ_CANTCREAT with a message; TZ_NOMEM. */
static tz_status open_table(const char *dir, const char *sub, const char *name, csvw *w,
                            buf *path)
{
    FILE *fp = NULL;
    if (buf_printf(path, "%s/%s%s", dir, sub, name) != 0)
        return TZ_NOMEM;
    fp = fopen(path->data, "wb");
    if (!fp) {
        fprintf(stderr, "taizhang: %s: 无法创建输出文件: %s\n", path->data, strerror(errno));
        return TZ_CANTCREAT;
    }
    if (csvw_begin_file(w, fp, 1) != 0) {
        fclose(fp);
        csvw_release(w);
        return TZ_NOMEM;
    }
    return TZ_OK;
}

/* Writes the rest of the table and closes its file: TZ_IOERR with a message when a write
   failed, TZ_NOMEM when filling it ran out of memory. */
static tz_status close_table(csvw *w, const buf *path)
{
    tz_status st = TZ_OK;
    int flushed = w->failed ? -1 : csvw_flush(w);
    int saved = w->write_errno;
    int closed = fclose(w->sink);
    if (closed != 0 && !saved)
        saved = errno;
    if (w->write_errno || closed != 0) {
        fprintf(stderr, "taizhang: %s: 写入失败: %s\n", path->data, strerror(saved));
        st = TZ_IOERR;
    } else if (flushed != 0) {
        st = TZ_NOMEM;
    }
    w->sink = NULL;
    csvw_release(w);
    return st;
}

/* ---- sorting rows by a name ---- */

typedef struct named {
    const char *name;
    size_t index;
} named;

static int by_name(const void *a, const void *b)
{
    const named *x = a, *y = b;
    int c = strcmp(x->name, y->name);   /* unsigned char comparison: byte order */
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* names[i] for i < n, sorted; NULL when out of memory. */
static named *sorted_names(const char *const *names, size_t n)
{
    named *v = mem_alloc((n ? n : 1) * sizeof *v);
    if (!v)
        return NULL;
    for (size_t i = 0; i < n; i++)
        v[i] = (named){names[i], i};
    qsort(v, n, sizeof *v, by_name);
    return v;
}

/* ---- units.csv ---- */

/* A value num/den with `places` decimals, or an empty cell when den = 0. */
static void fraction_cell(csvw *w, int64_t num, int64_t den, int places)
{
    int64_t q;
    if (den > 0 && num_ratio_scaled(num, den, places, &q) == 0)
        csvw_fixed(w, q, places);
    else
        csvw_empty(w);
}

/* unit_id, unit_name, one column per per-unit figure (FIGURES_UNIT_COLUMNS), bonus_points,
   and grade when the rules name grades. */
static void write_units(const run_context *rc, csvw *w)
{
    const ledger *l = rc->ledger;
    const figures *f = rc->figures;
    csvw_str(w, "unit_id");
    csvw_str(w, "unit_name");
    for (size_t c = 0; c < FIGURES_UNIT_COLUMN_COUNT; c++)
        csvw_str(w, FIGURES_UNIT_COLUMNS[c].key);
    csvw_str(w, "bonus_points");
    /* the grade (等次) only when the rules name grades */
    const rules *r = rc->bonus ? rc->bonus->rules : NULL;
    int grades = r && rules_grade_count(r) > 0;
    if (grades)
        csvw_str(w, "grade");
    csvw_end_row(w);
    for (size_t i = 0; i < l->n_units; i++) {
        uint32_t u = f->unit_order[i];
        csvw_str(w, l->units[u].id);
        csvw_str(w, l->units[u].name);
        for (size_t c = 0; c < FIGURES_UNIT_COLUMN_COUNT; c++) {
            figures_value v = FIGURES_UNIT_COLUMNS[c].value(&f->units[u]);
            fraction_cell(w, v.num, v.den, FIGURES_UNIT_COLUMNS[c].places);
        }
        if (rc->bonus && u < rc->bonus->n_units)
            csvw_fixed(w, rc->bonus->units[u].total_cents, 2);
        else
            csvw_empty(w);
        if (grades && rc->bonus->units[u].grade >= 0)
            csvw_str(w, rules_grade_name(r, (size_t)rc->bonus->units[u].grade));
        else if (grades)
            csvw_empty(w);
        csvw_end_row(w);
    }
}

/* ---- summary.csv ---- */

size_t tables_summary_count(void)
{
    return FIGURES_CITY_COLUMN_COUNT + 1;
}

tables_summary_row tables_summary(const figures *f, const bonus *b, size_t i)
{
    if (i < FIGURES_CITY_COLUMN_COUNT) {
        const figures_city_column *c = &FIGURES_CITY_COLUMNS[i];
        return (tables_summary_row){c->key, c->label, c->places, c->value(&f->city)};
    }
    return (tables_summary_row){"units_with_bonus", "获得加分的单位数", 0,
                                {bonus_units_with_points(b), b ? 1 : 0}};
}

/* (now − before) / before as a percentage with 2 decimals and its sign ("+12.50",
   "-3.00", "0.00"); empty when either is undefined or before is 0 (base/num.h). */
static void change_cell(csvw *w, figures_value now, figures_value before)
{
    int64_t q;
    if (now.den <= 0 || before.den <= 0 ||
        num_change_percent(now.num, now.den, before.num, before.den, &q) != 0)
        csvw_empty(w);
    else
        csvw_fixed_signed(w, q, 2);
}

static void write_summary(const run_context *rc, csvw *w)
{
    int previous = rc->previous_figures != NULL;
    static const char *const plain[] = {"key", "value", NULL};
    static const char *const compared[] = {"key", "value", "previous", "change", NULL};
    csvw_header(w, previous ? compared : plain);
    for (size_t i = 0; i < tables_summary_count(); i++) {
        tables_summary_row now = tables_summary(rc->figures, rc->bonus, i);
        csvw_str(w, now.key);
        fraction_cell(w, now.value.num, now.value.den, now.places);
        if (previous) {
            tables_summary_row before = tables_summary(rc->previous_figures, rc->previous_bonus, i);
            fraction_cell(w, before.value.num, before.value.den, now.places);
            change_cell(w, now.value, before.value);
        }
        csvw_end_row(w);
    }
}

/* ---- categories, areas, months, campaigns ---- */

static void group_header(csvw *w, const char *first_column)
{
    csvw_str(w, first_column);
    for (size_t c = 0; c < FIGURES_GROUP_COLUMN_COUNT; c++)
        csvw_str(w, FIGURES_GROUP_COLUMNS[c].key);
    csvw_end_row(w);
}

static void group_row(csvw *w, const char *name, const figures_group *g)
{
    csvw_str(w, name);
    for (size_t c = 0; c < FIGURES_GROUP_COLUMN_COUNT; c++) {
        figures_value v = FIGURES_GROUP_COLUMNS[c].value(g);
        fraction_cell(w, v.num, v.den, FIGURES_GROUP_COLUMNS[c].places);
    }
    csvw_end_row(w);
}

/* A group table sorted by its names. Returns 0, -1 when out of memory. */
static int write_groups(csvw *w, const char *first_column, const char *const *names,
                        const figures_group *groups, size_t n)
{
    named *order = sorted_names(names, n);
    if (!order)
        return -1;
    group_header(w, first_column);
    for (size_t i = 0; i < n; i++)
        group_row(w, order[i].name, &groups[order[i].index]);
    mem_free(order);
    return 0;
}

static int write_monthly(const run_context *rc, csvw *w)
{
    group_header(w, "month");
    for (int m = 0; m < 12; m++) {
        char name[16];
        int n = snprintf(name, sizeof name, "%04d-%02d", rc->ledger->year, m + 1);
        if (n < 0 || (size_t)n >= sizeof name)
            return -1;
        group_row(w, name, &rc->figures->months[m]);
    }
    return 0;
}

/* ---- results.csv ---- */

static void write_results(const run_context *rc, csvw *w)
{
    static const char *const header[] = {"indicator", "measure_unit", "quantity", "activities",
                                         NULL};
    const figures *f = rc->figures;
    csvw_header(w, header);
    for (size_t i = 0; i < f->n_results; i++) {   /* figures keeps them in byte order */
        const figures_result *r = &f->results[i];
        int64_t q = r->quantity_e4;
        int places = 4;
        while (places > 0 && q % 10 == 0) {   /* the exact sum, no trailing zeros */
            q /= 10;
            places--;
        }
        csvw_str(w, r->indicator);
        csvw_str(w, r->measure_unit);
        csvw_fixed(w, q, places);
        csvw_int(w, r->activities);
        csvw_end_row(w);
    }
}

/* ---- teams.csv ---- */

static int write_teams(const run_context *rc, csvw *w)
{
    static const char *const own[] = {"team_id", "team_name", "unit_id", "team_type"};
    const ledger *l = rc->ledger;
    const char **ids = mem_alloc((l->n_teams ? l->n_teams : 1) * sizeof *ids);
    if (!ids)
        return -1;
    for (size_t t = 0; t < l->n_teams; t++)
        ids[t] = l->teams[t].id;
    named *order = sorted_names(ids, l->n_teams);
    mem_free(ids);
    if (!order)
        return -1;
    for (size_t c = 0; c < sizeof own / sizeof *own; c++)
        csvw_str(w, own[c]);
    for (size_t c = 0; c < FIGURES_TEAM_COLUMN_COUNT; c++)
        csvw_str(w, FIGURES_TEAM_COLUMNS[c].key);
    csvw_end_row(w);
    for (size_t i = 0; i < l->n_teams; i++) {
        const ledger_team *t = &l->teams[order[i].index];
        const figures_team *ft = &rc->figures->teams[order[i].index];
        csvw_str(w, t->id);
        csvw_str(w, t->name);
        csvw_str(w, l->units[t->unit].id);
        csvw_str(w, LEDGER_TEAM_TYPE_NAMES[t->type]);
        for (size_t c = 0; c < FIGURES_TEAM_COLUMN_COUNT; c++) {
            figures_value v = FIGURES_TEAM_COLUMNS[c].value(ft);
            fraction_cell(w, v.num, v.den, FIGURES_TEAM_COLUMNS[c].places);
        }
        csvw_end_row(w);
    }
    mem_free(order);
    return 0;
}

/* ---- statistics.csv ---- */

static void stat_row(csvw *w, const char *figure, const char *statistic, stats_value v,
                     const char *unit_id)
{
    csvw_str(w, figure);
    csvw_str(w, statistic);
    if (v.defined)
        csvw_fixed(w, v.e4, 4);
    else
        csvw_empty(w);
    csvw_str(w, unit_id);
    csvw_end_row(w);
}

static void count_row(csvw *w, const char *figure, size_t n, int defined)
{
    csvw_str(w, figure);
    csvw_str(w, "n");
    if (defined)
        csvw_int(w, (int64_t)n);
    else
        csvw_empty(w);
    csvw_empty(w);
    csvw_end_row(w);
}

static void summary_rows(csvw *w, const char *figure, const stats_summary *s, int defined)
{
    count_row(w, figure, s->n, defined);
    stat_row(w, figure, "mean", s->mean, NULL);
    stat_row(w, figure, "sd", s->sd, NULL);
    stat_row(w, figure, "min", s->min, NULL);
    stat_row(w, figure, "q1", s->q1, NULL);
    stat_row(w, figure, "median", s->median, NULL);
    stat_row(w, figure, "q3", s->q3, NULL);
    stat_row(w, figure, "max", s->max, NULL);
}

/* The layout (docs/figures.md): figure,statistic,value,unit_id; figures in byte order. */
static void write_statistics(const run_context *rc, csvw *w)
{
    static const char *const header[] = {"figure", "statistic", "value", "unit_id", NULL};
    const stats *s = rc->stats;
    const ledger *l = rc->ledger;
    csvw_header(w, header);
    const char *hours = stats_figure_name(STATS_HOURS_PER_ACTIVE);
    const char *rate = stats_figure_name(STATS_PARTICIPATION_RATE);
    summary_rows(w, stats_figure_name(STATS_BENEFICIARIES), &s->figures[STATS_BENEFICIARIES], 1);
    summary_rows(w, stats_figure_name(STATS_BONUS_POINTS), &s->figures[STATS_BONUS_POINTS],
                 s->have_bonus);
    summary_rows(w, hours, &s->figures[STATS_HOURS_PER_ACTIVE], 1);
    stat_row(w, hours, "upper_fence", s->outlier_fence, NULL);
    for (size_t i = 0; i < s->n_outliers; i++)
        stat_row(w, hours, "outlier", stats_make(s->outlier_values[i]),
                 l->units[s->outliers[i]].id);
    count_row(w, "monthly_person_times", s->trend_n, 1);
    stat_row(w, "monthly_person_times", "slope", s->trend_slope, NULL);
    stat_row(w, "monthly_person_times", "slope_se", s->trend_slope_se, NULL);
    summary_rows(w, rate, &s->figures[STATS_PARTICIPATION_RATE], 1);
    count_row(w, "participation_rate_vs_beneficiaries_per_party_member", s->correlation_n, 1);
    stat_row(w, "participation_rate_vs_beneficiaries_per_party_member", "pearson", s->pearson,
             NULL);
    stat_row(w, "participation_rate_vs_beneficiaries_per_party_member", "spearman",
             s->spearman, NULL);
    summary_rows(w, stats_figure_name(STATS_PERSON_TIMES_PER_MEMBER),
                 &s->figures[STATS_PERSON_TIMES_PER_MEMBER], 1);
    count_row(w, "volunteer_hours", s->concentration_n, 1);
    stat_row(w, "volunteer_hours", "top10_share", s->top10_share, NULL);
    stat_row(w, "volunteer_hours", "gini", s->gini, NULL);
}

/* ---- validation.csv ---- */

static int by_problem(const void *a, const void *b)
{
    return problem_compare(*(const problem *const *)a, *(const problem *const *)b);
}

int tables_problems(csvw *w, const problem_list *pl, int sorted)
{
    static const char *const header[] = {"file", "line", "column", "severity", "code",
                                         "message", "value", NULL};
    const problem **order = mem_alloc((pl->count ? pl->count : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < pl->count; i++)
        order[i] = &pl->items[i];
    if (sorted)
        qsort(order, pl->count, sizeof *order, by_problem);
    csvw_header(w, header);
    for (size_t i = 0; i < pl->count; i++) {
        const problem *p = order[i];
        csvw_str(w, p->file);
        if (p->line) csvw_int(w, p->line); else csvw_empty(w);   /* 0: the file as a whole */
        if (p->column) csvw_int(w, p->column); else csvw_empty(w);
        csvw_str(w, problem_severity_name(p->severity));
        csvw_str(w, p->code);
        csvw_str(w, p->message);
        csvw_str(w, p->value);
        csvw_end_row(w);
    }
    mem_free(order);
    return 0;
}

/* ---- all of them ---- */

static tz_status make_dir(const char *path)
{
    if (mkdir(path, 0777) == 0 || errno == EEXIST)
        return TZ_OK;
    fprintf(stderr, "taizhang: %s: 无法创建输出目录: %s\n", path, strerror(errno));
    return TZ_CANTCREAT;
}

tz_status tables_write(const run_context *rc, const char *dir)
{
    const ledger *l = rc->ledger;
    const figures *f = rc->figures;
    tz_status st = TZ_OK;
    buf sub = BUF_INIT, path = BUF_INIT;
    csvw w;
    if (buf_printf(&sub, "%s/tables", dir) != 0)
        return TZ_NOMEM;
    if ((st = make_dir(sub.data)) != TZ_OK)
        goto out;

#define TABLE(sub, name, fill)                                                \
    do {                                                                      \
        buf_clear(&path);                                                     \
        if ((st = open_table(dir, sub, name, &w, &path)) != TZ_OK)            \
            goto out;                                                         \
        if ((fill) != 0)                                                      \
            w.failed = 1;                                                     \
        if ((st = close_table(&w, &path)) != TZ_OK)                           \
            goto out;                                                         \
    } while (0)

    TABLE("tables/", "units.csv", (write_units(rc, &w), 0));
    TABLE("tables/", "summary.csv", (write_summary(rc, &w), 0));
    TABLE("tables/", "categories.csv",
          write_groups(&w, "category", (const char *const *)l->categories, f->categories,
                       l->n_categories));
    TABLE("tables/", "areas.csv",
          write_groups(&w, "area_type", LEDGER_AREA_NAMES, f->areas, AREA_COUNT));
    TABLE("tables/", "monthly.csv", write_monthly(rc, &w));
    TABLE("tables/", "results.csv", (write_results(rc, &w), 0));
    TABLE("tables/", "campaigns.csv",
          write_groups(&w, "campaign", (const char *const *)l->campaigns, f->campaigns,
                       l->n_campaigns));
    TABLE("tables/", "teams.csv", write_teams(rc, &w));
    TABLE("tables/", "statistics.csv", (write_statistics(rc, &w), 0));
    if (rc->bonus)      /* the rules stage's audit table, beside the others */
        TABLE("tables/", "bonus_audit.csv", bonus_audit_table(&w, rc->bonus, f));
    if (rc->bonus)      /* the notice's table (output/notice), for the office's own lists */
        TABLE("tables/", "notice.csv", notice_table(&w, rc));
    TABLE("", "validation.csv", tables_problems(&w, &rc->ledger->problems, 1));
#undef TABLE
out:
    buf_release(&sub);
    buf_release(&path);
    return st;
}
