/* input/csvread.c — libcsv fed one physical line at a time, so that the line where each
   record starts is known (libcsv gives no positions and drops empty lines). Lines without
   quotes are split here, with exactly libcsv's rules: 16 bytes at a time (SSE2) when they
   need no trimming, byte by byte otherwise.
   May call: base/mem, base/buf, libcsv, libc (SSE2 intrinsics on x86-64). */
#include "input/csvread.h"
#include "base/buf.h"
#include "base/mem.h"

#include <csv.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

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
    int broken;                  /* a part (no on_error) met a broken record: stop there */
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
    if ((r->has_nul || r->too_many) && !r->on_error) {
        r->broken = 1;           /* csvread_parse_part: reported by the whole reading */
        st = TZ_DATAERR;
    } else if (r->has_nul || r->too_many) {
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

/* Byte classes for the plain-line fast path. */
enum { CL_PLAIN, CL_COMMA, CL_SPACE, CL_SPECIAL };
static const unsigned char byte_class[256] = {
    [','] = CL_COMMA, [' '] = CL_SPACE, ['\t'] = CL_SPACE,
    ['"'] = CL_SPECIAL, ['\r'] = CL_SPECIAL, ['\0'] = CL_SPECIAL,
};

/* Longest line the fast path takes: far below the field cap, so that it never has to
   say "too long" (libcsv says it, on the lines it reads). */
#define FAST_LINE_MAX 60000u

/* Field nf of the record being read is s[0..n) (the plain-line paths). Returns 0, or -1
   when out of memory (r->nomem set). */
static int put_field(reader *r, size_t nf, const char *s, size_t n)
{
    if (nf + 1 > r->cap_view &&
        mem_grow(&r->fields, &r->cap_view, nf + 1, sizeof *r->fields) != 0) {
        r->nomem = 1;
        return -1;
    }
    r->fields[nf].s = s;
    r->fields[nf].n = n;
    return 0;
}

/* A physical line s[0..n) (its LF excluded) read without libcsv, when it is plain: no
   quote, CR or NUL, not too long, not too many fields. Gives exactly what libcsv gives
   for such a line: fields split at commas, spaces and tabs around each trimmed, no record
   when the line holds only spaces and tabs. Returns 1 when handled (the record, if any,
   passed to on_record), 0 when the line must go to libcsv. */
static int fast_line(reader *r, const char *s, size_t n)
{
    if (n > FAST_LINE_MAX)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t nf = 0, fstart = 0;
    int blank = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned c = byte_class[u[i]];
        if (c == CL_PLAIN)
            continue;
        if (c == CL_SPECIAL)
            return 0;
        if (c == CL_COMMA) {
            if (nf + 1 >= CSVREAD_FIELDS_MAX)
                return 0;
            if (put_field(r, nf++, s + fstart, i - fstart) != 0)
                return 1;
            fstart = i + 1;
            blank = 0;
        }
    }
    if (put_field(r, nf++, s + fstart, n - fstart) != 0)
        return 1;
    for (size_t k = 0; k < nf; k++) {
        const char *f = r->fields[k].s;
        size_t m = r->fields[k].n;
        while (m && (*f == ' ' || *f == '\t'))
            f++, m--;
        while (m && (f[m - 1] == ' ' || f[m - 1] == '\t'))
            m--;
        r->fields[k].s = f;
        r->fields[k].n = m;
        blank &= m == 0;
    }
    if (blank && nf == 1)
        return 1;                /* only spaces: libcsv makes no record of it */
    tz_status st = r->on_record(r->ctx, r->start_line, r->fields, nf);
    if (st != TZ_OK)
        r->stop = st;
    return 1;
}

#ifdef __SSE2__
/* The plain-line path 16 bytes at a time, for the common line: no quote, NUL, space or
   tab before its LF, no CR but one just before it (CR LF) in the same 16 bytes, at least
   16 bytes of text from its start to the end of the text (loads never pass the end). Splits it at commas as fast_line does (nothing to trim
   there). Returns 1 and *end (just past the LF) when it took the line, 0 when the line
   must go the other way (nothing changed). */
static int simd_line(reader *r, const char *text, size_t len, size_t pos, size_t *end)
{
    const __m128i nl = _mm_set1_epi8('\n'), comma = _mm_set1_epi8(','),
                  quote = _mm_set1_epi8('"'), cr = _mm_set1_epi8('\r'),
                  zero = _mm_setzero_si128(), space = _mm_set1_epi8(' '),
                  tab = _mm_set1_epi8('\t');
    size_t nf = 0, fstart = pos;
    for (size_t at = pos; at + 16 <= len && at - pos <= FAST_LINE_MAX; at += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + at));
        unsigned m_nl = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, nl));
        unsigned m_odd = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmpeq_epi8(v, quote),
                         _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, zero), _mm_cmpeq_epi8(v, space)),
                                      _mm_cmpeq_epi8(v, tab))));
        unsigned m_cr = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, cr));
        unsigned m_comma = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma));
        unsigned lf_bit = m_nl & -m_nl;
        unsigned before = m_nl ? lf_bit - 1 : 0xFFFFu;           /* bytes before the LF */
        /* a CR is fine only just before the LF, in this block (CR LF, as Excel writes) */
        unsigned crlf = m_nl && lf_bit > 1 ? lf_bit >> 1 : 0;
        if ((m_odd & before) || (m_cr & before & ~crlf))
            return 0;
        m_comma &= before;
        while (m_comma) {
            size_t i = at + (size_t)__builtin_ctz(m_comma);
            m_comma &= m_comma - 1;
            if (nf + 1 >= CSVREAD_FIELDS_MAX)
                return 0;
            if (put_field(r, nf++, text + fstart, i - fstart) != 0)
                return 1;        /* (the caller stops on r->nomem) */
            fstart = i + 1;
        }
        if (m_nl) {
            size_t lf = at + (size_t)__builtin_ctz(m_nl);
            if (lf - pos > FAST_LINE_MAX)
                return 0;
            size_t stop = m_cr & crlf ? lf - 1 : lf;   /* the record's last byte + 1 */
            if (put_field(r, nf++, text + fstart, stop - fstart) != 0)
                return 1;
            *end = lf + 1;
            if (nf == 1 && stop == pos)
                return 1;        /* an empty line: no record */
            tz_status st = r->on_record(r->ctx, r->start_line, r->fields, nf);
            if (st != TZ_OK)
                r->stop = st;
            return 1;
        }
    }
    return 0;
}
#endif

/* Offset just past the physical line that starts at pos: its LF, or a CR not followed
   by LF (old Mac exports end lines with CR alone), or the end of the text. */
static size_t line_end(const char *text, size_t len, size_t pos)
{
    const char *nl = memchr(text + pos, '\n', len - pos);
    size_t e = nl ? (size_t)(nl - text) : len;
    const char *cr = memchr(text + pos, '\r', e - pos);
    if (cr) {
        size_t i = (size_t)(cr - text);
        if (i + 1 == len || text[i + 1] != '\n')
            return i + 1;        /* (a CR before the LF would be at e - 1: CR LF) */
    }
    return nl ? e + 1 : len;
}

static int parser_init(struct csv_parser *p)
{
    if (csv_init(p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return -1;
    csv_set_realloc_func(p, capped_realloc);
    csv_set_free_func(p, mem_free);
    return 0;
}

/* Where a part ends (csvread_parse_part): NULL for a whole read. */
typedef struct part_end {
    size_t end;                  /* read on to the first record boundary at or after it */
    int more;                    /* text goes on past len: its end is not the file's */
    size_t stop_at;              /* OUT: that boundary */
    uint32_t stop_line;          /* OUT: the physical line there */
    int clean;                   /* OUT: a boundary reached, no broken record met */
} part_end;

/* The reading loop of csvread_parse (part NULL) and csvread_parse_part: text[pos..len)
   from physical line `line`, pos being a record boundary. */
static tz_status parse(const char *text, size_t len, size_t pos, uint32_t line,
                       csvread_record_fn on_record, csvread_error_fn on_error, void *ctx,
                       part_end *part)
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

    size_t start_pos = pos;
    for (;;) {
        csvread_error err = CSVREAD_SYNTAX;
        int failed = 0;
        while (pos < len) {
            if (part && pos >= part->end && p.pstate == LIBCSV_ROW_NOT_BEGUN)
                break;
#ifdef __SSE2__
            if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
                size_t e = pos;
                r.start_line = line;
                start_pos = pos;
                if (simd_line(&r, text, len, pos, &e)) {
                    if (r.stop || r.nomem)
                        break;
                    pos = e;
                    line++;
                    continue;
                }
            }
#endif
            size_t end = line_end(text, len, pos);
            if (p.pstate == LIBCSV_ROW_NOT_BEGUN) {
                r.start_line = line;
                start_pos = pos;
                size_t n = end - pos;
                if (n && text[pos + n - 1] == '\n')
                    n--;
                if (n && text[pos + n - 1] == '\r')
                    n--;             /* CR LF, or CR alone, ends a record as LF does */
                if (fast_line(&r, text + pos, n)) {
                    if (r.stop || r.nomem)
                        break;
                    pos = end;
                    line++;
                    continue;
                }
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
                if (part)
                    break;           /* reported by the whole read that follows */
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
        if (r.broken) {
            part->clean = 0;     /* (only parts have no on_error) */
            part->stop_at = pos;
            part->stop_line = line;
            r.stop = TZ_OK;
            break;
        }
        if (r.stop || r.nomem)
            break;
        if (part) {
            if (!failed && pos < len) {
                part->clean = 1;
            } else if (!failed && part->more) {
                /* the end of the text, not of the file */
                part->clean = p.pstate == LIBCSV_ROW_NOT_BEGUN ? 1 : -1;
            } else if (!failed) {
                refused_for_size = 0;
                part->clean = csv_fini(&p, on_field, on_record_end, &r) == 0 && !r.broken;
                if (r.broken)
                    r.stop = TZ_OK;
            }
            part->stop_at = pos;
            part->stop_line = line;
            break;
        }
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

tz_status csvread_parse(const char *text, size_t len, csvread_record_fn on_record,
                        csvread_error_fn on_error, void *ctx)
{
    return parse(text, len, 0, 1, on_record, on_error, ctx, NULL);
}

tz_status csvread_parse_from(const char *text, size_t len, size_t start, uint32_t first_line,
                             csvread_record_fn on_record, csvread_error_fn on_error, void *ctx)
{
    return parse(text, len, start, first_line, on_record, on_error, ctx, NULL);
}

tz_status csvread_parse_part(const char *text, size_t len, int more, size_t start, size_t end,
                             uint32_t first_line, csvread_record_fn on_record, void *ctx,
                             size_t *stop_at, uint32_t *stop_line, int *clean)
{
    part_end part = {end, more, start, first_line, 0};
    tz_status st = parse(text, len, start, first_line, on_record, NULL, ctx, &part);
    *stop_at = part.stop_at;
    *stop_line = part.stop_line;
    *clean = st == TZ_OK ? part.clean : 0;
    return st;
}
