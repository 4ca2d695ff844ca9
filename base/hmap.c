/* base/hmap.c — string → uint32 map, linear probing, load factor at most 1/2.
   May call: base/mem, libc. */
#include "base/hmap.h"
#include "base/mem.h"

#include <string.h>

static uint64_t load8(const char *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

static uint64_t load4(const char *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

/* The last 1..7 bytes of a key as one word (overlapping loads, as wyhash does): for a
   given n, different bytes give different words. */
static uint64_t load_tail(const char *p, size_t n)
{
    if (n >= 4)
        return load4(p) | load4(p + n - 4) << 32;
    const unsigned char *u = (const unsigned char *)p;
    return (uint64_t)u[0] << 16 | (uint64_t)u[n >> 1] << 8 | u[n - 1];
}

static uint64_t mix(uint64_t a, uint64_t b)
{
    __uint128_t r = (__uint128_t)a * b;
    return (uint64_t)r ^ (uint64_t)(r >> 64);
}

uint32_t hmap_hash(const char *key, size_t len)
{
    /* Eight bytes at a time, each word folded in by a 64×64→128-bit multiply (the
       wyhash way): ids of 6 to 16 bytes cost two or three multiplies. */
    uint64_t h = 0x9E3779B97F4A7C15ull ^ len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8)
        h = mix(h ^ load8(key + i), 0xA0761D6478BD642Full);
    if (i < len)
        h = mix(h ^ load_tail(key + i, len - i), 0xE7037ED1A0B428DBull);
    h = mix(h, 0x8EBC6AF09C88C6E3ull);
    return (uint32_t)(h ^ h >> 32);
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

const char *hmap_key(const hmap *m, const char *key, size_t len)
{
    if (m->cap == 0)
        return NULL;
    return find(m, key, len, hmap_hash(key, len))->key;
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
