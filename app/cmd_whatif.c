/* app/cmd_whatif.c — `taizhang whatif LEDGER_DIR --rules NEW [--base OLD] [-o FILE]`:
   the year's points under the rules in force (OLD, default the built-in rules) and under
   a proposed set NEW, side by side per unit as CSV (output/whatif), and a summary for the
   assessment office: who moves and how far, the rank correlation, and how well each set
   tells the units apart (caps reached, distinct totals, the largest tie).
   May call: every stage's public header. */
#include "app/cmd.h"
#include "app/cli.h"
#include "base/mem.h"
#include "output/csvw.h"
#include "output/whatif.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static void whatif_usage(FILE *f)
{
    fprintf(f,
            "usage: taizhang whatif LEDGER_DIR --rules NEW [--base OLD] [-o FILE]\n"
            "       [--year Y] [--apportion share|lead] [--encoding E] [--lenient]\n"
            "\n"
            "  --rules NEW         the proposed rules\n"
            "  --base OLD          the rules to compare with (default: the built-in rules)\n"
            "  -o FILE             the per-unit CSV into FILE (default: standard output);\n"
            "                      the summary then goes to standard output, else to\n"
            "                      standard error\n"
            "  --year Y            the reporting year (default: LEDGER_DIR's name)\n"
            "  --apportion M       share (default) or lead, as given to run\n"
            "  --encoding E        UTF-8 or GB18030 for every file (default: detect per file)\n"
            "  --lenient           drop the rows in error, as run --lenient does\n");
}

typedef struct whatif_options {
    const char *ledger_dir, *base_file, *out_file;
    cli_common common;          /* --rules (the proposed rules), --year, --apportion, ... */
} whatif_options;

/* Fills opt from the command line. Returns TZ_OK (*help = 1 when --help printed the
   usage on stdout), or TZ_USAGE (message printed). */
static tz_status parse_options(int argc, char **argv, whatif_options *opt, int *help)
{
    memset(opt, 0, sizeof *opt);
    cli_common_init(&opt->common);
    const unsigned shared = CLI_RULES | CLI_YEAR | CLI_APPORTION | CLI_ENCODING | CLI_LENIENT;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        cli_take t = cli_take_common("whatif", shared, argc, argv, &i, &opt->common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            whatif_usage(stdout);
            *help = 1;
            return TZ_OK;
        } else if ((strcmp(a, "--base") == 0 || strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) &&
                   i + 1 >= argc) {
            fprintf(stderr, "taizhang: whatif: 选项 %s 缺少取值\n", a);
            return TZ_USAGE;
        } else if (strcmp(a, "--base") == 0) {
            opt->base_file = argv[++i];
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            opt->out_file = argv[++i];
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_unknown_option("whatif", a);
            return TZ_USAGE;
        } else if (!opt->ledger_dir) {
            opt->ledger_dir = a;
        } else {
            fprintf(stderr, "taizhang: whatif: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
    }
    if (!opt->ledger_dir || !opt->common.rules_file) {
        fprintf(stderr, "taizhang: whatif: 需要台账目录和 --rules 新规则文件\n");
        whatif_usage(stderr);
        return TZ_USAGE;
    }
    return TZ_OK;
}

/* The rules of `file`, or the built-in ones when file is NULL; problems printed. */
static tz_status load_rules(const char *file, rules **out)
{
    buf err = BUF_INIT;
    tz_status st = file ? rules_load(file, out, &err) : rules_load_default(out, &err);
    cli_print_lines(NULL, &err);
    buf_release(&err);
    return st;
}

/* Applies r to f, warning about names in activities(…) the ledger never uses. */
static tz_status apply(const rules *r, const figures *f, bonus **out)
{
    buf err = BUF_INIT;
    tz_status st = rules_unused_names(r, f->ledger, &err) < 0 ? TZ_NOMEM
                                                               : rules_apply_err(r, f, out, &err);
    cli_print_lines(NULL, &err);
    buf_release(&err);
    return st;
}

/* Writes n bytes to path (or stdout when path is NULL). TZ_OK, TZ_CANTCREAT, TZ_IOERR;
   the message printed. */
static tz_status write_all(const char *path, const char *data, size_t n)
{
    FILE *fp = path ? fopen(path, "wb") : stdout;
    if (!fp) {
        fprintf(stderr, "taizhang: whatif: 无法创建 %s：%s\n", path, strerror(errno));
        return TZ_CANTCREAT;
    }
    int bad = fwrite(data, 1, n, fp) != n || fflush(fp) != 0;
    if (path && fclose(fp) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "taizhang: whatif: 写入 %s 失败：%s\n", path ? path : "标准输出",
                strerror(errno));
        return TZ_IOERR;
    }
    return TZ_OK;
}

int cmd_whatif(int argc, char **argv)
{
    whatif_options opt;
    int help = 0;
    tz_status st = parse_options(argc, argv, &opt, &help);
    if (st != TZ_OK || help)
        return st;
    const cli_common *c = &opt.common;
    rules *base = NULL, *proposed = NULL;
    ledger *l = NULL;
    figures *f = NULL;
    bonus *b_base = NULL, *b_new = NULL;
    buf summary = BUF_INIT, err = BUF_INIT;
    csvw w;
    memset(&w, 0, sizeof w);

    /* both rule sets first: a wrong file is refused before anything is computed */
    tz_status st_base = load_rules(opt.base_file, &base);
    st = load_rules(c->rules_file, &proposed);
    if (st_base != TZ_OK || st != TZ_OK) {
        st = st_base != TZ_OK ? st_base : st;
        if (st == TZ_CONFIG)
            fprintf(stderr, "taizhang: whatif: 规则文件有错，未做任何计算；请按上面的提示改正（写法见 docs/rules.md）\n");
        goto out;
    }
    ledger_options lo = {c->year, c->encoding, c->lenient, 0};
    st = ledger_load(opt.ledger_dir, &lo, &l);
    if (st != TZ_OK) {
        if (l)
            cli_report_errors(opt.ledger_dir, l, st, c->lenient);
        else if (st == TZ_NOINPUT)
            fprintf(stderr, "taizhang: whatif: 无法读取台账目录 %s\n", opt.ledger_dir);
        goto out;
    }
    st = figures_compute_err(l, c->apportion, 0, &f, &err);
    cli_print_lines(opt.ledger_dir, &err);
    if (st != TZ_OK)
        goto out;
    if ((st = apply(base, f, &b_base)) != TZ_OK || (st = apply(proposed, f, &b_new)) != TZ_OK)
        goto out;
    if (csvw_begin(&w, 1) != 0 || whatif_table(&w, b_base, b_new, f) != 0 ||
        whatif_summary(&summary, b_base, b_new, f) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    if ((st = write_all(opt.out_file, w.out.data, w.out.len)) != TZ_OK)
        goto out;
    FILE *to = opt.out_file ? stdout : stderr;
    if (fwrite(summary.data, 1, summary.len, to) != summary.len || fflush(to) != 0) {
        fprintf(stderr, "taizhang: whatif: 写出摘要失败：%s\n", strerror(errno));
        st = TZ_IOERR;
    }
out:
    if (st == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    csvw_release(&w);
    buf_release(&summary);
    buf_release(&err);
    bonus_free(b_new);
    bonus_free(b_base);
    figures_free(f);
    ledger_free(l);
    rules_free(proposed);
    rules_free(base);
    return st;
}
