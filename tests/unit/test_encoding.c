/* tests/unit/test_encoding.c — input/encoding: BOM, strict UTF-8, GB18030 fallback,
   UTF-16 refusal, forcing. GB18030 bytes of 单位 (B5 A5 CE BB) from `iconv -t GB18030`. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "input/encoding.h"

#define S(lit) (lit), (sizeof(lit) - 1)

typedef struct decoded {
    encoding_result r;
    encoding_kind kind;
    const char *text;
    size_t len, bad;
    buf conv;
} decoded;

static decoded decode(const char *s, size_t n, const encoding_kind *forced)
{
    decoded d;
    memset(&d, 0, sizeof d);
    d.r = encoding_decode(s, n, forced, &d.conv, &d.text, &d.len, &d.kind, &d.bad);
    return d;
}

static void test_utf8(void **state)
{
    (void)state;
    static const char plain[] = "单位编码,单位名称\r\nU01,市财政局\r\n";
    decoded d = decode(S(plain), NULL);
    assert_int_equal(d.r, ENCODING_OK);
    assert_int_equal(d.kind, ENCODING_UTF8);
    assert_ptr_equal(d.text, plain);                 /* no copy */
    assert_int_equal(d.len, sizeof plain - 1);
    assert_string_equal(encoding_name(d.kind), "UTF-8");
    buf_release(&d.conv);

    static const char bom[] = "\xEF\xBB\xBF" "a,b\n";
    d = decode(S(bom), NULL);
    assert_int_equal(d.r, ENCODING_OK);
    assert_int_equal(d.kind, ENCODING_UTF8_BOM);
    assert_ptr_equal(d.text, bom + 3);
    assert_int_equal(d.len, 4);
    assert_string_equal(encoding_name(d.kind), "UTF-8-BOM");
    buf_release(&d.conv);

    d = decode("", 0, NULL);
    assert_int_equal(d.r, ENCODING_OK);
    assert_int_equal(d.len, 0);
    buf_release(&d.conv);
}

static void test_gb18030(void **state)
{
    (void)state;
    decoded d = decode(S("\xB5\xA5\xCE\xBB,x\r\n"), NULL);   /* 单位,x */
    assert_int_equal(d.r, ENCODING_OK);
    assert_int_equal(d.kind, ENCODING_GB18030);
    assert_int_equal(d.len, 10);
    assert_memory_equal(d.text, "单位,x\r\n", 10);
    buf_release(&d.conv);

    /* forced GB18030 on bytes that are valid UTF-8 too (pure ASCII) */
    encoding_kind gb = ENCODING_GB18030;
    d = decode(S("a,b\n"), &gb);
    assert_int_equal(d.r, ENCODING_OK);
    assert_int_equal(d.kind, ENCODING_GB18030);
    buf_release(&d.conv);

    /* forced UTF-8 on GBK bytes: refused, pointing at the first bad byte */
    encoding_kind u8 = ENCODING_UTF8;
    d = decode(S("ab\xB5\xA5"), &u8);
    assert_int_equal(d.r, ENCODING_INVALID);
    assert_int_equal(d.bad, 2);
    buf_release(&d.conv);
}

static void test_refused(void **state)
{
    (void)state;
    decoded d = decode(S("\xFF\xFE" "a\0,\0b\0"), NULL);
    assert_int_equal(d.r, ENCODING_UTF16);
    d = decode(S("\xFE\xFF\0a\0,\0b"), NULL);
    assert_int_equal(d.r, ENCODING_UTF16);
    d = decode(S("a\0b\0c\0"), NULL);                          /* UTF-16LE without a mark */
    assert_int_equal(d.r, ENCODING_UTF16);
    /* neither UTF-8 nor GB18030: 0xFF is never valid in either */
    d = decode(S("abc\n\xFF\xFF"), NULL);
    assert_int_equal(d.r, ENCODING_INVALID);
    assert_int_equal(d.bad, 4);
    buf_release(&d.conv);
    /* a BOM promises UTF-8: no fallback to GB18030 */
    d = decode(S("\xEF\xBB\xBFok\xB5\xA5"), NULL);
    assert_int_equal(d.r, ENCODING_INVALID);
    assert_int_equal(d.bad, 5);
    buf_release(&d.conv);
}

static void test_strict_utf8(void **state)
{
    (void)state;
    assert_int_equal(encoding_utf8_valid_prefix(S("abc")), 3);
    assert_int_equal(encoding_utf8_valid_prefix(S("单位")), 6);
    assert_int_equal(encoding_utf8_valid_prefix(S("a\xC0\xAF")), 1);        /* overlong */
    assert_int_equal(encoding_utf8_valid_prefix(S("a\xED\xA0\x80")), 1);    /* surrogate */
    assert_int_equal(encoding_utf8_valid_prefix(S("ab\xE5\x8D")), 2);       /* cut short */
    assert_int_equal(encoding_utf8_valid_prefix(S("\xF4\x90\x80\x80")), 0); /* > U+10FFFF */
    assert_int_equal(encoding_utf8_valid_prefix(S("\xF0\x9F\x98\x80")), 4); /* emoji */
    assert_int_equal(encoding_utf8_valid_prefix(S("0123456789abcdef\x80")), 16);
}

static void test_names(void **state)
{
    (void)state;
    encoding_kind k;
    assert_int_equal(encoding_parse_name("utf-8", &k), 0);  assert_int_equal(k, ENCODING_UTF8);
    assert_int_equal(encoding_parse_name("GBK", &k), 0);    assert_int_equal(k, ENCODING_GB18030);
    assert_int_equal(encoding_parse_name("gb18030", &k), 0);
    assert_int_equal(encoding_parse_name("latin1", &k), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),    cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_strict_utf8),
        cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
