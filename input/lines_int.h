/* input/lines_int.h — the physical line of each participation row, kept as runs of rows on
   consecutive lines: a plain export (one record a line) is one run, whatever its size,
   where an array of line numbers took 4 bytes a row. Rows left out (errors), blank
   lines and records over several lines start new runs; at worst a run a row (8 bytes).
   Private to the input stage. May call: base/mem. */
#ifndef TZ_LINES_INT_H
#define TZ_LINES_INT_H
#include <stddef.h>
#include <stdint.h>

/* Run i: rows row[i] .. row[i + 1] - 1 (to the last row for the last run), row r of it
   on line r + delta[i] (mod 2^32). row[] ascending. */
typedef struct lines {
    uint32_t *row, *delta;
    size_t n, cap;
} lines_map;

#define LINES_INIT {NULL, NULL, 0, 0}

/* Starts a run at row with the given delta. Returns 0, -1 when out of memory (nothing
   changed then). */
int lines_add_run(lines_map *m, size_t row, uint32_t delta);

/* Notes that row (the next row, one past every row noted so far) is on line. Returns 0,
   -1 when out of memory (nothing changed then). */
static inline int lines_note(lines_map *m, size_t row, uint32_t line)
{
    uint32_t delta = line - (uint32_t)row;
    if (m->n && m->delta[m->n - 1] == delta)
        return 0;
    return lines_add_run(m, row, delta);
}

/* The line of a row noted. */
uint32_t lines_of(const lines_map *m, size_t row);

/* Notes the rows of from (numbered from 0) as rows offset, offset + 1, ... of m, after
   every row of m. Returns 0, -1 when out of memory (m may then hold some of them: the
   caller fails as a whole). */
int lines_append(lines_map *m, size_t offset, const lines_map *from);

/* Forgets the rows from row n on. */
void lines_truncate(lines_map *m, size_t n);

void lines_release(lines_map *m);

#endif
