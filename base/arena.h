/* base/arena.h — texts stored once, packed in blocks that never move: the names, places
   and other texts of the ledgers take a few large allocations instead of one each, are
   not copied again to be looked up (an id map keeps pointers into them), and are freed
   at once. An arena filled on a thread of its own can hand its blocks to another.
   May call: base/mem. */
#ifndef TZ_ARENA_H
#define TZ_ARENA_H
#include <stddef.h>

typedef struct arena {
    char **blocks;
    size_t n, cap;
    char *at;                    /* free room of the last block ... */
    size_t left;                 /* ... and how much */
} arena;

#define ARENA_INIT {NULL, 0, 0, NULL, 0}

/* A NUL-terminated copy of s[0..n) in a, valid until arena_release; NULL when out of
   memory (a unchanged then). */
char *arena_strndup(arena *a, const char *s, size_t n);

/* Moves the blocks of from onto to (the texts do not move); from is then empty. Returns
   0, or -1 when out of memory (nothing changed then). */
int arena_adopt(arena *to, arena *from);

/* Frees every text of a; a is ARENA_INIT again. arena_release on ARENA_INIT does nothing. */
void arena_release(arena *a);

#endif
