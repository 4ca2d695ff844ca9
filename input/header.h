/* input/header.h — the columns of each ledger file and the mapping of a header row
   onto them: Chinese header (as exported) or English alias, any order, unknown columns
   ignored with one notice, a missing required column an error naming it.
   May call: base (all), input/problem, input/field, input/csvread. */
#ifndef TZ_HEADER_H
#define TZ_HEADER_H
#include <stddef.h>
#include <stdint.h>
#include "input/csvread.h"
#include "input/ledger.h"
#include "input/problem.h"

typedef struct header_column {
    const char *zh;          /* the Chinese header, e.g. "服务时长（小时）" */
    const char *zh_short;    /* an accepted shorter form ("服务时长"), or NULL */
    const char *alias;       /* the English alias, e.g. "volunteer_id" (case-insensitive) */
    int required;            /* the column must be present */
} header_column;

/* Column indices of each file, in the order of docs/ledgers.md. */
enum { UNIT_ID, UNIT_NAME, UNIT_PARTY_MEMBERS, UNIT_ORG_TYPE, UNIT_SECTOR, UNIT_COLS };
enum { TEAM_ID, TEAM_NAME, TEAM_UNIT, TEAM_TYPE, TEAM_FOUNDED, TEAM_SPECIALTY, TEAM_COLS };
enum { VOL_ID, VOL_NAME, VOL_UNIT, VOL_TEAM, VOL_STATUS, VOL_JOINED, VOL_SKILLS, VOL_PHONE,
       VOL_IDNUMBER, VOL_COLS };
enum { ACT_ID, ACT_DATE, ACT_TITLE, ACT_MODE, ACT_LEAD_UNIT, ACT_CATEGORY, ACT_AREA,
       ACT_LOCATION, ACT_DEMAND, ACT_CAMPAIGN, ACT_BENEFICIARIES, ACT_DONATION, ACT_COLS };
enum { PART_ACTIVITY, PART_VOLUNTEER, PART_HOURS, PART_UNIT, PART_ROLE, PART_COLS };
enum { DEM_ID, DEM_SUBMITTED, DEM_REQUESTER, DEM_AREA, DEM_CATEGORY, DEM_DESCRIPTION,
       DEM_CHANNEL, DEM_COLS };
enum { RES_ACTIVITY, RES_INDICATOR, RES_QUANTITY, RES_MEASURE_UNIT, RES_COLS };

#define HEADER_MAX_COLS 12

/* The columns of a file kind; *n gets their count. Never fails. */
const header_column *header_columns(ledger_file_kind kind, size_t *n);

typedef struct header_map {
    int32_t field[HEADER_MAX_COLS];   /* field index in the record of each column, or -1 */
    size_t width;                     /* fields in the header row, trailing empties left out */
} header_map;

/* How many fields of a record name a column of this kind (by header or alias). */
size_t header_recognized(ledger_file_kind kind, const csvread_field *fields, size_t n);

/* Maps a header row. Problems go to pl under file name `file` at `line`: one notice
   listing every unknown column (when notice_unknown), an error per duplicated column, an
   error per missing required column. Returns 0 when every required column is there, 1
   when one is missing or doubled (the file cannot be read), -1 when out of memory. */
int header_map_row(ledger_file_kind kind, const csvread_field *fields, size_t n,
                   header_map *map, problem_list *pl, const char *file, uint32_t line,
                   int notice_unknown);

#endif
