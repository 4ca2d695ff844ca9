/* tests/unit/test_base.c — base/ (mem, buf, hmap, num) and output/csvw. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "base/hmap.h"
#include "base/mem.h"
#include "base/num.h"
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

static void test_num_format(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    num_format_fixed(&b, 12345, 2); buf_putc(&b, ' ');
    num_format_fixed(&b, -5, 1); buf_putc(&b, ' ');
    num_format_fixed(&b, 7, 0); buf_putc(&b, ' ');
    num_format_fixed(&b, 3, 2);
    assert_string_equal(b.data, "123.45 -0.5 7 0.03");
    buf_release(&b);
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num_round_half_up),
        cmocka_unit_test(test_num_format),
        cmocka_unit_test(test_hmap),
        cmocka_unit_test(test_mem_fail_injection),
        cmocka_unit_test(test_csvw_safe_and_quoted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
