/* output/xlsx.h — OUT/tables.xlsx: every table of the run in one workbook for Excel and
   WPS, one sheet per table of TABLES (output/tables), written with libxlsxwriter from the
   CSV files that tables_write has just put in the same folder: the same cells, each typed
   by its column's description (numbers as numbers with their decimals as a number format,
   ids as text, dates as dates), Chinese column names over a frozen row of the CSV keys,
   a filter, widths that fit, A4 landscape print set-up; never a formula. Same folder
   contents and SOURCE_DATE_EPOCH → same bytes.
   May call: base/, output/tables, output/csvw (the guard rule), output/report (the title
   and the documents' date), output/run.h, libxlsxwriter, libc. */
#ifndef TZ_XLSX_H
#define TZ_XLSX_H
#include "base/status.h"
#include "output/run.h"

#define XLSX_NAME "tables.xlsx"

/* Reads the tables of TABLES under dir (a table whose file is absent is left out) and
   writes dir/tables.xlsx. Returns TZ_OK; TZ_IOERR when a table cannot be read or the
   workbook cannot be written (libxlsxwriter's reason on stderr, with the path);
   TZ_SOFTWARE when a table is not as tables_write writes it; TZ_NOMEM. */
tz_status xlsx_write(const run_context *rc, const char *dir);

#endif
