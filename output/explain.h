/* output/explain.h — the text of `taizhang explain`: one unit's figures by their Chinese
   names (FIGURES_UNIT_COLUMNS), then its bonus points rule by rule (label, the figures
   read, the activities that counted, raw points, after the rule's cap, after the total
   cap, the total), in Chinese, wrapped for an 80-column terminal.
   Its numbers are those of tables/bonus_audit.csv: both print the same struct bonus.
   May call: base/, rules/rules, pipeline/figures, input/ledger. */
#ifndef TZ_EXPLAIN_H
#define TZ_EXPLAIN_H
#include <stddef.h>
#include "base/buf.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

#define EXPLAIN_WIDTH 80     /* no line is wider than this, in terminal columns */

/* Appends the explanation for unit u (index into the ledger's units) to out.
   Returns 0, or -1 when out of memory. */
int explain_unit(buf *out, const bonus *b, const figures *f, size_t u);

/* The width of n bytes of UTF-8 in a terminal: Chinese characters and full-width forms
   count 2 (so do quotes, arrows and ≥ ≤ ≈, which Chinese terminals draw wide), other
   characters 1; bytes that are not UTF-8 count 1 each. */
size_t explain_display_width(const char *s, size_t n);

#endif
