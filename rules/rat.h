/* rules/rat.h — exact rational numbers on int64 with __int128 intermediates, for the
   rules evaluator: no binary floating point anywhere near bonus points.
   A value is num/den with den > 0 and the fraction reduced; den = 0 means undefined
   (a rate of a unit with no party members), and undefined propagates.
   May call: libc only. */
#ifndef TZ_RAT_H
#define TZ_RAT_H
#include <stdint.h>

typedef struct rat { int64_t num, den; } rat;

#define RAT_UNDEFINED ((rat){0, 0})

/* num/den reduced (den may be negative; den = 0 gives undefined). */
rat rat_make(int64_t num, int64_t den);
static inline int rat_defined(rat a) { return a.den != 0; }

/* Arithmetic. Each returns 0 and sets *out, or -1 on int64 overflow (*out unchanged).
   An undefined operand, or division by zero, gives an undefined result (returns 0). */
int rat_add(rat a, rat b, rat *out);
int rat_sub(rat a, rat b, rat *out);
int rat_mul(rat a, rat b, rat *out);
int rat_div(rat a, rat b, rat *out);

/* -1, 0, 1 as a <, =, > b. Both must be defined. Never overflows. */
int rat_cmp(rat a, rat b);

/* a × 100 rounded half up (half away from zero) to whole hundredths. Returns 0, or -1 on
   overflow or when a is undefined. */
int rat_to_cents(rat a, int64_t *out);

/* Parses a decimal literal "12", "0.25", "20%" (the % divides by 100) from the bytes
   [s, s+n). Returns 0, or -1 when it is not such a literal or has over 18 digits. */
int rat_parse(const char *s, size_t n, rat *out);

#endif
