/* output/whatif.h — what `taizhang whatif` prints: per unit the points, ranks (and the
   change) and grades under the rules in force and under a proposed set, as CSV; a short summary for
   the assessment office (who moves, how far, Spearman, caps and ties under each); and the
   "how well the rules tell the units apart" lines (rules/spread) that explain's footer and
   the report print too.
   May call: base/, rules/rules, rules/spread, pipeline/figures, input/ledger, output/csvw. */
#ifndef TZ_WHATIF_H
#define TZ_WHATIF_H
#include "base/buf.h"
#include "output/csvw.h"
#include "pipeline/figures.h"
#include "rules/rules.h"
#include "rules/spread.h"

/* The column names of the CSV, NULL-terminated. */
extern const char *const WHATIF_COLUMNS[];

/* The CSV (header, one row a unit in unit_id byte order) into w, just begun. base and
   proposed come from rules_apply on f. Returns 0, or -1 when out of memory. */
int whatif_table(csvw *w, const bonus *base, const bonus *proposed, const figures *f);

/* The summary, in Chinese, into out. Returns 0, or -1 when out of memory. */
int whatif_summary(buf *out, const bonus *base, const bonus *proposed, const figures *f);

/* How well b tells the units apart, in Chinese, one fact a line, each line starting with
   `indent`: distinct totals, the largest tie, the units at the total cap and at each
   rule's cap (count and share). s is spread_compute(b). Returns 0, -1 out of memory. */
int whatif_spread_text(buf *out, const bonus *b, const spread *s, const char *indent);

#endif
