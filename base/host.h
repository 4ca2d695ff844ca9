/* base/host.h — what the machine and the environment say about how to run: the cores to
   use, and sizes that tests set through the environment. Never anything that changes an
   output. May call: libc only. */
#ifndef TZ_HOST_H
#define TZ_HOST_H
#include <stddef.h>

/* Threads for a --threads value: n itself when n > 0, else the cores online (1 to 64). */
int host_threads(int requested);

/* The whole number ≥ 1 in the environment variable `name`, or dflt when it is unset,
   empty or not such a number. */
size_t host_env_size(const char *name, size_t dflt);

#endif
