/* output/csvw.h — writes the CSV outputs of the contract: UTF-8 with a BOM, CRLF, quoted
   where needed, and text cells made safe for spreadsheets (a text cell that begins with
   = + - @, tab or CR gets a leading apostrophe; number cells are written as they are).
   The table is built in memory, the caller writing csvw.out where it belongs; or, begun
   with csvw_begin_file, written to a file as it grows (a table of tens of megabytes then
   never sits in memory whole).
   May call: base/buf, base/num, libc. */
#ifndef TZ_CSVW_H
#define TZ_CSVW_H
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include "base/buf.h"

typedef struct csvw {
    buf out;
    int cells_in_row;
    int failed;        /* sticky: set when any append ran out of memory or a write failed */
    FILE *sink;        /* csvw_begin_file: where the rows go; NULL: they stay in out */
    int write_errno;   /* sticky: the errno of the first failed write to sink, else 0 */
} csvw;

/* Starts a table (writes the BOM unless bom == 0). Returns 0, -1 when out of memory. */
int csvw_begin(csvw *w, int bom);
/* The same for a table written to fp (opened for writing, the caller's to close): out
   holds only the rows not yet written; csvw_flush writes the rest. */
int csvw_begin_file(csvw *w, FILE *fp, int bom);
/* Writes what out holds to the sink (nothing without one). Returns 0, or -1 when a write
   failed (w->failed and w->write_errno set). */
int csvw_flush(csvw *w);

/* Cells. Each returns 0, or -1 when out of memory (and w->failed is set). */
int csvw_text(csvw *w, const char *s, size_t n);      /* text: made safe, quoted as needed */
int csvw_str(csvw *w, const char *s);                 /* text, NUL-terminated; NULL = empty */
int csvw_int(csvw *w, int64_t v);                     /* a whole number */
int csvw_fixed(csvw *w, int64_t scaled, int places);  /* 1234, 1 → 123.4 */
/* A number with an explicit sign: "+1.50", "-0.25", and "0.00" for zero (a signed
   change; written as a number, never guarded). */
int csvw_fixed_signed(csvw *w, int64_t scaled, int places);
/* The exact value num/den rounded half away from zero to `places` decimals, or an empty
   cell when den <= 0 (undefined: a rate over none) or the result does not fit. */
int csvw_fraction(csvw *w, int64_t num, int64_t den, int places);
int csvw_empty(csvw *w);                              /* an empty cell */
int csvw_end_row(csvw *w);                            /* CRLF; with a sink, writes
                                                         out once it holds a megabyte */

/* Writes a header row from a NULL-terminated list of names. */
int csvw_header(csvw *w, const char *const *names);

/* 1 when a text cell would be changed by the spreadsheet-safety rule. */
int csvw_needs_guard(const char *s, size_t n);

void csvw_release(csvw *w);

#endif
