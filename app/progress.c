/* app/progress.c — the progress line (see progress.h).
   May call: libc. */
#include "app/progress.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int enabled;
static int drawn;
static int last_percent = -1;

void progress_init(int quiet)
{
    const char *term = getenv("TERM");
    enabled = !quiet && isatty(STDERR_FILENO) && !(term && strcmp(term, "dumb") == 0);
    drawn = 0;
    last_percent = -1;
}

int progress_enabled(void)
{
    return enabled;
}

void progress_stage(const char *what)
{
    if (!enabled)
        return;
    fprintf(stderr, "\r\033[Ktaizhang: %s…\r", what);
    fflush(stderr);
    drawn = 1;
    last_percent = -1;
}

void progress_step(const char *what, size_t done, size_t total)
{
    if (!enabled || total == 0)
        return;
    int percent = (int)(done >= total ? 100 : (done * 100) / total);
    if (percent == last_percent)
        return;
    last_percent = percent;
    fprintf(stderr, "\r\033[Ktaizhang: %s… %d%%\r", what, percent);
    fflush(stderr);
    drawn = 1;
}

void progress_done(void)
{
    if (!enabled || !drawn)
        return;
    fputs("\r\033[K", stderr);
    fflush(stderr);
    drawn = 0;
    last_percent = -1;
}
