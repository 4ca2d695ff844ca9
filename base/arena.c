/* base/arena.c — texts packed in blocks of 64 KiB (a longer text gets a block of its own).
   May call: base/mem, libc. */
#include "base/arena.h"
#include "base/mem.h"

#include <string.h>

#define ARENA_BLOCK (64u * 1024u)

char *arena_strndup(arena *a, const char *s, size_t n)
{
    if (n + 1 > ARENA_BLOCK / 4) {
        /* a long text: a block of its own, put before the last one, whose room stays
           where the next texts look for it (a->at is always in the last block) */
        if (mem_grow(&a->blocks, &a->cap, a->n + 1, sizeof *a->blocks) != 0)
            return NULL;
        char *b = mem_alloc(n + 1);
        if (!b)
            return NULL;
        if (n)
            memcpy(b, s, n);
        b[n] = '\0';
        a->blocks[a->n] = b;
        if (a->n > 0) {
            a->blocks[a->n] = a->blocks[a->n - 1];
            a->blocks[a->n - 1] = b;
        }
        a->n++;
        return b;
    }
    if (n + 1 > a->left) {
        if (mem_grow(&a->blocks, &a->cap, a->n + 1, sizeof *a->blocks) != 0)
            return NULL;
        char *b = mem_alloc(ARENA_BLOCK);
        if (!b)
            return NULL;
        a->blocks[a->n++] = b;
        a->at = b;
        a->left = ARENA_BLOCK;
    }
    char *t = a->at;
    if (n)
        memcpy(t, s, n);
    t[n] = '\0';
    a->at += n + 1;
    a->left -= n + 1;
    return t;
}

int arena_adopt(arena *to, arena *from)
{
    if (from->n == 0)
        return 0;
    if (mem_grow(&to->blocks, &to->cap, to->n + from->n, sizeof *to->blocks) != 0)
        return -1;
    /* to's last block keeps its room at the end, where arena_strndup looks for it */
    size_t last = to->n;
    memcpy(to->blocks + to->n, from->blocks, from->n * sizeof *from->blocks);
    to->n += from->n;
    if (last > 0) {
        char *own = to->blocks[last - 1];
        to->blocks[last - 1] = to->blocks[to->n - 1];
        to->blocks[to->n - 1] = own;
    } else {
        to->at = from->at;
        to->left = from->left;
    }
    mem_free(from->blocks);
    *from = (arena)ARENA_INIT;
    return 0;
}

void arena_release(arena *a)
{
    for (size_t i = 0; i < a->n; i++)
        mem_free(a->blocks[i]);
    mem_free(a->blocks);
    *a = (arena)ARENA_INIT;
}
