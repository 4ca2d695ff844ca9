/* input/idindex.c — a direct index for ids of one prefix and a fixed-width number
   (input/idindex_int.h).
   May call: base/mem, base/hmap, libc. */
#include "input/idindex_int.h"
#include "base/mem.h"

#include <string.h>

/* Length of the digits that end key[0..n). */
static size_t trailing_digits(const char *key, size_t n)
{
    size_t d = 0;
    while (d < n && key[n - 1 - d] >= '0' && key[n - 1 - d] <= '9')
        d++;
    return d;
}

tz_status idindex_build(idindex *x, const hmap *m)
{
    *x = (idindex)IDINDEX_INIT;
    const hmap_slot *first = NULL;
    size_t max = 0;
    for (size_t i = 0; i < m->cap; i++) {
        const hmap_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t w = trailing_digits(s->key, s->len);
        if (!first) {
            first = s;
            x->width = w;
            x->prefix_len = s->len - w;
            if (w == 0 || w > 9 || x->prefix_len > IDINDEX_PREFIX_MAX)
                return TZ_OK;
            memcpy(x->prefix, s->key, x->prefix_len);
        } else if (w != x->width || s->len != x->prefix_len + w ||
                   memcmp(s->key, x->prefix, x->prefix_len) != 0) {
            return TZ_OK;
        }
        size_t v = 0;
        for (size_t k = x->prefix_len; k < s->len; k++)
            v = v * 10 + (size_t)(s->key[k] - '0');
        if (v > max)
            max = v;
    }
    if (!first || max >= 4 * m->count + 4096)
        return TZ_OK;
    x->n = max + 1;
    x->row = mem_alloc(x->n * sizeof *x->row);
    if (!x->row)
        return TZ_NOMEM;
    for (size_t i = 0; i < x->n; i++)
        x->row[i] = -1;
    for (size_t i = 0; i < m->cap; i++) {
        const hmap_slot *s = &m->slots[i];
        if (!s->key)
            continue;
        size_t v = 0;
        for (size_t k = x->prefix_len; k < s->len; k++)
            v = v * 10 + (size_t)(s->key[k] - '0');
        x->row[v] = (int32_t)s->value;
    }
    x->usable = 1;
    x->count = m->count;
    return TZ_OK;
}

int idindex_put(idindex *x, const char *s, size_t n, int32_t row, int32_t *first)
{
    size_t w = trailing_digits(s, n);
    if (x->count == 0) {
        if (w == 0 || w > 9 || n - w > IDINDEX_PREFIX_MAX)
            return -1;
        x->width = w;
        x->prefix_len = n - w;
        memcpy(x->prefix, s, x->prefix_len);
    } else if (w != x->width || n != x->prefix_len + w || memcmp(s, x->prefix, x->prefix_len) != 0) {
        return -1;
    }
    size_t v = 0;
    for (size_t k = x->prefix_len; k < n; k++)
        v = v * 10 + (size_t)(s[k] - '0');
    if (v >= x->n) {
        if (v >= 4 * (x->count + 1) + 65536)
            return -1;
        size_t cap = x->n ? x->n * 2 : 4096;
        if (cap <= v)
            cap = v + 1;
        int32_t *grown = mem_realloc(x->row, cap * sizeof *grown);
        if (!grown)
            return -2;
        for (size_t i = x->n; i < cap; i++)
            grown[i] = -1;
        x->row = grown;
        x->n = cap;
    }
    if (x->row[v] >= 0) {
        *first = x->row[v];
        return 0;
    }
    x->row[v] = row;
    x->count++;
    return 1;
}

void idindex_release(idindex *x)
{
    mem_free(x->row);
    *x = (idindex)IDINDEX_INIT;
}
