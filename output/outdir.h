/* output/outdir.h — the output folder of one run, written all or nothing.
   A run locks OUT.lock (beside OUT, never inside it), builds everything in OUT.tmp-<pid>
   beside OUT (same filesystem), and outdir_commit fsyncs every file and folder and then
   swaps the new folder into place (renameat2 RENAME_EXCHANGE; where the filesystem lacks
   it, rename the old one aside, rename the new one in, remove the old). A run that fails
   or is killed at any moment leaves the previous OUT complete; the next run on OUT cleans
   the temporary folders that dead runs left, and puts back an OUT left aside by a run
   killed in the middle of the fallback swap. docs/operations.md tells the whole story.
   May call: base/buf, base/mem, libc (POSIX, Linux renameat2). */
#ifndef TZ_OUTDIR_H
#define TZ_OUTDIR_H
#include <stddef.h>
#include "base/buf.h"
#include "base/status.h"

typedef struct outdir outdir;

/* Locks OUT and prepares an empty temporary folder for the run's outputs. Creates the
   parent folders of OUT when missing. Ignores SIGXFSZ so that a file-size limit surfaces
   as a write error (exit 74) rather than killing the run.
   Returns TZ_OK and *od (outdir_free); TZ_LOCKED when another run holds the lock (the
   message names its pid, host and start time); TZ_CANTCREAT when the lock or the
   temporary folder cannot be created, or OUT exists and is not a taizhang output folder
   (a file, a symbolic link, or a non-empty folder without manifest.json: never replaced);
   TZ_USAGE for an empty name or "/", "." or ".."; TZ_IOERR; TZ_NOMEM. On failure one
   line in Chinese (without the "taizhang: " prefix) is appended to err. */
tz_status outdir_begin(const char *out, outdir **od, buf *err);

/* The folder the stages write into (OUT.tmp-<pid>), and OUT itself. */
const char *outdir_tmp(const outdir *od);
const char *outdir_final(const outdir *od);

/* *path = the temporary folder joined with rel ("tables/units.csv"); mem_free.
   TZ_NOMEM. */
tz_status outdir_path(const outdir *od, const char *rel, char **path);

/* Writes data to rel inside the temporary folder (creating the folders on the way),
   then fsyncs it. TZ_CANTCREAT when the file cannot be created, TZ_IOERR when a write
   fails (no space, file too big, I/O error), TZ_NOMEM; a one-line message in err. */
tz_status outdir_write(const outdir *od, const char *rel, const void *data, size_t len,
                       buf *err);

/* fsyncs every file and folder of the temporary folder, swaps it into place as OUT,
   fsyncs the parent and removes the previous OUT. On failure OUT is as it was (the
   temporary folder is still there for outdir_abort / outdir_free). TZ_IOERR (fsync or
   rename failed), TZ_CANTCREAT (rename refused). */
tz_status outdir_commit(outdir *od, buf *err);

/* Removes the temporary folder (nothing of OUT is touched). Safe after commit (does
   nothing) and twice. */
void outdir_abort(outdir *od);

/* Aborts unless committed, releases the lock (the lock file stays: removing it would
   let two runs lock two different files), frees od. outdir_free(NULL) does nothing. */
void outdir_free(outdir *od);

/* Takes the lock on OUT shared (for verify): while held, no run can swap OUT.
   TZ_OK and *fd (close it to release; -1 when there is no lock file, i.e. no run ever
   wrote OUT here, and then nothing is held); TZ_LOCKED with a message when a run
   holds it. */
tz_status outdir_lock_shared(const char *out, int *fd, buf *err);

/* Removes a folder tree without following symbolic links. 0, or -1 (errno set). */
int outdir_remove_tree(const char *path);

/* A named point of the run ("tables", "charts", "report", ...). In a build with
   -DTZ_FAULT_INJECTION, when the environment has TZ_TEST_PAUSE_AT equal to the name,
   prints "taizhang: test pause at NAME" on stderr and sleeps (so a test can kill the run
   there); otherwise does nothing. outdir's own points: locked, begin, commit, fsynced,
   exchanged, aside, swapped. */
void outdir_checkpoint(const char *name);

#endif
