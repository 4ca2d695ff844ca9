/* app/progress.h — one progress line on standard error for the long stages, only
   when standard error is a terminal (never in cron's mail, never in a log) and not
   --quiet. The line is redrawn in place ("\r", erase to end of line) and the cursor is
   left at its start, so that a message printed meanwhile by any module (fprintf to
   stderr) overwrites it instead of being glued to its end; progress_done clears it.
   May call: libc. */
#ifndef TZ_PROGRESS_H
#define TZ_PROGRESS_H
#include <stddef.h>

/* Decides once whether to draw: stderr is a terminal, TERM is not "dumb", not quiet. */
void progress_init(int quiet);
int progress_enabled(void);

/* "taizhang: WHAT…" — a stage begins. */
void progress_stage(const char *what);
/* "taizhang: WHAT… 45%" — redrawn at most when the percentage changes. */
void progress_step(const char *what, size_t done, size_t total);
/* Clears the line. Safe when nothing was drawn. */
void progress_done(void);

#endif
