/* app/cmd.h — the subcommands. Each takes (argc, argv) with argv[0] the command's
   name and returns the process exit code (a tz_status). Messages go to standard error,
   one line each, prefixed "taizhang: ". May call: every stage's public header. */
#ifndef TZ_CMD_H
#define TZ_CMD_H
#include "base/status.h"

int cmd_validate(int argc, char **argv);
int cmd_sample(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_explain(int argc, char **argv);
int cmd_verify(int argc, char **argv);
int cmd_demand(int argc, char **argv);

#endif
