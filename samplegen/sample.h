/* samplegen/sample.h — the embedded sample generator: writes one reporting year of synthetic
   but realistic ledgers (the seven CSV files of the input contract) for a city of 378
   grassroots Party organizations, deterministically from a seed. It writes ledgers; it
   never reads them. Size grows with the scale factor (for benchmarks); --cities keeps the
   organizations of fewer city blocks and puts the participation volume of all of them on
   their volunteers (a province: many rows, few organizations).
   May call: base/mem, base/text, input/field (dates), input/header (the ledgers' column
   names), libc, iconv. */
#ifndef TZ_SAMPLE_H
#define TZ_SAMPLE_H
#include <stdint.h>
#include "base/status.h"

#define SAMPLE_DEFAULT_YEAR 2025
#define SAMPLE_DEFAULT_SEED 1
#define SAMPLE_MIN_YEAR 2000
#define SAMPLE_MAX_YEAR 2099
#define SAMPLE_MAX_SCALE 1000

/* Per city block (scale 1): the numbers the generator promises. */
#define SAMPLE_UNITS 378
#define SAMPLE_PARTY_MEMBERS 5700
#define SAMPLE_TEAMS_PARTY 54          /* in the base year 2025; 4 of them founded that year */
#define SAMPLE_TEAMS_YOUTH 13          /* in 2025; 1 founded that year */
#define SAMPLE_BAD_ID_NUMBERS 2        /* planted bad GB 11643 check digits */
#define SAMPLE_EMPTY_UNITS 2           /* planted units without volunteers */

typedef enum sample_style {
    SAMPLE_PLAIN,    /* UTF-8 without BOM, LF, ISO dates, Chinese headers: fast, for benchmarks */
    SAMPLE_EXPORT    /* as real Excel/WPS exports look: GB18030 and UTF-8-BOM files, CRLF, the
                        several date forms, "1,200", quoted commas and line breaks, English
                        headers in participation.csv, an extra 备注 column in activities.csv */
} sample_style;

typedef struct sample_options {
    int year;            /* SAMPLE_MIN_YEAR..SAMPLE_MAX_YEAR */
    uint64_t seed;       /* the city (units, teams, volunteers) depends on the seed only; the
                            year's demands and activities on the seed and the year */
    uint32_t scale;      /* 1..SAMPLE_MAX_SCALE: participation volume of this many city
                            blocks; also the city blocks of entities unless `cities` says */
    uint32_t cities;     /* 0 (default) = scale; else 1..scale: city blocks of entities (units,
                            teams, volunteers, demands, activities, results); each activity
                            then draws about scale/cities times its participants. With
                            cities == scale the output is that of cities = 0, byte for byte */
    sample_style style;
} sample_options;

/* What was written (rows per file). */
typedef struct sample_counts {
    uint64_t units, teams, teams_party, teams_youth, volunteers, party_volunteers;
    uint64_t party_members, activities, participation, demands, results;
} sample_counts;

/* Sets *opt to the defaults (year 2025, seed 1, scale 1, cities 0 = scale, plain). Cannot fail. */
void sample_options_init(sample_options *opt);

/* Writes units.csv … results.csv into dir (created, with its parents, when missing;
   existing files are replaced). Same options → same bytes. Returns TZ_OK; TZ_USAGE for
   options out of range (cities > scale too); TZ_CANTCREAT when dir or a file cannot be created; TZ_IOERR when
   a write fails; TZ_NOMEM. On failure the files already written are left as they are, and
   *err (when not NULL) is a static message naming what failed. counts may be NULL. */
tz_status sample_write(const char *dir, const sample_options *opt,
                       sample_counts *counts /* OUT */, const char **err /* OUT */);

/* The GB 11643-1999 check character ('0'..'9' or 'X') of the first 17 digits of an ID
   number; 0 when a character is not a digit. */
char sample_id_check_digit(const char *first17);

#endif
