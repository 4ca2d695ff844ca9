/* app/cli.c — the options the commands share, and the lines every command prints the
   same way (see cli.h).
   May call: base/, input/ledger, input/encoding, pipeline/figures, libc. */
#include "app/cli.h"
#include "input/encoding.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void cli_common_init(cli_common *o)
{
    memset(o, 0, sizeof *o);
    o->apportion = APPORTION_SHARE;
}

int cli_whole_number(const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = (int)v;
    return 0;
}

cli_take cli_take_common(const char *cmd, unsigned accepts, int argc, char **argv, int *i,
                         cli_common *o)
{
    const char *a = argv[*i];
    if ((accepts & CLI_LENIENT) && strcmp(a, "--lenient") == 0) {
        o->lenient = 1;
        return CLI_TAKEN;
    }
    if ((accepts & CLI_QUIET) && strcmp(a, "--quiet") == 0) {
        o->quiet = 1;
        return CLI_TAKEN;
    }
    static const struct { const char *name; unsigned flag; } WITH_VALUE[] = {
        {"--encoding", CLI_ENCODING}, {"--rules", CLI_RULES}, {"--year", CLI_YEAR},
        {"--threads", CLI_THREADS}, {"--apportion", CLI_APPORTION},
    };
    unsigned flag = 0;
    for (size_t k = 0; k < sizeof WITH_VALUE / sizeof *WITH_VALUE; k++)
        if ((accepts & WITH_VALUE[k].flag) && strcmp(a, WITH_VALUE[k].name) == 0)
            flag = WITH_VALUE[k].flag;
    if (!flag)
        return CLI_NOT_MINE;
    if (*i + 1 >= argc) {
        fprintf(stderr, "taizhang: %s: 选项 %s 缺少取值\n", cmd, a);
        return CLI_BAD;
    }
    const char *value = argv[++*i];
    encoding_kind kind;
    switch (flag) {
    case CLI_ENCODING:
        if (encoding_parse_name(value, &kind) != 0) {
            fprintf(stderr, "taizhang: %s: --encoding \"%s\" 应为 UTF-8 或 GB18030（也可写 GBK）\n",
                    cmd, value);
            return CLI_BAD;
        }
        o->encoding = value;
        break;
    case CLI_RULES:
        o->rules_file = value;
        break;
    case CLI_YEAR:
        if (cli_whole_number(value, 1900, 9999, &o->year) != 0) {
            fprintf(stderr, "taizhang: %s: --year \"%s\" 不是年份（如 2025）\n", cmd, value);
            return CLI_BAD;
        }
        break;
    case CLI_THREADS:
        if (cli_whole_number(value, 1, 256, &o->threads) != 0) {
            fprintf(stderr, "taizhang: %s: --threads \"%s\" 应为 1 到 256 的整数\n", cmd, value);
            return CLI_BAD;
        }
        break;
    default:
        if (figures_apportion_parse(value, &o->apportion) != 0) {
            fprintf(stderr, "taizhang: %s: --apportion \"%s\" 应为 share 或 lead\n", cmd, value);
            return CLI_BAD;
        }
        break;
    }
    return CLI_TAKEN;
}

void cli_unknown_option(const char *cmd, const char *arg)
{
    fprintf(stderr, "taizhang: %s: 不认识的选项 %s（见 taizhang %s --help）\n", cmd, arg, cmd);
}

void cli_print_lines(const char *dir, const buf *b)
{
    for (const char *p = b->data; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        fprintf(stderr, "taizhang: %s%s%.*s\n", dir ? dir : "", dir ? "/" : "", (int)n, p);
        p += n + (nl != NULL);
    }
}

/* How many errors standard error shows before pointing to the full list: cron mails and
   terminals are read by a person; the full list is validate's. */
#define CLI_SHOWN_ERRORS 20

void cli_report_errors(const char *dir, const ledger *l, tz_status st, int lenient)
{
    const problem_list *pl = &l->problems;
    size_t shown = 0;
    for (size_t i = 0; i < pl->count; i++) {
        const problem *p = &pl->items[i];
        if (p->severity != SEV_ERROR || shown++ >= CLI_SHOWN_ERRORS)
            continue;
        if (!p->file || !p->file[0])
            fprintf(stderr, "taizhang: %s: %s", dir, p->message);
        else if (p->line == 0)
            fprintf(stderr, "taizhang: %s/%s: %s", dir, p->file, p->message);
        else
            fprintf(stderr, "taizhang: %s/%s:%u:%u: %s", dir, p->file, (unsigned)p->line,
                    (unsigned)p->column, p->message);
        if (p->value && p->value[0])
            fprintf(stderr, "（值：“%s”）", p->value);
        fputc('\n', stderr);
    }
    if (shown > CLI_SHOWN_ERRORS)
        fprintf(stderr, "taizhang: %s: 另有 %zu 处问题未列出，完整清单请运行 "
                        "taizhang validate %s -o 问题清单.csv\n", dir, shown - CLI_SHOWN_ERRORS, dir);
    if (st == TZ_DATAERR)
        fprintf(stderr, "taizhang: %s: 台账有 %zu 处错误，未生成任何输出；请改正后重新运行%s\n",
                dir, pl->errors, lenient ? "" : "，或加 --lenient 跳过出错的行");
}
