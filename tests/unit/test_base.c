/* tests/unit/test_base.c — base/ (mem, buf, hmap, num) and output/csvw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/arena.h"
#include "base/buf.h"
#include "base/hmap.h"
#include "base/host.h"
#include "base/mem.h"
#include "base/num.h"
#include "base/text.h"
#include "base/utf8.h"
#include "output/csvw.h"

static void test_num_round_half_up(void **state)
{
    (void)state;
    int64_t q;
    assert_int_equal(num_div_round(5, 10, &q), 0);   assert_int_equal(q, 1);    /* 0.5 → 1 */
    assert_int_equal(num_div_round(4, 10, &q), 0);   assert_int_equal(q, 0);
    assert_int_equal(num_div_round(-5, 10, &q), 0);  assert_int_equal(q, -1);   /* away from 0 */
    assert_int_equal(num_div_round(1, 0, &q), -1);
    /* 1/3 to 4 places = 0.3333; 2/3 = 0.6667; 1/8 = 0.1250 → 1250 */
    assert_int_equal(num_ratio_scaled(1, 3, 4, &q), 0); assert_int_equal(q, 3333);
    assert_int_equal(num_ratio_scaled(2, 3, 4, &q), 0); assert_int_equal(q, 6667);
    assert_int_equal(num_ratio_scaled(1, 8, 4, &q), 0); assert_int_equal(q, 1250);
    /* 0.00005 exactly half → up: 1/20000 to 4 places = 0.0001 */
    assert_int_equal(num_ratio_scaled(1, 20000, 4, &q), 0); assert_int_equal(q, 1);
}

static void test_num_change_percent(void **state)
{
    (void)state;
    int64_t q;
    /* person_times 36164 against 32063: 4101 / 32063 = 12.7904…% → +12.79 */
    assert_int_equal(num_change_percent(36164, 1, 32063, 1, &q), 0); assert_int_equal(q, 1279);
    /* rates 1202/5700 against 1114/5700: 88 / 1114 = 7.8994…% → +7.90 */
    assert_int_equal(num_change_percent(1202, 5700, 1114, 5700, &q), 0); assert_int_equal(q, 790);
    /* 124 against 150: −26 / 150 = −17.333…% → −17.33 */
    assert_int_equal(num_change_percent(124, 1, 150, 1, &q), 0); assert_int_equal(q, -1733);
    /* exactly half: 10001 against 20000 = −49.995% → −50.00 (half away from zero) */
    assert_int_equal(num_change_percent(10001, 1, 20000, 1, &q), 0); assert_int_equal(q, -5000);
    /* hours in tenths: 12.0 against 10.5 days → +14.29 */
    assert_int_equal(num_change_percent(24, 2, 21, 2, &q), 0); assert_int_equal(q, 1429);
    assert_int_equal(num_change_percent(5, 1, 0, 1, &q), -1);   /* before 0: undefined */
    assert_int_equal(num_change_percent(5, 0, 3, 1, &q), -1);   /* bad denominator */
}

static void test_num_format(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    num_format_fixed(&b, 12345, 2); buf_putc(&b, ' ');
    num_format_fixed(&b, -5, 1); buf_putc(&b, ' ');
    num_format_fixed(&b, 7, 0); buf_putc(&b, ' ');
    num_format_fixed(&b, 3, 2);
    assert_string_equal(b.data, "123.45 -0.5 7 0.03");
    /* the ends of int64 and wide fractions (digits written out by hand) */
    buf_clear(&b);
    num_format_fixed(&b, INT64_MIN, 2); buf_putc(&b, ' ');
    num_format_fixed(&b, INT64_MAX, 0); buf_putc(&b, ' ');
    num_format_fixed(&b, -1, 19); buf_putc(&b, ' ');
    num_format_fixed(&b, 0, 3); buf_putc(&b, ' ');
    num_format_fixed(&b, -40, 1); buf_putc(&b, ' ');
    num_format_fixed(&b, 1000000, 6);
    assert_string_equal(b.data, "-92233720368547758.08 9223372036854775807 -0.0000000000000000001 "
                                "0.000 -4.0 1.000000");
    buf_release(&b);
}

/* Texts in an arena keep their bytes whatever comes after: short ones packed, long ones
   in blocks of their own, and the blocks of a second arena adopted by a first. Each text
   is checked against a copy made with snprintf, after everything was stored. */
static void test_arena(void **state)
{
    (void)state;
    arena a = ARENA_INIT, b = ARENA_INIT;
    enum { N = 6000 };
    char *got[2 * N];
    char want[2 * N][64];
    static char longtext[40000];
    memset(longtext, 'x', sizeof longtext);
    for (size_t i = 0; i < 2 * N; i++) {
        int n = snprintf(want[i], sizeof want[i], "ZY%05zu-名称-%zu", i, i * 7919 % 1000);
        arena *to = i < N ? &a : &b;
        got[i] = arena_strndup(to, want[i], (size_t)n);
        assert_non_null(got[i]);
        if (i % 1000 == 999) {       /* a long text now and then, between short ones */
            char *l = arena_strndup(to, longtext, sizeof longtext);
            assert_non_null(l);
            assert_int_equal(strlen(l), sizeof longtext);
        }
    }
    char *empty = arena_strndup(&a, NULL, 0);
    assert_non_null(empty);
    assert_string_equal(empty, "");
    size_t blocks = a.n + b.n;
    assert_int_equal(arena_adopt(&a, &b), 0);
    assert_int_equal(a.n, blocks);
    assert_int_equal(b.n, 0);
    char *after = arena_strndup(&a, "后来", strlen("后来"));   /* a's own room, still used */
    assert_string_equal(after, "后来");
    assert_int_equal(a.n, blocks);
    for (size_t i = 0; i < 2 * N; i++)
        assert_string_equal(got[i], want[i]);
    arena_release(&a);
    arena_release(&b);
    arena_release(&a);               /* released twice: nothing */
    assert_int_equal(a.n, 0);
}

static void test_hmap(void **state)
{
    (void)state;
    hmap m = HMAP_INIT;
    char keys[1000][8];
    for (int i = 0; i < 1000; i++) {
        int n = snprintf(keys[i], sizeof keys[i], "U%03d", i);
        assert_int_equal(hmap_put(&m, keys[i], (size_t)n, (uint32_t)i, NULL), 1);
    }
    uint32_t v, ex;
    assert_int_equal(hmap_get(&m, "U500", 4, &v), 1); assert_int_equal(v, 500);
    assert_int_equal(hmap_get(&m, "U1000", 5, &v), 0);
    assert_int_equal(hmap_put(&m, "U007", 4, 9, &ex), 0); assert_int_equal(ex, 7);
    assert_int_equal(m.count, 1000);
    hmap_release(&m);
}

static void test_mem_fail_injection(void **state)
{
    (void)state;
    mem_fail_after(2);
    void *a = mem_alloc(10);
    void *b = mem_alloc(10);
    assert_non_null(a);
    assert_null(b);
    mem_fail_after(0);
    b = mem_alloc(10);
    assert_non_null(b);
    mem_free(a);
    mem_free(b);
}

static void test_csvw_safe_and_quoted(void **state)
{
    (void)state;
    csvw w;
    assert_int_equal(csvw_begin(&w, 1), 0);
    csvw_str(&w, "=SUM(A1)");
    csvw_str(&w, "a,b");
    csvw_str(&w, "say \"hi\"");
    csvw_int(&w, -3);
    csvw_fixed(&w, 105, 1);
    csvw_str(&w, "-x,y");
    csvw_end_row(&w);
    assert_false(w.failed);
    const char *want = "\xEF\xBB\xBF'=SUM(A1),\"a,b\",\"say \"\"hi\"\"\",-3,10.5,\"'-x,y\"\r\n";
    assert_int_equal(w.out.len, strlen(want));
    assert_memory_equal(w.out.data, want, w.out.len);
    csvw_release(&w);
}

/* A table written to a file as it grows is the same bytes as one built in memory, rows
   of a megabyte and more included; a write that fails is reported, not lost. */
static void test_csvw_file(void **state)
{
    (void)state;
    csvw mem, file;
    FILE *fp = tmpfile();
    assert_non_null(fp);
    assert_int_equal(csvw_begin(&mem, 1), 0);
    assert_int_equal(csvw_begin_file(&file, fp, 1), 0);
    static char big[300000];
    memset(big, 'x', sizeof big);
    big[7] = ',';                              /* quoted */
    for (int i = 0; i < 3000; i++) {
        csvw *ws[2] = {&mem, &file};
        for (int k = 0; k < 2; k++) {
            csvw_int(ws[k], i);
            csvw_text(ws[k], big, i % 500 == 0 ? sizeof big : (size_t)(i % 97));
            csvw_fixed(ws[k], -i, 2);
            csvw_end_row(ws[k]);
        }
    }
    assert_true(file.out.len < mem.out.len);   /* most of it is in the file already */
    assert_int_equal(csvw_flush(&file), 0);
    assert_int_equal(file.out.len, 0);
    assert_false(file.failed);
    long size = ftell(fp);
    assert_int_equal((size_t)size, mem.out.len);
    rewind(fp);
    char *back = malloc(mem.out.len);
    assert_non_null(back);
    assert_int_equal(fread(back, 1, mem.out.len, fp), mem.out.len);
    assert_memory_equal(back, mem.out.data, mem.out.len);
    free(back);
    fclose(fp);
    csvw_release(&mem);
    csvw_release(&file);

    FILE *full = fopen("/dev/full", "wb");
    if (!full)
        return;                                /* no /dev/full here: the part above stands */
    setvbuf(full, NULL, _IONBF, 0);
    assert_int_equal(csvw_begin_file(&file, full, 1), 0);
    int r = 0;
    for (int i = 0; i < 100 && r == 0; i++) {
        csvw_text(&file, big, sizeof big);
        r = csvw_end_row(&file);
    }
    assert_int_equal(r, -1);
    assert_true(file.failed);
    assert_int_equal(file.write_errno, ENOSPC);
    assert_int_equal(csvw_flush(&file), -1);   /* sticky */
    fclose(full);
    csvw_release(&file);
}

static void test_host(void **state)
{
    (void)state;
    unsetenv("TZ_TEST_SIZE");
    assert_int_equal(host_env_size("TZ_TEST_SIZE", 7), 7);
    static const char *const refused[] = {"", "0", "-3", "12x", " 12", "1e3"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        setenv("TZ_TEST_SIZE", refused[i], 1);
        assert_int_equal(host_env_size("TZ_TEST_SIZE", 7), 7);
    }
    setenv("TZ_TEST_SIZE", "65536", 1);
    assert_int_equal(host_env_size("TZ_TEST_SIZE", 7), 65536);
    unsetenv("TZ_TEST_SIZE");
    assert_int_equal(host_threads(3), 3);
    int all = host_threads(0);
    assert_true(all >= 1 && all <= 64);
}

static void test_text(void **state)
{
    (void)state;
    char b[8];
    assert_int_equal(text_format(b, sizeof b, "%d-%s", 12, "ab"), 0);
    assert_string_equal(b, "12-ab");
    assert_int_equal(text_format(b, sizeof b, "%s", "1234567"), 0);     /* 7 + NUL: fits */
    assert_int_equal(text_format(b, sizeof b, "%s", "12345678"), -1);
    assert_string_equal(b, "1234567");
    /* 党员 is 6 bytes; a third character would be cut at byte 7: it goes whole */
    assert_int_equal(text_format(b, sizeof b, "%s", "党员人"), -1);
    assert_string_equal(b, "党员");
    assert_int_equal(text_format(b, sizeof b, "a%s", "党员"), 0);
    assert_string_equal(b, "a党员");
    char h[9];
    static const uint8_t bytes[4] = {0x00, 0x0f, 0xa0, 0xff};
    text_hex(bytes, 4, h);
    assert_string_equal(h, "000fa0ff");
}

static void test_utf8(void **state)
{
    (void)state;
    uint32_t cp = 0;
    assert_int_equal(utf8_decode("A", 1, &cp), 1);            assert_int_equal(cp, 0x41);
    assert_int_equal(utf8_decode("\xC3\xA9", 2, &cp), 2);     assert_int_equal(cp, 0xE9);
    assert_int_equal(utf8_decode("人", 3, &cp), 3);           assert_int_equal(cp, 0x4EBA);
    assert_int_equal(utf8_decode("\xF0\x9F\x98\x80", 4, &cp), 4); assert_int_equal(cp, 0x1F600);
    assert_int_equal(utf8_decode("", 0, &cp), 0);
    assert_int_equal(utf8_decode("\xC0\xAF", 2, &cp), 0);     /* overlong */
    assert_int_equal(utf8_decode("\xED\xA0\x80", 3, &cp), 0); /* surrogate */
    assert_int_equal(utf8_decode("\xE4\xBA", 2, &cp), 0);     /* cut short */
    assert_int_equal(utf8_decode("\xF4\x90\x80\x80", 4, &cp), 0); /* above U+10FFFF */
    assert_int_equal(utf8_decode("\x80", 1, &cp), 0);
    /* distances worked by hand: kitten → sitting 3 (k→s, e→i, +g); 参与人数 → 参与人次
       1 (one character, three bytes); abc → "" 3; a byte that is not UTF-8 is skipped */
    assert_int_equal(utf8_distance("kitten", 6, "sitting", 7), 3);
    assert_int_equal(utf8_distance("参与人数", 12, "参与人次", 12), 1);
    assert_int_equal(utf8_distance("abc", 3, "", 0), 3);
    assert_int_equal(utf8_distance("a\xFF" "b", 3, "ab", 2), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_host),
        cmocka_unit_test(test_utf8),
        cmocka_unit_test(test_num_round_half_up),
        cmocka_unit_test(test_num_change_percent),
        cmocka_unit_test(test_num_format),
        cmocka_unit_test(test_arena),
        cmocka_unit_test(test_hmap),
        cmocka_unit_test(test_mem_fail_injection),
        cmocka_unit_test(test_csvw_safe_and_quoted),
        cmocka_unit_test(test_csvw_file),
        cmocka_unit_test(test_text),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
