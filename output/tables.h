/* output/tables.h — the CSV tables of one run (docs/figures.md, "Tables"): tables/units.csv,
   summary.csv, categories.csv, areas.csv, monthly.csv, results.csv, campaigns.csv,
   teams.csv, statistics.csv, supply_demand.csv and open_demands.csv (with a supply), the
   report's small tables (political.csv … rules.csv, from output/breakdowns), and
   validation.csv beside them. UTF-8 with a BOM, CRLF,
   spreadsheet-safe text cells (output/csvw), numbers in the contract's decimals.
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules (the bonus
   struct, rules_describe), output/csvw, output/breakdowns, libc. */
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

/* A row of tables/summary.csv (and of the report's table of main figures, 表1). */
typedef struct tables_summary_row {
    const char *key, *label;   /* the key and the report's name: hours, 服务时长 */
    const char *measure;       /* the report's unit of measure: 小时; "%" for a rate */
    figures_city_kind kind;
    int places;                /* decimals */
    figures_value value;       /* den = 0: undefined, an empty cell */
} tables_summary_row;

/* The number of rows: FIGURES_CITY_COLUMNS (row i is FIGURES_CITY_COLUMNS[i], so its
   places FIGURES_CITY_* name the rows), then units_with_bonus. */
size_t tables_summary_count(void);
/* Row i (< tables_summary_count()) for the figures f; units_with_bonus is undefined
   when b is NULL. Cannot fail. */
tables_summary_row tables_summary(const figures *f, const bonus *b, size_t i);

/* ---- what each table's columns hold ----
   Every table of the run is described once here: its file, the sheet it becomes in
   tables.xlsx (output/xlsx) and its columns — the CSV key of the header, the Chinese name
   and what kind of value the cells hold. The CSV headers are written from it and the
   workbook types its cells by it; a table added to TABLES appears in both. */

typedef enum tables_kind {
    TABLES_END = 0,          /* ends a column list */
    TABLES_ID,               /* an id or code: text, leading zeros kept ("00017") */
    TABLES_TEXT,             /* text */
    TABLES_INTEGER,          /* a whole number */
    TABLES_DECIMAL,          /* a number with `places` decimals */
    TABLES_RATE,             /* a share as a fraction with `places` decimals ("0.1875"),
                                shown by the workbook as a percentage (18.75%) */
    TABLES_NUMBER,           /* a number with the decimals each cell shows (varies by row) */
    TABLES_CHANGE,           /* a signed number, "+12.50" (a change in percent, a gap) */
    TABLES_DATE,             /* a date, YYYY-MM-DD, or a month, YYYY-MM */
    TABLES_UNIT_FIGURES,     /* stands for the columns of FIGURES_UNIT_COLUMNS, in order */
    TABLES_UNIT_FIGURE,      /* one column of FIGURES_UNIT_COLUMNS, the one at `places`:
                                a count of a small table named as the unit's figure */
    TABLES_GROUP_FIGURES,    /* ... of FIGURES_GROUP_COLUMNS */
    TABLES_TEAM_FIGURES,     /* ... of FIGURES_TEAM_COLUMNS */
    TABLES_SUPPLY_FIGURES,   /* ... of SUPPLY_COLUMNS (pipeline/supply) */
} tables_kind;

typedef struct tables_column {
    const char *key;         /* the CSV header: "unit_id" */
    const char *label;       /* the Chinese name: "单位编号" */
    tables_kind kind;
    int places;              /* decimals of TABLES_DECIMAL and TABLES_CHANGE; for
                                TABLES_UNIT_FIGURE the figure's place (FIGURES_VOLUNTEERS) */
    const char *measure;     /* unit of measure shown after the name ("小时"), or NULL */
} tables_column;

typedef struct tables_table {
    const char *path;        /* relative to OUT: "tables/units.csv", "validation.csv" */
    const char *sheet;       /* the sheet of tables.xlsx: "各单位" */
    const tables_column *columns;   /* ends with an entry of kind TABLES_END */
    /* The kind of the columns whose key is not in `columns` (notice.csv's one column of
       points per rule, named by the rule's id), or NULL: such a column is text. */
    const tables_column *others;
} tables_table;

/* Every table a run may write, in the order of the workbook's sheets, and their count.
   A table whose file a run did not write (bonus_audit.csv without rules) is skipped. */
extern const tables_table TABLES[];
extern const size_t TABLES_COUNT;

/* The number of columns of a list, the figures' columns counted one by one. Cannot fail. */
size_t tables_column_count(const tables_column *columns);
/* Column i (< tables_column_count(columns)); a figure's column is taken from the figures'
   own table (FIGURES_UNIT_COLUMNS, FIGURES_GROUP_COLUMNS, FIGURES_TEAM_COLUMNS: key, Chinese
   name, places; kind TABLES_INTEGER with no decimals, else TABLES_DECIMAL), a
   TABLES_UNIT_FIGURE's from its entry of FIGURES_UNIT_COLUMNS. Cannot fail. */
tables_column tables_column_at(const tables_column *columns, size_t i);
/* The Chinese name of a column of t that t describes only by kind (t->others): for
   notice.csv's columns of points, the label of the rule whose id is key; else key. */
const char *tables_other_label(const run_context *rc, const tables_table *t, const char *key);

/* The column whose key is key (of n bytes) into *out. Returns 0, or -1 when there is none. */
int tables_column_find(const tables_column *columns, const char *key, size_t n,
                       tables_column *out);
/* The header row of the first n columns (all of them when n exceeds the count) into w.
   Returns 0, -1 when out of memory. */
int tables_header(csvw *w, const tables_column *columns, size_t n);

#endif
