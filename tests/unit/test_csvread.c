/* tests/unit/test_csvread.c — input/csvread: records and the physical line where each
   starts (quoted line breaks, empty lines, CRLF), broken records reported and skipped. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/buf.h"
#include "input/csvread.h"

/* Each record as "LINE:f1|f2|...\n", each error as "LINE!KIND\n". */
static tz_status on_record(void *ctx, uint32_t line, const csvread_field *f, size_t n)
{
    buf *b = ctx;
    buf_printf(b, "%u:", line);
    for (size_t i = 0; i < n; i++) {
        if (i)
            buf_putc(b, '|');
        buf_append(b, f[i].s, f[i].n);
    }
    buf_putc(b, '\n');
    return TZ_OK;
}

static tz_status on_error(void *ctx, uint32_t line, csvread_error e)
{
    buf *b = ctx;
    buf_printf(b, "%u!%d\n", line, (int)e);
    return TZ_OK;
}

static void parse(const char *s, size_t n, const char *want)
{
    buf b = BUF_INIT;
    buf_puts(&b, "");
    assert_int_equal(csvread_parse(s, n, on_record, on_error, &b), TZ_OK);
    assert_string_equal(b.data, want);
    buf_release(&b);
}

#define P(lit, want) parse((lit), sizeof(lit) - 1, (want))

static void test_lines(void **state)
{
    (void)state;
    /* CRLF, an empty CRLF line, a quoted field with a line break, a row of commas,
       an empty LF line, doubled quotes, no final newline */
    P("a,b\r\n\r\n\"x\ny\",z\r\n,,\n\nlast,\"q\"\"q\"",
      "1:a|b\n3:x\ny|z\n5:||\n7:last|q\"q\n");
    P("\"a,b\",c\n", "1:a,b|c\n");
    P("\"1\n2\n3\",x\nnext\n", "1:1\n2\n3|x\n4:next\n");
    P("\n\n\na\n", "4:a\n");
    P("a\r\nb\r\n", "1:a\n2:b\n");
    P("", "");
}

static void test_broken(void **state)
{
    (void)state;
    /* a stray quote in an unquoted field: that record is lost, the next ones read */
    P("a,b\nc\"d,e\nf,g\n", "1:a|b\n2!0\n3:f|g\n");
    /* text after a closing quote */
    P("\"a\"x,b\nc\n", "1!0\n2:c\n");
    /* a quote never closed: reported at its line; reading resumes on the next line */
    P("a\n\"b,c\nd\n", "1:a\n2!1\n3:d\n");
    /* NUL inside a field: the record is refused */
    parse("a,b\0c\nd\n", 8, "1!4\n2:d\n");
}

static void test_field_cap(void **state)
{
    (void)state;
    size_t n = CSVREAD_FIELD_MAX + 1000;
    buf s = BUF_INIT;
    buf_puts(&s, "ok\n\"");
    for (size_t i = 0; i < n; i++)
        buf_putc(&s, 'x');
    buf_puts(&s, "\nlast\n");
    /* the runaway quote at line 2 hits the cap; reading resumes at line 3 */
    parse(s.data, s.len, "1:ok\n2!2\n3:last\n");
    buf_release(&s);
}

static tz_status stop_at_two(void *ctx, uint32_t line, const csvread_field *f, size_t n)
{
    (void)f; (void)n;
    int *count = ctx;
    (*count)++;
    return line == 2 ? TZ_DATAERR : TZ_OK;
}

static void test_stop(void **state)
{
    (void)state;
    int count = 0;
    assert_int_equal(csvread_parse("a\nb\nc\n", 6, stop_at_two, on_error, &count), TZ_DATAERR);
    assert_int_equal(count, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines), cmocka_unit_test(test_broken),
        cmocka_unit_test(test_field_cap), cmocka_unit_test(test_stop),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
