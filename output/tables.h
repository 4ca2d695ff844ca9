/* output/tables.h — the CSV tables of one run (docs/figures.md, "Tables"): tables/units.csv,
   summary.csv, categories.csv, areas.csv, monthly.csv, results.csv, campaigns.csv,
   teams.csv, statistics.csv, and validation.csv beside them. UTF-8 with a BOM, CRLF,
   spreadsheet-safe text cells (output/csvw), numbers in the contract's decimals.
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules (the bonus
   struct), output/csvw, libc. */
#ifndef TZ_TABLES_H
#define TZ_TABLES_H
#include "base/status.h"
#include "input/problem.h"
#include "output/csvw.h"
#include "output/run.h"

/* Writes DIR/tables/ (created when missing) and DIR/validation.csv from the run.
   rc->ledger, rc->figures and rc->stats are required; rc->bonus and rc->previous_figures
   may be NULL (then the bonus cells are empty and bonus_audit.csv is not written, and
   summary.csv has no previous/change columns). With rc->bonus, tables/bonus_audit.csv
   (output/bonus_audit) is written too. Returns TZ_OK, TZ_CANTCREAT when a file or the folder cannot be created,
   TZ_IOERR when a write fails, TZ_NOMEM. Names the failing path on stderr. */
tz_status tables_write(const run_context *rc, const char *dir);

/* validation.csv's header and rows into w: the problems of pl in pl's own order, or in
   problem_compare's order (file names in byte order) when sorted is 1. Also `taizhang
   validate`'s output. Returns 0, or -1 when out of memory (w->failed is set on a write
   failure, as csvw does). */
int tables_problems(csvw *w, const problem_list *pl, int sorted);

/* A row of tables/summary.csv (and of the report's table of main figures). */
typedef struct tables_summary_row {
    const char *key, *label;   /* the key and the report's label: hours, 服务时长（小时） */
    int places;                /* decimals */
    figures_value value;       /* den = 0: undefined, an empty cell */
} tables_summary_row;

/* The number of rows: FIGURES_CITY_COLUMNS, then units_with_bonus. */
size_t tables_summary_count(void);
/* Row i (< tables_summary_count()) for the figures f; units_with_bonus is undefined
   when b is NULL. Cannot fail. */
tables_summary_row tables_summary(const figures *f, const bonus *b, size_t i);

/* The table file names written under DIR/tables/, NULL-terminated (for the manifest). */
extern const char *const TABLES_FILES[];

#endif
