/* output/cnnum.h — numbers written the way a Chinese report writes them: thousands
   separators below 1万, then 万 and 亿 with a few significant digits ("1.2万", "3,456万").
   For charts and the PDF report; exact on integers (half-up rounding, no floating point)
   except for axis ticks, which are doubles by nature. May call: base/buf, base/num. */
#ifndef TZ_CNNUM_H
#define TZ_CNNUM_H
#include <stdint.h>
#include "base/buf.h"

/* Appends a whole number: |v| < 10 000 with separators ("9,876", "-12"); from 1万 on in
   万 (and from 1亿 in 亿) with 3 significant digits, trailing zeros dropped, separators on
   the whole part: 12 345 → "1.23万", 123 456 → "12.3万", 1 234 567 → "123万",
   12 345 678 → "1,235万", 123 456 789 → "1.23亿". Rounds half up. Returns 0, -1 (memory). */
int cnnum_count(buf *b, int64_t v);

/* Appends scaled / 10^places with exactly `places` decimals and thousands separators on
   the whole part: (1234567, 1) → "123,456.7". Returns 0, -1 (memory). */
int cnnum_fixed(buf *b, int64_t scaled, int places);

/* Like cnnum_fixed, but trailing zero decimals (and a bare point) are dropped:
   (12500, 4) → "1.25", (30000, 4) → "3". Returns 0, -1 (memory). */
int cnnum_trim(buf *b, int64_t scaled, int places);

/* Appends the label of an axis tick at v, where ticks are `step` apart (a 1, 2 or 5 times
   a power of ten). When `wan` is set the tick is written in 万 ("0.5万", "1万"; 0 stays
   "0"); otherwise with as many decimals as the step needs and separators ("2,500",
   "0.25"). Returns 0, -1 (memory). */
int cnnum_tick(buf *b, double v, double step, int wan);

/* Whether an axis reaching `max` should label its ticks in 万: max >= 20 000 (an axis
   up to 15 000 reads better as 5,000 10,000 15,000 than as 0.5万 1万 1.5万). */
int cnnum_tick_wan(double max);

#endif
