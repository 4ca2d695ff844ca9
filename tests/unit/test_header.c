/* tests/unit/test_header.c — input/header: Chinese headers and English aliases in any
   order, unknown columns (one notice), missing and doubled columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "input/header.h"

static size_t split(const char *line, csvread_field *f)
{
    size_t n = 0;
    const char *s = line;
    for (;;) {
        const char *c = strchr(s, ',');
        f[n].s = s;
        f[n].n = c ? (size_t)(c - s) : strlen(s);
        n++;
        if (!c)
            return n;
        s = c + 1;
    }
}

static void test_any_order_and_aliases(void **state)
{
    (void)state;
    csvread_field f[16];
    size_t n = split("hours,志愿者编号, 活动编号 ,备注,,", f);
    header_map m;
    problem_list pl = {0};
    assert_int_equal(header_map_row(LEDGER_PARTICIPATION, f, n, &m, &pl, "participation.csv", 1, 1), 0);
    assert_int_equal(m.field[PART_HOURS], 0);
    assert_int_equal(m.field[PART_VOLUNTEER], 1);
    assert_int_equal(m.field[PART_ACTIVITY], 2);
    assert_int_equal(m.field[PART_UNIT], -1);
    assert_int_equal(m.width, 4);                 /* trailing empty columns left out */
    assert_int_equal(pl.count, 1);                /* one notice for the unknown column */
    assert_string_equal(pl.items[0].code, "header.unknown_columns");
    assert_int_equal(pl.items[0].severity, SEV_NOTICE);
    assert_non_null(strstr(pl.items[0].message, "备注"));
    problem_list_release(&pl);

    /* ASCII parentheses and the short form; English alias in any case */
    n = split("活动编号,VOLUNTEER_ID,服务时长(小时)", f);
    assert_int_equal(header_map_row(LEDGER_PARTICIPATION, f, n, &m, &pl, "participation.csv", 1, 1), 0);
    assert_int_equal(m.field[PART_HOURS], 2);
    assert_int_equal(m.field[PART_VOLUNTEER], 1);
    n = split("活动编号,志愿者编号,服务时长", f);
    assert_int_equal(header_map_row(LEDGER_PARTICIPATION, f, n, &m, &pl, "participation.csv", 1, 1), 0);
    assert_int_equal(m.field[PART_HOURS], 2);
    n = split("donation_yuan,捐赠金额（元）", f);
    assert_int_equal(header_recognized(LEDGER_ACTIVITIES, f, n), 2);
    assert_int_equal(pl.count, 0);
    problem_list_release(&pl);
}

static void test_missing_and_double(void **state)
{
    (void)state;
    csvread_field f[16];
    size_t n = split("单位编码,单位名称,组织类别,备注1,备注2", f);
    header_map m;
    problem_list pl = {0};
    assert_int_equal(header_map_row(LEDGER_UNITS, f, n, &m, &pl, "units.csv", 3, 1), 1);
    assert_int_equal(pl.count, 2);
    /* one notice naming both unknown columns, one error naming 党员人数 */
    assert_string_equal(pl.items[0].code, "header.unknown_columns");
    assert_non_null(strstr(pl.items[0].message, "备注1"));
    assert_non_null(strstr(pl.items[0].message, "备注2"));
    assert_string_equal(pl.items[1].code, "header.missing_column");
    assert_string_equal(pl.items[1].value, "党员人数");
    assert_int_equal(pl.items[1].line, 3);
    assert_int_equal(pl.errors, 1);
    problem_list_release(&pl);

    n = split("单位编码,unit_name,党员人数,unit_id", f);
    assert_int_equal(header_map_row(LEDGER_UNITS, f, n, &m, &pl, "units.csv", 1, 1), 1);
    assert_int_equal(pl.count, 1);
    assert_string_equal(pl.items[0].code, "header.duplicate_column");
    assert_int_equal(pl.items[0].column, 4);
    problem_list_release(&pl);
}

static void test_every_file_has_its_columns(void **state)
{
    (void)state;
    /* the counts of docs/ledgers.md */
    static const size_t want[LEDGER_FILE_COUNT] = {5, 6, 9, 12, 5, 7, 4};
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        size_t n;
        header_columns((ledger_file_kind)k, &n);
        assert_int_equal(n, want[k]);
    }
}

/* input/rows.c takes a row for data, not a repeated header row, as soon as the cell a
   header row is recognised by holds an ASCII digit (the participation fast path, and
   every file's is_repeated_header): that is safe only while no header name or alias of
   any file has one. */
static void test_no_digit_in_names(void **state)
{
    (void)state;
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        size_t n;
        const header_column *c = header_columns((ledger_file_kind)k, &n);
        for (size_t i = 0; i < n; i++) {
            const char *names[3] = {c[i].zh, c[i].zh_short, c[i].alias};
            for (int j = 0; j < 3; j++)
                for (const char *p = names[j]; p && *p; p++)
                    assert_false(*p >= '0' && *p <= '9');
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_any_order_and_aliases),
        cmocka_unit_test(test_missing_and_double),
        cmocka_unit_test(test_every_file_has_its_columns),
        cmocka_unit_test(test_no_digit_in_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
