/* output/report.c — the annual report: the document frame (metadata, fingerprint, cover,
   contents) and the sections, written from the run context through the PDF layer.
   Figures are printed exactly as the tables give them (integers, hours to 0.1, rates as
   percentages of the exact fraction, rounded half up). No phone or ID number is printed;
   volunteers' names are not needed by any section and are never printed.
   May call: base/, input/ledger, pipeline/figures, pipeline/run, rules/rules, output/pdf,
   nettle (SHA-256), and the version calls of the libraries named in section 九. */
#include "output/report.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/num.h"
#include "output/pdf.h"
#include "output/report_int.h"

#include <inttypes.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *const REPORT_AREA_NAMES[AREA_COUNT] = {"社区", "林区", "牧区", "农区", "站所",
                                                   "其他"};
const char *const REPORT_CHANNEL_NAMES[CHANNEL_COUNT] = {"座谈会", "走访", "意见箱",
                                                         "热线电话", "网络", "其他"};
const char *const REPORT_POLITICAL_NAMES[POL_COUNT] = {"中共党员", "中共预备党员", "共青团员",
                                                       "入党积极分子", "群众"};
const char *const REPORT_MODE_NAMES[MODE_COUNT] = {"独立开展", "组团服务", "工委统一组织"};

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

const char *report_int(report *r, int64_t v)
{
    return report_fmt(r, "%" PRId64, v);
}

const char *report_fixed(report *r, int64_t scaled, int places)
{
    buf b = BUF_INIT;
    if (num_format_fixed(&b, scaled, places) != 0) {
        report_oom(r);
        return "";
    }
    const char *h = report_fmt(r, "%s", b.data);
    buf_release(&b);
    return h;
}

/* num/den as a percentage with two decimals ("23.45%"), or "—" when den is 0. */
const char *report_pct(report *r, int64_t num, int64_t den)
{
    int64_t q;
    if (den <= 0)
        return report_fmt(r, "—");
    if (num_ratio_scaled(num, den, 4, &q) != 0)
        return report_fmt(r, "—");
    buf b = BUF_INIT;
    if (num_format_fixed(&b, q, 2) != 0 || buf_putc(&b, '%') != 0) {
        buf_release(&b);
        report_oom(r);
        return "";
    }
    const char *h = report_fmt(r, "%s", b.data);
    buf_release(&b);
    return h;
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
    return pdf_text(r->d, &REPORT_NOTE, text);
}

/* Embeds <charts>/<name>.png when the charts stage drew it; nothing otherwise. */
tz_status report_chart(report *r, const char *name, const char *caption)
{
    if (!r->charts_dir)
        return TZ_OK;
    buf path = BUF_INIT;
    tz_status s = TZ_OK;
    if (buf_printf(&path, "%s/%s.png", r->charts_dir, name) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    if (access(path.data, R_OK) == 0) {
        const char *numbered = report_fmt(r, "图 %d　%s", ++r->n_charts, caption);
        s = r->oom ? TZ_NOMEM : pdf_image_png(r->d, path.data, PDF_CONTENT_WIDTH, numbered);
    }
out:
    buf_release(&path);
    return s;
}

int64_t report_days(ledger_date from, ledger_date to)
{
    return (int64_t)to - (int64_t)from;
}

/* "2025 年 3 月 5 日" for a day number. */
const char *report_date(report *r, ledger_date day)
{
    if (day == LEDGER_NO_DATE)
        return report_fmt(r, "—");
    time_t t = (time_t)day * 86400;
    struct tm tm;
    if (!gmtime_r(&t, &tm))
        return report_fmt(r, "—");
    return report_fmt(r, "%d 年 %d 月 %d 日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
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

/* order: units by points (desc), then id; rank: 1 + units with strictly more points. */
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
    for (size_t k = 0; k < n; k++) {
        size_t u = r->order[k];
        if (k > 0 && r->b && r->b->units[u].total_cents ==
                             r->b->units[r->order[k - 1]].total_cents)
            r->rank[u] = r->rank[r->order[k - 1]];
        else
            r->rank[u] = k + 1;
    }
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
    return buf_printf(out, "市直机关党员志愿服务 %d 年度统计报告", year);
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
    static const pdf_style SMALL = {PDF_SERIF, 9.5, 16, 0, PDF_CENTER, 0, {0.4, 0.4, 0.4}, 0};
    tz_status s;
    double h;
    if ((s = pdf_page_new(r->d, 1)) != TZ_OK)
        return s;
    double x = PDF_MARGIN_LEFT + 20, w = PDF_CONTENT_WIDTH - 40;
    /* A title too long for one line breaks at a space (before the year in the default
       title) rather than wherever the width runs out. */
    buf title = BUF_INIT;
    if (buf_puts(&title, r->title.data) != 0)
        return TZ_NOMEM;
    if (pdf_text_width(r->d, TITLE.font, TITLE.size, title.data, title.len) > w) {
        for (size_t i = 0; i < title.len; i++)
            if (title.data[i] == ' ' &&
                pdf_text_width(r->d, TITLE.font, TITLE.size, title.data, i) >= w / 3 &&
                pdf_text_width(r->d, TITLE.font, TITLE.size, title.data, i) <= w) {
                title.data[i] = '\n';
                break;
            }
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
        report_fmt(r, "统计期间：%d 年 1 月 1 日至 %d 年 12 月 31 日", r->year, r->year),
        report_fmt(r, "数据截至：%s", report_date(r, r->data_day)),
        report_fmt(r, "活动 %zu 条 · 参与记录 %zu 条 · 单位 %zu 个", r->l->n_activities,
                   r->l->n_participation, r->l->n_units),
        /* rows dropped by --lenient: never only in section 八 */
        ledger_rows_dropped(r->l) > 0 ?
            report_fmt(r, "台账中有错误的 %" PRIu64 " 行未计入统计（见第八部分）",
                       ledger_rows_dropped(r->l)) : "",
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
    const char *fp = report_fmt(r, "输入指纹（SHA-256 前 16 位）：%s", r->short_fp);
    const char *hint = report_fmt(r, "本报告由 taizhang %s 根据台账自动生成；"
                                  "同一输入与选项生成的文件逐字节相同，复核方法见第九部分。",
                                  TZ_VERSION);
    if (r->oom)
        return TZ_NOMEM;
    if ((s = pdf_text_box(r->d, &SMALL, x, 150, w, fp, &h)) != TZ_OK ||
        (s = pdf_text_box(r->d, &SMALL, x, 150 - h, w, hint, &h)) != TZ_OK)
        return s;
    return TZ_OK;
}

/* ---- the whole report ------------------------------------------------------------------ */

static tz_status write_all(report *r, const char *path)
{
    tz_status s;
    pdf_config cfg = {0};
    buf subject = BUF_INIT;
    if (report_title(r->rc->opt, r->year, &r->title) != 0 ||
        buf_printf(&subject, "%s %d 年度党员志愿服务统计（活动、参与、受益、需求响应、考核加分）",
                   org_name(r->rc->opt), r->year) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    cfg.title = r->title.data;
    cfg.subject = subject.data;
    cfg.author = org_name(r->rc->opt);
    cfg.creator = "taizhang " TZ_VERSION;
    cfg.keywords = "党员志愿服务, 台账, 考核加分";
    cfg.running_header = r->title.data;
    cfg.date = report_document_time(r->rc->ledger);
    memcpy(cfg.id, r->digest, sizeof cfg.id);
    cfg.has_id = 1;
    if ((s = pdf_new(&cfg, &r->d, r->err)) != TZ_OK)
        goto out;
    if ((s = cover(r)) != TZ_OK)
        goto fail;
    pdf_contents_here(r->d, "目  录");
    if ((s = report_overview(r)) != TZ_OK || (s = report_teams(r)) != TZ_OK ||
        (s = report_service(r)) != TZ_OK || (s = report_demands(r)) != TZ_OK || (s = report_supply(r)) != TZ_OK ||
        (s = report_groups(r)) != TZ_OK || (s = report_bonus(r)) != TZ_OK ||
        (s = report_units(r)) != TZ_OK || (s = report_quality(r)) != TZ_OK ||
        (s = report_sources(r)) != TZ_OK)
        goto fail;
    if ((s = pdf_save(r->d, path)) != TZ_OK)
        goto fail;
    if (pdf_missing_glyph_count(r->d) > 0)
        fprintf(stderr, "taizhang: 警告：报告中有 %zu 个字符在字体中没有字形，会显示为空框；"
                "请在台账中核对单位或活动名称中的生僻字\n", pdf_missing_glyph_count(r->d));
    if (pdf_non_bmp_count(r->d) > 0)
        fprintf(stderr, "taizhang: 警告：报告中有 %zu 个生僻字（基本多文种平面以外）无法用内置字体"
                "显示，已印为空格；请在台账中核对单位或活动名称\n", pdf_non_bmp_count(r->d));
    goto out;
fail:
    if (s == TZ_NOMEM || r->oom)
        s = TZ_NOMEM;
    if (r->err)
        buf_printf(r->err, "无法生成报告 %s：%s\n", path,
                   s == TZ_NOMEM ? "内存不足" : pdf_error(r->d));
out:
    buf_release(&subject);
    return s;
}

tz_status report_write(const run_context *rc, const char *path)
{
    buf err = BUF_INIT;
    tz_status s = report_write_err(rc, path, &err);
    /* one "taizhang: " line per message */
    for (size_t i = 0; i < err.len;) {
        size_t n = 0;
        while (i + n < err.len && err.data[i + n] != '\n')
            n++;
        fprintf(stderr, "taizhang: %.*s\n", (int)n, err.data + i);
        i += n + 1;
    }
    if (s != TZ_OK && err.len == 0)
        fprintf(stderr, "taizhang: 无法生成报告 %s\n", path);
    buf_release(&err);
    return s;
}

tz_status report_write_err(const run_context *rc, const char *path, buf *err)
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
    buf dir = BUF_INIT;
    tz_status s;
    const char *slash = strrchr(path, '/');
    if (slash ? buf_append(&dir, path, (size_t)(slash - path)) : buf_puts(&dir, ".")) {
        s = TZ_NOMEM;
        goto out;
    }
    if (buf_puts(&dir, "/charts") != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    r.charts_dir = dir.data;
    fingerprint(&r);
    if ((s = rank_units(&r)) != TZ_OK)
        goto out;
    s = write_all(&r, path);
out:
    if (s == TZ_NOMEM && err && !r.d)
        buf_puts(err, "无法生成报告：内存不足\n");
    pdf_free(r.d);
    mem_free(r.order);
    mem_free(r.by_id);
    mem_free(r.rank);
    buf_release(&r.title);
    report_reset(&r);
    mem_free(r.strs);
    buf_release(&dir);
    return s;
}
