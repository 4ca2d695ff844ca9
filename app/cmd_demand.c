/* app/cmd_demand.c — `taizhang demand LEDGER_DIR DEMAND_ID [--skills FILE] [--year Y]`:
   one demand of the menu for the committee, its status and, when open, the teams that could
   answer it with their reasons — the same as its row of tables/open_demands.csv (the same
   stages run; output/demand prints them).
   May call: every stage's public header. */
#include "base/mem.h"
#include "base/utf8.h"
#include "input/ledger.h"
#include "output/demand.h"
#include "app/cli.h"
#include "app/cmd.h"
#include "pipeline/figures.h"
#include "pipeline/supply.h"
#include "rules/skills.h"
#include "rules/suggest.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void demand_usage(FILE *f)
{
    fprintf(f,
            "usage: taizhang demand LEDGER_DIR DEMAND_ID [--skills FILE] [--year Y]\n"
            "       [--encoding E] [--lenient]\n"
            "\n"
            "  DEMAND_ID           the demand (需求编号) to look up\n"
            "  --skills FILE       the map of 特长 to service categories (default: the built-in)\n"
            "  --year Y            the reporting year (default: LEDGER_DIR's name)\n"
            "  --encoding E        UTF-8 or GB18030 for every file (default: detect per file)\n"
            "  --lenient           drop the rows in error, as run --lenient does\n");
}

typedef struct demand_options {
    const char *ledger_dir, *demand_id, *skills_file;
    cli_common common;          /* --year, --encoding, --lenient */
} demand_options;

/* Returns TZ_OK, TZ_USAGE (message printed) or -1 for --help. */
static int parse_options(int argc, char **argv, demand_options *opt)
{
    memset(opt, 0, sizeof *opt);
    cli_common_init(&opt->common);
    const unsigned shared = CLI_YEAR | CLI_ENCODING | CLI_LENIENT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        cli_take t = cli_take_common("demand", shared, argc, argv, &i, &opt->common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            demand_usage(stdout);
            return -1;
        } else if (strcmp(a, "--skills") == 0) {
            if (i + 1 >= argc) {
                fprintf(stderr, "taizhang: demand: 选项 --skills 缺少取值\n");
                return TZ_USAGE;
            }
            opt->skills_file = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_unknown_option("demand", a);
            return TZ_USAGE;
        } else if (!opt->ledger_dir) {
            opt->ledger_dir = a;
        } else if (!opt->demand_id) {
            opt->demand_id = a;
        } else {
            fprintf(stderr, "taizhang: demand: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
    }
    if (!opt->ledger_dir || !opt->demand_id) {
        fprintf(stderr, "taizhang: demand: 需要台账目录和需求编号\n");
        demand_usage(stderr);
        return TZ_USAGE;
    }
    return TZ_OK;
}

/* The demand's index, or LEDGER_NONE after naming the nearest id on stderr. */
static int32_t find_demand(const ledger *l, const char *id)
{
    size_t best = 0, best_d = (size_t)-1;
    for (size_t i = 0; i < l->n_demands; i++) {
        if (strcmp(l->demands[i].id, id) == 0)
            return (int32_t)i;
        size_t d = utf8_distance(id, strlen(id), l->demands[i].id, strlen(l->demands[i].id));
        if (d < best_d)
            best_d = d, best = i;
    }
    if (l->n_demands > 0)
        fprintf(stderr, "taizhang: demand: 台账里没有需求编号“%s”：是不是“%s”（%s）？\n", id,
                l->demands[best].id, l->demands[best].requester);
    else
        fprintf(stderr, "taizhang: demand: 台账里没有任何需求（demands.csv）\n");
    return LEDGER_NONE;
}

int cmd_demand(int argc, char **argv)
{
    demand_options opt;
    int parsed = parse_options(argc, argv, &opt);
    if (parsed != TZ_OK)
        return parsed < 0 ? TZ_OK : parsed;
    skills_map *m = NULL;
    ledger *l = NULL;
    figures *f = NULL;
    supply *s = NULL;
    buf err = BUF_INIT, out = BUF_INIT;

    /* the map first: a wrong map is refused before the ledger is read */
    tz_status st = opt.skills_file ? skills_load(opt.skills_file, &m, &err)
                                   : skills_load_default(&m, &err);
    if (st != TZ_OK)
        goto out;
    const cli_common *c = &opt.common;
    ledger_options lo = {c->year, c->encoding, c->lenient, 0};
    if ((st = ledger_load(opt.ledger_dir, &lo, &l)) != TZ_OK) {
        cli_report_errors(opt.ledger_dir, l, st, c->lenient);
        goto out;
    }
    int32_t d = find_demand(l, opt.demand_id);
    if (d == LEDGER_NONE) {
        st = TZ_USAGE;
        goto out;
    }
    if ((st = skills_bind(m, l, &err, NULL)) != TZ_OK ||
        (st = figures_compute(l, APPORTION_SHARE, &f)) != TZ_OK ||
        (st = supply_compute(f, &s)) != TZ_OK || (st = suggest_compute(s, m)) != TZ_OK)
        goto out;
    if (demand_explain(&out, s, (size_t)d) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    if (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0) {
        fprintf(stderr, "taizhang: demand: 写标准输出失败：%s\n", strerror(errno));
        st = TZ_IOERR;
    }
out:
    cli_print_lines(NULL, &err);
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    buf_release(&out);
    buf_release(&err);
    supply_free(s);
    figures_free(f);
    ledger_free(l);
    skills_free(m);
    return st;
}
