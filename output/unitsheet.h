/* output/unitsheet.h — a result sheet for each unit to check and sign (考核结果反馈表):
   OUT/units/UNIT_ID.pdf, one A4 page (two at most): its figures beside the city's median,
   its points rule by rule with what each read and the activities it counted (id, date,
   name), its ledger problems (the validation.csv rows that name its records) and a box
   for the unit's confirmation, signature and date (考核结果确认). Written on several
   threads; one face of the fonts only, each document small. Same run → same bytes.
   May call: base/, input/ledger, pipeline/figures, rules/rules, rules/spread, output/pdf,
   output/assessdoc, pthreads. */
#ifndef TZ_UNITSHEET_H
#define TZ_UNITSHEET_H
#include "base/buf.h"
#include "base/status.h"
#include "output/run.h"

/* At most this many activities of a rule are listed on a sheet (the rest are counted and
   are in tables/bonus_audit.csv), and this many ledger problems. */
#define UNITSHEET_ACTIVITIES 3
#define UNITSHEET_PROBLEMS 8

/* The file name of a unit's sheet under units/: its unit_id with any character other than
   a letter, digit, '-', '_' or a non-ASCII character replaced by '_', then ".pdf".
   Returns 0, -1 when out of memory. */
int unitsheet_file_name(buf *out, const char *unit_id);

/* Writes DIR/units/ (created) with one sheet per unit of rc (rc->bonus required) on
   `threads` threads (0: 2). TZ_OK; TZ_CANTCREAT, TZ_IOERR, TZ_NOINPUT (a font missing),
   TZ_SOFTWARE, TZ_NOMEM, with the first problem appended to err (one line). */
tz_status unitsheet_write_all(const run_context *rc, const char *dir, int threads, buf *err);

#endif
