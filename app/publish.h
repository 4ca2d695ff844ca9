/* app/publish.h — the output side of `run`, from lock to commit. publish_begin takes
   the lock on OUT and makes the temporary folder before anything is computed (so that a
   second run on OUT leaves at once, exit 75, and a failure anywhere leaves OUT as it was);
   the stages write into outdir_tmp(); publish_commit writes manifest.json and swaps the
   folder into place. Both print their one-line message ("taizhang: …") on failure.
   May call: base/ (all), output/outdir, output/manifest, rules/rules (source and text). */
#ifndef TZ_PUBLISH_H
#define TZ_PUBLISH_H
#include <stddef.h>
#include "base/status.h"
#include "output/outdir.h"
#include "output/run.h"

/* Locks opt->out_dir and prepares its temporary folder. TZ_OK and *od (outdir_free, which
   also removes the temporary folder unless committed); else the status of outdir_begin,
   its message printed. */
tz_status publish_begin(const run_options *opt, outdir **od);

/* Records the run in OUT/manifest.json — rc's options, ledger (and previous), rules, the
   font files of the charts and the report (unless tables only) and any others given,
   every file the stages wrote — then fsyncs and swaps the folder into
   place. TZ_OK; TZ_IOERR / TZ_CANTCREAT / TZ_NOINPUT (a font unreadable) / TZ_NOMEM with
   the message printed; OUT is then as it was. */
tz_status publish_commit(const run_context *rc, outdir *od, const char *const *fonts,
                         size_t n_fonts);

#endif
