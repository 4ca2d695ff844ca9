/* input/split.c — a ledger file read on all cores and in bounded memory: the text is
   cut into parts at line starts, the parts are read side by side, each into its own rows,
   texts and problems, and the parts are joined in file order, so that rows, their line
   numbers and every problem come out exactly as from one reading front to back. The ids
   of a part's rows are registered when it is joined (rows_join), so a repeated id is
   found against every row before it, in file order, as in one reading.
   A cut may fall inside a quoted field (which may hold line breaks): each part is read as
   if it began at a record boundary, and reads its last record to its end even past its
   cut (csvread_parse_part). Joining in order, part k is taken only when it began exactly
   where part k-1 truly ended; otherwise it is read again from there. A part that meets a
   broken record, the end of the file inside quotes, or a repeated header row is not
   taken: from the start of that part on, the file is read front to back by
   csvread_parse_from, which reports every problem as a whole reading does.
   A large UTF-8 file is not held whole: it is read in windows (8 MiB), each window's new
   bytes hashed by a thread of its own while the parts are read, and each part checks that its bytes are UTF-8; when one is not, all
   is undone and the caller reads the file whole (GB18030 and its messages).
   May call: base (all), input (all), nettle, pthreads, libc. */
#include "input/split_int.h"
#include "base/buf.h"
#include "base/host.h"
#include "base/mem.h"
#include "base/text.h"
#include "input/encoding.h"
#include "input/load_int.h"

#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Text per part: large enough that the per-part cost is nothing, small enough that a
   round of parts held at once stays small. TZ_SPLIT_CHUNK=N (bytes) overrides it, for
   tests (small files, many cuts). */
#define SPLIT_CHUNK_DEFAULT (1024u * 1024u)
/* Parts read per round, per thread: the rows of one round are held twice at most. */
#define SPLIT_PARTS_PER_THREAD 4u
/* Bytes of the file held at once: one round of parts on two cores (a larger window held
   more for no gain in speed: 16 MiB cost 9-20 MB more peak at 10M rows). TZ_SPLIT_WINDOW=N
   overrides it (tests). */
#define SPLIT_WINDOW_DEFAULT (8u * 1024u * 1024u)

/* One part and what reading it gave. */
typedef struct part {
    size_t start, end;           /* the cut: text[start..end), start at a line start */
    uint32_t first_line;         /* physical line of start */
    size_t stop_at;              /* the record boundary where the reading stopped */
    uint32_t stop_line;
    int clean;                   /* 1: read to a boundary, nothing broken, header unchanged;
                                    -1: the text ended inside a record (more to read); 0 */
    int utf8_ok;                 /* text[start..stop_at) is UTF-8 (checked when asked) */
    tz_status status;
    load_state w;                /* the reader's own state ... */
    ledger wl;                   /* ... and ledger: rows, lines, texts and problems of this part */
    /* the part's arrays kept from one round to the next (no fresh pages): its rows (of
       the file's kind), their marks, line runs, waiting campaigns */
    void *keep_rows;
    size_t keep_rows_cap;
    uint8_t *keep_bad;
    size_t keep_bad_cap;
    lines_map keep_lines;
    struct load_pending_campaign *keep_pending;
    size_t keep_pending_cap;
    hmap keep_texts;             /* the texts stored once (in parts joined: still there) */
} part;

typedef struct round {
    const load_state *st;
    const char *text;
    size_t len;
    int more;                    /* the file goes on past text[len] */
    int check_utf8;
    part *parts;
    size_t n_parts;
    size_t next;                 /* the next job to take (under lock): 0 the prefault, then parts */
    pthread_mutex_t lock;
    /* the ledger's row array where this round's rows will most likely go: its fresh pages
       are touched by one of the threads while the others read, not by the main thread
       when it joins the parts (page faults are dear here) */
    char *prefault_from, *prefault_to;
} round;

size_t split_chunk_size(void)
{
    return host_env_size("TZ_SPLIT_CHUNK", SPLIT_CHUNK_DEFAULT);
}

/* A private copy of st for reading one part: shares what is read-only (ids, the rows of
   the other files), starts its own rows of the file's kind, lines, texts and problems,
   and leaves the ids and campaigns of its rows for rows_join. */
static void part_state(part *p, const load_state *st)
{
    ledger_file_kind k = st->kind;
    p->w = *st;
    p->wl = *st->l;
    p->w.l = &p->wl;
    load_rows t = rows_of(&p->w, &p->wl, k);
    memcpy(t.items, &p->keep_rows, sizeof p->keep_rows);
    *t.n = 0;
    *t.cap = p->keep_rows_cap;
    p->w.bad[k] = p->keep_bad;
    p->w.cap_bad[k] = p->keep_bad_cap;
    p->w.part_lines = p->keep_lines;
    p->w.part_lines.n = 0;
    p->w.pending = p->keep_pending;
    p->w.cap_pending = p->keep_pending_cap;
    p->w.n_pending = 0;
    p->w.in_part = 1;
    p->w.part_unsure = 0;
    p->w.summed_rows = 0;        /* its own rows' sums, added to the file's when joined */
    memset(p->w.column_sum, 0, sizeof p->w.column_sum);
    p->w.texts = p->keep_texts;
    p->keep_texts = (hmap)HMAP_INIT;
    p->keep_rows = NULL;
    p->keep_bad = NULL;
    p->keep_pending = NULL;
    p->keep_lines = (lines_map)LINES_INIT;
    p->wl.text = (arena)ARENA_INIT;
    memset(&p->wl.problems, 0, sizeof p->wl.problems);
    p->wl.files[k].rows = 0;
    memset(p->w.last_ref, 0, sizeof p->w.last_ref);
}

/* Ends a part's reading: its problems and texts freed (none when joined), its arrays
   kept for the next. */
static void part_release(part *p)
{
    ledger_file_kind k = p->w.kind;
    problem_list_release(&p->wl.problems);
    if (p->wl.text.n)            /* texts not joined, freed now: forget them */
        hmap_release(&p->w.texts);
    arena_release(&p->wl.text);
    if (!p->w.l)
        return;                  /* never read */
    if (p->w.texts.cap) {
        p->keep_texts = p->w.texts;
        p->w.texts = (hmap)HMAP_INIT;
    }
    load_rows t = rows_of(&p->w, &p->wl, k);
    void *rows;
    memcpy(&rows, t.items, sizeof rows);
    if (rows) {
        p->keep_rows = rows;
        p->keep_rows_cap = *t.cap;
    }
    if (p->w.bad[k]) {
        p->keep_bad = p->w.bad[k];
        p->keep_bad_cap = p->w.cap_bad[k];
    }
    if (p->w.part_lines.row) {
        p->keep_lines = p->w.part_lines;
        p->w.part_lines = (lines_map)LINES_INIT;
    }
    if (p->w.pending) {
        p->keep_pending = p->w.pending;
        p->keep_pending_cap = p->w.cap_pending;
    }
    rows = NULL;
    memcpy(t.items, &rows, sizeof rows);
    *t.n = 0;
    p->w.bad[k] = NULL;
    p->w.pending = NULL;
    p->w.n_pending = 0;
}

static void part_free(part *p)
{
    part_release(p);
    mem_free(p->keep_rows);
    mem_free(p->keep_bad);
    mem_free(p->keep_pending);
    hmap_release(&p->keep_texts);
    lines_release(&p->keep_lines);
    p->keep_rows = NULL;
    p->keep_rows_cap = 0;
}

/* Reads part p from `from` (a record boundary on line `line`) to its cut. first: the
   part that finds the header. */
static void part_read(part *p, const round *r, size_t from, uint32_t line, int first)
{
    const load_state *st = r->st;
    part_state(p, st);
    p->status = csvread_parse_part(r->text, r->len, r->more, from, p->end, line, rows_record,
                                   &p->w, &p->stop_at, &p->stop_line, &p->clean);
    /* a repeated header row changes how later rows are read: not for a part */
    if (p->w.part_unsure)
        p->clean = 0;            /* a total row maybe: judged front to back */
    if (!first && (memcmp(&p->w.map, &st->map, sizeof st->map) != 0 ||
                   p->w.header_failed != st->header_failed ||
                   p->w.file_failed[st->kind] != st->file_failed[st->kind] ||
                   p->w.have_header != st->have_header))
        p->clean = 0;
    p->utf8_ok = !r->check_utf8 ||
                 encoding_utf8_valid_prefix(r->text + from, p->stop_at - from) == p->stop_at - from;
}

static void prefault(char *from, char *to)
{
    long page = sysconf(_SC_PAGESIZE);
    if (page <= 0)
        page = 4096;
    for (volatile char *c = from; c < to; c += page)
        *c = 0;                  /* fresh memory is zero already: only the fault matters */
}

static void *worker(void *arg)
{
    round *r = arg;
    for (;;) {
        pthread_mutex_lock(&r->lock);
        size_t k = r->next++;
        pthread_mutex_unlock(&r->lock);
        if (k == 0) {
            prefault(r->prefault_from, r->prefault_to);
            continue;
        }
        if (k > r->n_parts)
            break;
        part *p = &r->parts[k - 1];
        part_read(p, r, p->start, p->first_line, 0);
    }
    return NULL;
}

/* What reading the file knows of its header, from `from` into st. */
static void take_header(load_state *st, const load_state *from)
{
    st->have_header = from->have_header;
    st->header_failed = from->header_failed;
    st->banner_rows = from->banner_rows;
    st->first_banner_line = from->first_banner_line;
    st->map = from->map;
    st->file_failed[st->kind] = from->file_failed[st->kind];
}

/* Moves the rows, lines, texts and problems of p onto st; registers the ids of its rows. */
static tz_status part_commit(load_state *st, part *p)
{
    ledger *l = st->l;
    ledger_file_kind k = st->kind;
    load_rows to = rows_of(st, l, k), from = rows_of(&p->w, &p->wl, k);
    size_t first = *to.n, n = *from.n;
    if (n) {
        char *dst, *src;
        if (mem_grow(to.items, to.cap, first + n, to.size) != 0 ||
            (k == LEDGER_PARTICIPATION
                 ? lines_append(&st->part_lines, first, &p->w.part_lines) != 0
                 : mem_grow(&st->bad[k], &st->cap_bad[k], first + n, 1) != 0 ||
                       arena_adopt(&l->text, &p->wl.text) != 0))
            return TZ_NOMEM;
        memcpy(&dst, to.items, sizeof dst);
        memcpy(&src, from.items, sizeof src);
        memcpy(dst + first * to.size, src, n * to.size);
        if (k != LEDGER_PARTICIPATION)
            memcpy(st->bad[k] + first, p->w.bad[k], n);
        *to.n += n;
    }
    problem_list *pto = &l->problems, *pfrom = &p->wl.problems;
    if (pfrom->count) {
        if (mem_grow(&pto->items, &pto->cap, pto->count + pfrom->count, sizeof *pto->items) != 0)
            return TZ_NOMEM;
        memcpy(pto->items + pto->count, pfrom->items, pfrom->count * sizeof *pto->items);
        pto->count += pfrom->count;
        pto->errors += pfrom->errors;
        pto->warnings += pfrom->warnings;
        pto->notices += pfrom->notices;
        pfrom->count = 0;    /* the strings now belong to st */
    }
    l->files[k].rows += p->wl.files[k].rows;
    st->summed_rows += p->w.summed_rows;
    for (size_t c = 0; c < HEADER_MAX_COLS; c++)
        st->column_sum[c] = (int64_t)((uint64_t)st->column_sum[c] + (uint64_t)p->w.column_sum[c]);
    take_header(st, &p->w);      /* part 0 finds the header */
    tz_status r = k == LEDGER_PARTICIPATION ? TZ_OK : rows_join(st, first, &p->w);
    part_release(p);
    return r;
}

/* The first line start at or after `at` (len when none). */
static size_t line_start_after(const char *text, size_t len, size_t at)
{
    if (at == 0)
        return 0;
    if (at >= len)
        return len;
    const char *nl = memchr(text + at - 1, '\n', len - (at - 1));
    return nl ? (size_t)(nl - text) + 1 : len;
}

/* Physical lines ended in text[s..e), counted as csvread counts them: each LF, and each
   CR not followed by LF (old Mac files). */
static uint32_t count_lines(const char *text, size_t len, size_t s, size_t e)
{
    uint32_t c = 0;
    size_t i = s;
#ifdef __SSE2__
    /* per byte lane a counter (each match subtracts -1), summed every 255 blocks */
    const __m128i nl = _mm_set1_epi8('\n'), zero = _mm_setzero_si128();
    while (i + 16 <= e) {
        __m128i acc = zero;
        for (int k = 0; k < 255 && i + 16 <= e; k++, i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(text + i));
            acc = _mm_sub_epi8(acc, _mm_cmpeq_epi8(v, nl));
        }
        __m128i sums = _mm_sad_epu8(acc, zero);   /* two 64-bit sums of 8 lanes each */
        c += (uint32_t)(_mm_cvtsi128_si32(sums) + _mm_cvtsi128_si32(_mm_srli_si128(sums, 8)));
    }
#endif
    for (; i < e; i++)
        c += text[i] == '\n';
    for (const char *p = text + s, *end = text + e; (p = memchr(p, '\r', (size_t)(end - p))) != NULL; p++)
        if ((size_t)(p - text) + 1 == len || p[1] != '\n')
            c++;
    return c;
}

/* How a run of rounds ended. */
enum { ROUNDS_DONE, ROUNDS_MORE, ROUNDS_SEQUENTIAL, ROUNDS_NOT_UTF8 };

typedef struct progress {
    size_t at;                   /* the true record boundary reached (offset in text) */
    uint32_t at_line;
    int header_done;             /* part 0 has been taken */
    size_t n_parts, n_again;     /* for TZ_SPLIT_TRACE: parts, parts that began inside a record */
    uint64_t bytes_read, rows_read;  /* of the parts taken: for the prefault's estimate */
} progress;

/* Reads text[pg->at..len) in rounds of parts, taking them in order. OUT: *outcome. */
static tz_status rounds(load_state *st, round *r, pthread_t *tids, int threads, size_t chunk,
                        progress *pg, int *outcome)
{
    const char *text = r->text;
    size_t len = r->len;
    size_t per_round = (size_t)threads * SPLIT_PARTS_PER_THREAD;
    part *parts = r->parts;
    tz_status status = TZ_OK;
    *outcome = ROUNDS_DONE;

    if (!pg->header_done) {
        /* Part 0 alone: it finds the header, which the others need. */
        part *p = &parts[0];
        p->start = pg->at;
        p->end = line_start_after(text, len, pg->at + chunk);
        part_read(p, r, pg->at, pg->at_line, 1);
        pg->n_parts++;
        if (p->status != TZ_OK) {
            part_release(p);
            return p->status;
        }
        if (!p->utf8_ok) {
            part_release(p);
            *outcome = ROUNDS_NOT_UTF8;
            return TZ_OK;
        }
        if (p->clean == -1 ||
            (p->clean == 1 && !p->w.have_header && !p->w.header_failed && r->more)) {
            part_release(p);     /* the header may be further on */
            *outcome = ROUNDS_MORE;
            return TZ_OK;
        }
        if (!p->clean || !p->w.have_header || p->w.header_failed) {
            part_release(p);
            *outcome = ROUNDS_SEQUENTIAL;
            return TZ_OK;
        }
        pg->bytes_read += p->stop_at - pg->at;
        pg->rows_read += p->wl.n_participation;
        pg->at = p->stop_at;
        pg->at_line = p->stop_line;
        pg->header_done = 1;
        if ((status = part_commit(st, p)) != TZ_OK)
            return status;
    }

    while (pg->at < len) {
        /* cut the next round at line starts, counting lines to know where each begins */
        size_t n = 0, s = pg->at;
        uint32_t line = pg->at_line;
        while (n < per_round && s < len) {
            size_t e = line_start_after(text, len, s + chunk);
            parts[n].start = s;
            parts[n].end = e;
            parts[n].first_line = line;
            line += count_lines(text, len, s, e);
            s = e;
            n++;
        }
        r->n_parts = n;
        r->next = 0;
        pg->n_parts += n;
        /* the rows this round will likely add, by the bytes per row so far (a little
           more), within the room reserved */
        r->prefault_from = r->prefault_to = NULL;
        ledger *l = st->l;
        if (st->kind == LEDGER_PARTICIPATION && l->n_participation > 1000 && pg->rows_read > 0) {
            double per_row = (double)pg->bytes_read / (double)pg->rows_read;
            size_t want = l->n_participation + (size_t)((double)(s - pg->at) / per_row * 1.02) + 1024;
            if (want > st->cap_participation)
                want = st->cap_participation;
            if (want > l->n_participation) {
                r->prefault_from = (char *)(l->participation + l->n_participation);
                r->prefault_to = (char *)(l->participation + want);
            }
        }
        int started = 0;
        for (int t = 1; t < threads; t++) {
            if (pthread_create(&tids[t], NULL, worker, r) != 0)
                break;
            started++;
        }
        worker(r);
        for (int t = 1; t <= started; t++)
            pthread_join(tids[t], NULL);

        /* take the parts in order */
        size_t k = 0;
        for (; k < n && status == TZ_OK && *outcome == ROUNDS_DONE; k++) {
            part *p = &parts[k];
            if (p->status != TZ_OK) {
                status = p->status;
                break;
            }
            if (p->start != pg->at) {
                /* the record before spilled over the cut: read again from its end */
                part_release(p);
                pg->n_again++;
                if (pg->at >= p->end)
                    continue;    /* a record swallowed the whole part */
                part_read(p, r, pg->at, pg->at_line, 0);
                if (p->status != TZ_OK) {
                    status = p->status;
                    break;
                }
            }
            if (!p->utf8_ok)
                *outcome = ROUNDS_NOT_UTF8;
            else if (p->clean == -1)
                *outcome = ROUNDS_MORE;
            else if (!p->clean)
                *outcome = ROUNDS_SEQUENTIAL;
            else {
                pg->bytes_read += p->stop_at - pg->at;
                pg->rows_read += p->wl.n_participation;
                pg->at = p->stop_at;
                pg->at_line = p->stop_line;
                status = part_commit(st, p);
            }
        }
        for (size_t j = 0; j < n; j++)
            part_release(&parts[j]);
        if (status != TZ_OK || *outcome != ROUNDS_DONE)
            return status;
    }
    return TZ_OK;
}

static void trace(const load_state *st, const progress *pg, const char *how)
{
    if (getenv("TZ_SPLIT_TRACE"))
        fprintf(stderr, "taizhang: split: %s: %zu parts, %zu began inside a record, %s %u\n",
                st->file, pg->n_parts, pg->n_again, how, (unsigned)pg->at_line);
}

/* What rounds() needs, allocated once. */
typedef struct machinery {
    round r;
    pthread_t *tids;
    int threads;
    size_t chunk;
} machinery;

static tz_status machinery_init(machinery *m, const load_state *st, int threads)
{
    memset(m, 0, sizeof *m);
    pthread_mutex_init(&m->r.lock, NULL);
    m->threads = threads;
    m->chunk = split_chunk_size();
    m->r.st = st;
    m->r.parts = mem_calloc((size_t)threads * SPLIT_PARTS_PER_THREAD, sizeof *m->r.parts);
    m->tids = mem_calloc((size_t)threads, sizeof *m->tids);
    return m->r.parts && m->tids ? TZ_OK : TZ_NOMEM;
}

static void machinery_release(machinery *m)
{
    pthread_mutex_destroy(&m->r.lock);
    for (size_t i = 0; m->r.parts && i < (size_t)m->threads * SPLIT_PARTS_PER_THREAD; i++)
        part_free(&m->r.parts[i]);
    mem_free(m->r.parts);
    mem_free(m->tids);
}

tz_status split_parse(load_state *st, const char *text, size_t len, int threads)
{
    if (threads <= 1 || len <= split_chunk_size())
        return csvread_parse(text, len, rows_record, rows_csv_error, st);
    machinery m;
    progress pg = {0, 1, 0, 0, 0, 0, 0};
    int outcome;
    tz_status status = machinery_init(&m, st, threads);
    if (status != TZ_OK)
        goto out;
    m.r.text = text;
    m.r.len = len;
    status = rounds(st, &m.r, m.tids, threads, m.chunk, &pg, &outcome);
    if (status == TZ_OK && outcome != ROUNDS_DONE) {
        /* from the last true boundary on, front to back: reports what parts could not */
        trace(st, &pg, "front to back from line");
        status = csvread_parse_from(text, len, pg.at, pg.at_line, rows_record, rows_csv_error, st);
    } else if (status == TZ_OK) {
        trace(st, &pg, "none front to back, lines");
    }
out:
    machinery_release(&m);
    return status;
}

/* ---- the file in windows ---- */

/* The file's SHA-256 taken from the bytes as they come into the window (the file is read
   once): the new bytes of each window hashed on a thread of their own while its parts
   are read. */
typedef struct hasher {
    struct sha256_ctx ctx;
    const char *from;
    size_t n;
    pthread_t tid;
    int running;
} hasher;

static void *hash_bytes(void *arg)
{
    hasher *h = arg;
    sha256_update(&h->ctx, h->n, (const uint8_t *)h->from);
    return NULL;
}

/* Hashes from[0..n) on a thread of its own (here when none can be started); the bytes
   must stay until hash_wait. */
static void hash_start(hasher *h, const char *from, size_t n)
{
    h->from = from;
    h->n = n;
    if (n > 0 && pthread_create(&h->tid, NULL, hash_bytes, h) == 0)
        h->running = 1;
    else
        hash_bytes(h);
}

static void hash_wait(hasher *h)
{
    if (h->running)
        pthread_join(h->tid, NULL);
    h->running = 0;
}

/* What st held before the file, to undo a reading that turns out not to be UTF-8. */
typedef struct saved {
    size_t n_rows, n_participation_lines, n_problems, errors, warnings, notices;
    uint64_t rows;
    load_state header;
} saved;

static void undo(load_state *st, const saved *sv)
{
    ledger *l = st->l;
    ledger_file_kind k = st->kind;
    *rows_of(st, l, k).n = sv->n_rows;
    lines_truncate(&st->part_lines, sv->n_participation_lines);
    /* the ids and campaigns registered so far come from this file alone (each file is
       read once, and only activities.csv names campaigns); the rows' texts stay in
       l->text until ledger_free */
    hmap_release(&st->ids[k]);
    idindex_release(&st->dense[k]);
    st->ids_mapped[k] = 0;
    if (k == LEDGER_ACTIVITIES) {
        for (size_t i = 0; i < l->n_campaigns; i++)
            mem_free(l->campaigns[i]);
        l->n_campaigns = 0;
        hmap_release(&st->campaign_ids);
    }
    for (size_t i = sv->n_problems; i < l->problems.count; i++) {
        mem_free(l->problems.items[i].file);
        mem_free(l->problems.items[i].message);
        mem_free(l->problems.items[i].value);
    }
    l->problems.count = sv->n_problems;
    l->problems.errors = sv->errors;
    l->problems.warnings = sv->warnings;
    l->problems.notices = sv->notices;
    l->files[k].rows = sv->rows;
    st->summed_rows = sv->header.summed_rows;
    memcpy(st->column_sum, sv->header.column_sum, sizeof st->column_sum);
    take_header(st, &sv->header);
}

/* Reads up to n bytes at the end of b from fd. OUT: *eof. Returns 0, -1 with errno. */
static int fill(int fd, buf *b, size_t n, int *eof)
{
    if (buf_reserve(b, n + 1) != 0) {
        errno = ENOMEM;
        return -1;
    }
    size_t want = n;
    while (want > 0) {
        ssize_t got = read(fd, b->data + b->len, want);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            return -1;
        if (got == 0) {
            *eof = 1;
            break;
        }
        b->len += (size_t)got;
        want -= (size_t)got;
    }
    return 0;
}

tz_status split_load(load_state *st, const char *path, int threads, ledger_file *meta,
                     int *handled)
{
    *handled = 0;
    size_t window = host_env_size("TZ_SPLIT_WINDOW", SPLIT_WINDOW_DEFAULT);
    if (st->opt->encoding && strcmp(st->opt->encoding, "UTF-8") != 0 &&
        strcmp(st->opt->encoding, "UTF8") != 0 && strcmp(st->opt->encoding, "utf-8") != 0)
        return TZ_OK;
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return TZ_OK;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || (uint64_t)sb.st_size <= window) {
        close(fd);
        return TZ_OK;        /* small: read whole, as every other file */
    }
    buf b = BUF_INIT;
    machinery m;
    progress pg = {0, 1, 0, 0, 0, 0, 0};
    saved sv;
    hasher h;
    int eof = 0, outcome = ROUNDS_DONE;
    size_t skip = 0;             /* a UTF-8 BOM */
    uint64_t consumed = 0;       /* file bytes before b's first byte */
    ledger *l = st->l;
    memset(&h, 0, sizeof h);
    sha256_init(&h.ctx);
    tz_status status = machinery_init(&m, st, threads < 1 ? 1 : threads);
    if (status != TZ_OK)
        goto out;
    sv.n_rows = *rows_of(st, l, st->kind).n;
    sv.n_participation_lines = l->n_participation;
    sv.n_problems = l->problems.count;
    sv.errors = l->problems.errors;
    sv.warnings = l->problems.warnings;
    sv.notices = l->problems.notices;
    sv.rows = l->files[st->kind].rows;
    sv.header = *st;

    if (fill(fd, &b, window, &eof) != 0)
        goto give_up;
    hash_start(&h, b.data, b.len);
    {
        const unsigned char *u = (const unsigned char *)b.data;
        if (b.len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
            goto give_up;    /* UTF-16: the whole reading says so */
        if (b.len >= 4 && ((u[1] == 0 && u[3] == 0 && u[0] && u[2]) ||
                           (u[0] == 0 && u[2] == 0 && u[1] && u[3])))
            goto give_up;
        if (b.len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
            skip = 3;
    }
    pg.at = skip;
    m.r.check_utf8 = 1;
    for (;;) {
        /* the window: b[0..len) ending at a line start unless at the end of the file */
        size_t len = b.len;
        if (!eof) {
            while (len > 0 && b.data[len - 1] != '\n')
                len--;
        }
        m.r.text = b.data;
        m.r.len = len;
        m.r.more = !eof || len < b.len;
        status = rounds(st, &m.r, m.tids, m.threads, m.chunk, &pg, &outcome);
        if (status != TZ_OK)
            goto out;
        if (outcome == ROUNDS_NOT_UTF8)
            goto give_up;
        if (outcome == ROUNDS_SEQUENTIAL)
            break;
        if (outcome == ROUNDS_DONE && eof && len == b.len)
            break;
        /* keep b[at..) and read on; a record longer than the window makes it grow */
        hash_wait(&h);
        size_t keep = b.len - pg.at;
        memmove(b.data, b.data + pg.at, keep);
        consumed += pg.at;
        b.len = keep;
        pg.at = 0;
        if (eof) {
            /* the file ended inside a record: the reading front to back says so */
            outcome = ROUNDS_SEQUENTIAL;
            break;
        }
        size_t room = keep >= window ? keep : window - keep;
        if (fill(fd, &b, room, &eof) != 0)
            goto give_up;
        hash_start(&h, b.data + keep, b.len - keep);
    }
    if (outcome == ROUNDS_SEQUENTIAL) {
        /* the rest of the file whole, front to back from the last true boundary */
        hash_wait(&h);
        while (!eof) {
            size_t before = b.len;
            if (fill(fd, &b, window, &eof) != 0)
                goto give_up;
            sha256_update(&h.ctx, b.len - before, (const uint8_t *)b.data + before);
        }
        if (encoding_utf8_valid_prefix(b.data + pg.at, b.len - pg.at) != b.len - pg.at)
            goto give_up;
        trace(st, &pg, "front to back from line");
        status = csvread_parse_from(b.data, b.len, pg.at, pg.at_line, rows_record, rows_csv_error, st);
        if (status != TZ_OK)
            goto out;
    } else {
        trace(st, &pg, "none front to back, lines");
    }
    hash_wait(&h);
    consumed += b.len;
    sha256_digest(&h.ctx, SHA256_DIGEST_SIZE, meta->sha256);
    meta->bytes = consumed;
    if (text_format(meta->encoding, sizeof meta->encoding, "%s",
                    encoding_name(skip ? ENCODING_UTF8_BOM : ENCODING_UTF8)) != 0) {
        status = TZ_SOFTWARE;   /* ledger_file.encoding holds every encoding_name */
        goto out;
    }
    *handled = 1;
    goto out;

give_up:
    /* not UTF-8, or unreadable: undone, for the whole reading to decide and say why */
    undo(st, &sv);
    status = TZ_OK;
out:
    hash_wait(&h);
    machinery_release(&m);
    buf_release(&b);
    close(fd);
    return status;
}
