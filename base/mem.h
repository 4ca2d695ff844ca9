/* base/mem.h — all allocation goes through here, so a test build can fail the Nth one.
   May call: libc only. */
#ifndef TZ_MEM_H
#define TZ_MEM_H
#include <stddef.h>

/* Like malloc/calloc/realloc: NULL on failure (never abort). mem_realloc(p, 0) frees p
   and returns NULL. */
void *mem_alloc(size_t n);
void *mem_calloc(size_t count, size_t size);
void *mem_realloc(void *p, size_t n);
void mem_free(void *p);

/* A copy of n bytes plus a terminating NUL; NULL when out of memory. */
char *mem_strndup(const char *s, size_t n);
char *mem_strdup(const char *s);

/* Grows *items (of item_size bytes) so it can hold at least need items; *cap is updated.
   Returns 0, or -1 when out of memory or on overflow (nothing changed then). */
int mem_grow(void *items_ptr, size_t *cap, size_t need, size_t item_size);

/* Asks the kernel to back p[0..n) with huge pages where it can (Linux, transparent huge
   pages in "madvise" mode): for a large array filled once and read in passes, far fewer
   page faults and TLB misses. Only advice: nothing changes when it is not taken. */
void mem_advise_huge(void *p, size_t n);

/* Fault injection for tests: the nth allocation from now on (1-based) and every later one
   fail; 0 turns it off. mem_fail_from_env() reads TZ_FAIL_ALLOC=N when built with
   -DTZ_FAULT_INJECTION, and is a no-op otherwise; there TZ_COUNT_ALLOC=1 also prints
   "taizhang: allocations: N" on stderr at exit. */
void mem_fail_after(long nth);
void mem_fail_from_env(void);
long mem_allocations(void);

#endif
