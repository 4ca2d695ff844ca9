/* base/mem.c — the allocation wrapper, with failure injection for tests, and advice to
   the kernel on large arrays (huge pages).
   May call: libc only (madvise, sysconf). */
#include "base/mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* Atomic: the participation ledger is read on several threads, all allocating here. */
static atomic_long fail_at;   /* 0: never fail; else the allocation count that starts failing */
static atomic_long count;

static int should_fail(void)
{
    long n = atomic_fetch_add_explicit(&count, 1, memory_order_relaxed) + 1;
    long at = atomic_load_explicit(&fail_at, memory_order_relaxed);
    return at > 0 && n >= at;
}

void *mem_alloc(size_t n)
{
    if (should_fail())
        return NULL;
    return malloc(n ? n : 1);
}

void *mem_calloc(size_t nmemb, size_t size)
{
    if (should_fail())
        return NULL;
    return calloc(nmemb ? nmemb : 1, size ? size : 1);
}

void *mem_realloc(void *p, size_t n)
{
    if (n == 0) {
        free(p);
        return NULL;
    }
    if (should_fail())
        return NULL;
    return realloc(p, n);
}

void mem_free(void *p)
{
    free(p);
}

char *mem_strndup(const char *s, size_t n)
{
    char *c = mem_alloc(n + 1);
    if (!c)
        return NULL;
    if (n)
        memcpy(c, s, n);
    c[n] = '\0';
    return c;
}

char *mem_strdup(const char *s)
{
    return mem_strndup(s, strlen(s));
}

int mem_grow(void *items_ptr, size_t *cap, size_t need, size_t item_size)
{
    void **items = items_ptr;
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2)
            return -1;
        ncap *= 2;
    }
    if (ncap > SIZE_MAX / item_size)
        return -1;
    void *n = mem_realloc(*items, ncap * item_size);
    if (!n)
        return -1;
    *items = n;
    *cap = ncap;
    return 0;
}

void mem_fail_after(long nth)
{
    fail_at = nth > 0 ? count + nth : 0;
}

long mem_allocations(void)
{
    return count;
}

#ifdef TZ_FAULT_INJECTION
#include <stdio.h>
static void print_count(void)
{
    fprintf(stderr, "taizhang: allocations: %ld\n", atomic_load(&count));
}
#endif

void mem_fail_from_env(void)
{
#ifdef TZ_FAULT_INJECTION
    /* TZ_COUNT_ALLOC=1: how many allocations the process made, on stderr at exit, so a
       test can spread TZ_FAIL_ALLOC=N over all of them. */
    const char *c = getenv("TZ_COUNT_ALLOC");
    if (c && *c == '1')
        atexit(print_count);
    const char *v = getenv("TZ_FAIL_ALLOC");
    if (v && *v) {
        char *end;
        long n = strtol(v, &end, 10);
        if (*end == '\0' && n > 0)
            mem_fail_after(n);
    }
#endif
}

void mem_advise_huge(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    long page = sysconf(_SC_PAGESIZE);
    if (!p || n == 0 || page <= 0)
        return;
    uintptr_t start = (uintptr_t)p, end = start + n;
    start = (start + (uintptr_t)page - 1) & ~((uintptr_t)page - 1);   /* whole pages inside */
    end &= ~((uintptr_t)page - 1);
    if (end > start)
        (void)madvise((void *)start, end - start, MADV_HUGEPAGE);
#else
    (void)p;
    (void)n;
#endif
}
