/* tests/unit/charts_fixture.h — a run's ledger, figures and bonus points filled in memory, for
   tests of the output stage that must not depend on the input, figures or rules code.
   Only what the outputs read is filled; the rest stays zero. Header-only (static). */
#ifndef TZ_CHARTS_FIXTURE_H
#define TZ_CHARTS_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "output/run.h"
#include "pipeline/supply.h"
#include "rules/rules.h"

typedef struct fixture {
    ledger l, prev_l;
    figures f, prev_f;
    bonus b;
    supply sup;                /* filled by fx_supply only */
    run_options opt;
    run_context rc;
} fixture;

static const char *const FX_CATEGORIES[] = {"医疗卫生", "畜牧养殖", "疫病防治", "党员教育",
                                            "法律宣传", "计生宣传", "文化服务", "科技宣传",
                                            "扶贫帮困", "环境整治", "植树造林", "其他"};
#define FX_N_CATEGORIES 12

/* Days since 1970-01-01 of y-m-d (proleptic Gregorian), for activity and demand dates. */
static ledger_date fx_date(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* An empty run of `year` with n units (names "单位1"...), n_volunteers volunteers and the
   twelve categories; everything zero. */
static fixture *fx_new(int year, size_t n_units, size_t n_volunteers, size_t n_categories)
{
    fixture *x = mem_calloc(1, sizeof *x);
    x->l.year = year;
    x->l.n_units = n_units;
    x->l.units = mem_calloc(n_units + 1, sizeof *x->l.units);
    for (size_t u = 0; u < n_units; u++) {
        char id[32], name[48];
        snprintf(id, sizeof id, "U%03zu", u + 1);
        snprintf(name, sizeof name, "单位%zu", u + 1);
        x->l.units[u].id = mem_strdup(id);
        x->l.units[u].name = mem_strdup(name);
    }
    x->l.n_volunteers = n_volunteers;
    x->l.volunteers = mem_calloc(n_volunteers + 1, sizeof *x->l.volunteers);
    x->l.n_categories = n_categories;
    x->l.categories = mem_calloc(n_categories + 1, sizeof *x->l.categories);
    for (size_t k = 0; k < n_categories; k++) {
        char name[96];
        snprintf(name, sizeof name, "第%zu类农牧民实用技术培训与推广服务", k + 1);
        x->l.categories[k] = mem_strdup(k < FX_N_CATEGORIES ? FX_CATEGORIES[k] : name);
    }
    x->f.ledger = &x->l;
    x->f.units = mem_calloc(n_units + 1, sizeof *x->f.units);
    x->f.categories = mem_calloc(n_categories + 1, sizeof *x->f.categories);
    x->f.volunteer_hours_tenths = mem_calloc(n_volunteers + 1, sizeof(int64_t));
    x->f.city.units = (int64_t)n_units;
    x->f.city.median_response_half_days = -1;
    x->b.n_units = n_units;
    x->b.units = mem_calloc(n_units + 1, sizeof *x->b.units);
    x->opt.out_dir = "out";
    x->rc.opt = &x->opt;
    x->rc.ledger = &x->l;
    x->rc.figures = &x->f;
    x->rc.bonus = &x->b;
    return x;
}

static void fx_set_name(fixture *x, size_t u, const char *name)
{
    mem_free(x->l.units[u].name);
    x->l.units[u].name = mem_strdup(name);
}

/* A unit's figures; the city totals are summed as they are set. */
static void fx_unit(fixture *x, size_t u, int64_t party_members, int64_t party_volunteers,
                    int64_t volunteers, int64_t beneficiaries, int64_t bonus_cents)
{
    figures_unit *fu = &x->f.units[u];
    fu->party_members = party_members;
    fu->party_volunteers = party_volunteers;
    fu->volunteers = volunteers;
    fu->beneficiaries = beneficiaries;
    x->f.city.party_members += party_members;
    x->f.city.party_volunteers += party_volunteers;
    x->f.city.volunteers += volunteers;
    x->f.city.beneficiaries += beneficiaries;
    x->b.units[u].total_cents = bonus_cents;
}

/* A unit's active volunteers and hours (tenths). */
static void fx_hours(fixture *x, size_t u, int64_t active, int64_t hours_tenths)
{
    x->f.units[u].active_volunteers = active;
    x->f.units[u].hours_tenths = hours_tenths;
    x->f.city.active_volunteers += active;
    x->f.city.hours_tenths += hours_tenths;
}

/* Adds demand d of category k submitted on `on`, answered by a new activity dated
   on + days_to_answer (days_to_answer < 0: open). */
static void fx_demand(fixture *x, int32_t k, ledger_date on, int days_to_answer)
{
    size_t d = x->l.n_demands++;
    x->l.demands = mem_realloc(x->l.demands, x->l.n_demands * sizeof *x->l.demands);
    x->f.demand_first_activity = mem_realloc(x->f.demand_first_activity,
                                             x->l.n_demands * sizeof(int32_t));
    memset(&x->l.demands[d], 0, sizeof x->l.demands[d]);
    x->l.demands[d].category = k;
    x->l.demands[d].submitted_on = on;
    x->f.demand_first_activity[d] = LEDGER_NONE;
    x->f.city.demands++;
    if (days_to_answer >= 0) {
        size_t a = x->l.n_activities++;
        x->l.activities = mem_realloc(x->l.activities, x->l.n_activities * sizeof *x->l.activities);
        memset(&x->l.activities[a], 0, sizeof x->l.activities[a]);
        x->l.activities[a].date = on + days_to_answer;
        x->l.activities[a].demand = (int32_t)d;
        x->f.demand_first_activity[d] = (int32_t)a;
        x->f.city.demands_answered++;
    }
}

static void fx_result(fixture *x, const char *indicator, const char *measure_unit,
                      int64_t quantity_e4, int64_t activities)
{
    size_t i = x->f.n_results++;
    x->f.results = mem_realloc(x->f.results, x->f.n_results * sizeof *x->f.results);
    x->f.results[i] = (figures_result){indicator, measure_unit, quantity_e4, activities};
}

/* Last year's ledger and figures, months only. */
static void fx_previous(fixture *x, const int64_t *activities, const int64_t *person_times)
{
    x->prev_l.year = x->l.year - 1;
    x->prev_f.ledger = &x->prev_l;
    for (int m = 0; m < 12; m++) {
        x->prev_f.months[m].activities = activities[m];
        x->prev_f.months[m].person_times = person_times[m];
    }
    x->rc.previous = &x->prev_l;
    x->rc.previous_figures = &x->prev_f;
}

static void fx_free(fixture *x)
{
    if (!x)
        return;
    for (size_t u = 0; u < x->l.n_units; u++) {
        mem_free(x->l.units[u].id);
        mem_free(x->l.units[u].name);
    }
    for (size_t k = 0; k < x->l.n_categories; k++)
        mem_free(x->l.categories[k]);
    mem_free(x->l.units);
    mem_free(x->l.volunteers);
    mem_free(x->l.categories);
    mem_free(x->l.demands);
    mem_free(x->l.activities);
    mem_free(x->f.units);
    mem_free(x->f.categories);
    mem_free(x->f.volunteer_hours_tenths);
    mem_free(x->f.demand_first_activity);
    mem_free(x->f.results);
    mem_free(x->b.units);
    mem_free(x->sup.cells);
    mem_free(x->sup.ranked);
    mem_free(x);
}

/* Demand against supply by hand: cells (category, area, demands, activities) given in
   their rank order; gap_num = d·A − a·D with the year's D demands and A activities. */
typedef struct fx_cell { int32_t category; area_type area; int64_t demands, activities; } fx_cell;

static void fx_supply(fixture *x, const fx_cell *cells, size_t n, int64_t D, int64_t A)
{
    supply *s = &x->sup;
    s->ledger = &x->l;
    s->figures = &x->f;
    s->n_categories = x->l.n_categories;
    s->cells = mem_calloc(s->n_categories * AREA_COUNT, sizeof *s->cells);
    s->ranked = mem_calloc(n, sizeof *s->ranked);
    s->demands = D;
    s->activities = A;
    s->gap_den = D * A;
    for (size_t i = 0; i < n; i++) {
        size_t at = (size_t)cells[i].category * AREA_COUNT + cells[i].area;
        supply_cell *c = &s->cells[at];
        c->category = cells[i].category;
        c->area = cells[i].area;
        c->demands = cells[i].demands;
        c->activities = cells[i].activities;
        c->gap_num = c->demands * A - c->activities * D;
        c->rank = i + 1;
        s->ranked[s->n_ranked++] = at;
    }
    x->rc.supply = s;
}

/* ---- the sets the chart tests draw ------------------------------------------------------- */

/* Six units worked out by hand (see test_charts.c for the values drawn from them). */
static fixture *fx_small(void)
{
    fixture *x = fx_new(2025, 6, 20, FX_N_CATEGORIES);
    static const char *const NAMES[] = {"第一社区党支部", "林业站党支部", "牧业公司党委",
                                        "农业服务中心党总支", "税务所党支部", "图书馆党支部"};
    for (size_t u = 0; u < 6; u++)
        fx_set_name(x, u, NAMES[u]);
    /*            pm  pv  vol  ben  bonus */
    fx_unit(x, 0, 20, 8, 12, 300, 300);   /* 40 %, 15 per member, 3.00 */
    fx_unit(x, 1, 10, 2, 5, 40, 120);     /* 20 %, 4 per member, 1.20 */
    fx_unit(x, 2, 50, 5, 9, 100, 50);     /* 10 %, 2 per member, 0.50 */
    fx_unit(x, 3, 8, 6, 6, 160, 230);     /* 75 %, 20 per member, 2.30 */
    fx_unit(x, 4, 0, 0, 2, 0, 0);         /* no party members: rate undefined */
    fx_unit(x, 5, 12, 3, 0, 0, 0);        /* 25 %, no volunteers: not in the scatter */
    /* hours per active volunteer: 12.0, 7.5, 6.0, 18.0, 4.5; the sixth unit has none */
    fx_hours(x, 0, 10, 1200);
    fx_hours(x, 1, 4, 300);
    fx_hours(x, 2, 8, 480);
    fx_hours(x, 3, 6, 1080);
    fx_hours(x, 4, 2, 90);
    /* hours of 20 volunteers (tenths); 4 of them inactive */
    static const int64_t H[20] = {20, 35, 40, 40, 55, 60, 80, 80, 95, 120,
                                  120, 150, 180, 240, 300, 420, 0, 0, 0, 0};
    for (size_t v = 0; v < 20; v++)
        x->f.volunteer_hours_tenths[v] = H[v];
    /* categories: person-times and beneficiaries for five of the twelve */
    x->f.categories[0] = (figures_group){6, 40, 800, 180};     /* 医疗卫生 */
    x->f.categories[3] = (figures_group){4, 25, 500, 60};      /* 党员教育 */
    x->f.categories[9] = (figures_group){8, 60, 1500, 240};    /* 环境整治 */
    x->f.categories[10] = (figures_group){3, 30, 900, 20};     /* 植树造林 */
    x->f.categories[1] = (figures_group){2, 12, 300, 100};     /* 畜牧养殖 */
    x->f.areas[AREA_COMMUNITY] = (figures_group){9, 70, 1600, 310};
    x->f.areas[AREA_FOREST] = (figures_group){4, 32, 900, 30};
    x->f.areas[AREA_PASTORAL] = (figures_group){5, 40, 800, 160};
    x->f.areas[AREA_FARM] = (figures_group){3, 15, 500, 90};
    x->f.areas[AREA_STATION] = (figures_group){2, 10, 200, 10};
    static const int64_t MA[12] = {1, 1, 2, 3, 2, 3, 1, 2, 2, 3, 2, 1};
    static const int64_t MP[12] = {8, 6, 15, 22, 14, 25, 9, 16, 18, 21, 10, 3};
    for (int m = 0; m < 12; m++) {
        x->f.months[m].activities = MA[m];
        x->f.months[m].person_times = MP[m];
    }
    x->f.city.activities = 23;
    x->f.city.person_times = 167;
    ledger_date jan = fx_date(2025, 1, 10);
    fx_demand(x, 0, jan, 3);
    fx_demand(x, 0, jan, 9);
    fx_demand(x, 0, jan, -1);
    fx_demand(x, 9, jan, 5);
    fx_demand(x, 9, jan, 7);
    fx_demand(x, 9, jan, -1);
    fx_demand(x, 9, jan, -1);
    fx_demand(x, 10, jan, 20);
    x->f.city.median_response_half_days = 14;   /* days 3 5 7 9 20: median 7 */
    fx_result(x, "植树", "棵", 1200LL * 10000, 3);
    fx_result(x, "清理垃圾", "车", 35LL * 10000, 5);
    fx_result(x, "新建栅栏", "米", 8605LL * 1000, 2);
    fx_result(x, "清淤", "立方米", 125000LL * 10000, 1);
    fx_result(x, "义诊", "人次", 260LL * 10000, 4);
    /* 8 demands, 23 activities: gap_num = 23d − 8a: 28, 21, −1, −16, −32 */
    static const fx_cell CELLS[] = {{9, AREA_COMMUNITY, 4, 8}, {0, AREA_PASTORAL, 3, 6},
                                    {10, AREA_FOREST, 1, 3}, {1, AREA_PASTORAL, 0, 2},
                                    {3, AREA_COMMUNITY, 0, 4}};
    fx_supply(x, CELLS, 5, 8, 23);
    return x;
}

/* No units, no categories, nothing at all. */
static fixture *fx_nothing(void)
{
    return fx_new(2025, 0, 0, 0);
}

/* One unit with a little of everything. */
static fixture *fx_one(void)
{
    fixture *x = fx_new(2025, 1, 3, FX_N_CATEGORIES);
    fx_set_name(x, 0, "嘎查党支部");
    fx_unit(x, 0, 15, 6, 3, 90, 150);
    fx_hours(x, 0, 3, 235);
    x->f.volunteer_hours_tenths[0] = 35;
    x->f.volunteer_hours_tenths[1] = 80;
    x->f.volunteer_hours_tenths[2] = 120;
    x->f.categories[4] = (figures_group){2, 6, 235, 90};
    x->f.areas[AREA_PASTORAL] = (figures_group){2, 6, 235, 90};
    x->f.months[4] = (figures_group){1, 3, 100, 40};
    x->f.months[8] = (figures_group){1, 3, 135, 50};
    fx_demand(x, 4, fx_date(2025, 4, 1), 40);
    x->f.city.median_response_half_days = 80;
    fx_result(x, "法律咨询", "人次", 45LL * 10000, 1);
    return x;
}

/* Five units and every figure zero. */
static fixture *fx_zero(void)
{
    fixture *x = fx_new(2025, 5, 10, FX_N_CATEGORIES);
    for (size_t u = 0; u < 5; u++)
        fx_unit(x, u, 10, 0, 0, 0, 0);
    return x;
}

/* A fixed pseudo-random sequence (an LCG), 0..9999. */
static uint32_t fx_next(uint32_t *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) % 10000u;
}

/* 400 units with long names and varied figures (a fixed pseudo-random sequence), 6000
   volunteers, 30 categories (18 with long names), 90 demands, 20 results, last year's
   months. */
static fixture *fx_many(void)
{
    fixture *x = fx_new(2025, 400, 6000, 30);
    uint32_t s = 12345;
#define FX_NEXT() fx_next(&s)
    for (size_t u = 0; u < 400; u++) {
        char name[160];
        snprintf(name, sizeof name, "锡林郭勒盟第%zu苏木镇人民政府机关党总支第%zu党支部志愿服务队",
                 u % 37 + 1, u + 1);
        fx_set_name(x, u, name);
        int64_t pm = (int64_t)(FX_NEXT() % 120);
        int64_t pv = pm ? (int64_t)(FX_NEXT() % (uint32_t)(pm + 1)) : 0;
        int64_t vol = pv + (int64_t)(FX_NEXT() % 30);
        int64_t ben = (int64_t)(FX_NEXT() % 4000) * (pv + 1) / 10;
        int64_t points = (int64_t)(FX_NEXT() % 301);
        fx_unit(x, u, pm, pv, vol, ben, u % 7 == 0 ? 0 : points);
        int64_t active = vol ? (int64_t)(FX_NEXT() % (uint32_t)(vol + 1)) : 0;
        fx_hours(x, u, active, active * (int64_t)(FX_NEXT() % 400 + 5));
    }
    for (size_t v = 0; v < 6000; v++)
        x->f.volunteer_hours_tenths[v] = v % 9 == 0 ? 0 : (int64_t)(FX_NEXT() % 600) + 10;
    x->f.units[17].hours_tenths = x->f.units[17].active_volunteers * 2400;   /* far out */
    for (size_t k = 0; k < 30; k++) {
        int64_t pt = (int64_t)(FX_NEXT() * 7);
        x->f.categories[k] = (figures_group){pt / 9, pt, pt * 25, pt * 3 + 120000};
    }
    for (int a = 0; a < AREA_COUNT; a++) {
        int64_t acts = (int64_t)FX_NEXT();
        x->f.areas[a] = (figures_group){acts, acts * 8, acts * 20, acts * 41};
    }
    int64_t pa[12], pp[12];
    for (int m = 0; m < 12; m++) {
        int64_t acts = 300 + (int64_t)(FX_NEXT() % 900);
        x->f.months[m] = (figures_group){acts, acts * 9, acts * 25, acts * 30};
        pa[m] = 250 + (int64_t)(FX_NEXT() % 800);
        pp[m] = pa[m] * 8;
        x->f.city.activities += acts;
        x->f.city.person_times += acts * 9;
    }
    fx_previous(x, pa, pp);
    for (int d = 0; d < 90; d++)
        fx_demand(x, (int32_t)(FX_NEXT() % 30), fx_date(2025, 1 + d % 11, 3),
                  d % 4 == 0 ? -1 : (int)(FX_NEXT() % 60));
    x->f.city.median_response_half_days = 55;
    static const char *const IND[] = {"植树", "清理垃圾", "整理旧木板", "新建栅栏", "义诊",
                                      "修缮房屋围墙及院落大门等基础设施", "送医送药"};
    static const char *const MU[] = {"棵", "车", "立方米", "米", "人次", "平方米", "吨"};
    for (int i = 0; i < 20; i++)
        fx_result(x, IND[i % 7], MU[(i / 7 + i) % 7], (int64_t)FX_NEXT() * 10000 * (i + 1),
                  (int64_t)(FX_NEXT() % 50) + 1);
#undef FX_NEXT
    return x;
}

#endif
