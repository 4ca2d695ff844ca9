/* input/load_int.h — private to the input stage: the state of one ledger_load, shared by
   ledger.c (files, finishing), rows.c (one record at a time) and validate.c (rules
   across rows, the lenient cascade, warnings). Not for other stages.
   May call: base (all), input (all). */
#ifndef TZ_LOAD_INT_H
#define TZ_LOAD_INT_H
#include <stddef.h>
#include <stdint.h>
#include "base/hmap.h"
#include "base/status.h"
#include "input/csvread.h"
#include "input/header.h"
#include "input/idindex_int.h"
#include "input/ledger.h"
#include "input/lines_int.h"

/* Row marks (load_state.bad[kind][row]). */
#define ROW_OK 0
#define ROW_ERROR 1        /* the row itself has an error */
#define ROW_CASCADE 2      /* the row refers to a row left out */

/* Internal flag of a participation row while loading: it has an error (cleared before
   the ledger is handed on; rows so marked are left out). */
#define PART_BAD 0x8000u

typedef struct load_state {
    ledger *l;
    const ledger_options *opt;
    char *dir;
    int year;
    int32_t year_first, year_last;   /* days of 1 Jan and 31 Dec of the year */

    /* capacities of the ledger's arrays */
    size_t cap_units, cap_teams, cap_volunteers, cap_activities, cap_participation,
           cap_demands, cap_results, cap_categories, cap_campaigns;
    /* ROW_* of each row of the five small tables with ids, and of results */
    uint8_t *bad[LEDGER_FILE_COUNT];
    size_t cap_bad[LEDGER_FILE_COUNT];
    /* each volunteer's unit, dense (4 bytes a volunteer, cache-resident) for the
       participation rows that count for the volunteer's own unit */
    int32_t *volunteer_unit;
    /* participation rows marked PART_BAD by the checks across rows and the cascade */
    size_t part_bad;
    /* participation: physical line of each kept row, as runs (input/lines_int.h; freed after
       validation) */
    lines_map part_lines;

    hmap ids[LEDGER_FILE_COUNT];     /* id → row, for the files whose ids have no one shape
                                        (ids_mapped); the keys are the rows' ids (l->text) */
    /* the ids of each file as a direct index (input/idindex), built id by id as the file
       is read while its ids keep one shape (no map then); usable once the file is read */
    idindex dense[LEDGER_FILE_COUNT];
    int ids_mapped[LEDGER_FILE_COUNT];   /* the ids of that file went to ids[] instead */
    /* the last id found in each table: participation is mostly grouped by activity, so
       this saves a hash lookup (two cache misses) on most rows */
    struct {
        char key[32];
        uint32_t len;                /* 0: empty */
        int32_t row;
    } last_ref[LEDGER_FILE_COUNT];
    hmap campaign_ids;               /* campaign text → index in l->campaigns (staging) */
    /* the texts this reader stored in l->text that rows share (places, titles, skills,
       ...): each stored once (a part has its own, kept from round to round) */
    hmap texts;

    /* Reading one part of a file beside others (input/split.c): the rows' ids are
       registered, and the activities' campaigns looked up, when the part is joined
       (rows_join), in file order; meanwhile the campaigns wait here (row of the part,
       the text in l->text). */
    int in_part;
    struct load_pending_campaign {
        size_t row;
        const char *s;
        size_t n;
    } *pending;
    size_t n_pending, cap_pending;

    /* the file being read */
    ledger_file_kind kind;
    const char *file;                /* its name, e.g. "units.csv" */
    int have_header, header_failed;
    uint32_t banner_rows, first_banner_line;
    header_map map;
    header_map maps[LEDGER_FILE_COUNT];  /* the header of each file read, for columns later */
    int row_bad;                     /* the row being read has an error */
    /* the sums of the number columns over the data rows read so far (×10 000), to tell a
       total row without a label (rows.c; units, activities, results). A part sums its own
       rows, added to the file's when it is joined; a row that may be such a total row
       (no id, numbers) it cannot judge without the rows above: part_unsure, and the file
       is read front to back from that part on (input/split.c) */
    int64_t column_sum[HEADER_MAX_COLS];
    uint32_t summed_rows;
    int part_unsure;

    int whole_file_failed;           /* some file failed as a whole: the run stops, no cascade notes */
    int config_failed;               /* categories.txt cannot be used */
    int missing_input;               /* a required file is missing or unreadable */
    int file_failed[LEDGER_FILE_COUNT];  /* cannot be read as a ledger (encoding, header) */
} load_state;

/* rows.c: the rows of file k in ledger l (st's own capacities): where the array's
   pointer is, its count and capacity, the size of a row. */
typedef struct load_rows {
    void *items;                     /* the address of the array's pointer (e.g. &l->units) */
    size_t *n, *cap;
    size_t size;
} load_rows;
load_rows rows_of(load_state *st, ledger *l, ledger_file_kind k);

/* rows.c: after the rows of a part read with in_part (part's state w) were appended to
   st->l's rows of st->kind from index first on: registers their ids in file order (a
   repeated id is reported and its row marked, as rows_record does) and looks up the
   campaigns waiting in w. Returns TZ_OK or TZ_NOMEM. */
tz_status rows_join(load_state *st, size_t first, const load_state *w);

/* rows.c: the row of id s[0..n) in the file target, read before: 1 and *row when it is
   there. By the direct index when that file's ids have one (it answers as a map filled
   in file order), else by ids[target]. */
int rows_find_id(const load_state *st, ledger_file_kind target, const char *s, size_t n,
                 uint32_t *row);

/* rows.c: the csvread callbacks for the file st->kind. */
tz_status rows_record(void *ctx, uint32_t line, const csvread_field *fields, size_t n);
tz_status rows_csv_error(void *ctx, uint32_t line, csvread_error error);

/* validate.c: rules across rows (duplicates and the 24-hour day in participation, party
   members per unit), marking rows ROW_ERROR / PART_BAD. */
tz_status validate_cross_rows(load_state *st);
/* validate.c: marks ROW_CASCADE on every row that refers to a row not kept, in the order
   units → teams → volunteers → demands → activities → participation → results; in
   lenient mode each gets its problem ref.dropped. */
tz_status validate_cascade(load_state *st);

/* One cause, one message: references that were not found because the row they name lost
   its id (Excel's scientific notation: id.scientific) say so; references that are found
   once their leading zeros are removed mean the target file's codes were stripped: one
   id.zeros_stripped on that file, and each reference says it follows from it. Also warns
   (id.mixed_width) about a file whose ids are all digits of different lengths. Returns
   TZ_OK or TZ_NOMEM. */
tz_status validate_causes(load_state *st);
/* validate.c: warnings on the finished ledger (组团服务 from one unit, activity without
   participation, unit without volunteers). */
tz_status validate_warnings(load_state *st);

/* Date as YYYY-MM-DD into a 16-byte buffer. */
void load_format_date(int32_t days, char out[16]);

#endif
