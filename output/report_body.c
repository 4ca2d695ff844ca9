/* output/report_body.c — chapters 一 and 二 of the body: the year in one paragraph with
   its rises and falls, the key figures against last year, then the work and its results
   (teams, service modes, categories and areas, the menu of demands, campaigns and
   results), each with its numbered tables and charts.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf,
   output/breakdowns, output/report_int. */
#include "output/report_int.h"
#include "base/mem.h"
#include "base/num.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)

/* ---- the headline figures ------------------------------------------------------------ */

typedef enum { HL_COUNT, HL_RATE, HL_DAYS } headline_kind;

typedef struct headline {
    const char *key;           /* of tables/summary.csv */
    const char *label;         /* as the body names it */
    const char *unit;          /* after a count: 个 支 人 人次 小时 次 元 项 天 */
    headline_kind kind;
    int places;                /* of the scaled value (hours 1, money 2) */
} headline;

/* The rows of 表1, in tables/summary.csv's order. */
static const headline HEADLINES[] = {
    {"units", "单位数", "个", HL_COUNT, 0},
    {"units_with_volunteers", "登记有志愿者的单位", "个", HL_COUNT, 0},
    {"teams_party", "党员志愿服务队", "支", HL_COUNT, 0},
    {"teams_youth", "青年志愿服务队", "支", HL_COUNT, 0},
    {"volunteers", "注册志愿者", "人", HL_COUNT, 0},
    {"party_volunteers", "党员志愿者", "人", HL_COUNT, 0},
    {"youth_volunteers", "共青团员志愿者", "人", HL_COUNT, 0},
    {"party_members", "党员总数", "人", HL_COUNT, 0},
    {"participation_rate", "党员志愿者参与率", "%", HL_RATE, 0},
    {"active_volunteers", "参与服务的志愿者", "人", HL_COUNT, 0},
    {"person_times", "参与服务", "人次", HL_COUNT, 0},
    {"hours", "服务时长", "小时", HL_COUNT, 1},
    {"activities", "志愿服务活动", "次", HL_COUNT, 0},
    {"activities_independent", "独立开展活动", "次", HL_COUNT, 0},
    {"activities_group", "组团服务活动", "次", HL_COUNT, 0},
    {"activities_committee", "工委统一组织活动", "次", HL_COUNT, 0},
    {"beneficiaries", "受益群众", "人次", HL_COUNT, 0},
    {"donation_yuan", "捐赠款物", "元", HL_COUNT, 2},
    {"demands", "征集群众需求", "项", HL_COUNT, 0},
    {"demands_answered", "已响应需求", "项", HL_COUNT, 0},
    {"demand_answer_rate", "需求响应率", "%", HL_RATE, 0},
    {"median_response_days", "响应天数中位数", "天", HL_DAYS, 1},
    {"units_with_bonus", "获得考核加分的单位", "个", HL_COUNT, 0},
};
#define N_HEADLINES (sizeof HEADLINES / sizeof HEADLINES[0])

/* A headline's exact value num/den (den > 0), or defined = 0. */
typedef struct hvalue {
    int defined;
    int64_t num, den;
} hvalue;

static int64_t units_with_points(const bonus *b)
{
    int64_t n = 0;
    for (size_t u = 0; b && u < b->n_units; u++)
        n += b->units[u].total_cents > 0;
    return n;
}

static hvalue headline_value(const figures_city *c, const bonus *b, const char *key)
{
    struct { const char *k; int64_t v; } ints[] = {
        {"units", c->units}, {"units_with_volunteers", c->units_with_volunteers},
        {"teams_party", c->teams_party}, {"teams_youth", c->teams_youth},
        {"volunteers", c->volunteers}, {"party_volunteers", c->party_volunteers},
        {"youth_volunteers", c->youth_volunteers}, {"party_members", c->party_members},
        {"active_volunteers", c->active_volunteers}, {"person_times", c->person_times},
        {"hours", c->hours_tenths}, {"activities", c->activities},
        {"activities_independent", c->activities_independent},
        {"activities_group", c->activities_group},
        {"activities_committee", c->activities_committee},
        {"beneficiaries", c->beneficiaries}, {"donation_yuan", c->donation_fen},
        {"demands", c->demands}, {"demands_answered", c->demands_answered},
    };
    for (size_t i = 0; i < sizeof ints / sizeof ints[0]; i++)
        if (strcmp(key, ints[i].k) == 0)
            return (hvalue){1, ints[i].v, 1};
    if (strcmp(key, "units_with_bonus") == 0)
        return (hvalue){b != NULL, units_with_points(b), 1};
    if (strcmp(key, "participation_rate") == 0)
        return (hvalue){c->party_members > 0, c->party_volunteers,
                        c->party_members > 0 ? c->party_members : 1};
    if (strcmp(key, "demand_answer_rate") == 0)
        return (hvalue){c->demands > 0, c->demands_answered, c->demands > 0 ? c->demands : 1};
    if (strcmp(key, "median_response_days") == 0)     /* in tenths of a day */
        return (hvalue){c->median_response_half_days >= 0, c->median_response_half_days * 5,
                        1};
    return (hvalue){0, 0, 1};
}

/* A headline in a table cell: rates "21.1%", counts with separators. */
static const char *headline_cell(report *r, const headline *h, hvalue v)
{
    if (!v.defined)
        return "—";
    if (h->kind == HL_RATE)
        return report_pct(r, v.num, v.den);
    return report_grouped(r, v.num, h->places);
}

/* The change column: "+9.7%" for counts, "+1.5个百分点" for rates, "+1.5天" for days. */
static const char *headline_change(report *r, const headline *h, hvalue now, hvalue before)
{
    if (!now.defined || !before.defined)
        return "—";
    if (h->kind == HL_RATE) {
        int64_t pts;
        report_points(r, now.num, now.den, before.num, before.den, &pts);
        return pts == 0 ? "持平" : report_fmt(r, "%s%s个百分点", pts > 0 ? "+" : "-",
                                             report_fixed(r, pts > 0 ? pts : -pts, 1));
    }
    int64_t diff = now.num - before.num;
    if (h->kind == HL_DAYS)
        return diff == 0 ? "持平" : report_fmt(r, "%s%s天", diff > 0 ? "+" : "-",
                                              report_fixed(r, diff > 0 ? diff : -diff, 1));
    if (diff == 0)
        return "持平";
    if (before.num <= 0)
        return report_fmt(r, "%s%s", diff > 0 ? "+" : "-",
                          report_grouped(r, diff > 0 ? diff : -diff, h->places));
    return report_fmt(r, "%s%s", diff > 0 ? "+" : "-",
                      report_pct(r, diff > 0 ? diff : -diff, before.num));
}

/* In running text: "3530次", "81.87万人次", "21.1%", "12.0天". */
static const char *headline_text(report *r, const headline *h, hvalue v)
{
    if (!v.defined)
        return "—";
    if (h->kind == HL_RATE)
        return report_pct(r, v.num, v.den);
    if (strcmp(h->unit, "元") == 0)
        return report_amount(r, v.num, h->places, "元");
    return report_amount(r, v.num, h->places, h->unit);
}

/* The change in words after a figure: "，比上年增长9.7%", "，比上年减少26项、下降17.3%",
   "，比上年提高1.5个百分点", "，比上年延长1.5天", "，与上年持平"; with brief set the
   "比上年" is left out (a later figure of the same sentence). "" without last year. */
static const char *headline_versus(report *r, const headline *h, hvalue now, hvalue before,
                                   int brief)
{
    const char *than = brief ? "" : "比上年";
    if (!now.defined || !before.defined)
        return "";
    if (h->kind == HL_RATE) {
        const char *t = report_points(r, now.num, now.den, before.num, before.den, NULL);
        return strcmp(t, "持平") == 0 ? "，与上年持平" : report_fmt(r, "，%s%s", than, t);
    }
    int64_t diff = now.num - before.num;
    if (diff == 0)
        return "，与上年持平";
    if (h->kind == HL_DAYS)
        return report_fmt(r, "，%s%s%s天", than, diff > 0 ? "延长" : "缩短",
                          report_fixed(r, diff > 0 ? diff : -diff, 1));
    if (before.num <= 0)
        return report_fmt(r, "，%s增加%s", than, report_amount(r, diff, h->places, h->unit));
    if (diff < 0)       /* a fall is given in full: the amount and the percentage */
        return report_fmt(r, "，%s减少%s、下降%s", than,
                          report_amount(r, -diff, h->places, h->unit),
                          report_pct(r, -diff, before.num));
    return report_fmt(r, "，%s增长%s", than, report_pct(r, diff, before.num));
}

static const headline *find_headline(const char *key)
{
    for (size_t i = 0; i < N_HEADLINES; i++)
        if (strcmp(HEADLINES[i].key, key) == 0)
            return &HEADLINES[i];
    return NULL;
}

/* The value of the key in running text, and its change ("3.62万人次，比上年增长12.8%"). */
static const char *value_of(report *r, const char *key, int brief)
{
    const headline *h = find_headline(key);
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    hvalue now = headline_value(c, r->b, key);
    const char *versus = p ? headline_versus(r, h, now,
                                             headline_value(p, r->rc->previous_bonus, key), brief)
                           : "";
    return report_fmt(r, "%s%s", headline_text(r, h, now), versus);
}

/* ---- 一、总体情况 --------------------------------------------------------------------- */

static tz_status overview_text(report *r)
{
    const figures_city *c = &r->f->city;
    tz_status s;
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "%d年，全市%s单位中有%s单位登记了志愿者，共组建党员志愿服务队%s、青年志愿服务队%s，"
        "注册志愿者%s。其中党员志愿者%s；党员志愿者参与率%s。",
        r->year, report_count(r, c->units, "个"), report_count(r, c->units_with_volunteers, "个"),
        report_count(r, c->teams_party, "支"), report_count(r, c->teams_youth, "支"),
        value_of(r, "volunteers", 0), value_of(r, "party_volunteers", 1),
        value_of(r, "participation_rate", 0))));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "全年开展志愿服务活动%s，其中独立开展%s、组团服务%s、工委统一组织%s；志愿者参与服务%s；"
        "累计服务%s；受益群众%s；捐赠款物%s。",
        value_of(r, "activities", 0), report_count(r, c->activities_independent, "次"),
        report_count(r, c->activities_group, "次"),
        report_count(r, c->activities_committee, "次"), value_of(r, "person_times", 1),
        value_of(r, "hours", 1), value_of(r, "beneficiaries", 1),
        value_of(r, "donation_yuan", 1))));
    report_reset(r);
    if (c->demands > 0)
        TRY(report_para(r, report_fmt(r,
            "全年征集群众“点菜”需求%s；已响应%s；需求响应率%s%s。",
            value_of(r, "demands", 0), value_of(r, "demands_answered", 0),
            value_of(r, "demand_answer_rate", 0),
            c->median_response_half_days >= 0 ?
                report_fmt(r, "；从需求提出到首次响应的天数中位数为%s",
                           value_of(r, "median_response_days", 0)) : "")));
    else
        TRY(report_para(r, "本年度台账未登记群众“点菜”需求。"));
    report_reset(r);
    if (r->rc->previous_figures)
        TRY(report_para(r, r->fd.fell ?
            report_fmt(r, "与上年相比，下降的指标有：%s，其原因和改进办法见第四、五部分。"
                          "各项指标的本年数、上年数和增减见表1。", r->fd.fell) :
            "与上年相比，表1所列各项指标均未下降。"));
    if (r->b) {
        report_reset(r);
        int64_t cap = r->rc->rules ? rules_total_cap_cents(r->rc->rules) : -1, at_cap = 0;
        for (size_t u = 0; u < r->b->n_units; u++)
            at_cap += cap > 0 && r->b->units[u].total_cents == cap;
        TRY(report_para(r, report_fmt(r,
            "按现行考核细则，%s单位获得考核加分%s，未得分的单位%s（见第三部分）。",
            report_count(r, report_units_with_bonus(r), "个"),
            cap > 0 ? report_fmt(r, "，其中%s单位达到总分上限%s分",
                                 report_count(r, at_cap, "个"), report_fixed(r, cap, 2)) : "",
            report_count(r, (int64_t)r->b->n_units - report_units_with_bonus(r), "个"))));
    }
    if (r->dropped > 0) {
        report_reset(r);
        TRY(report_para(r, report_fmt(r, "本年度台账中有%" PRIu64 "条记录因填写错误未计入统计，"
                                      "逐条列于附件5，以上数字均不含这些记录。", r->dropped)));
    }
    s = TZ_OK;
out:
    return s;
}

tz_status report_overview(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 1, "一、总体情况"));
    TRY(overview_text(r));
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    report_reset(r);
    if (p) {
        const pdf_column cols[] = {{"指标", 3.0, PDF_LEFT}, {"单位", 0.8, PDF_LEFT},
                                   {"本年", 1.5, PDF_RIGHT}, {"上年", 1.5, PDF_RIGHT},
                                   {"比上年增减", 1.6, PDF_RIGHT}};
        TRY(report_table(r, report_fmt(r, "%d年主要指标及与上年比较", r->year),
                         "tables/summary.csv", N_HEADLINES, cols, 5, 9.5));
    } else {
        const pdf_column cols[] = {{"指标", 3.2, PDF_LEFT}, {"单位", 1.0, PDF_LEFT},
                                   {"本年", 1.8, PDF_RIGHT}};
        TRY(report_table(r, report_fmt(r, "%d年主要指标", r->year), "tables/summary.csv",
                         N_HEADLINES, cols, 3, 9.5));
    }
    for (size_t i = 0; i < N_HEADLINES; i++) {
        const headline *h = &HEADLINES[i];
        report_reset(r);
        hvalue now = headline_value(c, r->b, h->key);
        const char *cells[5] = {h->label, h->unit, headline_cell(r, h, now), NULL, NULL};
        if (p) {
            hvalue before = headline_value(p, r->rc->previous_bonus, h->key);
            if (strcmp(h->key, "units_with_bonus") == 0 && !r->rc->previous_bonus)
                before.defined = 0;
            cells[3] = headline_cell(r, h, before);
            cells[4] = headline_change(r, h, now, before);
        }
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
    if (p)
        TRY(report_note(r, "注：上年数字按本年口径和本年考核细则重新计算。“比上年增减”一栏，"
                           "人数、次数等为增长（下降）百分比，参与率、响应率为百分点，"
                           "响应天数为天数之差。"));
out:
    return s;
}

/* ---- 二、主要做法和成效 ----------------------------------------------------------------- */

static int team_cmp_hours(const figures *f, size_t x, size_t y)
{
    if (f->teams[x].hours_tenths != f->teams[y].hours_tenths)
        return f->teams[x].hours_tenths > f->teams[y].hours_tenths ? -1 : 1;
    return strcmp(f->ledger->teams[x].id, f->ledger->teams[y].id);
}

static tz_status teams(report *r)
{
    tz_status s;
    const figures *f = r->f;
    const breakdowns *bd = r->bd;
    TRY(pdf_heading(r->d, 2, "（一）队伍建设"));
    report_reset(r);
    size_t best = 0;
    for (size_t t = 1; t < r->l->n_teams; t++)
        if (team_cmp_hours(f, t, best) < 0)
            best = t;
    TRY(report_para(r, report_fmt(r,
        "全市组建党员志愿服务队%s、青年志愿服务队%s；%s单位登记有志愿者，注册志愿者%s，"
        "%s在本年度参加了志愿服务。%s",
        report_count(r, f->city.teams_party, "支"), report_count(r, f->city.teams_youth, "支"),
        report_count(r, f->city.units_with_volunteers, "个"),
        report_count(r, f->city.volunteers, "人"), report_count(r, f->city.active_volunteers, "人"),
        r->l->n_teams > 0 ?
            report_fmt(r, "服务时长最多的是%s的%s，全年服务%s（全部服务队见附件3）。",
                       r->l->teams[best].unit >= 0 ? r->l->units[r->l->teams[best].unit].name
                                                   : "",
                       r->l->teams[best].name,
                       report_amount(r, f->teams[best].hours_tenths, 1, "小时")) : "")));
    {
        const pdf_column cols[] = {{"政治面貌", 2.2, PDF_LEFT}, {"志愿者（人）", 1.4, PDF_RIGHT},
                                   {"占志愿者", 1.2, PDF_RIGHT}, {"参加服务（人）", 1.5, PDF_RIGHT},
                                   {"参加率", 1.2, PDF_RIGHT}};
        int64_t total = 0, total_active = 0;
        for (int k = 0; k < POL_COUNT; k++) {
            total += bd->political[k];
            total_active += bd->political_active[k];
        }
        TRY(report_table(r, "志愿者政治面貌构成", "tables/political.csv", POL_COUNT + 1, cols,
                         5, 9.5));
        for (int k = 0; k < POL_COUNT; k++) {
            report_reset(r);
            const char *cells[] = {LEDGER_POLITICAL_NAMES[k],
                                   report_grouped(r, bd->political[k], 0),
                                   report_pct(r, bd->political[k], total),
                                   report_grouped(r, bd->political_active[k], 0),
                                   report_pct(r, bd->political_active[k], bd->political[k])};
            TRY(report_row(r, cells, 0));
        }
        report_reset(r);
        const char *cells[] = {"合计", report_grouped(r, total, 0), report_pct(r, total, total),
                               report_grouped(r, total_active, 0),
                               report_pct(r, total_active, total)};
        TRY(report_row(r, cells, PDF_ROW_BOLD));
        TRY(report_table_end(r));
        TRY(report_note(r, "注：占比保留1位小数，因四舍五入，合计可能不等于100%。"));
    }
    report_reset(r);
    int64_t with_members = (int64_t)r->l->n_units - bd->bands[BAND_NO_MEMBERS];
    TRY(report_para(r, report_fmt(r,
        "党员志愿者参与率为单位党员志愿者人数占党员人数的比例。全市参与率%s；"
        "%s单位达到30%%，%s单位在20%%～30%%之间，%s单位低于20%%，占有党员单位的%s。",
        report_pct(r, f->city.party_volunteers, f->city.party_members),
        report_count(r, bd->bands[BAND_30_UP], "个"), report_count(r, bd->bands[BAND_20_30], "个"),
        report_count(r, bd->bands[BAND_UNDER_20], "个"),
        report_pct(r, bd->bands[BAND_UNDER_20], with_members))));
    {
        const pdf_column cols[] = {{"参与率区间", 3, PDF_LEFT}, {"单位数（个）", 1.5, PDF_RIGHT},
                                   {"占单位总数", 1.5, PDF_RIGHT}};
        TRY(report_table(r, "各单位党员志愿者参与率分布", "tables/participation_bands.csv",
                         BAND_COUNT, cols, 3, 9.5));
        for (int k = 0; k < BAND_COUNT; k++) {
            report_reset(r);
            const char *cells[] = {BREAKDOWNS_RATE_BANDS[k], report_grouped(r, bd->bands[k], 0),
                                   report_pct(r, bd->bands[k], (int64_t)r->l->n_units)};
            TRY(report_row(r, cells, 0));
        }
        TRY(report_table_end(r));
    }
    TRY(report_chart(r, "02-participation"));
out:
    return s;
}

static tz_status group_table(report *r, const char *title, const char *source,
                             const char *first, const char *const *names,
                             const figures_group *g, size_t n)
{
    tz_status s;
    const pdf_column cols[] = {{first, 2.4, PDF_LEFT}, {"活动（次）", 1.2, PDF_RIGHT},
                               {"参与（人次）", 1.3, PDF_RIGHT}, {"服务时长（小时）", 1.6, PDF_RIGHT},
                               {"受益群众（人次）", 1.6, PDF_RIGHT}};
    figures_group total = {0, 0, 0, 0};
    TRY(report_table(r, title, source, n + 1, cols, 5, 9.5));
    for (size_t i = 0; i < n; i++) {
        total.activities += g[i].activities;
        total.person_times += g[i].person_times;
        total.hours_tenths += g[i].hours_tenths;
        total.beneficiaries += g[i].beneficiaries;
        report_reset(r);
        const char *cells[] = {names[i], report_grouped(r, g[i].activities, 0),
                               report_grouped(r, g[i].person_times, 0),
                               report_grouped(r, g[i].hours_tenths, 1),
                               report_grouped(r, g[i].beneficiaries, 0)};
        TRY(report_row(r, cells, 0));
    }
    report_reset(r);
    const char *cells[] = {"合计", report_grouped(r, total.activities, 0),
                           report_grouped(r, total.person_times, 0),
                           report_grouped(r, total.hours_tenths, 1),
                           report_grouped(r, total.beneficiaries, 0)};
    TRY(report_row(r, cells, PDF_ROW_BOLD));
    TRY(report_table_end(r));
out:
    return s;
}

static size_t biggest(const figures_group *g, size_t n)
{
    size_t best = 0;
    for (size_t i = 1; i < n; i++)
        if (g[i].activities > g[best].activities)
            best = i;
    return best;
}

static tz_status modes(report *r)
{
    tz_status s;
    const figures *f = r->f;
    int64_t units_in_groups = 0;
    for (size_t u = 0; u < r->l->n_units; u++)
        units_in_groups += f->units[u].activities_group > 0;
    TRY(pdf_heading(r->d, 2, "（二）三种服务方式"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "各单位独立开展活动%s，占全部活动的%s；开展“组团式”服务%s，%s单位牵头或参加；"
        "工委统一组织活动%s。",
        report_count(r, f->city.activities_independent, "次"),
        report_pct(r, f->city.activities_independent, f->city.activities),
        report_count(r, f->city.activities_group, "次"), report_count(r, units_in_groups, "个"),
        report_count(r, f->city.activities_committee, "次"))));
    TRY(group_table(r, "三种服务方式开展情况", "tables/modes.csv", "服务方式",
                    LEDGER_MODE_NAMES, r->bd->mode, MODE_COUNT));
    TRY(report_note(r, "注：组团服务由几个单位共同开展，活动和人次在本表中各计一次；"
                       "附件1按单位列出时，每个参加单位都计入该活动，故各单位之和大于本表合计。"));
out:
    return s;
}

static tz_status categories_areas(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    static const char *const MONTHS[12] = {"1月", "2月", "3月", "4月", "5月", "6月", "7月",
                                           "8月", "9月", "10月", "11月", "12月"};
    TRY(pdf_heading(r->d, 2, "（三）服务类别和区域"));
    report_reset(r);
    if (l->n_categories > 0 && f->city.activities > 0) {
        size_t c = biggest(f->categories, l->n_categories);
        size_t m = biggest(f->months, 12);
        size_t a = biggest(f->areas, AREA_COUNT);
        TRY(report_para(r, report_fmt(r,
            "从服务类别看，“%s”类活动最多，共%s；从区域看，%s开展活动%s，居各类区域之首；"
            "从时间看，%s开展活动最多，共%s。",
            l->categories[c], report_count(r, f->categories[c].activities, "次"),
            LEDGER_AREA_NAMES[a], report_count(r, f->areas[a].activities, "次"), MONTHS[m],
            report_count(r, f->months[m].activities, "次"))));
    }
    TRY(group_table(r, "按服务类别分的活动情况", "tables/categories.csv", "服务类别",
                    (const char *const *)l->categories, f->categories, l->n_categories));
    TRY(report_chart(r, "03-categories"));
    TRY(group_table(r, "按区域类型分的活动情况", "tables/areas.csv", "区域类型",
                    LEDGER_AREA_NAMES, f->areas, AREA_COUNT));
    TRY(report_chart(r, "04-areas"));
    TRY(report_chart(r, "05-months"));
out:
    return s;
}

static tz_status demand_rows(report *r, const char *title, const char *source,
                             const char *first, const char *const *names, const int64_t *n,
                             const int64_t *answered, size_t count, const char *unknown)
{
    tz_status s;
    const pdf_column cols[] = {{first, 2.4, PDF_LEFT}, {"需求（项）", 1.3, PDF_RIGHT},
                               {"已响应（项）", 1.4, PDF_RIGHT}, {"响应率", 1.3, PDF_RIGHT}};
    size_t rows = count + 1 + (n[count] > 0);
    int64_t tn = 0, ta = 0;
    TRY(report_table(r, title, source, rows, cols, 4, 9.5));
    for (size_t k = 0; k <= count; k++) {
        tn += n[k];
        ta += answered[k];
        if (k == count && n[k] == 0)
            continue;
        report_reset(r);
        const char *cells[] = {k < count ? names[k] : unknown, report_grouped(r, n[k], 0),
                               report_grouped(r, answered[k], 0), report_pct(r, answered[k], n[k])};
        TRY(report_row(r, cells, 0));
    }
    report_reset(r);
    const char *cells[] = {"合计", report_grouped(r, tn, 0), report_grouped(r, ta, 0),
                           report_pct(r, ta, tn)};
    TRY(report_row(r, cells, PDF_ROW_BOLD));
    TRY(report_table_end(r));
out:
    return s;
}

static tz_status demands(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    const breakdowns *bd = r->bd;
    TRY(pdf_heading(r->d, 2, "（四）“点菜式”需求响应"));
    report_reset(r);
    if (l->n_demands == 0) {
        TRY(report_para(r, "本年度台账未登记群众“点菜”需求，本项无数据。"));
        goto out;
    }
    TRY(report_para(r, report_fmt(r,
        "全年征集群众需求%s，已有活动响应%s，响应率%s，%s项尚未响应。响应天数按需求提出之日到"
        "首次响应活动之日计算。",
        report_count(r, f->city.demands, "项"), report_count(r, f->city.demands_answered, "项"),
        report_pct(r, f->city.demands_answered, f->city.demands),
        report_int(r, f->city.demands - f->city.demands_answered))));
    TRY(demand_rows(r, "按征集渠道分的需求及响应", "tables/demand_channels.csv", "征集渠道",
                    LEDGER_CHANNEL_NAMES, bd->channel, bd->channel_answered, CHANNEL_COUNT,
                    "未填写"));
    TRY(demand_rows(r, "按服务类别分的需求及响应", "tables/demand_categories.csv", "服务类别",
                    (const char *const *)l->categories, bd->category, bd->category_answered,
                    l->n_categories, "未分类"));
    {
        const pdf_column cols[] = {{"响应天数", 2.4, PDF_LEFT}, {"需求（项）", 1.3, PDF_RIGHT},
                                   {"占已响应", 1.3, PDF_RIGHT}};
        TRY(report_table(r, "已响应需求的响应天数", "tables/response_days.csv",
                         BREAKDOWNS_DAY_BUCKETS, cols, 3, 9.5));
        for (int k = 0; k < BREAKDOWNS_DAY_BUCKETS; k++) {
            report_reset(r);
            const char *cells[] = {BREAKDOWNS_DAY_NAMES[k], report_grouped(r, bd->days[k], 0),
                                   report_pct(r, bd->days[k], f->city.demands_answered)};
            TRY(report_row(r, cells, 0));
        }
        TRY(report_table_end(r));
    }
    TRY(report_chart(r, "08-demands"));
out:
    return s;
}

/* The decimals a column of quantities (×10 000) needs: the most any of them has, so
   that the column shows one number of decimals. */
static int quantity_places(const figures *f)
{
    int most = 0;
    for (size_t i = 0; i < f->n_results; i++) {
        int64_t q = f->results[i].quantity_e4;
        int places = 4;
        while (places > 0 && q % 10 == 0) {
            q /= 10;
            places--;
        }
        most = places > most ? places : most;
    }
    return most;
}

/* A result's quantity ×10 000 with separators and `places` decimals (exact: no quantity
   has more). */
static const char *quantity(report *r, int64_t e4, int places)
{
    int64_t q = e4;
    for (int k = places; k < 4; k++)
        q /= 10;
    return report_grouped(r, q, places);
}

static tz_status campaigns_results(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    TRY(pdf_heading(r->d, 2, "（六）专项行动和活动成果"));
    report_reset(r);
    if (l->n_campaigns == 0) {
        TRY(report_para(r, "本年度活动未登记专项行动。"));
    } else {
        int64_t acts = 0;
        for (size_t k = 0; k < l->n_campaigns; k++)
            acts += f->campaigns[k].activities;
        TRY(report_para(r, report_fmt(r, "全年开展专项行动%zu项，共组织活动%s。", l->n_campaigns,
                                      report_count(r, acts, "次"))));
        TRY(group_table(r, "专项行动开展情况", "tables/campaigns.csv", "专项行动",
                        (const char *const *)l->campaigns, f->campaigns, l->n_campaigns));
    }
    if (f->n_results == 0) {
        TRY(report_para(r, "本年度台账未登记活动成果。"));
    } else {
        const pdf_column cols[] = {{"成果指标", 2.6, PDF_LEFT}, {"数量", 1.6, PDF_RIGHT},
                                   {"计量单位", 1.2, PDF_LEFT}, {"涉及活动（次）", 1.5, PDF_RIGHT}};
        int places = quantity_places(f);
        TRY(report_table(r, "活动成果", "tables/results.csv", f->n_results, cols, 4, 9.5));
        for (size_t i = 0; i < f->n_results; i++) {
            const figures_result *res = &f->results[i];
            report_reset(r);
            const char *cells[] = {res->indicator, quantity(r, res->quantity_e4, places),
                                   res->measure_unit, report_grouped(r, res->activities, 0)};
            TRY(report_row(r, cells, 0));
        }
        TRY(report_table_end(r));
        TRY(report_chart(r, "09-results"));
    }
out:
    return s;
}

tz_status report_work(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 1, "二、主要做法和成效"));
    TRY(teams(r));
    TRY(modes(r));
    TRY(categories_areas(r));
    TRY(demands(r));
    TRY(report_supply(r));     /* （五）供需对照: output/report_supply.c */
    TRY(campaigns_results(r));
out:
    return s;
}

/* ---- for the judgements (report_judge.c) ---------------------------------------------- */

/* The headline figures of the table that fell against last year, named one after the
   other ("已响应需求（减少26项，下降17.3%）、需求响应率（下降16.4个百分点）"), into out;
   nothing without a previous year. Returns the number named, -1 out of memory. */
int report_fallen(report *r, buf *out)
{
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    int n = 0;
    if (!p)
        return 0;
    for (size_t i = 0; i < N_HEADLINES; i++) {
        const headline *h = &HEADLINES[i];
        hvalue now = headline_value(c, r->b, h->key);
        hvalue before = headline_value(p, r->rc->previous_bonus, h->key);
        if (!now.defined || !before.defined)
            continue;
        /* now/den_now < before/den_before, exactly */
        if (!(now.num * before.den < before.num * now.den))
            continue;
        const char *what;
        if (h->kind == HL_RATE)
            what = report_points(r, now.num, now.den, before.num, before.den, NULL);
        else if (h->kind == HL_DAYS)
            what = report_fmt(r, "缩短%s天", report_fixed(r, before.num - now.num, 1));
        else
            what = report_change(r, now.num, before.num, h->places, h->unit);
        if (buf_printf(out, "%s%s（%s）", n ? "、" : "", h->label, what) != 0)
            return -1;
        n++;
    }
    return r->oom ? -1 : n;
}
