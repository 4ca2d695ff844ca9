/* output/run.h — one run of the year: its options and everything the stages computed,
   handed to the output stage as one read-only context.
   May call: base/, input/ledger, pipeline/figures, pipeline/stats, rules/rules. */
#ifndef TZ_RUN_H
#define TZ_RUN_H
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

#define RUN_MAX_DROPPED_DEFAULT 5

typedef struct run_options {
    const char *ledger_dir;
    const char *out_dir;
    const char *rules_file;        /* NULL: rules/default.rules embedded in the program */
    const char *skills_file;       /* NULL: rules/skills.map embedded in the program */
    const char *previous_dir;      /* NULL: no comparison with last year */
    const char *encoding;          /* NULL: detect */
    const char *org_name;          /* report cover; NULL: default */
    const char *title;             /* report title; NULL: default */
    int year;                      /* 0: from the folder's name */
    int lenient;
    int max_dropped;               /* with lenient: refuse when a file loses more than this
                                      percent of its rows (RUN_MAX_DROPPED_DEFAULT) */
    int threads;                   /* 0: all cores */
    int tables_only;               /* skip charts and the PDF (benchmarks) */
    int no_xlsx;                   /* skip tables.xlsx */
    int timings;
    int quiet;
    figures_apportion apportion;
    int argc;                      /* the command line, for the manifest and the report */
    char **argv;
} run_options;

struct stats;                      /* pipeline/stats.h */
struct supply;                     /* pipeline/supply.h */
struct anomalies;                  /* pipeline/anomaly.h */

typedef struct run_context {
    const run_options *opt;
    const ledger *ledger;
    const figures *figures;
    const struct stats *stats;
    const struct anomalies *anomalies;   /* units with unusual figures (figure.unusual) */
    const rules *rules;
    const bonus *bonus;
    const ledger *previous;        /* NULL without --previous */
    const figures *previous_figures;
    const bonus *previous_bonus;   /* last year's figures under this year's rules, or NULL */
    const struct supply *supply;   /* demand against supply, suggested teams (rules/suggest);
                                      NULL: supply_demand.csv and open_demands.csv not written */
} run_context;

#endif
