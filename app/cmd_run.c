/* app/cmd_run.c — `taizhang run LEDGER_DIR -o OUT ...`: the year's run as a sequence
   of stages, each one call: read and validate the ledgers (and last year's), compute the
   figures, apply the rules, the statistics, then write the outputs into one folder.
   May call: every stage's public header. */
#include "base/buf.h"
#include "base/mem.h"
#include "base/timing.h"
#include "input/ledger.h"
#include "output/charts.h"
#include "output/report.h"
#include "output/tables.h"
#include "output/xlsx.h"
#include "app/cli.h"
#include "app/cmd.h"
#include "pipeline/anomaly.h"
#include "pipeline/figures.h"
#include "app/progress.h"
#include "app/publish.h"
#include "output/run.h"
#include "pipeline/stats.h"
#include "pipeline/supply.h"
#include "rules/rules.h"
#include "rules/skills.h"
#include "rules/suggest.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static void run_usage(FILE *f)
{
    fprintf(f,
            "usage: taizhang run LEDGER_DIR -o OUT [--year Y] [--lenient] [--encoding E]\n"
            "       [--apportion share|lead] [--previous PREV_DIR] [--rules FILE] [--skills FILE]\n"
            "       [--org NAME] [--title TEXT] [--max-dropped PERCENT]\n"
            "       [--tables-only] [--no-xlsx] [--timings] [--quiet] [--threads N]\n"
            "\n"
            "  -o OUT              the output folder (tables/, validation.csv, ...)\n"
            "  --year Y            the reporting year (default: LEDGER_DIR's name)\n"
            "  --lenient           drop the rows in error and go on (listed in validation.csv)\n"
            "  --max-dropped P     with --lenient, refuse (exit 65) when more than P percent\n"
            "                      of any file's rows would be dropped (0-100, default 5)\n"
            "  --encoding E        UTF-8 or GB18030 for every file (default: detect per file)\n"
            "  --apportion M       beneficiaries per unit: share (by person-times, default)\n"
            "                      or lead (all to the lead unit)\n"
            "  --previous DIR      last year's ledgers, for the comparison columns\n"
            "  --rules FILE        the assessment rules (default: the built-in rules)\n"
            "  --skills FILE       the map of 特长 to service categories (default: the built-in\n"
            "                      rules/skills.map)\n"
            "  --org NAME          the organisation on the report's cover\n"
            "                      (default: 中共市直属机关工作委员会)\n"
            "  --title TEXT        the report's title (default: 市直机关党员志愿服务YEAR年度工作报告)\n"
            "  --tables-only       tables only: no charts, no report\n"
            "  --no-xlsx           no tables.xlsx (the tables as one workbook)\n"
            "  --timings           each stage's time on standard error\n"
            "  --quiet             no progress lines\n"
            "  --threads N         threads for reading and the figures (default: all cores)\n");
}

/* Whether the two paths name the same folder (after following links). */
static int same_folder(const char *a, const char *b)
{
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Fills opt from the command line. Returns TZ_OK (*help = 1 when --help printed the
   usage on stdout: nothing to run), or TZ_USAGE (message printed). */
static tz_status parse_options(int argc, char **argv, run_options *opt, int *help)
{
    cli_common common;
    cli_common_init(&common);
    memset(opt, 0, sizeof *opt);
    opt->max_dropped = RUN_MAX_DROPPED_DEFAULT;
    opt->argc = argc;
    opt->argv = argv;
    const unsigned shared = CLI_ENCODING | CLI_RULES | CLI_YEAR | CLI_THREADS | CLI_LENIENT |
                            CLI_QUIET | CLI_APPORTION;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int takes = 1;
        cli_take t = cli_take_common("run", shared, argc, argv, &i, &common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            run_usage(stdout);
            *help = 1;
            return TZ_OK;
        } else if (strcmp(a, "--tables-only") == 0) {
            opt->tables_only = 1, takes = 0;
        } else if (strcmp(a, "--no-xlsx") == 0) {
            opt->no_xlsx = 1, takes = 0;
        } else if (strcmp(a, "--timings") == 0) {
            opt->timings = 1, takes = 0;
        } else if (a[0] == '-' && a[1] != '\0' && !value) {
            fprintf(stderr, "taizhang: run: 选项 %s 缺少取值\n", a);
            return TZ_USAGE;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            opt->out_dir = value;
        } else if (strcmp(a, "--max-dropped") == 0) {
            if (cli_whole_number(value, 0, 100, &opt->max_dropped) != 0) {
                fprintf(stderr, "taizhang: run: --max-dropped \"%s\" 应为 0 到 100 的整数（百分比）\n", value);
                return TZ_USAGE;
            }
        } else if (strcmp(a, "--previous") == 0) {
            opt->previous_dir = value;
        } else if (strcmp(a, "--skills") == 0) {
            opt->skills_file = value;
        } else if (strcmp(a, "--org") == 0) {
            opt->org_name = value;
        } else if (strcmp(a, "--title") == 0) {
            opt->title = value;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_unknown_option("run", a);
            return TZ_USAGE;
        } else if (!opt->ledger_dir) {
            opt->ledger_dir = a, takes = 0;
        } else {
            fprintf(stderr, "taizhang: run: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
        i += takes;
    }
    opt->encoding = common.encoding;
    opt->rules_file = common.rules_file;
    opt->year = common.year;
    opt->threads = common.threads;
    opt->lenient = common.lenient;
    opt->quiet = common.quiet;
    opt->apportion = common.apportion;
    if (!opt->ledger_dir || !opt->out_dir) {
        fprintf(stderr, "taizhang: run: 需要台账目录和 -o 输出目录\n");
        run_usage(stderr);
        return TZ_USAGE;
    }
    if (opt->previous_dir && same_folder(opt->ledger_dir, opt->previous_dir)) {
        fprintf(stderr, "taizhang: run: --previous %s 就是本年度的台账目录；请给出上一年度的台账目录，"
                        "如 --previous input/2024\n", opt->previous_dir);
        return TZ_USAGE;
    }
    return TZ_OK;
}

/* With --timings: "taizhang: timing STAGE WALL s (CPU C s)" on stderr; CPU is of all
   threads (on a shared machine wall time waits for the other programs, CPU time not). */
static void print_timing(const run_options *opt, const char *stage, double wall, double cpu)
{
    if (opt->timings)
        fprintf(stderr, "taizhang: timing %-10s %.3f s (CPU %.3f s)\n", stage, wall, cpu);
}

static double stage_cpu;           /* CPU seconds at the start of the current stage */

/* Ends a stage: its time on stderr with --timings. */
static void stage_done(const run_options *opt, const char *stage, double *since)
{
    double t = timing_wall(), c = timing_cpu();
    print_timing(opt, stage, t - *since, c - stage_cpu);
    *since = t;
    stage_cpu = c;
}

/* --max-dropped: the first file of which more than opt->max_dropped percent of the rows
   were left out, or -1. */
static int over_max_dropped(const run_options *opt, const ledger *l)
{
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        const ledger_file *f = &l->files[k];
        if (f->present && f->rows > 0 && f->rows_dropped * 100 > (uint64_t)opt->max_dropped * f->rows)
            return k;
    }
    return -1;
}

/* Reads one year's ledgers. On TZ_OK *out is the ledger; otherwise the reason is printed.
   A lenient read that dropped rows says so even with --quiet (a dropped row is never
   silent), and is refused when a file lost more than --max-dropped percent of its rows. */
static tz_status load_year(const run_options *opt, const char *dir, int year, ledger **out)
{
    ledger_options lo = {year, opt->encoding, opt->lenient, opt->threads};
    *out = NULL;
    tz_status st = ledger_load(dir, &lo, out);
    if (st != TZ_OK && *out) {
        cli_report_errors(dir, *out, st, opt->lenient);
    } else if (st == TZ_NOMEM) {
        fprintf(stderr, "taizhang: %s: 内存不足\n", dir);
    }
    int k;
    if (st == TZ_OK && (k = over_max_dropped(opt, *out)) >= 0) {
        const ledger_file *f = &(*out)->files[k];
        cli_report_errors(dir, *out, TZ_OK, 1);
        fprintf(stderr, "taizhang: %s/%s: %llu 行中有 %llu 行因错误被剔除（%.1f%%），超过 --max-dropped "
                        "允许的 %d%%，未生成任何输出；请改正台账，或确认无误后用 --max-dropped 调高上限\n",
                dir, LEDGER_FILE_NAMES[k], (unsigned long long)f->rows,
                (unsigned long long)f->rows_dropped, 100.0 * (double)f->rows_dropped / (double)f->rows,
                opt->max_dropped);
        st = TZ_DATAERR;
    }
    if (st != TZ_OK) {
        ledger_free(*out);
        *out = NULL;
    } else if ((*out)->problems.errors > 0) {
        /* validation.csv lists this year's problems; last year's are listed by validate */
        fprintf(stderr, "taizhang: %s: --lenient：剔除了 %llu 行（%zu 处错误），未计入任何数字；"
                        "明细见 %s%s\n", dir, (unsigned long long)ledger_rows_dropped(*out),
                (*out)->problems.errors, dir == opt->ledger_dir ? opt->out_dir : "taizhang validate ",
                dir == opt->ledger_dir ? "/validation.csv" : dir);
    }
    return st;
}

/* One year's figures. A total that leaves the range is printed with its file and row
   under dir (TZ_DATAERR). */
static tz_status compute_figures(const run_options *opt, const ledger *l, const char *dir,
                                 figures **out)
{
    buf err = BUF_INIT;
    tz_status st = figures_compute_err(l, opt->apportion, opt->threads, out, &err);
    cli_print_lines(dir, &err);
    buf_release(&err);
    return st;
}

/* The rules of --rules FILE, or the built-in ones. A rules file with a mistake is
   refused here, before any ledger is read: every problem is printed with its place. */
static tz_status load_rules(const run_options *opt, rules **out)
{
    buf err = BUF_INIT;
    tz_status st = opt->rules_file ? rules_load(opt->rules_file, out, &err)
                                   : rules_load_default(out, &err);
    cli_print_lines(NULL, &err);
    if (st == TZ_CONFIG)
        fprintf(stderr, "taizhang: 规则文件有错，未做任何计算；请按上面的提示改正（写法见 share/doc/taizhang/rules.md）\n");
    buf_release(&err);
    return st;
}

/* The skills map of --skills FILE, or the built-in one, checked with the rules; tied to
   the ledger's categories by bind_skills once the ledger is read. */
static tz_status load_skills(const run_options *opt, skills_map **out)
{
    buf err = BUF_INIT;
    tz_status st = opt->skills_file ? skills_load(opt->skills_file, out, &err)
                                    : skills_load_default(out, &err);
    cli_print_lines(NULL, &err);
    if (st == TZ_CONFIG)
        fprintf(stderr, "taizhang: 特长对照文件有错，未做任何计算；请按上面的提示改正"
                        "（写法见 docs/figures.md“供需对照”）\n");
    buf_release(&err);
    return st;
}

/* Ties the skills map to this year's categories: an unknown category stops the run;
   the ledger's skills the map does not list are named once. */
static tz_status bind_skills(const run_options *opt, skills_map *m, const ledger *l)
{
    buf err = BUF_INIT, notice = BUF_INIT;
    tz_status st = skills_bind(m, l, &err, &notice);
    cli_print_lines(NULL, &err);
    if (!opt->quiet)        /* skills the map does not list: a notice, not a dropped row */
        cli_print_lines(NULL, &notice);
    buf_release(&notice);
    if (st == TZ_CONFIG)
        fprintf(stderr, "taizhang: 特长对照文件里有台账没有的服务类别，未做任何计算；"
                        "请改正对照文件或台账的 categories.txt\n");
    buf_release(&err);
    return st;
}

/* Applies the rules to one year's figures: *out the bonus. This year (cents not NULL)
   also warns about category/campaign names the ledger never uses and gives *cents, each
   unit's total in the ledger's order (for the statistics); last year (cents NULL) only
   the points, for the comparison columns. */
static tz_status apply_rules(const rules *r, const ledger *l, const figures *f, bonus **out,
                             int64_t **cents)
{
    buf err = BUF_INIT;
    tz_status st = TZ_OK;
    if (cents && rules_unused_names(r, l, &err) < 0)
        st = TZ_NOMEM;
    if (st == TZ_OK)
        st = rules_apply_err(r, f, out, &err);
    cli_print_lines(NULL, &err);
    buf_release(&err);
    if (st != TZ_OK || !cents)
        return st;
    size_t n = (*out)->n_units;
    *cents = mem_alloc((n ? n : 1) * sizeof **cents);
    if (!*cents)
        return TZ_NOMEM;
    for (size_t u = 0; u < n; u++)
        (*cents)[u] = (*out)->units[u].total_cents;
    return TZ_OK;
}

int cmd_run(int argc, char **argv)
{
    run_options opt;
    int help = 0;
    tz_status parsed = parse_options(argc, argv, &opt, &help);
    if (parsed != TZ_OK || help)
        return parsed;

    tz_status st = TZ_OK;
    ledger *year = NULL, *previous = NULL;
    figures *figs = NULL, *previous_figs = NULL;
    stats *st_figs = NULL;
    anomalies *unusual = NULL;
    rules *rl = NULL;
    skills_map *skills = NULL;
    supply *sp = NULL;
    bonus *bn = NULL, *previous_bn = NULL;
    int64_t *bonus_cents = NULL;
    run_context rc;
    memset(&rc, 0, sizeof rc);
    rc.opt = &opt;
    outdir *od = NULL;
    double t = timing_wall();

    /* the lock on OUT and the temporary folder first: a second run leaves at once (75),
       and whatever fails from here on leaves the previous OUT as it was */
    if ((st = publish_begin(&opt, &od)) != TZ_OK)
        goto out;
    progress_init(opt.quiet);

    /* the rules, checked before anything is read or computed */
    if ((st = load_rules(&opt, &rl)) != TZ_OK)
        goto out;
    rc.rules = rl;
    if ((st = load_skills(&opt, &skills)) != TZ_OK)
        goto out;

    /* input */
    progress_stage("读取台账");
    if ((st = load_year(&opt, opt.ledger_dir, opt.year, &year)) != TZ_OK)
        goto out;
    rc.ledger = year;
    if (opt.previous_dir) {
        if ((st = load_year(&opt, opt.previous_dir, opt.year ? opt.year - 1 : 0, &previous)) != TZ_OK)
            goto out;
        if (ledger_check_id_form(year, previous) < 0) {
            st = TZ_NOMEM;
            goto out;
        }
        if (previous->year >= year->year) {
            fprintf(stderr, "taizhang: run: --previous %s 是 %d 年度的台账，不早于本年度 %d 年；"
                            "请给出上一年度的台账目录\n", opt.previous_dir, previous->year, year->year);
            st = TZ_USAGE;
            goto out;
        }
        rc.previous = previous;
    }
    if ((st = bind_skills(&opt, skills, year)) != TZ_OK)
        goto out;
    /* input: reading (with each row's checks), then the checks across rows */
    print_timing(&opt, "read", year->seconds_read + (previous ? previous->seconds_read : 0),
                 year->cpu_read + (previous ? previous->cpu_read : 0));
    print_timing(&opt, "validate", year->seconds_validate + (previous ? previous->seconds_validate : 0),
                 year->cpu_validate + (previous ? previous->cpu_validate : 0));
    t = timing_wall();
    stage_cpu = timing_cpu();

    /* pipeline */
    progress_stage("计算");
    if ((st = compute_figures(&opt, year, opt.ledger_dir, &figs)) != TZ_OK)
        goto out;
    rc.figures = figs;
    if ((st = supply_compute(figs, &sp)) != TZ_OK)
        goto out;
    /* units far outside the others: notices in validation.csv, named in the report */
    if ((st = anomaly_find(figs, &unusual)) != TZ_OK)
        goto out;
    if (anomaly_notices(figs, unusual, &year->problems) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    rc.anomalies = unusual;
    if (previous) {
        if ((st = compute_figures(&opt, previous, opt.previous_dir, &previous_figs)) != TZ_OK)
            goto out;
        rc.previous_figures = previous_figs;
    }
    stage_done(&opt, "figures", &t);

    /* rules */
    if ((st = apply_rules(rl, year, figs, &bn, &bonus_cents)) != TZ_OK)
        goto out;
    rc.bonus = bn;
    if (previous_figs) {
        if ((st = apply_rules(rl, previous, previous_figs, &previous_bn, NULL)) != TZ_OK)
            goto out;
        rc.previous_bonus = previous_bn;
    }
    if ((st = suggest_compute(sp, skills)) != TZ_OK)
        goto out;
    rc.supply = sp;
    stage_done(&opt, "rules", &t);

    if ((st = stats_compute(figs, bonus_cents, &st_figs)) != TZ_OK)
        goto out;
    rc.stats = st_figs;
    stage_done(&opt, "stats", &t);

    /* output: everything goes into the temporary folder beside OUT (output/outdir.h) */
    const char *stage_dir = outdir_tmp(od);
    progress_stage("写出结果");
    if ((st = tables_write(&rc, stage_dir)) != TZ_OK)
        goto out;
    stage_done(&opt, "tables", &t);
    if (!opt.no_xlsx) {        /* the workbook is made from the CSVs just written */
        if ((st = xlsx_write(&rc, stage_dir)) != TZ_OK)
            goto out;
        stage_done(&opt, "xlsx", &t);
    }
    if (!opt.tables_only) {
        buf charts_dir = BUF_INIT;
        if (buf_printf(&charts_dir, "%s/charts", stage_dir) != 0)
            st = TZ_NOMEM;
        else
            st = charts_write(&rc, charts_dir.data);
        buf_release(&charts_dir);
        if (st != TZ_OK)
            goto out;
        stage_done(&opt, "charts", &t);

        /* report.pdf and annex.pdf, embedding the charts' PNGs from stage_dir/charts */
        if ((st = report_write(&rc, stage_dir)) != TZ_OK)
            goto out;
        stage_done(&opt, "report", &t);
    }

    /* manifest.json last, then fsync and swap into place as OUT */
    if ((st = publish_commit(&rc, od, NULL, 0)) != TZ_OK)
        goto out;
    stage_done(&opt, "commit", &t);

    if (!opt.quiet) {
        size_t warnings = year->problems.warnings;
        fprintf(stderr, "taizhang: %d 年：%zu 个单位，%zu 条参与记录；输出在 %s", year->year,
                year->n_units, year->n_participation, opt.out_dir);
        if (warnings)
            fprintf(stderr, "；台账有 %zu 处警告，见 %s/validation.csv\n", warnings, opt.out_dir);
        else
            fputs("；台账没有警告\n", stderr);
    }
out:
    progress_done();
    outdir_free(od);      /* removes the temporary folder unless committed; unlocks */
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    stats_free(st_figs);
    anomalies_free(unusual);
    mem_free(bonus_cents);
    bonus_free(previous_bn);
    bonus_free(bn);
    supply_free(sp);
    skills_free(skills);
    rules_free(rl);
    figures_free(previous_figs);
    figures_free(figs);
    ledger_free(previous);
    ledger_free(year);
    return st;
}
