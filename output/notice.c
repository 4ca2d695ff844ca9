/* output/notice.c — the public notice (公示) of the assessment (see notice.h).
   May call: base/, input/ledger, pipeline/figures, rules/rules, rules/spread, output/pdf,
   output/csvw, output/assessdoc. */
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "output/assessdoc.h"
#include "output/report.h"
#include "output/notice.h"
#include "rules/spread.h"

static const pdf_style TITLE = {PDF_SANS, 17, 28, 0, PDF_CENTER, 1, {0.10, 0.10, 0.10}, 10};
static const pdf_style BODY = {PDF_SERIF, 11.5, 21, 23, PDF_LEFT, 0, {0.08, 0.08, 0.08}, 4};
static const pdf_style CAPTION = {PDF_SANS, 10.5, 18, 0, PDF_CENTER, 0, {0.10, 0.10, 0.10}, 2};
static const pdf_style UNIT_NOTE = {PDF_SERIF, 9, 14, 0, PDF_RIGHT, 0, {0.35, 0.35, 0.35}, 2};
static const pdf_style NOTE = {PDF_SERIF, 9, 14, 0, PDF_LEFT, 0, {0.35, 0.35, 0.35}, 4};
static const pdf_style SIGN = {PDF_SERIF, 11.5, 21, 0, PDF_RIGHT, 0, {0.08, 0.08, 0.08}, 0};

int notice_table(csvw *w, const run_context *rc)
{
    const ledger *l = rc->ledger;
    const bonus *b = rc->bonus;
    const rules *r = b->rules;
    size_t n = l->n_units;
    int grades = rules_grade_count(r) > 0;
    uint32_t *order = mem_alloc(2 * (n ? n : 1) * sizeof *order);
    if (!order || assessdoc_order(rc, order) != 0) {
        mem_free(order);
        w->failed = 1;
        return -1;
    }
    uint32_t *rank = order + n;
    spread_ranks(b, rank);
    csvw_str(w, "rank");
    csvw_str(w, "unit_id");
    csvw_str(w, "unit_name");
    for (size_t i = 0; i < rules_count(r); i++)
        csvw_str(w, rules_id(r, i));
    csvw_str(w, "bonus_points");
    if (grades)
        csvw_str(w, "grade");
    csvw_end_row(w);
    for (size_t k = 0; k < n; k++) {
        uint32_t u = order[k];
        const bonus_unit *bu = &b->units[u];
        csvw_int(w, rank[u]);
        csvw_str(w, l->units[u].id);
        csvw_str(w, l->units[u].name);
        for (size_t i = 0; i < rules_count(r); i++)
            csvw_fixed(w, bu->lines[i].final_cents, 2);
        csvw_fixed(w, bu->total_cents, 2);
        if (grades)
            csvw_str(w, bu->grade >= 0 ? rules_grade_name(r, (size_t)bu->grade) : NULL);
        csvw_end_row(w);
    }
    mem_free(order);
    return w->failed ? -1 : 0;
}

/* "1.00" into a new string of the notice's scratch list. */
typedef struct strings { char **s; size_t n, cap; int oom; } strings;

static const char *keep(strings *st, buf *b)
{
    char *s = buf_steal(b);
    if (!s || mem_grow(&st->s, &st->cap, st->n + 1, sizeof *st->s) != 0) {
        mem_free(s);
        st->oom = 1;
        return "";
    }
    st->s[st->n++] = s;
    return s;
}

static const char *fixed(strings *st, int64_t cents)
{
    buf b = BUF_INIT;
    if (num_format_fixed(&b, cents, 2) != 0)
        st->oom = 1;
    return keep(st, &b);
}

static void strings_free(strings *st)
{
    for (size_t i = 0; i < st->n; i++)
        mem_free(st->s[i]);
    mem_free(st->s);
}

/* The rules in short: each rule's name with its bounds, the total's bounds, the gate,
   the grades. */
static int rules_summary(buf *t, const rules *r)
{
    int bad = buf_puts(t, "考核加分项目：");
    for (size_t i = 0; i < rules_count(r) && !bad; i++) {
        bad |= buf_printf(t, "%s%s", i ? "；" : "", rules_label(r, i));
        int64_t cap = rules_cap_cents(r, i), floor = rules_floor_cents(r, i);
        if (cap >= 0)
            bad |= buf_puts(t, "（最高") || num_format_fixed(t, cap, 2) || buf_puts(t, "分）");
        if (floor != RULES_NO_FLOOR)
            bad |= buf_puts(t, floor < 0 ? "（最多扣" : "（最低") ||
                   num_format_fixed(t, floor < 0 ? -floor : floor, 2) || buf_puts(t, "分）");
    }
    bad |= buf_puts(t, "。");
    if (rules_total_cap_cents(r) >= 0)
        bad |= buf_puts(t, "加分合计不超过") || num_format_fixed(t, rules_total_cap_cents(r), 2) ||
               buf_puts(t, "分");
    int64_t tf = rules_total_floor_cents(r);
    bad |= buf_puts(t, rules_total_cap_cents(r) >= 0 ? "，" : "");
    if (tf == 0)
        bad |= buf_puts(t, "合计不低于0分。");
    else
        bad |= buf_puts(t, "扣分后合计最低") || num_format_fixed(t, tf, 2) || buf_puts(t, "分。");
    if (rules_gate_text(r))
        bad |= buf_puts(t, "不满足“") || assessdoc_gate_text(t, r) || buf_puts(t, "”的单位不加分。");
    for (size_t g = 0; g < rules_grade_count(r) && !bad; g++) {
        bad |= buf_printf(t, "%s“%s”为", g ? "；" : "等次：", rules_grade_name(r, g)) ||
               num_format_fixed(t, rules_grade_min_cents(r, g), 2) || buf_puts(t, "分及以上");
        int32_t share = rules_grade_share_permille(r, g);
        if (share >= 0)
            bad |= buf_puts(t, "，不超过单位总数的") || num_format_fixed(t, share, 1) ||
                   buf_puts(t, "%（同分的单位同进同出，放不下时一并列入下一等次）");
        if (g + 1 == rules_grade_count(r))
            bad |= buf_puts(t, "。");
    }
    return bad ? -1 : 0;
}

static tz_status body(pdf_doc *d, const run_context *rc, const char *title, strings *st)
{
    const ledger *l = rc->ledger;
    const bonus *b = rc->bonus;
    const rules *r = b->rules;
    int days = rc->opt && rc->opt->notice_days > 0 ? rc->opt->notice_days : NOTICE_DEFAULT_DAYS;
    const char *contact = rc->opt && rc->opt->contact ? rc->opt->contact : NOTICE_DEFAULT_CONTACT;
    int grades = rules_grade_count(r) > 0;
    size_t n = l->n_units, nr = rules_count(r);
    tz_status s;
    buf t = BUF_INIT;
    uint32_t *order = mem_alloc(2 * (n ? n : 1) * sizeof *order);
    pdf_column *cols = mem_calloc(nr + 4, sizeof *cols);
    const char **cells = mem_calloc(nr + 4, sizeof *cells);
    if (!order || !cols || !cells || assessdoc_order(rc, order) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    uint32_t *rank = order + n;
    spread_ranks(b, rank);

    if ((s = pdf_page_new(d, 0)) != TZ_OK || (s = pdf_text(d, &TITLE, title)) != TZ_OK)
        goto out;
    buf_clear(&t);
    if (buf_printf(&t, "根据考核加分规则，经对各单位报送的%d年度党员志愿服务台账进行统计核算，"
                       "现将%zu个单位的考核加分结果予以公示。", l->year, n) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_text(d, &BODY, t.data)) != TZ_OK)
        goto out;
    buf_clear(&t);
    if (buf_printf(&t, "公示期为%d个工作日，自发布之日起计算。公示期间，对考核结果有异议的，"
                       "请以书面形式向%s反映，并写明所在单位、异议事项和理由。", days, contact) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_text(d, &BODY, t.data)) != TZ_OK)
        goto out;
    buf_clear(&t);
    if (rules_summary(&t, r) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_text(d, &BODY, t.data)) != TZ_OK)
        goto out;
    buf_clear(&t);
    if (assessdoc_steps_text(&t, r) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_text(d, &BODY, t.data)) != TZ_OK)
        goto out;

    /* the table: every unit by rank */
    buf_clear(&t);
    if (buf_printf(&t, "表1　%d年度各单位考核加分结果", l->year) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_skip(d, 6)) != TZ_OK || (s = pdf_need(d, 80)) != TZ_OK ||
        (s = pdf_text(d, &CAPTION, t.data)) != TZ_OK || (s = pdf_text(d, &UNIT_NOTE, "单位：分")) != TZ_OK)
        goto out;
    size_t c = 0;
    cols[c++] = (pdf_column){"名次", 0.7, PDF_CENTER};
    cols[c++] = (pdf_column){"单位", 3.6, PDF_LEFT};
    for (size_t i = 0; i < nr; i++)
        cols[c++] = (pdf_column){rules_label(r, i), 1.2, PDF_RIGHT};
    cols[c++] = (pdf_column){"合计", 1.0, PDF_RIGHT};
    if (grades)
        cols[c++] = (pdf_column){"等次", 0.9, PDF_CENTER};
    if ((s = pdf_table_begin(d, cols, c, nr > 6 ? 7 : 8)) != TZ_OK)
        goto out;
    for (size_t k = 0; k < n; k++) {
        uint32_t u = order[k];
        const bonus_unit *bu = &b->units[u];
        buf cell = BUF_INIT;
        size_t x = 0;
        if (buf_printf(&cell, "%u", rank[u]) != 0)
            st->oom = 1;
        cells[x++] = keep(st, &cell);
        cells[x++] = l->units[u].name;
        for (size_t i = 0; i < nr; i++)
            cells[x++] = fixed(st, bu->lines[i].final_cents);
        cells[x++] = fixed(st, bu->total_cents);
        if (grades)
            cells[x++] = bu->grade >= 0 ? rules_grade_name(r, (size_t)bu->grade) : "—";
        if (st->oom) {
            s = TZ_NOMEM;
            goto out;
        }
        if ((s = pdf_table_row(d, cells, 0)) != TZ_OK)
            goto out;
    }
    if ((s = pdf_table_end(d)) != TZ_OK)
        goto out;
    buf_clear(&t);
    if (buf_printf(&t, "说明：名次按合计由高到低排列，合计相同的单位名次相同，按单位编码先后列出；"
                       "各项得分为计入总分的分数（已按加分合计上限、下限和门槛核定）。"
                       "数据来源：各单位报送的%d年度党员志愿服务台账。", l->year) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_text(d, &NOTE, t.data)) != TZ_OK)
        goto out;

    /* 落款: the issuing body and the date, right-aligned */
    buf_clear(&t);
    if (buf_puts(&t, assessdoc_org(rc)) != 0 || buf_putc(&t, '\n') != 0 ||
        assessdoc_date_text(&t, report_document_time(rc->ledger)) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = pdf_skip(d, 18)) != TZ_OK || (s = pdf_need(d, 50)) != TZ_OK ||
        (s = pdf_text(d, &SIGN, t.data)) != TZ_OK)
        goto out;
out:
    buf_release(&t);
    mem_free(order);
    mem_free(cols);
    mem_free(cells);
    return s;
}

tz_status notice_write(const run_context *rc, const char *path, buf *err)
{
    buf title = BUF_INIT;
    strings st = {NULL, 0, 0, 0};
    pdf_doc *d = NULL;
    pdf_config cfg;
    tz_status s;
    if (buf_printf(&title, "关于%d年度市直机关党员志愿服务考核加分结果的公示", rc->ledger->year) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    assessdoc_config(rc, title.data, &cfg);
    cfg.subject = "考核加分结果公示";
    if ((s = pdf_new(&cfg, &d, err)) != TZ_OK)
        goto out;
    if ((s = body(d, rc, title.data, &st)) == TZ_OK)
        s = pdf_save(d, path);
    if (s != TZ_OK && s != TZ_NOMEM && err)
        buf_printf(err, "无法生成公示 %s：%s\n", path, pdf_error(d));
out:
    if (s == TZ_NOMEM && err)
        buf_puts(err, "无法生成公示：内存不足\n");
    pdf_free(d);
    strings_free(&st);
    buf_release(&title);
    return s;
}
