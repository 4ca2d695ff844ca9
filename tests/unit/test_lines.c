/* tests/unit/test_lines.c — input/lines: the line of every row, kept as runs, is the
   line a plain array of line numbers holds (the independent route: the array itself),
   for rows on consecutive lines, gaps (blank lines, rows left out, records over several
   lines), parts joined at offsets, undone tails, and out of memory. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "base/mem.h"
#include "input/lines_int.h"

/* Lines of n rows: mostly the next line, now and then a jump of 1 to 5 lines. */
static void make_lines(uint32_t *want, size_t n, uint32_t first, unsigned seed)
{
    uint32_t line = first;
    for (size_t r = 0; r < n; r++) {
        seed = seed * 1103515245u + 12345u;
        if ((seed >> 16) % 50 == 0)
            line += 1 + (seed >> 8) % 5;
        want[r] = line++;
    }
}

static void test_runs_match_array(void **state)
{
    (void)state;
    enum { N = 20000 };
    uint32_t *want = malloc(N * sizeof *want);
    make_lines(want, N, 2, 1);
    lines_map m = LINES_INIT;
    for (size_t r = 0; r < N; r++)
        assert_int_equal(lines_note(&m, r, want[r]), 0);
    for (size_t r = 0; r < N; r++)
        assert_int_equal(lines_of(&m, r), want[r]);
    assert_true(m.n < N / 20);             /* runs, not a number a row */

    /* one plain run: rows 0.. on lines 2.. */
    lines_map plain = LINES_INIT;
    for (size_t r = 0; r < 1000; r++)
        assert_int_equal(lines_note(&plain, r, (uint32_t)r + 2), 0);
    assert_int_equal(plain.n, 1);
    assert_int_equal(lines_of(&plain, 999), 1001);

    /* forgetting a tail, then going on differently */
    lines_truncate(&m, 5000);
    for (size_t r = 5000; r < N; r++)
        want[r] = want[r] + 7;             /* still ascending: the rows read again */
    for (size_t r = 5000; r < N; r++)
        assert_int_equal(lines_note(&m, r, want[r]), 0);
    for (size_t r = 0; r < N; r++)
        assert_int_equal(lines_of(&m, r), want[r]);
    lines_release(&m);
    lines_release(&plain);
    free(want);
}

/* Parts read on their own (rows from 0) and joined in order give the whole reading. */
static void test_append_parts(void **state)
{
    (void)state;
    enum { N = 9000 };
    uint32_t *want = malloc(N * sizeof *want);
    make_lines(want, N, 2, 7);
    size_t cuts[] = {0, 1, 2500, 2501, 6000, N};
    lines_map whole = LINES_INIT;
    for (size_t k = 0; k + 1 < sizeof cuts / sizeof *cuts; k++) {
        lines_map part = LINES_INIT;
        for (size_t r = cuts[k]; r < cuts[k + 1]; r++)
            assert_int_equal(lines_note(&part, r - cuts[k], want[r]), 0);
        assert_int_equal(lines_append(&whole, cuts[k], &part), 0);
        lines_release(&part);
    }
    for (size_t r = 0; r < N; r++)
        assert_int_equal(lines_of(&whole, r), want[r]);
    /* a part of consecutive lines continuing the last run adds no run */
    size_t before = whole.n;
    lines_map more = LINES_INIT;
    for (size_t r = 0; r < 10; r++)
        assert_int_equal(lines_note(&more, r, want[N - 1] + 1 + (uint32_t)r), 0);
    assert_int_equal(lines_append(&whole, N, &more), 0);
    assert_int_equal(whole.n, before);
    assert_int_equal(lines_of(&whole, N + 9), want[N - 1] + 10);
    lines_release(&more);
    lines_release(&whole);
    free(want);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    lines_map m = LINES_INIT;
    int failed = 0;
    mem_fail_after(3);
    for (size_t r = 0; r < 100 && !failed; r++)
        failed = lines_note(&m, r, (uint32_t)(3 * r)) != 0;   /* every row its own run */
    mem_fail_after(0);
    assert_true(failed);
    for (size_t r = 0; r < m.n; r++)                         /* what was kept is right */
        assert_int_equal(lines_of(&m, r), 3 * r);
    lines_release(&m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_runs_match_array),
        cmocka_unit_test(test_append_parts),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
