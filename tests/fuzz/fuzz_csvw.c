/* tests/fuzz/fuzz_csvw.c — the CSV cell writer (output/csvw.h) against an independent
   reader: libcsv, strict, with no trimming (as a spreadsheet reads). The input is cut
   into rows of text cells (a byte 0xFF ends a row; otherwise a length byte, mod 64,
   then that many bytes). Every row is written as its number and then its cells; read
   back, each cell must equal what was written (or, for a guarded cell, ' followed by
   it), and no cell may begin with = + - @ tab or CR. */
#include "tests/fuzz/fuzz.h"
#include "output/csvw.h"

#include <csv.h>
#include <string.h>

typedef struct cellref {
    const char *s;
    size_t n;
    size_t row;
} cellref;

typedef struct readback {
    const cellref *cells;
    size_t n_cells, next;       /* next text cell expected */
    size_t row, col;            /* row being read; column within it */
    size_t rows;
} readback;

static int starts_formula(const char *s, size_t n)
{
    return n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
                     s[0] == '\r');
}

static void on_field(void *p, size_t n, void *data)
{
    readback *r = data;
    const char *s = p ? p : "";
    FUZZ_CHECK(!starts_formula(s, n));
    if (r->col++ == 0) {
        char want[32];
        int wn = snprintf(want, sizeof want, "%zu", r->row);
        FUZZ_CHECK((size_t)wn == n && memcmp(s, want, n) == 0);
        return;
    }
    FUZZ_CHECK(r->next < r->n_cells);
    const cellref *c = &r->cells[r->next++];
    FUZZ_CHECK(c->row == r->row);
    if (csvw_needs_guard(c->s, c->n)) {
        FUZZ_CHECK(n == c->n + 1 && s[0] == '\'' && memcmp(s + 1, c->s, c->n) == 0);
    } else {
        FUZZ_CHECK(n == c->n && (n == 0 || memcmp(s, c->s, n) == 0));
    }
}

static void on_row(int c, void *data)
{
    readback *r = data;
    FUZZ_CHECK(c == '\r' || c == '\n');
    /* every cell of this row was read */
    FUZZ_CHECK(r->next == r->n_cells || r->cells[r->next].row != r->row);
    r->row++;
    r->col = 0;
    r->rows++;
}

static int no_space(unsigned char c)
{
    (void)c;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cellref *cells = malloc((size + 1) * sizeof *cells);
    FUZZ_CHECK(cells != NULL);
    size_t n_cells = 0, rows = 0;
    csvw w;
    int bom = size > 0 && (data[0] & 1);
    FUZZ_CHECK(csvw_begin(&w, bom) == 0);
    FUZZ_CHECK(csvw_int(&w, 0) == 0);
    size_t i = size > 0 ? 1 : 0;
    while (i < size) {
        uint8_t b = data[i++];
        if (b == 0xFF) {
            FUZZ_CHECK(csvw_end_row(&w) == 0);
            rows++;
            FUZZ_CHECK(csvw_int(&w, (int64_t)rows) == 0);
            continue;
        }
        size_t n = b % 64;
        if (n > size - i)
            n = size - i;
        cells[n_cells].s = (const char *)data + i;
        cells[n_cells].n = n;
        cells[n_cells].row = rows;
        FUZZ_CHECK(csvw_text(&w, cells[n_cells].s, n) == 0);
        n_cells++;
        i += n;
    }
    FUZZ_CHECK(csvw_end_row(&w) == 0);
    rows++;
    FUZZ_CHECK(!w.failed);

    const char *out = w.out.data;
    size_t len = w.out.len;
    if (bom) {
        FUZZ_CHECK(len >= 3 && memcmp(out, "\xEF\xBB\xBF", 3) == 0);
        out += 3;
        len -= 3;
    }
    /* every row ends with CRLF */
    FUZZ_CHECK(len >= 2 && out[len - 2] == '\r' && out[len - 1] == '\n');

    struct csv_parser p;
    FUZZ_CHECK(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) == 0);
    csv_set_space_func(&p, no_space);
    readback r = {cells, n_cells, 0, 0, 0, 0};
    FUZZ_CHECK(csv_parse(&p, out, len, on_field, on_row, &r) == len);
    FUZZ_CHECK(csv_fini(&p, on_field, on_row, &r) == 0);
    csv_free(&p);
    FUZZ_CHECK(r.next == n_cells && r.rows == rows);
    csvw_release(&w);
    free(cells);
    return 0;
}
