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

/* The well-formed sequences of RFC 3629 (its table, row by row): the length of the
   character at s[0..n), 0 when ill-formed. */
static size_t rfc3629_char(const unsigned char *s, size_t n)
{
    static const struct { unsigned char lo0, hi0, lo1, hi1; size_t len; } rows[] = {
        {0x00, 0x7F, 0, 0, 1},       {0xC2, 0xDF, 0x80, 0xBF, 2}, {0xE0, 0xE0, 0xA0, 0xBF, 3},
        {0xE1, 0xEC, 0x80, 0xBF, 3}, {0xED, 0xED, 0x80, 0x9F, 3}, {0xEE, 0xEF, 0x80, 0xBF, 3},
        {0xF0, 0xF0, 0x90, 0xBF, 4}, {0xF1, 0xF3, 0x80, 0xBF, 4}, {0xF4, 0xF4, 0x80, 0x8F, 4},
    };
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++) {
        if (s[0] < rows[r].lo0 || s[0] > rows[r].hi0)
            continue;
        size_t len = rows[r].len;
        if (len > n)
            return 0;
        if (len > 1 && (s[1] < rows[r].lo1 || s[1] > rows[r].hi1))
            return 0;
        for (size_t k = 2; k < len; k++)
            if (s[k] < 0x80 || s[k] > 0xBF)
                return 0;
        return len;
    }
    return 0;
}

/* The valid prefix against the RFC's table on 20,000 random strings of bytes drawn
   mostly from the edges of its ranges, in runs long enough for the 16- and 8-byte paths. */
static void test_utf8_against_rfc_table(void **state)
{
    (void)state;
    static const unsigned char pick[] = {'a', '0', ',', 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF,
                                         0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xE5, 0xEC, 0xED,
                                         0xEE, 0xEF, 0xF0, 0xF3, 0xF4, 0xF5, 0xFF};
    unsigned char t[96];
    uint64_t x = 88172645463325252ull;
    for (int round = 0; round < 20000; round++) {
        x ^= x << 13, x ^= x >> 7, x ^= x << 17;
        size_t n = (size_t)(x % sizeof t);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            /* half the bytes plain ASCII letters, so that long ASCII runs occur */
            t[i] = (x >> 8) % 2 ? (unsigned char)('a' + (x >> 16) % 26)
                                : pick[(x >> 24) % sizeof pick];
        }
        size_t want = 0, len;
        while (want < n && (len = rfc3629_char(t + want, n - want)) != 0)
            want += len;
        assert_int_equal(encoding_utf8_valid_prefix((const char *)t, n), want);
    }
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

/* A GBK file with one line in UTF-8 (issue 14): the survey names the line, and decoding
   points at the first byte GBK cannot read there, not at the header. GBK 单位 = B5 A5 CE BB;
   UTF-8 第四党 = E7 AC AC E5 9B 9B E5 85 9A (9 bytes: the last pairs with the comma, which
   GBK refuses as a trail byte). */
static void test_mixed(void **state)
{
    (void)state;
    static const char mixed[] = "\xB5\xA5\xCE\xBB,x\r\n"          /* line 1: GBK   */
                                "\xB5\xA5\xCE\xBB,y\r\n"          /* line 2: GBK   */
                                "ascii,only\r\n"                      /* line 3: ASCII */
                                "\xE7\xAC\xAC\xE5\x9B\x9B\xE5\x85\x9A,z\r\n";  /* line 4: UTF-8 */
    encoding_survey sv;
    assert_int_equal(encoding_survey_lines(S(mixed), 1, &sv), 0);
    assert_int_equal(sv.lines_gb18030, 2);
    assert_int_equal(sv.lines_utf8, 1);
    assert_int_equal(sv.lines_neither, 0);
    assert_int_equal(sv.main, ENCODING_GB18030);
    assert_int_equal(sv.n_other, 1);
    assert_int_equal(sv.other[0], 4);
    assert_int_equal(sv.other_kind, ENCODING_UTF8);
    decoded d = decode(S(mixed), NULL);
    assert_int_equal(d.r, ENCODING_INVALID);
    assert_int_equal(d.kind, ENCODING_GB18030);
    /* lines 1-3 are 8 + 8 + 12 bytes; on line 4, E7 AC and AC E5 and 9B 9B and E5 85
       are GBK pairs, then 9A with the comma is not: offset 28 + 8 */
    assert_int_equal(d.bad, 36);
    buf_release(&d.conv);
    /* the other way round: mostly UTF-8, one GBK line */
    static const char mostly[] = "\xE5\x8D\x95\xE4\xBD\x8D,a\n"    /* 单位 in UTF-8 */
                                 "\xE5\x8D\x95\xE4\xBD\x8D,b\n"
                                 "\xB5\xA5\xCE\xBB,c\n";              /* 单位 in GBK   */
    assert_int_equal(encoding_survey_lines(S(mostly), 1, &sv), 0);
    assert_int_equal(sv.main, ENCODING_UTF8);
    assert_int_equal(sv.n_other, 1);
    assert_int_equal(sv.other[0], 3);
    assert_int_equal(sv.other_kind, ENCODING_GB18030);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8),    cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_mixed),
        cmocka_unit_test(test_refused), cmocka_unit_test(test_strict_utf8),
        cmocka_unit_test(test_names),   cmocka_unit_test(test_utf8_against_rfc_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
