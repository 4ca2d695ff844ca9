/* tests/unit/test_json.c — output/json: exact writer bytes, strict reader, bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "output/json.h"

static void test_writer_layout(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    json_writer w;
    json_writer_init(&w, &b);
    json_object_begin(&w);
    json_key(&w, "a"); json_int(&w, -12);
    json_key(&w, "list"); json_array_begin(&w);
    json_cstring(&w, "x"); json_bool(&w, 1); json_null(&w);
    json_array_end(&w);
    json_key(&w, "empty"); json_object_begin(&w); json_object_end(&w);
    json_key(&w, "none"); json_array_begin(&w); json_array_end(&w);
    json_object_end(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(b.data,
        "{\n"
        "  \"a\": -12,\n"
        "  \"list\": [\n"
        "    \"x\",\n"
        "    true,\n"
        "    null\n"
        "  ],\n"
        "  \"empty\": {},\n"
        "  \"none\": []\n"
        "}\n");
    buf_release(&b);
}

static void test_writer_escapes(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    json_writer w;
    json_writer_init(&w, &b);
    /* quote, backslash, newline, tab, U+0001, a Chinese character, a lone 0xFF byte, NUL */
    static const char s[] = "a\"b\\c\n\t\x01\xE7\x94\xB2\xFF" "d\0e";
    json_string(&w, s, sizeof s - 1);
    assert_int_equal(json_writer_finish(&w), 0);
    assert_string_equal(b.data, "\"a\\\"b\\\\c\\n\\t\\u0001\xE7\x94\xB2\xEF\xBF\xBD" "d\\u0000e\"\n");
    buf_release(&b);
}

static void test_writer_misuse(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    json_writer w;
    json_writer_init(&w, &b);
    json_array_begin(&w);
    assert_int_equal(json_writer_finish(&w), -1);          /* still open */
    json_writer_init(&w, &b);
    assert_int_equal(json_key(&w, "k"), -1);               /* a key outside an object */
    json_writer_init(&w, &b);
    for (int i = 0; i < JSON_MAX_DEPTH; i++)
        assert_int_equal(json_array_begin(&w), 0);
    assert_int_equal(json_array_begin(&w), -1);            /* too deep */
    buf_release(&b);
}

static json_value *parse_ok(const char *text)
{
    json_value *v = NULL;
    buf err = BUF_INIT;
    tz_status st = json_parse(text, strlen(text), &v, &err);
    if (st != TZ_OK)
        print_error("unexpected parse failure: %s\n", err.data ? err.data : "");
    assert_int_equal(st, TZ_OK);
    buf_release(&err);
    return v;
}

static void parse_bad(const char *text, size_t len, const char *why)
{
    json_value *v = NULL;
    buf err = BUF_INIT;
    assert_int_equal(json_parse(text, len, &v, &err), TZ_DATAERR);
    assert_null(v);
    assert_non_null(err.data);
    assert_non_null(strstr(err.data, why));
    buf_release(&err);
}

static void test_reader_values(void **state)
{
    (void)state;
    json_value *v = parse_ok(" {\"s\": \"\\u7532\\ud83d\\ude00\\/\\n\", \"n\": -9223372036854775808,"
                             " \"m\": 9223372036854775807, \"t\": true, \"f\": false, \"z\": null,"
                             " \"a\": [1, [], {}], \"e\": \"\"} ");
    assert_int_equal(v->type, JSON_OBJECT);
    assert_int_equal(v->n_items, 8);
    /* U+7532 甲 = E7 94 B2, U+1F600 = F0 9F 98 80 */
    assert_string_equal(json_get_string(v, "s"), "\xE7\x94\xB2\xF0\x9F\x98\x80/\n");
    int64_t n;
    assert_int_equal(json_get_int(v, "n", &n), 0);
    assert_true(n == INT64_MIN);
    assert_int_equal(json_get_int(v, "m", &n), 0);
    assert_true(n == INT64_MAX);
    assert_int_equal(json_get(v, "t")->number, 1);
    assert_int_equal(json_get(v, "f")->type, JSON_BOOL);
    assert_int_equal(json_get(v, "z")->type, JSON_NULL);
    const json_value *a = json_get(v, "a");
    assert_int_equal(a->n_items, 3);
    assert_int_equal(a->items[0].number, 1);
    assert_int_equal(a->items[1].type, JSON_ARRAY);
    assert_int_equal(a->items[2].type, JSON_OBJECT);
    assert_string_equal(json_get_string(v, "e"), "");
    assert_null(json_get(v, "missing"));
    assert_int_equal(json_get_int(v, "s", &n), -1);
    json_free(v);
}

static void test_reader_refuses(void **state)
{
    (void)state;
    parse_bad("{\"a\":1,\"a\":2}", 13, "duplicate key");
    parse_bad("{} x", 4, "after the end");
    parse_bad("1.5", 3, "whole numbers");
    parse_bad("1e3", 3, "whole numbers");
    parse_bad("012", 3, "leading zero");
    parse_bad("9223372036854775808", 19, "out of range");
    parse_bad("-9223372036854775809", 20, "out of range");
    parse_bad("\"\\ud800\"", 8, "surrogate");
    parse_bad("\"\\udc00\"", 8, "surrogate");
    parse_bad("\"\\x\"", 4, "unknown escape");
    parse_bad("\"a\nb\"", 5, "control character");
    parse_bad("\"\xC0\xAF\"", 4, "UTF-8");           /* overlong '/' */
    parse_bad("\"\xED\xA0\x80\"", 5, "UTF-8");       /* encoded surrogate */
    parse_bad("[1,]", 4, "unexpected");
    parse_bad("{\"a\" 1}", 7, "':'");
    parse_bad("[1 2]", 5, "',' or ']'");
    parse_bad("\"abc", 4, "unterminated");
    parse_bad("", 0, "end of text");
    parse_bad("nul", 3, "unexpected");
    parse_bad("{\"a\\u0000b\":1}", 14, "NUL in key");
    /* nesting: JSON_MAX_DEPTH levels parse, one more does not */
    char deep[2 * JSON_MAX_DEPTH + 3];
    memset(deep, '[', JSON_MAX_DEPTH);
    memset(deep + JSON_MAX_DEPTH, ']', JSON_MAX_DEPTH);
    json_value *v = NULL;
    assert_int_equal(json_parse(deep, 2 * JSON_MAX_DEPTH, &v, NULL), TZ_OK);
    json_free(v);
    memset(deep, '[', JSON_MAX_DEPTH + 1);
    memset(deep + JSON_MAX_DEPTH + 1, ']', JSON_MAX_DEPTH + 1);
    parse_bad(deep, 2 * JSON_MAX_DEPTH + 2, "nested too deeply");
}

/* Every string the writer writes reads back as the same bytes (valid UTF-8 input). */
static void test_round_trip(void **state)
{
    (void)state;
    static const char *const strings[] = {
        "", "plain", "\"quoted\"", "back\\slash", "\x1f\x7f", "line\r\nbreak",
        "台账 2025/单位", "\xF0\x9F\x98\x80", "tab\there",
    };
    size_t n = sizeof strings / sizeof strings[0];
    buf b = BUF_INIT;
    json_writer w;
    json_writer_init(&w, &b);
    json_array_begin(&w);
    for (size_t i = 0; i < n; i++)
        json_cstring(&w, strings[i]);
    json_array_end(&w);
    assert_int_equal(json_writer_finish(&w), 0);
    json_value *v = parse_ok(b.data);
    assert_int_equal(v->n_items, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(v->items[i].string, strings[i]);
    json_free(v);
    buf_release(&b);
}

/* Out of memory at every allocation of a parse: TZ_NOMEM, never a crash (leaks show under
   the sanitizer run). */
static void test_reader_nomem(void **state)
{
    (void)state;
    const char *text = "{\"a\": [\"x\", {\"b\": \"yy\"}], \"c\": \"zz\"}";
    int saw_nomem = 0;
    for (long nth = 1; nth < 40; nth++) {
        json_value *v = NULL;
        mem_fail_after(nth);
        tz_status st = json_parse(text, strlen(text), &v, NULL);
        mem_fail_after(0);
        if (st == TZ_OK) {
            json_free(v);
            break;
        }
        assert_int_equal(st, TZ_NOMEM);
        assert_null(v);
        saw_nomem = 1;
    }
    assert_true(saw_nomem);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_writer_layout),
        cmocka_unit_test(test_writer_escapes),
        cmocka_unit_test(test_writer_misuse),
        cmocka_unit_test(test_reader_values),
        cmocka_unit_test(test_reader_refuses),
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_reader_nomem),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
