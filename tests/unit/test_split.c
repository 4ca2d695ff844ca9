/* tests/unit/test_split.c — participation.csv read in parts on several threads and in
   windows (input/split.c) gives what one whole reading gives: the same rows, line numbers,
   problems, file hash; and csvread's fast path for plain lines gives what libcsv gives.
   Independent routes: libcsv itself for the records, nettle over the file read with stdio
   for the hash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "input/csvread.h"
#include "input/ledger.h"
#include "samplegen/sample.h"

/* ------------------------------------------------ csvread against libcsv, record by record */

/* Records as one string: fields joined by \x1F, records ended by \x1E. */
typedef struct collected {
    buf out;
    int errors;
} collected;

static tz_status on_rec(void *ctx, uint32_t line, const csvread_field *f, size_t n)
{
    (void)line;
    collected *c = ctx;
    for (size_t i = 0; i < n; i++) {
        if (i)
            assert_int_equal(buf_putc(&c->out, 0x1F), 0);
        if (f[i].n)
            assert_int_equal(buf_append(&c->out, f[i].s, f[i].n), 0);
    }
    assert_int_equal(buf_putc(&c->out, 0x1E), 0);
    return TZ_OK;
}

static tz_status on_err(void *ctx, uint32_t line, csvread_error e)
{
    (void)line;
    (void)e;
    ((collected *)ctx)->errors++;
    return TZ_OK;
}

typedef struct ref {
    buf out;
    int in_record;
} ref;

static void ref_field(void *s, size_t n, void *data)
{
    ref *r = data;
    if (r->in_record)
        assert_int_equal(buf_putc(&r->out, 0x1F), 0);
    if (n)
        assert_int_equal(buf_append(&r->out, s, n), 0);
    r->in_record = 1;
}

static void ref_record(int c, void *data)
{
    (void)c;
    ref *r = data;
    assert_int_equal(buf_putc(&r->out, 0x1E), 0);
    r->in_record = 0;
}

static uint64_t rng = 88172645463325252ull;
static unsigned next_rand(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* A random well-formed CSV text: plain and quoted fields, spaces and tabs around them,
   commas, doubled quotes and line breaks inside quotes, CRLF, LF and CR alone, empty and
   blank lines. */
static void random_csv(buf *b)
{
    static const char *const plain[] = {"HD2025-00001", "ZY0001", "2.5", "", "负责人", "a b",
                                        " x", "y\t", "  ", "1,200"};
    buf_clear(b);
    unsigned records = 1 + next_rand(40);
    for (unsigned r = 0; r < records; r++) {
        unsigned kind = next_rand(10);
        if (kind == 0) {
            assert_int_equal(buf_puts(b, next_rand(2) ? "\n" : " \t\r\n"), 0);
            continue;
        }
        unsigned fields = 1 + next_rand(6);
        for (unsigned f = 0; f < fields; f++) {
            if (f)
                assert_int_equal(buf_putc(b, ','), 0);
            if (next_rand(4) == 0) {
                static const char *const quoted[] = {"\"a\nb\"", "\"\"\"q\"\"\"", "\"c,d\"",
                                                     "\"\r\n\"", "\"\"", " \"s\" "};
                assert_int_equal(buf_puts(b, quoted[next_rand(6)]), 0);
            } else {
                const char *p = plain[next_rand(10)];
                if (strchr(p, ','))
                    p = "1200";
                assert_int_equal(buf_puts(b, p), 0);
            }
        }
        if (r + 1 < records || next_rand(2))
            assert_int_equal(buf_puts(b, (const char *[]){"\n", "\n", "\r\n", "\r"}[next_rand(4)]), 0);
    }
}

static void test_fast_path_matches_libcsv(void **state)
{
    (void)state;
    buf text = BUF_INIT;
    for (int round = 0; round < 3000; round++) {
        random_csv(&text);
        collected c = {BUF_INIT, 0};
        assert_int_equal(csvread_parse(text.data ? text.data : "", text.len, on_rec, on_err, &c),
                         TZ_OK);
        ref r = {BUF_INIT, 0};
        struct csv_parser p;
        assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
        assert_int_equal(csv_parse(&p, text.data, text.len, ref_field, ref_record, &r), text.len);
        assert_int_equal(csv_fini(&p, ref_field, ref_record, &r), 0);
        csv_free(&p);
        assert_int_equal(c.errors, 0);
        assert_int_equal(c.out.len, r.out.len);
        if (c.out.len)
            assert_memory_equal(c.out.data, r.out.data, c.out.len);
        buf_release(&c.out);
        buf_release(&r.out);
    }
    buf_release(&text);
}

/* ------------------------------------------------ parts and windows against one reading */

static char tmpdir[64];

static int setup_dir(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof tmpdir, "/tmp/tz-split-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

static ledger *load(const char *dir, int threads, const char *chunk, const char *window)
{
    if (chunk)
        setenv("TZ_SPLIT_CHUNK", chunk, 1);
    else
        unsetenv("TZ_SPLIT_CHUNK");
    if (window)
        setenv("TZ_SPLIT_WINDOW", window, 1);
    else
        unsetenv("TZ_SPLIT_WINDOW");
    ledger_options o = {2025, NULL, 1, threads};
    ledger *l = NULL;
    tz_status st = ledger_load(dir, &o, &l);
    assert_non_null(l);
    assert_true(st == TZ_OK || st == TZ_DATAERR);
    unsetenv("TZ_SPLIT_CHUNK");
    unsetenv("TZ_SPLIT_WINDOW");
    return l;
}

static void assert_same(const ledger *a, const ledger *b)
{
    assert_int_equal(a->n_participation, b->n_participation);
    assert_memory_equal(a->participation, b->participation,
                        a->n_participation * sizeof *a->participation);
    const ledger_file *fa = &a->files[LEDGER_PARTICIPATION], *fb = &b->files[LEDGER_PARTICIPATION];
    assert_int_equal(fa->rows, fb->rows);
    assert_int_equal(fa->rows_dropped, fb->rows_dropped);
    assert_int_equal(fa->bytes, fb->bytes);
    assert_string_equal(fa->encoding, fb->encoding);
    assert_memory_equal(fa->sha256, fb->sha256, 32);
    assert_int_equal(a->problems.count, b->problems.count);
    for (size_t i = 0; i < a->problems.count; i++) {
        const problem *p = &a->problems.items[i], *q = &b->problems.items[i];
        assert_string_equal(p->file, q->file);
        assert_int_equal(p->line, q->line);
        assert_int_equal(p->column, q->column);
        assert_string_equal(p->code, q->code);
        assert_string_equal(p->message, q->message);
        assert_string_equal(p->value, q->value);
    }
}

/* Appends rows that straddle cuts: quoted line breaks, one holding a CSV-looking line,
   and rows in error (unknown volunteer, bad hours). */
static void add_tricky_rows(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/participation.csv", dir);
    FILE *f = fopen(path, "ab");
    assert_non_null(f);
    for (int i = 0; i < 400; i++) {
        if (i % 3 == 0)
            fprintf(f, "HD2025-00001,ZY99999,1.0,,\"x\nHD2025-00001,ZY00001,2.0,,\ny\"\n");
        else if (i % 3 == 1)
            fprintf(f, "HD2025-00002,ZY00002,abc,,\"负责\n\n人\"\n");
        else
            fprintf(f, "HD2025-00003,ZY%05d,1.5,,\"a,\"\"b\"\"\"\n", i);
    }
    fclose(f);
}

static void file_sha(const char *dir, uint8_t out[32])
{
    char path[256];
    snprintf(path, sizeof path, "%s/participation.csv", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    struct sha256_ctx c;
    sha256_init(&c);
    char b[4096];
    size_t n;
    while ((n = fread(b, 1, sizeof b, f)) > 0)
        sha256_update(&c, n, (const uint8_t *)b);
    fclose(f);
    sha256_digest(&c, 32, out);
}

static void check_style(sample_style style, const char *sub)
{
    char dir[128];
    snprintf(dir, sizeof dir, "%s/%s/2025", tmpdir, sub);
    sample_options so;
    sample_options_init(&so);
    so.seed = 5;
    so.style = style;
    assert_int_equal(sample_write(dir, &so, NULL, NULL), TZ_OK);
    if (style == SAMPLE_PLAIN)
        add_tricky_rows(dir);
    ledger *whole = load(dir, 1, NULL, NULL);   /* one reading, front to back */
    assert_true(whole->n_participation > 30000);
    uint8_t sha[32];
    file_sha(dir, sha);
    assert_memory_equal(whole->files[LEDGER_PARTICIPATION].sha256, sha, 32);
    static const char *const chunks[] = {"1", "5000", "100000"};
    static const char *const windows[] = {"20000", "300000", NULL};
    for (int t = 1; t <= 3; t += 2)
        for (size_t c = 0; c < 3; c++)
            for (size_t w = 0; w < 3; w++) {
                if (c == 0 && w != 1)
                    continue;     /* 1-byte parts: slow; one window size is enough */
                ledger *l = load(dir, t, chunks[c], windows[w]);
                assert_same(whole, l);
                ledger_free(l);
            }
    ledger_free(whole);
}

static void test_parts_plain(void **state)
{
    (void)state;
    check_style(SAMPLE_PLAIN, "plain");
}

static void test_parts_export(void **state)
{
    (void)state;
    check_style(SAMPLE_EXPORT, "export");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fast_path_matches_libcsv),
        cmocka_unit_test_setup_teardown(test_parts_plain, setup_dir, teardown_dir),
        cmocka_unit_test_setup_teardown(test_parts_export, setup_dir, teardown_dir),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
