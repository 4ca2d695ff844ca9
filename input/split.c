/* input/split.c — participation.csv read on all cores: the text is cut into parts at line
   starts, the parts are read side by side, each into its own rows and problems, and the
   parts are joined in file order, so that rows, their line numbers and every problem come
   out exactly as from one reading front to back.
   A cut may fall inside a quoted field (which may hold line breaks): each part is read as
   if it began at a record boundary, and reads its last record to its end even past its
   cut (csvread_parse_part). Joining in order, part k is taken as read only when it began
   exactly where part k-1 truly ended; otherwise it is read again from there. A part that
   meets a broken record, the end of the file inside quotes, or a repeated header row is
   not taken: from the start of that part on, the file is read front to back by
   csvread_parse_from, which reports every problem as a whole reading does.
   May call: base (all), input (all), pthreads, libc. */
#include "input/split.h"
#include "base/mem.h"
#include "input/load.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Text per part: large enough that the per-part cost is nothing, small enough that a
   round of parts held at once stays small. TZ_SPLIT_CHUNK=N (bytes) overrides it, for
   tests (small files, many cuts). */
#define SPLIT_CHUNK_DEFAULT (4u * 1024u * 1024u)
/* Parts read per round, per thread: the rows of one round are held twice at most. */
#define SPLIT_PARTS_PER_THREAD 4u

/* One part and what reading it gave. */
typedef struct part {
    size_t start, end;           /* the cut: text[start..end), start at a line start */
    uint32_t first_line;         /* physical line of start */
    size_t stop_at;              /* the record boundary where the reading stopped */
    uint32_t stop_line;
    int clean;                   /* read to a boundary, nothing broken, header unchanged */
    tz_status status;
    load_state w;                /* the reader's own state ... */
    ledger wl;                   /* ... and ledger: rows, lines and problems of this part */
} part;

typedef struct round {
    const load_state *st;
    const char *text;
    size_t len;
    part *parts;
    size_t n_parts;
    size_t next;                 /* the next part to take (under lock) */
    pthread_mutex_t lock;
} round;

size_t split_chunk_size(void)
{
    const char *e = getenv("TZ_SPLIT_CHUNK");
    if (e && *e) {
        char *end;
        unsigned long long v = strtoull(e, &end, 10);
        if (*end == '\0' && v >= 1)
            return (size_t)v;
    }
    return SPLIT_CHUNK_DEFAULT;
}

int split_threads(int requested)
{
    if (requested > 0)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* A private copy of st for reading one part: shares what is read-only (ids, the rows of
   the other files), starts its own participation rows, lines and problems. */
static void part_state(part *p, const load_state *st)
{
    p->w = *st;
    p->wl = *st->l;
    p->w.l = &p->wl;
    p->wl.participation = NULL;
    p->wl.n_participation = 0;
    p->w.cap_participation = 0;
    p->w.part_lines = NULL;
    p->w.cap_part_lines = 0;
    memset(&p->wl.problems, 0, sizeof p->wl.problems);
    p->wl.files[LEDGER_PARTICIPATION].rows = 0;
    memset(p->w.last_ref, 0, sizeof p->w.last_ref);
}

static void part_release(part *p)
{
    mem_free(p->wl.participation);
    mem_free(p->w.part_lines);
    problem_list_release(&p->wl.problems);
    p->wl.participation = NULL;
    p->w.part_lines = NULL;
    p->wl.n_participation = 0;
}

/* Reads part p from `from` (a record boundary on line `line`) to its cut. */
static void part_read(part *p, const load_state *st, const char *text, size_t len,
                      size_t from, uint32_t line, int first)
{
    part_state(p, st);
    p->status = csvread_parse_part(text, len, from, p->end, line, rows_record, &p->w,
                                   &p->stop_at, &p->stop_line, &p->clean);
    /* a repeated header row changes how later rows are read: not for a part */
    if (!first && (memcmp(&p->w.map, &st->map, sizeof st->map) != 0 || p->w.header_failed != st->header_failed ||
        p->w.file_failed[LEDGER_PARTICIPATION] != st->file_failed[LEDGER_PARTICIPATION] ||
        p->w.have_header != st->have_header))
        p->clean = 0;
}

static void *worker(void *arg)
{
    round *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        size_t k = r->next++;
        pthread_mutex_unlock(&r->lock);
        if (k >= r->n_parts)
            break;
        part *p = &r->parts[k];
        part_read(p, r->st, r->text, r->len, p->start, p->first_line, 0);
    }
    return NULL;
}

/* Moves the rows, lines and problems of p onto st. */
static tz_status part_commit(load_state *st, part *p)
{
    ledger *l = st->l;
    size_t n = p->wl.n_participation;
    if (n) {
        if (mem_grow(&l->participation, &st->cap_participation, l->n_participation + n,
                     sizeof *l->participation) != 0 ||
            mem_grow(&st->part_lines, &st->cap_part_lines, l->n_participation + n,
                     sizeof *st->part_lines) != 0)
            return TZ_NOMEM;
        memcpy(l->participation + l->n_participation, p->wl.participation, n * sizeof *l->participation);
        memcpy(st->part_lines + l->n_participation, p->w.part_lines, n * sizeof *st->part_lines);
        l->n_participation += n;
    }
    problem_list *to = &l->problems, *from = &p->wl.problems;
    if (from->count) {
        if (mem_grow(&to->items, &to->cap, to->count + from->count, sizeof *to->items) != 0)
            return TZ_NOMEM;
        memcpy(to->items + to->count, from->items, from->count * sizeof *to->items);
        to->count += from->count;
        to->errors += from->errors;
        to->warnings += from->warnings;
        to->notices += from->notices;
        from->count = 0;     /* the strings now belong to st */
    }
    l->files[LEDGER_PARTICIPATION].rows += p->wl.files[LEDGER_PARTICIPATION].rows;
    /* header state (part 0 finds the header) */
    st->have_header = p->w.have_header;
    st->header_failed = p->w.header_failed;
    st->banner_rows = p->w.banner_rows;
    st->first_banner_line = p->w.first_banner_line;
    st->map = p->w.map;
    st->file_failed[LEDGER_PARTICIPATION] = p->w.file_failed[LEDGER_PARTICIPATION];
    part_release(p);
    return TZ_OK;
}

/* The first line start at or after `at` (len when none). */
static size_t line_start_after(const char *text, size_t len, size_t at)
{
    if (at == 0 || at >= len)
        return at >= len ? len : 0;
    const char *nl = memchr(text + at - 1, '\n', len - (at - 1));
    return nl ? (size_t)(nl - text) + 1 : len;
}

static uint32_t count_lines(const char *s, size_t n)
{
    uint32_t c = 0;
    for (const char *e = s + n; (s = memchr(s, '\n', (size_t)(e - s))) != NULL; s++)
        c++;
    return c;
}

tz_status split_parse(load_state *st, const char *text, size_t len, int threads)
{
    size_t chunk = split_chunk_size();
    if (threads <= 1 || len <= chunk)
        return csvread_parse(text, len, rows_record, rows_csv_error, st);

    size_t per_round = (size_t)threads * SPLIT_PARTS_PER_THREAD;
    part *parts = mem_calloc(per_round, sizeof *parts);
    pthread_t *tids = mem_calloc((size_t)threads, sizeof *tids);
    round r;
    memset(&r, 0, sizeof r);
    pthread_mutex_init(&r.lock, NULL);
    tz_status status = TZ_OK;
    if (!parts || !tids) {
        status = TZ_NOMEM;
        goto out;
    }
    r.st = st;
    r.text = text;
    r.len = len;
    r.parts = parts;

    /* Part 0 alone: it finds the header, which the others need. */
    size_t n_parts = 1, n_again = 0;     /* for TZ_SPLIT_TRACE */
    size_t at = 0;                       /* the true record boundary reached so far */
    uint32_t at_line = 1;
    part *p = &parts[0];
    p->start = 0;
    p->end = line_start_after(text, len, chunk);
    part_read(p, st, text, len, 0, 1, 1);
    if (p->status != TZ_OK) {
        status = p->status;
        part_release(p);
        goto out;
    }
    if (!p->clean || !p->w.have_header || p->w.header_failed) {
        part_release(p);
        goto sequential;
    }
    at = p->stop_at;
    at_line = p->stop_line;
    if ((status = part_commit(st, p)) != TZ_OK)
        goto out;

    while (at < len) {
        /* cut the next round at line starts, counting lines to know where each begins */
        size_t n = 0, s = at;
        uint32_t line = at_line;
        while (n < per_round && s < len) {
            size_t e = line_start_after(text, len, s + chunk);
            parts[n].start = s;
            parts[n].end = e;
            parts[n].first_line = line;
            line += count_lines(text + s, e - s);
            s = e;
            n++;
        }
        r.n_parts = n;
        r.next = 0;
        n_parts += n;
        int started = 0;
        for (int t = 1; t < threads; t++) {
            if (pthread_create(&tids[t], NULL, worker, &r) != 0)
                break;
            started++;
        }
        worker(&r);
        for (int t = 1; t <= started; t++)
            pthread_join(tids[t], NULL);

        /* join in order */
        for (size_t k = 0; k < n; k++) {
            p = &parts[k];
            if (p->status != TZ_OK) {
                status = p->status;
                break;
            }
            if (p->start != at) {
                /* the record before spilled over the cut: read again from its end */
                part_release(p);
                n_again++;
                if (at >= p->end) {
                    continue;    /* a record swallowed the whole part */
                }
                part_read(p, st, text, len, at, at_line, 0);
                if (p->status != TZ_OK) {
                    status = p->status;
                    break;
                }
            }
            if (!p->clean) {
                for (size_t j = k; j < n; j++)
                    part_release(&parts[j]);
                goto sequential;
            }
            at = p->stop_at;
            at_line = p->stop_line;
            if ((status = part_commit(st, p)) != TZ_OK)
                break;
        }
        if (status != TZ_OK) {
            for (size_t j = 0; j < n; j++)
                part_release(&parts[j]);
            goto out;
        }
    }
    if (getenv("TZ_SPLIT_TRACE"))
        fprintf(stderr, "taizhang: split: %zu parts, %zu read again, none front to back\n",
                n_parts, n_again);
    goto out;

sequential:
    /* from the last true boundary on, front to back: reports what the parts could not */
    if (getenv("TZ_SPLIT_TRACE"))
        fprintf(stderr, "taizhang: split: %zu parts, %zu read again, front to back from line %u\n",
                n_parts, n_again, (unsigned)at_line);
    status = csvread_parse_from(text, len, at, at_line, rows_record, rows_csv_error, st);
out:
    pthread_mutex_destroy(&r.lock);
    mem_free(parts);
    mem_free(tids);
    return status;
}
