/* input/lines.c — the physical lines of participation rows, as runs (see lines.h).
   May call: base/mem. */
#include "input/lines_int.h"
#include "base/mem.h"

int lines_add_run(lines_map *m, size_t row, uint32_t delta)
{
    if (m->n == m->cap) {
        size_t cap = m->cap, cap2 = m->cap;
        if (mem_grow(&m->row, &cap, m->n + 1, sizeof *m->row) != 0 ||
            mem_grow(&m->delta, &cap2, m->n + 1, sizeof *m->delta) != 0)
            return -1;   /* row may have grown: harmless, cap is the smaller */
        m->cap = cap < cap2 ? cap : cap2;
    }
    m->row[m->n] = (uint32_t)row;
    m->delta[m->n] = delta;
    m->n++;
    return 0;
}

uint32_t lines_of(const lines_map *m, size_t row)
{
    size_t lo = 0, hi = m->n;      /* the last run that begins at or before row */
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->row[mid] <= row)
            lo = mid;
        else
            hi = mid;
    }
    return m->n ? (uint32_t)row + m->delta[lo] : 0;
}

int lines_append(lines_map *m, size_t offset, const lines_map *from)
{
    for (size_t i = 0; i < from->n; i++) {
        size_t row = offset + from->row[i];
        /* line = local row + delta; as a row of m, line - row = delta - offset */
        if (lines_note(m, row, (uint32_t)row + from->delta[i] - (uint32_t)offset) != 0)
            return -1;
    }
    return 0;
}

void lines_truncate(lines_map *m, size_t n)
{
    while (m->n && m->row[m->n - 1] >= n)
        m->n--;
}

void lines_release(lines_map *m)
{
    mem_free(m->row);
    mem_free(m->delta);
    *m = (lines_map)LINES_INIT;
}
