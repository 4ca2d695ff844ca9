/* base/num.h — exact decimal arithmetic on scaled integers (tenths of hours, fen,
   hundredths of points) and their text forms. No binary floating point here.
   May call: base/buf. */
#ifndef TZ_NUM_H
#define TZ_NUM_H
#include <stdint.h>
#include "base/buf.h"

/* num / den rounded half up (half away from zero for negative values). den > 0.
   Returns 0 and sets *out, or -1 on overflow or den <= 0. */
int num_div_round(int64_t num, int64_t den, int64_t *out);

/* num / den as a decimal with `places` digits, rounded half up, e.g. (1, 3, 4) → 3333
   meaning 0.3333. Returns 0, or -1 on overflow / den <= 0. */
int num_ratio_scaled(int64_t num, int64_t den, int places, int64_t *out);

/* The change from before = bn/bd to now = an/ad in percent, (now − before) / before, with 2
   decimals rounded half up: 1250 means +12.50 %. Exact on the fractions:
   (a/b − c/d) / (c/d) = (a·d − c·b) / (c·b). Returns 0, or -1 when undefined (before is 0, a
   denominator is not positive) or on overflow. */
int num_change_percent(int64_t an, int64_t ad, int64_t bn, int64_t bd, int64_t *out);

/* Appends a scaled integer as a decimal with exactly `places` digits after the point:
   (12345, 2) → "123.45", (-5, 1) → "-0.5", (7, 0) → "7"; places 0..40 (less than 0 counts as
   0). Returns 0, or -1 when out of memory or places > 40. */
int num_format_fixed(buf *b, int64_t scaled, int places);

#endif
