/* output/report.h — the year-end work report a leader signs (report.pdf: cover; 一、总体情况;
   二、主要做法和成效; 三、考核加分情况; 四、存在的问题; 五、下一步工作建议; 落款) and its
   annex for auditors and clerks (annex.pdf: per-unit tables, the full ranking, teams,
   statistics, data quality, 口径说明, sources and reproduction), written from the run's
   figures with the charts of <dir>/charts/ where they exist. docs/report.md gives the
   rules the judgements follow. Same run context → same bytes.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf, output/charts,
   output/breakdowns. */
#ifndef TZ_REPORT_H
#define TZ_REPORT_H
#include "base/buf.h"
#include "base/status.h"
#include "output/run.h"

#define REPORT_FILE "report.pdf"
#define REPORT_ANNEX_FILE "annex.pdf"

/* Writes dir/report.pdf and dir/annex.pdf (the tables are expected in dir/tables, which
   both name as their sources). On failure prints what went wrong on standard error (one
   line each, "taizhang: " first, in Chinese) and returns: TZ_NOINPUT (a font or chart file
   missing: the message names the package), TZ_CANTCREAT / TZ_IOERR (the file), TZ_SOFTWARE
   (libharu), TZ_NOMEM. A file may be half-written on failure: write into the run's stage
   directory. A warning (characters the fonts cannot show) also goes to standard error. */
tz_status report_write(const run_context *rc, const char *dir);

/* The same, with the failure messages appended to err (one line each, no prefix) instead. */
tz_status report_write_err(const run_context *rc, const char *dir, buf *err);

/* The report's title for the options given (run_options.title, else the default built from
   the organisation and year), into out. Returns 0, -1 when out of memory. */
int report_title(const run_options *opt, int year, buf *out);

/* The date the run's documents carry (the report's, and the workbook's properties), in
   seconds since 1970: SOURCE_DATE_EPOCH when set (reproducible builds), else the day the
   data reach to (the latest activity or demand date) at 00:00 UTC; 0 when the ledger has
   no date. Cannot fail. */
int64_t report_document_time(const ledger *l);

#endif
