/* base/hmap.c — string → uint32 map, linear probing, load factor at most 1/2.
   May call: base/mem, libc. */
#include "base/hmap.h"
#include "base/mem.h"

#include <string.h>

uint32_t hmap_hash(const char *key, size_t len)
{
    /* FNV-1a, then a final avalanche so that low bits are usable as an index. */
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

static hmap_slot *find(const hmap *m, const char *key, size_t len, uint32_t h)
{
    size_t mask = m->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        hmap_slot *s = &m->slots[i];
        if (!s->key)
            return s;
        if (s->hash == h && s->len == len && memcmp(s->key, key, len) == 0)
            return s;
    }
}

int hmap_get(const hmap *m, const char *key, size_t len, uint32_t *value)
{
    if (m->cap == 0)
        return 0;
    hmap_slot *s = find(m, key, len, hmap_hash(key, len));
    if (!s->key)
        return 0;
    *value = s->value;
    return 1;
}

static int grow(hmap *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    hmap_slot *old = m->slots;
    size_t ocap = m->cap;
    hmap_slot *n = mem_calloc(ncap, sizeof *n);
    if (!n)
        return -1;
    m->slots = n;
    m->cap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].key)
            *find(m, old[i].key, old[i].len, old[i].hash) = old[i];
    mem_free(old);
    return 0;
}

int hmap_put(hmap *m, const char *key, size_t len, uint32_t value, uint32_t *existing)
{
    if (len > UINT32_MAX)
        return -1;
    if ((m->count + 1) * 2 > m->cap && grow(m) != 0)
        return -1;
    uint32_t h = hmap_hash(key, len);
    hmap_slot *s = find(m, key, len, h);
    if (s->key) {
        if (existing)
            *existing = s->value;
        return 0;
    }
    s->key = key;
    s->len = (uint32_t)len;
    s->hash = h;
    s->value = value;
    m->count++;
    return 1;
}

void hmap_release(hmap *m)
{
    mem_free(m->slots);
    m->slots = NULL;
    m->cap = m->count = 0;
}
