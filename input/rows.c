/* input/rows.c — one ledger record at a time: header detection, typed cells, ids and
   references, per-row problems. The participation path allocates nothing per row, and
   takes rows of the common form by a shorter way (participation_fast).
   May call: base (all), input/problem, input/field, input/header, input/csvread,
   input/idindex, input/lines. */
#include "input/load_int.h"
#include "base/buf.h"
#include "base/mem.h"
#include "input/field.h"

#include <stdarg.h>
#include <string.h>

#define CHECK(x) do { if ((x) != 0) return TZ_NOMEM; } while (0)

/* Records looked at for a header before giving up. */
#define HEADER_SEARCH_ROWS 10

static const char *colname(const load_state *st, int c)
{
    size_t n;
    return header_columns(st->kind, &n)[c].zh;
}

static uint32_t colno(const load_state *st, int c)
{
    return st->map.field[c] >= 0 ? (uint32_t)st->map.field[c] + 1 : 0;
}

/* The trimmed cell of column c ("" when the column or the cell is absent). */
static void cell(const load_state *st, const csvread_field *f, size_t nf, int c,
                 const char **s, size_t *n)
{
    int i = st->map.field[c];
    if (i < 0 || (size_t)i >= nf) {
        *s = "";
        *n = 0;
        return;
    }
    *s = f[i].s;
    *n = f[i].n;
    field_trim(s, n);
}

/* Length of s clipped to at most 60 bytes on a UTF-8 character boundary, for messages. */
static int clip(const char *s, size_t n)
{
    if (n <= 60)
        return (int)n;
    size_t k = 60;
    while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
        k--;
    return (int)k;
}

static int report(load_state *st, uint32_t line, int c, problem_severity sev, const char *code,
                  const char *v, size_t vn, const char *fmt, ...)
    __attribute__((format(printf, 8, 9)));

static int report(load_state *st, uint32_t line, int c, problem_severity sev, const char *code,
                  const char *v, size_t vn, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = problem_vadd(&st->l->problems, st->file, line, c >= 0 ? colno(st, c) : 0, sev, code,
                         v, vn, fmt, ap);
    va_end(ap);
    if (sev == SEV_ERROR)
        st->row_bad = 1;
    return r;
}

static int report_issue(load_state *st, uint32_t line, int c, problem_severity sev,
                        const char *v, size_t vn, const field_issue *iss)
{
    return report(st, line, c, sev, iss->code, v, vn, "%s“%.*s”%s。%s", colname(st, c),
                  clip(v, vn), v, iss->reason, iss->hint);
}

static int required_missing(load_state *st, uint32_t line, int c)
{
    return report(st, line, c, SEV_ERROR, "value.required", "", 0,
                  "%s是必填项，这一行是空的。请填写%s", colname(st, c), colname(st, c));
}

/* The trimmed cell of column c, as cell(); an empty one is reported when required (then
   *n == 0: nothing more to read). Returns TZ_OK, or TZ_NOMEM. */
static tz_status filled_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                             int c, int required, const char **s, size_t *n)
{
    cell(st, f, nf, c, s, n);
    if (*n == 0 && required)
        CHECK(required_missing(st, line, c));
    return TZ_OK;
}

/* The columns that hold a name (of a unit, team, volunteer, requester or place), where
   a question mark is never meant: saving as GBK puts "?" for a character GBK lacks. */
static int is_name_column(ledger_file_kind kind, int c)
{
    switch (kind) {
    case LEDGER_UNITS: return c == UNIT_NAME;
    case LEDGER_TEAMS: return c == TEAM_NAME;
    case LEDGER_VOLUNTEERS: return c == VOL_NAME;
    case LEDGER_DEMANDS: return c == DEM_REQUESTER;
    case LEDGER_ACTIVITIES: return c == ACT_LOCATION;
    default: return 0;
    }
}

/* An ASCII "?" next to a Chinese character (a byte above 0x7F): "薛?", "?明". */
static int question_mark_in_chinese(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] == '?' && ((i > 0 && (unsigned char)s[i - 1] >= 0x80) ||
                            (i + 1 < n && (unsigned char)s[i + 1] >= 0x80)))
            return 1;
    return 0;
}

/* Names of units, teams and volunteers: mostly one of a kind, copied as they come. Any
   other text (places, titles, skills, categories of results, ...) repeats from row to
   row and is stored once. */
static int one_of_a_kind(const load_state *st, int c)
{
    return (st->kind == LEDGER_UNITS && c == UNIT_NAME) ||
           (st->kind == LEDGER_TEAMS && c == TEAM_NAME) ||
           (st->kind == LEDGER_VOLUNTEERS && c == VOL_NAME);
}

/* s[0..n) in l->text, once: the copy stored before when there is one (the rows then
   share it; the ledger's texts are never written to). NULL when out of memory. */
static char *stored_once(load_state *st, const char *s, size_t n)
{
    const char *have = hmap_key(&st->texts, s, n);
    if (have)
        return (char *)have;
    char *t = arena_strndup(&st->l->text, s, n);
    if (!t || hmap_put(&st->texts, t, n, 0, NULL) < 0)
        return NULL;
    return t;
}

/* Text. Required: empty is an error. An Excel error value is an error when required,
   else a warning and the cell is read as empty. OUT: *out (in the ledger's text arena,
   maybe shared with other rows). */
static tz_status text_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                           int c, int required, char **out)
{
    const char *s;
    size_t n;
    cell(st, f, nf, c, &s, &n);
    if (n && field_is_excel_error(s, n)) {
        field_issue iss = {"cell.excel_error", "是 Excel 的错误值（公式出错）",
                           "在表格里改正公式或直接填入内容，再导出"};
        CHECK(report_issue(st, line, c, required ? SEV_ERROR : SEV_WARNING, s, n, &iss));
        n = 0;
    } else if (n == 0 && required) {
        CHECK(required_missing(st, line, c));
    } else if (is_name_column(st->kind, c) && question_mark_in_chinese(s, n)) {
        CHECK(report(st, line, c, SEV_WARNING, "text.question_mark", s, n,
                     "%s“%.*s”里有问号，多半是另存为 GBK（Excel 的“CSV”）时，GBK 里没有的生僻字被换成了“?”。"
                     "在原表中改回正确的字，另存为“CSV UTF-8（逗号分隔）”后重新导出",
                     colname(st, c), clip(s, n), s));
    }
    *out = one_of_a_kind(st, c) ? arena_strndup(&st->l->text, s, n) : stored_once(st, s, n);
    return *out ? TZ_OK : TZ_NOMEM;
}

/* An id of this row. OUT: *s, *n the id, n = 0 when missing or bad (reported). */
static tz_status id_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf, int c,
                         const char **s, size_t *n)
{
    field_issue iss;
    cell(st, f, nf, c, s, n);
    if (*n == 0) {
        CHECK(required_missing(st, line, c));
    } else if (field_id(*s, *n, &iss) != 0) {
        CHECK(report_issue(st, line, c, SEV_ERROR, *s, *n, &iss));
        *n = 0;
    }
    return TZ_OK;
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

static const char *ref_code(ledger_file_kind k)
{
    switch (k) {
    case LEDGER_UNITS: return "ref.unknown_unit";
    case LEDGER_TEAMS: return "ref.unknown_team";
    case LEDGER_VOLUNTEERS: return "ref.unknown_volunteer";
    case LEDGER_ACTIVITIES: return "ref.unknown_activity";
    case LEDGER_DEMANDS: return "ref.unknown_demand";
    default: return "ref.unknown";
    }
}

int rows_find_id(const load_state *st, ledger_file_kind target, const char *s, size_t n,
                 uint32_t *row)
{
    if (st->dense[target].usable) {
        int32_t d;
        if (!idindex_get(&st->dense[target], s, n, &d))
            return 0;
        *row = (uint32_t)d;
        return 1;
    }
    return hmap_get(&st->ids[target], s, n, row);
}

/* A reference to a row of `target`. OUT: *out the row, LEDGER_NONE when empty or not
   found (reported). */
static tz_status ref_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                          int c, ledger_file_kind target, int required, int32_t *out)
{
    const char *s;
    size_t n;
    field_issue iss;
    *out = LEDGER_NONE;
    CHECK(filled_cell(st, line, f, nf, c, required, &s, &n));
    if (n == 0)
        return TZ_OK;
    if (field_id(s, n, &iss) != 0) {
        CHECK(report_issue(st, line, c, SEV_ERROR, s, n, &iss));
        return TZ_OK;
    }
    if (st->file_failed[target]) {
        st->row_bad = 1;       /* that file's own error says why; no echo per row */
        return TZ_OK;
    }
    if (st->last_ref[target].len == n && memcmp(st->last_ref[target].key, s, n) == 0) {
        *out = st->last_ref[target].row;
        return TZ_OK;
    }
    uint32_t v;
    if (rows_find_id(st, target, s, n, &v)) {
        *out = (int32_t)v;
        if (n <= sizeof st->last_ref[target].key) {
            memcpy(st->last_ref[target].key, s, n);
            st->last_ref[target].len = (uint32_t)n;
            st->last_ref[target].row = (int32_t)v;
        }
        return TZ_OK;
    }
    const char *tf = LEDGER_FILE_NAMES[target];
    if (!st->l->files[target].present)
        CHECK(report(st, line, c, SEV_ERROR, ref_code(target), s, n,
                     "%s“%.*s”无从查找：文件夹里没有 %s。补上 %s，或清空这一格", colname(st, c),
                     clip(s, n), s, tf, tf));
    else
        CHECK(report(st, line, c, SEV_ERROR, ref_code(target), s, n,
                     "%s“%.*s”在 %s 中找不到。检查编码是否写错，或先在 %s 中登记%s", colname(st, c),
                     clip(s, n), s, tf, tf,
                     all_digits(s, n) ? "；编码原本以 0 开头的，可能被 Excel 去掉了前导 0，"
                                        "把该列设为“文本”格式后重新填写" : ""));
    return TZ_OK;
}

static tz_status enum_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                           int c, const char *const *names, size_t count, int required,
                           const char *code, int32_t *out)
{
    const char *s;
    size_t n;
    *out = LEDGER_NONE;
    CHECK(filled_cell(st, line, f, nf, c, required, &s, &n));
    if (n == 0)
        return TZ_OK;
    int i = field_enum(s, n, names, count);
    if (i >= 0) {
        *out = i;
        return TZ_OK;
    }
    buf allowed = BUF_INIT;
    for (size_t k = 0; k < count; k++)
        if ((k && buf_puts(&allowed, "、") != 0) || buf_puts(&allowed, names[k]) != 0) {
            buf_release(&allowed);
            return TZ_NOMEM;
        }
    int r = report(st, line, c, SEV_ERROR, code, s, n, "%s“%.*s”不是规定的取值。只能填：%s",
                   colname(st, c), clip(s, n), s, allowed.data ? allowed.data : "");
    buf_release(&allowed);
    return r ? TZ_NOMEM : TZ_OK;
}

static tz_status date_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                           int c, int required, ledger_date *out)
{
    const char *s;
    size_t n;
    field_issue iss;
    *out = LEDGER_NO_DATE;
    CHECK(filled_cell(st, line, f, nf, c, required, &s, &n));
    if (n == 0)
        return TZ_OK;
    int32_t d;
    int r = field_date(s, n, &d, &iss);
    if (r < 0) {
        CHECK(report_issue(st, line, c, SEV_ERROR, s, n, &iss));
        return TZ_OK;
    }
    if (r > 0) {
        char iso[16];
        load_format_date(d, iso);
        CHECK(report(st, line, c, SEV_WARNING, iss.code, s, n, "%s“%.*s”%s（%s）。%s",
                     colname(st, c), clip(s, n), s, iss.reason, iso, iss.hint));
    }
    *out = d;
    return TZ_OK;
}

/* A number ≥ 0 with at most `places` decimals, scaled. Absent optional: 0. */
static tz_status number_cell(load_state *st, uint32_t line, const csvread_field *f, size_t nf,
                             int c, int places, int required, int64_t *out)
{
    const char *s;
    size_t n;
    field_issue iss;
    *out = 0;
    CHECK(filled_cell(st, line, f, nf, c, required, &s, &n));
    if (n == 0)
        return TZ_OK;
    int64_t v;
    if (field_decimal(s, n, places, &v, &iss) != 0) {
        CHECK(report_issue(st, line, c, SEV_ERROR, s, n, &iss));
        return TZ_OK;
    }
    if (v < 0) {
        CHECK(report(st, line, c, SEV_ERROR, "number.negative", s, n, "%s“%.*s”是负数。应为 0 或正数",
                     colname(st, c), clip(s, n), s));
        return TZ_OK;
    }
    *out = v;
    return TZ_OK;
}

/* Claims the next row of a table: the row is zeroed and counted, so that ledger_free
   frees what it holds even when a later step fails. */
static void *claim(load_state *st, void *items_ptr, size_t *n, size_t *cap, size_t size)
{
    ledger_file_kind k = st->kind;
    if (mem_grow(items_ptr, cap, *n + 1, size) != 0 ||
        mem_grow(&st->bad[k], &st->cap_bad[k], *n + 1, 1) != 0)
        return NULL;
    char *row = *(char **)items_ptr + *n * size;
    memset(row, 0, size);
    st->bad[k][*n] = ROW_OK;
    (*n)++;
    return row;
}

/* Row i of file k: its id (NULL for a file without ids), line and id column. */
static const char *key_of(const load_state *st, ledger_file_kind k, size_t i, uint32_t *line,
                          int *column)
{
    const ledger *l = st->l;
    switch (k) {
    case LEDGER_UNITS: *line = l->units[i].line, *column = UNIT_ID; return l->units[i].id;
    case LEDGER_TEAMS: *line = l->teams[i].line, *column = TEAM_ID; return l->teams[i].id;
    case LEDGER_VOLUNTEERS: *line = l->volunteers[i].line, *column = VOL_ID; return l->volunteers[i].id;
    case LEDGER_ACTIVITIES: *line = l->activities[i].line, *column = ACT_ID; return l->activities[i].id;
    case LEDGER_DEMANDS: *line = l->demands[i].line, *column = DEM_ID; return l->demands[i].id;
    default: return NULL;
    }
}

/* The ids of file k so far, from its direct index into the map (an id of another shape
   came). Returns TZ_OK or TZ_NOMEM. */
static tz_status ids_to_map(load_state *st, ledger_file_kind k)
{
    idindex *x = &st->dense[k];
    for (size_t v = 0; v < x->n; v++) {
        if (x->row[v] < 0)
            continue;
        uint32_t line;
        int c;
        const char *id = key_of(st, k, (size_t)x->row[v], &line, &c);
        if (hmap_put(&st->ids[k], id, strlen(id), (uint32_t)x->row[v], NULL) < 0)
            return TZ_NOMEM;
    }
    idindex_release(x);
    st->ids_mapped[k] = 1;
    return TZ_OK;
}

/* Registers the id of row `row` (its own copy, in l->text, which the map keeps); a
   repeated id is an error on this row, naming the line of the first. Within a part read
   beside others, the ids wait for rows_join. */
static tz_status register_id(load_state *st, uint32_t line, int c, const char *id, size_t n,
                             size_t row)
{
    if (st->in_part)
        return TZ_OK;
    ledger_file_kind k = st->kind;
    int32_t first = -1;
    if (!st->ids_mapped[k]) {
        int r = idindex_put(&st->dense[k], id, n, (int32_t)row, &first);
        if (r == -2)
            return TZ_NOMEM;
        if (r == 1)
            return TZ_OK;
        if (r == -1 && ids_to_map(st, k) != TZ_OK)
            return TZ_NOMEM;
    }
    if (st->ids_mapped[k]) {
        uint32_t f;
        int r = hmap_put(&st->ids[k], id, n, (uint32_t)row, &f);
        if (r < 0)
            return TZ_NOMEM;
        if (r == 1)
            return TZ_OK;
        first = (int32_t)f;
    }
    uint32_t first_line;
    int fc;
    key_of(st, k, (size_t)first, &first_line, &fc);
    CHECK(report(st, line, c, SEV_ERROR, "id.duplicate", id, n,
                 "%s“%.*s”重复：第 %u 行已经用过这个编码。每个编码只能出现一次，删掉或改正重复的一行",
                 colname(st, c), clip(id, n), id, first_line));
    return TZ_OK;
}

/* The row's id (column c): read, copied into *id (l->text) and, unless empty,
   registered as the id of row `row`. */
static tz_status row_id(load_state *st, uint32_t line, const csvread_field *f, size_t nf, int c,
                        size_t row, char **id)
{
    const char *s;
    size_t n;
    tz_status r;
    if ((r = id_cell(st, line, f, nf, c, &s, &n)) != TZ_OK)
        return r;
    if (!(*id = arena_strndup(&st->l->text, s, n)))
        return TZ_NOMEM;
    if (n && (r = register_id(st, line, c, *id, n, row)) != TZ_OK)
        return r;
    return TZ_OK;
}

static tz_status unit_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_unit *u = claim(st, &l->units, &l->n_units, &st->cap_units, sizeof *u);
    if (!u)
        return TZ_NOMEM;
    u->line = line;
    tz_status r;
    if ((r = row_id(st, line, f, nf, UNIT_ID, l->n_units - 1, &u->id)) != TZ_OK)
        return r;
    if ((r = text_cell(st, line, f, nf, UNIT_NAME, 1, &u->name)) != TZ_OK ||
        (r = number_cell(st, line, f, nf, UNIT_PARTY_MEMBERS, 0, 1, &u->party_members)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, UNIT_ORG_TYPE, 0, &u->org_type)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, UNIT_SECTOR, 0, &u->sector)) != TZ_OK)
        return r;
    return TZ_OK;
}

static tz_status team_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_team *t = claim(st, &l->teams, &l->n_teams, &st->cap_teams, sizeof *t);
    if (!t)
        return TZ_NOMEM;
    t->line = line;
    t->unit = LEDGER_NONE;
    int32_t type;
    tz_status r;
    if ((r = row_id(st, line, f, nf, TEAM_ID, l->n_teams - 1, &t->id)) != TZ_OK)
        return r;
    if ((r = text_cell(st, line, f, nf, TEAM_NAME, 1, &t->name)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, TEAM_UNIT, LEDGER_UNITS, 1, &t->unit)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, TEAM_TYPE, LEDGER_TEAM_TYPE_NAMES, TEAM_TYPE_COUNT, 1,
                       "enum.invalid", &type)) != TZ_OK ||
        (r = date_cell(st, line, f, nf, TEAM_FOUNDED, 0, &t->founded_on)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, TEAM_SPECIALTY, 0, &t->specialty)) != TZ_OK)
        return r;
    t->type = type >= 0 ? (team_type)type : TEAM_PARTY;
    return TZ_OK;
}

static tz_status volunteer_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_volunteer *v = claim(st, &l->volunteers, &l->n_volunteers, &st->cap_volunteers,
                                sizeof *v);
    if (!v)
        return TZ_NOMEM;
    v->line = line;
    v->unit = v->team = LEDGER_NONE;
    const char *s;
    size_t n;
    int32_t status;
    tz_status r;
    if ((r = row_id(st, line, f, nf, VOL_ID, l->n_volunteers - 1, &v->id)) != TZ_OK)
        return r;
    if ((r = text_cell(st, line, f, nf, VOL_NAME, 1, &v->name)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, VOL_UNIT, LEDGER_UNITS, 1, &v->unit)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, VOL_TEAM, LEDGER_TEAMS, 0, &v->team)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, VOL_STATUS, LEDGER_POLITICAL_NAMES, POL_COUNT, 1,
                       "enum.invalid", &status)) != TZ_OK ||
        (r = date_cell(st, line, f, nf, VOL_JOINED, 0, &v->joined_on)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, VOL_SKILLS, 0, &v->skills)) != TZ_OK)
        return r;
    /* unknown: POL_COUNT, counted nowhere (the row is in error and left out) */
    v->status = status >= 0 ? (political_status)status : POL_COUNT;

    /* personal data: only masked text is kept, in problems too */
    buf m = BUF_INIT;
    cell(st, f, nf, VOL_PHONE, &s, &n);
    if (field_mask_phone(&m, s, n) != 0 || buf_append(&m, "", 0) != 0)
        goto nomem;
    if (!(v->phone_masked = arena_strndup(&l->text, m.data, m.len)))
        goto nomem;
    buf_clear(&m);
    cell(st, f, nf, VOL_IDNUMBER, &s, &n);
    if (field_mask_idcard(&m, s, n) != 0 || buf_append(&m, "", 0) != 0)
        goto nomem;
    if (n) {
        int check = field_idcard_check(s, n);
        if (check == 1 && report(st, line, VOL_IDNUMBER, SEV_WARNING, "idcard.check_digit", m.data,
                                 m.len, "身份证号“%s”的校验位不对，可能录错了一位。请核对身份证号",
                                 m.data) != 0)
            goto nomem;
        if (check == 2 && report(st, line, VOL_IDNUMBER, SEV_WARNING, "idcard.format", m.data,
                                 m.len, "身份证号“%s”不是 18 位身份证号的样子（或被 Excel 改成了科学计数法）。"
                                 "把该列设为“文本”格式，核对后重新填写", m.data) != 0)
            goto nomem;
    }
    if (!(v->id_number_masked = arena_strndup(&l->text, m.data, m.len)))
        goto nomem;
    buf_release(&m);
    return TZ_OK;
nomem:
    buf_release(&m);
    return TZ_NOMEM;
}

static tz_status demand_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_demand *d = claim(st, &l->demands, &l->n_demands, &st->cap_demands, sizeof *d);
    if (!d)
        return TZ_NOMEM;
    d->line = line;
    d->category = d->channel = LEDGER_NONE;
    int32_t area;
    tz_status r;
    if ((r = row_id(st, line, f, nf, DEM_ID, l->n_demands - 1, &d->id)) != TZ_OK)
        return r;
    if ((r = date_cell(st, line, f, nf, DEM_SUBMITTED, 1, &d->submitted_on)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, DEM_REQUESTER, 1, &d->requester)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, DEM_AREA, LEDGER_AREA_NAMES, AREA_COUNT, 1,
                       "enum.invalid", &area)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, DEM_CATEGORY, (const char *const *)l->categories,
                       l->n_categories, 1, "category.unknown", &d->category)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, DEM_DESCRIPTION, 0, &d->description)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, DEM_CHANNEL, LEDGER_CHANNEL_NAMES, CHANNEL_COUNT, 0,
                       "enum.invalid", &d->channel)) != TZ_OK)
        return r;
    d->area = area >= 0 ? (area_type)area : AREA_OTHER;
    return TZ_OK;
}

/* The staging index of a campaign name, in order of first appearance. */
static tz_status campaign_index(load_state *st, const char *s, size_t n, int32_t *out)
{
    ledger *l = st->l;
    uint32_t v;
    if (hmap_get(&st->campaign_ids, s, n, &v)) {
        *out = (int32_t)v;
        return TZ_OK;
    }
    if (mem_grow(&l->campaigns, &st->cap_campaigns, l->n_campaigns + 1, sizeof *l->campaigns))
        return TZ_NOMEM;
    char *name = mem_strndup(s, n);
    if (!name)
        return TZ_NOMEM;
    l->campaigns[l->n_campaigns] = name;
    if (hmap_put(&st->campaign_ids, name, n, (uint32_t)l->n_campaigns, NULL) < 0) {
        mem_free(name);
        return TZ_NOMEM;
    }
    *out = (int32_t)l->n_campaigns++;
    return TZ_OK;
}

static tz_status activity_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_activity *a = claim(st, &l->activities, &l->n_activities, &st->cap_activities,
                               sizeof *a);
    if (!a)
        return TZ_NOMEM;
    a->line = line;
    a->lead_unit = a->category = a->demand = a->campaign = LEDGER_NONE;
    const char *s;
    size_t n;
    int32_t mode, area;
    tz_status r;
    if ((r = row_id(st, line, f, nf, ACT_ID, l->n_activities - 1, &a->id)) != TZ_OK)
        return r;
    if ((r = date_cell(st, line, f, nf, ACT_DATE, 1, &a->date)) != TZ_OK)
        return r;
    if (a->date != LEDGER_NO_DATE && (a->date < st->year_first || a->date > st->year_last)) {
        char iso[16];
        load_format_date(a->date, iso);
        cell(st, f, nf, ACT_DATE, &s, &n);
        CHECK(report(st, line, ACT_DATE, SEV_ERROR, "date.out_of_year", s, n,
                     "活动日期 %s 不在 %d 年内。只登记本年度的活动，或检查年份是否写错",
                     iso, st->year));
    }
    if ((r = text_cell(st, line, f, nf, ACT_TITLE, 1, &a->title)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, ACT_MODE, LEDGER_MODE_NAMES, MODE_COUNT, 1,
                       "enum.invalid", &mode)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, ACT_LEAD_UNIT, LEDGER_UNITS, 1, &a->lead_unit)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, ACT_CATEGORY, (const char *const *)l->categories,
                       l->n_categories, 1, "category.unknown", &a->category)) != TZ_OK ||
        (r = enum_cell(st, line, f, nf, ACT_AREA, LEDGER_AREA_NAMES, AREA_COUNT, 1,
                       "enum.invalid", &area)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, ACT_LOCATION, 0, &a->location)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, ACT_DEMAND, LEDGER_DEMANDS, 0, &a->demand)) != TZ_OK)
        return r;
    a->mode = mode >= 0 ? (activity_mode)mode : MODE_INDEPENDENT;
    a->area = area >= 0 ? (area_type)area : AREA_OTHER;
    if (a->demand != LEDGER_NONE && a->date != LEDGER_NO_DATE) {
        const ledger_demand *d = &l->demands[a->demand];
        if (d->submitted_on != LEDGER_NO_DATE && a->date < d->submitted_on) {
            char ad[16], dd[16];
            load_format_date(a->date, ad);
            load_format_date(d->submitted_on, dd);
            cell(st, f, nf, ACT_DEMAND, &s, &n);
            CHECK(report(st, line, ACT_DEMAND, SEV_ERROR, "activity.before_demand", s, n,
                         "活动日期 %s 早于它回应的需求“%s”的提出日期 %s（demands.csv 第 %u 行）。"
                         "检查活动日期或需求编号", ad, d->id, dd, d->line));
        }
    }
    cell(st, f, nf, ACT_CAMPAIGN, &s, &n);
    if (n && field_is_excel_error(s, n)) {
        field_issue iss = {"cell.excel_error", "是 Excel 的错误值（公式出错）",
                           "在表格里改正公式或直接填入内容，再导出"};
        CHECK(report_issue(st, line, ACT_CAMPAIGN, SEV_WARNING, s, n, &iss));
    } else if (n && st->in_part) {
        if (mem_grow(&st->pending, &st->cap_pending, st->n_pending + 1, sizeof *st->pending) != 0)
            return TZ_NOMEM;
        struct load_pending_campaign *pc = &st->pending[st->n_pending];
        if (!(pc->s = arena_strndup(&l->text, s, n)))
            return TZ_NOMEM;
        pc->row = l->n_activities - 1;
        pc->n = n;
        st->n_pending++;
    } else if (n && (r = campaign_index(st, s, n, &a->campaign)) != TZ_OK) {
        return r;
    }
    if ((r = number_cell(st, line, f, nf, ACT_BENEFICIARIES, 0, 1, &a->beneficiaries)) != TZ_OK ||
        (r = number_cell(st, line, f, nf, ACT_DONATION, 2, 0, &a->donation_fen)) != TZ_OK)
        return r;
    return TZ_OK;
}

/* The big file: no allocation here unless a problem is reported. Rows in error are not
   kept at all (they are counted as dropped). */
static tz_status participation_row(load_state *st, uint32_t line, const csvread_field *f,
                                   size_t nf)
{
    ledger *l = st->l;
    int32_t act, vol, unit;
    tz_status r;
    if ((r = ref_cell(st, line, f, nf, PART_ACTIVITY, LEDGER_ACTIVITIES, 1, &act)) != TZ_OK ||
        (r = ref_cell(st, line, f, nf, PART_VOLUNTEER, LEDGER_VOLUNTEERS, 1, &vol)) != TZ_OK)
        return r;
    const char *s;
    size_t n;
    uint16_t tenths = 0;
    field_issue iss;
    cell(st, f, nf, PART_HOURS, &s, &n);
    if (n == 0)
        CHECK(required_missing(st, line, PART_HOURS));
    else if (field_hours(s, n, &tenths, &iss) != 0)
        CHECK(report_issue(st, line, PART_HOURS, SEV_ERROR, s, n, &iss));
    if ((r = ref_cell(st, line, f, nf, PART_UNIT, LEDGER_UNITS, 0, &unit)) != TZ_OK)
        return r;
    if (st->row_bad)
        return TZ_OK;
    cell(st, f, nf, PART_UNIT, &s, &n);
    if (mem_grow(&l->participation, &st->cap_participation, l->n_participation + 1,
                 sizeof *l->participation) != 0 ||
        lines_note(&st->part_lines, l->n_participation, line) != 0)
        return TZ_NOMEM;
    ledger_participation *p = &l->participation[l->n_participation];
    p->activity = (uint32_t)act;
    p->volunteer = (uint32_t)vol;
    p->flags = 0;
    if (n) {
        p->unit = (uint32_t)unit;
        p->flags |= LEDGER_PART_EXPLICIT_UNIT;
    } else {
        p->unit = (uint32_t)st->volunteer_unit[vol];   /* LEDGER_NONE when that row failed */
    }
    p->hours_tenths = tenths;
    l->n_participation++;
    return TZ_OK;
}

static int has_digit(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] >= '0' && s[i] <= '9')
            return 1;
    return 0;
}

/* A known id of `target` by the fast path: 1 and *row when found. */
static int fast_ref(load_state *st, ledger_file_kind target, const char *s, size_t n, int32_t *row)
{
    /* rows come grouped by activity: its id is mostly the row before's (volunteers and
       units seldom are, and are not worth the comparison) */
    int remember = target == LEDGER_ACTIVITIES && n <= sizeof st->last_ref[target].key;
    if (remember && st->last_ref[target].len == n && memcmp(st->last_ref[target].key, s, n) == 0) {
        *row = st->last_ref[target].row;
        return 1;
    }
    uint32_t v;
    if (!rows_find_id(st, target, s, n, &v))
        return 0;
    *row = (int32_t)v;
    if (remember) {
        memcpy(st->last_ref[target].key, s, n);
        st->last_ref[target].len = (uint32_t)n;
        st->last_ref[target].row = (int32_t)v;
    }
    return 1;
}

/* The common participation row, taken without the general path's steps: both ids (and
   the unit's, when given) exactly ids registered in their files, hours a plain number in
   range (field_hours_quick), no cell past the header's width. A registered id is trimmed
   and passed field_id, so a cell equal to it is one the general path trims to itself,
   accepts and finds: such a row has no problem, and what this stores is exactly what
   rows_record would. Returns 1 when it took the row, 0 when the row must go the general
   way (nothing changed then), -1 when out of memory. */
static int participation_fast(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    if (nf > st->map.width || st->file_failed[LEDGER_ACTIVITIES] ||
        st->file_failed[LEDGER_VOLUNTEERS] || st->file_failed[LEDGER_UNITS])
        return 0;
    const char *a, *v, *h, *u;
    size_t an, vn, hn, un;
    int ia = st->map.field[PART_ACTIVITY], iv = st->map.field[PART_VOLUNTEER];
    int ih = st->map.field[PART_HOURS], iu = st->map.field[PART_UNIT];
    if (ia < 0 || iv < 0 || ih < 0 || (size_t)ia >= nf || (size_t)iv >= nf || (size_t)ih >= nf)
        return 0;
    a = f[ia].s, an = f[ia].n;
    v = f[iv].s, vn = f[iv].n;
    h = f[ih].s, hn = f[ih].n;
    if (iu >= 0 && (size_t)iu < nf)
        u = f[iu].s, un = f[iu].n;
    else
        u = "", un = 0;
    /* The activity cell is in the column a repeated header row would be recognised by
       (is_repeated_header); no header name has an ASCII digit, so an id with one is data
       (ids of the direct index all end in digits). */
    if (an == 0 || vn == 0 || (!st->dense[LEDGER_ACTIVITIES].usable && !has_digit(a, an)))
        return 0;
    int32_t act, vol, unit = LEDGER_NONE;
    uint16_t tenths;
    field_issue iss;
    if (!fast_ref(st, LEDGER_ACTIVITIES, a, an, &act) || !fast_ref(st, LEDGER_VOLUNTEERS, v, vn, &vol) ||
        (un && !fast_ref(st, LEDGER_UNITS, u, un, &unit)) || hn == 0 ||
        (!field_hours_quick(h, hn, &tenths) && field_hours(h, hn, &tenths, &iss) != 0))
        return 0;
    ledger *l = st->l;
    size_t n = l->n_participation;
    if ((n >= st->cap_participation &&
         mem_grow(&l->participation, &st->cap_participation, n + 1, sizeof *l->participation) != 0) ||
        lines_note(&st->part_lines, n, line) != 0)
        return -1;
    l->files[LEDGER_PARTICIPATION].rows++;
    ledger_participation *p = &l->participation[l->n_participation];
    p->activity = (uint32_t)act;
    p->volunteer = (uint32_t)vol;
    p->unit = un ? (uint32_t)unit : (uint32_t)st->volunteer_unit[vol];
    p->flags = un ? LEDGER_PART_EXPLICIT_UNIT : 0;
    p->hours_tenths = tenths;
    l->n_participation++;
    return 1;
}

static tz_status result_row(load_state *st, uint32_t line, const csvread_field *f, size_t nf)
{
    ledger *l = st->l;
    ledger_result *res = claim(st, &l->results, &l->n_results, &st->cap_results, sizeof *res);
    if (!res)
        return TZ_NOMEM;
    res->line = line;
    tz_status r;
    if ((r = ref_cell(st, line, f, nf, RES_ACTIVITY, LEDGER_ACTIVITIES, 1, &res->activity)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, RES_INDICATOR, 1, &res->indicator)) != TZ_OK ||
        (r = number_cell(st, line, f, nf, RES_QUANTITY, 4, 1, &res->quantity_e4)) != TZ_OK ||
        (r = text_cell(st, line, f, nf, RES_MEASURE_UNIT, 1, &res->measure_unit)) != TZ_OK)
        return r;
    return TZ_OK;
}

static int all_empty(const csvread_field *f, size_t nf)
{
    for (size_t i = 0; i < nf; i++) {
        const char *s = f[i].s;
        size_t n = f[i].n;
        field_trim(&s, &n);
        if (n)
            return 0;
    }
    return 1;
}

/* A header row met again inside the data (two exports pasted together)? */
static int is_repeated_header(const load_state *st, const csvread_field *f, size_t nf)
{
    /* Cheap tests first (this runs on every row): the first column's cell must be a name,
       and no name holds an ASCII digit (test_header), where an id mostly does. */
    int first = st->map.field[0];
    if (first < 0 || (size_t)first >= nf || has_digit(f[first].s, f[first].n))
        return 0;
    if (header_recognized(st->kind, &f[first], 1) == 0)
        return 0;
    size_t mapped = 0;
    for (size_t c = 0; c < HEADER_MAX_COLS; c++)
        mapped += st->map.field[c] >= 0;
    size_t seen = header_recognized(st->kind, f, nf);
    return seen >= 2 && seen * 2 >= mapped;
}

load_rows rows_of(load_state *st, ledger *l, ledger_file_kind k)
{
    switch (k) {
    case LEDGER_UNITS: return (load_rows){&l->units, &l->n_units, &st->cap_units, sizeof *l->units};
    case LEDGER_TEAMS: return (load_rows){&l->teams, &l->n_teams, &st->cap_teams, sizeof *l->teams};
    case LEDGER_VOLUNTEERS:
        return (load_rows){&l->volunteers, &l->n_volunteers, &st->cap_volunteers, sizeof *l->volunteers};
    case LEDGER_ACTIVITIES:
        return (load_rows){&l->activities, &l->n_activities, &st->cap_activities, sizeof *l->activities};
    case LEDGER_PARTICIPATION:
        return (load_rows){&l->participation, &l->n_participation, &st->cap_participation,
                           sizeof *l->participation};
    case LEDGER_DEMANDS: return (load_rows){&l->demands, &l->n_demands, &st->cap_demands, sizeof *l->demands};
    case LEDGER_RESULTS: return (load_rows){&l->results, &l->n_results, &st->cap_results, sizeof *l->results};
    case LEDGER_FILE_COUNT: break;
    }
    return (load_rows){NULL, NULL, NULL, 0};
}

tz_status rows_join(load_state *st, size_t first, const load_state *w)
{
    ledger *l = st->l;
    ledger_file_kind k = st->kind;
    load_rows t = rows_of(st, l, k);
    for (size_t i = first; i < *t.n; i++) {
        uint32_t line;
        int c;
        const char *id = key_of(st, k, i, &line, &c);
        if (!id)
            break;                       /* a file without ids */
        if (!id[0])
            continue;                    /* missing or bad: reported with the row */
        size_t before = l->problems.errors;
        tz_status r = register_id(st, line, c, id, strlen(id), i);
        if (r != TZ_OK)
            return r;
        if (l->problems.errors != before)
            st->bad[k][i] = ROW_ERROR;
    }
    for (size_t i = 0; i < w->n_pending; i++) {
        tz_status r = campaign_index(st, w->pending[i].s, w->pending[i].n,
                                     &l->activities[first + w->pending[i].row].campaign);
        if (r != TZ_OK)
            return r;
    }
    return TZ_OK;
}

/* ---- total rows (合计行) ----------------------------------------------------------------- */

/* The words of a total row that Excel users add at the bottom. */
static const char *const TOTAL_WORDS[] = {"合计", "总计", "小计", "共计"};

/* Whether the cell reads one of TOTAL_WORDS, spaces (also full-width) inside and a colon
   after allowed: "合 计", "合计：". */
static int is_total_word(const char *s, size_t n)
{
    char w[16];
    size_t k = 0;
    for (size_t i = 0; i < n;) {
        if (s[i] == ' ' || s[i] == '\t') {
            i++;
        } else if (n - i >= 3 && memcmp(s + i, "\xE3\x80\x80", 3) == 0) {   /* U+3000 */
            i += 3;
        } else if ((s[i] == ':' && i + 1 == n) || (n - i == 3 && memcmp(s + i, "：", 3) == 0)) {
            break;
        } else {
            if (k == sizeof w)
                return 0;
            w[k++] = s[i++];
        }
    }
    for (size_t t = 0; t < sizeof TOTAL_WORDS / sizeof TOTAL_WORDS[0]; t++)
        if (k == strlen(TOTAL_WORDS[t]) && memcmp(w, TOTAL_WORDS[t], k) == 0)
            return 1;
    return 0;
}

/* The number columns of a kind summed for the test without a label, and its id column
   (empty on a total row); n_numbers 0 for the kinds without one or read on many threads. */
static void total_columns(ledger_file_kind kind, const int **numbers, size_t *n_numbers, int *id)
{
    static const int UNITS[] = {UNIT_PARTY_MEMBERS}, ACTS[] = {ACT_BENEFICIARIES, ACT_DONATION},
                     RESULTS[] = {RES_QUANTITY};
    *n_numbers = 0;
    *id = 0;
    switch (kind) {
    case LEDGER_UNITS: *numbers = UNITS, *n_numbers = 1, *id = UNIT_ID; break;
    case LEDGER_ACTIVITIES: *numbers = ACTS, *n_numbers = 2, *id = ACT_ID; break;
    case LEDGER_RESULTS: *numbers = RESULTS, *n_numbers = 1, *id = RES_ACTIVITY; break;
    default: break;
    }
}

/* A total row: 0 no; 1 a cell reads 合计 (its field index in *at); 2 no label, but the id
   is empty and every number equals its column's sum over the rows above (two or more,
   one number at least not zero). Adds this row to the sums when it is not one. */
static int total_row(load_state *st, const csvread_field *f, size_t nf, size_t *at)
{
    for (size_t i = 0; i < nf; i++) {
        const char *s = f[i].s;
        size_t n = f[i].n;
        field_trim(&s, &n);
        if (n >= 6 && n <= 24 && is_total_word(s, n)) {
            *at = i;
            return 1;
        }
    }
    const int *numbers;
    size_t count;
    int id;
    total_columns(st->kind, &numbers, &count, &id);
    if (count == 0)
        return 0;
    const char *s;
    size_t n;
    int64_t v[HEADER_MAX_COLS];
    int given = 0, equal = 1, nonzero = 0;
    for (size_t c = 0; c < count; c++) {
        field_issue iss;
        cell(st, f, nf, numbers[c], &s, &n);
        v[c] = 0;
        if (n == 0)
            continue;
        if (field_decimal(s, n, 4, &v[c], &iss) != 0) {
            equal = 0;
            v[c] = 0;
            continue;
        }
        given++;
        nonzero |= v[c] != 0;
        equal &= v[c] == st->column_sum[numbers[c]];
    }
    cell(st, f, nf, id, &s, &n);
    if (n == 0 && given && nonzero && st->in_part)
        st->part_unsure = 1;         /* the sums above are not all this part's */
    else if (n == 0 && given && equal && nonzero && st->summed_rows >= 2) {
        *at = (size_t)(st->map.field[numbers[0]] >= 0 ? st->map.field[numbers[0]] : 0);
        return 2;
    }
    /* modulo 2^64 (no overflow): a sum past the range equals no row's numbers anyway,
       and a part's sums added at the join give the same bits */
    for (size_t c = 0; c < count; c++)
        st->column_sum[numbers[c]] = (int64_t)((uint64_t)st->column_sum[numbers[c]] + (uint64_t)v[c]);
    st->summed_rows++;
    return 0;
}

tz_status rows_record(void *ctx, uint32_t line, const csvread_field *f, size_t nf)
{
    load_state *st = ctx;
    ledger *l = st->l;
    if (st->kind == LEDGER_PARTICIPATION && st->have_header && !st->header_failed) {
        int r = participation_fast(st, line, f, nf);
        if (r != 0)
            return r > 0 ? TZ_OK : TZ_NOMEM;
    }
    if (all_empty(f, nf))
        return TZ_OK;
    if (st->header_failed)
        return TZ_OK;
    if (!st->have_header) {
        if (header_recognized(st->kind, f, nf) == 0) {
            if (st->banner_rows++ == 0)
                st->first_banner_line = line;
            if (st->banner_rows >= HEADER_SEARCH_ROWS) {
                st->header_failed = 1;
                st->file_failed[st->kind] = 1;
                size_t ncols;
                const header_column *cols = header_columns(st->kind, &ncols);
                CHECK(problem_add(&l->problems, st->file, st->first_banner_line, 0, SEV_ERROR,
                                  "header.not_found", "", 0,
                                  "文件开头 %d 行里找不到表头。第一行应是列名，如：%s,%s,…",
                                  HEADER_SEARCH_ROWS, cols[0].zh, cols[1].zh));
            }
            return TZ_OK;
        }
        st->have_header = 1;
        if (st->banner_rows)
            CHECK(problem_add(&l->problems, st->file, st->first_banner_line, 0, SEV_NOTICE,
                              "header.banner_skipped", "", 0,
                              "表头之前有 %u 行标题或说明（第 %u 行起），已跳过", st->banner_rows,
                              st->first_banner_line));
        int r = header_map_row(st->kind, f, nf, &st->map, &l->problems, st->file, line, 1);
        if (r < 0)
            return TZ_NOMEM;
        if (r > 0) {
            st->header_failed = 1;
            st->file_failed[st->kind] = 1;
        }
        return TZ_OK;
    }
    if (is_repeated_header(st, f, nf)) {
        CHECK(problem_add(&l->problems, st->file, line, 0, SEV_WARNING, "header.repeated", "", 0,
                          "这一行又是一遍表头（可能是两份导出拼在了一起），已跳过，其后各行按这行表头读取。"
                          "删掉重复的表头行，并检查有没有重复登记的记录"));
        header_map m;
        int r = header_map_row(st->kind, f, nf, &m, &l->problems, st->file, line, 0);
        if (r < 0)
            return TZ_NOMEM;
        if (r > 0) {
            st->header_failed = 1;
            st->file_failed[st->kind] = 1;
        } else {
            st->map = m;
        }
        return TZ_OK;
    }

    l->files[st->kind].rows++;
    st->row_bad = 0;
    size_t at;
    int total = total_row(st, f, nf, &at);
    if (total) {
        /* one problem for the row, not one per cell it breaks; never read as a record */
        const char *s = f[at].s;
        size_t n = f[at].n;
        field_trim(&s, &n);
        CHECK(problem_add(&l->problems, st->file, line, (uint32_t)at + 1, SEV_ERROR, "row.total", s, n,
                          total == 1 ? "这一行是合计行（“%.*s”），不是一条记录，不能计入统计。请删除这一行"
                                     : "这一行没有编号，数字却等于上面各行之和（“%.*s”），是合计行，"
                                       "不是一条记录。请删除这一行",
                          clip(s, n), s));
        return TZ_OK;
    }
    for (size_t i = st->map.width; i < nf; i++) {
        const char *s = f[i].s;
        size_t n = f[i].n;
        field_trim(&s, &n);
        if (n == 0)
            continue;
        CHECK(problem_add(&l->problems, st->file, line, (uint32_t)i + 1, SEV_ERROR,
                          "row.extra_fields", s, n,
                          "这一行比表头多出内容（第 %zu 列“%.*s”），多半是某个单元格里有英文逗号却没加引号。"
                          "在 Excel 里重新导出，或删掉多余的内容", i + 1, clip(s, n), s));
        st->row_bad = 1;
        break;
    }
    tz_status r = TZ_OK;
    switch (st->kind) {
    case LEDGER_UNITS: r = unit_row(st, line, f, nf); break;
    case LEDGER_TEAMS: r = team_row(st, line, f, nf); break;
    case LEDGER_VOLUNTEERS: r = volunteer_row(st, line, f, nf); break;
    case LEDGER_ACTIVITIES: r = activity_row(st, line, f, nf); break;
    case LEDGER_PARTICIPATION: r = participation_row(st, line, f, nf); break;
    case LEDGER_DEMANDS: r = demand_row(st, line, f, nf); break;
    case LEDGER_RESULTS: r = result_row(st, line, f, nf); break;
    case LEDGER_FILE_COUNT: break;
    }
    if (r != TZ_OK)
        return r;
    if (st->row_bad && st->kind != LEDGER_PARTICIPATION) {
        size_t n = 0;
        switch (st->kind) {
        case LEDGER_UNITS: n = l->n_units; break;
        case LEDGER_TEAMS: n = l->n_teams; break;
        case LEDGER_VOLUNTEERS: n = l->n_volunteers; break;
        case LEDGER_ACTIVITIES: n = l->n_activities; break;
        case LEDGER_DEMANDS: n = l->n_demands; break;
        case LEDGER_RESULTS: n = l->n_results; break;
        default: break;
        }
        if (n)
            st->bad[st->kind][n - 1] = ROW_ERROR;
    }
    return TZ_OK;
}

tz_status rows_csv_error(void *ctx, uint32_t line, csvread_error error)
{
    load_state *st = ctx;
    const char *code = "csv.syntax", *msg = "";
    switch (error) {
    case CSVREAD_SYNTAX:
        code = "csv.syntax";
        msg = "这一行的引号不成对或位置不对（CSV 格式错误），整行无法读取。"
              "单元格里的双引号要写成两个（\"\"），或在 Excel 里重新导出";
        break;
    case CSVREAD_UNCLOSED_QUOTE:
        code = "csv.unclosed_quote";
        msg = "从这一行开始的引号直到文件末尾都没有结束，这条记录无法读取。检查这一行的引号";
        break;
    case CSVREAD_FIELD_TOO_LONG:
        code = "csv.field_too_long";
        msg = "从这一行开始的单元格超过 64 KB，多半是引号没有结束。检查这一行的引号";
        break;
    case CSVREAD_TOO_MANY_FIELDS:
        code = "csv.too_many_fields";
        msg = "这一行超过 1024 列，无法读取。检查是否误粘贴了内容";
        break;
    case CSVREAD_NUL:
        code = "csv.nul";
        msg = "这一行含有空字符（字节 0），文件可能已损坏。重新导出这个文件";
        break;
    }
    if (st->have_header)
        st->l->files[st->kind].rows++;
    if (problem_add(&st->l->problems, st->file, line, 0, SEV_ERROR, code, "", 0, "%s", msg) != 0)
        return TZ_NOMEM;
    return TZ_OK;
}
