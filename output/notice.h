/* output/notice.h — the public notice of the assessment (公示): OUT/notice.pdf, one table
   of every unit with its points rule by rule, total, grade and rank, the rules in short,
   the 公示期 and whom to tell of an objection, the issuing body and the date; and the same
   table as tables/notice.csv. Same run → same bytes.
   May call: base/, input/ledger, pipeline/figures, rules/rules, rules/spread, output/pdf,
   output/csvw, output/assessdoc. */
#ifndef TZ_NOTICE_H
#define TZ_NOTICE_H
#include "base/buf.h"
#include "base/status.h"
#include "output/csvw.h"
#include "output/run.h"

#define NOTICE_DEFAULT_DAYS 5
#define NOTICE_DEFAULT_CONTACT "市直机关工委考核办公室"

/* tables/notice.csv into w (just begun): rank, unit_id, unit_name, one column per rule
   (its rule_id: the points after the total's bounds and the gate), bonus_points, and grade
   when the rules name grades; units by rank, then unit_id. rc->bonus is required.
   Returns 0, -1 when out of memory. */
int notice_table(csvw *w, const run_context *rc);

/* Writes the notice to path. TZ_OK; TZ_NOINPUT (a font missing), TZ_CANTCREAT, TZ_IOERR,
   TZ_SOFTWARE (libharu), TZ_NOMEM, with one line a problem appended to err. */
tz_status notice_write(const run_context *rc, const char *path, buf *err);

#endif
