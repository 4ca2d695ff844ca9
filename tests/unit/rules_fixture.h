/* tests/unit/rules_fixture.h — a small ledger and its per-unit figures, filled by hand in
   memory, for the tests of rules/ and of the outputs that print bonus points. */
#ifndef TZ_RULES_FIXTURE_H
#define TZ_RULES_FIXTURE_H
#include <stdio.h>
#include <string.h>
#include "pipeline/figures.h"

#define MAX_UNITS 6
#define MAX_ACTS 64

typedef struct fixture {
    ledger l;
    figures f;
    ledger_unit units[MAX_UNITS];
    figures_unit fu[MAX_UNITS];
    uint32_t lists[MAX_UNITS][MAX_ACTS];
    ledger_activity acts[MAX_ACTS];
    ledger_participation parts[64];
    char *categories[2];
    char *campaigns[1];
} fixture;

static char UNIT_IDS[MAX_UNITS][8] = {"U01", "U02", "U03", "U04", "U05", "U06"};
static char ACT_IDS[MAX_ACTS][16];      /* "A1", "A2", … */
static char CAT0[] = "植树造林", CAT1[] = "医疗卫生", CAMP0[] = "十个全覆盖";

static inline void fixture_init(fixture *x, size_t n_units)
{
    memset(x, 0, sizeof *x);
    x->l.units = x->units;
    x->l.n_units = n_units;
    x->l.activities = x->acts;
    x->l.participation = x->parts;
    x->categories[0] = CAT0;
    x->categories[1] = CAT1;
    x->campaigns[0] = CAMP0;
    x->l.categories = x->categories;
    x->l.n_categories = 2;
    x->l.campaigns = x->campaigns;
    x->l.n_campaigns = 1;
    for (size_t i = 0; i < MAX_ACTS; i++)
        snprintf(ACT_IDS[i], sizeof ACT_IDS[i], "A%zu", i + 1);
    for (size_t u = 0; u < n_units; u++) {
        x->units[u].id = UNIT_IDS[u];
        x->fu[u].activities = x->lists[u];
    }
    x->f.ledger = &x->l;
    x->f.units = x->fu;
}

/* Sets the figures the default rules read. */
static inline void set_unit(fixture *x, size_t u, int64_t party_members, int64_t party_volunteers,
                     int64_t person_times, int64_t independent, int64_t group,
                     int64_t committee, int64_t demands)
{
    figures_unit *fu = &x->fu[u];
    x->units[u].party_members = party_members;
    fu->party_members = party_members;
    fu->party_volunteers = party_volunteers;
    fu->volunteers = party_volunteers;
    fu->person_times = person_times;
    fu->activities_independent = independent;
    fu->activities_group = group;
    fu->activities_committee = committee;
    fu->demands_answered = demands;
}

#endif
