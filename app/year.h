/* app/year.h — one year's ledger read and its figures computed for the commands that
   only look (explain, whatif): the ledger's errors and the rules' problems printed on
   standard error as run prints them, "taizhang: FILE:LINE:COL: …".
   May call: base/, input/ledger, pipeline/figures, rules/rules. */
#ifndef TZ_YEAR_H
#define TZ_YEAR_H
#include "base/buf.h"
#include "base/status.h"
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

typedef struct year_options {
    const char *ledger_dir, *encoding;
    int year, lenient;
    figures_apportion apportion;
} year_options;

/* One of the options every looking command shares, at argv[*i]: --year Y, --apportion M,
   --encoding E, --lenient. Returns 1 when it was one (*i moved past its value), 0 when
   it is none of them, TZ_USAGE when its value is wrong or missing (the message printed,
   naming `cmd`). */
int year_option(const char *cmd, int argc, char **argv, int *i, year_options *opt);

/* Reads the ledger and computes its figures. TZ_OK with *l and *f (ledger_free,
   figures_free); otherwise both NULL and the reason printed (the ledger's errors with
   their places, TZ_DATAERR; TZ_NOINPUT; TZ_NOMEM). */
tz_status year_load(const year_options *opt, ledger **l, figures **f);

/* The rules of `file`, or the built-in ones when file is NULL; problems printed.
   Returns rules_load's status. */
tz_status year_rules(const char *file, rules **out);

/* Applies r to f: names in activities(…) that the ledger never uses are warned about,
   an overflow printed. Returns rules_apply_err's status. */
tz_status year_apply(const rules *r, const figures *f, bonus **out);

/* Prints each line of b on stderr with the "taizhang: " prefix. */
void year_print_lines(const buf *b);

#endif
