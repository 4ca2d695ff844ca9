/* input/csvread.c — libcsv fed one physical line at a time, so that the line where each
   record starts is known (libcsv gives no positions and drops empty lines).
   May call: base/mem, base/buf, libcsv, libc. */
#include "input/csvread.h"
#include "base/buf.h"
#include "base/mem.h"

#include <csv.h>
#include <string.h>

/* libcsv's parser state between records (ROW_NOT_BEGUN in csv.c; struct csv_parser
   exposes pstate but not the names). */
#define LIBCSV_ROW_NOT_BEGUN 0

/* libcsv's realloc hook has no user data: the "refused for size" flag lives here. The
   input stage reads files from one thread at a time per parser; thread-local keeps
   parallel readers apart. */
static _Thread_local int refused_for_size;

static void *capped_realloc(void *p, size_t n)
{
    if (n > CSVREAD_FIELD_MAX + 128) {   /* libcsv grows in blocks of 128 */
        refused_for_size = 1;
        return NULL;
    }
    return mem_realloc(p, n);
}

typedef struct reader {
    buf rec;                     /* the bytes of the fields of the current record */
    size_t *ends;                /* end offset of each field in rec */
    size_t n_fields, cap_fields;
    csvread_field *fields;
    size_t cap_view;
    int has_nul, too_many;
    int nomem;
    uint32_t start_line;
    csvread_record_fn on_record;
    csvread_error_fn on_error;
    void *ctx;
    tz_status stop;              /* set when a callback asked to stop */
} reader;

static void on_field(void *s, size_t n, void *data)
{
    reader *r = data;
    if (r->stop || r->nomem)
        return;
    if (r->n_fields >= CSVREAD_FIELDS_MAX) {
        r->too_many = 1;
        return;
    }
    if (n && memchr(s, 0, n))
        r->has_nul = 1;
    if (mem_grow(&r->ends, &r->cap_fields, r->n_fields + 1, sizeof *r->ends) != 0 ||
        (n && buf_append(&r->rec, s, n) != 0)) {
        r->nomem = 1;
        return;
    }
    r->ends[r->n_fields++] = r->rec.len;
}

static void reset_record(reader *r)
{
    buf_clear(&r->rec);
    r->n_fields = 0;
    r->has_nul = r->too_many = 0;
}

static void on_record_end(int c, void *data)
{
    (void)c;
    reader *r = data;
    if (r->stop || r->nomem) {
        reset_record(r);
        return;
    }
    tz_status st = TZ_OK;
    if (r->has_nul || r->too_many) {
        st = r->on_error(r->ctx, r->start_line, r->has_nul ? CSVREAD_NUL : CSVREAD_TOO_MANY_FIELDS);
    } else {
        if (mem_grow(&r->fields, &r->cap_view, r->n_fields + 1, sizeof *r->fields) != 0) {
            r->nomem = 1;
            reset_record(r);
            return;
        }
        size_t start = 0;
        for (size_t i = 0; i < r->n_fields; i++) {
            r->fields[i].s = r->rec.data ? r->rec.data + start : "";
            r->fields[i].n = r->ends[i] - start;
            start = r->ends[i];
        }
        st = r->on_record(r->ctx, r->start_line, r->fields, r->n_fields);
    }
    if (st != TZ_OK)
        r->stop = st;
    reset_record(r);
}

/* Offset just past the physical line that starts at pos: its LF, or a CR not followed
   by LF (old Mac exports end lines with CR alone), or the end of the text. */
static size_t line_end(const char *text, size_t len, size_t pos)
{
    for (size_t i = pos; i < len; i++) {
        if (text[i] == '\n')
            return i + 1;
        if (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'))
            return i + 1;
    }
    return len;
}

static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_realloc_func(p, capped_realloc);
    csv_set_free_func(p, mem_free);
    return 0;
}

tz_status csvread_parse(const char *text, size_t len, csvread_record_fn on_record,
                        csvread_error_fn on_error, void *ctx)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.on_record = on_record;
    r.on_error = on_error;
    r.ctx = ctx;
    struct csv_parser p;
    tz_status st = TZ_OK;
    if (parser_init(&p) != 0)
        return TZ_NOMEM;

    size_t pos = 0, start_pos = 0;
    uint32_t line = 1;
    for (;;) {
        csvread_error err = CSVREAD_SYNTAX;
        int failed = 0;
        while (pos < len) {
            size_t end = line_end(text, len, pos);
            if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
                r.start_line = line;
                start_pos = pos;
            }
            refused_for_size = 0;
            size_t got = csv_parse(&p, text + pos, end - pos, on_field, on_record_end, &r);
            if (r.stop || r.nomem)
                break;
            if (got != end - pos) {
                int e = csv_error(&p);
                if (e == CSV_EPARSE) {
                    err = CSVREAD_SYNTAX;
                } else if (refused_for_size) {
                    err = CSVREAD_FIELD_TOO_LONG;
                } else {
                    r.nomem = 1;
                    break;
                }
                failed = 1;
                /* After a stray quote the lines so far were well formed: go on with the
                   next line. A runaway quote swallowed lines that may be good: go on
                   right after the line where the record began. */
                if (err == CSVREAD_SYNTAX) {
                    pos = end;
                    line++;
                } else {
                    pos = start_pos;
                    line = r.start_line;
                    pos = line_end(text, len, pos);
                    line++;
                }
                break;
            }
            pos = end;
            line++;
        }
        if (r.stop || r.nomem)
            break;
        if (!failed) {
            refused_for_size = 0;
            if (csv_fini(&p, on_field, on_record_end, &r) == 0)
                break;
            if (r.stop || r.nomem)
                break;
            failed = 1;
            err = refused_for_size ? CSVREAD_FIELD_TOO_LONG : CSVREAD_UNCLOSED_QUOTE;
            /* The quote opened at start_line never closed: read again from the line after. */
            pos = start_pos;
            line = r.start_line;
            pos = line_end(text, len, pos);
            line++;
        }
        reset_record(&r);
        tz_status es = on_error(ctx, r.start_line, err);
        if (es != TZ_OK) {
            r.stop = es;
            break;
        }
        csv_free(&p);
        if (parser_init(&p) != 0) {
            r.nomem = 1;
            goto out_noparser;
        }
    }
    csv_free(&p);
out_noparser:
    st = r.nomem ? TZ_NOMEM : r.stop;
    buf_release(&r.rec);
    mem_free(r.ends);
    mem_free(r.fields);
    return st;
}
