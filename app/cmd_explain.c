/* app/cmd_explain.c — `taizhang explain LEDGER_DIR UNIT_ID [--rules FILE] [--year Y]`:
   one unit's bonus points rule by rule, in Chinese, for an 80-column terminal — the same
   numbers as tables/bonus_audit.csv (the same stages run, output/explain prints them).
   May call: every stage's public header. */
#include "base/mem.h"
#include "base/utf8.h"
#include "input/ledger.h"
#include "output/explain.h"
#include "app/cli.h"
#include "app/cmd.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void explain_usage(FILE *f)
{
    fprintf(f,
            "usage: taizhang explain LEDGER_DIR UNIT_ID [--rules FILE] [--year Y]\n"
            "       [--apportion share|lead] [--encoding E] [--lenient]\n"
            "\n"
            "  UNIT_ID             the unit (单位编码) whose bonus points are explained\n"
            "  --rules FILE        the assessment rules (default: the built-in rules)\n"
            "  --year Y            the reporting year (default: LEDGER_DIR's name)\n"
            "  --apportion M       share (default) or lead, as given to run\n"
            "  --encoding E        UTF-8 or GB18030 for every file (default: detect per file)\n"
            "  --lenient           drop the rows in error, as run --lenient does\n");
}

typedef struct explain_options {
    const char *ledger_dir, *unit_id;
    cli_common common;          /* --rules, --year, --apportion, --encoding, --lenient */
} explain_options;

/* Fills opt from the command line. Returns TZ_OK (*help = 1 when --help printed the
   usage on stdout: nothing to explain), or TZ_USAGE (message printed). */
static tz_status parse_options(int argc, char **argv, explain_options *opt, int *help)
{
    memset(opt, 0, sizeof *opt);
    cli_common_init(&opt->common);
    const unsigned shared = CLI_RULES | CLI_YEAR | CLI_APPORTION | CLI_ENCODING | CLI_LENIENT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        cli_take t = cli_take_common("explain", shared, argc, argv, &i, &opt->common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            explain_usage(stdout);
            *help = 1;
            return TZ_OK;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_unknown_option("explain", a);
            return TZ_USAGE;
        } else if (!opt->ledger_dir) {
            opt->ledger_dir = a;
        } else if (!opt->unit_id) {
            opt->unit_id = a;
        } else {
            fprintf(stderr, "taizhang: explain: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
    }
    if (!opt->ledger_dir || !opt->unit_id) {
        fprintf(stderr, "taizhang: explain: 需要台账目录和单位编码\n");
        explain_usage(stderr);
        return TZ_USAGE;
    }
    return TZ_OK;
}

int cmd_explain(int argc, char **argv)
{
    explain_options opt;
    int help = 0;
    tz_status parsed = parse_options(argc, argv, &opt, &help);
    if (parsed != TZ_OK || help)
        return parsed;
    tz_status st;
    rules *r = NULL;
    ledger *l = NULL;
    figures *f = NULL;
    bonus *b = NULL;
    buf err = BUF_INIT, out = BUF_INIT;

    /* the rules first: a wrong rules file is refused before anything is computed */
    const cli_common *c = &opt.common;
    st = c->rules_file ? rules_load(c->rules_file, &r, &err) : rules_load_default(&r, &err);
    if (st != TZ_OK) {
        cli_print_lines(NULL, &err);
        goto out;
    }
    ledger_options lo = {c->year, c->encoding, c->lenient, 0};
    st = ledger_load(opt.ledger_dir, &lo, &l);
    if (st != TZ_OK) {
        if (l)
            cli_report_errors(opt.ledger_dir, l, st, opt.common.lenient);
        goto out;
    }
    int32_t u = ledger_find_unit(l, opt.unit_id);
    if (u == LEDGER_NONE) {
        size_t best = 0, best_d = (size_t)-1;
        for (size_t i = 0; i < l->n_units; i++) {
            size_t d = utf8_distance(opt.unit_id, strlen(opt.unit_id), l->units[i].id,
                                     strlen(l->units[i].id));
            if (d < best_d) {
                best_d = d;
                best = i;
            }
        }
        if (l->n_units > 0)
            fprintf(stderr, "taizhang: explain: 台账里没有单位编码“%s”：是不是“%s”（%s）？\n",
                    opt.unit_id, l->units[best].id, l->units[best].name);
        else
            fprintf(stderr, "taizhang: explain: 台账里没有任何单位\n");
        st = TZ_USAGE;
        goto out;
    }
    st = figures_compute_err(l, c->apportion, 0, &f, &err);
    cli_print_lines(opt.ledger_dir, &err);
    buf_clear(&err);
    if (st != TZ_OK)
        goto out;
    if (rules_unused_names(r, l, &err) < 0) {
        st = TZ_NOMEM;
        goto out;
    }
    st = rules_apply_err(r, f, &b, &err);
    cli_print_lines(NULL, &err);
    if (st != TZ_OK)
        goto out;
    if (explain_unit(&out, b, f, (size_t)u) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fprintf(stderr, "taizhang: explain: 写标准输出失败：%s\n", strerror(errno));
        st = TZ_IOERR;
    }
out:
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    else if (st == TZ_NOINPUT && !l && !err.len)
        fprintf(stderr, "taizhang: explain: 无法读取台账目录 %s\n", opt.ledger_dir);
    buf_release(&out);
    buf_release(&err);
    bonus_free(b);
    figures_free(f);
    ledger_free(l);
    rules_free(r);
    return st;
}
