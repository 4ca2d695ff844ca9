/* pipeline/supply.h — demand against supply of service, per service category × area type
   (docs/figures.md, "Demand and supply"): the demands raised, answered and open there, the
   service given there, the teams whose 服务领域 is the category, and a gap measure that
   ranks the cells; and per team, the activities its members served in each cell.
   The counts that need the skills map (volunteers with a mapped skill, the suggested teams
   for each open demand) are filled in later by rules/suggest, into the same struct.
   May call: base/, input/ledger, pipeline/figures. */
#ifndef TZ_SUPPLY_H
#define TZ_SUPPLY_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"
#include "input/ledger.h"
#include "pipeline/figures.h"

typedef struct supply_cell {
    int32_t category;                  /* index into ledger.categories */
    area_type area;
    int64_t demands, answered, open;
    int64_t median_half_days;          /* days to answer, median in half days; -1: none answered */
    int64_t activities, person_times, hours_tenths;   /* all service in the cell */
    int64_t teams;                     /* teams whose 服务领域 names the category */
    int64_t skilled, skilled_active;   /* rules/suggest: volunteers with a skill mapped to the
                                          category, and of those with a participation row */
    int64_t gap_num;                   /* share of demands − share of activities =
                                          gap_num / supply.gap_den (the same for every cell) */
    size_t rank;                       /* 1-based by gap; 0 for a cell with neither demand
                                          nor activity (not listed) */
} supply_cell;

#define SUPPLY_PICKS 3

/* A team suggested for an open demand, with what ranked it (docs/figures.md). */
typedef struct supply_pick {
    int32_t team;                      /* index into ledger.teams */
    int64_t here;                      /* activities its members served in the demand's cell */
    int64_t category;                  /* ... in the demand's category, any area type */
    int64_t skilled;                   /* members with a skill mapped to the category */
    int64_t assigned;                  /* open demands suggested to it before this one */
    int specialty;                     /* its 服务领域 names the category */
    char *reason;                      /* the above in words (rules/suggest), owned */
} supply_pick;

typedef struct supply_open {
    int32_t demand;                    /* index into ledger.demands */
    int64_t days_open;                 /* from 提出日期 to 31 December of the year */
    size_t n_picks;
    supply_pick picks[SUPPLY_PICKS];
} supply_open;

typedef struct supply {
    const ledger *ledger;              /* borrowed, like the figures */
    const figures *figures;
    size_t n_categories;
    supply_cell *cells;                /* [n_categories × AREA_COUNT]: supply_cell_at */
    size_t *ranked;                    /* the listed cells by rank: indices into cells */
    size_t n_ranked;
    int64_t demands, activities;       /* the year's, for the shares */
    int64_t gap_den;                   /* demands × activities of the year, 0 taken as 1 */
    /* Per team: activities in which one of its members has a participation row, by cell
       ([n_teams × n_categories × AREA_COUNT]), and whether its 服务领域 names each category
       ([n_teams × n_categories]). */
    int32_t *team_activities;
    uint8_t *team_specialty;
    /* Filled by rules/suggest: members of each team with a skill mapped to each category
       ([n_teams × n_categories]), and the open demands in demand_id byte order. */
    int32_t *team_skilled;
    supply_open *open;
    size_t n_open, n_open_suggested;
    int suggested;                     /* 1 once rules/suggest has run */
    /* The skills map used (rules/suggest; borrowed from it), for the manifest. */
    const char *skills_source, *skills_text;
    size_t skills_len;
} supply;

/* The columns of supply_demand.csv, in order: key, Chinese label (the report's tables) and
   decimals. One owner for each: the table and the report read them from here. */
typedef enum {
    SUPPLY_COL_RANK, SUPPLY_COL_CATEGORY, SUPPLY_COL_AREA, SUPPLY_COL_DEMANDS,
    SUPPLY_COL_ANSWERED, SUPPLY_COL_OPEN, SUPPLY_COL_ANSWER_RATE, SUPPLY_COL_MEDIAN_DAYS,
    SUPPLY_COL_ACTIVITIES, SUPPLY_COL_PERSON_TIMES, SUPPLY_COL_HOURS, SUPPLY_COL_TEAMS,
    SUPPLY_COL_SKILLED, SUPPLY_COL_SKILLED_ACTIVE, SUPPLY_COL_DEMAND_SHARE,
    SUPPLY_COL_SERVICE_SHARE, SUPPLY_COL_GAP, SUPPLY_COL_COUNT
} supply_column_id;

typedef struct supply_column {
    const char *name;                  /* "demands" */
    const char *label;                 /* "需求（项）" */
    int places;
    /* A figure the groups have too (activities, person_times, hours): that column of
       FIGURES_GROUP_COLUMNS, whose key, label and places it takes; name and label are then
       NULL here. Read a column through supply_column_at. */
    const figures_group_column *same_as;
} supply_column;

extern const supply_column SUPPLY_COLUMNS[SUPPLY_COL_COUNT];

/* Column i (< SUPPLY_COL_COUNT) with its key, label and places resolved. Cannot fail. */
supply_column supply_column_at(size_t i);

/* Computes the counts that need only the ledger and its figures. On TZ_OK *out is the
   supply (supply_free); TZ_NOMEM; TZ_SOFTWARE when a count overflows. */
tz_status supply_compute(const figures *f, supply **out);
void supply_free(supply *s);           /* supply_free(NULL) does nothing */

static inline size_t supply_cell_at(size_t category, area_type area)
{
    return category * AREA_COUNT + (size_t)area;
}

/* Whether c separates names in a list cell (特长, 服务领域) or the skills map:
   、，,；;/ and spaces (ASCII, tab, U+3000). */
int supply_is_separator(uint32_t c);
/* The next name of a list cell: skips separators at *p and returns 1 with the name at
   *name (n bytes), *p moved past it; 0 at end. */
int supply_next_name(const char **p, const char *end, const char **name, size_t *n);

/* The gap as a fraction in [−1, 1] with `places` decimals (rounded half away from 0). */
int64_t supply_gap_scaled(const supply *s, const supply_cell *c, int places);

#endif
