/* tests/unit/test_manifest.c — output/manifest: SHA-256 (FIPS 180-2 vectors and hashes
   computed with coreutils sha256sum), the command line's OUT argument, sorted outputs,
   deterministic rendering, reading back strictly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "output/manifest.h"
#include "output/outdir.h"

/* printf 'x' | sha256sum, and so on (coreutils, not this program) */
#define SHA_EMPTY "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
#define SHA_ABC   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA_X     "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
#define SHA_UNITS "a455cfb8ff7749eab3019d49eebace8bb6bb090d0ff153681991929ecf7347b4"
#define SHA_RULES "1ed5f7c4bd0d52c69b29af102469935a79798bb799316ab8bad8291fcb3bef03"
#define UNITS_CSV "unit_id,name\r\nU001,\xE7\x94\xB2\r\n"

static char root[64];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tz-manifest-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return outdir_remove_tree(root);
}

static void put_file(const char *rel, const char *text)
{
    char p[256];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void hex_of(const void *data, size_t n, char hex[65])
{
    uint8_t sha[32];
    manifest_sha256(data, n, sha);
    manifest_hex(sha, hex);
}

static void test_sha256(void **state)
{
    (void)state;
    char hex[65];
    hex_of("", 0, hex);
    assert_string_equal(hex, SHA_EMPTY);
    hex_of("abc", 3, hex);
    assert_string_equal(hex, SHA_ABC);
    put_file("units.csv", UNITS_CSV);
    char p[256];
    snprintf(p, sizeof p, "%s/units.csv", root);
    uint8_t sha[32];
    uint64_t bytes = 0;
    assert_int_equal(manifest_sha256_file(p, sha, &bytes), TZ_OK);
    manifest_hex(sha, hex);
    assert_string_equal(hex, SHA_UNITS);
    assert_int_equal(bytes, strlen(UNITS_CSV));
    snprintf(p, sizeof p, "%s/missing.csv", root);
    assert_int_equal(manifest_sha256_file(p, sha, &bytes), TZ_NOINPUT);
}

static manifest *new_manifest(int argc, char **argv, const char *out_dir)
{
    run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.ledger_dir = "input/sample/2025";
    opt.out_dir = out_dir;
    opt.argc = argc;
    opt.argv = argv;
    manifest *m = NULL;
    assert_int_equal(manifest_new(&opt, &m), TZ_OK);
    return m;
}

static void test_out_argument(void **state)
{
    (void)state;
    char a0[] = "run", a1[] = "input/sample/2025", a2[] = "-o", a3[] = "out/2025";
    char *argv1[] = {a0, a1, a2, a3};
    manifest *m = new_manifest(4, argv1, argv1[3]);            /* getopt's optarg */
    assert_int_equal(m->out_index, 3);
    assert_int_equal(m->out_offset, 0);
    manifest_free(m);

    char b2[] = "--out=out/2025";
    char *argv2[] = {a0, a1, b2};
    m = new_manifest(3, argv2, b2 + 6);
    assert_int_equal(m->out_index, 2);
    assert_int_equal(m->out_offset, 6);
    manifest_free(m);

    /* a copy of the string (not a pointer into argv): found by its text */
    m = new_manifest(3, argv2, "out/2025");
    assert_int_equal(m->out_index, 2);
    assert_int_equal(m->out_offset, 6);
    manifest_free(m);
    m = new_manifest(4, argv1, "out/2025");
    assert_int_equal(m->out_index, 3);
    assert_int_equal(m->out_offset, 0);
    manifest_free(m);

    m = new_manifest(2, argv1, "elsewhere");
    assert_int_equal(m->out_index, -1);
    assert_string_equal(m->version, TZ_VERSION);
    assert_int_equal(m->argc, 2);
    assert_string_equal(m->argv[1], "input/sample/2025");
    manifest_free(m);
}

/* A manifest as a run would build it: a ledger of two files, rules, a font, outputs. */
static manifest *full_manifest(void)
{
    char a0[] = "run", a1[] = "in/2025", a2[] = "-o", a3[] = "out";
    char *argv[] = {a0, a1, a2, a3};
    manifest *m = new_manifest(4, argv, argv[3]);

    static ledger l;
    memset(&l, 0, sizeof l);
    l.year = 2025;
    l.files[LEDGER_UNITS].present = 1;
    l.files[LEDGER_UNITS].path = (char *)"in/2025/units.csv";
    memcpy(l.files[LEDGER_UNITS].encoding, "UTF-8-BOM", 10);
    l.files[LEDGER_UNITS].bytes = 25;
    l.files[LEDGER_UNITS].rows = 1;
    manifest_sha256(UNITS_CSV, strlen(UNITS_CSV), l.files[LEDGER_UNITS].sha256);
    l.files[LEDGER_ACTIVITIES].present = 1;
    l.files[LEDGER_ACTIVITIES].path = (char *)"in/2025/activities.csv";
    memcpy(l.files[LEDGER_ACTIVITIES].encoding, "GB18030", 8);
    l.files[LEDGER_ACTIVITIES].rows = 7;
    l.files[LEDGER_ACTIVITIES].rows_dropped = 2;
    assert_int_equal(manifest_add_ledger(m, "ledger", &l), TZ_OK);
    assert_int_equal(m->year, 2025);
    assert_int_equal(manifest_set_policy(&m->rules, "my.rules", 0, "rule a\n", 7), TZ_OK);

    char p[256];
    put_file("font.ttc", "x");
    snprintf(p, sizeof p, "%s/font.ttc", root);
    assert_int_equal(manifest_add_font(m, p), TZ_OK);
    assert_int_equal(manifest_add_font(m, p), TZ_OK);          /* once only */
    assert_int_equal(m->n_fonts, 1);

    snprintf(p, sizeof p, "%s/out", root);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/out/tables", root);
    mkdir(p, 0755);
    put_file("out/tables/units.csv", UNITS_CSV);
    put_file("out/report.pdf", "abc");
    put_file("out/Z.csv", "");
    put_file("out/manifest.json", "old");                     /* never lists itself */
    snprintf(p, sizeof p, "%s/out", root);
    assert_int_equal(manifest_add_outputs(m, p), TZ_OK);
    return m;
}

static void test_outputs_sorted_and_hashed(void **state)
{
    (void)state;
    manifest *m = full_manifest();
    assert_int_equal(m->n_outputs, 3);
    /* byte order: 'Z' (0x5A) < 'r' < 't' */
    assert_string_equal(m->outputs[0].path, "Z.csv");
    assert_string_equal(m->outputs[1].path, "report.pdf");
    assert_string_equal(m->outputs[2].path, "tables/units.csv");
    char hex[65];
    manifest_hex(m->outputs[0].sha256, hex);
    assert_string_equal(hex, SHA_EMPTY);
    manifest_hex(m->outputs[1].sha256, hex);
    assert_string_equal(hex, SHA_ABC);
    manifest_hex(m->outputs[2].sha256, hex);
    assert_string_equal(hex, SHA_UNITS);
    assert_int_equal(m->outputs[2].bytes, strlen(UNITS_CSV));
    manifest_hex(m->fonts[0].sha256, hex);
    assert_string_equal(hex, SHA_X);
    manifest_hex(m->rules.sha256, hex);
    assert_string_equal(hex, SHA_RULES);
    manifest_free(m);
}

static void test_render_parse_round_trip(void **state)
{
    (void)state;
    setenv("TAIZHANG_FONT", "/fonts/\xE5\xAE\x8B.ttc", 1);     /* 宋 */
    unsetenv("SOURCE_DATE_EPOCH");
    manifest *m = full_manifest();
    unsetenv("TAIZHANG_FONT");
    buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
    assert_int_equal(manifest_render(m, &a), TZ_OK);
    /* what an auditor greps for, as literal text */
    assert_non_null(strstr(a.data, "\"format\": \"taizhang-manifest 1\""));
    assert_non_null(strstr(a.data, "\"path\": \"tables/units.csv\",\n      \"bytes\": 24,\n"
                                   "      \"sha256\": \"" SHA_UNITS "\""));
    assert_non_null(strstr(a.data, "\"file\": \"activities.csv\""));
    assert_non_null(strstr(a.data, "\"encoding\": \"GB18030\""));
    assert_non_null(strstr(a.data, "\"rows_dropped\": 2"));
    assert_non_null(strstr(a.data, "\"libharu\": \"2.3.0\""));
    assert_non_null(strstr(a.data, "\"libcsv\": \"3.0.3\""));
    assert_non_null(strstr(a.data, "\"rules_file\": null"));
    assert_non_null(strstr(a.data, "\"out_index\": 3"));
    assert_non_null(strstr(a.data, "\"environment\": {\n      \"SOURCE_DATE_EPOCH\": null,\n"
                                   "      \"TAIZHANG_FONT\": \"/fonts/\xE5\xAE\x8B.ttc\"\n    }"));

    manifest *back = NULL;
    assert_int_equal(manifest_parse(a.data, a.len, &back, &err), TZ_OK);
    assert_int_equal(manifest_render(back, &b), TZ_OK);
    assert_string_equal(a.data, b.data);                       /* nothing lost */
    assert_int_equal(back->year, 2025);
    assert_int_equal(back->n_inputs, 2);
    assert_string_equal(back->inputs[1].path, "in/2025/activities.csv");

    /* and rendering is a function of the manifest alone */
    buf_clear(&b);
    assert_int_equal(manifest_render(m, &b), TZ_OK);
    assert_string_equal(a.data, b.data);
    manifest_free(back);
    manifest_free(m);
    buf_release(&a);
    buf_release(&b);
    buf_release(&err);
}

/* Replaces the first occurrence of from with to in text, then parses: must be refused. */
static void refused(const char *text, const char *from, const char *to, const char *why)
{
    const char *at = strstr(text, from);
    assert_non_null(at);
    buf t = BUF_INIT, err = BUF_INIT;
    buf_append(&t, text, (size_t)(at - text));
    buf_puts(&t, to);
    buf_puts(&t, at + strlen(from));
    manifest *m = NULL;
    assert_int_equal(manifest_parse(t.data, t.len, &m, &err), TZ_DATAERR);
    assert_null(m);
    if (!strstr(err.data, why))
        print_error("message was: %s\n", err.data);
    assert_non_null(strstr(err.data, why));
    buf_release(&t);
    buf_release(&err);
}

static void test_parse_refuses(void **state)
{
    (void)state;
    manifest *m = full_manifest();
    buf a = BUF_INIT;
    assert_int_equal(manifest_render(m, &a), TZ_OK);
    manifest_free(m);
    refused(a.data, "taizhang-manifest 1", "taizhang-manifest 2", "not a taizhang manifest");
    refused(a.data, "\"path\": \"Z.csv\"", "\"path\": \"../Z.csv\"", "leaves the folder");
    refused(a.data, "\"path\": \"Z.csv\"", "\"path\": \"/etc/passwd\"", "leaves the folder");
    refused(a.data, "\"path\": \"Z.csv\"", "\"path\": \"a//Z.csv\"", "leaves the folder");
    refused(a.data, "\"path\": \"Z.csv\"", "\"path\": \"tables/\"", "leaves the folder");
    refused(a.data, "\"path\": \"Z.csv\"", "\"path\": \"zz.csv\"", "not sorted");
    refused(a.data, "\"sha256\": \"e3b0", "\"sha256\": \"E3B0", "SHA-256");
    refused(a.data, "\"bytes\": 3,", "\"bytes\": -3,", "out of range");
    refused(a.data, "\"year\": 2025", "\"yr\": 2025", "missing");
    refused(a.data, "\"out_index\": 3", "\"out_index\": 9", "out of range");
    refused(a.data, "\"cwd\": \"", "\"cwd\": 5, \"x\": \"", "not a string");
    refused(a.data, "{", "[", "manifest.json: line 2");
    refused(a.data, a.data, "[\"taizhang-manifest 1\"]", "not a taizhang manifest");
    refused(a.data, "\"lenient\": false", "\"lenient\": 0", "wrong type");
    buf_release(&a);

    buf err = BUF_INIT;
    char p[256];
    snprintf(p, sizeof p, "%s/none.json", root);
    assert_int_equal(manifest_load(p, &m, &err), TZ_NOINPUT);
    assert_non_null(strstr(err.data, "none.json"));
    buf_release(&err);
}

/* Damaged manifests (bytes flipped, cut short; a fixed-seed generator, so the test is the
   same every time): each is read back as a manifest or refused as malformed, never more
   (the sanitizer run checks the memory side). */
static void test_parse_damaged(void **state)
{
    (void)state;
    manifest *m = full_manifest();
    buf a = BUF_INIT;
    assert_int_equal(manifest_render(m, &a), TZ_OK);
    manifest_free(m);
    uint32_t seed = 12345;
    int refused_count = 0;
    for (int round = 0; round < 3000; round++) {
        buf t = BUF_INIT, err = BUF_INIT;
        buf_append(&t, a.data, a.len);
        seed = seed * 1103515245u + 12345u;
        size_t len = t.len;
        if (round % 3 == 0)
            len = (seed >> 8) % t.len;                       /* cut short */
        int flips = 1 + (int)((seed >> 4) % 4);
        for (int f = 0; f < flips; f++) {
            seed = seed * 1103515245u + 12345u;
            t.data[(seed >> 8) % t.len] = (char)(seed >> 24);
        }
        manifest *back = NULL;
        tz_status st = manifest_parse(t.data, len, &back, &err);
        assert_true(st == TZ_OK || st == TZ_DATAERR);
        if (st == TZ_OK)
            assert_non_null(back);
        else {
            assert_null(back);
            assert_non_null(strstr(err.data, "manifest.json: "));
            refused_count++;
        }
        manifest_free(back);
        buf_release(&t);
        buf_release(&err);
    }
    assert_true(refused_count > 2000);
    buf_release(&a);
}

/* Out of memory at every allocation of reading a manifest back: TZ_NOMEM, nothing else. */
static void test_parse_nomem(void **state)
{
    (void)state;
    manifest *m = full_manifest();
    buf a = BUF_INIT;
    assert_int_equal(manifest_render(m, &a), TZ_OK);
    manifest_free(m);
    long nth;
    for (nth = 1; nth < 100000; nth++) {
        manifest *back = NULL;
        buf err = BUF_INIT;
        mem_fail_after(nth);
        tz_status st = manifest_parse(a.data, a.len, &back, &err);
        mem_fail_after(0);
        buf_release(&err);
        if (st == TZ_OK) {
            manifest_free(back);
            break;
        }
        assert_int_equal(st, TZ_NOMEM);
        assert_null(back);
    }
    assert_true(nth > 10);
    buf_release(&a);
}

/* Out of memory at every allocation of building and rendering a manifest: TZ_NOMEM. */
static void test_build_nomem(void **state)
{
    (void)state;
    char a0[] = "run", a1[] = "in/2025", a2[] = "-o", a3[] = "out";
    char *argv[] = {a0, a1, a2, a3};
    run_options opt;
    memset(&opt, 0, sizeof opt);
    opt.ledger_dir = "in/2025";
    opt.out_dir = argv[3];
    opt.argc = 4;
    opt.argv = argv;
    char p[256];
    snprintf(p, sizeof p, "%s/out", root);
    mkdir(p, 0755);
    put_file("out/a.csv", "a");
    put_file("out/b.csv", "b");
    long nth;
    for (nth = 1; nth < 100000; nth++) {
        manifest *m = NULL;
        buf text = BUF_INIT;
        mem_fail_after(nth);
        tz_status st = manifest_new(&opt, &m);
        if (st == TZ_OK)
            st = manifest_set_policy(&m->rules, "r", 0, "x", 1);
        if (st == TZ_OK)
            st = manifest_add_outputs(m, p);
        if (st == TZ_OK)
            st = manifest_render(m, &text);
        mem_fail_after(0);
        manifest_free(m);
        buf_release(&text);
        if (st == TZ_OK)
            break;
        assert_int_equal(st, TZ_NOMEM);
    }
    assert_true(nth > 10);
}

/* A run that applied no rules says so ("rules": null) and reads back the same. */
static void test_no_rules(void **state)
{
    (void)state;
    char a0[] = "run", a1[] = "in", a2[] = "-o", a3[] = "out";
    char *argv[] = {a0, a1, a2, a3};
    manifest *m = new_manifest(4, argv, argv[3]), *back = NULL;
    buf a = BUF_INIT, b = BUF_INIT, err = BUF_INIT;
    assert_int_equal(manifest_render(m, &a), TZ_OK);
    assert_non_null(strstr(a.data, "\"rules\": null,\n"));
    assert_int_equal(manifest_parse(a.data, a.len, &back, &err), TZ_OK);
    assert_null(back->rules.source);
    assert_int_equal(manifest_render(back, &b), TZ_OK);
    assert_string_equal(a.data, b.data);
    manifest_free(back);
    manifest_free(m);
    buf_release(&a);
    buf_release(&b);
    buf_release(&err);
}

static void test_list_files_skips_links(void **state)
{
    (void)state;
    char p[256], q[256];
    snprintf(p, sizeof p, "%s/d", root);
    mkdir(p, 0755);
    put_file("d/a", "1");
    put_file("d/manifest.json", "m");
    snprintf(p, sizeof p, "%s/d/sub", root);
    mkdir(p, 0755);
    put_file("d/sub/manifest.json", "not the top one: listed");
    snprintf(q, sizeof q, "%s/d/ln", root);
    assert_int_equal(symlink("/etc/passwd", q), 0);
    snprintf(p, sizeof p, "%s/d", root);
    char **paths = NULL;
    size_t n = 0;
    assert_int_equal(manifest_list_files(p, &paths, &n), TZ_OK);
    assert_int_equal(n, 2);
    assert_string_equal(paths[0], "a");
    assert_string_equal(paths[1], "sub/manifest.json");
    manifest_free_paths(paths, n);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sha256, setup, teardown),
        cmocka_unit_test_setup_teardown(test_out_argument, setup, teardown),
        cmocka_unit_test_setup_teardown(test_outputs_sorted_and_hashed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_render_parse_round_trip, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_refuses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_no_rules, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_damaged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_parse_nomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_nomem, setup, teardown),
        cmocka_unit_test_setup_teardown(test_list_files_skips_links, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
