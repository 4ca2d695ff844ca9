/* tests/unit/test_outdiff.c — output/outdiff: where two CSV tables, two files and two
   manifests differ, with the places worked out by hand from the texts below. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/mem.h"
#include "output/outdiff.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/tz-outdiff-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* Writes text to dir/name; returns the path (static, one per name slot). */
static const char *put(int slot, const char *name, const char *text)
{
    static char paths[2][128];
    snprintf(paths[slot], sizeof paths[slot], "%s/%s", dir, name);
    FILE *f = fopen(paths[slot], "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return paths[slot];
}

static char *where(const char *name, const char *ours, const char *theirs)
{
    char a[64], b[64];
    snprintf(a, sizeof a, "a-%s", name);
    snprintf(b, sizeof b, "b-%s", name);
    const char *pa = put(0, a, ours), *pb = put(1, b, theirs);
    buf out = BUF_INIT;
    assert_int_equal(outdiff_files(pa, pb, &out), TZ_OK);
    return buf_steal(&out);
}

static void test_csv(void **state)
{
    (void)state;
    /* row 3 (the header is row 1), column 3: "12" against "13"; a quoted comma and a
       quoted line break before it must not move the column or the row */
    char *s = where("t.csv",
                    "unit_id,unit_name,person_times\r\n"
                    "\"00001\",\"甲,局\",7\r\n"
                    "00002,\"乙\n局\",12\r\n",
                    "unit_id,unit_name,person_times\r\n"
                    "\"00001\",\"甲,局\",7\r\n"
                    "00002,\"乙\n局\",13\r\n");
    assert_string_equal(s, "第 3 行第 3 列（person_times）OUT 中为“12”，重算为“13”");
    mem_free(s);
    /* a row the recomputation does not have */
    s = where("u.csv", "a,b\n1,2\n3,4\n", "a,b\n1,2\n");
    assert_string_equal(s, "第 3 行：重算结果中没有这一行（重算结果只有 2 行）");
    mem_free(s);
    /* a column more in OUT */
    s = where("v.csv", "a,b\n1,2,3\n", "a,b\n1,2\n");
    assert_string_equal(s, "第 2 行第 3 列：OUT 中为“3”，重算没有这一列");
    mem_free(s);
    s = where("w.csv", "a\n1\n", "a\n1\n");
    assert_string_equal(s, "两者相同");
    mem_free(s);
}

static void test_bytes(void **state)
{
    (void)state;
    /* "abcdef" against "abXdef": the third byte */
    char *s = where("x.svg", "abcdef", "abXdef");
    assert_string_equal(s, "第 3 字节起不同（OUT 6 字节，重算 6 字节）");
    mem_free(s);
}

static void test_json(void **state)
{
    (void)state;
    static const char ours[] = "{\"libraries\": {\"gsl\": \"2.7.2\"}, \"options\": {\"lenient\": true},"
                               " \"inputs\": [{\"path\": \"in/units.csv\", \"rows\": 379}], \"extra\": 1}";
    static const char theirs[] = "{\"libraries\": {\"gsl\": \"2.7.1\"}, \"options\": {\"lenient\": false},"
                                 " \"inputs\": [{\"path\": \"in/units.csv\", \"rows\": 378}], \"more\": null}";
    json_value *a = NULL, *b = NULL;
    buf err = BUF_INIT, out = BUF_INIT;
    assert_int_equal(json_parse(ours, strlen(ours), &a, &err), TZ_OK);
    assert_int_equal(json_parse(theirs, strlen(theirs), &b, &err), TZ_OK);
    size_t n = 0;
    assert_int_equal(outdiff_json(a, b, NULL, NULL, &out, &n), TZ_OK);
    assert_int_equal(n, 5);
    assert_string_equal(out.data,
                        "不一致 libraries.gsl：OUT 中为“2.7.2”，重算为“2.7.1”\n"
                        "不一致 options.lenient：OUT 中为 true，重算为 false\n"
                        "不一致 inputs[in/units.csv].rows：OUT 中为 379，重算为 378\n"
                        "多出 extra：只在 OUT 的清单中，为 1\n"
                        "缺少 more：OUT 的清单中没有，重算为 null\n");
    json_free(a);
    json_free(b);
    buf_release(&err);
    buf_release(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_bytes),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
