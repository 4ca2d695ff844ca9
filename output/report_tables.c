/* output/report_tables.c — sections 六 to 九 of the report: the bonus ranking, the
   per-unit appendix, data quality, and the sources an auditor needs to reproduce it all.
   May call: base/, input/ledger, pipeline/figures, pipeline/run, rules/rules, output/pdf,
   output/report_int, and the version calls of cairo, GSL, libharu and zlib. */
#include "output/report_int.h"
#include "pipeline/anomaly.h"
#include "base/mem.h"
#include "base/text.h"
#include "output/manifest.h"
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

static const char *points(report *r, int64_t cents)
{
    return report_fixed(r, cents, 2);
}

static const char *hex(report *r, const uint8_t *bytes, size_t n)
{
    char out[2 * 64 + 1];
    if (n > 64)
        n = 64;
    text_hex(bytes, n, out);
    return report_fmt(r, "%s", out);
}

/* ---- 六、考核加分 ---------------------------------------------------------------------- */

tz_status report_bonus(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const rules *ru = r->rc->rules;
    TRY(pdf_heading(r->d, 1, "六、考核加分"));
    if (!r->b) {
        TRY(report_para(r, "本次运行未计算考核加分。"));
        goto out;
    }
    size_t n_rules = ru ? rules_count(ru) : 0;
    report_reset(r);
    if (n_rules > 0) {
        TRY(report_para(r, report_fmt(r,
            "考核加分按考核办公室维护的规则计算，本次使用的规则为：%s，其 SHA-256 见第九部分。"
            "每条规则的得分先四舍五入到 0.01 分再按该条上限封顶，各条相加后再按总分上限封顶%s。"
            "现行规则如下。",
            rules_source_name(ru),
            rules_total_cap_cents(ru) >= 0 ?
                report_fmt(r, "（总分上限 %s 分）", points(r, rules_total_cap_cents(ru))) : "")));
        TRY(pdf_heading(r->d, 2, "（一）现行规则"));
        {
            const pdf_column cols[] = {{"序号", 0.7, PDF_RIGHT}, {"规则代码", 2.2, PDF_LEFT},
                                       {"规则", 3.6, PDF_LEFT}, {"上限（分）", 1.2, PDF_RIGHT}};
            TRY(pdf_table_begin(r->d, cols, 4, 9.5));
            for (size_t i = 0; i < n_rules; i++) {
                report_reset(r);
                int64_t cap = rules_cap_cents(ru, i);
                const char *cells[] = {report_fmt(r, "%zu", i + 1), rules_id(ru, i),
                                       rules_label(ru, i), cap >= 0 ? points(r, cap) : "—"};
                TRY(report_row(r, cells, 0));
            }
            TRY(pdf_table_end(r->d));
        }
        const char *gate = rules_gate_text(ru);
        if (gate) {
            report_reset(r);
            TRY(report_note(r, report_fmt(r, "门槛：%s。不满足门槛的单位各条规则均不得分。", gate)));
        }
    }

    TRY(pdf_heading(r->d, 2, n_rules > 0 ? "（二）各单位得分与排名" : "各单位得分与排名"));
    {
        size_t shown = n_rules < MAX_RULE_COLUMNS ? n_rules : MAX_RULE_COLUMNS;
        pdf_column cols[3 + MAX_RULE_COLUMNS + 1];
        size_t nc = 0;
        cols[nc++] = (pdf_column){"排名", 0.8, PDF_RIGHT};
        cols[nc++] = (pdf_column){"单位", 3.4, PDF_LEFT};
        report_reset(r);
        for (size_t i = 0; i < shown; i++)
            cols[nc++] = (pdf_column){report_fmt(r, "规则%zu", i + 1), 0.95, PDF_RIGHT};
        cols[nc++] = (pdf_column){"合计", 1.0, PDF_RIGHT};
        if (r->oom) {
            s = TZ_NOMEM;
            goto out;
        }
        TRY(pdf_table_begin(r->d, cols, nc, 8));
        for (size_t k = 0; k < l->n_units; k++) {
            size_t u = r->order[k];
            const bonus_unit *bu = &r->b->units[u];
            const char *cells[3 + MAX_RULE_COLUMNS + 1];
            size_t c = 0;
            report_reset(r);
            cells[c++] = report_fmt(r, "%zu", r->rank[u]);
            cells[c++] = report_fmt(r, "%s%s", l->units[u].name,
                                    bu->gated_out ? "（无参与记录，不计分）" : "");
            for (size_t i = 0; i < shown; i++)
                cells[c++] = points(r, bu->lines[i].final_cents);
            cells[c++] = points(r, bu->total_cents);
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
        report_reset(r);
        TRY(report_note(r, report_fmt(r,
            "注：“规则 N”对应上表序号，列出的是总分封顶后的各条得分；总分相同的单位名次相同，"
            "按单位编码排列。每个单位每条规则读取的数值和计入的活动编号见 tables/bonus_audit.csv，"
            "或运行 taizhang explain 台账目录 单位编码。%s",
            n_rules > shown ? "规则超过 8 条，表中只列前 8 条，合计包含全部规则。" : "")));
        TRY(report_chart(r, "01-bonus", "哪些单位考核加分最多？"));
    }
out:
    return s;
}

/* ---- 七、各单位情况 -------------------------------------------------------------------- */

tz_status report_units(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const figures *f = r->f;
    TRY(pdf_heading(r->d, 1, "七、各单位情况"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "下表按单位编码列出全部 %zu 个单位的主要数据：参与率＝党员志愿者÷党员；"
        "活动栏为独立开展/组团服务/工委统一组织的次数；%s按参与人次分摊到各单位%s；"
        "时长单位为小时。",
        l->n_units, FIGURES_UNIT_COLUMNS[FIGURES_BENEFICIARIES].chinese,
        f->apportion == APPORTION_LEAD ? "（本次按牵头单位全额计入）" : "")));
    const pdf_column cols[] = {
        {"编码", 0.85, PDF_LEFT}, {"单位名称", 3.5, PDF_LEFT}, {"党员", 0.7, PDF_RIGHT},
        {"志愿者/党员志愿者", 1.25, PDF_RIGHT}, {"参与率", 1.05, PDF_RIGHT},
        {"人次", 0.8, PDF_RIGHT}, {"时长", 1.0, PDF_RIGHT}, {"活动", 1.4, PDF_CENTER},
        {"受益", 0.95, PDF_RIGHT}, {"加分", 0.75, PDF_RIGHT}, {"名次", 0.65, PDF_RIGHT}};
    TRY(pdf_table_begin(r->d, cols, sizeof cols / sizeof cols[0], 8));
    for (size_t k = 0; k < l->n_units; k++) {
        size_t u = r->by_id[k];
        const figures_unit *fu = &f->units[u];
        report_reset(r);
        const char *cells[] = {
            l->units[u].id, l->units[u].name, report_int(r, fu->party_members),
            report_fmt(r, "%" PRId64 "/%" PRId64, fu->volunteers, fu->party_volunteers),
            report_pct(r, fu->party_volunteers, fu->party_members),
            report_int(r, fu->person_times), report_fixed(r, fu->hours_tenths, 1),
            report_fmt(r, "%" PRId64 "/%" PRId64 "/%" PRId64, fu->activities_independent,
                       fu->activities_group, fu->activities_committee),
            report_int(r, fu->beneficiaries),
            r->b ? points(r, r->b->units[u].total_cents) : "—",
            r->b ? report_fmt(r, "%zu", r->rank[u]) : "—"};
        TRY(report_row(r, cells, 0));
    }
    TRY(pdf_table_end(r->d));
out:
    return s;
}

/* ---- 八、数据质量 ---------------------------------------------------------------------- */

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

static const char *stat_text(report *r, stats_value v)
{
    return v.defined ? report_fixed(r, v.e4, 4) : "—";
}

/* Units whose hours per active volunteer lie beyond Q3 + 3·IQR, as pipeline/stats found
   them, and the statistics across units (tables/statistics.csv). */
static tz_status statistics(report *r)
{
    tz_status s = TZ_OK;
    const ledger *l = r->l;
    const figures *f = r->f;
    const stats *st = r->rc->stats;
    TRY(pdf_heading(r->d, 2, "（二）统计异常值"));
    TRY(report_chart(r, "06-hours", "各单位活跃志愿者人均服务多少小时？"));
    if (!st || !st->outlier_fence.defined) {
        TRY(report_para(r, "有志愿者的单位太少，不计算异常值。"));
        goto out;
    }
    const stats_summary *h = &st->figures[STATS_HOURS_PER_ACTIVE];
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "按“人均服务时长”（单位服务时长÷参与服务的志愿者人数）检查：%zu 个单位中，第一四分位数"
        " %s 小时、第三四分位数 %s 小时，高于 Q3＋3×IQR＝%s 小时的单位有 %zu 个%s",
        h->n, stat_text(r, h->q1), stat_text(r, h->q3), stat_text(r, st->outlier_fence),
        st->n_outliers, st->n_outliers ? "，列于下表，请核对其台账。" : "。")));
    if (st->n_outliers > 0) {
        const figures_column *hours = &FIGURES_UNIT_COLUMNS[FIGURES_HOURS];
        report_reset(r);
        const pdf_column cols[] = {{"编码", 1.2, PDF_LEFT}, {"单位名称", 3.4, PDF_LEFT},
                                   {report_fmt(r, "%s（%s）", hours->chinese, hours->measure),
                                    1.5, PDF_RIGHT},
                                   {FIGURES_UNIT_COLUMNS[FIGURES_ACTIVE_VOLUNTEERS].chinese, 1.2,
                                    PDF_RIGHT},
                                   {"人均时长", 1.3, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 5, 9));
        for (size_t k = 0; k < st->n_outliers; k++) {
            size_t u = st->outliers[k];
            if (u >= l->n_units)
                continue;
            const figures_unit *fu = &f->units[u];
            report_reset(r);
            const char *cells[] = {l->units[u].id, l->units[u].name,
                                   report_fixed(r, fu->hours_tenths, 1),
                                   report_int(r, fu->active_volunteers),
                                   stat_text(r, stats_make(st->outlier_values[k]))};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
    }

    TRY(pdf_heading(r->d, 2, "（三）各单位统计量"));
    {
        const char *const LABELS[STATS_FIGURE_COUNT] = {
            [STATS_PARTICIPATION_RATE] = FIGURES_UNIT_COLUMNS[FIGURES_PARTICIPATION_RATE].chinese,
            [STATS_HOURS_PER_ACTIVE] = "人均服务时长（小时）",
            [STATS_PERSON_TIMES_PER_MEMBER] = "党员人均参与人次",
            [STATS_BENEFICIARIES] = FIGURES_UNIT_COLUMNS[FIGURES_BENEFICIARIES].chinese,
            [STATS_BONUS_POINTS] = "考核加分"};
        const pdf_column cols[] = {{"指标", 2.3, PDF_LEFT}, {"单位数", 0.9, PDF_RIGHT},
                                   {"均值", 1.3, PDF_RIGHT}, {"标准差", 1.3, PDF_RIGHT},
                                   {"最小", 1.2, PDF_RIGHT}, {"Q1", 1.2, PDF_RIGHT},
                                   {"中位数", 1.3, PDF_RIGHT}, {"Q3", 1.3, PDF_RIGHT},
                                   {"最大", 1.3, PDF_RIGHT}};
        TRY(pdf_table_begin(r->d, cols, 9, 7.5));
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
        TRY(pdf_table_end(r->d));
        report_reset(r);
        TRY(report_para(r, report_fmt(r,
            "参与率与党员人均受益人数的相关系数：Pearson %s，Spearman %s（%zu 个单位）。"
            "服务时长最多的 10%% 志愿者贡献了全部时长的 %s，基尼系数 %s。"
            "各月参与人次的线性趋势为每月 %s 人次（标准误 %s）。"
            "数值保留 4 位小数，与 tables/statistics.csv 一致。",
            stat_text(r, st->pearson), stat_text(r, st->spearman), st->correlation_n,
            st->top10_share.defined ? report_pct(r, st->top10_share.e4, 10000) : "—",
            stat_text(r, st->gini), stat_text(r, st->trend_slope),
            stat_text(r, st->trend_slope_se))));
    }
out:
    return s;
}

#define MAX_LISTED_WARNINGS 300

static tz_status problem_table(report *r, problem_severity sev, size_t limit)
{
    tz_status s;
    const problem_list *pl = &r->l->problems;
    const pdf_column cols[] = {{"位置", 2.0, PDF_LEFT}, {"代码", 2.5, PDF_LEFT},
                               {"说明", 3.8, PDF_LEFT}, {"值", 1.5, PDF_LEFT}};
    size_t listed = 0;
    TRY(pdf_table_begin(r->d, cols, 4, 8));
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
    TRY(pdf_table_end(r->d));
out:
    return s;
}

/* The units whose figures are far outside the others' (pipeline/anomaly), each with its
   reason, under the stated rule. */
static tz_status unusual(report *r, const char *heading)
{
    tz_status s;
    const anomalies *a = r->rc->anomalies;
    if (!a)
        return TZ_OK;
    TRY(pdf_heading(r->d, 2, heading));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "以下两种情形逐一列出（validation.csv 中代码为 figure.unusual）：参与服务的志愿者多于本单位登记的"
        "志愿者；每名党员对应的参与人次超过各单位（共 %zu 个有志愿者、有党员的单位）的上四分位数加 %d 倍四分位距"
        "（本年为 %s）。这些数字按归属规则可能是对的，但需要核对。%s",
        a->compared, ANOMALY_IQR_FACTOR, report_fixed(r, (int64_t)(a->limit * 100 + 0.5), 2),
        a->count ? "" : "本年没有这样的单位。")));
    buf line = BUF_INIT;
    for (size_t i = 0; i < a->count; i++) {
        buf_clear(&line);
        if (anomaly_describe(r->f, a, i, &line) != 0) {
            buf_release(&line);
            return TZ_NOMEM;
        }
        if ((s = report_para(r, line.data)) != TZ_OK) {
            buf_release(&line);
            return s;
        }
    }
    buf_release(&line);
    s = TZ_OK;
out:
    return s;
}

tz_status report_quality(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    const problem_list *pl = &l->problems;
    int lenient = r->rc->opt && r->rc->opt->lenient;
    uint64_t dropped = 0;
    for (int k = 0; k < LEDGER_FILE_COUNT; k++)
        dropped += l->files[k].rows_dropped;
    TRY(pdf_heading(r->d, 1, "八、数据质量"));
    report_reset(r);
    TRY(report_para(r, report_fmt(r,
        "台账校验共发现错误 %zu 处、警告 %zu 处、提示 %zu 处。%s完整清单（含行号、列号与修改建议）"
        "见 validation.csv。",
        pl->errors, pl->warnings, pl->notices,
        lenient ? report_fmt(r, "本次以宽松模式运行：有错误的 %" PRIu64 " 行未计入统计，逐行列于下文。",
                             dropped)
                : "本次以严格模式运行：台账无错误，全部记录计入统计。")));

    TRY(pdf_heading(r->d, 2, "（一）警告"));
    if (pl->warnings == 0) {
        TRY(report_para(r, "无。"));
    } else {
        TRY(problem_table(r, SEV_WARNING, MAX_LISTED_WARNINGS));
        if (pl->warnings > MAX_LISTED_WARNINGS) {
            report_reset(r);
            TRY(report_note(r, report_fmt(r, "警告共 %zu 处，此处列出前 %d 处，其余见 validation.csv。",
                                          pl->warnings, MAX_LISTED_WARNINGS)));
        }
    }
    TRY(statistics(r));
    if (lenient) {
        TRY(pdf_heading(r->d, 2, "（四）未计入统计的记录"));
        if (pl->errors == 0)
            TRY(report_para(r, "无。"));
        else
            TRY(problem_table(r, SEV_ERROR, (size_t)-1));
    }
    TRY(unusual(r, lenient ? "（五）数字异常的单位" : "（四）数字异常的单位"));
out:
    return s;
}

/* ---- 九、数据来源与复核 ---------------------------------------------------------------- */

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

tz_status report_sources(report *r)
{
    tz_status s;
    const ledger *l = r->l;
    TRY(pdf_heading(r->d, 1, "九、数据来源与复核"));
    TRY(report_para(r, "本报告的全部数字由下列输入文件和规则文件计算得出。任何人用相同的输入、"
                       "规则和程序版本重新运行，都能得到相同的表格和逐字节相同的报告。"));
    TRY(pdf_heading(r->d, 2, "（一）输入文件"));
    {
        const pdf_column cols[] = {{"文件", 1.7, PDF_LEFT}, {"编码", 1.2, PDF_LEFT},
                                   {"记录", 0.8, PDF_RIGHT}, {"未计入", 0.8, PDF_RIGHT},
                                   {"SHA-256", 4.6, PDF_LEFT}};
        TRY(pdf_table_begin(r->d, cols, 5, 8.5));
        for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
            const ledger_file *f = &l->files[k];
            static const char *const NAMES[LEDGER_FILE_COUNT] = {
                "units.csv", "teams.csv", "volunteers.csv", "activities.csv",
                "participation.csv", "demands.csv", "results.csv"};
            report_reset(r);
            const char *cells[] = {NAMES[k], f->present ? f->encoding : "（无此文件）",
                                   f->present ? report_fmt(r, "%" PRIu64, f->rows) : "—",
                                   f->present ? report_fmt(r, "%" PRIu64, f->rows_dropped) : "—",
                                   f->present ? hex(r, f->sha256, sizeof f->sha256) : "—"};
            TRY(report_row(r, cells, 0));
        }
        TRY(pdf_table_end(r->d));
    }
    TRY(pdf_heading(r->d, 2, "（二）规则、程序与环境"));
    {
        const pdf_column cols[] = {{"项目", 2.2, PDF_LEFT}, {"内容", 6.6, PDF_LEFT}};
        TRY(pdf_table_begin(r->d, cols, 2, 8.5));
        report_reset(r);
        const char *rows[][2] = {
            {"规则文件", r->rc->rules ?
                         rules_source_name(r->rc->rules) : "（未使用）"},
            {"规则文件 SHA-256", r->has_rules_sha ? hex(r, r->rules_sha, 32) : "—"},
            {"输入指纹", hex(r, r->digest, 32)},
            {"统计年度", report_fmt(r, "%d", r->year)},
            {"受益人数分摊", r->f->apportion == APPORTION_LEAD ? "lead（全部计入牵头单位）"
                                                            : "share（按参与人次最大余数法分摊）"},
            {"程序", "taizhang " TZ_VERSION},
            {"程序库", report_fmt(r, "libharu %s；cairo %s；GSL %s；zlib %s", HPDF_GetVersion(),
                                  cairo_version_string(), GSL_VERSION, zlibVersion())},
            {"字体", "文泉驿正黑 wqy-zenhei.ttc（fonts-wqy-zenhei）；AR PL UMing uming.ttc"
                     "（fonts-arphic-uming）"},
            {"命令行", command_line(r)},
        };
        for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
            TRY(report_row(r, rows[i], 0));
        TRY(pdf_table_end(r->d));
    }
    TRY(pdf_heading(r->d, 2, "（三）如何复核"));
    TRY(report_para(r, "1．核对输入：对台账目录中的每个文件计算 SHA-256（如 sha256sum *.csv），"
                       "应与上表一致；输出目录的 manifest.json 记录了同样的摘要和每个输出文件的摘要。"));
    TRY(report_para(r, "2．重算全部结果：运行 taizhang verify 输出目录，程序按 manifest.json 中记录的"
                       "输入和选项重新计算，逐一比对每个输出文件，全部一致时退出码为 0。"));
    TRY(report_para(r, "3．复核单个数字：tables/ 下的 CSV 可用电子表格打开，各指标的定义见程序文档"
                       " docs/figures.md；某单位的加分可用 taizhang explain 台账目录 单位编码 逐条查看"
                       "读取的数值和计入的活动编号。"));
    TRY(report_para(r, "4．报告的创建日期取自数据（最后一次活动的日期）或环境变量 SOURCE_DATE_EPOCH，"
                       "文件标识（/ID）取自输入指纹，因此同样的输入总是生成同样的 PDF 文件。"));
out:
    return s;
}
