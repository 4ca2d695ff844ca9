/* pipeline/anomaly.h — units whose figures are far outside the others', named with the
   reason (docs/figures.md, "Unusual figures"). Such figures may be right under the
   attribution rules; a reader must still be told. Computed after the figures.
   May call: base/, input/problem, input/ledger, pipeline/figures, GSL. */
#ifndef TZ_ANOMALY_H
#define TZ_ANOMALY_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"
#include "input/problem.h"
#include "pipeline/figures.h"

/* The multiple of the interquartile range above the upper quartile beyond which a unit's
   person-times per Party member is unusual (Tukey's "far out"). */
#define ANOMALY_IQR_FACTOR 3

typedef enum {
    ANOMALY_MORE_ACTIVE,      /* more active volunteers than registered ones */
    ANOMALY_PER_MEMBER        /* person-times per Party member above Q3 + 3 × IQR */
} anomaly_reason;

typedef struct anomaly {
    size_t unit;              /* index in the ledger's units */
    anomaly_reason reason;
} anomaly;

typedef struct anomalies {
    anomaly *items;           /* by unit (ledger order), then reason */
    size_t count;
    size_t compared;          /* units with volunteers and Party members, for the quartiles */
    double q1, q3, limit;     /* person-times per Party member; limit = q3 + 3 × (q3 − q1) */
} anomalies;

/* Finds the unusual units of f. On TZ_OK *out is the list (anomalies_free), possibly
   empty; TZ_NOMEM. The quartiles are GSL's (linear interpolation between order
   statistics), over the units with volunteers and Party members (those of
   statistics.csv's person_times_per_party_member); with fewer than 4 such units there is
   no per-member test. */
tz_status anomaly_find(const figures *f, anomalies **out);
void anomalies_free(anomalies *a);     /* anomalies_free(NULL) does nothing */

/* Appends the Chinese sentence saying why item i is unusual (no final newline).
   Returns 0, or -1 when out of memory. */
int anomaly_describe(const figures *f, const anomalies *a, size_t i, buf *out);

/* Adds one notice figure.unusual per item to pl, at the unit's line of units.csv with its
   id as the value. Returns 0, or -1 when out of memory. */
int anomaly_notices(const figures *f, const anomalies *a, problem_list *pl);

#endif
