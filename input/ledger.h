/* input/ledger.h — the ledgers (台账) of one reporting year, read and validated: the
   input stage's product, handed to the pipeline as plain arrays. Rows refer to each
   other by index (int32_t, LEDGER_NONE when absent), never by pointer. Personal data
   (phone, ID number) is kept only masked.
   May call: base (all), input (all). */
#ifndef TZ_LEDGER_H
#define TZ_LEDGER_H
#include <stddef.h>
#include <stdint.h>
#include "base/arena.h"
#include "base/status.h"
#include "input/problem.h"

#define LEDGER_NONE (-1)
#define LEDGER_NO_DATE INT32_MIN

/* Days since 1970-01-01 (proleptic Gregorian). */
typedef int32_t ledger_date;

typedef enum { TEAM_PARTY, TEAM_YOUTH, TEAM_TYPE_COUNT } team_type;             /* 党员 / 青年志愿服务队 */
typedef enum {
    POL_MEMBER,        /* 中共党员 */
    POL_PROBATIONARY,  /* 中共预备党员 */
    POL_LEAGUE,        /* 共青团员 */
    POL_ACTIVIST,      /* 入党积极分子 */
    POL_MASSES,        /* 群众 */
    POL_COUNT
} political_status;
typedef enum { MODE_INDEPENDENT, MODE_GROUP, MODE_COMMITTEE, MODE_COUNT } activity_mode;
typedef enum { AREA_COMMUNITY, AREA_FOREST, AREA_PASTORAL, AREA_FARM, AREA_STATION, AREA_OTHER,
               AREA_COUNT } area_type;                                      /* 社区 林区 牧区 农区 站所 其他 */
typedef enum { CHANNEL_MEETING, CHANNEL_VISIT, CHANNEL_BOX, CHANNEL_HOTLINE, CHANNEL_ONLINE,
               CHANNEL_OTHER, CHANNEL_COUNT } demand_channel;               /* 座谈会 走访 意见箱 热线电话 网络 其他 */

/* Chinese names of the enums, as in the ledgers (index = enum value). */
extern const char *const LEDGER_TEAM_TYPE_NAMES[TEAM_TYPE_COUNT];
extern const char *const LEDGER_POLITICAL_NAMES[POL_COUNT];
extern const char *const LEDGER_MODE_NAMES[MODE_COUNT];
extern const char *const LEDGER_AREA_NAMES[AREA_COUNT];
extern const char *const LEDGER_CHANNEL_NAMES[CHANNEL_COUNT];

typedef struct ledger_unit {
    char *id, *name;
    int64_t party_members;
    char *org_type, *sector;      /* "" when absent */
    uint32_t line;
} ledger_unit;

typedef struct ledger_team {
    char *id, *name;
    int32_t unit;
    team_type type;
    ledger_date founded_on;       /* LEDGER_NO_DATE when absent */
    char *specialty;
    uint32_t line;
} ledger_team;

typedef struct ledger_volunteer {
    char *id, *name;              /* name is personal data: only where a section needs it */
    int32_t unit;
    int32_t team;                 /* LEDGER_NONE when absent */
    political_status status;
    ledger_date joined_on;
    char *skills;
    char *phone_masked;           /* "138****5678", or "" */
    char *id_number_masked;       /* "150702********1234", or "" */
    uint32_t line;
} ledger_volunteer;

typedef struct ledger_activity {      /* (fields ordered for no padding: 72 bytes) */
    char *id;
    ledger_date date;
    uint32_t line;
    char *title;
    activity_mode mode;
    int32_t lead_unit;
    int32_t category;             /* index into ledger.categories */
    area_type area;
    char *location;
    int32_t demand;               /* LEDGER_NONE when absent */
    int32_t campaign;             /* index into ledger.campaigns, LEDGER_NONE when absent */
    int64_t beneficiaries;
    int64_t donation_fen;         /* yuan × 100 */
} ledger_activity;

/* One participation row, kept in 16 bytes: never its text. */
typedef struct ledger_participation {
    uint32_t activity;
    uint32_t volunteer;
    uint32_t unit;                /* the row's unit: 代表单位编码, else the volunteer's own unit */
    uint16_t hours_tenths;        /* 1..240 */
    uint16_t flags;               /* LEDGER_PART_* */
} ledger_participation;

#define LEDGER_PART_EXPLICIT_UNIT 1u  /* 代表单位编码 was given */

typedef struct ledger_demand {
    char *id;
    ledger_date submitted_on;
    char *requester;
    area_type area;
    int32_t category;
    char *description;
    int32_t channel;              /* demand_channel, or LEDGER_NONE */
    uint32_t line;
} ledger_demand;

typedef struct ledger_result {        /* (fields ordered for no padding: 32 bytes) */
    int32_t activity;
    uint32_t line;
    char *indicator;
    int64_t quantity_e4;          /* quantity × 10 000 (at most 4 decimal places) */
    char *measure_unit;
} ledger_result;

typedef enum {
    LEDGER_UNITS, LEDGER_TEAMS, LEDGER_VOLUNTEERS, LEDGER_ACTIVITIES, LEDGER_PARTICIPATION,
    LEDGER_DEMANDS, LEDGER_RESULTS, LEDGER_FILE_COUNT
} ledger_file_kind;

extern const char *const LEDGER_FILE_NAMES[LEDGER_FILE_COUNT];   /* "units.csv", ... */

/* The 服务类别 used when the ledger folder has no categories.txt (one category a line,
   # starts a comment), which replaces this list when present. */
#define LEDGER_DEFAULT_CATEGORY_COUNT 12
extern const char *const LEDGER_DEFAULT_CATEGORIES[LEDGER_DEFAULT_CATEGORY_COUNT];
#define LEDGER_CATEGORIES_FILE "categories.txt"

typedef struct ledger_file {
    int present;
    char *path;
    char encoding[16];            /* "UTF-8", "UTF-8-BOM", "GB18030" */
    uint64_t bytes;
    uint64_t rows;                /* data records read (before dropping any) */
    uint64_t rows_dropped;        /* lenient mode: records left out */
    uint8_t sha256[32];
} ledger_file;

typedef struct ledger {
    int year;
    ledger_unit *units;                   size_t n_units;
    ledger_team *teams;                   size_t n_teams;
    ledger_volunteer *volunteers;         size_t n_volunteers;
    ledger_activity *activities;          size_t n_activities;
    ledger_participation *participation;  size_t n_participation;
    ledger_demand *demands;               size_t n_demands;
    ledger_result *results;               size_t n_results;
    char **categories;                    size_t n_categories;
    char **campaigns;                     size_t n_campaigns;   /* in order of first use */
    ledger_file files[LEDGER_FILE_COUNT];
    problem_list problems;
    /* the texts of the rows above (ids, names, places, masked personal data), packed; a
       text that repeats from row to row (a place, a title) is stored once and shared */
    arena text;
    /* Seconds of ledger_load (for run --timings), wall and CPU (all threads): reading the
       files with the checks of each row; the checks across rows and files, dropping rows,
       warnings. */
    double seconds_read, seconds_validate, cpu_read, cpu_validate;
} ledger;

typedef struct ledger_options {
    int year;                     /* 0: the folder's name when it is a year, else a usage error */
    const char *encoding;         /* NULL: detect per file; else "UTF-8" or "GB18030" */
    int lenient;                  /* drop the rows in error instead of failing */
    int threads;                  /* 0: all cores */
} ledger_options;

/* Reads and validates the ledgers in dir. On TZ_OK *out is the ledger (ledger_free).
   Returns TZ_NOINPUT when dir or a required file is missing or unreadable, TZ_DATAERR
   when there are errors and not lenient, or when a whole file cannot be read as a
   ledger (encoding, header, categories.txt) even when lenient; TZ_USAGE for a bad option
   (no year, unknown encoding); TZ_NOMEM. On every status but TZ_NOMEM *out holds the
   ledger with its problems (sorted by file, line, column), for the caller to report;
   the problems of TZ_NOINPUT and TZ_USAGE say what is missing or wrong.
   Rows in error are left out of the arrays (counted in files[].rows_dropped), and so
   are rows that refer to a row left out; in lenient mode each of those gets its own
   problem ref.dropped. Warnings are computed on the rows kept. */
tz_status ledger_load(const char *dir, const ledger_options *opt, ledger **out);

void ledger_free(ledger *l);

/* Rows left out of all the files (lenient mode), the sum of files[].rows_dropped.
   Cannot fail. */
uint64_t ledger_rows_dropped(const ledger *l);

/* Compares the form of the unit and volunteer codes with last year's: when last year's
   were all digits of one width with leading zeros (00017) and this year's are digits
   without (17), adds the warning id.zeros_lost to year's problems (kept sorted). Returns
   the number of warnings added, or -1 when out of memory. */
int ledger_check_id_form(ledger *year, const ledger *previous);

/* Index of a unit by id, LEDGER_NONE when unknown. */
int32_t ledger_find_unit(const ledger *l, const char *id);

#endif
