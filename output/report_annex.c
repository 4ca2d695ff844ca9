/* output/report_annex.c — annex.pdf, for auditors and clerks: 附件1 the per-unit figures,
   附件2 the full ranking with each rule's points, 附件3 every team, 附件4 the statistics and
   outliers, 附件5 data quality, 附件6 口径说明 (every definition and threshold the body
   uses), 附件7 sources and reproduction (hashes, command, versions in small monospaced
   lines). Column names of the per-unit figures come from FIGURES_UNIT_COLUMNS.
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules, output/pdf,
   output/manifest (the command line), output/report_int, and the version calls of cairo,
   GSL, libharu and zlib. */
#include "output/report_int.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/manifest.h"
#include "pipeline/anomaly.h"
#include "pipeline/stats.h"

#include <cairo.h>
#include <gsl/gsl_version.h>
#include <hpdf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)
#define MAX_RULE_COLUMNS 8

static const pdf_style MONO = {PDF_MONO, 7.5, 11, 0, PDF_LEFT, 0, {0.25, 0.25, 0.25}, 3};

static const char *points(report *r, int64_t cents)
{
    return report_fixed(r, cents, 2);
}

/* ---- 附件1 各单位主要数据 ---------------------------------------------------------------- */

/* The per-unit columns shown, by their place in FIGURES_UNIT_COLUMNS. */
static const int UNIT_COLS[] = {
    FIGURES_PARTY_MEMBERS, FIGURES_PARTY_VOLUNTEERS, FIGURES_PARTICIPATION_RATE,
    FIGURES_PERSON_TIMES, FIGURES_HOURS, FIGURES_ACTIVITIES_INDEPENDENT,
    FIGURES_ACTIVITIES_GROUP, FIGURES_ACTIVITIES_COMMITTEE, FIGURES_BENEFICIARIES};
#define N_UNIT_KEYS (sizeof UNIT_COLS / sizeof UNIT_COLS[0])

/* A unit's figure as its table prints it: rates as percentages with one decimal, the
   others with the column's decimals and separators. */
static const char *unit_cell(report *r, size_t u, int col)
{
    const figures_column *fc = &FIGURES_UNIT_COLUMNS[col];
    figures_value v = fc->value(&r->f->units[u]);
    if (v.den <= 0)
        return "—";
    if (col == FIGURES_PARTICIPATION_RATE)
        return report_pct(r, v.num, v.den);
    int64_t q;
    if (num_ratio_scaled(v.num, v.den, fc->places, &q) != 0)
        return "—";
    return report_grouped(r, q, fc->places);
}

tz_status annex_units(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    pdf_column cols[2 + N_UNIT_KEYS + 2];
    size_t nc = 0;
    TRY(pdf_heading(r->d, 1, "附件1　各单位主要数据"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "下表按单位编码列出全部%zu个单位的主要数据。组团服务和工委统一组织的活动，计入每个"
        "牵头或参加的单位，因此各单位活动数、人次之和大于全市合计；受益群众按参与人次分摊到"
        "各单位%s，各单位之和等于全市合计。",
        l->n_units, r->f->apportion == APPORTION_LEAD ? "（本次按牵头单位全额计入）" : "")));
    cols[nc++] = (pdf_column){"编码", 0.9, PDF_LEFT};
    cols[nc++] = (pdf_column){"单位名称", 3.0, PDF_LEFT};
    for (size_t k = 0; k < N_UNIT_KEYS; k++)
        cols[nc++] = (pdf_column){FIGURES_UNIT_COLUMNS[UNIT_COLS[k]].chinese, 1.0, PDF_RIGHT};
    cols[nc++] = (pdf_column){"考核加分", 0.85, PDF_RIGHT};
    cols[nc++] = (pdf_column){"名次", 0.7, PDF_RIGHT};
    TRY(report_table(r, "各单位主要数据", "tables/units.csv", l->n_units, cols, nc, 7));
    for (size_t k = 0; k < l->n_units; k++) {
        size_t u = r->by_id[k];
        const char *cells[2 + N_UNIT_KEYS + 2];
        size_t c = 0;
        report_reset(r);
        cells[c++] = l->units[u].id;
        cells[c++] = l->units[u].name;
        for (size_t j = 0; j < N_UNIT_KEYS; j++)
            cells[c++] = unit_cell(r, u, UNIT_COLS[j]);
        cells[c++] = r->b ? points(r, r->b->units[u].total_cents) : "—";
        cells[c++] = r->b ? report_fmt(r, "%" PRIu32, r->rank[u]) : "—";
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
out:
    return s;
}

/* ---- 附件2 考核加分得分与排名 ------------------------------------------------------------ */

tz_status annex_ranking(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const rules *ru = r->rc->rules;
    TRY(pdf_heading(r->d, 1, "附件2　考核加分得分与排名"));
    if (!r->b) {
        TRY(report_para(r, "本次运行未计算考核加分。"));
        goto out;
    }
    size_t n_rules = ru ? rules_count(ru) : 0;
    size_t shown = n_rules < MAX_RULE_COLUMNS ? n_rules : MAX_RULE_COLUMNS;
    pdf_column cols[3 + MAX_RULE_COLUMNS + 1];
    size_t nc = 0;
    cols[nc++] = (pdf_column){"名次", 0.7, PDF_RIGHT};
    cols[nc++] = (pdf_column){"单位", 3.6, PDF_LEFT};
    report_reset(r);
    for (size_t i = 0; i < shown; i++)
        cols[nc++] = (pdf_column){rules_label(ru, i), 1.0, PDF_RIGHT};
    cols[nc++] = (pdf_column){"合计", 0.9, PDF_RIGHT};
    TRY(report_para(r, report_fmt(r,
        "下表按得分由高到低列出全部单位；总分相同的单位名次相同，按单位编码排列。各条得分是"
        "总分封顶后的得分（封顶的次序见正文表“考核加分细则”）。每个单位每条细则读取的数值和"
        "计入的活动编号见审计表。%s",
        n_rules > shown ? "细则超过8条，表中只列前8条，合计包含全部细则。" : "")));
    TRY(report_table(r, "考核加分得分与排名", "tables/bonus_audit.csv", l->n_units, cols, nc, 7.5));
    for (size_t k = 0; k < l->n_units; k++) {
        size_t u = r->order[k];
        const bonus_unit *bu = &r->b->units[u];
        const char *cells[3 + MAX_RULE_COLUMNS + 1];
        size_t c = 0;
        report_reset(r);
        cells[c++] = report_fmt(r, "%" PRIu32, r->rank[u]);
        cells[c++] = report_fmt(r, "%s%s", l->units[u].name,
                                bu->gated_out ? "（无参与记录，不计分）" : "");
        for (size_t i = 0; i < shown; i++)
            cells[c++] = points(r, bu->lines[i].final_cents);
        cells[c++] = points(r, bu->total_cents);
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
out:
    return s;
}

/* ---- 附件3 志愿服务队 -------------------------------------------------------------------- */

tz_status annex_teams(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    TRY(pdf_heading(r->d, 1, "附件3　志愿服务队"));
    if (l->n_teams == 0) {
        TRY(report_para(r, "台账未登记志愿服务队。"));
        goto out;
    }
    const pdf_column cols[] = {{"编码", 1.0, PDF_LEFT}, {"服务队", 2.6, PDF_LEFT},
                               {"所属单位", 2.6, PDF_LEFT}, {"类型", 1.0, PDF_LEFT},
                               {"队员（人）", 0.9, PDF_RIGHT}, {"参加服务（人）", 1.1, PDF_RIGHT},
                               {"参与（人次）", 1.0, PDF_RIGHT}, {"服务时长（小时）", 1.2, PDF_RIGHT}};
    TRY(report_table(r, "志愿服务队", "tables/teams.csv", l->n_teams, cols, 8, 8));
    for (size_t t = 0; t < l->n_teams; t++) {
        const ledger_team *lt = &l->teams[t];
        report_reset(r);
        const char *cells[] = {lt->id, lt->name, lt->unit >= 0 ? l->units[lt->unit].name : "",
                               lt->type == TEAM_PARTY ? "党员" : "青年",
                               report_grouped(r, f->teams[t].members, 0),
                               report_grouped(r, f->teams[t].active_members, 0),
                               report_grouped(r, f->teams[t].person_times, 0),
                               report_grouped(r, f->teams[t].hours_tenths, 1)};
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
out:
    return s;
}

/* Text from a problem (its message or value) as it may appear in the report: every run of
   digits, X and * that could be a phone or ID number, even masked (11 or more such
   characters, or 7 or more with a *), is replaced by 已隐去. */
static const char *scrub(report *r, const char *text)
{
    buf b = BUF_INIT;
    size_t n = strlen(text);
    int bad = 0;
    for (size_t i = 0; i < n && !bad;) {
        size_t j = i, stars = 0;
        while (j < n && ((text[j] >= '0' && text[j] <= '9') || text[j] == 'X' ||
                         text[j] == 'x' || text[j] == '*')) {
            stars += text[j] == '*';
            j++;
        }
        if (j > i) {
            size_t len = j - i;
            if (len >= 11 || (stars > 0 && len >= 7))
                bad = buf_puts(&b, "（已隐去）");
            else
                bad = buf_append(&b, text + i, len);
            i = j;
        } else {
            bad = buf_putc(&b, text[i]);
            i++;
        }
    }
    const char *out = bad ? "" : report_fmt(r, "%s", b.data ? b.data : "");
    if (bad)
        report_oom(r);
    buf_release(&b);
    return out;
}


/* ---- 附件4 统计量与异常值 ---------------------------------------------------------------- */

static const char *stat_text(report *r, stats_value v)
{
    return v.defined ? report_fixed(r, v.e4, 4) : "—";
}

tz_status annex_statistics(report *r)
{
    tz_status s = TZ_OK;
    const ledger *l = r->l;
    const figures *f = r->f;
    const stats *st = r->rc->stats;
    TRY(pdf_heading(r->d, 1, "附件4　统计量与异常值"));
    if (!st) {
        TRY(report_para(r, "本次运行未计算统计量。"));
        goto out;
    }
    {
        static const char *const LABELS[STATS_FIGURE_COUNT] = {
            "党员志愿者参与率", "人均服务时长（小时）", "党员人均参与人次", "受益群众（人次）",
            "考核加分（分）"};
        const pdf_column cols[] = {{"指标", 2.3, PDF_LEFT}, {"单位数", 0.9, PDF_RIGHT},
                                   {"均值", 1.3, PDF_RIGHT}, {"标准差", 1.3, PDF_RIGHT},
                                   {"最小值", 1.2, PDF_RIGHT}, {"下四分位数", 1.3, PDF_RIGHT},
                                   {"中位数", 1.3, PDF_RIGHT}, {"上四分位数", 1.3, PDF_RIGHT},
                                   {"最大值", 1.3, PDF_RIGHT}};
        TRY(report_table(r, "各单位主要指标的统计量", "tables/statistics.csv",
                         STATS_FIGURE_COUNT - !st->have_bonus, cols, 9, 7.5));
        for (int k = 0; k < STATS_FIGURE_COUNT; k++) {
            const stats_summary *x = &st->figures[k];
            if (k == STATS_BONUS_POINTS && !st->have_bonus)
                continue;
            report_reset(r);
            const char *cells[] = {LABELS[k], report_fmt(r, "%zu", x->n),
                                   stat_text(r, x->mean), stat_text(r, x->sd),
                                   stat_text(r, x->min), stat_text(r, x->q1),
                                   stat_text(r, x->median), stat_text(r, x->q3),
                                   stat_text(r, x->max)};
            TRY(report_row(r, cells, 0));
        }
        TRY(report_table_end(r));
        report_reset(r);
        TRY(report_para(r, report_fmt(r,
            "参与率与党员人均受益人次的相关系数：皮尔逊（Pearson）%s，斯皮尔曼（Spearman）%s"
            "（%zu个单位）。服务时长最多的10%%志愿者贡献了全部时长的%s，基尼系数%s。各月参与"
            "人次的线性趋势为每月%s人次（标准误%s）。数值保留4位小数。",
            stat_text(r, st->pearson), stat_text(r, st->spearman), st->correlation_n,
            st->top10_share.defined ? report_pct(r, st->top10_share.e4, 10000) : "—",
            stat_text(r, st->gini), stat_text(r, st->trend_slope),
            stat_text(r, st->trend_slope_se))));
        TRY(report_chart(r, "07-rate-beneficiaries"));
    }
    TRY(pdf_heading(r->d, 2, "人均服务时长异常的单位"));
    TRY(report_chart(r, "06-hours"));
    if (!st->outlier_fence.defined) {
        TRY(report_para(r, "有志愿者的单位太少，不计算异常值。"));
        goto out;
    }
    const stats_summary *h = &st->figures[STATS_HOURS_PER_ACTIVE];
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "按人均服务时长（单位服务时长÷参与服务的志愿者人数）检查：%zu个单位中，下四分位数"
        "%s小时、上四分位数%s小时，高于“上四分位数＋3倍四分位距”即%s小时的单位有%zu个%s",
        h->n, stat_text(r, h->q1), stat_text(r, h->q3), stat_text(r, st->outlier_fence),
        st->n_outliers, st->n_outliers ? "，列于下表，请核对其台账。" : "。")));
    if (st->n_outliers > 0) {
        const pdf_column cols[] = {{"编码", 1.2, PDF_LEFT}, {"单位名称", 3.4, PDF_LEFT},
                                   {"服务时长（小时）", 1.5, PDF_RIGHT},
                                   {"参与志愿者（人）", 1.4, PDF_RIGHT},
                                   {"人均时长（小时）", 1.4, PDF_RIGHT}};
        TRY(report_table(r, "人均服务时长异常的单位", "tables/statistics.csv", st->n_outliers,
                         cols, 5, 8.5));
        for (size_t k = 0; k < st->n_outliers; k++) {
            size_t u = st->outliers[k];
            if (u >= l->n_units)
                continue;
            const figures_unit *fu = &f->units[u];
            report_reset(r);
            const char *cells[] = {l->units[u].id, l->units[u].name,
                                   report_grouped(r, fu->hours_tenths, 1),
                                   report_grouped(r, fu->active_volunteers, 0),
                                   stat_text(r, stats_make(st->outlier_values[k]))};
            TRY(report_row(r, cells, 0));
        }
        TRY(report_table_end(r));
    }
out:
    return s;
}

#define MAX_LISTED_WARNINGS 300

static tz_status problem_table(report *r, problem_severity sev, size_t limit, const char *title)
{
    tz_status s;
    const problem_list *pl = &r->l->problems;
    const pdf_column cols[] = {{"位置", 2.0, PDF_LEFT}, {"代码", 2.3, PDF_LEFT},
                               {"说明", 4.0, PDF_LEFT}, {"值", 1.5, PDF_LEFT}};
    size_t listed = 0, total = 0;
    for (size_t i = 0; i < pl->count; i++)
        total += pl->items[i].severity == sev;
    TRY(report_table(r, title, "validation.csv", total < limit ? total : limit, cols, 4, 7.5));
    for (size_t i = 0; i < pl->count && listed < limit; i++) {
        const problem *p = &pl->items[i];
        if (p->severity != sev)
            continue;
        report_reset(r);
        const char *where = p->line == 0 ? report_fmt(r, "%s", p->file) :
                            p->column == 0 ? report_fmt(r, "%s:%" PRIu32, p->file, p->line) :
                            report_fmt(r, "%s:%" PRIu32 ":%" PRIu32, p->file, p->line, p->column);
        const char *cells[] = {where, p->code, scrub(r, p->message), scrub(r, p->value)};
        TRY(report_row(r, cells, 0));
        listed++;
    }
    TRY(report_table_end(r));
out:
    return s;
}

/* The units whose figures are far outside the others' (pipeline/anomaly), each with its
   reason, under the stated rule: the figure.unusual notices of validation.csv. */
static tz_status unusual_units(report *r)
{
    tz_status s = TZ_OK;
    const anomalies *a = r->rc->anomalies;
    if (!a)
        return TZ_OK;
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "数据异常的单位按两条规则列出：参与服务的志愿者多于本单位登记的志愿者；每名党员对应的"
        "参与人次超过各单位（共%zu个有志愿者、有党员的单位）的上四分位数加%d倍四分位距（本年为%s）。"
        "这些数字按归属规则可能是对的，但需要核对。%s",
        a->compared, ANOMALY_IQR_FACTOR, report_fixed(r, (int64_t)(a->limit * 100 + 0.5), 2),
        a->count ? "" : "本年没有这样的单位。")));
    if (a->count == 0)
        goto out;
    const pdf_column cols[] = {{"单位编码", 0.9, PDF_LEFT}, {"单位名称", 2.6, PDF_LEFT},
                               {"情形", 6.0, PDF_LEFT}};
    TRY(report_table(r, "数据异常的单位", "validation.csv", a->count, cols, 3, 7.5));
    buf line = BUF_INIT;
    for (size_t i = 0; i < a->count && s == TZ_OK; i++) {
        const ledger_unit *u = &r->l->units[a->items[i].unit];
        buf_clear(&line);
        if (anomaly_describe(r->f, a, i, &line) != 0) {
            s = TZ_NOMEM;
            break;
        }
        report_reset(r);
        const char *cells[] = {u->id, u->name, line.data};
        s = report_row(r, cells, 0);
    }
    buf_release(&line);
    if (s == TZ_OK)
        s = report_table_end(r);
out:
    return s;
}

tz_status annex_quality(report *r)
{
    tz_status s;
    const problem_list *pl = &r->l->problems;
    int lenient = r->rc->opt && r->rc->opt->lenient;
    TRY(pdf_heading(r->d, 1, "附件5　数据质量"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "台账校验共发现错误%zu处、警告%zu处、提示%zu处。%s完整清单（含行号、列号与修改建议）"
        "见 validation.csv。",
        pl->errors, pl->warnings, pl->notices,
        lenient ? report_fmt(r, "本次以宽松模式运行：有错误的%" PRIu64 "条记录未计入统计，"
                             "逐条列于下文。", r->dropped)
                : "本次以严格模式运行：台账无错误，全部记录计入统计。")));
    TRY(unusual_units(r));
    if (pl->warnings == 0) {
        TRY(report_para(r, "无警告。"));
    } else {
        TRY(problem_table(r, SEV_WARNING, MAX_LISTED_WARNINGS, "台账校验警告"));
        if (pl->warnings > MAX_LISTED_WARNINGS) {
            report_reset(r);
            TRY(report_note(r, report_fmt(r, "警告共%zu处，此处列出前%d处，其余见 validation.csv。",
                                          pl->warnings, MAX_LISTED_WARNINGS)));
        }
    }
    if (lenient && pl->errors > 0)
        TRY(problem_table(r, SEV_ERROR, (size_t)-1, "未计入统计的记录"));
out:
    return s;
}

/* ---- 附件6 口径说明 ------------------------------------------------------------------------ */

tz_status annex_definitions(report *r)
{
    static const char *const ITEMS[] = {
        "单位数：单位名册中的单位个数。登记有志愿者的单位：志愿者名册中至少有1名志愿者的单位。",
        "注册志愿者：志愿者名册中的人数；党员志愿者：其中政治面貌为中共党员或中共预备党员者。",
        "党员志愿者参与率：党员志愿者人数÷党员人数，按精确分数比较，文中保留1位小数；"
        "变化以百分点表示。",
        "参与服务人次：参与记录的条数，同一人参加多次计多次；参与服务的志愿者：有参与记录的"
        "不同志愿者人数。服务时长：参与记录的时长之和（小时，保留1位小数）。",
        "活动次数：活动台账的条数，按组织方式分为独立开展、组团服务、工委统一组织。组团服务和"
        "工委统一组织的活动在附件1中计入每个牵头或参加的单位，因此各单位之和大于全市合计。",
        "受益群众：活动台账登记的受益人数之和，同一群众受益多次计多次，故以“人次”计；"
        "附件1中按各单位参与人次用最大余数法分摊，分摊后之和等于全市合计。",
        "捐赠款物：活动台账登记的捐赠金额之和（元，保留2位小数）。",
        "群众需求：需求台账的条数；已响应：有活动登记响应该需求；需求响应率＝已响应÷需求；"
        "响应天数：需求提出之日到首次响应活动之日的天数，取中位数。",
        "比上年增减：人数、次数、金额等为增长（下降）百分比，参与率、响应率为百分点，响应天数"
        "为天数之差；上年数字按本年口径和本年考核细则重新计算。",
        "数字写法：正文中1万及以上的数以“万”为单位保留2位小数，表中为整数加千位分隔符；"
        "比例保留1位小数，因四舍五入，分项之和可能不等于100%。",
    };
    tz_status s;
    TRY(pdf_heading(r->d, 1, "附件6　口径说明"));
    TRY(pdf_heading(r->d, 2, "（一）指标定义"));
    for (size_t i = 0; i < sizeof ITEMS / sizeof ITEMS[0]; i++) {
        report_reset(r);
        TRY(report_para(r, report_fmt(r, "%zu．%s", i + 1, ITEMS[i])));
    }
    TRY(pdf_heading(r->d, 2, "（二）“存在的问题”的判断标准"));
    report_reset(r);
    const char *tests[] = {
        report_fmt(r, "参与服务人次、服务时长、活动次数、受益群众、注册志愿者、党员志愿者、"
                      "参与服务的志愿者、捐赠款物比上年下降%d%%及以上。", JUDGE_FALL_PERCENT),
        report_fmt(r, "需求响应率低于%d%%，或比上年下降%d个百分点及以上，或已响应需求比上年"
                      "下降%d%%及以上，或响应天数中位数超过%d天、比上年延长1天及以上。",
                   JUDGE_ANSWER_RATE_FLOOR, JUDGE_RATE_FALL_POINTS, JUDGE_FALL_PERCENT,
                   JUDGE_SLOW_DAYS),
        report_fmt(r, "党员志愿者参与率比上年下降%d个百分点及以上，或参与率低于20%%的单位超过"
                      "有党员单位的%d%%。", JUDGE_RATE_FALL_POINTS, JUDGE_LOW_RATE_SHARE),
        "有单位全年没有任何参与记录。",
        report_fmt(r, "某一服务类别的群众需求不少于%d项而响应不到一半。", JUDGE_CATEGORY_MIN),
        report_fmt(r, "达到考核加分总分上限的单位占全部单位的%d%%及以上。", JUDGE_FLAT_SHARE),
        "台账校验有警告，或有记录因错误未计入统计。",
    };
    for (size_t i = 0; i < sizeof tests / sizeof tests[0]; i++)
        TRY(report_para(r, report_fmt(r, "%zu．%s", i + 1, tests[i])));
    TRY(report_para(r, "每个问题对应一条“下一步工作建议”；没有触及以上标准时，正文说明未发现问题。"));
out:
    return s;
}

/* The command line of the run, the output folder written as 〈输出文件夹〉: `verify` reruns the
   same command into another folder and must get the same report. */
static const char *command_line(report *r)
{
    const run_options *o = r->rc->opt;
    buf b = BUF_INIT;
    int bad = 0;
    if (!o || o->argc <= 0 || !o->argv) {
        bad = buf_puts(&b, "（未记录）");
    } else {
        /* OUT is shown as a placeholder: where the outputs went changes none of them, and
           verify recomputes into another folder and must get the same bytes */
        int64_t out_index, out_offset;
        manifest_out_argument(o, &out_index, &out_offset);
        bad = buf_puts(&b, "taizhang");
        for (int i = 0; i < o->argc && !bad; i++)
            bad = i == out_index ? buf_printf(&b, " %.*s〈输出文件夹〉", (int)out_offset, o->argv[i])
                                 : buf_printf(&b, " %s", o->argv[i]);
    }
    const char *t = bad ? "" : report_fmt(r, "%s", b.data);
    if (bad)
        report_oom(r);
    buf_release(&b);
    return t;
}

/* ---- 附件7 数据来源与复核 ------------------------------------------------------------------ */

/* A small monospaced line of its own (a hash, a command): never broken inside a word
   unless it is longer than the line. */
static tz_status mono(report *r, const char *text)
{
    if (r->oom)
        return TZ_NOMEM;
    return pdf_text(r->d, &MONO, text);
}

tz_status annex_sources(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    TRY(pdf_heading(r->d, 1, "附件7　数据来源与复核"));
    TRY(report_para(r, "正文和附件的全部数字由下列台账文件和考核细则文件计算得出。用相同的输入、"
                       "细则和程序版本重新运行，得到相同的表格和逐字节相同的报告。"));
    TRY(pdf_heading(r->d, 2, "（一）台账文件"));
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        const ledger_file *f = &l->files[k];
        report_reset(r);
        if (!f->present) {
            TRY(report_note(r, report_fmt(r, "%s：无此文件。", LEDGER_FILE_NAMES[k])));
            continue;
        }
        TRY(report_note(r, report_fmt(r, "%s：编码%s，记录%" PRIu64 "条，未计入%" PRIu64 "条；"
                                      "SHA-256：", LEDGER_FILE_NAMES[k], f->encoding, f->rows,
                                      f->rows_dropped)));
        TRY(mono(r, report_hex(r, f->sha256, sizeof f->sha256)));
    }
    TRY(pdf_heading(r->d, 2, "（二）考核细则、程序与环境"));
    report_reset(r);
    TRY(report_note(r, report_fmt(r, "考核细则文件：%s；SHA-256：",
                                  r->rc->rules ? rules_source_name(r->rc->rules) : "（未使用）")));
    TRY(mono(r, r->has_rules_sha ? report_hex(r, r->rules_sha, 32) : "—"));
    TRY(report_note(r, "输入指纹（各台账文件与细则文件摘要的 SHA-256）："));
    TRY(mono(r, report_hex(r, r->digest, 32)));
    TRY(report_note(r, report_fmt(r, "统计年度：%d；受益群众分摊：%s。", r->year,
                                  r->f->apportion == APPORTION_LEAD ?
                                  "全部计入牵头单位（lead）" : "按参与人次最大余数法分摊（share）")));
    TRY(report_note(r, "程序和程序库版本："));
    TRY(mono(r, report_fmt(r, "taizhang %s; libharu %s; cairo %s; GSL %s; zlib %s", TZ_VERSION,
                           HPDF_GetVersion(), cairo_version_string(), GSL_VERSION,
                           zlibVersion())));
    TRY(report_note(r, "字体：文泉驿正黑（fonts-wqy-zenhei）、AR PL UMing（fonts-arphic-uming）；"
                       "文件及摘要见输出目录的 manifest.json。"));
    TRY(report_note(r, "生成本报告的命令（〈输出文件夹〉为输出位置，不影响结果）："));
    TRY(mono(r, command_line(r)));
    TRY(pdf_heading(r->d, 2, "（三）如何复核"));
    TRY(report_para(r, "1．核对输入：对台账目录中的每个文件计算 SHA-256（如 sha256sum *.csv），"
                       "应与上文一致；输出目录的 manifest.json 记录了同样的摘要和每个输出文件的摘要。"));
    TRY(report_para(r, "2．重算全部结果：运行 taizhang verify 输出目录，程序按 manifest.json 中记录的"
                       "输入和选项重新计算，逐一比对每个输出文件（含本附件和正文报告），全部一致时"
                       "退出码为0。"));
    TRY(report_para(r, "3．复核单个数字：tables/ 下的 CSV 可用电子表格打开，正文和附件每张表下注明了"
                       "所用的 CSV；某单位的加分可用 taizhang explain 台账目录 单位编码 逐条查看"
                       "读取的数值和计入的活动编号。"));
    TRY(report_para(r, "4．报告的创建日期取自数据（最后一次活动的日期）或环境变量 SOURCE_DATE_EPOCH，"
                       "文件标识取自输入指纹，因此同样的输入总是生成同样的 PDF 文件。"));
out:
    return s;
}
