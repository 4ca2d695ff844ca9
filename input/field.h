/* input/field.h — typed values out of ledger cells: trimming, integers and decimals
   (exact, scaled), hours, dates, ids, enums, ID-card check digits, and the masks for
   personal data. Each parser says precisely what is wrong with a rejected value and
   what to write instead, for the clerk who fixes it. No allocation, no strtod, no
   strlen on cell bytes.
   May call: base/buf, libc. */
#ifndef TZ_FIELD_H
#define TZ_FIELD_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

/* Why a value was rejected (or accepted with a warning). All strings static. */
typedef struct field_issue {
    const char *code;     /* stable code, e.g. "number.approximate" */
    const char *reason;   /* Chinese: what is wrong, e.g. "不是确切的数字" */
    const char *hint;     /* Chinese: what to write, e.g. "写成纯数字，如 300" */
} field_issue;

/* Removes surrounding white space: ASCII space, tab, CR, LF, U+00A0, U+3000 (全角空格),
   U+200B (zero width space), U+FEFF. Updates *s and *n in place. */
void field_trim(const char **s, size_t *n);

/* 1 when the cell holds an Excel error value (#N/A, #DIV/0!, #REF!, #VALUE!, #NAME?,
   #NUM!, #NULL!, #SPILL!, #CALC!, #GETTING_DATA), else 0. */
int field_is_excel_error(const char *s, size_t n);

/* A decimal number with at most `places` decimals (0..6), as an integer scaled by
   10^places: "1,200" → 1200, "1200.0" → 1200 with places 0, "12.5" → 125 with places 1,
   full-width digits accepted. More decimals are accepted only when they are zeros.
   Returns 0, or -1 with *iss filled (number.invalid, number.approximate, number.percent,
   number.currency, number.scientific, number.too_many_places, number.too_large,
   cell.excel_error). Negative values are accepted; range checks are the caller's. */
int field_decimal(const char *s, size_t n, int places, int64_t *scaled, field_issue *iss);

/* The common forms of field_hours without its diagnostics, for the participation fast
   path: digits (at most 3) with at most one decimal ("3", "2.5", "012.0"), more than 0
   and at most 24. Returns 1 and the tenths field_hours gives; 0 for any other form
   (field_hours then decides). */
int field_hours_quick(const char *s, size_t n, uint16_t *tenths);

/* Service hours: 0 < h ≤ 24 with at most one decimal, in tenths. Returns 0, or -1 with
   *iss (hours.format for 2:30 / 2小时30分 / 150分钟, hours.out_of_range, and those of
   field_decimal). */
int field_hours(const char *s, size_t n, uint16_t *tenths, field_issue *iss);

/* Days since 1970-01-01 of a valid Gregorian date; no range check. */
int32_t field_days_from_civil(int y, int m, int d);
/* The inverse. */
void field_civil_from_days(int32_t days, int *y, int *m, int *d);

/* A date: 2025-03-05, 2025/3/5, 2025.3.5, 2025年3月5日, 20250305; full-width digits
   accepted. Returns 0. An Excel serial day number (5 digits, epoch 1899-12-30, e.g.
   45721 = 2025-03-05) returns 1 with *iss = date.excel_serial (a warning). Otherwise
   -1 with *iss (date.invalid, cell.excel_error). */
int field_date(const char *s, size_t n, int32_t *days, field_issue *iss);

/* An id (编码/编号): kept as text exactly. Returns 0, or -1 with *iss for a value that
   Excel turned into scientific notation (id.scientific) or an Excel error value. */
int field_id(const char *s, size_t n, field_issue *iss);

/* Index of s in names[0..count), or -1. Exact after trimming. */
int field_enum(const char *s, size_t n, const char *const *names, size_t count);

/* GB 11643 check of a resident ID number: 0 valid (18 characters with a correct check
   digit, or an old 15-digit number), 1 wrong check digit, 2 not an ID number's form. */
int field_idcard_check(const char *s, size_t n);

/* Masks: ID numbers keep the first 6 and last 4 characters (150702********1234), phone
   numbers the first 3 and last 4 (138****5678); a value shorter than an ID number (15)
   or a mobile number (11), or not plain ASCII, is masked whole. Appends to out; returns 0 or -1 (no memory). */
int field_mask_idcard(buf *out, const char *s, size_t n);
int field_mask_phone(buf *out, const char *s, size_t n);

#endif
