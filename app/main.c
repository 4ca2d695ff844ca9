/* app/main.c — the program's entry: the set-up every command relies on (the C locale,
   GSL's aborting error handler off, TZ_FAIL_ALLOC for the allocation-failure tests),
   --help and --version, and the dispatch to the commands of app/cmd.h.
   May call: base/mem, base/status, app/cmd, GSL, libc. */
#include "app/cmd.h"
#include "base/mem.h"

#include <gsl/gsl_errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} COMMANDS[] = {
    {"validate", cmd_validate, "check the ledgers of one year; problems as CSV"},
    {"run", cmd_run, "validate, compute the figures and write the year's outputs"},
    {"sample", cmd_sample, "write a synthetic year of ledgers (for trying and benchmarks)"},
    {"explain", cmd_explain, "one unit's bonus points, rule by rule, with what each rule read"},
    {"demand", cmd_demand, "one demand of the menu: its status and the teams that could answer it"},
    {"verify", cmd_verify, "recompute OUT from the inputs its manifest names and compare"},
    {NULL, NULL, NULL},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: taizhang COMMAND [OPTIONS]\n\ncommands:\n");
    for (size_t i = 0; COMMANDS[i].name; i++)
        fprintf(f, "  %-10s %s\n", COMMANDS[i].name, COMMANDS[i].summary);
    fprintf(f, "\n'taizhang COMMAND --help' for a command's options; exit codes and every option:\n"
               "man taizhang; the documents (operations.md, ledgers.md, rules.md, figures.md, ...):\n"
               "share/doc/taizhang/ under the installation prefix (docs/ in the source)\n");
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "C");
    gsl_set_error_handler_off();
    mem_fail_from_env();
    if (argc < 2) {
        usage(stderr);
        return TZ_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        usage(stdout);
        return TZ_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("taizhang %s\n", TZ_VERSION);
        return TZ_OK;
    }
    for (size_t i = 0; COMMANDS[i].name; i++)
        if (strcmp(argv[1], COMMANDS[i].name) == 0)
            return COMMANDS[i].run(argc - 1, argv + 1);
    fprintf(stderr, "taizhang: 没有“%s”这个命令；可用的命令见下\n", argv[1]);
    usage(stderr);
    return TZ_USAGE;
}
