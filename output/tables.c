/* output/tables.c — writes the CSV tables of a run from its context. Every table goes to
   its file through output/csvw a megabyte at a time as it is built (bonus_audit.csv runs
   to tens of megabytes at province size); rows sorted by their first column in byte
   order (summary.csv and statistics.csv keep their documented order).
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules, output/csvw, output/supply_csv,
   libc. */
#include "output/tables.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/bonus_audit.h"
#include "output/breakdowns.h"
#include "output/notice.h"
#include "output/csvw.h"
#include "output/supply_csv.h"
#include "pipeline/stats.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* ---- the tables and their columns ---- */

#define END {NULL, NULL, TABLES_END, 0, NULL}
/* a column holding a count named as the per-unit figure at place (FIGURES_VOLUNTEERS) */
#define UNIT_FIGURE(place) {NULL, NULL, TABLES_UNIT_FIGURE, place, NULL}

static const tables_column SUMMARY_COLUMNS[] = {
    {"key", "指标", TABLES_TEXT, 0, NULL},
    {"value", "本年", TABLES_NUMBER, 0, NULL},
    {"previous", "上年", TABLES_NUMBER, 0, NULL},      /* with --previous */
    {"change", "变化（%）", TABLES_CHANGE, 2, NULL},   /* with --previous */
    END,
};

static const tables_column UNIT_COLUMNS[] = {
    {"unit_id", "单位编号", TABLES_ID, 0, NULL},
    {"unit_name", "单位名称", TABLES_TEXT, 0, NULL},
    {NULL, NULL, TABLES_UNIT_FIGURES, 0, NULL},
    {"bonus_points", "考核加分", TABLES_DECIMAL, 2, NULL},
    {"grade", "等次", TABLES_TEXT, 0, NULL},          /* when the rules name grades */
    END,
};

/* categories.csv, areas.csv, monthly.csv and campaigns.csv: a name, then these */
#define GROUP_COLUMNS {NULL, NULL, TABLES_GROUP_FIGURES, 0, NULL}, END

static const tables_column CATEGORY_COLUMNS[] = {
    {"category", "服务类别", TABLES_TEXT, 0, NULL}, GROUP_COLUMNS,
};
static const tables_column AREA_COLUMNS[] = {
    {"area_type", "区域类型", TABLES_TEXT, 0, NULL}, GROUP_COLUMNS,
};
static const tables_column MONTH_COLUMNS[] = {
    {"month", "月份", TABLES_DATE, 0, NULL}, GROUP_COLUMNS,
};
static const tables_column CAMPAIGN_COLUMNS[] = {
    {"campaign", "专项行动", TABLES_TEXT, 0, NULL}, GROUP_COLUMNS,
};

static const tables_column POLITICAL_COLUMNS[] = {
    {"political_status", "政治面貌", TABLES_TEXT, 0, NULL},
    UNIT_FIGURE(FIGURES_VOLUNTEERS),
    UNIT_FIGURE(FIGURES_ACTIVE_VOLUNTEERS),
    END,
};

static const tables_column RATE_BAND_COLUMNS[] = {
    {"participation_rate_band", "党员志愿者参与率区间", TABLES_TEXT, 0, NULL},
    {"units", "单位数", TABLES_INTEGER, 0, NULL},
    END,
};

/* demand_channels.csv and demand_categories.csv: a name, then these */
#define DEMAND_COLUMNS                                                  \
    {"demands", "需求数", TABLES_INTEGER, 0, NULL},                     \
    UNIT_FIGURE(FIGURES_DEMANDS_ANSWERED),                              \
    {"answer_rate", "响应率", TABLES_RATE, 4, NULL}, END

static const tables_column DEMAND_CHANNEL_COLUMNS[] = {
    {"channel", "提出渠道", TABLES_TEXT, 0, NULL}, DEMAND_COLUMNS,
};
static const tables_column DEMAND_CATEGORY_COLUMNS[] = {
    {"category", "服务类别", TABLES_TEXT, 0, NULL}, DEMAND_COLUMNS,
};
#undef DEMAND_COLUMNS

static const tables_column RESPONSE_DAY_COLUMNS[] = {
    {"days_to_answer", "响应天数", TABLES_TEXT, 0, NULL},
    UNIT_FIGURE(FIGURES_DEMANDS_ANSWERED),
    END,
};

static const tables_column MODE_COLUMNS[] = {
    {"mode", "服务方式", TABLES_TEXT, 0, NULL}, GROUP_COLUMNS,
};

static const tables_column BONUS_BAND_COLUMNS[] = {
    {"points_band", "加分区间", TABLES_TEXT, 0, NULL},
    {"from_points", "自（分）", TABLES_DECIMAL, 2, NULL},
    {"to_points", "至（分）", TABLES_DECIMAL, 2, NULL},
    {"units", "单位数", TABLES_INTEGER, 0, NULL},
    END,
};

static const tables_column RULE_COLUMNS[] = {
    {"order", "次序", TABLES_INTEGER, 0, NULL},
    {"rule_id", "规则编号", TABLES_ID, 0, NULL},
    {"label", "规则名称", TABLES_TEXT, 0, NULL},
    {"scoring", "计分方法", TABLES_TEXT, 0, NULL},
    {"cap_points", "上限（分）", TABLES_DECIMAL, 2, NULL},
    END,
};

static const tables_column RESULT_COLUMNS[] = {
    {"indicator", "成效指标", TABLES_TEXT, 0, NULL},
    {"measure_unit", "计量单位", TABLES_TEXT, 0, NULL},
    {"quantity", "数量", TABLES_NUMBER, 0, NULL},
    {"activities", "活动数", TABLES_INTEGER, 0, NULL},
    END,
};

static const tables_column TEAM_COLUMNS[] = {
    {"team_id", "服务队编号", TABLES_ID, 0, NULL},
    {"team_name", "服务队名称", TABLES_TEXT, 0, NULL},
    {"unit_id", "单位编号", TABLES_ID, 0, NULL},
    {"team_type", "服务队类型", TABLES_TEXT, 0, NULL},
    {NULL, NULL, TABLES_TEAM_FIGURES, 0, NULL},
    END,
};

static const tables_column STATISTIC_COLUMNS[] = {
    {"figure", "指标", TABLES_TEXT, 0, NULL},
    {"statistic", "统计量", TABLES_TEXT, 0, NULL},
    {"value", "数值", TABLES_NUMBER, 0, NULL},
    {"unit_id", "单位编号", TABLES_ID, 0, NULL},
    END,
};


/* supply_demand.csv: the columns of pipeline/supply's SUPPLY_COLUMNS */
static const tables_column SUPPLY_TABLE_COLUMNS[] = {
    {NULL, NULL, TABLES_SUPPLY_FIGURES, 0, NULL},
    END,
};

static const tables_column OPEN_DEMAND_COLUMNS[] = {
    {"demand_id", "需求编号", TABLES_ID, 0, NULL},
    {"submitted_on", "提出日期", TABLES_DATE, 0, NULL},
    {"days_open", "至年末未响应天数", TABLES_INTEGER, 0, NULL},
    {"requester", "提出单位（地点）", TABLES_TEXT, 0, NULL},
    {"area_type", "区域", TABLES_TEXT, 0, NULL},
    {"category", "服务类别", TABLES_TEXT, 0, NULL},
    {"channel", "提出渠道", TABLES_TEXT, 0, NULL},
    {"suggested", "建议服务队数", TABLES_INTEGER, 0, NULL},
    {"team_1_id", "建议服务队一编号", TABLES_ID, 0, NULL},
    {"team_1_name", "建议服务队一", TABLES_TEXT, 0, NULL},
    {"team_1_reason", "理由一", TABLES_TEXT, 0, NULL},
    {"team_2_id", "建议服务队二编号", TABLES_ID, 0, NULL},
    {"team_2_name", "建议服务队二", TABLES_TEXT, 0, NULL},
    {"team_2_reason", "理由二", TABLES_TEXT, 0, NULL},
    {"team_3_id", "建议服务队三编号", TABLES_ID, 0, NULL},
    {"team_3_name", "建议服务队三", TABLES_TEXT, 0, NULL},
    {"team_3_reason", "理由三", TABLES_TEXT, 0, NULL},
    END,
};

/* notice.csv: rank, unit, one column of points per rule (its id: notice_rule_column), the
   total and, when the rules name grades, the grade */
static const tables_column NOTICE_COLUMNS[] = {
    {"rank", "名次", TABLES_INTEGER, 0, NULL},
    {"unit_id", "单位编号", TABLES_ID, 0, NULL},
    {"unit_name", "单位名称", TABLES_TEXT, 0, NULL},
    {"bonus_points", "考核加分", TABLES_DECIMAL, 2, NULL},
    {"grade", "等次", TABLES_TEXT, 0, NULL},
    END,
};
static const tables_column NOTICE_RULE_COLUMN = {NULL, NULL, TABLES_DECIMAL, 2, NULL};

static const tables_column PROBLEM_COLUMNS[] = {
    {"file", "文件", TABLES_TEXT, 0, NULL},
    {"line", "行号", TABLES_INTEGER, 0, NULL},
    {"column", "列号", TABLES_INTEGER, 0, NULL},
    {"severity", "严重程度", TABLES_ID, 0, NULL},
    {"code", "问题代码", TABLES_ID, 0, NULL},
    {"message", "说明", TABLES_TEXT, 0, NULL},
    {"value", "原值", TABLES_TEXT, 0, NULL},
    END,
};
#undef GROUP_COLUMNS
#undef UNIT_FIGURE
#undef END

enum {
    T_SUMMARY, T_UNITS, T_BONUS_AUDIT, T_TEAMS, T_CATEGORIES, T_AREAS, T_MONTHLY,
    T_RESULTS, T_CAMPAIGNS, T_STATISTICS, T_SUPPLY_DEMAND, T_OPEN_DEMANDS, T_POLITICAL,
    T_RATE_BANDS, T_DEMAND_CHANNELS, T_DEMAND_CATEGORIES, T_RESPONSE_DAYS, T_MODES,
    T_BONUS_BANDS, T_RULES, T_NOTICE, T_VALIDATION, T_COUNT
};

const tables_table TABLES[] = {
    [T_SUMMARY] = {"tables/summary.csv", "汇总", SUMMARY_COLUMNS, NULL},
    [T_UNITS] = {"tables/units.csv", "各单位", UNIT_COLUMNS, NULL},
    [T_BONUS_AUDIT] = {"tables/bonus_audit.csv", "加分明细", BONUS_AUDIT_COLUMNS, NULL},  /* with rules */
    [T_TEAMS] = {"tables/teams.csv", "服务队", TEAM_COLUMNS, NULL},
    [T_CATEGORIES] = {"tables/categories.csv", "服务类别", CATEGORY_COLUMNS, NULL},
    [T_AREAS] = {"tables/areas.csv", "区域", AREA_COLUMNS, NULL},
    [T_MONTHLY] = {"tables/monthly.csv", "月度", MONTH_COLUMNS, NULL},
    [T_RESULTS] = {"tables/results.csv", "服务成效", RESULT_COLUMNS, NULL},
    [T_CAMPAIGNS] = {"tables/campaigns.csv", "专项行动", CAMPAIGN_COLUMNS, NULL},
    [T_STATISTICS] = {"tables/statistics.csv", "统计量", STATISTIC_COLUMNS, NULL},
    [T_SUPPLY_DEMAND] = {"tables/supply_demand.csv", "供需对照", SUPPLY_TABLE_COLUMNS, NULL},
    [T_OPEN_DEMANDS] = {"tables/open_demands.csv", "待响应需求", OPEN_DEMAND_COLUMNS, NULL},
    [T_POLITICAL] = {"tables/political.csv", "政治面貌", POLITICAL_COLUMNS, NULL},
    [T_RATE_BANDS] = {"tables/participation_bands.csv", "参与率分布", RATE_BAND_COLUMNS, NULL},
    [T_DEMAND_CHANNELS] = {"tables/demand_channels.csv", "需求渠道", DEMAND_CHANNEL_COLUMNS, NULL},
    [T_DEMAND_CATEGORIES] = {"tables/demand_categories.csv", "需求类别", DEMAND_CATEGORY_COLUMNS, NULL},
    [T_RESPONSE_DAYS] = {"tables/response_days.csv", "响应天数", RESPONSE_DAY_COLUMNS, NULL},
    [T_MODES] = {"tables/modes.csv", "服务方式", MODE_COLUMNS, NULL},
    [T_BONUS_BANDS] = {"tables/bonus_bands.csv", "加分分布", BONUS_BAND_COLUMNS, NULL},   /* with rules */
    [T_RULES] = {"tables/rules.csv", "考核细则", RULE_COLUMNS, NULL},                   /* with rules */
    [T_NOTICE] = {"tables/notice.csv", "公示", NOTICE_COLUMNS, &NOTICE_RULE_COLUMN},   /* with rules */
    [T_VALIDATION] = {"validation.csv", "数据问题", PROBLEM_COLUMNS, NULL},
};
const size_t TABLES_COUNT = T_COUNT;

/* How many columns a figures' placeholder stands for (1 for a plain column). */
static size_t expands_to(tables_kind kind)
{
    switch (kind) {
    case TABLES_UNIT_FIGURES: return FIGURES_UNIT_COLUMN_COUNT;
    case TABLES_GROUP_FIGURES: return FIGURES_GROUP_COLUMN_COUNT;
    case TABLES_TEAM_FIGURES: return FIGURES_TEAM_COLUMN_COUNT;
    case TABLES_SUPPLY_FIGURES: return SUPPLY_COL_COUNT;
    default: return 1;
    }
}

/* A figure's column as a table's: integer without decimals, else decimal. */
static tables_column figure_column(const char *key, const char *label, const char *measure,
                                   int places)
{
    return (tables_column){key, label, places ? TABLES_DECIMAL : TABLES_INTEGER, places,
                           measure};
}

size_t tables_column_count(const tables_column *columns)
{
    size_t n = 0;
    for (const tables_column *c = columns; c->kind != TABLES_END; c++)
        n += expands_to(c->kind);
    return n;
}

tables_column tables_column_at(const tables_column *columns, size_t i)
{
    for (const tables_column *c = columns; c->kind != TABLES_END; c++) {
        size_t n = expands_to(c->kind);
        if (i >= n) {
            i -= n;
            continue;
        }
        switch (c->kind) {
        case TABLES_UNIT_FIGURES:
        case TABLES_UNIT_FIGURE: {
            const figures_column *f =
                &FIGURES_UNIT_COLUMNS[c->kind == TABLES_UNIT_FIGURE ? (size_t)c->places : i];
            return figure_column(f->key, f->chinese, f->measure, f->places);
        }
        case TABLES_GROUP_FIGURES: {
            const figures_group_column *f = &FIGURES_GROUP_COLUMNS[i];
            return figure_column(f->key, f->label, NULL, f->places);
        }
        case TABLES_TEAM_FIGURES: {
            const figures_team_column *f = &FIGURES_TEAM_COLUMNS[i];
            return figure_column(f->key, f->label, NULL, f->places);
        }
        case TABLES_SUPPLY_FIGURES: {
            supply_column f = supply_column_at(i);
            if (i == SUPPLY_COL_CATEGORY || i == SUPPLY_COL_AREA)
                return (tables_column){f.name, f.label, TABLES_TEXT, 0, NULL};
            if (i == SUPPLY_COL_ANSWER_RATE || i == SUPPLY_COL_DEMAND_SHARE ||
                i == SUPPLY_COL_SERVICE_SHARE)
                return (tables_column){f.name, f.label, TABLES_RATE, f.places, NULL};
            if (i == SUPPLY_COL_GAP)       /* written with its sign: "+0.0588" */
                return (tables_column){f.name, f.label, TABLES_CHANGE, f.places, NULL};
            return figure_column(f.name, f.label, NULL, f.places);
        }
        default:
            return *c;
        }
    }
    return (tables_column){NULL, NULL, TABLES_END, 0, NULL};
}

const char *tables_other_label(const run_context *rc, const tables_table *t, const char *key)
{
    /* notice.csv's other columns are named by the rules' ids: their labels */
    if (t == &TABLES[T_NOTICE] && rc && rc->rules)
        for (size_t i = 0; i < rules_count(rc->rules); i++)
            if (strcmp(rules_id(rc->rules, i), key) == 0)
                return rules_label(rc->rules, i);
    return key;
}

int tables_column_find(const tables_column *columns, const char *key, size_t n,
                       tables_column *out)
{
    for (size_t i = 0, count = tables_column_count(columns); i < count; i++) {
        tables_column c = tables_column_at(columns, i);
        if (strlen(c.key) == n && memcmp(c.key, key, n) == 0) {
            *out = c;
            return 0;
        }
    }
    return -1;
}

int tables_header(csvw *w, const tables_column *columns, size_t n)
{
    size_t count = tables_column_count(columns);
    for (size_t i = 0; i < count && i < n; i++)
        if (csvw_str(w, tables_column_at(columns, i).key) != 0)
            return -1;
    return csvw_end_row(w);
}

/* ---- writing a table ---- */

/* Creates dir/name and begins w on it (the rows are written as they grow).
   TZ_CANTCREAT with a message; TZ_NOMEM. */
static tz_status open_table(const char *dir, const char *name, csvw *w, buf *path)
{
    FILE *fp = NULL;
    if (buf_printf(path, "%s/%s", dir, name) != 0)
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

/* unit_id, unit_name, one column per per-unit figure (FIGURES_UNIT_COLUMNS), bonus_points,
   and grade when the rules name grades. */
static void write_units(const run_context *rc, csvw *w)
{
    const ledger *l = rc->ledger;
    const figures *f = rc->figures;
    /* the grade (等次), the last column, only when the rules name grades */
    const rules *r = rc->bonus ? rc->bonus->rules : NULL;
    int grades = r && rules_grade_count(r) > 0;
    size_t n = tables_column_count(TABLES[T_UNITS].columns);
    tables_header(w, TABLES[T_UNITS].columns, grades ? n : n - 1);
    for (size_t i = 0; i < l->n_units; i++) {
        uint32_t u = f->unit_order[i];
        csvw_str(w, l->units[u].id);
        csvw_str(w, l->units[u].name);
        for (size_t c = 0; c < FIGURES_UNIT_COLUMN_COUNT; c++) {
            figures_value v = FIGURES_UNIT_COLUMNS[c].value(&f->units[u]);
            csvw_fraction(w, v.num, v.den, FIGURES_UNIT_COLUMNS[c].places);
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
        return (tables_summary_row){c->key, c->label, c->measure, c->kind, c->places,
                                    c->value(&f->city)};
    }
    return (tables_summary_row){"units_with_bonus", "获得考核加分的单位", "个", FIGURES_AMOUNT, 0,
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
    tables_header(w, TABLES[T_SUMMARY].columns, previous ? SIZE_MAX : 2);
    for (size_t i = 0; i < tables_summary_count(); i++) {
        tables_summary_row now = tables_summary(rc->figures, rc->bonus, i);
        csvw_str(w, now.key);
        csvw_fraction(w, now.value.num, now.value.den, now.places);
        if (previous) {
            tables_summary_row before = tables_summary(rc->previous_figures, rc->previous_bonus, i);
            csvw_fraction(w, before.value.num, before.value.den, now.places);
            change_cell(w, now.value, before.value);
        }
        csvw_end_row(w);
    }
}

/* ---- categories, areas, months, campaigns ---- */

static void group_row(csvw *w, const char *name, const figures_group *g)
{
    csvw_str(w, name);
    for (size_t c = 0; c < FIGURES_GROUP_COLUMN_COUNT; c++) {
        figures_value v = FIGURES_GROUP_COLUMNS[c].value(g);
        csvw_fraction(w, v.num, v.den, FIGURES_GROUP_COLUMNS[c].places);
    }
    csvw_end_row(w);
}

/* Group table t sorted by its names. Returns 0, -1 when out of memory. */
static int write_groups(csvw *w, const tables_table *t, const char *const *names,
                        const figures_group *groups, size_t n)
{
    named *order = sorted_names(names, n);
    if (!order)
        return -1;
    tables_header(w, t->columns, SIZE_MAX);
    for (size_t i = 0; i < n; i++)
        group_row(w, order[i].name, &groups[order[i].index]);
    mem_free(order);
    return 0;
}

static int write_monthly(const run_context *rc, csvw *w)
{
    tables_header(w, TABLES[T_MONTHLY].columns, SIZE_MAX);
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
    const figures *f = rc->figures;
    tables_header(w, TABLES[T_RESULTS].columns, SIZE_MAX);
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
    tables_header(w, TABLES[T_TEAMS].columns, SIZE_MAX);
    for (size_t i = 0; i < l->n_teams; i++) {
        const ledger_team *t = &l->teams[order[i].index];
        const figures_team *ft = &rc->figures->teams[order[i].index];
        csvw_str(w, t->id);
        csvw_str(w, t->name);
        csvw_str(w, l->units[t->unit].id);
        csvw_str(w, LEDGER_TEAM_TYPE_NAMES[t->type]);
        for (size_t c = 0; c < FIGURES_TEAM_COLUMN_COUNT; c++) {
            figures_value v = FIGURES_TEAM_COLUMNS[c].value(ft);
            csvw_fraction(w, v.num, v.den, FIGURES_TEAM_COLUMNS[c].places);
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
    const stats *s = rc->stats;
    const ledger *l = rc->ledger;
    tables_header(w, TABLES[T_STATISTICS].columns, SIZE_MAX);
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
    const problem **order = mem_alloc((pl->count ? pl->count : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < pl->count; i++)
        order[i] = &pl->items[i];
    if (sorted)
        qsort(order, pl->count, sizeof *order, by_problem);
    tables_header(w, TABLES[T_VALIDATION].columns, SIZE_MAX);
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

/* ---- the report's small tables (output/breakdowns: the report prints the same) ---- */

static void write_political(const breakdowns *b, csvw *w)
{
    tables_header(w, TABLES[T_POLITICAL].columns, SIZE_MAX);
    for (int k = 0; k < POL_COUNT; k++) {
        csvw_str(w, LEDGER_POLITICAL_NAMES[k]);
        csvw_int(w, b->political[k]);
        csvw_int(w, b->political_active[k]);
        csvw_end_row(w);
    }
}

static void write_rate_bands(const breakdowns *b, csvw *w)
{
    tables_header(w, TABLES[T_RATE_BANDS].columns, SIZE_MAX);
    for (int k = 0; k < BAND_COUNT; k++) {
        csvw_str(w, BREAKDOWNS_RATE_BANDS[k]);
        csvw_int(w, b->bands[k]);
        csvw_end_row(w);
    }
}

/* Table t: name,demands,demands_answered,answer_rate for each row with demands; names[n]
   is the row of demands with no known channel or category. */
static void write_demand_rows(csvw *w, const tables_table *t, const char *const *names,
                              const int64_t *n, const int64_t *answered, size_t count,
                              const char *unknown)
{
    tables_header(w, t->columns, SIZE_MAX);
    for (size_t k = 0; k <= count; k++) {
        if (k == count && n[k] == 0)
            continue;
        csvw_str(w, k < count ? names[k] : unknown);
        csvw_int(w, n[k]);
        csvw_int(w, answered[k]);
        csvw_fraction(w, answered[k], n[k], 4);
        csvw_end_row(w);
    }
}

/* demand_categories.csv: the categories in byte order, as categories.csv; then the
   demands of no known category. */
static int write_demand_categories(const ledger *l, const breakdowns *b, csvw *w)
{
    named *order = sorted_names((const char *const *)l->categories, l->n_categories);
    if (!order)
        return -1;
    tables_header(w, TABLES[T_DEMAND_CATEGORIES].columns, SIZE_MAX);
    for (size_t i = 0; i <= l->n_categories; i++) {
        size_t k = i < l->n_categories ? order[i].index : l->n_categories;
        if (i == l->n_categories && b->category[k] == 0)
            continue;
        csvw_str(w, i < l->n_categories ? l->categories[k] : "未分类");
        csvw_int(w, b->category[k]);
        csvw_int(w, b->category_answered[k]);
        csvw_fraction(w, b->category_answered[k], b->category[k], 4);
        csvw_end_row(w);
    }
    mem_free(order);
    return 0;
}

static void write_response_days(const breakdowns *b, csvw *w)
{
    tables_header(w, TABLES[T_RESPONSE_DAYS].columns, SIZE_MAX);
    for (int k = 0; k < BREAKDOWNS_DAY_BUCKETS; k++) {
        csvw_str(w, BREAKDOWNS_DAY_NAMES[k]);
        csvw_int(w, b->days[k]);
        csvw_end_row(w);
    }
}

static void write_bonus_bands(const breakdowns *b, csvw *w)
{
    tables_header(w, TABLES[T_BONUS_BANDS].columns, SIZE_MAX);
    for (size_t k = 0; k < b->n_point_bands; k++) {
        const breakdowns_band *x = &b->point_bands[k];
        csvw_str(w, x->name);
        csvw_fixed(w, x->from_cents, 2);
        csvw_fixed(w, x->to_cents, 2);
        csvw_int(w, x->units);
        csvw_end_row(w);
    }
}

/* The rules in force as the report's 考核细则 prints them: order, id, label, scoring in
   words, cap; then the total cap and the gate as rows of their own. */
static int write_rules(const rules *ru, csvw *w)
{
    buf text = BUF_INIT;
    tables_header(w, TABLES[T_RULES].columns, SIZE_MAX);
    for (size_t i = 0; i < rules_count(ru); i++) {
        buf_clear(&text);
        if (rules_describe(ru, i, &text) != 0) {
            buf_release(&text);
            return -1;
        }
        csvw_int(w, (int64_t)i + 1);
        csvw_str(w, rules_id(ru, i));
        csvw_str(w, rules_label(ru, i));
        csvw_str(w, text.data ? text.data : "");
        if (rules_cap_cents(ru, i) >= 0)
            csvw_fixed(w, rules_cap_cents(ru, i), 2);
        else
            csvw_empty(w);
        csvw_end_row(w);
    }
    buf_clear(&text);
    if (rules_describe_gate(ru, &text) != 0) {
        buf_release(&text);
        return -1;
    }
    if (text.len > 0) {
        csvw_empty(w);
        csvw_str(w, "gate");
        csvw_str(w, "门槛");
        csvw_str(w, text.data);
        csvw_empty(w);
        csvw_end_row(w);
    }
    if (rules_total_cap_cents(ru) >= 0) {
        csvw_empty(w);
        csvw_str(w, "total_cap");
        csvw_str(w, "总分上限");
        csvw_str(w, "各条上限后得分按规则先后次序相加，超出部分从后面的规则扣除");
        csvw_fixed(w, rules_total_cap_cents(ru), 2);
        csvw_end_row(w);
    }
    buf_release(&text);
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
    breakdowns *bd = NULL;
    csvw w;
    if (buf_printf(&sub, "%s/tables", dir) != 0)
        return TZ_NOMEM;
    if ((st = make_dir(sub.data)) != TZ_OK)
        goto out;

#define TABLE(t, fill)                                                        \
    do {                                                                      \
        buf_clear(&path);                                                     \
        if ((st = open_table(dir, TABLES[t].path, &w, &path)) != TZ_OK)       \
            goto out;                                                         \
        if ((fill) != 0)                                                      \
            w.failed = 1;                                                     \
        if ((st = close_table(&w, &path)) != TZ_OK)                           \
            goto out;                                                         \
    } while (0)

    TABLE(T_UNITS, (write_units(rc, &w), 0));
    TABLE(T_SUMMARY, (write_summary(rc, &w), 0));
    TABLE(T_CATEGORIES,
          write_groups(&w, &TABLES[T_CATEGORIES], (const char *const *)l->categories, f->categories,
                       l->n_categories));
    TABLE(T_AREAS,
          write_groups(&w, &TABLES[T_AREAS], LEDGER_AREA_NAMES, f->areas, AREA_COUNT));
    TABLE(T_MONTHLY, write_monthly(rc, &w));
    TABLE(T_RESULTS, (write_results(rc, &w), 0));
    TABLE(T_CAMPAIGNS,
          write_groups(&w, &TABLES[T_CAMPAIGNS], (const char *const *)l->campaigns, f->campaigns,
                       l->n_campaigns));
    TABLE(T_TEAMS, write_teams(rc, &w));
    TABLE(T_STATISTICS, (write_statistics(rc, &w), 0));
    if (rc->bonus)      /* the rules stage's audit table, beside the others */
        TABLE(T_BONUS_AUDIT, bonus_audit_table(&w, rc->bonus, f));
    if (rc->supply) {   /* demand against supply (output/supply_csv) */
        TABLE(T_SUPPLY_DEMAND, tables_header(&w, TABLES[T_SUPPLY_DEMAND].columns, SIZE_MAX) ||
                                   supply_csv_cells(&w, rc->supply));
        TABLE(T_OPEN_DEMANDS, tables_header(&w, TABLES[T_OPEN_DEMANDS].columns, SIZE_MAX) ||
                                  supply_csv_open(&w, rc->supply));
    }
    if (rc->bonus)      /* the notice's table (output/notice), for the office's own lists */
        TABLE(T_NOTICE, notice_table(&w, rc));
    TABLE(T_VALIDATION, tables_problems(&w, &rc->ledger->problems, 1));

    /* the report's small tables (output/breakdowns: the report prints the same) */
    if ((st = breakdowns_compute(rc, &bd)) != TZ_OK)
        goto out;
    TABLE(T_POLITICAL, (write_political(bd, &w), 0));
    TABLE(T_RATE_BANDS, (write_rate_bands(bd, &w), 0));
    TABLE(T_DEMAND_CHANNELS,
          (write_demand_rows(&w, &TABLES[T_DEMAND_CHANNELS], LEDGER_CHANNEL_NAMES, bd->channel,
                             bd->channel_answered, CHANNEL_COUNT, "未填写"), 0));
    TABLE(T_DEMAND_CATEGORIES, write_demand_categories(l, bd, &w));
    TABLE(T_RESPONSE_DAYS, (write_response_days(bd, &w), 0));
    TABLE(T_MODES, write_groups(&w, &TABLES[T_MODES], LEDGER_MODE_NAMES, bd->mode, MODE_COUNT));
    if (rc->bonus)
        TABLE(T_BONUS_BANDS, (write_bonus_bands(bd, &w), 0));
    if (rc->rules)
        TABLE(T_RULES, write_rules(rc->rules, &w));
#undef TABLE
out:
    breakdowns_free(bd);
    buf_release(&sub);
    buf_release(&path);
    return st;
}
