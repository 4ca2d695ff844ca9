/* input/idindex_int.h — a direct index for ids that are one prefix and a number of fixed
   width (ZY00017, HD2025-00042, 00791): the row of an id is read from an array by its
   number, one memory access instead of a hash lookup's two. Built from an id map when
   every key in it has that shape; it then answers exactly as the map does. Or built id
   by id as a file is read (idindex_put), with no map at all while the ids keep one shape.
   May call: base/mem, base/hmap. */
#ifndef TZ_IDINDEX_INT_H
#define TZ_IDINDEX_INT_H
#include <stddef.h>
#include <stdint.h>
#include "base/hmap.h"
#include "base/status.h"

#define IDINDEX_PREFIX_MAX 16

typedef struct idindex {
    int usable;                  /* 0: the ids have no common shape; ask the map */
    char prefix[IDINDEX_PREFIX_MAX];
    size_t prefix_len, width;    /* the ids are prefix + `width` digits */
    int32_t *row;                /* row[number], -1 when no id has that number */
    size_t n;
    size_t count;                /* ids in it */
} idindex;

#define IDINDEX_INIT {0, {0}, 0, 0, NULL, 0, 0}

/* Builds x from the keys and values of m. x is usable when m has at least one key, all
   its keys are the same prefix (at most IDINDEX_PREFIX_MAX bytes, not ending in a digit)
   followed by the same number (1 to 9) of ASCII digits, and the largest number is below
   4 × keys + 4096 (the array stays small). Returns TZ_OK (usable or not) or TZ_NOMEM. */
tz_status idindex_build(idindex *x, const hmap *m);

/* When x is usable: 1 and *row (the map's value) when the map has key s[0..n), else 0. */
static inline int idindex_get(const idindex *x, const char *s, size_t n, int32_t *row)
{
    if (n != x->prefix_len + x->width)
        return 0;
    for (size_t i = 0; i < x->prefix_len; i++)
        if (s[i] != x->prefix[i])
            return 0;
    size_t v = 0;
    for (size_t i = x->prefix_len; i < n; i++) {
        unsigned d = (unsigned)(unsigned char)s[i] - '0';
        if (d > 9)
            return 0;
        v = v * 10 + d;
    }
    if (v >= x->n || x->row[v] < 0)
        return 0;
    *row = x->row[v];
    return 1;
}

/* Adds id s[0..n) of row `row` to x (being built id by id; x->usable is the caller's to
   set when all are in). The first id sets the shape (as idindex_build requires it).
   Returns 1 when added; 0 when the id is there already (*first: its row; nothing
   changed); -1 when it does not fit (another shape, or a number at or above 4 × ids +
   65536, for the array to stay small): nothing changed, the ids then belong in a map;
   -2 when out of memory. */
int idindex_put(idindex *x, const char *s, size_t n, int32_t row, int32_t *first);

void idindex_release(idindex *x);

#endif
