/* output/report_text.c — sections 一 to 五 of the report: the year in words and the
   breakdowns by team, category, area, month, demand and campaign.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/run, output/pdf,
   output/tables (summary.csv's rows), output/report_int. */
#include "output/report_int.h"
#include "output/tables.h"
#include "base/mem.h"
#include "base/num.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)

static const char *hours(report *r, int64_t tenths)
{
    return report_fixed(r, tenths, 1);
}

static const char *yuan(report *r, int64_t fen)
{
    return report_fixed(r, fen, 2);
}

/* A quantity × 10 000 without trailing zeros: 12.5000 → "12.5". */
static const char *quantity(report *r, int64_t e4)
{
    const char *t = report_fixed(r, e4, 4);
    size_t n = strlen(t);
    char *w = (char *)t;
    while (n > 0 && w[n - 1] == '0')
        w[--n] = '\0';
    if (n > 0 && w[n - 1] == '.')
        w[--n] = '\0';
    return t;
}

/* "增加 12 次（增长 5.30%）" style change against last year. */
static const char *change(report *r, int64_t now, int64_t before, const char *unit, int places)
{
    if (now == before)
        return report_fmt(r, "持平");
    int64_t diff = now > before ? now - before : before - now;
    const char *amount = places ? report_fixed(r, diff, places) : report_int(r, diff);
    if (before <= 0)
        return report_fmt(r, "%s %s%s", now > before ? "增加" : "减少", amount, unit);
    return report_fmt(r, "%s %s%s（%s %s）", now > before ? "增加" : "减少", amount, unit,
                      now > before ? "增长" : "下降", report_pct(r, diff, before));
}

/* ---- 一、总体情况 --------------------------------------------------------------------- */

/* The value as tables/summary.csv writes it ("" when undefined). */
static const char *fraction_text(report *r, figures_value v, int places)
{
    int64_t q;
    if (v.den <= 0 || num_ratio_scaled(v.num, v.den, places, &q) != 0)
        return "";
    return report_fixed(r, q, places);
}

/* (now − before) / before in percent, 2 decimals, signed ("+7.90%", "-17.33%", "0.00%");
   "" when undefined or before is 0 (base/num.h, as summary.csv's change column). */
static const char *fraction_change(report *r, figures_value now, figures_value before)
{
    int64_t q;
    if (now.den <= 0 || before.den <= 0 ||
        num_change_percent(now.num, now.den, before.num, before.den, &q) != 0)
        return "";
    return report_fmt(r, "%s%s%%", q > 0 ? "+" : "", report_fixed(r, q, 2));
}

static tz_status overview_text(report *r)
{
    const figures_city *c = &r->f->city;
    tz_status s;
    report_reset(r);
    if (ledger_rows_dropped(r->l) > 0)
        TRY(report_para(r, report_fmt(r,
            "本次以宽松模式运行：台账中有错误的 %" PRIu64 " 行未计入本报告的任何数字，逐行列于第八部分。",
            ledger_rows_dropped(r->l))));
    TRY(report_para(r, report_fmt(r,
        "%d 年，全市 %" PRId64 " 个单位中有 %" PRId64 " 个单位建立了志愿者队伍，共组建党员志愿"
        "服务队 %" PRId64 " 支、青年志愿服务队 %" PRId64 " 支，注册志愿者 %" PRId64 " 人。其中"
        "党员志愿者（含预备党员）%" PRId64 " 人，占各单位党员总数 %" PRId64 " 人的 %s；"
        "共青团员志愿者 %" PRId64 " 人。",
        r->year, c->units, c->units_with_volunteers, c->teams_party, c->teams_youth,
        c->volunteers, c->party_volunteers, c->party_members,
        report_pct(r, c->party_volunteers, c->party_members), c->youth_volunteers)));
    TRY(report_para(r, report_fmt(r,
        "全年共开展志愿服务活动 %" PRId64 " 次，其中各单位独立开展 %" PRId64 " 次、组团服务 %"
        PRId64 " 次、工委统一组织 %" PRId64 " 次；志愿者参与服务 %" PRId64 " 人次，实际参与 %"
        PRId64 " 人，累计服务时长 %s 小时，受益群众 %" PRId64 " 人，捐赠款物合计 %s 元。",
        c->activities, c->activities_independent, c->activities_group, c->activities_committee,
        c->person_times, c->active_volunteers, hours(r, c->hours_tenths),
        c->beneficiaries, yuan(r, c->donation_fen))));
    if (c->demands > 0)
        TRY(report_para(r, report_fmt(r,
            "坚持“群众点单、支部派单、党员接单”，全年征集群众“点菜”需求 %" PRId64 " 项，已响应 %"
            PRId64 " 项，响应率 %s%s%s%s。",
            c->demands, c->demands_answered, report_pct(r, c->demands_answered, c->demands),
            c->median_response_half_days >= 0 ? "，从需求提出到首次响应的中位时间为 " : "",
            c->median_response_half_days >= 0 ?
                report_fixed(r, c->median_response_half_days * 5, 1) : "",
            c->median_response_half_days >= 0 ? " 天" : "")));
    else
        TRY(report_para(r, "本年度台账未登记群众“点菜”需求。"));
    if (r->b) {
        int64_t best = 0;
        for (size_t u = 0; u < r->b->n_units; u++)
            if (r->b->units[u].total_cents > best)
                best = r->b->units[u].total_cents;
        TRY(report_para(r, report_fmt(r,
            "按现行考核加分规则，%" PRId64 " 个单位获得加分，最高 %s 分；各单位得分与排名见第六部分，"
            "逐项明细见 tables/bonus_audit.csv。",
            bonus_units_with_points(r->b), report_fixed(r, best, 2))));
    }
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    if (p) {
        int prev_year = r->rc->previous ? r->rc->previous->year : r->year - 1;
        TRY(report_para(r, report_fmt(r,
            "与 %d 年相比，活动次数%s，参与人次%s，服务时长%s，受益群众%s，注册志愿者%s，党员志愿者%s。",
            prev_year,
            change(r, c->activities, p->activities, " 次", 0),
            change(r, c->person_times, p->person_times, " 人次", 0),
            change(r, c->hours_tenths, p->hours_tenths, " 小时", 1),
            change(r, c->beneficiaries, p->beneficiaries, " 人", 0),
            change(r, c->volunteers, p->volunteers, " 人", 0),
            change(r, c->party_volunteers, p->party_volunteers, " 人", 0))));
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
    TRY(pdf_heading(r->d, 2, "主要指标"));
    const figures *p = r->rc->previous_figures;
    if (p) {
        const pdf_column cols[] = {{"指标", 3.0, PDF_LEFT}, {"代码", 2.6, PDF_LEFT},
                                   {"本年", 1.5, PDF_RIGHT}, {"上年", 1.5, PDF_RIGHT},
                                   {"变化", 1.1, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 5, 9.5));
    } else {
        const pdf_column cols[] = {{"指标", 3.2, PDF_LEFT}, {"代码（tables/summary.csv）", 2.8,
                                   PDF_LEFT}, {"数值", 1.8, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 3, 9.5));
    }
    for (size_t i = 0; i < tables_summary_count(); i++) {
        report_reset(r);
        tables_summary_row now = tables_summary(r->f, r->b, i);
        const char *cells[5] = {now.label, now.key, fraction_text(r, now.value, now.places),
                                NULL, NULL};
        if (p) {
            /* last year's rules were not applied: no bonus figure for it */
            tables_summary_row before = tables_summary(p, NULL, i);
            cells[3] = fraction_text(r, before.value, now.places);
            cells[4] = fraction_change(r, now.value, before.value);
        }
        TRY(report_row(r, cells, 0));
    }
    TRY(pdf_table_end(r->d));
    TRY(report_note(r, "注：参与率、响应率为比值（保留 4 位小数，四舍五入）；服务时长保留 1 位小数；"
                       "捐赠金额单位为元。数值与 tables/summary.csv 一致。"));
out:
    return s;
}

/* ---- 二、队伍建设 ---------------------------------------------------------------------- */

static int team_hours_desc(const void *a, const void *b, const figures *f)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (f->teams[x].hours_tenths != f->teams[y].hours_tenths)
        return f->teams[x].hours_tenths > f->teams[y].hours_tenths ? -1 : 1;
    return strcmp(f->ledger->teams[x].id, f->ledger->teams[y].id);
}

static const figures *team_sort_figures;
static int team_cmp(const void *a, const void *b)
{
    return team_hours_desc(a, b, team_sort_figures);
}

tz_status report_teams(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    int64_t count[POL_COUNT] = {0}, active[POL_COUNT] = {0};
    size_t *teams = NULL;
    for (size_t v = 0; v < l->n_volunteers; v++) {
        count[l->volunteers[v].status]++;
        if (f->volunteer_hours_tenths && f->volunteer_hours_tenths[v] > 0)
            active[l->volunteers[v].status]++;
    }
    TRY(pdf_heading(r->d, 1, "二、队伍建设"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "全市共有党员志愿服务队 %" PRId64 " 支、青年志愿服务队 %" PRId64 " 支，注册志愿者 %"
        PRId64 " 人，%" PRId64 " 人在本年度参加了志愿服务。志愿者按政治面貌分布如下。",
        f->city.teams_party, f->city.teams_youth, f->city.volunteers,
        f->city.active_volunteers)));
    TRY(pdf_heading(r->d, 2, "（一）志愿者政治面貌"));
    {
        const pdf_column cols[] = {{"政治面貌", 2.2, PDF_LEFT}, {"志愿者（人）", 1.4, PDF_RIGHT},
                                   {"占比", 1.2, PDF_RIGHT}, {"参加服务（人）", 1.5, PDF_RIGHT},
                                   {"参加率", 1.2, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 5, 9.5));
        int64_t total = 0, total_active = 0;
        for (int k = 0; k < POL_COUNT; k++) {
            total += count[k];
            total_active += active[k];
        }
        for (int k = 0; k < POL_COUNT; k++) {
            report_reset(r);
            const char *cells[] = {REPORT_POLITICAL_NAMES[k], report_int(r, count[k]),
                                   report_pct(r, count[k], total), report_int(r, active[k]),
                                   report_pct(r, active[k], count[k])};
            TRY(report_row(r, cells, 0));
        }
        report_reset(r);
        const char *cells[] = {"合计", report_int(r, total), report_pct(r, total, total),
                               report_int(r, total_active), report_pct(r, total_active, total)};
        TRY(report_row(r, cells, PDF_ROW_BOLD));
        TRY(pdf_table_end(r->d));
    }

    TRY(pdf_heading(r->d, 2, "（二）各单位党员志愿者参与率"));
    {
        /* brackets of the default rules' tiers, compared exactly: pv·100 against k·pm */
        int64_t none = 0, low = 0, mid = 0, high = 0;
        for (size_t u = 0; u < l->n_units; u++) {
            int64_t pv = f->units[u].party_volunteers, pm = f->units[u].party_members;
            if (pm <= 0)
                none++;
            else if (pv * 100 < 20 * pm)
                low++;
            else if (pv * 100 < 30 * pm)
                mid++;
            else
                high++;
        }
        report_reset(r);
        TRY(report_para(r, report_fmt(r,
            "党员志愿者参与率＝单位党员志愿者人数÷单位党员人数。全市参与率为 %s；%" PRId64
            " 个单位达到 30%%，%" PRId64 " 个单位在 20%%～30%% 之间，%" PRId64 " 个单位低于 20%%。",
            report_pct(r, f->city.party_volunteers, f->city.party_members), high, mid, low)));
        const pdf_column cols[] = {{"参与率区间", 3, PDF_LEFT}, {"单位数", 1.5, PDF_RIGHT},
                                   {"占单位总数", 1.5, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 3, 9.5));
        const char *names[] = {"30% 及以上", "20%～30%（不含 30%）", "低于 20%", "无党员（不计算）"};
        int64_t vals[] = {high, mid, low, none};
        for (int k = 0; k < 4; k++) {
            report_reset(r);
            const char *cells[] = {names[k], report_int(r, vals[k]),
                                   report_pct(r, vals[k], (int64_t)l->n_units)};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
    }
    TRY(report_chart(r, "02-participation", "各单位党员志愿者参与率高低如何？"));
    TRY(report_chart(r, "07-rate-beneficiaries", "党员参与率高的单位，党员人均受益人数也多吗？"));

    if (l->n_teams > 0) {
        TRY(pdf_heading(r->d, 2, "（三）服务时长居前的服务队"));
        teams = mem_calloc(l->n_teams, sizeof *teams);
        if (!teams) {
            s = TZ_NOMEM;
            goto out;
        }
        for (size_t t = 0; t < l->n_teams; t++)
            teams[t] = t;
        team_sort_figures = f;
        qsort(teams, l->n_teams, sizeof *teams, team_cmp);
        team_sort_figures = NULL;
        size_t shown = l->n_teams < 15 ? l->n_teams : 15;
        const pdf_column cols[] = {{"服务队", 2.7, PDF_LEFT}, {"所属单位", 2.7, PDF_LEFT},
                                   {"类型", 2.1, PDF_LEFT}, {"队员", 0.8, PDF_RIGHT},
                                   {"参加服务", 1.2, PDF_RIGHT}, {"人次", 0.8, PDF_RIGHT},
                                   {"时长（小时）", 1.6, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 7, 9));
        for (size_t i = 0; i < shown; i++) {
            size_t t = teams[i];
            const ledger_team *lt = &l->teams[t];
            report_reset(r);
            const char *cells[] = {lt->name, lt->unit >= 0 ? l->units[lt->unit].name : "",
                                   lt->type == TEAM_PARTY ? "党员志愿服务队" : "青年志愿服务队",
                                   report_int(r, f->teams[t].members),
                                   report_int(r, f->teams[t].active_members),
                                   report_int(r, f->teams[t].person_times),
                                   hours(r, f->teams[t].hours_tenths)};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
        report_reset(r);
        TRY(report_note(r, report_fmt(r, "共 %zu 支服务队，此处列出服务时长前 %zu 支；"
                                      "全部服务队见 tables/teams.csv。", l->n_teams, shown)));
    }
out:
    mem_free(teams);
    return s;
}

/* ---- 三、服务开展 ---------------------------------------------------------------------- */

static tz_status group_table(report *r, const char *first, const char *const *names,
                             const figures_group *g, size_t n, int skip_empty)
{
    tz_status s;
    const pdf_column cols[] = {{first, 2.4, PDF_LEFT}, {"活动次数", 1.2, PDF_RIGHT},
                               {"参与人次", 1.2, PDF_RIGHT}, {"服务时长（小时）", 1.6, PDF_RIGHT},
                               {"受益人数", 1.3, PDF_RIGHT}};
    figures_group total = {0, 0, 0, 0};
    TRY(pdf_table_begin(r->d, cols, 5, 9.5));
    for (size_t i = 0; i < n; i++) {
        total.activities += g[i].activities;
        total.person_times += g[i].person_times;
        total.hours_tenths += g[i].hours_tenths;
        total.beneficiaries += g[i].beneficiaries;
        if (skip_empty && g[i].activities == 0)
            continue;
        report_reset(r);
        const char *cells[] = {names[i], report_int(r, g[i].activities),
                               report_int(r, g[i].person_times), hours(r, g[i].hours_tenths),
                               report_int(r, g[i].beneficiaries)};
        TRY(report_row(r, cells, 0));
    }
    report_reset(r);
    const char *cells[] = {"合计", report_int(r, total.activities),
                           report_int(r, total.person_times), hours(r, total.hours_tenths),
                           report_int(r, total.beneficiaries)};
    TRY(report_row(r, cells, PDF_ROW_BOLD));
    TRY(pdf_table_end(r->d));
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

tz_status report_service(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    static const char *const MONTHS[12] = {"1 月", "2 月", "3 月", "4 月", "5 月", "6 月",
                                           "7 月", "8 月", "9 月", "10 月", "11 月", "12 月"};
    TRY(pdf_heading(r->d, 1, "三、服务开展"));
    report_reset(r);
    if (l->n_categories > 0 && f->city.activities > 0) {
        size_t c = biggest(f->categories, l->n_categories);
        size_t m = biggest(f->months, 12);
        size_t a = biggest(f->areas, AREA_COUNT);
        TRY(report_para(r, report_fmt(r,
            "从服务类别看，“%s”类活动最多，共 %" PRId64 " 次；从区域看，%s开展活动 %" PRId64
            " 次，居各类区域之首；从时间看，%s开展活动最多，共 %" PRId64 " 次。",
            l->categories[c], f->categories[c].activities, REPORT_AREA_NAMES[a],
            f->areas[a].activities, MONTHS[m], f->months[m].activities)));
    }
    TRY(pdf_heading(r->d, 2, "（一）按服务类别"));
    TRY(group_table(r, "服务类别", (const char *const *)l->categories, f->categories,
                    l->n_categories, 0));
    TRY(report_chart(r, "03-categories", "哪些服务类别服务人次多、受益人多？"));
    TRY(pdf_heading(r->d, 2, "（二）按区域类型"));
    TRY(group_table(r, "区域类型", REPORT_AREA_NAMES, f->areas, AREA_COUNT, 0));
    TRY(report_chart(r, "04-areas", "各类区域开展了多少活动、惠及多少人？"));
    TRY(pdf_heading(r->d, 2, "（三）按月份"));
    TRY(group_table(r, "月份", MONTHS, f->months, 12, 0));
    TRY(report_chart(r, "05-months", "全年各月服务开展得怎样？"));
out:
    return s;
}

/* ---- 四、“点菜式”需求响应 -------------------------------------------------------------- */

tz_status report_demands(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    int64_t *by_cat = NULL;
    TRY(pdf_heading(r->d, 1, "四、“点菜式”需求响应"));
    report_reset(r);
    if (l->n_demands == 0) {
        TRY(report_para(r, "本年度台账未登记群众“点菜”需求（demands.csv 缺失或为空），本部分无数据。"));
        goto out;
    }
    TRY(report_para(r, report_fmt(r,
        "全年征集群众需求 %" PRId64 " 项，已有活动响应 %" PRId64 " 项，响应率 %s。需求以首次"
        "响应活动的日期计算响应天数（活动日期－提出日期）。",
        f->city.demands, f->city.demands_answered,
        report_pct(r, f->city.demands_answered, f->city.demands))));

    TRY(pdf_heading(r->d, 2, "（一）按征集渠道"));
    {
        int64_t n[CHANNEL_COUNT + 1] = {0}, a[CHANNEL_COUNT + 1] = {0};
        for (size_t i = 0; i < l->n_demands; i++) {
            int32_t ch = l->demands[i].channel;
            size_t k = ch >= 0 && ch < CHANNEL_COUNT ? (size_t)ch : CHANNEL_COUNT;
            n[k]++;
            a[k] += f->demand_first_activity[i] != LEDGER_NONE;
        }
        const pdf_column cols[] = {{"征集渠道", 2.4, PDF_LEFT}, {"需求（项）", 1.3, PDF_RIGHT},
                                   {"已响应（项）", 1.4, PDF_RIGHT}, {"响应率", 1.3, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 4, 9.5));
        for (size_t k = 0; k <= CHANNEL_COUNT; k++) {
            if (k == CHANNEL_COUNT && n[k] == 0)
                continue;
            report_reset(r);
            const char *cells[] = {k < CHANNEL_COUNT ? REPORT_CHANNEL_NAMES[k] : "未填写",
                                   report_int(r, n[k]), report_int(r, a[k]),
                                   report_pct(r, a[k], n[k])};
            TRY(report_row(r, cells, 0));
        }
        report_reset(r);
        const char *cells[] = {"合计", report_int(r, f->city.demands),
                               report_int(r, f->city.demands_answered),
                               report_pct(r, f->city.demands_answered, f->city.demands)};
        TRY(report_row(r, cells, PDF_ROW_BOLD));
        TRY(pdf_table_end(r->d));
    }
    TRY(report_chart(r, "08-demands", "群众“点菜”需求响应了多少、用了几天？"));

    TRY(pdf_heading(r->d, 2, "（二）按服务类别"));
    {
        by_cat = mem_calloc(2 * (l->n_categories + 1), sizeof *by_cat);
        if (!by_cat) {
            s = TZ_NOMEM;
            goto out;
        }
        for (size_t i = 0; i < l->n_demands; i++) {
            int32_t c = l->demands[i].category;
            size_t k = c >= 0 && (size_t)c < l->n_categories ? (size_t)c : l->n_categories;
            by_cat[2 * k]++;
            by_cat[2 * k + 1] += f->demand_first_activity[i] != LEDGER_NONE;
        }
        const pdf_column cols[] = {{"服务类别", 2.4, PDF_LEFT}, {"需求（项）", 1.3, PDF_RIGHT},
                                   {"已响应（项）", 1.4, PDF_RIGHT}, {"响应率", 1.3, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 4, 9.5));
        for (size_t k = 0; k <= l->n_categories; k++) {
            if (by_cat[2 * k] == 0)
                continue;
            report_reset(r);
            const char *cells[] = {k < l->n_categories ? l->categories[k] : "其他",
                                   report_int(r, by_cat[2 * k]), report_int(r, by_cat[2 * k + 1]),
                                   report_pct(r, by_cat[2 * k + 1], by_cat[2 * k])};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
    }

    TRY(pdf_heading(r->d, 2, "（三）响应时间"));
    {
        static const struct { int64_t upto; const char *name; } BUCKETS[] = {
            {7, "7 天以内"}, {15, "8～15 天"}, {30, "16～30 天"}, {60, "31～60 天"},
            {INT64_MAX, "60 天以上"}};
        int64_t n[5] = {0};
        for (size_t i = 0; i < l->n_demands; i++) {
            int32_t a = f->demand_first_activity[i];
            if (a == LEDGER_NONE)
                continue;
            int64_t days = report_days(l->demands[i].submitted_on, l->activities[a].date);
            for (int k = 0; k < 5; k++)
                if (days <= BUCKETS[k].upto) {
                    n[k]++;
                    break;
                }
        }
        report_reset(r);
        if (f->city.median_response_half_days >= 0)
            TRY(report_para(r, report_fmt(r, "已响应需求从提出到首次响应的天数中位数为 %s 天，"
                                          "分布如下。",
                                          report_fixed(r, f->city.median_response_half_days * 5,
                                                       1))));
        const pdf_column cols[] = {{"响应天数", 2.4, PDF_LEFT}, {"需求（项）", 1.3, PDF_RIGHT},
                                   {"占已响应", 1.3, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 3, 9.5));
        for (int k = 0; k < 5; k++) {
            report_reset(r);
            const char *cells[] = {BUCKETS[k].name, report_int(r, n[k]),
                                   report_pct(r, n[k], f->city.demands_answered)};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
    }
out:
    mem_free(by_cat);
    return s;
}

/* ---- 五、“组团式”服务与专项行动 -------------------------------------------------------- */

tz_status report_groups(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    figures_group mode[MODE_COUNT];
    memset(mode, 0, sizeof mode);
    for (size_t i = 0; i < l->n_activities; i++) {
        const ledger_activity *a = &l->activities[i];
        mode[a->mode].activities++;
        mode[a->mode].beneficiaries += a->beneficiaries;
    }
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        activity_mode m = l->activities[p->activity].mode;
        mode[m].person_times++;
        mode[m].hours_tenths += p->hours_tenths;
    }
    int64_t units_in_groups = 0;
    for (size_t u = 0; u < l->n_units; u++)
        units_in_groups += f->units[u].activities_group > 0;

    TRY(pdf_heading(r->d, 1, "五、“组团式”服务与专项行动"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "全年开展组团服务 %" PRId64 " 次，%" PRId64 " 个单位牵头或参加了组团服务；工委统一组织活动 %"
        PRId64 " 次。各组织方式的活动情况如下。",
        f->city.activities_group, units_in_groups, f->city.activities_committee)));
    TRY(pdf_heading(r->d, 2, "（一）按组织方式"));
    TRY(group_table(r, "组织方式", REPORT_MODE_NAMES, mode, MODE_COUNT, 0));

    TRY(pdf_heading(r->d, 2, "（二）专项行动"));
    if (l->n_campaigns == 0) {
        TRY(report_para(r, "本年度活动未登记专项行动。"));
    } else {
        report_reset(r);
        TRY(report_para(r, report_fmt(r, "全年开展专项行动 %zu 项，各项行动的活动情况如下。",
                                      l->n_campaigns)));
        TRY(group_table(r, "专项行动", (const char *const *)l->campaigns, f->campaigns,
                        l->n_campaigns, 0));
    }

    TRY(pdf_heading(r->d, 2, "（三）活动成果"));
    if (f->n_results == 0) {
        TRY(report_para(r, "本年度台账未登记活动成果（results.csv 缺失或为空）。"));
    } else {
        const pdf_column cols[] = {{"成果指标", 2.6, PDF_LEFT}, {"数量", 1.6, PDF_RIGHT},
                                   {"计量单位", 1.2, PDF_LEFT}, {"涉及活动（次）", 1.5, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 4, 9.5));
        for (size_t i = 0; i < f->n_results; i++) {
            const figures_result *res = &f->results[i];
            report_reset(r);
            const char *cells[] = {res->indicator, quantity(r, res->quantity_e4),
                                   res->measure_unit, report_int(r, res->activities)};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
        TRY(report_chart(r, "09-results", "志愿服务取得了哪些实际成果？"));
    }
out:
    return s;
}
