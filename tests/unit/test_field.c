/* tests/unit/test_field.c — input/field: every accepted and rejected cell form of
   docs/ledgers.md. Expected values worked out by hand (dates with Python's datetime:
   2025-03-05 is day 20152 after 1970-01-01; Excel serial 45721 is 2025-03-05). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "input/field.h"

#define S(lit) (lit), (sizeof(lit) - 1)

static int64_t dec_ok(const char *s, size_t n, int places)
{
    int64_t v = -999;
    field_issue iss = {0};
    assert_int_equal(field_decimal(s, n, places, &v, &iss), 0);
    return v;
}

static const char *dec_bad(const char *s, size_t n, int places)
{
    int64_t v;
    field_issue iss = {0};
    assert_int_equal(field_decimal(s, n, places, &v, &iss), -1);
    assert_non_null(iss.reason);
    assert_non_null(iss.hint);
    return iss.code;
}

static void test_trim(void **state)
{
    (void)state;
    const char *s = "\xE3\x80\x80 abc\xC2\xA0\xE2\x80\x8B\t";
    size_t n = strlen(s);
    field_trim(&s, &n);
    assert_int_equal(n, 3);
    assert_memory_equal(s, "abc", 3);
    /* inner spaces stay */
    s = "  a b  ";
    n = strlen(s);
    field_trim(&s, &n);
    assert_int_equal(n, 3);
    s = "\xE3\x80\x80";
    n = 3;
    field_trim(&s, &n);
    assert_int_equal(n, 0);
}

/* field_trim against the rule written out plainly (strip, from either end, any of the
   eight white spaces of field.h while one is there), on 200,000 random strings made of
   those spaces, their single bytes, Chinese characters and plain bytes. */
static size_t plain_trim(const char *s, size_t n, size_t *start)
{
    static const char *const ws[] = {" ", "\t", "\r", "\n", "\xC2\xA0", "\xE3\x80\x80",
                                     "\xE2\x80\x8B", "\xEF\xBB\xBF"};
    size_t a = 0, b = n;
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < 8; k++) {
            size_t m = strlen(ws[k]);
            if (b - a >= m && memcmp(s + a, ws[k], m) == 0) {
                a += m;
                again = 1;
            }
        }
    }
    for (int again = 1; again;) {
        again = 0;
        for (size_t k = 0; k < 8; k++) {
            size_t m = strlen(ws[k]);
            if (b - a >= m && memcmp(s + b - m, ws[k], m) == 0) {
                b -= m;
                again = 1;
            }
        }
    }
    *start = a;
    return b - a;
}

static void test_trim_random(void **state)
{
    (void)state;
    static const char *const parts[] = {" ", "\t", "\r", "\n", "\xC2\xA0", "\xE3\x80\x80",
                                        "\xE2\x80\x8B", "\xEF\xBB\xBF", "\xC2", "\xA0", "\xE3",
                                        "\x80", "\xEF\xBB", "\xBF", "\x8B", "中", "a", "7", "," };
    unsigned seed = 99;
    char text[64];
    for (int t = 0; t < 200000; t++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        int pieces = (int)(seed >> 16) % 7;
        for (int p = 0; p < pieces; p++) {
            seed = seed * 1103515245u + 12345u;
            const char *piece = parts[(seed >> 16) % (sizeof parts / sizeof *parts)];
            memcpy(text + n, piece, strlen(piece));
            n += strlen(piece);
        }
        size_t start;
        size_t want = plain_trim(text, n, &start);
        const char *s = text;
        size_t m = n;
        field_trim(&s, &m);
        assert_int_equal(m, want);
        if (want)
            assert_ptr_equal(s, text + start);
    }
}

static void test_integers(void **state)
{
    (void)state;
    assert_int_equal(dec_ok(S("1200"), 0), 1200);
    assert_int_equal(dec_ok(S("1,200"), 0), 1200);
    assert_int_equal(dec_ok(S("1,234,567"), 0), 1234567);
    assert_int_equal(dec_ok(S("1200.0"), 0), 1200);
    assert_int_equal(dec_ok(S("1200.00"), 0), 1200);
    assert_int_equal(dec_ok(S("\xEF\xBC\x91\xEF\xBC\x92\xEF\xBC\x90\xEF\xBC\x90"), 0), 1200); /* １２００ */
    assert_int_equal(dec_ok(S("0"), 0), 0);
    assert_int_equal(dec_ok(S("007"), 0), 7);
    assert_int_equal(dec_ok(S("-3"), 0), -3);
    assert_string_equal(dec_bad(S("300余"), 0), "number.approximate");
    assert_string_equal(dec_bad(S("近2000"), 0), "number.approximate");
    assert_string_equal(dec_bad(S("约50"), 0), "number.approximate");
    assert_string_equal(dec_bad(S("200多"), 0), "number.approximate");
    assert_string_equal(dec_bad(S("#N/A"), 0), "cell.excel_error");
    assert_string_equal(dec_bad(S("#DIV/0!"), 0), "cell.excel_error");
    assert_string_equal(dec_bad(S("#REF!"), 0), "cell.excel_error");
    assert_string_equal(dec_bad(S("85%"), 0), "number.percent");
    assert_string_equal(dec_bad(S("85％"), 0), "number.percent");
    assert_string_equal(dec_bad(S("¥1,000"), 0), "number.currency");
    assert_string_equal(dec_bad(S("￥1000"), 0), "number.currency");
    assert_string_equal(dec_bad(S("1000元"), 0), "number.currency");
    assert_string_equal(dec_bad(S("1.2E+03"), 0), "number.scientific");
    assert_string_equal(dec_bad(S("12.5"), 0), "number.too_many_places");
    assert_string_equal(dec_bad(S("12,00"), 0), "number.invalid");
    assert_string_equal(dec_bad(S("1,2000"), 0), "number.invalid");
    assert_string_equal(dec_bad(S("abc"), 0), "number.invalid");
    assert_string_equal(dec_bad(S("12 3"), 0), "number.invalid");
    assert_string_equal(dec_bad(S("1."), 0), "number.invalid");
    assert_string_equal(dec_bad(S("99999999999999999999"), 0), "number.too_large");
}

static void test_decimals(void **state)
{
    (void)state;
    assert_int_equal(dec_ok(S("1000.5"), 2), 100050);
    assert_int_equal(dec_ok(S("1,000.05"), 2), 100005);
    assert_int_equal(dec_ok(S("1.10"), 2), 110);
    assert_int_equal(dec_ok(S("1.100"), 2), 110);
    assert_int_equal(dec_ok(S("3"), 4), 30000);
    assert_int_equal(dec_ok(S("0.0001"), 4), 1);
    assert_string_equal(dec_bad(S("0.125"), 2), "number.too_many_places");
    /* near the int64 limit: 922337203685477 × 10^4 fits, one more digit does not */
    assert_int_equal(dec_ok(S("922337203685477"), 4), 9223372036854770000);
    assert_string_equal(dec_bad(S("999999999999999"), 4), "number.too_large");
    assert_int_equal(dec_ok(S("999999999999"), 6), 999999999999000000);
}

static void hours_bad(const char *s, size_t n, const char *code)
{
    uint16_t t;
    field_issue iss = {0};
    assert_int_equal(field_hours(s, n, &t, &iss), -1);
    assert_string_equal(iss.code, code);
}

static void test_hours(void **state)
{
    (void)state;
    uint16_t t = 0;
    field_issue iss;
    assert_int_equal(field_hours(S("2.5"), &t, &iss), 0);   assert_int_equal(t, 25);
    assert_int_equal(field_hours(S("24"), &t, &iss), 0);    assert_int_equal(t, 240);
    assert_int_equal(field_hours(S("0.1"), &t, &iss), 0);   assert_int_equal(t, 1);
    assert_int_equal(field_hours(S("2.50"), &t, &iss), 0);  assert_int_equal(t, 25);
    assert_int_equal(field_hours(S("\xEF\xBC\x93"), &t, &iss), 0); assert_int_equal(t, 30); /* ３ */
    hours_bad(S("24.1"), "hours.out_of_range");
    hours_bad(S("0"), "hours.out_of_range");
    hours_bad(S("-1"), "hours.out_of_range");
    hours_bad(S("2:30"), "hours.format");
    hours_bad(S("2：30"), "hours.format");
    hours_bad(S("2小时30分"), "hours.format");
    hours_bad(S("150分钟"), "hours.format");
    hours_bad(S("3h"), "hours.format");
    hours_bad(S("2.55"), "number.too_many_places");
    hours_bad(S("约3"), "number.approximate");
}

static void date_ok(const char *s, size_t n, int32_t want)
{
    int32_t d = 0;
    field_issue iss;
    assert_int_equal(field_date(s, n, &d, &iss), 0);
    assert_int_equal(d, want);
}

static void date_bad(const char *s, size_t n)
{
    int32_t d;
    field_issue iss = {0};
    assert_int_equal(field_date(s, n, &d, &iss), -1);
    assert_non_null(iss.code);
}

static void test_dates(void **state)
{
    (void)state;
    date_ok(S("2025-03-05"), 20152);
    date_ok(S("2025/3/5"), 20152);
    date_ok(S("2025.3.5"), 20152);
    date_ok(S("2025年3月5日"), 20152);
    date_ok(S("20250305"), 20152);
    date_ok(S("２０２５-０３-０５"), 20152);
    date_ok(S("2024/2/29"), 19782);
    date_ok(S("1970-01-01"), 0);
    int32_t d = 0;
    field_issue iss = {0};
    assert_int_equal(field_date(S("45721"), &d, &iss), 1);
    assert_int_equal(d, 20152);
    assert_string_equal(iss.code, "date.excel_serial");
    date_bad(S("2025/2/30"));
    date_bad(S("2025/2/29"));
    date_bad(S("2025-13-01"));
    date_bad(S("2025-3/5"));
    date_bad(S("3/5/2025"));
    date_bad(S("2025/3/5 0:00"));
    date_bad(S("2025年3月5"));
    date_bad(S("20250230"));
    date_bad(S("三月五日"));
    date_bad(S("#N/A"));
    date_bad(S("2025"));
    int y, m, dd;
    field_civil_from_days(20152, &y, &m, &dd);
    assert_int_equal(y, 2025); assert_int_equal(m, 3); assert_int_equal(dd, 5);
    field_civil_from_days(-1, &y, &m, &dd);
    assert_int_equal(y, 1969); assert_int_equal(m, 12); assert_int_equal(dd, 31);
}

static void test_ids(void **state)
{
    (void)state;
    field_issue iss = {0};
    assert_int_equal(field_id(S("U001"), &iss), 0);
    assert_int_equal(field_id(S("007"), &iss), 0);
    assert_int_equal(field_id(S("150702199001011233"), &iss), 0);
    assert_int_equal(field_id(S("1.23E+17"), &iss), -1);
    assert_string_equal(iss.code, "id.scientific");
    assert_int_equal(field_id(S("1.10105E+17"), &iss), -1);
    assert_int_equal(field_id(S("5e3"), &iss), -1);
    assert_int_equal(field_id(S("#N/A"), &iss), -1);
    assert_string_equal(iss.code, "cell.excel_error");
    assert_int_equal(field_id(S("E17"), &iss), 0);      /* not a number: an id like any */
    assert_int_equal(field_id(S("2E"), &iss), 0);
}

static void test_enum(void **state)
{
    (void)state;
    static const char *const names[] = {"独立开展", "组团服务", "工委统一组织"};
    assert_int_equal(field_enum(S("组团服务"), names, 3), 1);
    assert_int_equal(field_enum(S("组团"), names, 3), -1);
}

static void test_idcard(void **state)
{
    (void)state;
    /* 11010519491231002X: the standard's example. Check digit of 15070219900101123:
       sum of digits × weights mod 11 = 9 → '3' (worked out by hand / Python). */
    assert_int_equal(field_idcard_check(S("11010519491231002X")), 0);
    assert_int_equal(field_idcard_check(S("11010519491231002x")), 0);
    assert_int_equal(field_idcard_check(S("110105194912310021")), 1);
    assert_int_equal(field_idcard_check(S("150702199001011233")), 0);
    assert_int_equal(field_idcard_check(S("150702199001011234")), 1);
    assert_int_equal(field_idcard_check(S("150702900101123")), 0);   /* old 15 digits */
    assert_int_equal(field_idcard_check(S("1101051949")), 2);
    assert_int_equal(field_idcard_check(S("1.50702E+17")), 2);
}

static void test_masks(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_int_equal(field_mask_idcard(&b, S("150702199001011234")), 0);
    assert_string_equal(b.data, "150702********1234");
    buf_clear(&b);
    assert_int_equal(field_mask_phone(&b, S("13812345678")), 0);
    assert_string_equal(b.data, "138****5678");
    buf_clear(&b);
    assert_int_equal(field_mask_phone(&b, S("123")), 0);
    assert_string_equal(b.data, "***");
    buf_clear(&b);
    assert_int_equal(field_mask_idcard(&b, S("身份证")), 0);
    assert_string_equal(b.data, "****");
    buf_release(&b);
}

/* field_hours_quick against field_hours on every string of up to 5 characters over
   "0123456789. x-": where quick takes a string, both agree on the tenths; quick takes
   every plain form it promises (digits, at most one decimal, in range, ≤ 3 digits). */
static void test_hours_quick(void **state)
{
    (void)state;
    static const char alpha[] = "0123456789. x-";
    const size_t na = sizeof alpha - 1;
    char s[8];
    size_t taken = 0;
    for (size_t len = 1; len <= 5; len++) {
        size_t total = 1;
        for (size_t k = 0; k < len; k++)
            total *= na;
        for (size_t code = 0; code < total; code++) {
            size_t c = code;
            for (size_t k = 0; k < len; k++, c /= na)
                s[k] = alpha[c % na];
            uint16_t q = 0, h = 0;
            field_issue iss;
            int accepted = field_hours_quick(s, len, &q);
            int ok = field_hours(s, len, &h, &iss) == 0;
            if (accepted) {
                taken++;
                assert_true(ok);
                assert_int_equal(q, h);
            }
            /* the promised forms: D, DD, DDD, D.D, DD.D, DDD.D with value in (0, 24] */
            size_t digits = 0;
            while (digits < len && s[digits] >= '0' && s[digits] <= '9')
                digits++;
            int plain = digits >= 1 && digits <= 3 &&
                        (digits == len || (digits + 2 == len && s[digits] == '.' &&
                                           s[digits + 1] >= '0' && s[digits + 1] <= '9'));
            if (plain && ok)
                assert_true(accepted);
        }
    }
    assert_int_equal(taken, 636);   /* counted separately: 1-3 digits, optional .d, in (0, 24] */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trim),     cmocka_unit_test(test_trim_random),
        cmocka_unit_test(test_integers),
        cmocka_unit_test(test_decimals), cmocka_unit_test(test_hours),
        cmocka_unit_test(test_dates),    cmocka_unit_test(test_ids),
        cmocka_unit_test(test_enum),     cmocka_unit_test(test_idcard),
        cmocka_unit_test(test_masks),    cmocka_unit_test(test_hours_quick),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
