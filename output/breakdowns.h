/* output/breakdowns.h — the small tables of the year that the CSV tables and the report
   share, worked out once: volunteers by political status, units by participation-rate
   band, demands by channel, by category and by days to the first answer, activities by
   service mode, units by band of bonus points. tables.c writes each to tables/ and the
   report prints the same numbers with the file named as its source.
   May call: base/, input/ledger, pipeline/figures, rules/rules (the bonus struct). */
#ifndef TZ_BREAKDOWNS_H
#define TZ_BREAKDOWNS_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"
#include "output/run.h"

/* Participation-rate bands, compared exactly (party_volunteers·100 against k·party_members). */
enum { BAND_30_UP, BAND_20_30, BAND_UNDER_20, BAND_NO_MEMBERS, BAND_COUNT };
extern const char *const BREAKDOWNS_RATE_BANDS[BAND_COUNT];

/* Days from a demand to its first answering activity. */
#define BREAKDOWNS_DAY_BUCKETS 5
extern const int64_t BREAKDOWNS_DAY_UPTO[BREAKDOWNS_DAY_BUCKETS];   /* 7, 15, 30, 60, max */
extern const char *const BREAKDOWNS_DAY_NAMES[BREAKDOWNS_DAY_BUCKETS];

/* Bands of total bonus points: 0, then whole points up to the total cap, then the cap. */
#define BREAKDOWNS_MAX_POINT_BANDS 12
typedef struct breakdowns_band {
    int64_t from_cents, to_cents;   /* from ≤ points < to; from = to: exactly that */
    int64_t units;
    char name[48];                  /* "0 分", "1～2 分（不含 2 分）", "3.00 分（上限）" */
} breakdowns_band;

typedef struct breakdowns {
    int64_t political[POL_COUNT], political_active[POL_COUNT];
    int64_t bands[BAND_COUNT];
    /* by channel: [CHANNEL_COUNT] holds demands with no channel */
    int64_t channel[CHANNEL_COUNT + 1], channel_answered[CHANNEL_COUNT + 1];
    /* by category: [n_categories] holds demands of no known category */
    int64_t *category, *category_answered;   size_t n_categories;
    int64_t days[BREAKDOWNS_DAY_BUCKETS];
    figures_group mode[MODE_COUNT];
    breakdowns_band point_bands[BREAKDOWNS_MAX_POINT_BANDS];   size_t n_point_bands;
} breakdowns;

/* Works them out from the run (rc->bonus may be NULL: no point bands). On TZ_OK *out is
   the result (breakdowns_free); TZ_NOMEM. */
tz_status breakdowns_compute(const run_context *rc, breakdowns **out);
void breakdowns_free(breakdowns *b);   /* breakdowns_free(NULL) does nothing */

#endif
