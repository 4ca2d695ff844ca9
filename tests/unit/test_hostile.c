/* tests/unit/test_hostile.c — regressions for what hostile input found in base/ and
   input/ (tests/fuzz, tests/cases/bad), and the masking of personal data in values and
   messages. Expected values are worked out by hand from the mask rules of
   docs/ledgers.md (ID: first 6 and last 4; phone: first 3 and last 4). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "input/csvread.h"
#include "input/encoding.h"
#include "input/field.h"
#include "input/ledger.h"
#include "input/problem.h"

/* buf.h promises a NUL-terminated buffer whenever data is not NULL: buf_reserve on an
   empty buffer used to hand back uninitialized bytes (an empty phone cell then gave an
   unterminated phone_masked). */
static void test_buf_reserve_terminates(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_int_equal(buf_reserve(&b, 1), 0);
    assert_non_null(b.data);
    assert_int_equal(b.data[0], '\0');
    char *s = buf_steal(&b);
    assert_string_equal(s, "");
    free(s);
}

static void mask_is(int idcard, const char *in, const char *want)
{
    buf b = BUF_INIT;
    assert_int_equal((idcard ? field_mask_idcard : field_mask_phone)(&b, in, strlen(in)), 0);
    assert_string_equal(b.data ? b.data : "", want);   /* nothing appended: NULL */
    buf_release(&b);
}

static void test_masks(void **state)
{
    (void)state;
    mask_is(1, "150702199001011233", "150702********1233");
    mask_is(1, "150702900101123", "150702*****1123");
    mask_is(0, "13812345678", "138****5678");
    mask_is(0, "+8613957246817", "+86*******6817");
    /* a phone number in the ID column: 6 + 4 would show 10 of its 11 digits */
    mask_is(1, "13957246813", "***********");
    /* an 8-digit landline: 3 + 4 would show 7 of 8 */
    mask_is(0, "66557788", "********");
    mask_is(0, "", "");
}

static void scrubbed(const char *value, const char *want)
{
    problem_list pl = {0};
    assert_int_equal(problem_add(&pl, "volunteers.csv", 7, 6, SEV_ERROR, "date.invalid", value,
                                 strlen(value), "加入日期“%s”不是可识别的日期", value), 0);
    assert_string_equal(pl.items[0].value, want);
    char msg[256];
    snprintf(msg, sizeof msg, "加入日期“%s”不是可识别的日期", want);
    assert_string_equal(pl.items[0].message, msg);
    problem_list_release(&pl);
}

/* A phone or ID number that lands in another column (a shifted row, a mistyped cell)
   is echoed by the message about that column: masked there too. */
static void test_problem_masks_personal_data(void **state)
{
    (void)state;
    scrubbed("13957246814", "139****6814");
    scrubbed("150702198807153536", "150702********3536");
    scrubbed("15070219880715353X", "150702********353X");
    scrubbed("150702880715353", "150702*****5353");
    scrubbed("139-5724-6816", "139-****-6816");
    scrubbed("+8613957246817", "+86139****6817");
    scrubbed("电话13957246813转2", "电话139****6813转2");
    /* not personal data: ids, dates, long numbers without a birth date */
    scrubbed("20250305001", "20250305001");
    scrubbed("2025-03-05", "2025-03-05");
    scrubbed("123456789012345678", "123456789012345678");
    scrubbed("1395724681300", "1395724681300");
    /* the line number before it does not hide a phone number */
    problem_list pl = {0};
    assert_int_equal(problem_add(&pl, "x.csv", 3, 1, SEV_ERROR, "row.extra_fields", "", 0,
                                 "第 %d 行 %s", 3, "13957246813"), 0);
    assert_string_equal(pl.items[0].message, "第 3 行 139****6813");
    problem_list_release(&pl);
}

typedef struct lines_seen {
    uint32_t line[8];
    size_t n;
} lines_seen;

static tz_status on_record(void *ctx, uint32_t line, const csvread_field *f, size_t nf)
{
    (void)f;
    (void)nf;
    lines_seen *s = ctx;
    if (s->n < 8)
        s->line[s->n++] = line;
    return TZ_OK;
}

static tz_status on_error(void *ctx, uint32_t line, csvread_error e)
{
    (void)ctx;
    (void)line;
    (void)e;
    return TZ_OK;
}

/* Old Mac exports end lines with CR alone: each is a line of its own (they were all
   "line 1"). CRLF is still one line end, and a CR inside quotes still a line. */
static void test_csvread_lone_cr(void **state)
{
    (void)state;
    static const char text[] = "a,b\rc,d\r\ne,f\n\"g\rh\",i\rj,k";
    lines_seen s = {{0}, 0};
    assert_int_equal(csvread_parse(text, sizeof text - 1, on_record, on_error, &s), TZ_OK);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.line[0], 1);
    assert_int_equal(s.line[1], 2);
    assert_int_equal(s.line[2], 3);
    assert_int_equal(s.line[3], 4);   /* "g\rh" spans lines 4 and 5 */
    assert_int_equal(s.line[4], 6);
}

/* UTF-16LE without a mark, starting with a Chinese header (no NUL in its first bytes). */
static void test_utf16_without_bom(void **state)
{
    (void)state;
    /* 志愿者编号,姓名\r\n in UTF-16LE: 志 = U+5FD7, 愿 = U+613F, 者 = U+8005,
       编 = U+7F16, 号 = U+53F7, 姓 = U+59D3, 名 = U+540D */
    static const unsigned char t[] = {0xD7, 0x5F, 0x3F, 0x61, 0x05, 0x80, 0x16, 0x7F, 0xF7,
                                      0x53, ',', 0, 0xD3, 0x59, 0x0D, 0x54, '\r', 0, '\n', 0,
                                      'V', 0, '1', 0, ',', 0, 0x20, 0x5F, '\r', 0, '\n', 0};
    buf conv = BUF_INIT;
    const char *text;
    size_t len, bad;
    encoding_kind kind;
    assert_int_equal(encoding_decode((const char *)t, sizeof t, NULL, &conv, &text, &len, &kind,
                                     &bad), ENCODING_UTF16);
    buf_release(&conv);
    /* one stray NUL in a UTF-8 file is not UTF-16 (the CSV reader reports it) */
    static const char one_nul[] = "单位编码,单位名称\nU01,a\0b\n";
    assert_int_equal(encoding_decode(one_nul, sizeof one_nul - 1, NULL, &conv, &text, &len, &kind,
                                     &bad), ENCODING_OK);
    buf_release(&conv);
}

static void write_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, strlen(text), f), strlen(text));
    assert_int_equal(fclose(f), 0);
}

/* The ledger keeps phone and ID only masked; an empty cell gives "". */
static void test_ledger_masked_fields(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-test-hostile-XXXXXX";
    assert_non_null(mkdtemp(dir));
    write_file(dir, "units.csv", "单位编码,单位名称,党员人数\nU01,一支部,5\n");
    write_file(dir, "teams.csv", "服务队编码,服务队名称,所属单位编码,队伍类型\nT01,一队,U01,党员志愿服务队\n");
    write_file(dir, "volunteers.csv",
               "志愿者编号,姓名,所在单位编码,政治面貌,联系电话,身份证号\n"
               "V001,张三,U01,中共党员,13812345678,150702199001011233\n"
               "V002,李四,U01,群众,,\n");
    write_file(dir, "activities.csv",
               "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,受益人数\n"
               "A01,2025-03-05,清理,独立开展,U01,环境整治,社区,10\n");
    write_file(dir, "participation.csv",
               "活动编号,志愿者编号,服务时长（小时）\nA01,V001,2\nA01,V002,1.5\n");
    ledger_options opt = {2025, NULL, 0, 1};
    ledger *l = NULL;
    assert_int_equal(ledger_load(dir, &opt, &l), TZ_OK);
    assert_int_equal(l->n_volunteers, 2);
    assert_string_equal(l->volunteers[0].phone_masked, "138****5678");
    assert_string_equal(l->volunteers[0].id_number_masked, "150702********1233");
    assert_string_equal(l->volunteers[1].phone_masked, "");
    assert_string_equal(l->volunteers[1].id_number_masked, "");
    ledger_free(l);
    const char *names[] = {"units.csv", "teams.csv", "volunteers.csv", "activities.csv",
                           "participation.csv"};
    for (size_t i = 0; i < 5; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buf_reserve_terminates),
        cmocka_unit_test(test_masks),
        cmocka_unit_test(test_problem_masks_personal_data),
        cmocka_unit_test(test_csvread_lone_cr),
        cmocka_unit_test(test_utf16_without_bom),
        cmocka_unit_test(test_ledger_masked_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
