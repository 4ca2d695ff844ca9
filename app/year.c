/* app/year.c — one year read for the commands that only look (see year.h).
   May call: base/, input/ledger, pipeline/figures, rules/rules. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/year.h"

int year_option(const char *cmd, int argc, char **argv, int *i, year_options *opt)
{
    const char *a = argv[*i];
    if (strcmp(a, "--lenient") == 0) {
        opt->lenient = 1;
        return 1;
    }
    if (strcmp(a, "--year") != 0 && strcmp(a, "--apportion") != 0 && strcmp(a, "--encoding") != 0)
        return 0;
    const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
    if (!value) {
        fprintf(stderr, "taizhang: %s: 选项 %s 缺少取值\n", cmd, a);
        return TZ_USAGE;
    }
    if (strcmp(a, "--year") == 0) {
        char *end;
        errno = 0;
        long y = strtol(value, &end, 10);
        if (errno || end == value || *end || y < 1900 || y > 9999) {
            fprintf(stderr, "taizhang: %s: --year \"%s\" 不是年份（如 2025）\n", cmd, value);
            return TZ_USAGE;
        }
        opt->year = (int)y;
    } else if (strcmp(a, "--apportion") == 0) {
        if (figures_apportion_parse(value, &opt->apportion) != 0) {
            fprintf(stderr, "taizhang: %s: --apportion \"%s\" 应为 share 或 lead\n", cmd, value);
            return TZ_USAGE;
        }
    } else {
        if (strcmp(value, "UTF-8") != 0 && strcmp(value, "GB18030") != 0) {
            fprintf(stderr, "taizhang: %s: --encoding \"%s\" 应为 UTF-8 或 GB18030\n", cmd, value);
            return TZ_USAGE;
        }
        opt->encoding = value;
    }
    (*i)++;
    return 1;
}

void year_print_lines(const buf *b)
{
    for (const char *p = b->data; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(stderr, "taizhang: %.*s\n", (int)n, p);
        p += n + (nl != NULL);
    }
}

static void report_ledger_errors(const char *dir, const ledger *l, tz_status st)
{
    for (size_t i = 0; i < l->problems.count; i++) {
        const problem *p = &l->problems.items[i];
        if (p->severity != SEV_ERROR)
            continue;
        if (p->line == 0)
            fprintf(stderr, "taizhang: %s/%s: %s\n", dir, p->file ? p->file : "", p->message);
        else
            fprintf(stderr, "taizhang: %s/%s:%u:%u: %s\n", dir, p->file, (unsigned)p->line,
                    (unsigned)p->column, p->message);
    }
    if (st == TZ_DATAERR)
        fprintf(stderr, "taizhang: %s: 台账有 %zu 处错误；请改正后重新运行，或加 --lenient 跳过出错的行\n",
                dir, l->problems.errors);
}

tz_status year_load(const year_options *opt, ledger **l, figures **f)
{
    ledger_options lo = {opt->year, opt->encoding, opt->lenient, 0};
    *f = NULL;
    tz_status st = ledger_load(opt->ledger_dir, &lo, l);
    if (st != TZ_OK) {
        if (*l)
            report_ledger_errors(opt->ledger_dir, *l, st);
        else if (st == TZ_NOINPUT)
            fprintf(stderr, "taizhang: 无法读取台账目录 %s\n", opt->ledger_dir);
        ledger_free(*l);
        *l = NULL;
        return st;
    }
    if ((st = figures_compute(*l, opt->apportion, f)) != TZ_OK) {
        ledger_free(*l);
        *l = NULL;
    }
    return st;
}

tz_status year_rules(const char *file, rules **out)
{
    buf err = BUF_INIT;
    tz_status st = file ? rules_load(file, out, &err) : rules_load_default(out, &err);
    year_print_lines(&err);
    buf_release(&err);
    return st;
}

tz_status year_apply(const rules *r, const figures *f, bonus **out)
{
    buf err = BUF_INIT;
    tz_status st = rules_unused_names(r, f->ledger, &err) < 0 ? TZ_NOMEM
                                                               : rules_apply_err(r, f, out, &err);
    year_print_lines(&err);
    buf_release(&err);
    return st;
}
