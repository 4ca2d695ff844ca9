/* app/cli.h — what the commands share on the command line: the options that more than one
   command takes (--encoding, --rules, --year, --threads, --lenient, --quiet, --apportion),
   each with one spelling, one set of values and one message; the lines a stage leaves in a
   buffer and the errors of a ledger, printed the same way by every command.
   May call: base/, input/ledger, input/encoding (the --encoding names), pipeline/figures
   (the --apportion names), libc. */
#ifndef TZ_CLI_H
#define TZ_CLI_H
#include "base/buf.h"
#include "base/status.h"
#include "input/ledger.h"
#include "pipeline/figures.h"

/* The shared options a command takes: a mask of these. */
enum {
    CLI_ENCODING = 1 << 0,    /* --encoding E: UTF-8 or GB18030 (also UTF8, GBK, GB2312, CP936) */
    CLI_RULES = 1 << 1,       /* --rules FILE */
    CLI_YEAR = 1 << 2,        /* --year Y: 1900..9999 */
    CLI_THREADS = 1 << 3,     /* --threads N: 1..256 */
    CLI_LENIENT = 1 << 4,     /* --lenient */
    CLI_QUIET = 1 << 5,       /* --quiet */
    CLI_APPORTION = 1 << 6,   /* --apportion share|lead */
};

typedef struct cli_common {
    const char *encoding;           /* NULL: detect per file */
    const char *rules_file;         /* NULL: the built-in rules */
    int year;                       /* 0: from the ledger folder's name */
    int threads;                    /* 0: all cores */
    int lenient, quiet;
    figures_apportion apportion;    /* APPORTION_SHARE unless given */
} cli_common;

typedef enum { CLI_NOT_MINE, CLI_TAKEN, CLI_BAD } cli_take;

/* The defaults: nothing given. */
void cli_common_init(cli_common *o);

/* Takes argv[*i] when it is a shared option in `accepts`, with its value (*i then points at
   the value). CLI_NOT_MINE when argv[*i] is none of them; CLI_BAD after printing
   "taizhang: CMD: …" for a missing or wrong value (the command exits TZ_USAGE). */
cli_take cli_take_common(const char *cmd, unsigned accepts, int argc, char **argv, int *i,
                         cli_common *o);

/* "taizhang: CMD: 不认识的选项 X（见 taizhang CMD --help）", for an option no one took. */
void cli_unknown_option(const char *cmd, const char *arg);

/* Prints each line of b on stderr with the "taizhang: " prefix (rules problems, warnings),
   and, when dir is not NULL, "DIR/" before each (lines that begin with a ledger's file). */
void cli_print_lines(const char *dir, const buf *b);

/* The errors of a ledger that could not be used, for the clerk: the first 20, each with its
   file, line and column and the value at fault, then how many more there are and how to
   list them all; with TZ_DATAERR a last line telling what to do (--lenient only when the
   command was not already lenient). */
void cli_report_errors(const char *dir, const ledger *l, tz_status st, int lenient);

/* A whole number in [lo, hi] from the whole of s. Returns 0, or -1. */
int cli_whole_number(const char *s, long lo, long hi, int *out);

#endif
