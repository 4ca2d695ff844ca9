/* output/report.c — the year-end report and its annex: the documents' frame (metadata,
   fingerprint, cover, contents, 落款) and the number forms of the genre (report_int.h),
   written from the run context through the PDF layer. Figures are exact fractions rounded
   half up once, as the tables round them. No phone or ID number is printed; volunteers'
   names are not needed by any section and are never printed.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf,
   output/charts (the captions), output/cnnum, output/breakdowns, nettle (SHA-256). */
#include "output/report.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/num.h"
#include "output/charts.h"
#include "output/cnnum.h"
#include "output/pdf.h"
#include "output/report_int.h"
#include "rules/spread.h"

#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const pdf_style REPORT_BODY = {PDF_SERIF, 11.5, 21, 23, PDF_LEFT, 0, {0.08, 0.08, 0.08}, 5};
const pdf_style REPORT_NOTE = {PDF_SERIF, 9.5, 15, 0, PDF_LEFT, 0, {0.35, 0.35, 0.35}, 4};

#define DEFAULT_ORG "中共市直属机关工作委员会"

/* ---- small formatting helpers (shared with the section files) ----------------------- */

void report_oom(report *r)
{
    r->oom = 1;
}

/* A formatted string owned by the report until report_reset (never NULL: "" when out of
   memory, with r->oom set). */
const char *report_fmt(report *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf b = BUF_INIT;
    int bad = buf_vprintf(&b, fmt, ap) != 0 || buf_reserve(&b, 0) != 0;
    va_end(ap);
    if (bad || mem_grow(&r->strs, &r->cap_strs, r->n_strs + 1, sizeof *r->strs) != 0) {
        buf_release(&b);
        report_oom(r);
        return "";
    }
    r->strs[r->n_strs++] = b.data;
    return b.data;
}

void report_reset(report *r)
{
    for (size_t i = 0; i < r->n_strs; i++)
        mem_free(r->strs[i]);
    r->n_strs = 0;
}

/* Takes b's text as a report string (b is released). */
static const char *keep(report *r, buf *b, int bad)
{
    const char *t = bad ? "" : report_fmt(r, "%s", b->data ? b->data : "");
    if (bad)
        report_oom(r);
    buf_release(b);
    return t;
}

const char *report_int(report *r, int64_t v)
{
    return report_fmt(r, "%" PRId64, v);
}

const char *report_fixed(report *r, int64_t scaled, int places)
{
    buf b = BUF_INIT;
    return keep(r, &b, num_format_fixed(&b, scaled, places) != 0);
}

/* num/den as a percentage with one decimal ("23.5%"), or "—" when den is 0. */
const char *report_pct(report *r, int64_t num, int64_t den)
{
    int64_t q;
    if (den <= 0 || num_ratio_scaled(num, den, 3, &q) != 0)
        return "—";
    buf b = BUF_INIT;
    return keep(r, &b, num_format_fixed(&b, q, 1) != 0 || buf_putc(&b, '%') != 0);
}

static int64_t pow10i(int places)
{
    int64_t p = 1;
    while (places-- > 0)
        p *= 10;
    return p;
}

const char *report_amount(report *r, int64_t scaled, int places, const char *unit)
{
    int64_t one = pow10i(places), q;
    buf b = BUF_INIT;
    int bad;
    if ((scaled < 0 ? -scaled : scaled) >= 10000 * one && num_div_round(scaled, 100 * one, &q) == 0)
        bad = num_format_fixed(&b, q, 2) != 0 || buf_printf(&b, "万%s", unit) != 0;
    else
        bad = num_format_fixed(&b, scaled, places) != 0 || buf_puts(&b, unit) != 0;
    return keep(r, &b, bad);
}

const char *report_count(report *r, int64_t v, const char *unit)
{
    return report_amount(r, v, 0, unit);
}

const char *report_grouped(report *r, int64_t scaled, int places)
{
    buf b = BUF_INIT;
    return keep(r, &b, cnnum_fixed(&b, scaled, places) != 0);
}

const char *report_change(report *r, int64_t now, int64_t before, int places,
                          const char *unit)
{
    if (now == before)
        return "持平";
    int64_t diff = now > before ? now - before : before - now;
    const char *amount = report_amount(r, diff, places, unit);
    if (before <= 0)
        return report_fmt(r, "%s%s", now > before ? "增加" : "减少", amount);
    return report_fmt(r, "%s%s，%s%s", now > before ? "增加" : "减少", amount,
                      now > before ? "增长" : "下降", report_pct(r, diff, before));
}

const char *report_points(report *r, int64_t an, int64_t ad, int64_t bn, int64_t bd,
                          int64_t *points)
{
    /* a/b − c/d in percent with one decimal: (a·d − c·b)·1000 / (b·d), exact in int64 for
       any real ledger (counts far below 10^6) */
    int64_t num = an * bd - bn * ad, den = ad * bd, q = 0;
    if (den <= 0 || num_ratio_scaled(num < 0 ? -num : num, den, 3, &q) != 0) {
        if (points)
            *points = 0;
        return "—";
    }
    if (num < 0)
        q = -q;
    if (points)
        *points = q;
    if (q == 0)
        return "持平";
    return report_fmt(r, "%s%s个百分点", q > 0 ? "提高" : "下降",
                      report_fixed(r, q > 0 ? q : -q, 1));
}

const char *report_hex(report *r, const uint8_t *bytes, size_t n)
{
    char out[2 * 64 + 1];
    text_hex(bytes, n > 64 ? 64 : n, out);
    return report_fmt(r, "%s", out);
}

tz_status report_row(report *r, const char *const *cells, unsigned flags)
{
    if (r->oom)
        return TZ_NOMEM;
    return pdf_table_row(r->d, cells, flags);
}

tz_status report_para(report *r, const char *text)
{
    if (r->oom)
        return TZ_NOMEM;
    return pdf_text(r->d, &REPORT_BODY, text);
}

tz_status report_note(report *r, const char *text)
{
    if (r->oom)
        return TZ_NOMEM;
    return pdf_text(r->d, &REPORT_NOTE, text);
}

tz_status report_table(report *r, const char *title, const char *source, size_t rows,
                       const pdf_column *cols, size_t n_cols, double size)
{
    if (r->oom)
        return TZ_NOMEM;
    r->n_tables++;
    buf cap = BUF_INIT, src = BUF_INIT;
    tz_status s = TZ_NOMEM;
    if (buf_printf(&cap, "%s%d  %s", r->annex ? "附表" : "表", r->n_tables, title) == 0 &&
        buf_printf(&src, "数据来源：%s", source) == 0 &&
        (s = pdf_table_plan(r->d, cap.data, src.data, rows)) == TZ_OK)
        s = pdf_table_begin(r->d, cols, n_cols, size);
    buf_release(&cap);
    buf_release(&src);
    return s;
}

tz_status report_table_end(report *r)
{
    return pdf_table_end(r->d);
}

tz_status report_chart(report *r, const char *file)
{
    if (!r->charts_dir)
        return TZ_OK;
    const char *caption = NULL;
    for (size_t i = 0; i < CHARTS_COUNT; i++)
        if (strcmp(CHARTS[i].file, file) == 0)
            caption = CHARTS[i].title;
    buf path = BUF_INIT;
    tz_status s = TZ_OK;
    if (!caption || buf_printf(&path, "%s/%s.png", r->charts_dir, file) != 0) {
        s = caption ? TZ_NOMEM : TZ_SOFTWARE;
        goto out;
    }
    if (access(path.data, R_OK) == 0) {
        const char *numbered = report_fmt(r, "图%d  %s", ++r->n_charts, caption);
        s = r->oom ? TZ_NOMEM : pdf_image_png(r->d, path.data, PDF_CONTENT_WIDTH, numbered);
    }
out:
    buf_release(&path);
    return s;
}

int64_t report_units_with_bonus(const report *r)
{
    return bonus_units_with_points(r->b);    /* summary.csv's units_with_bonus */
}

/* "2025年3月5日" for a day number. */
const char *report_date(report *r, ledger_date day)
{
    if (day == LEDGER_NO_DATE)
        return "—";
    time_t t = (time_t)day * 86400;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return "—";
    return report_fmt(r, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

/* ---- ranking -------------------------------------------------------------------------- */

static const report *sort_ctx;

static int by_points(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    int64_t px = sort_ctx->b ? sort_ctx->b->units[x].total_cents : 0;
    int64_t py = sort_ctx->b ? sort_ctx->b->units[y].total_cents : 0;
    if (px != py)
        return px > py ? -1 : 1;
    return strcmp(sort_ctx->l->units[x].id, sort_ctx->l->units[y].id);
}

static int by_id(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return strcmp(sort_ctx->l->units[x].id, sort_ctx->l->units[y].id);
}

/* order: units by points (desc), then id; rank: rules/spread's (1 + units with more points). */
static tz_status rank_units(report *r)
{
    size_t n = r->l->n_units;
    r->order = mem_calloc(n ? n : 1, sizeof *r->order);
    r->by_id = mem_calloc(n ? n : 1, sizeof *r->by_id);
    r->rank = mem_calloc(n ? n : 1, sizeof *r->rank);
    if (!r->order || !r->rank || !r->by_id)
        return TZ_NOMEM;
    for (size_t i = 0; i < n; i++)
        r->order[i] = r->by_id[i] = i;
    sort_ctx = r;
    qsort(r->order, n, sizeof *r->order, by_points);
    qsort(r->by_id, n, sizeof *r->by_id, by_id);
    sort_ctx = NULL;
    if (r->b)
        spread_ranks(r->b, r->rank);
    return TZ_OK;
}

/* ---- fingerprint, dates ---------------------------------------------------------------- */

/* SHA-256 over each input file's name and hash in file order, then the rules' text. */
static void fingerprint(report *r)
{
    struct sha256_ctx c;
    sha256_init(&c);
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        const ledger_file *f = &r->l->files[k];
        if (!f->present)
            continue;
        sha256_update(&c, 1, (const uint8_t *)"F");
        sha256_update(&c, sizeof f->sha256, f->sha256);
    }
    if (r->rc->rules) {
        size_t len = 0;
        const char *t = rules_text(r->rc->rules, &len);
        uint8_t h[32];
        struct sha256_ctx rc;
        sha256_init(&rc);
        sha256_update(&rc, len, (const uint8_t *)t);
        sha256_digest(&rc, sizeof h, h);
        memcpy(r->rules_sha, h, sizeof h);
        r->has_rules_sha = 1;
        sha256_update(&c, 1, (const uint8_t *)"R");
        sha256_update(&c, sizeof h, h);
    }
    sha256_digest(&c, sizeof r->digest, r->digest);
    text_hex(r->digest, 8, r->short_fp);
}

/* The day the data reach to: the latest activity (or demand) date; LEDGER_NO_DATE if none. */
static ledger_date data_date(const ledger *l)
{
    ledger_date last = LEDGER_NO_DATE;
    for (size_t i = 0; i < l->n_activities; i++)
        if (last == LEDGER_NO_DATE || l->activities[i].date > last)
            last = l->activities[i].date;
    for (size_t i = 0; i < l->n_demands; i++)
        if (last == LEDGER_NO_DATE || l->demands[i].submitted_on > last)
            last = l->demands[i].submitted_on;
    return last;
}

int64_t report_document_time(const ledger *l)
{
    const char *e = getenv("SOURCE_DATE_EPOCH");
    if (e && *e) {
        char *end;
        long long v = strtoll(e, &end, 10);
        if (*end == '\0' && v >= 0)
            return (int64_t)v;
    }
    ledger_date day = data_date(l);
    return day == LEDGER_NO_DATE ? 0 : (int64_t)day * 86400;
}

int report_title(const run_options *opt, int year, buf *out)
{
    if (opt && opt->title)
        return buf_puts(out, opt->title);
    return buf_printf(out, "市直机关党员志愿服务%d年度工作报告", year);
}

static const char *org_name(const run_options *opt)
{
    return opt && opt->org_name ? opt->org_name : DEFAULT_ORG;
}

/* ---- cover ---------------------------------------------------------------------------- */

static tz_status cover(report *r)
{
    static const pdf_style ORG = {PDF_SANS, 15, 24, 0, PDF_CENTER, 0, {0.70, 0.09, 0.09}, 0};
    static const pdf_style TITLE = {PDF_SANS, 26, 40, 0, PDF_CENTER, 1, {0.70, 0.09, 0.09}, 0};
    static const pdf_style META = {PDF_SERIF, 12, 24, 0, PDF_CENTER, 0, {0.15, 0.15, 0.15}, 0};
    static const pdf_style SMALL = {PDF_SERIF, 10, 17, 0, PDF_CENTER, 0, {0.35, 0.35, 0.35}, 0};
    tz_status s;
    double h;
    if ((s = pdf_page_new(r->d, 1)) != TZ_OK)
        return s;
    double x = PDF_MARGIN_LEFT + 20, w = PDF_CONTENT_WIDTH - 40;
    /* A title too wide for one line breaks before its year (or at a space) rather than
       wherever the width runs out. */
    buf title = BUF_INIT;
    const char *t = r->title.data;
    size_t len = r->title.len, cut = len;
    if (pdf_text_width(r->d, TITLE.font, TITLE.size, t, len) > w)
        for (size_t i = 0; i < len; i++)
            if ((t[i] == ' ' || (t[i] >= '0' && t[i] <= '9')) &&
                pdf_text_width(r->d, TITLE.font, TITLE.size, t, i) >= w / 3 &&
                pdf_text_width(r->d, TITLE.font, TITLE.size, t, i) <= w) {
                cut = i;
                break;
            }
    if (buf_append(&title, t, cut) != 0 ||
        (cut < len && (buf_putc(&title, '\n') != 0 ||
                       buf_append(&title, t + cut + (t[cut] == ' '), len - cut - (t[cut] == ' ')) != 0)) ||
        (r->annex && buf_puts(&title, "\n附件") != 0)) {
        buf_release(&title);
        return TZ_NOMEM;
    }
    s = pdf_text_box(r->d, &ORG, x, 680, w, org_name(r->rc->opt), &h);
    if (s == TZ_OK)
        s = pdf_text_box(r->d, &TITLE, x, 600, w, title.data, &h);
    buf_release(&title);
    if (s != TZ_OK)
        return s;
    double y = 600 - h - 60;
    report_reset(r);
    const char *lines[] = {
        report_fmt(r, "统计期间：%d年1月1日至%d年12月31日", r->year, r->year),
        report_fmt(r, "数据截至：%s", report_date(r, r->data_day)),
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        if (!lines[i][0])
            continue;
        if (r->oom)
            return TZ_NOMEM;
        if ((s = pdf_text_box(r->d, &META, x, y, w, lines[i], &h)) != TZ_OK)
            return s;
        y -= h;
    }
    if (r->dropped > 0) {
        const char *note = report_fmt(r, "注：台账中有%" PRIu64 "条记录因错误未计入统计，"
                                      "逐条列于附件5。", r->dropped);
        if (r->oom)
            return TZ_NOMEM;
        if ((s = pdf_text_box(r->d, &SMALL, x, y - 10, w, note, &h)) != TZ_OK)
            return s;
    }
    /* the issuing body and the date at the foot, as on a printed report */
    if ((s = pdf_text_box(r->d, &META, x, 170, w, org_name(r->rc->opt), &h)) != TZ_OK)
        return s;
    return pdf_text_box(r->d, &META, x, 170 - h, w, report_date(r, r->data_day), &h);
}

/* 落款: the committee and the date, right-aligned under the last chapter. */
static tz_status signature(report *r)
{
    static const pdf_style SIGN = {PDF_SERIF, 12, 24, 0, PDF_RIGHT, 0, {0.08, 0.08, 0.08}, 0};
    tz_status s;
    if ((s = pdf_need(r->d, 110)) != TZ_OK || (s = pdf_skip(r->d, 36)) != TZ_OK)
        return s;
    report_reset(r);
    const char *text = report_fmt(r, "%s\n%s", org_name(r->rc->opt),
                                  report_date(r, r->data_day));
    if (r->oom)
        return TZ_NOMEM;
    return pdf_text(r->d, &SIGN, text);
}

/* ---- the documents ----------------------------------------------------------------------- */

static tz_status body(report *r)
{
    tz_status s;
    if ((s = report_overview(r)) != TZ_OK || (s = report_work(r)) != TZ_OK ||
        (s = report_assess(r)) != TZ_OK || (s = report_problems(r)) != TZ_OK ||
        (s = report_next(r)) != TZ_OK)
        return s;
    return signature(r);
}

static tz_status annex(report *r)
{
    tz_status s;
    if ((s = annex_units(r)) != TZ_OK || (s = annex_ranking(r)) != TZ_OK ||
        (s = annex_teams(r)) != TZ_OK || (s = annex_statistics(r)) != TZ_OK ||
        (s = annex_quality(r)) != TZ_OK || (s = annex_definitions(r)) != TZ_OK)
        return s;
    return annex_sources(r);
}

/* One document at path: the body (annex = 0) or the annex. */
static tz_status write_doc(report *r, const char *path, int is_annex)
{
    tz_status s;
    pdf_config cfg = {0};
    buf subject = BUF_INIT, header = BUF_INIT;
    r->annex = is_annex;
    r->n_tables = r->n_charts = 0;
    pdf_free(r->d);
    r->d = NULL;
    if (buf_printf(&subject, "%s %d 年度党员志愿服务工作报告%s", org_name(r->rc->opt),
                   r->year, is_annex ? "附件（各单位数据、排名、数据质量、口径与复核）"
                                     : "（总体情况、做法成效、考核加分、问题与建议）") != 0 ||
        buf_printf(&header, "%s%s", r->title.data, is_annex ? "（附件）" : "") != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    cfg.title = header.data;
    cfg.subject = subject.data;
    cfg.author = org_name(r->rc->opt);
    cfg.creator = "taizhang " TZ_VERSION;
    cfg.keywords = "党员志愿服务, 台账, 考核加分";
    cfg.running_header = header.data;
    cfg.date = report_document_time(r->rc->ledger);
    memcpy(cfg.id, r->digest, sizeof cfg.id);
    cfg.id[15] ^= (uint8_t)is_annex;       /* two files, two identifiers */
    cfg.has_id = 1;
    cfg.run_on = !is_annex;
    if ((s = pdf_new(&cfg, &r->d, r->err)) != TZ_OK)
        goto out;
    if ((s = cover(r)) != TZ_OK)
        goto fail;
    pdf_contents_here(r->d, "目  录");
    if ((s = is_annex ? annex(r) : body(r)) != TZ_OK)
        goto fail;
    if (r->oom) {
        s = TZ_NOMEM;
        goto fail;
    }
    if ((s = pdf_save(r->d, path)) != TZ_OK)
        goto fail;
    if (pdf_missing_glyph_count(r->d) > 0)
        fprintf(stderr, "taizhang: 警告：%s 中有 %zu 个字符在字体中没有字形，会显示为空框；"
                "请在台账中核对单位或活动名称中的生僻字\n", path, pdf_missing_glyph_count(r->d));
    if (pdf_non_bmp_count(r->d) > 0)
        fprintf(stderr, "taizhang: 警告：%s 中有 %zu 个生僻字（基本多文种平面以外）无法用内置字体"
                "显示，已印为空格；请在台账中核对单位或活动名称\n", path, pdf_non_bmp_count(r->d));
    goto out;
fail:
    if (s == TZ_NOMEM || r->oom)
        s = TZ_NOMEM;
    if (r->err)
        buf_printf(r->err, "无法生成报告 %s：%s\n", path,
                   s == TZ_NOMEM ? "内存不足" : pdf_error(r->d));
out:
    buf_release(&subject);
    buf_release(&header);
    return s;
}

tz_status report_write(const run_context *rc, const char *dir)
{
    buf err = BUF_INIT;
    tz_status s = report_write_err(rc, dir, &err);
    /* one "taizhang: " line per message */
    for (size_t i = 0; i < err.len;) {
        size_t n = 0;
        while (i + n < err.len && err.data[i + n] != '\n')
            n++;
        fprintf(stderr, "taizhang: %.*s\n", (int)n, err.data + i);
        i += n + 1;
    }
    if (s != TZ_OK && err.len == 0)
        fprintf(stderr, "taizhang: 无法在 %s 生成报告\n", dir);
    buf_release(&err);
    return s;
}

tz_status report_write_err(const run_context *rc, const char *dir, buf *err)
{
    report r;
    memset(&r, 0, sizeof r);
    r.rc = rc;
    r.l = rc->ledger;
    r.f = rc->figures;
    r.b = rc->bonus;
    r.err = err;
    r.year = rc->ledger->year;
    r.data_day = data_date(rc->ledger);
    for (int k = 0; k < LEDGER_FILE_COUNT; k++)
        r.dropped += rc->ledger->files[k].rows_dropped;
    buf charts = BUF_INIT, path = BUF_INIT;
    tz_status s;
    if (buf_printf(&charts, "%s/charts", dir) != 0 ||
        report_title(rc->opt, r.year, &r.title) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    r.charts_dir = charts.data;
    fingerprint(&r);
    if ((s = rank_units(&r)) != TZ_OK || (s = breakdowns_compute(rc, &r.bd)) != TZ_OK ||
        (s = report_judge(&r)) != TZ_OK)
        goto out;
    if (buf_printf(&path, "%s/%s", dir, REPORT_FILE) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if ((s = write_doc(&r, path.data, 0)) != TZ_OK)
        goto out;
    buf_clear(&path);
    if (buf_printf(&path, "%s/%s", dir, REPORT_ANNEX_FILE) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    s = write_doc(&r, path.data, 1);
out:
    if (s == TZ_NOMEM && err && !r.d)
        buf_puts(err, "无法生成报告：内存不足\n");
    pdf_free(r.d);
    mem_free(r.order);
    mem_free(r.by_id);
    mem_free(r.rank);
    breakdowns_free(r.bd);
    report_findings_free(&r.fd);
    buf_release(&r.title);
    report_reset(&r);
    mem_free(r.strs);
    buf_release(&charts);
    buf_release(&path);
    return s;
}
