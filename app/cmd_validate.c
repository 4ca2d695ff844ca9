/* app/cmd_validate.c — `taizhang validate DIR`: reads and checks the ledgers of one
   year and lists every problem as CSV (the columns of validation.csv), with a short
   summary per file on standard error. Exit 0 without errors, 65 with errors, 66 when the
   folder or a required file is missing, 64 for a bad command line.
   May call: base (all), input/ledger, output/csvw, output/tables (validation.csv's rows),
   app/cli. */
#include "app/cli.h"
#include "app/cmd.h"
#include "base/mem.h"
#include "base/text.h"
#include "input/ledger.h"
#include "output/csvw.h"
#include "output/tables.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void help(FILE *f)
{
    fprintf(f,
            "usage: taizhang validate LEDGER_DIR [-o FILE] [--year Y] [--encoding E]\n"
            "       [--threads N]\n"
            "\n"
            "Reads the ledgers (units.csv, teams.csv, volunteers.csv, activities.csv,\n"
            "participation.csv, and demands.csv, results.csv when present) of one year and\n"
            "lists every problem as CSV: file,line,column,severity,code,message,value\n"
            "(UTF-8 with BOM, CRLF), on standard output or into FILE. A summary per file goes\n"
            "to standard error.\n"
            "\n"
            "  -o FILE         write the problems to FILE instead of standard output\n"
            "  --year Y        the reporting year (default: the folder's name, e.g. 2025)\n"
            "  --encoding E    UTF-8 or GB18030 for every file (default: detect per file)\n"
            "  --threads N     threads for reading (default: all cores)\n"
            "  -h, --help      this text\n"
            "\n"
            "exit: 0 no errors (warnings allowed), 65 errors, 66 folder or required file\n"
            "missing or unreadable, 64 bad usage, 73 FILE cannot be written.\n"
            "The codes and what to do about each: ledgers.md in share/doc/taizhang.\n");
}

static int write_all(FILE *f, const char *data, size_t n)
{
    return fwrite(data, 1, n, f) == n ? 0 : -1;
}

/* Writes data to path through a temporary file and a rename: no half-written output. */
static tz_status write_atomic(const char *path, const char *data, size_t n)
{
    size_t len = strlen(path);
    char *tmp = mem_alloc(len + 32);
    if (!tmp)
        return TZ_NOMEM;
    tz_status r = TZ_OK;
    if (text_format(tmp, len + 32, "%s.tmp.%ld", path, (long)getpid()) != 0) {
        r = TZ_SOFTWARE;        /* 32 bytes hold ".tmp." and any pid */
        goto out;
    }
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "taizhang: 无法写入 %s：%s\n", path, strerror(errno));
        r = TZ_CANTCREAT;
        goto out;
    }
    int bad = write_all(f, data, n) != 0;
    bad |= fflush(f) != 0;
    bad |= fsync(fileno(f)) != 0 && errno != EINVAL;
    bad |= fclose(f) != 0;
    if (bad || rename(tmp, path) != 0) {
        fprintf(stderr, "taizhang: 写入 %s 失败：%s\n", path, strerror(errno));
        unlink(tmp);
        r = TZ_IOERR;
    }
out:
    mem_free(tmp);
    return r;
}

static tz_status problems_csv(const ledger *l, csvw *w)
{
    csvw_begin(w, 1);
    if (tables_problems(w, &l->problems, 0) != 0)
        return TZ_NOMEM;
    return w->failed ? TZ_NOMEM : TZ_OK;
}

static void summary(const ledger *l)
{
    /* in the order the files are read and the problems listed */
    static const ledger_file_kind order[LEDGER_FILE_COUNT] = {
        LEDGER_UNITS, LEDGER_TEAMS, LEDGER_VOLUNTEERS, LEDGER_DEMANDS, LEDGER_ACTIVITIES,
        LEDGER_PARTICIPATION, LEDGER_RESULTS};
    for (size_t i_kind = 0; i_kind < LEDGER_FILE_COUNT; i_kind++) {
        ledger_file_kind k = order[i_kind];
        const ledger_file *f = &l->files[k];
        size_t e = 0, wn = 0, n = 0;
        for (size_t i = 0; i < l->problems.count; i++) {
            const problem *p = &l->problems.items[i];
            if (strcmp(p->file, LEDGER_FILE_NAMES[k]) != 0)
                continue;
            e += p->severity == SEV_ERROR;
            wn += p->severity == SEV_WARNING;
            n += p->severity == SEV_NOTICE;
        }
        if (!f->present) {
            if (e)
                fprintf(stderr, "taizhang: %-18s 缺失\n", LEDGER_FILE_NAMES[k]);
            continue;
        }
        fprintf(stderr, "taizhang: %-18s %-9s %8llu 行  错误 %zu  警告 %zu  提示 %zu\n",
                LEDGER_FILE_NAMES[k], f->encoding[0] ? f->encoding : "-",
                (unsigned long long)f->rows, e, wn, n);
    }
    fprintf(stderr, "taizhang: %d 年度合计：错误 %zu，警告 %zu，提示 %zu\n", l->year,
            l->problems.errors, l->problems.warnings, l->problems.notices);
}

int cmd_validate(int argc, char **argv)
{
    const char *dir = NULL, *out_path = NULL;
    cli_common common;
    cli_common_init(&common);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        cli_take t = cli_take_common("validate", CLI_ENCODING | CLI_YEAR | CLI_THREADS, argc,
                                     argv, &i, &common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN)
            continue;
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            help(stdout);
            return TZ_OK;
        } else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0) {
            if (++i >= argc) {
                fprintf(stderr, "taizhang: validate: 选项 %s 缺少取值\n", a);
                return TZ_USAGE;
            }
            out_path = argv[i];
        } else if (a[0] == '-' && a[1]) {
            cli_unknown_option("validate", a);
            return TZ_USAGE;
        } else if (!dir) {
            dir = a;
        } else {
            fprintf(stderr, "taizhang: validate: 多余的参数 \"%s\"\n", a);
            return TZ_USAGE;
        }
    }
    if (!dir) {
        fprintf(stderr, "taizhang: validate: 需要台账目录\n");
        help(stderr);
        return TZ_USAGE;
    }
    ledger_options opt = {common.year, common.encoding, 0, common.threads};

    ledger *l = NULL;
    tz_status st = ledger_load(dir, &opt, &l);
    if (st == TZ_NOMEM) {
        fprintf(stderr, "taizhang: 内存不足\n");
        return TZ_NOMEM;
    }
    if (st == TZ_USAGE || (st == TZ_NOINPUT && l->problems.count && !l->problems.items[0].file[0])) {
        for (size_t i = 0; i < l->problems.count; i++)
            if (l->problems.items[i].severity == SEV_ERROR)
                fprintf(stderr, "taizhang: %s\n", l->problems.items[i].message);
        ledger_free(l);
        return st;
    }
    if (st == TZ_NOINPUT)
        for (size_t i = 0; i < l->problems.count; i++) {
            const problem *p = &l->problems.items[i];
            if (strcmp(p->code, "file.missing") == 0 || strcmp(p->code, "file.unreadable") == 0)
                fprintf(stderr, "taizhang: %s: %s\n", p->file, p->message);
        }
    csvw w;
    tz_status wr = problems_csv(l, &w);
    if (wr == TZ_OK) {
        if (out_path) {
            wr = write_atomic(out_path, w.out.data, w.out.len);
        } else if (write_all(stdout, w.out.data, w.out.len) != 0 || fflush(stdout) != 0) {
            fprintf(stderr, "taizhang: 写标准输出失败：%s\n", strerror(errno));
            wr = TZ_IOERR;
        }
    }
    csvw_release(&w);
    if (wr == TZ_NOMEM)
        fprintf(stderr, "taizhang: 内存不足\n");
    summary(l);
    ledger_free(l);
    if (wr != TZ_OK)
        return wr;
    return st;
}
