/* output/unitsheet.c — the result sheet of each unit (see unitsheet.h).
   May call: base/, input/ledger, pipeline/figures, rules/rules, rules/spread, output/pdf,
   output/assessdoc, pthreads. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "base/mem.h"
#include "base/num.h"
#include "output/assessdoc.h"
#include "output/report.h"
#include "output/unitsheet.h"
#include "rules/spread.h"

static const pdf_style TITLE = {PDF_SANS, 15, 22, 0, PDF_CENTER, 1, {0.10, 0.10, 0.10}, 2};
static const pdf_style HEAD = {PDF_SANS, 10.5, 16, 0, PDF_LEFT, 0, {0.10, 0.10, 0.10}, 1};
static const pdf_style LINE = {PDF_SERIF, 10, 15, 0, PDF_LEFT, 0, {0.08, 0.08, 0.08}, 1};
static const pdf_style NOTE = {PDF_SERIF, 8, 12, 0, PDF_LEFT, 0, {0.35, 0.35, 0.35}, 2};
static const pdf_style BOX = {PDF_SERIF, 10.5, 18, 0, PDF_LEFT, 0, {0.08, 0.08, 0.08}, 0};
#define TABLE_SIZE 7.5
#define BOX_HEIGHT 84.0

/* What every sheet shares, computed once. */
typedef struct sheets {
    const run_context *rc;
    const char *dir;                 /* DIR/units */
    uint32_t *rank;                  /* [unit] */
    int64_t *median;                 /* [column] scaled by the column's decimals */
    uint8_t *has_median;             /* [column] */
    uint32_t *problem_first;         /* [unit]: first problem naming it, UINT32_MAX none */
    uint32_t *problem_next;          /* [problem]: the next one of the same unit */
    size_t *problem_count;           /* [unit] */
    int64_t date;
    char *title;
    /* the threads */
    size_t next_unit;                /* the next unit to do, under lock */
    pthread_mutex_t lock;
    tz_status status;                /* the first failure */
    buf err;
} sheets;

int unitsheet_file_name(buf *out, const char *unit_id)
{
    for (const unsigned char *p = (const unsigned char *)unit_id; *p; p++) {
        int ok = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
                 (*p >= '0' && *p <= '9') || *p == '-' || *p == '_' || *p >= 0x80;
        if (buf_putc(out, ok ? (char)*p : '_') != 0)
            return -1;
    }
    return buf_puts(out, ".pdf");
}

/* ---- shared figures ------------------------------------------------------------------ */

static int by_int64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

/* The city's median of each per-unit figure, over the units where it is defined, at the
   decimals of the tables (the middle value, or the two middle ones' mean rounded half up). */
static int medians(sheets *s)
{
    const figures *f = s->rc->figures;
    size_t n = s->rc->ledger->n_units;
    int64_t *v = mem_alloc((n ? n : 1) * sizeof *v);
    if (!v)
        return -1;
    for (size_t c = 0; c < FIGURES_UNIT_COLUMN_COUNT; c++) {
        const figures_column *col = &FIGURES_UNIT_COLUMNS[c];
        size_t k = 0;
        for (size_t u = 0; u < n; u++) {
            figures_value x = col->value(&f->units[u]);
            if (x.den > 0 && num_ratio_scaled(x.num, x.den, col->places, &v[k]) == 0)
                k++;
        }
        if (k == 0)
            continue;
        qsort(v, k, sizeof *v, by_int64);
        s->has_median[c] = 1;
        s->median[c] = k % 2 ? v[k / 2] : (v[k / 2 - 1] + v[k / 2] + 1) / 2;
    }
    mem_free(v);
    return 0;
}

/* The unit a record of file `kind` at `line` belongs to, or -1: records are in line order
   (binary search). */
static int32_t unit_at(const ledger *l, int kind, uint32_t line)
{
    size_t lo = 0, hi;
    switch (kind) {
    case LEDGER_UNITS: hi = l->n_units; break;
    case LEDGER_TEAMS: hi = l->n_teams; break;
    case LEDGER_VOLUNTEERS: hi = l->n_volunteers; break;
    case LEDGER_ACTIVITIES: hi = l->n_activities; break;
    case LEDGER_RESULTS: hi = l->n_results; break;
    default: return -1;
    }
#define LINE_OF(i) (kind == LEDGER_UNITS ? l->units[i].line : kind == LEDGER_TEAMS ? l->teams[i].line \
                    : kind == LEDGER_VOLUNTEERS ? l->volunteers[i].line                              \
                    : kind == LEDGER_ACTIVITIES ? l->activities[i].line : l->results[i].line)
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (LINE_OF(mid) < line)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t count = kind == LEDGER_UNITS ? l->n_units : kind == LEDGER_TEAMS ? l->n_teams
                 : kind == LEDGER_VOLUNTEERS ? l->n_volunteers
                 : kind == LEDGER_ACTIVITIES ? l->n_activities : l->n_results;
    if (lo >= count || LINE_OF(lo) != line)
        return -1;
#undef LINE_OF
    switch (kind) {
    case LEDGER_UNITS: return (int32_t)lo;
    case LEDGER_TEAMS: return l->teams[lo].unit;
    case LEDGER_VOLUNTEERS: return l->volunteers[lo].unit;
    case LEDGER_ACTIVITIES: return l->activities[lo].lead_unit;
    default: {
        int32_t a = l->results[lo].activity;
        return a >= 0 && (size_t)a < l->n_activities ? l->activities[a].lead_unit : -1;
    }
    }
}

/* Each problem of validation.csv that names a record of a unit, listed under that unit. */
static int problems_by_unit(sheets *s)
{
    const ledger *l = s->rc->ledger;
    const problem_list *pl = &l->problems;
    size_t n = l->n_units;
    s->problem_first = mem_alloc((n ? n : 1) * sizeof *s->problem_first);
    s->problem_count = mem_calloc(n ? n : 1, sizeof *s->problem_count);
    s->problem_next = mem_alloc((pl->count ? pl->count : 1) * sizeof *s->problem_next);
    if (!s->problem_first || !s->problem_count || !s->problem_next)
        return -1;
    uint32_t *last = mem_alloc((n ? n : 1) * sizeof *last);
    if (!last)
        return -1;
    for (size_t u = 0; u < n; u++)
        s->problem_first[u] = last[u] = UINT32_MAX;
    for (size_t i = 0; i < pl->count; i++) {
        const problem *p = &pl->items[i];
        s->problem_next[i] = UINT32_MAX;
        if (p->line == 0 || !p->file)
            continue;
        int kind = -1;
        for (int k = 0; k < LEDGER_FILE_COUNT; k++)
            if (strcmp(p->file, LEDGER_FILE_NAMES[k]) == 0)
                kind = k;
        int32_t u = kind >= 0 ? unit_at(l, kind, p->line) : -1;
        if (u < 0 || (size_t)u >= n)
            continue;
        if (last[u] == UINT32_MAX)
            s->problem_first[u] = (uint32_t)i;
        else
            s->problem_next[last[u]] = (uint32_t)i;
        last[u] = (uint32_t)i;
        s->problem_count[u]++;
    }
    mem_free(last);
    return 0;
}

/* ---- one sheet ----------------------------------------------------------------------- */

/* Strings that live until the sheet is done. */
typedef struct pool { char **s; size_t n, cap; int oom; } pool;

static const char *keep(pool *p, buf *b)
{
    char *s = buf_steal(b);
    if (!s || mem_grow(&p->s, &p->cap, p->n + 1, sizeof *p->s) != 0) {
        mem_free(s);
        p->oom = 1;
        return "";
    }
    p->s[p->n++] = s;
    return s;
}

static const char *fixed(pool *p, int64_t scaled, int places)
{
    buf b = BUF_INIT;
    if (num_format_fixed(&b, scaled, places) != 0)
        p->oom = 1;
    return keep(p, &b);
}

static void pool_free(pool *p)
{
    for (size_t i = 0; i < p->n; i++)
        mem_free(p->s[i]);
    mem_free(p->s);
}

static const char *date_text(pool *p, ledger_date day)
{
    buf b = BUF_INIT;
    time_t t = (time_t)day * 86400;
    struct tm tm;
    if (day == LEDGER_NO_DATE || !gmtime_r(&t, &tm)) {
        if (buf_puts(&b, "—") != 0)
            p->oom = 1;
    } else if (buf_printf(&b, "%d年%d月%d日", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday) != 0) {
        p->oom = 1;
    }
    return keep(p, &b);
}

#define TRY(x) do { if ((st = (x)) != TZ_OK) goto out; } while (0)
#define TEXT(style, ...) do {                                            \
        buf_clear(&t);                                                   \
        if (buf_printf(&t, __VA_ARGS__) != 0) { st = TZ_NOMEM; goto out; } \
        TRY(pdf_text(d, (style), t.data));                               \
    } while (0)

static tz_status figures_table(pdf_doc *d, const sheets *s, size_t u, pool *p)
{
    static const pdf_column COLS[] = {
        {"指标", 3.0, PDF_LEFT}, {"本单位", 1.4, PDF_RIGHT}, {"全市各单位中位数", 1.6, PDF_RIGHT},
        {"指标", 3.0, PDF_LEFT}, {"本单位", 1.4, PDF_RIGHT}, {"全市各单位中位数", 1.6, PDF_RIGHT},
    };
    const figures_unit *fu = &s->rc->figures->units[u];
    tz_status st = pdf_table_begin(d, COLS, 6, TABLE_SIZE);
    size_t half = (FIGURES_UNIT_COLUMN_COUNT + 1) / 2;
    for (size_t row = 0; row < half && st == TZ_OK; row++) {
        const char *cells[6] = {NULL, NULL, NULL, NULL, NULL, NULL};
        for (size_t side = 0; side < 2; side++) {
            size_t c = row + side * half;
            if (c >= FIGURES_UNIT_COLUMN_COUNT)
                continue;
            const figures_column *col = &FIGURES_UNIT_COLUMNS[c];
            buf name = BUF_INIT;
            if ((col->measure ? buf_printf(&name, "%s（%s）", col->chinese, col->measure)
                              : buf_puts(&name, col->chinese)) != 0)
                p->oom = 1;
            cells[3 * side] = keep(p, &name);
            figures_value v = col->value(fu);
            int64_t q;
            cells[3 * side + 1] = v.den > 0 && num_ratio_scaled(v.num, v.den, col->places, &q) == 0
                                ? fixed(p, q, col->places) : "—";
            cells[3 * side + 2] = s->has_median[c] ? fixed(p, s->median[c], col->places) : "—";
        }
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, 0);
    }
    return st == TZ_OK ? pdf_table_end(d) : st;
}

static tz_status points_table(pdf_doc *d, const sheets *s, size_t u, pool *p)
{
    static const pdf_column COLS[] = {
        {"考核项目", 2.2, PDF_LEFT}, {"读取的数据、条件和分档", 5.2, PDF_LEFT},
        {"原始得分", 1.0, PDF_RIGHT}, {"本项上下限后", 1.2, PDF_RIGHT}, {"计入总分", 1.0, PDF_RIGHT},
    };
    const bonus *b = s->rc->bonus;
    const rules *r = b->rules;
    const bonus_unit *bu = &b->units[u];
    tz_status st = pdf_table_begin(d, COLS, 5, TABLE_SIZE);
    for (size_t i = 0; i < rules_count(r) && st == TZ_OK; i++) {
        const bonus_line *line = &bu->lines[i];
        buf what = BUF_INIT;
        int bad = buf_puts(&what, line->reads && line->reads[0] ? line->reads : "—");
        if (line->conditions)
            bad |= buf_printf(&what, "；条件：%s", line->conditions);
        if (rules_tier_count(r, i) > 0)
            bad |= buf_printf(&what, "；分档：%s", line->tier >= 0 ? rules_tier_text(r, i, (size_t)line->tier)
                                                                   : "未达到任何一档");
        if (bad)
            p->oom = 1;
        const char *cells[5] = {rules_label(r, i), keep(p, &what), fixed(p, line->raw_cents, 2),
                                fixed(p, line->capped_cents, 2), fixed(p, line->final_cents, 2)};
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, 0);
    }
    if (st == TZ_OK) {
        const char *cells[5] = {"合计", NULL, NULL, fixed(p, bu->sum_cents, 2), fixed(p, bu->total_cents, 2)};
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, PDF_ROW_BOLD);
    }
    return st == TZ_OK ? pdf_table_end(d) : st;
}

static tz_status activities_table(pdf_doc *d, const sheets *s, size_t u, pool *p)
{
    static const pdf_column COLS[] = {
        {"考核项目", 2.2, PDF_LEFT}, {"计入的活动（编号、日期、名称）", 8.4, PDF_LEFT},
    };
    const ledger *l = s->rc->ledger;
    const bonus *b = s->rc->bonus;
    const rules *r = b->rules;
    const bonus_unit *bu = &b->units[u];
    tz_status st = TZ_OK;
    int begun = 0;
    for (size_t i = 0; i < rules_count(r) && st == TZ_OK; i++) {
        const bonus_line *line = &bu->lines[i];
        if (!line->reads_activities || line->n_activities == 0)
            continue;
        if (!begun && (st = pdf_table_begin(d, COLS, 2, TABLE_SIZE)) != TZ_OK)
            break;
        begun = 1;
        size_t shown = line->n_activities < UNITSHEET_ACTIVITIES ? line->n_activities : UNITSHEET_ACTIVITIES;
        buf list = BUF_INIT;
        int bad = buf_printf(&list, "共%zu项：", line->n_activities);
        for (size_t k = 0; k < shown && !bad; k++) {
            const ledger_activity *a = &l->activities[line->activities[k]];
            bad |= buf_printf(&list, "%s%s（%s，%s）", k ? "；" : "", a->id, date_text(p, a->date),
                              a->title);
        }
        if (line->n_activities > shown)
            bad |= buf_printf(&list, "；……其余%zu项的编号见考核加分明细表（tables/bonus_audit.csv）",
                              line->n_activities - shown);
        if (bad)
            p->oom = 1;
        const char *cells[2] = {rules_label(r, i), keep(p, &list)};
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, 0);
    }
    if (st == TZ_OK && begun)
        st = pdf_table_end(d);
    if (st == TZ_OK && !begun)
        st = pdf_text(d, &LINE, "本单位没有计入考核加分的活动。");
    return st;
}

static tz_status problems_table(pdf_doc *d, const sheets *s, size_t u, pool *p)
{
    static const pdf_column COLS[] = {
        {"文件", 1.8, PDF_LEFT}, {"行", 0.6, PDF_RIGHT}, {"问题", 7.6, PDF_LEFT},
    };
    const problem_list *pl = &s->rc->ledger->problems;
    if (s->problem_count[u] == 0)
        return pdf_text(d, &LINE, "本单位的台账记录未发现问题。");
    tz_status st = pdf_table_begin(d, COLS, 3, TABLE_SIZE);
    size_t shown = 0;
    for (uint32_t i = s->problem_first[u]; i != UINT32_MAX && st == TZ_OK; i = s->problem_next[i]) {
        if (shown == UNITSHEET_PROBLEMS)
            break;
        const problem *pr = &pl->items[i];
        buf line = BUF_INIT;
        if (buf_printf(&line, "%u", (unsigned)pr->line) != 0)
            p->oom = 1;
        const char *cells[3] = {pr->file, keep(p, &line), pr->message};
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, 0);
        shown++;
    }
    if (st == TZ_OK && s->problem_count[u] > shown) {
        buf more = BUF_INIT;
        if (buf_printf(&more, "……另有%zu条，见 validation.csv", s->problem_count[u] - shown) != 0)
            p->oom = 1;
        const char *cells[3] = {NULL, NULL, keep(p, &more)};
        st = p->oom ? TZ_NOMEM : pdf_table_row(d, cells, 0);
    }
    return st == TZ_OK ? pdf_table_end(d) : st;
}

static tz_status confirmation_box(pdf_doc *d)
{
    tz_status st;
    if ((st = pdf_need(d, BOX_HEIGHT + 20)) != TZ_OK ||
        (st = pdf_text(d, &HEAD, "四、考核结果确认")) != TZ_OK)
        return st;
    double top = pdf_cursor(d), x = PDF_MARGIN_LEFT, w = PDF_CONTENT_WIDTH;
    if ((st = pdf_frame(d, x, top, w, BOX_HEIGHT)) != TZ_OK ||
        (st = pdf_text_box(d, &BOX, x + 12, top - 6, w - 24,
                           "本单位已核对上述考核加分结果：□ 无异议　　□ 有异议（异议事项及理由另附书面材料）",
                           NULL)) != TZ_OK ||
        (st = pdf_text_box(d, &BOX, x + 12, top - 32, w - 24,
                           "单位负责人（签字）：＿＿＿＿＿＿＿＿　　　　　　（单位盖章）", NULL)) != TZ_OK ||
        (st = pdf_text_box(d, &BOX, x + 12, top - 58, w - 24,
                           "日期：　　　　年　　月　　日", NULL)) != TZ_OK)
        return st;
    return pdf_skip(d, BOX_HEIGHT + 4);
}

static tz_status one_sheet(sheets *s, size_t u, const char *path, buf *err)
{
    const run_context *rc = s->rc;
    const ledger *l = rc->ledger;
    const bonus *b = rc->bonus;
    const rules *r = b->rules;
    const bonus_unit *bu = &b->units[u];
    pdf_config cfg;
    pdf_doc *d = NULL;
    pool p = {NULL, 0, 0, 0};
    buf t = BUF_INIT;
    tz_status st;
    assessdoc_config(rc, s->title, &cfg);
    cfg.subject = l->units[u].id;
    cfg.single_face = 1;             /* 378 documents: one face loaded each */
    cfg.face = PDF_SANS;
    TRY(pdf_new(&cfg, &d, err));
    TRY(pdf_page_new(d, 0));
    TRY(pdf_text(d, &TITLE, s->title));
    TEXT(&LINE, "单位：%s　%s", l->units[u].id, l->units[u].name);
    buf_clear(&t);
    int bad = buf_printf(&t, "考核加分合计：") || num_format_fixed(&t, bu->total_cents, 2) ||
              buf_printf(&t, "分　　名次：第%u名（共%zu个单位）", s->rank[u], l->n_units);
    if (rules_grade_count(r) > 0)
        bad |= buf_printf(&t, "　　等次：%s", bu->grade >= 0 ? rules_grade_name(r, (size_t)bu->grade)
                                                         : "未达到任何等次");
    if (rules_gate_text(r) && bu->gated_out)
        bad |= buf_puts(&t, "　　（不满足门槛“") || assessdoc_gate_text(&t, r) ||
               buf_puts(&t, "”，不加分）");
    if (bad) {
        st = TZ_NOMEM;
        goto out;
    }
    TRY(pdf_text(d, &LINE, t.data));

    TRY(pdf_text(d, &HEAD, "一、主要数据"));
    TRY(figures_table(d, s, u, &p));
    TRY(pdf_text(d, &HEAD, "二、考核加分"));
    TRY(points_table(d, s, u, &p));
    buf_clear(&t);
    bad = buf_puts(&t, "各项上下限后之和") || num_format_fixed(&t, bu->sum_cents, 2) || buf_puts(&t, "分");
    if (rules_total_cap_cents(r) >= 0)
        bad |= buf_puts(&t, "，加分合计上限") || num_format_fixed(&t, rules_total_cap_cents(r), 2) ||
               buf_puts(&t, "分（超过时按项目先后计满为止）");
    bad |= buf_puts(&t, "，合计下限") || num_format_fixed(&t, rules_total_floor_cents(r), 2) ||
           buf_puts(&t, "分");
    if (rules_gate_text(r))
        bad |= buf_puts(&t, bu->gated_out ? "；不满足门槛，计入总分为0" : "；满足门槛");
    bad |= buf_printf(&t, "。计入的活动如下（每项最多列出%d项）：", UNITSHEET_ACTIVITIES);
    if (bad) {
        st = TZ_NOMEM;
        goto out;
    }
    TRY(pdf_text(d, &NOTE, t.data));
    TRY(activities_table(d, s, u, &p));
    TRY(pdf_text(d, &HEAD, "三、台账问题"));
    TRY(problems_table(d, s, u, &p));
    TRY(confirmation_box(d));
    buf_clear(&t);
    if (buf_puts(&t, assessdoc_org(rc)) != 0 || buf_puts(&t, "　") != 0 ||
        assessdoc_date_text(&t, s->date) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    TRY(pdf_text(d, &NOTE, t.data));
    st = pdf_save(d, path);
out:
    if (st != TZ_OK && st != TZ_NOMEM && d && err && !err->len)
        buf_printf(err, "无法生成 %s：%s\n", path, pdf_error(d));
    pdf_free(d);
    pool_free(&p);
    buf_release(&t);
    return st;
}

static void *worker(void *arg)
{
    sheets *s = arg;
    buf path = BUF_INIT, err = BUF_INIT;
    for (;;) {
        pthread_mutex_lock(&s->lock);
        size_t k = s->next_unit++;
        int stop = s->status != TZ_OK || k >= s->rc->ledger->n_units;
        pthread_mutex_unlock(&s->lock);
        if (stop)
            break;
        uint32_t u = s->rc->figures->unit_order[k];
        buf_clear(&path);
        buf_clear(&err);
        tz_status st = buf_printf(&path, "%s/", s->dir) != 0 ||
                       unitsheet_file_name(&path, s->rc->ledger->units[u].id) != 0
                     ? TZ_NOMEM : one_sheet(s, u, path.data, &err);
        if (st != TZ_OK) {
            pthread_mutex_lock(&s->lock);
            if (s->status == TZ_OK) {
                s->status = st;
                if (err.len && buf_append(&s->err, err.data, err.len) != 0)
                    s->status = TZ_NOMEM;
            }
            pthread_mutex_unlock(&s->lock);
        }
    }
    buf_release(&path);
    buf_release(&err);
    return NULL;
}

tz_status unitsheet_write_all(const run_context *rc, const char *dir, int threads, buf *err)
{
    sheets s;
    memset(&s, 0, sizeof s);
    s.rc = rc;
    s.date = report_document_time(rc->ledger);
    size_t n = rc->ledger->n_units;
    tz_status st = TZ_OK;
    buf units_dir = BUF_INIT, title = BUF_INIT;
    s.rank = mem_alloc((n ? n : 1) * sizeof *s.rank);
    s.median = mem_calloc(FIGURES_UNIT_COLUMN_COUNT, sizeof *s.median);
    s.has_median = mem_calloc(FIGURES_UNIT_COLUMN_COUNT, 1);
    if (!s.rank || !s.median || !s.has_median || medians(&s) != 0 || problems_by_unit(&s) != 0 ||
        buf_printf(&units_dir, "%s/units", dir) != 0 ||
        buf_printf(&title, "%d年度党员志愿服务考核结果反馈表", rc->ledger->year) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    spread_ranks(rc->bonus, s.rank);
    s.dir = units_dir.data;
    s.title = title.data;
    if (mkdir(s.dir, 0777) != 0 && errno != EEXIST) {
        st = TZ_CANTCREAT;
        if (err)
            buf_printf(err, "无法创建文件夹 %s：%s\n", s.dir, strerror(errno));
        goto out;
    }
    if (threads <= 0)
        threads = 2;
    if (threads > 16)
        threads = 16;
    pthread_t tid[16];
    int started = 0;
    pthread_mutex_init(&s.lock, NULL);
    for (int i = 0; i < threads; i++) {
        if (pthread_create(&tid[i], NULL, worker, &s) != 0)
            break;
        started++;
    }
    if (started == 0)
        worker(&s);                  /* no thread to be had: on this one */
    for (int i = 0; i < started; i++)
        pthread_join(tid[i], NULL);
    pthread_mutex_destroy(&s.lock);
    st = s.status;
    if (st != TZ_OK && err) {
        if (s.err.len)
            buf_append(err, s.err.data, s.err.len);
        else if (st == TZ_NOMEM)
            buf_puts(err, "无法生成各单位的反馈表：内存不足\n");
    }
out:
    buf_release(&s.err);
    buf_release(&units_dir);
    buf_release(&title);
    mem_free(s.rank);
    mem_free(s.median);
    mem_free(s.has_median);
    mem_free(s.problem_first);
    mem_free(s.problem_next);
    mem_free(s.problem_count);
    return st;
}
