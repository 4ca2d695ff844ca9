/* base/timing.c — clocks for --timings. May call: libc only. */
#include "base/timing.h"

#include <time.h>

static double seconds(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double timing_wall(void)
{
    return seconds(CLOCK_MONOTONIC);
}

double timing_cpu(void)
{
    return seconds(CLOCK_PROCESS_CPUTIME_ID);
}
