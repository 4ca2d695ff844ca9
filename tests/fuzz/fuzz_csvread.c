/* tests/fuzz/fuzz_csvread.c — the CSV record reader (input/csvread.h) on any bytes.
   Properties: every record and every broken record is reported at a physical line
   that exists (lines end with LF, CRLF or a lone CR), in file order; no field holds a NUL or is longer than the cap;
   no record has more fields than the cap; the reader always finishes with TZ_OK. */
#include "tests/fuzz/fuzz.h"
#include "input/csvread.h"

#include <string.h>

typedef struct seen {
    uint32_t lines;        /* physical lines in the input */
    uint32_t last;         /* line of the previous record or error, 0 before the first */
    size_t records, errors;
} seen;

static void at_line(seen *s, uint32_t line)
{
    FUZZ_CHECK(line >= 1 && line <= s->lines);
    FUZZ_CHECK(line >= s->last);
    s->last = line;
}

static tz_status on_record(void *ctx, uint32_t line, const csvread_field *f, size_t n)
{
    seen *s = ctx;
    at_line(s, line);
    FUZZ_CHECK(n >= 1 && n <= CSVREAD_FIELDS_MAX);
    for (size_t i = 0; i < n; i++) {
        FUZZ_CHECK(f[i].n <= CSVREAD_FIELD_MAX);
        FUZZ_CHECK(f[i].n == 0 || memchr(f[i].s, 0, f[i].n) == NULL);
    }
    s->records++;
    return TZ_OK;
}

static tz_status on_error(void *ctx, uint32_t line, csvread_error e)
{
    seen *s = ctx;
    at_line(s, line);
    FUZZ_CHECK(e >= CSVREAD_SYNTAX && e <= CSVREAD_NUL);
    s->errors++;
    return TZ_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    seen s = {1, 0, 0, 0};
    for (size_t i = 0; i < size; i++)
        s.lines += data[i] == '\n' || (data[i] == '\r' && (i + 1 == size || data[i + 1] != '\n'));
    tz_status st = csvread_parse((const char *)data, size, on_record, on_error, &s);
    FUZZ_CHECK(st == TZ_OK);
    return 0;
}
