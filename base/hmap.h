/* base/hmap.h — a map from byte strings to 32-bit values (open addressing).
   Keys are not copied: the caller keeps them alive and unchanged while the map lives.
   May call: base/mem. */
#ifndef TZ_HMAP_H
#define TZ_HMAP_H
#include <stddef.h>
#include <stdint.h>

typedef struct hmap_slot {
    const char *key;
    uint32_t len;
    uint32_t hash;
    uint32_t value;
} hmap_slot;

typedef struct hmap {
    hmap_slot *slots;
    size_t cap;      /* a power of two, or 0 */
    size_t count;
} hmap;

#define HMAP_INIT {NULL, 0, 0}

uint32_t hmap_hash(const char *key, size_t len);

/* Looks key up. Returns 1 and sets *value when found, 0 when not. */
int hmap_get(const hmap *m, const char *key, size_t len, uint32_t *value);

/* The key stored for key[0..len) (the pointer given to hmap_put), or NULL when absent:
   for a map used as a set of texts stored once. */
const char *hmap_key(const hmap *m, const char *key, size_t len);

/* Inserts key → value unless key is there already. Returns 1 when inserted, 0 when the
   key was there (then *existing, if not NULL, gets its value and nothing changes), -1 when
   out of memory. */
int hmap_put(hmap *m, const char *key, size_t len, uint32_t value, uint32_t *existing);

void hmap_release(hmap *m);

#endif
