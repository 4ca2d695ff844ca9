/* output/report.h — the annual report (年度统计报告) as a PDF: cover, contents, nine
   sections written from the run's figures, with the charts of <dir of path>/charts/. A
   chart missing from that folder (charts not drawn, --tables-only) is left out, its
   caption and number with it; that is not an error. Same run context → same bytes.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/run, output/tables,
   output/pdf. */
#ifndef TZ_REPORT_H
#define TZ_REPORT_H
#include "base/buf.h"
#include "base/status.h"
#include "output/run.h"

/* Writes the report to path. On failure prints what went wrong on standard error (one line
   each, "taizhang: " first, in Chinese) and returns: TZ_NOINPUT (a font file missing: the
   message names the package; or a chart that went between the look and the read),
   TZ_CANTCREAT / TZ_IOERR (the file), TZ_SOFTWARE (libharu), TZ_NOMEM. The file may be
   half-written on failure: write into the run's stage directory. A warning (characters the
   fonts cannot show) also goes to standard error. */
tz_status report_write(const run_context *rc, const char *path);

/* The same, with the failure messages appended to err (one line each, no prefix) instead. */
tz_status report_write_err(const run_context *rc, const char *path, buf *err);

/* The report's title for the options given (run_options.title, else the default built from
   the organisation and year), into out. Returns 0, -1 when out of memory. */
int report_title(const run_options *opt, int year, buf *out);

/* The date the run's documents carry (the report's, and the workbook's properties), in
   seconds since 1970: SOURCE_DATE_EPOCH when set (reproducible builds), else the day the
   data reach to (the latest activity or demand date) at 00:00 UTC; 0 when the ledger has
   no date. Cannot fail. */
int64_t report_document_time(const ledger *l);

#endif
