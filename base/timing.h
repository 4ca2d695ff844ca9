/* base/timing.h — clocks for --timings: wall time and this process's CPU time, in seconds.
   Never used for anything that reaches an output. May call: libc only. */
#ifndef TZ_TIMING_H
#define TZ_TIMING_H

double timing_wall(void);   /* CLOCK_MONOTONIC */
double timing_cpu(void);    /* CLOCK_PROCESS_CPUTIME_ID: all threads of the process */

#endif
