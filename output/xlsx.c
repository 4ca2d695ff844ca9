/* output/xlsx.c — tables.xlsx from the CSV tables (see xlsx.h). Each CSV is read back a
   chunk at a time and written a row at a time in libxlsxwriter's constant-memory mode (a
   sheet's rows go to a temporary file as they come), so a table of tens of megabytes never
   sits in memory whole. A cell is typed by the description of its column in TABLES, the
   column found by the CSV header's key; a key the description lacks is shown as text.
   May call: base/, output/tables, output/csvw, output/report, output/run.h,
   libxlsxwriter, libc. */
#include "output/xlsx.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "output/csvw.h"
#include "output/report.h"
#include "output/tables.h"

#include <xlsxwriter.h>

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum {
    HEADER_ROWS = 2,           /* the Chinese names, then the CSV keys */
    MIN_WIDTH = 6,             /* column widths, in widths of the digit 0 */
    MAX_WIDTH = 50,
    NAME_ROW_HEIGHT = 30,      /* points: two lines of a Chinese name */
    CELL_CHARS_MAX = 32767,    /* the most characters a spreadsheet cell holds */
    NUMBER_DIGITS_MAX = 15,    /* a decimal of at most 15 digits comes back from a double */
    FREEZE_FROM_COLUMNS = 8,   /* a table this wide keeps its id and name columns in view */
    CHUNK = 1 << 16,
};

/* ---- cell styles, made once per workbook ---- */

typedef enum { ROLE_CELL, ROLE_TOTAL, ROLE_NAME, ROLE_KEY } style_role;

typedef struct style {
    char number[64];           /* the number format, "" for none */
    style_role role;
    lxw_format *format;
} style;

typedef struct book {
    lxw_workbook *wb;
    style *styles;
    size_t n_styles, cap_styles;
    const char *dir;
    const run_context *rc;    /* for the names of columns a table describes only by kind */
} book;

/* The format of a number format and role; NULL when out of memory (or for a plain cell,
   which needs none: *none is then set). */
static lxw_format *style_get(book *b, const char *number, style_role role, int *none)
{
    *none = 0;
    if (!number[0] && role == ROLE_CELL) {
        *none = 1;
        return NULL;
    }
    for (size_t i = 0; i < b->n_styles; i++)
        if (b->styles[i].role == role && strcmp(b->styles[i].number, number) == 0)
            return b->styles[i].format;
    if (strlen(number) >= sizeof b->styles->number ||
        mem_grow(&b->styles, &b->cap_styles, b->n_styles + 1, sizeof *b->styles) != 0)
        return NULL;
    lxw_format *f = workbook_add_format(b->wb);
    if (!f)
        return NULL;
    if (number[0])
        format_set_num_format(f, number);
    switch (role) {
    case ROLE_CELL:
        break;
    case ROLE_TOTAL:
        format_set_bold(f);
        format_set_top(f, LXW_BORDER_THIN);
        break;
    case ROLE_NAME:
        format_set_bold(f);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_align(f, LXW_ALIGN_VERTICAL_CENTER);
        format_set_text_wrap(f);
        format_set_bg_color(f, 0xDDEBF7);
        format_set_border(f, LXW_BORDER_THIN);
        break;
    case ROLE_KEY:
        format_set_font_size(f, 9);
        format_set_font_color(f, 0x808080);
        format_set_align(f, LXW_ALIGN_CENTER);
        format_set_bottom(f, LXW_BORDER_THIN);
        break;
    }
    style *s = &b->styles[b->n_styles++];
    memcpy(s->number, number, strlen(number) + 1);
    s->role = role;
    s->format = f;
    return f;
}

/* "0", "0.0", "0.00", ... with places (< NUMBER_DIGITS_MAX) decimals, into out (of at
   least NUMBER_DIGITS_MAX + 3 bytes). */
static void decimals_format(char *out, int places)
{
    size_t n = 0;
    out[n++] = '0';
    if (places > 0)
        out[n++] = '.';
    for (int i = 0; i < places && i < NUMBER_DIGITS_MAX; i++)
        out[n++] = '0';
    out[n] = '\0';
}

/* ---- reading a CSV of ours back ---- */

/* The cells of one record, each NUL-terminated in text at start[i]. */
typedef struct record {
    buf text;
    size_t *start;
    size_t n, cap;
} record;

typedef struct reader {
    record rec;
    size_t cell_start;          /* where the cell being read begins in rec.text */
    int quoted, quote_seen, cell_open;
    int bom_checked;
    uint64_t records;
} reader;

/* Ends the cell being read. Returns 0, -1 when out of memory. */
static int end_cell(reader *r)
{
    record *rec = &r->rec;
    if (mem_grow(&rec->start, &rec->cap, rec->n + 1, sizeof *rec->start) != 0 ||
        buf_putc(&rec->text, '\0') != 0)
        return -1;
    rec->start[rec->n++] = r->cell_start;
    r->cell_start = rec->text.len;
    r->cell_open = 0;
    return 0;
}

/* ---- one sheet ---- */

typedef struct sheet {
    book *b;
    const tables_table *table;
    const char *path;           /* the CSV, for messages */
    lxw_worksheet *ws;
    tables_column *columns;     /* per CSV column, from its header */
    buf keys;                   /* the header's cells, which unknown columns point into */
    size_t n_columns;
    unsigned *width;            /* per column, in widths of the digit 0 */
    lxw_row_t row;              /* the next row of the sheet */
    int filtered;               /* the filter is set (at the first 合计 row, else at the end) */
    uint64_t left_out;          /* rows past the sheet's last */
    buf scratch;
    tz_status st;
} sheet;

/* How wide s[0..n) shows: 2 for a wide (CJK) character, else 1; the longest line. */
static unsigned display_width(const char *s, size_t n)
{
    unsigned line = 0, widest = 0;
    size_t i = 0;
    while (i < n) {
        uint32_t cp;
        size_t len = utf8_decode(s + i, n - i, &cp);
        if (len == 0) {
            len = 1;
            cp = 0xFFFD;
        }
        i += len;
        if (cp == '\n') {
            line = 0;
            continue;
        }
        int wide = (cp >= 0x1100 && cp <= 0x115F) || (cp >= 0x2E80 && cp <= 0xA4CF) ||
                   (cp >= 0xAC00 && cp <= 0xD7A3) || (cp >= 0xF900 && cp <= 0xFAFF) ||
                   (cp >= 0xFE30 && cp <= 0xFE4F) || (cp >= 0xFF00 && cp <= 0xFF60) ||
                   (cp >= 0xFFE0 && cp <= 0xFFE6) || cp >= 0x20000;
        line += wide ? 2 : 1;
        if (line > widest)
            widest = line;
    }
    return widest;
}

static void widen(sheet *s, size_t col, unsigned w)
{
    if (w > s->width[col])
        s->width[col] = w;
}

/* libxlsxwriter's error: the first one is kept, with its reason on stderr. */
static void check(sheet *s, lxw_error e)
{
    if (e == LXW_NO_ERROR || s->st != TZ_OK)
        return;
    fprintf(stderr, "taizhang: %s/%s: 表“%s”写入工作簿失败: %s\n", s->b->dir, XLSX_NAME,
            s->table->sheet, lxw_strerror(e));
    s->st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TZ_NOMEM : TZ_IOERR;
}

/* The number a CSV cell shows, when a sheet can hold it to the digit:
   [+-]digits[.digits], at most NUMBER_DIGITS_MAX digits, no leading zero before another
   digit ("007" would show as 7). *places: its decimals. Returns 0, or -1 (the cell is then
   written as text). */
static int exact_number(const char *s, size_t n, double *v, int *places)
{
    size_t i = 0, digits = 0, dot = 0;
    if (i < n && (s[i] == '+' || s[i] == '-'))
        i++;
    if (n - i >= 2 && s[i] == '0' && s[i + 1] >= '0' && s[i + 1] <= '9')
        return -1;
    for (; i < n; i++) {
        if (s[i] >= '0' && s[i] <= '9')
            digits++;
        else if (s[i] == '.' && !dot && digits > 0)
            dot = i;
        else
            return -1;
    }
    if (digits == 0 || digits > NUMBER_DIGITS_MAX || (dot && dot == n - 1))
        return -1;
    *places = dot ? (int)(n - 1 - dot) : 0;
    char *end;
    errno = 0;
    *v = strtod(s, &end);
    return end == s + n && errno == 0 ? 0 : -1;
}

/* A date "YYYY-MM-DD" or a month "YYYY-MM" (*month_only). Returns 0, or -1. */
static int parse_date(const char *s, size_t n, lxw_datetime *d, int *month_only)
{
    static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int v[3] = {0, 0, 0};       /* year, month, day */
    if (n != 7 && n != 10)
        return -1;
    for (size_t i = 0, part = 0; i < n; i++) {
        if (i == 4 || i == 7) {
            if (s[i] != '-')
                return -1;
            part++;
        } else if (s[i] >= '0' && s[i] <= '9') {
            v[part] = v[part] * 10 + (s[i] - '0');
        } else {
            return -1;
        }
    }
    if (n == 7)
        v[2] = 1;               /* a month: its first day, shown yyyy-mm */
    int leap = (v[0] % 4 == 0 && v[0] % 100 != 0) || v[0] % 400 == 0;
    if (v[0] < 1900 || v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > days[v[1] - 1] ||
        (v[1] == 2 && v[2] == 29 && !leap))
        return -1;
    *d = (lxw_datetime){v[0], v[1], v[2], 0, 0, 0};
    *month_only = n == 7;
    return 0;
}

/* The characters of t[0..n) as a spreadsheet counts them (UTF-16 units). */
static size_t cell_chars(const char *t, size_t n)
{
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        chars += (c & 0xC0) != 0x80;           /* a character starts here */
        chars += c >= 0xF0;                    /* four bytes: two UTF-16 units */
    }
    return chars;
}

/* Text as a sheet keeps it: the CSV's guard apostrophe taken off (a text cell of a sheet
   is never a formula); a literal "_xHHHH_" escaped as Excel does (libxlsxwriter writes
   control characters that way); a text longer than a cell holds cut, with where the
   whole text is. Into s->scratch, NUL-terminated. Returns 0, -1 when out of memory. */
static int sheet_text(sheet *s, const char *t, size_t n)
{
    buf *o = &s->scratch;
    char tail[256];
    size_t keep = n, tail_len = 0;
    buf_clear(o);
    if (n > 1 && t[0] == '\'' && csvw_needs_guard(t + 1, n - 1))
        t++, n--, keep--;
    if (cell_chars(t, n) > CELL_CHARS_MAX) {
        int tn = snprintf(tail, sizeof tail, "……（全文见 %s）", s->table->path);
        if (tn < 0 || (size_t)tn >= sizeof tail)
            return -1;
        tail_len = (size_t)tn;
        size_t room = CELL_CHARS_MAX - cell_chars(tail, tail_len), chars = 0;
        for (keep = 0; keep < n; keep++) {
            unsigned char c = (unsigned char)t[keep];
            if ((c & 0xC0) != 0x80 && (chars += 1 + (c >= 0xF0)) > room)
                break;                         /* cut before this character */
        }
    }
    int bad = 0;
    for (size_t i = 0; i < keep && !bad; i++) {
        if (t[i] == '_' && keep - i >= 7 && t[i + 1] == 'x' && t[i + 6] == '_' &&
            strspn(t + i + 2, "0123456789ABCDEFabcdef") >= 4)
            bad = buf_puts(o, "_x005F");
        bad = bad || buf_putc(o, t[i]);
    }
    return bad || buf_append(o, tail, tail_len) != 0 ? -1 : 0;
}

static void write_text(sheet *s, lxw_row_t row, size_t col, const char *t, size_t n,
                       const char *number, style_role role)
{
    int none;
    lxw_format *f = style_get(s->b, number, role, &none);
    if (!f && !none) {
        s->st = TZ_NOMEM;
        return;
    }
    if (sheet_text(s, t, n) != 0) {
        s->st = TZ_NOMEM;
        return;
    }
    unsigned w = display_width(s->scratch.data, s->scratch.len);
    if (role == ROLE_NAME)
        w = (w + 1) / 2;        /* a Chinese name wraps onto its row's two lines */
    else if (role == ROLE_KEY)
        w = (w * 3 + 3) / 4;    /* a key is in a smaller font */
    widen(s, col, w);
    check(s, worksheet_write_string(s->ws, row, (lxw_col_t)col, s->scratch.data, f));
}

/* One data cell, typed by its column. */
static void write_cell(sheet *s, lxw_row_t row, size_t col, const char *t, size_t n,
                       style_role role)
{
    tables_column c = s->columns[col];
    char number[64];
    double v;
    int places, month_only, none;
    lxw_datetime d;
    lxw_format *f;
    if (n == 0)
        return;                 /* an empty cell stays empty */
    switch (c.kind) {
    case TABLES_ID:
        write_text(s, row, col, t, n, "@", role);
        return;
    case TABLES_INTEGER: case TABLES_DECIMAL: case TABLES_NUMBER: case TABLES_CHANGE:
    case TABLES_RATE:
        if (exact_number(t, n, &v, &places) != 0)
            break;
        if (c.kind == TABLES_RATE && places >= 2) {   /* 0.1875 as 18.75%: the same digits */
            decimals_format(number, places - 2);
            size_t end = strlen(number);      /* at most NUMBER_DIGITS_MAX + 2: room left */
            number[end] = '%';
            number[end + 1] = '\0';
        } else {
            decimals_format(number, places);
        }
        if (c.kind == TABLES_CHANGE) {          /* "+12.50" keeps its sign */
            char plain[sizeof number];
            memcpy(plain, number, sizeof plain);
            int k = snprintf(number, sizeof number, "+%s;-%s;%s", plain, plain, plain);
            if (k < 0 || (size_t)k >= sizeof number)
                break;
        }
        if (!(f = style_get(s->b, number, role, &none))) {
            s->st = TZ_NOMEM;
            return;
        }
        widen(s, col, (unsigned)n);
        check(s, worksheet_write_number(s->ws, row, (lxw_col_t)col, v, f));
        return;
    case TABLES_DATE:
        if (parse_date(t, n, &d, &month_only) != 0)
            break;
        if (!(f = style_get(s->b, month_only ? "yyyy-mm" : "yyyy-mm-dd", role, &none))) {
            s->st = TZ_NOMEM;
            return;
        }
        widen(s, col, (unsigned)n);
        check(s, worksheet_write_datetime(s->ws, row, (lxw_col_t)col, &d, f));
        return;
    default:
        break;
    }
    write_text(s, row, col, t, n, "", role);   /* text, or a cell its column did not expect */
}

/* The header: each key's column from the table's description, the Chinese names in the
   first row, the keys in the second. */
static void header_rows(sheet *s, record *rec)
{
    s->keys = rec->text;                       /* the keys stay while the rows are read */
    rec->text = (buf)BUF_INIT;
    s->n_columns = rec->n;
    s->columns = mem_calloc(rec->n ? rec->n : 1, sizeof *s->columns);
    s->width = mem_calloc(rec->n ? rec->n : 1, sizeof *s->width);
    if (!s->columns || !s->width) {
        s->st = TZ_NOMEM;
        return;
    }
    check(s, worksheet_set_row(s->ws, 0, NAME_ROW_HEIGHT, NULL));
    for (size_t i = 0; i < rec->n && s->st == TZ_OK; i++) {
        const char *key = s->keys.data + rec->start[i];
        size_t n = strlen(key);
        if (tables_column_find(s->table->columns, key, n, &s->columns[i]) != 0) {
            /* not described by key: the table's other columns, else text */
            tables_column other = s->table->others ? *s->table->others
                                                   : (tables_column){NULL, NULL, TABLES_TEXT, 0, NULL};
            other.key = key;
            other.label = tables_other_label(s->b->rc, s->table, key);
            s->columns[i] = other;
        }
        const tables_column *c = &s->columns[i];
        char name[160];     /* the Chinese name, with its unit of measure: 服务时长（小时） */
        int len = c->measure ? snprintf(name, sizeof name, "%s（%s）", c->label, c->measure)
                           : snprintf(name, sizeof name, "%s", c->label);
        if (len < 0 || (size_t)len >= sizeof name) {
            s->st = TZ_SOFTWARE;
            return;
        }
        write_text(s, 0, i, name, (size_t)len, "", ROLE_NAME);
    }
    for (size_t i = 0; i < rec->n && s->st == TZ_OK; i++)   /* rows in order: constant memory */
        write_text(s, 1, i, s->columns[i].key, strlen(s->columns[i].key), "", ROLE_KEY);
    s->row = HEADER_ROWS;
}

/* The filter over the keys row and the rows written so far (none: the keys row alone), once:
   constant-memory mode takes no range that ends above the row being written. */
static void set_filter(sheet *s)
{
    if (s->filtered || s->n_columns == 0)
        return;
    s->filtered = 1;
    lxw_row_t last = s->row > HEADER_ROWS ? s->row - 1 : HEADER_ROWS - 1;
    check(s, worksheet_autofilter(s->ws, HEADER_ROWS - 1, 0, last, (lxw_col_t)(s->n_columns - 1)));
}

static void data_row(sheet *s, const record *rec)
{
    if (rec->n != s->n_columns) {
        fprintf(stderr, "taizhang: %s/%s: 第 %llu 行有 %zu 格，表头有 %zu 列\n", s->b->dir,
                s->path, (unsigned long long)s->row - HEADER_ROWS + 2, rec->n, s->n_columns);
        s->st = TZ_SOFTWARE;
        return;
    }
    if (s->row >= LXW_ROW_MAX - 1) {       /* the last row is kept for the note */
        s->left_out++;
        return;
    }
    const char *first = rec->n ? rec->text.data + rec->start[0] : "";
    style_role role = strcmp(first, "合计") == 0 ? ROLE_TOTAL : ROLE_CELL;
    if (role == ROLE_TOTAL)
        set_filter(s);          /* the rows above; now, while no row below them is written */
    for (size_t i = 0; i < rec->n && s->st == TZ_OK; i++) {
        const char *t = rec->text.data + rec->start[i];
        write_cell(s, s->row, i, t, strlen(t), role);
    }
    s->row++;
}

/* A whole record read: the header or a row. */
static void end_record(sheet *s, reader *r)
{
    if (r->records++ == 0)
        header_rows(s, &r->rec);
    else
        data_row(s, &r->rec);
    r->rec.n = 0;
    r->cell_start = 0;
    buf_clear(&r->rec.text);
}

/* Feeds bytes of the CSV to the reader: RFC 4180 as output/csvw writes it (quoted cells
   with "" inside, CRLF between records). Returns 0, -1 when out of memory. */
static int feed(sheet *s, reader *r, const char *p, size_t n)
{
    static const unsigned char SPECIAL[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};
    size_t i = 0;
    if (!r->bom_checked && n >= 3) {
        r->bom_checked = 1;
        if (memcmp(p, "\xEF\xBB\xBF", 3) == 0)
            i = 3;
    }
    while (i < n && s->st == TZ_OK) {
        if (r->quoted) {
            const char *q = memchr(p + i, '"', n - i);
            if (r->quote_seen) {
                r->quote_seen = 0;
                if (p[i] == '"') {
                    if (buf_putc(&r->rec.text, '"') != 0)
                        return -1;
                    i++;
                    continue;
                }
                r->quoted = 0;                 /* that quote closed the cell */
                continue;
            }
            size_t end = q ? (size_t)(q - p) : n;
            if (buf_append(&r->rec.text, p + i, end - i) != 0)
                return -1;
            i = end;
            if (q) {
                r->quote_seen = 1;
                i++;
            }
            continue;
        }
        size_t j = i;
        while (j < n && !SPECIAL[(unsigned char)p[j]])
            j++;
        if (j > i) {
            if (buf_append(&r->rec.text, p + i, j - i) != 0)
                return -1;
            r->cell_open = 1;
            i = j;
            continue;
        }
        char c = p[i++];
        if (c == '"' && !r->cell_open) {
            r->quoted = r->cell_open = 1;
        } else if (c == '"') {
            if (buf_putc(&r->rec.text, '"') != 0)
                return -1;
        } else if (c == ',') {
            if (end_cell(r) != 0)
                return -1;
        } else if (c == '\n') {
            if (end_cell(r) != 0)
                return -1;
            end_record(s, r);
        }                                      /* '\r': the CR of CRLF */
    }
    return 0;
}

/* ---- the workbook ---- */

/* The print set-up, frozen rows, filter and widths, once every row is in. */
static void finish_sheet(sheet *s)
{
    lxw_worksheet *ws = s->ws;
    set_filter(s);
    if (s->left_out) {
        char note[256];
        int n = snprintf(note, sizeof note, "另有 %llu 行超出工作表的行数上限，未列出；全部行见 %s",
                         (unsigned long long)s->left_out, s->table->path);
        if (n > 0 && (size_t)n < sizeof note)
            check(s, worksheet_write_string(ws, s->row, 0, note, NULL));
    }
    if (s->st != TZ_OK || s->n_columns == 0)
        return;
    for (size_t i = 0; i < s->n_columns; i++) {
        unsigned w = s->width[i] + 2;
        w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
        check(s, worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, w, NULL));
    }
    /* a wide table keeps its leading ids and the name after them in view */
    lxw_col_t frozen = 0;
    if (s->n_columns >= FREEZE_FROM_COLUMNS) {
        while (frozen < s->n_columns && s->columns[frozen].kind == TABLES_ID)
            frozen++;
        if (frozen > 0 && frozen < s->n_columns && s->columns[frozen].kind == TABLES_TEXT)
            frozen++;
    }
    worksheet_freeze_panes(ws, HEADER_ROWS, frozen);
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);                 /* A4 */
    check(s, worksheet_repeat_rows(ws, 0, HEADER_ROWS - 1));
    worksheet_fit_to_pages(ws, 1, 0);           /* the width of one page, as long as it runs */
    check(s, worksheet_set_header(ws, "&C&A"));
    check(s, worksheet_set_footer(ws, "&C第 &P 页，共 &N 页"));
}

/* One table into its sheet. TZ_OK also when the run wrote no such file. */
static tz_status write_sheet(book *b, const tables_table *t)
{
    sheet s = {.b = b, .table = t, .path = t->path, .keys = BUF_INIT, .scratch = BUF_INIT,
               .st = TZ_OK};
    reader r = {.rec = {.text = BUF_INIT}};
    buf path = BUF_INIT;
    char *chunk = NULL;
    FILE *fp = NULL;
    if (buf_printf(&path, "%s/%s", b->dir, t->path) != 0)
        return TZ_NOMEM;
    fp = fopen(path.data, "rb");
    if (!fp) {
        if (errno != ENOENT) {
            fprintf(stderr, "taizhang: %s: 无法读取: %s\n", path.data, strerror(errno));
            s.st = TZ_IOERR;
        }
        goto out;
    }
    s.ws = workbook_add_worksheet(b->wb, t->sheet);
    chunk = mem_alloc(CHUNK);
    if (!s.ws || !chunk) {
        s.st = s.ws ? TZ_NOMEM : TZ_SOFTWARE;
        if (!s.ws)
            fprintf(stderr, "taizhang: %s/%s: 无法加入工作表“%s”\n", b->dir, XLSX_NAME, t->sheet);
        goto out;
    }
    size_t got;
    while (s.st == TZ_OK && (got = fread(chunk, 1, CHUNK, fp)) > 0)
        if (feed(&s, &r, chunk, got) != 0)
            s.st = TZ_NOMEM;
    if (s.st == TZ_OK && ferror(fp)) {
        fprintf(stderr, "taizhang: %s: 读取失败\n", path.data);
        s.st = TZ_IOERR;
    }
    if (s.st == TZ_OK && (r.quoted && !r.quote_seen)) {
        fprintf(stderr, "taizhang: %s: 文件末尾的引号未闭合\n", path.data);
        s.st = TZ_SOFTWARE;
    }
    if (s.st == TZ_OK && (r.rec.n > 0 || r.cell_open || r.quote_seen)) {   /* no CRLF at the end */
        if (end_cell(&r) != 0)
            s.st = TZ_NOMEM;
        else
            end_record(&s, &r);
    }
    if (s.st == TZ_OK && r.records == 0) {
        fprintf(stderr, "taizhang: %s: 没有表头\n", path.data);
        s.st = TZ_SOFTWARE;
    }
    if (s.st == TZ_OK)
        finish_sheet(&s);
out:
    if (fp)
        fclose(fp);
    mem_free(chunk);
    mem_free(s.columns);
    mem_free(s.width);
    buf_release(&s.scratch);
    buf_release(&s.keys);
    buf_release(&r.rec.text);
    mem_free(r.rec.start);
    buf_release(&path);
    return s.st;
}

tz_status xlsx_write(const run_context *rc, const char *dir)
{
    tz_status st = TZ_OK;
    book b = {.dir = dir, .rc = rc};
    buf path = BUF_INIT, title = BUF_INIT;
    if (buf_printf(&path, "%s/%s", dir, XLSX_NAME) != 0 ||
        report_title(rc->opt, rc->ledger->year, &title) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    /* temporary files beside the outputs: OUT's disk has room for them, /tmp may not */
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = (char *)dir,
                                    .use_zip64 = LXW_FALSE};
    b.wb = workbook_new_opt(path.data, &options);
    if (!b.wb) {
        fprintf(stderr, "taizhang: %s: 无法创建工作簿\n", path.data);
        st = TZ_CANTCREAT;
        goto out;
    }
    /* the documents' date, as the report's: never the clock (0 would make it the clock) */
    int64_t when = report_document_time(rc->ledger);
    lxw_doc_properties props = {
        .title = title.data,
        .subject = (char *)"统计表（各工作表与同名 CSV 逐格相同）",
        .comments = (char *)"taizhang " TZ_VERSION,
        .created = (time_t)(when > 0 ? when : 1),
    };
    if (workbook_set_properties(b.wb, &props) != LXW_NO_ERROR)
        st = TZ_NOMEM;
    for (size_t i = 0; i < TABLES_COUNT && st == TZ_OK; i++)
        st = write_sheet(&b, &TABLES[i]);
    lxw_error e = workbook_close(b.wb);        /* also frees it, written or not */
    if (st == TZ_OK && e != LXW_NO_ERROR) {
        fprintf(stderr, "taizhang: %s: 写入失败: %s\n", path.data, lxw_strerror(e));
        st = e == LXW_ERROR_MEMORY_MALLOC_FAILED ? TZ_NOMEM : TZ_IOERR;
    }
out:
    mem_free(b.styles);
    buf_release(&path);
    buf_release(&title);
    return st;
}
