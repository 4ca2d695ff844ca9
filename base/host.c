/* base/host.c — cores and environment sizes (base/host.h).
   May call: libc only. */
#include "base/host.h"

#include <stdlib.h>
#include <unistd.h>

int host_threads(int requested)
{
    if (requested > 0)
        return requested;
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

size_t host_env_size(const char *name, size_t dflt)
{
    const char *e = getenv(name);
    if (e && *e >= '0' && *e <= '9') {      /* strtoull would take "-3" and " 12" */
        char *end;
        unsigned long long v = strtoull(e, &end, 10);
        if (*end == '\0' && v >= 1)
            return (size_t)v;
    }
    return dflt;
}
