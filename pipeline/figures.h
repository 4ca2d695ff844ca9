/* pipeline/figures.h — every figure of the spec (docs/figures.md), computed from a
   ledger: per unit, per category / area / month / campaign / result / team, the city
   totals. Exact: counts as integers, hours in tenths, money in fen; rates are kept as
   their numerator and denominator so that rules compare them at full precision.
   The pipeline's product, handed to rules and output. May call: base/, input/ledger. */
#ifndef TZ_FIGURES_H
#define TZ_FIGURES_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"
#include "input/ledger.h"

typedef enum { APPORTION_SHARE, APPORTION_LEAD } figures_apportion;

typedef struct figures_unit {
    int64_t party_members;
    int64_t volunteers;
    int64_t party_volunteers;          /* 中共党员 + 中共预备党员 */
    /* participation_rate = party_volunteers / party_members, undefined when party_members = 0 */
    int64_t active_volunteers;
    int64_t person_times;
    int64_t hours_tenths;
    int64_t activities_independent;
    int64_t activities_group;
    int64_t activities_committee;
    int64_t beneficiaries;             /* apportioned */
    int64_t demands_answered;
    int64_t donation_fen;
    /* The activities this unit leads or has a participation row in, ascending: each entry
       an index into ledger.activities (FIGURES_ACTIVITY) with the unit's relation to it
       (FIGURES_LEADS, FIGURES_TOOK_PART). What the rules and bonus_audit.csv count. */
    uint32_t *activities;
    size_t n_activities;
} figures_unit;

/* A row of categories.csv, areas.csv, monthly.csv and campaigns.csv. */
typedef struct figures_group {
    int64_t activities, person_times, hours_tenths, beneficiaries;
} figures_group;

typedef struct figures_result {        /* results.csv: per indicator and measure unit */
    const char *indicator, *measure_unit;   /* borrowed from the ledger */
    int64_t quantity_e4;
    int64_t activities;
} figures_result;

typedef struct figures_team {          /* teams.csv */
    int64_t members, active_members, person_times, hours_tenths;
} figures_team;

typedef struct figures_city {
    int64_t units, units_with_volunteers, teams_party, teams_youth, volunteers,
            party_volunteers, youth_volunteers, party_members, active_volunteers,
            person_times, hours_tenths, activities, activities_independent,
            activities_group, activities_committee, beneficiaries, donation_fen,
            demands, demands_answered;
    /* active_volunteers: distinct volunteers with any participation row, city-wide. */
    /* median_response_days over answered demands, in half days (a median of an even
       count may end in .5); -1 when no demand was answered. */
    int64_t median_response_half_days;
    /* The sum of the units' active_volunteers: a volunteer who served for two units
       counts twice here, once in active_volunteers. */
    int64_t active_volunteers_total;
} figures_city;

typedef struct figures {
    const ledger *ledger;              /* borrowed: must outlive the figures */
    figures_apportion apportion;
    figures_unit *units;               /* [ledger->n_units], same order as the ledger */
    figures_group *categories;         /* [ledger->n_categories] */
    figures_group areas[AREA_COUNT];
    figures_group months[12];
    figures_group *campaigns;          /* [ledger->n_campaigns] */
    figures_result *results;           size_t n_results;   /* sorted by indicator, unit */
    figures_team *teams;               /* [ledger->n_teams] */
    figures_city city;
    int64_t *volunteer_hours_tenths;   /* [ledger->n_volunteers]: for concentration stats */
    /* Demands: for each demand, the index of its first answering activity, or LEDGER_NONE. */
    int32_t *demand_first_activity;    /* [ledger->n_demands] */
    /* The units in unit_id byte order (the order of every per-unit table). */
    uint32_t *unit_order;              /* [ledger->n_units] */
    /* Participation rows per activity (0: its beneficiaries went to its lead unit). */
    int64_t *activity_person_times;    /* [ledger->n_activities] */
} figures;

/* Computes every figure. On TZ_OK *out is the figures (figures_free). TZ_NOMEM; TZ_SOFTWARE
   when the apportionment fails (a bug); TZ_DATAERR when a total leaves int64 (two
   activities of 受益人数 9·10^18) or the ledger has more than FIGURES_MAX_INDEX units or
   activities or FIGURES_MAX_ROWS participation rows: then figures_compute_err appends
   "FILE:LINE: 中文说明\n" for the row where the total left the range to err.
   Memory grows with units, volunteers, activities and the distinct (unit, volunteer) and
   (activity, unit) pairs of participation, never with a copy of the participation rows. */
tz_status figures_compute(const ledger *l, figures_apportion apportion, figures **out);
/* The same on `threads` threads (0: all cores; a ledger under 200,000 participation rows
   a thread takes fewer): the same figures, to the last bit, whatever the number. */
tz_status figures_compute_on(const ledger *l, figures_apportion apportion, int threads,
                             figures **out);
tz_status figures_compute_err(const ledger *l, figures_apportion apportion, int threads,
                              figures **out, buf *err);
void figures_free(figures *f);              /* figures_free(NULL) does nothing */

/* "share" / "lead" (the --apportion option and the report). */
const char *figures_apportion_name(figures_apportion a);
/* Parses "share" or "lead". Returns 0, or -1 for anything else. */
int figures_apportion_parse(const char *s, figures_apportion *out);

/* The month (1-12) of a ledger date. */
int figures_date_month(ledger_date d);

/* A unit's relation to an activity of its list, in the top bits of the list's entry. */
#define FIGURES_LEADS ((uint32_t)1 << 31)         /* the unit leads the activity */
#define FIGURES_TOOK_PART ((uint32_t)1 << 30)     /* the unit has a participation row in it */
#define FIGURES_RELATION_BITS (FIGURES_LEADS | FIGURES_TOOK_PART)
/* The activity (index into ledger.activities) of an entry of a unit's list. */
#define FIGURES_ACTIVITY(entry) ((entry) & ~FIGURES_RELATION_BITS)
/* At most this many activities and units: an index must leave the relation bits free. */
#define FIGURES_MAX_INDEX (FIGURES_TOOK_PART - 1)
/* At most this many participation rows: every count and sum of hours then fits, and so
   does each (activity, unit) pair's place in 32 bits. */
#define FIGURES_MAX_ROWS ((size_t)UINT32_MAX - FIGURES_MAX_INDEX)

/* A per-unit figure as an exact fraction num/den (den > 0), or den = 0 when undefined
   (participation_rate of a unit with no party members). */
typedef struct figures_value { int64_t num, den; } figures_value;

/* One per-unit figure: the columns of tables/units.csv, the figures the rules read, the
   lines of explain and bonus_audit.csv. The one place a per-unit figure is named. */
typedef struct figures_column {
    const char *key;                   /* units.csv's header, the rules' name: hours */
    const char *chinese;               /* the rules' other name, explain, the report: "服务时长" */
    const char *measure;               /* unit of measure for a table header ("小时"), or NULL */
    int places;                        /* decimals in the tables */
    figures_value (*value)(const figures_unit *u);
    /* For a count of activities: whether it counts an activity of the unit's list, given
       the entry's relation bits (FIGURES_LEADS, FIGURES_TOOK_PART); NULL for the others. */
    int (*counts)(const ledger_activity *a, uint32_t relation);
} figures_column;

extern const figures_column FIGURES_UNIT_COLUMNS[];
extern const size_t FIGURES_UNIT_COLUMN_COUNT;

/* The places of the columns in FIGURES_UNIT_COLUMNS, for code that names a column (the
   statistics across units, the report's annex, the anomalies), given there by designated
   initializers (a clash is a compiler warning: -Woverride-init). */
enum {
    FIGURES_PARTY_MEMBERS, FIGURES_VOLUNTEERS, FIGURES_PARTY_VOLUNTEERS,
    FIGURES_PARTICIPATION_RATE, FIGURES_ACTIVE_VOLUNTEERS, FIGURES_PERSON_TIMES, FIGURES_HOURS,
    FIGURES_ACTIVITIES_INDEPENDENT, FIGURES_ACTIVITIES_GROUP, FIGURES_ACTIVITIES_COMMITTEE,
    FIGURES_BENEFICIARIES, FIGURES_DEMANDS_ANSWERED, FIGURES_DONATION
};

/* The column whose key or Chinese name is name[0..n), or NULL. */
const figures_column *figures_column_find(const char *name, size_t n);

/* One city total: a row of tables/summary.csv and of the report's table of main figures. */
typedef struct figures_city_column {
    const char *key;                   /* summary.csv's key: hours */
    const char *label;                 /* the report's: "服务时长（小时）" */
    int places;                        /* decimals in summary.csv */
    figures_value (*value)(const figures_city *c);   /* den = 0 when undefined */
} figures_city_column;

extern const figures_city_column FIGURES_CITY_COLUMNS[];
extern const size_t FIGURES_CITY_COLUMN_COUNT;

/* The figures of a group: the columns of categories.csv, areas.csv, monthly.csv and
   campaigns.csv after the group's name. */
typedef struct figures_group_column {
    const char *key;
    const char *label;                 /* the Chinese table header: "服务时长（小时）" */
    int places;
    figures_value (*value)(const figures_group *g);
} figures_group_column;

extern const figures_group_column FIGURES_GROUP_COLUMNS[];
/* Their places, for the tables that show the same figure (pipeline/supply). */
enum { FIGURES_GROUP_ACTIVITIES, FIGURES_GROUP_PERSON_TIMES, FIGURES_GROUP_HOURS };
extern const size_t FIGURES_GROUP_COLUMN_COUNT;

/* The figures of a team: the columns of teams.csv after the team's own. */
typedef struct figures_team_column {
    const char *key;
    const char *label;                 /* the Chinese table header: "参与队员人数" */
    int places;
    figures_value (*value)(const figures_team *t);
} figures_team_column;

extern const figures_team_column FIGURES_TEAM_COLUMNS[];
extern const size_t FIGURES_TEAM_COLUMN_COUNT;

#endif
