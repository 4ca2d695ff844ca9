/* output/report_assess.c — chapter 三、考核加分情况 of the body: the rules as a 考核细则
   table (scoring, caps, the gate, the total cap and the order of trimming), the points by
   band with the chart, the units at the top and those with none, and what the rules do
   not tell apart (units at a rule's cap or trimmed by the total cap). The full ranking is
   the annex's (附件2).
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf,
   output/breakdowns, output/report_int. */
#include "output/report_int.h"
#include "base/mem.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)
#define LISTED_UNITS 12        /* names listed in the text before "等" */

static const char *points(report *r, int64_t cents)
{
    return report_fixed(r, cents, 2);
}

static tz_status rules_table(report *r)
{
    tz_status s = TZ_OK;
    const rules *ru = r->rc->rules;
    size_t n = rules_count(ru);
    buf text = BUF_INIT;
    int gate = 0;
    if (rules_describe_gate(ru, &text) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    gate = text.len > 0;
    TRY(pdf_heading(r->d, 2, "（一）考核细则"));
    const pdf_column cols[] = {{"序号", 0.6, PDF_RIGHT}, {"考核内容", 2.2, PDF_LEFT},
                               {"评分标准", 4.6, PDF_LEFT}, {"上限（分）", 1.1, PDF_RIGHT}};
    TRY(report_table(r, "考核加分细则", "tables/rules.csv",
                     n + (size_t)gate + (rules_total_cap_cents(ru) >= 0), cols, 4, 9.5));
    for (size_t i = 0; i < n; i++) {
        buf_clear(&text);
        if (rules_describe(ru, i, &text) != 0) {
            s = TZ_NOMEM;
            goto out;
        }
        report_reset(r);
        int64_t cap = rules_cap_cents(ru, i);
        const char *cells[] = {report_fmt(r, "%zu", i + 1), rules_label(ru, i),
                               text.data ? text.data : "", cap >= 0 ? points(r, cap) : "不设"};
        TRY(report_row(r, cells, 0));
    }
    buf_clear(&text);
    if (rules_describe_gate(ru, &text) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if (gate) {
        report_reset(r);
        const char *cells[] = {"", "门槛", report_fmt(r, "%s；不满足的单位各条均不得分", text.data),
                               "—"};
        TRY(report_row(r, cells, 0));
    }
    if (rules_total_cap_cents(ru) >= 0) {
        report_reset(r);
        const char *cells[] = {"", "总分上限", "各条得分相加后不超过总分上限",
                               points(r, rules_total_cap_cents(ru))};
        TRY(report_row(r, cells, PDF_ROW_BOLD));
    }
    TRY(report_table_end(r));
    TRY(report_note(r, "计分方法：每条先按评分标准算出得分，四舍五入到0.01分，再按该条上限封顶；"
                       "各条相加超过总分上限时，按细则的先后次序计分，前面的条目先计满，后面的"
                       "条目只得剩余分值。本细则未设扣分项。规则文件及其摘要见附件7。"));
out:
    buf_release(&text);
    return s;
}

static tz_status bands(report *r)
{
    tz_status s;
    const breakdowns *bd = r->bd;
    int64_t n = (int64_t)r->b->n_units;
    TRY(pdf_heading(r->d, 2, "（二）得分分布"));
    report_reset(r);
    {
        buf t = BUF_INIT;
        int bad = 0;
        for (size_t k = 0; k < bd->n_point_bands; k++)
            bad |= buf_printf(&t, "%s%s%s单位", k ? "，" : "", bd->point_bands[k].name,
                              report_count(r, bd->point_bands[k].units, "个"));
        if (bad) {
            buf_release(&t);
            s = TZ_NOMEM;
            goto out;
        }
        s = report_para(r, report_fmt(r, "全市%s单位中，%s。", report_count(r, n, "个"),
                                      t.data ? t.data : ""));
        buf_release(&t);
        if (s != TZ_OK)
            goto out;
    }
    const pdf_column cols[] = {{"得分区间", 3, PDF_LEFT}, {"单位数（个）", 1.5, PDF_RIGHT},
                               {"占单位总数", 1.5, PDF_RIGHT}};
    TRY(report_table(r, "各单位考核加分分布", "tables/bonus_bands.csv", bd->n_point_bands + 1,
                     cols, 3, 9.5));
    for (size_t k = 0; k < bd->n_point_bands; k++) {
        report_reset(r);
        const char *cells[] = {bd->point_bands[k].name,
                               report_grouped(r, bd->point_bands[k].units, 0),
                               report_pct(r, bd->point_bands[k].units, n)};
        TRY(report_row(r, cells, 0));
    }
    report_reset(r);
    const char *cells[] = {"合计", report_grouped(r, n, 0), report_pct(r, n, n)};
    TRY(report_row(r, cells, PDF_ROW_BOLD));
    TRY(report_table_end(r));
    TRY(report_chart(r, "01-bonus"));
out:
    return s;
}

/* Names of units (in r->order) that satisfy keep, "、"-joined, at most LISTED_UNITS. */
static const char *unit_names(report *r, int (*keep)(const report *, size_t), int64_t *count)
{
    buf t = BUF_INIT;
    int bad = 0;
    *count = 0;
    for (size_t k = 0; k < r->l->n_units; k++) {
        size_t u = r->order[k];
        if (!keep(r, u))
            continue;
        if (*count < LISTED_UNITS)
            bad |= buf_printf(&t, "%s%s", *count ? "、" : "", r->l->units[u].name);
        (*count)++;
    }
    const char *out = bad ? "" : report_fmt(r, "%s", t.data ? t.data : "");
    if (bad)
        report_oom(r);
    buf_release(&t);
    return out;
}

static int64_t best_points(const report *r)
{
    int64_t best = 0;
    for (size_t u = 0; u < r->b->n_units; u++)
        if (r->b->units[u].total_cents > best)
            best = r->b->units[u].total_cents;
    return best;
}

static int at_top(const report *r, size_t u)
{
    return r->b->units[u].total_cents == best_points(r) && best_points(r) > 0;
}

static int with_none(const report *r, size_t u)
{
    return r->b->units[u].total_cents == 0;
}

static tz_status top_and_none(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 2, "（三）得分居前和未得分的单位"));
    report_reset(r);
    int64_t n_top, n_none;
    const char *top = unit_names(r, at_top, &n_top);
    const char *none = unit_names(r, with_none, &n_none);
    int64_t gated = 0;
    for (size_t u = 0; u < r->b->n_units; u++)
        gated += r->b->units[u].gated_out;
    TRY(report_para(r, report_fmt(r,
        "得分最高的是%s分，%s%s%s。%s",
        points(r, best_points(r)),
        n_top > LISTED_UNITS ? report_fmt(r, "共%s单位，如", report_count(r, n_top, "个"))
                             : report_fmt(r, "共%s单位：", report_count(r, n_top, "个")),
        top, n_top > LISTED_UNITS ? "等" : "",
        n_none == 0 ? "全部单位均获得加分。" :
            report_fmt(r, "未得分的单位%s：%s%s%s。", report_count(r, n_none, "个"), none,
                       n_none > LISTED_UNITS ? "等" : "",
                       gated == n_none ? "，均因全年无参与记录未达到计分门槛" :
                       gated > 0 ? report_fmt(r, "，其中%s单位全年无参与记录，未达到计分门槛",
                                              report_count(r, gated, "个")) : ""))));
    TRY(report_note(r, "全部单位的得分、名次和各条得分见附件2。"));
out:
    return s;
}

/* Per rule: units at the rule's cap, units whose points the total cap cut. */
static tz_status undistinguished(report *r)
{
    tz_status s;
    const rules *ru = r->rc->rules;
    size_t n = rules_count(ru);
    int64_t cap = rules_total_cap_cents(ru), at_cap = 0;
    int64_t lo = INT64_MAX, hi = -1;
    for (size_t u = 0; u < r->b->n_units; u++)
        if (cap > 0 && r->b->units[u].total_cents == cap) {
            at_cap++;
            int64_t pt = r->f->units[u].person_times;
            lo = pt < lo ? pt : lo;
            hi = pt > hi ? pt : hi;
        }
    TRY(pdf_heading(r->d, 2, "（四）细则未能区分的情况"));
    report_reset(r);
    if (at_cap > 0)
        TRY(report_para(r, report_fmt(r,
            "%s单位得分相同，均为总分上限%s分，但这些单位全年服务人次少则%s、多则%s，细则"
            "对它们的工作量和成效不再区分。各条细则达到单项上限、以及因总分封顶而被扣减的"
            "单位数如下。",
            report_count(r, at_cap, "个"), points(r, cap), report_count(r, lo, "人次"),
            report_count(r, hi, "人次"))));
    else
        TRY(report_para(r, "没有单位达到总分上限。各条细则达到单项上限、以及因总分封顶而被扣减"
                           "的单位数如下。"));
    const pdf_column cols[] = {{"序号", 0.6, PDF_RIGHT}, {"考核内容", 2.6, PDF_LEFT},
                               {"达到单项上限的单位（个）", 2.0, PDF_RIGHT},
                               {"因总分封顶被扣减的单位（个）", 2.2, PDF_RIGHT}};
    TRY(report_table(r, "各条细则达到上限和被扣减的单位数", "tables/bonus_audit.csv", n, cols,
                     4, 9.5));
    for (size_t i = 0; i < n; i++) {
        int64_t at_rule = 0, cut = 0, rcap = rules_cap_cents(ru, i);
        for (size_t u = 0; u < r->b->n_units; u++) {
            const bonus_line *bl = &r->b->units[u].lines[i];
            at_rule += rcap >= 0 && bl->raw_cents >= rcap && rcap > 0;
            cut += !r->b->units[u].gated_out && bl->final_cents < bl->capped_cents;
        }
        report_reset(r);
        const char *cells[] = {report_fmt(r, "%zu", i + 1), rules_label(ru, i),
                               rcap >= 0 ? report_grouped(r, at_rule, 0) : "不设上限",
                               report_grouped(r, cut, 0)};
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
out:
    return s;
}

tz_status report_assess(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 1, "三、考核加分情况"));
    if (!r->b || !r->rc->rules) {
        TRY(report_para(r, "本次运行未计算考核加分。"));
        goto out;
    }
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "考核加分按考核办公室制定的考核细则计算，共%s条%s。%s单位获得加分。",
        report_count(r, (int64_t)rules_count(r->rc->rules), ""),
        rules_total_cap_cents(r->rc->rules) >= 0 ?
            report_fmt(r, "，总分不超过%s分", points(r, rules_total_cap_cents(r->rc->rules))) : "",
        report_count(r, report_units_with_bonus(r), "个"))));
    TRY(rules_table(r));
    TRY(bands(r));
    TRY(top_and_none(r));
    TRY(undistinguished(r));
out:
    return s;
}
