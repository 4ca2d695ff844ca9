/* output/csvw.h — writes the CSV outputs of the contract: UTF-8 with a BOM, CRLF, quoted
   where needed, and text cells made safe for spreadsheets (a text cell that begins with
   = + - @, tab or CR gets a leading apostrophe; number cells are written as they are).
   The table is built in memory; the caller writes csvw.out where it belongs.
   May call: base/buf, base/num. */
#ifndef TZ_CSVW_H
#define TZ_CSVW_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

typedef struct csvw {
    buf out;
    int cells_in_row;
    int failed;        /* sticky: set when any append ran out of memory */
} csvw;

/* Starts a table (writes the BOM unless bom == 0). Returns 0, -1 when out of memory. */
int csvw_begin(csvw *w, int bom);

/* Cells. Each returns 0, or -1 when out of memory (and w->failed is set). */
int csvw_text(csvw *w, const char *s, size_t n);      /* text: made safe, quoted as needed */
int csvw_str(csvw *w, const char *s);                 /* text, NUL-terminated; NULL = empty */
int csvw_int(csvw *w, int64_t v);                     /* a whole number */
int csvw_fixed(csvw *w, int64_t scaled, int places);  /* 1234, 1 → 123.4 */
/* A number with an explicit sign: "+1.50", "-0.25", and "0.00" for zero (a signed
   change; written as a number, never guarded). */
int csvw_fixed_signed(csvw *w, int64_t scaled, int places);
int csvw_empty(csvw *w);                              /* an empty cell */
int csvw_end_row(csvw *w);                            /* CRLF */

/* Writes a header row from a NULL-terminated list of names. */
int csvw_header(csvw *w, const char *const *names);

/* 1 when a text cell would be changed by the spreadsheet-safety rule. */
int csvw_needs_guard(const char *s, size_t n);

void csvw_release(csvw *w);

#endif
