/* app/cmd_explain.c — `taizhang explain LEDGER_DIR UNIT_ID [--rules FILE] [--year Y]`:
   one unit's bonus points rule by rule, in Chinese, for an 80-column terminal — the same
   numbers as tables/bonus_audit.csv (the same stages run, output/explain prints them).
   May call: every stage's public header. */
#include "base/mem.h"
#include "base/utf8.h"
#include "input/ledger.h"
#include "output/explain.h"
#include "app/cmd.h"
#include "app/year.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
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
    const char *unit_id, *rules_file;
    year_options year;
} explain_options;

/* Returns TZ_OK, TZ_USAGE (message printed) or -1 for --help. */
static int parse_options(int argc, char **argv, explain_options *opt)
{
    memset(opt, 0, sizeof *opt);
    opt->year.apportion = APPORTION_SHARE;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        int shared = year_option("explain", argc, argv, &i, &opt->year);
        if (shared == 1)
            continue;
        if (shared != 0)
            return shared;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            explain_usage(stdout);
            return -1;
        } else if (a[0] == '-' && a[1] != '\0' && !value) {
            fprintf(stderr, "taizhang: explain: 选项 %s 缺少取值\n", a);
            return TZ_USAGE;
        } else if (strcmp(a, "--rules") == 0) {
            opt->rules_file = value;
            i++;
        } else if (a[0] == '-' && a[1] != '\0') {
            fprintf(stderr, "taizhang: explain: 不认识的选项 %s（见 taizhang explain --help）\n", a);
            return TZ_USAGE;
        } else if (!opt->year.ledger_dir) {
            opt->year.ledger_dir = a;
        } else if (!opt->unit_id) {
            opt->unit_id = a;
        } else {
            fprintf(stderr, "taizhang: explain: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
    }
    if (!opt->year.ledger_dir || !opt->unit_id) {
        fprintf(stderr, "taizhang: explain: 需要台账目录和单位编码\n");
        explain_usage(stderr);
        return TZ_USAGE;
    }
    return TZ_OK;
}

int cmd_explain(int argc, char **argv)
{
    explain_options opt;
    int parsed = parse_options(argc, argv, &opt);
    if (parsed != TZ_OK)
        return parsed < 0 ? TZ_OK : parsed;
    tz_status st;
    rules *r = NULL;
    ledger *l = NULL;
    figures *f = NULL;
    bonus *b = NULL;
    buf out = BUF_INIT;

    /* the rules first: a wrong rules file is refused before anything is computed */
    if ((st = year_rules(opt.rules_file, &r)) != TZ_OK)
        goto out;
    if ((st = year_load(&opt.year, &l, &f)) != TZ_OK)
        goto out;
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
    if ((st = year_apply(r, f, &b)) != TZ_OK)
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
    buf_release(&out);
    bonus_free(b);
    figures_free(f);
    ledger_free(l);
    rules_free(r);
    return st;
}
