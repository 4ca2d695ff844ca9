/* pipeline/supply.c — demand against supply per category × area type (supply.h): one pass
   over the demands, one over the activities, one over the participation rows grouped by
   activity (for the distinct activities of each team's members).
   May call: base/, input/ledger, pipeline/figures. */
#include "pipeline/supply.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/utf8.h"

#include <stdlib.h>
#include <string.h>

const supply_column SUPPLY_COLUMNS[SUPPLY_COL_COUNT] = {
    {"rank", "排序", 0, NULL},
    {"category", "服务类别", 0, NULL},
    {"area_type", "区域", 0, NULL},
    {"demands", "需求（项）", 0, NULL},
    {"answered", "已响应（项）", 0, NULL},
    {"open", "未响应（项）", 0, NULL},
    {"answer_rate", "响应率", 4, NULL},
    {"median_days_to_answer", "响应天数中位数", 1, NULL},
    [SUPPLY_COL_ACTIVITIES] = {NULL, NULL, 0, &FIGURES_GROUP_COLUMNS[FIGURES_GROUP_ACTIVITIES]},
    [SUPPLY_COL_PERSON_TIMES] = {NULL, NULL, 0, &FIGURES_GROUP_COLUMNS[FIGURES_GROUP_PERSON_TIMES]},
    [SUPPLY_COL_HOURS] = {NULL, NULL, 0, &FIGURES_GROUP_COLUMNS[FIGURES_GROUP_HOURS]},
    {"teams", "以此为服务领域的服务队（支）", 0, NULL},
    {"skilled_volunteers", "特长志愿者（人）", 0, NULL},
    {"skilled_active_volunteers", "其中本年参加服务（人）", 0, NULL},
    {"demand_share", "需求占比", 4, NULL},
    {"service_share", "活动占比", 4, NULL},
    {"gap", "缺口", 4, NULL},
};

supply_column supply_column_at(size_t i)
{
    supply_column c = SUPPLY_COLUMNS[i];
    if (c.same_as)
        c = (supply_column){c.same_as->key, c.same_as->label, c.same_as->places, c.same_as};
    return c;
}

int supply_is_separator(uint32_t c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 /* 全角空格 */ ||
           c == 0x3001 /* 、 */ || c == ',' || c == 0xFF0C /* ， */ || c == ';' ||
           c == 0xFF1B /* ； */ || c == '/';
}

int supply_next_name(const char **p, const char *end, const char **name, size_t *n)
{
    const char *s = *p;
    uint32_t c;
    size_t k;
    while (s < end && (k = utf8_decode(s, (size_t)(end - s), &c)) != 0 && supply_is_separator(c))
        s += k;
    if (s >= end) {
        *p = end;
        return 0;
    }
    const char *start = s;
    while (s < end) {
        k = utf8_decode(s, (size_t)(end - s), &c);
        if (k == 0)
            k = 1;             /* a stray byte belongs to the name */
        else if (supply_is_separator(c))
            break;
        s += k;
    }
    *name = start;
    *n = (size_t)(s - start);
    *p = s;
    return 1;
}

void supply_free(supply *s)
{
    if (!s)
        return;
    mem_free(s->cells);
    mem_free(s->ranked);
    mem_free(s->team_activities);
    mem_free(s->team_specialty);
    mem_free(s->team_skilled);
    for (size_t i = 0; i < s->n_open; i++)
        for (size_t k = 0; k < s->open[i].n_picks; k++)
            mem_free(s->open[i].picks[k].reason);
    mem_free(s->open);
    mem_free(s);
}

int64_t supply_gap_scaled(const supply *s, const supply_cell *c, int places)
{
    int64_t q = 0;
    if (num_ratio_scaled(c->gap_num, s->gap_den, places, &q) != 0)
        return 0;
    return q;
}

static int by_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* Demands: raised, answered, open and the median days to answer, per cell. */
static tz_status count_demands(supply *s)
{
    const ledger *l = s->ledger;
    const figures *f = s->figures;
    int64_t *days = mem_alloc((l->n_demands ? l->n_demands : 1) * sizeof *days);
    if (!days)
        return TZ_NOMEM;
    for (size_t d = 0; d < l->n_demands; d++) {
        const ledger_demand *dm = &l->demands[d];
        supply_cell *c = &s->cells[supply_cell_at((size_t)dm->category, dm->area)];
        c->demands++;
        if (f->demand_first_activity[d] != LEDGER_NONE)
            c->answered++;
        else
            c->open++;
    }
    /* the median per cell, over its answered demands (figures.md: median_response_days) */
    for (size_t i = 0; i < s->n_categories * AREA_COUNT; i++) {
        supply_cell *c = &s->cells[i];
        c->median_half_days = -1;
        if (c->answered == 0)
            continue;
        size_t n = 0;
        for (size_t d = 0; d < l->n_demands; d++) {
            const ledger_demand *dm = &l->demands[d];
            int32_t a = f->demand_first_activity[d];
            if (a != LEDGER_NONE && supply_cell_at((size_t)dm->category, dm->area) == i)
                days[n++] = (int64_t)l->activities[a].date - dm->submitted_on;
        }
        qsort(days, n, sizeof *days, by_i64);
        c->median_half_days = n % 2 ? 2 * days[n / 2] : days[n / 2 - 1] + days[n / 2];
    }
    mem_free(days);
    return TZ_OK;
}

/* Service: activities, person-times and hours per cell, and each team's distinct
   activities per cell (its members' participation rows, an activity at a time). */
static tz_status count_service(supply *s)
{
    const ledger *l = s->ledger;
    size_t na = l->n_activities, nc = s->n_categories;
    tz_status st = TZ_NOMEM;
    size_t *start = mem_calloc(na + 1, sizeof *start);
    uint32_t *rows = mem_alloc((l->n_participation ? l->n_participation : 1) * sizeof *rows);
    int64_t *last = mem_alloc((l->n_teams ? l->n_teams : 1) * sizeof *last);
    if (!start || !rows || !last)
        goto out;
    for (size_t a = 0; a < na; a++)
        s->cells[supply_cell_at((size_t)l->activities[a].category, l->activities[a].area)].activities++;
    for (size_t r = 0; r < l->n_participation; r++) {
        const ledger_participation *p = &l->participation[r];
        const ledger_activity *a = &l->activities[p->activity];
        supply_cell *c = &s->cells[supply_cell_at((size_t)a->category, a->area)];
        c->person_times++;
        c->hours_tenths += p->hours_tenths;
        start[p->activity + 1]++;
    }
    for (size_t a = 0; a < na; a++)
        start[a + 1] += start[a];
    for (size_t r = l->n_participation; r-- > 0;)
        rows[--start[l->participation[r].activity + 1]] = (uint32_t)r;
    /* start[a + 1] has moved down to start[a]'s old end: rows of a are [start[a+1] ..) */
    for (size_t t = 0; t < l->n_teams; t++)
        last[t] = -1;
    for (size_t a = 0; a < na; a++) {
        const ledger_activity *act = &l->activities[a];
        size_t from = start[a + 1], to = a + 1 < na ? start[a + 2] : l->n_participation;
        for (size_t k = from; k < to; k++) {
            int32_t t = l->volunteers[l->participation[rows[k]].volunteer].team;
            if (t == LEDGER_NONE || last[t] == (int64_t)a)
                continue;
            last[t] = (int64_t)a;
            s->team_activities[((size_t)t * nc + (size_t)act->category) * AREA_COUNT + act->area]++;
        }
    }
    st = TZ_OK;
out:
    mem_free(start);
    mem_free(rows);
    mem_free(last);
    return st;
}

/* Teams whose 服务领域 names a category (one or several names, as 特长 are written). */
static void count_teams(supply *s)
{
    const ledger *l = s->ledger;
    for (size_t t = 0; t < l->n_teams; t++) {
        const char *p = l->teams[t].specialty, *end = p ? p + strlen(p) : NULL, *name;
        size_t n;
        while (p && supply_next_name(&p, end, &name, &n))
            for (size_t k = 0; k < s->n_categories; k++)
                if (strlen(l->categories[k]) == n && memcmp(l->categories[k], name, n) == 0)
                    s->team_specialty[t * s->n_categories + k] = 1;
    }
    for (size_t k = 0; k < s->n_categories; k++) {
        int64_t teams = 0;
        for (size_t t = 0; t < l->n_teams; t++)
            teams += s->team_specialty[t * s->n_categories + k];
        for (int a = 0; a < AREA_COUNT; a++)
            s->cells[supply_cell_at(k, (area_type)a)].teams = teams;
    }
}

static const supply *rank_ctx;

/* By gap (largest first), then open demands, demands, category and area in ledger order. */
static int by_gap(const void *a, const void *b)
{
    const supply_cell *x = &rank_ctx->cells[*(const size_t *)a];
    const supply_cell *y = &rank_ctx->cells[*(const size_t *)b];
    if (x->gap_num != y->gap_num) return x->gap_num > y->gap_num ? -1 : 1;
    if (x->open != y->open) return x->open > y->open ? -1 : 1;
    if (x->demands != y->demands) return x->demands > y->demands ? -1 : 1;
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    return i < j ? -1 : i > j;
}

/* The gap of every cell and the ranking of the cells with a demand or an activity. */
static tz_status rank_cells(supply *s)
{
    const ledger *l = s->ledger;
    int64_t demands = s->demands = (int64_t)l->n_demands;
    int64_t activities = s->activities = (int64_t)l->n_activities;
    int64_t dd = demands ? demands : 1, aa = activities ? activities : 1;
    if (__builtin_mul_overflow(dd, aa, &s->gap_den))
        return TZ_SOFTWARE;
    size_t n = s->n_categories * AREA_COUNT;
    for (size_t i = 0; i < n; i++) {
        supply_cell *c = &s->cells[i];
        int64_t x, y;
        if (__builtin_mul_overflow(c->demands, aa, &x) ||
            __builtin_mul_overflow(c->activities, dd, &y))
            return TZ_SOFTWARE;
        c->gap_num = x - y;
        if (c->demands > 0 || c->activities > 0)
            s->ranked[s->n_ranked++] = i;
    }
    rank_ctx = s;
    qsort(s->ranked, s->n_ranked, sizeof *s->ranked, by_gap);
    rank_ctx = NULL;
    for (size_t r = 0; r < s->n_ranked; r++)
        s->cells[s->ranked[r]].rank = r + 1;
    return TZ_OK;
}

tz_status supply_compute(const figures *f, supply **out)
{
    const ledger *l = f->ledger;
    tz_status st = TZ_NOMEM;
    *out = NULL;
    supply *s = mem_calloc(1, sizeof *s);
    if (!s)
        return TZ_NOMEM;
    s->ledger = l;
    s->figures = f;
    s->n_categories = l->n_categories;
    size_t ncells = l->n_categories * AREA_COUNT;
    size_t nteam = l->n_teams * l->n_categories;
    s->cells = mem_calloc(ncells ? ncells : 1, sizeof *s->cells);
    s->ranked = mem_alloc((ncells ? ncells : 1) * sizeof *s->ranked);
    s->team_activities = mem_calloc(nteam ? nteam * AREA_COUNT : 1, sizeof *s->team_activities);
    s->team_specialty = mem_calloc(nteam ? nteam : 1, 1);
    if (!s->cells || !s->ranked || !s->team_activities || !s->team_specialty)
        goto out;
    for (size_t k = 0; k < l->n_categories; k++)
        for (int a = 0; a < AREA_COUNT; a++) {
            s->cells[supply_cell_at(k, (area_type)a)].category = (int32_t)k;
            s->cells[supply_cell_at(k, (area_type)a)].area = (area_type)a;
        }
    if ((st = count_demands(s)) != TZ_OK || (st = count_service(s)) != TZ_OK)
        goto out;
    count_teams(s);
    if ((st = rank_cells(s)) != TZ_OK)
        goto out;
    *out = s;
    s = NULL;
out:
    supply_free(s);
    return st;
}
