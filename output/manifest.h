/* output/manifest.h — OUT/manifest.json: what an auditor needs to prove that the outputs
   came from given inputs. The program and library versions, the fonts embedded, the
   command line and options, the year, the rules and every input with SHA-256, size,
   encoding and rows, and every output with SHA-256 and size. Deterministic JSON: fixed
   key order, outputs sorted by path in byte order, no time anywhere. The same file is
   read back by `verify` (strict: required fields, well-formed hashes, output paths that
   stay inside OUT). docs/operations.md documents the format.
   May call: base/ (all), output/json, input/ledger (its struct only), output/run.h (options),
   nettle, and the libraries' version functions. */
#ifndef TZ_MANIFEST_H
#define TZ_MANIFEST_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"
#include "input/ledger.h"
#include "output/run.h"

#define MANIFEST_FORMAT "taizhang-manifest 1"

/* The environment variables that change output bytes, recorded with the run and set the
   same way when verify recomputes: SOURCE_DATE_EPOCH (the PDF's dates), TAIZHANG_FONT
   (the charts' font). NULL-terminated. */
extern const char *const MANIFEST_ENVIRONMENT[];
#define MANIFEST_NAME "manifest.json"

typedef struct manifest_file {
    char *path;         /* output: relative to OUT ("tables/units.csv"); font: as found */
    uint64_t bytes;
    uint8_t sha256[32];
} manifest_file;

typedef struct manifest_input {
    char *role;         /* "ledger" (this year) or "previous" (--previous) */
    char *file;         /* "units.csv" */
    char *path;         /* as the run was given it; relative paths are relative to cwd */
    char *encoding;     /* "UTF-8", "UTF-8-BOM", "GB18030" */
    uint64_t bytes, rows, rows_dropped;
    uint8_t sha256[32];
} manifest_input;

typedef struct manifest_pair {
    char *name, *value;
} manifest_pair;

/* A file the committee edits that a run read (the rules, the skills map). */
typedef struct manifest_policy {
    char *source;                        /* the file as given, or the built-in's name */
    int builtin;
    uint64_t bytes;
    uint8_t sha256[32];
} manifest_policy;

typedef struct manifest {
    char *version;                       /* the program's */
    manifest_pair *libraries;  size_t n_libraries;
    manifest_file *fonts;      size_t n_fonts;
    char *cwd;                           /* where the run was started */
    char **argv;               size_t argc;   /* the command's argv, argv[0] = "run" */
    int64_t out_index, out_offset;       /* argv[out_index] + out_offset is OUT; -1: unknown */
    manifest_pair *environment; size_t n_environment;  /* value NULL: unset */
    struct manifest_options {            /* run_options, as given; NULL: not given */
        char *ledger_dir, *rules_file, *previous_dir, *encoding, *org_name, *title;
        char *apportion;                 /* "share" or "lead" */
        int64_t year;                    /* 0: from the folder's name */
        int lenient, tables_only, no_xlsx, unit_sheets;
        int max_dropped;                /* percent (run --max-dropped) */
    } options;
    int64_t year;
    manifest_policy rules;               /* source NULL: no rules applied ("rules": null) */
    manifest_policy skills;              /* the skills map (run --skills); source NULL: none
                                            ("skills" left out) */
    manifest_input *inputs;    size_t n_inputs;
    manifest_file *outputs;    size_t n_outputs;  /* sorted by path */
} manifest;

/* A manifest with the program and library versions, the working folder, the command line,
   the environment variables of MANIFEST_ENVIRONMENT
   (opt->argv; the element holding opt->out_dir is remembered so that verify can point
   the same command at another folder) and the options. TZ_OK and *out (manifest_free);
   TZ_NOMEM; TZ_SOFTWARE when the working folder cannot be named. */
tz_status manifest_new(const run_options *opt, manifest **out);

/* Which element of opt->argv holds OUT: *index, and *offset bytes into it ("--out=DIR"
   gives 6); both -1 when none does. Outputs that show the command line show OUT as a
   placeholder there, since verify recomputes into another folder and must get the same
   bytes. Cannot fail. */
void manifest_out_argument(const run_options *opt, int64_t *index, int64_t *offset);

/* Adds the files of a ledger (ledger.files[], present ones, in the contract's order)
   under role "ledger" (which also sets the year) or "previous". TZ_NOMEM. */
tz_status manifest_add_ledger(manifest *m, const char *role, const ledger *l);

/* Records a policy file in p (&m->rules, &m->skills): source as given (or the built-in's
   name) and the bytes that were parsed, hashed here. TZ_NOMEM. */
tz_status manifest_set_policy(manifest_policy *p, const char *source, int builtin,
                              const char *text, size_t len);

/* Hashes a font file and records it (a font named twice is kept once). TZ_NOINPUT
   when it cannot be read, TZ_NOMEM. */
tz_status manifest_add_font(manifest *m, const char *path);

/* Hashes every regular file under dir (recursively, manifest.json at its top excepted)
   into outputs, sorted by relative path in byte order, replacing any earlier list.
   TZ_IOERR when a file cannot be read, TZ_NOMEM. */
tz_status manifest_add_outputs(manifest *m, const char *dir);

/* The JSON text (appended to out). TZ_NOMEM. */
tz_status manifest_render(const manifest *m, buf *out);

/* Reads a manifest back from text / from a file. TZ_DATAERR with one line (English,
   "manifest.json: …") in err when malformed or not of this format; TZ_NOINPUT when the
   file is missing or unreadable (message in err); TZ_NOMEM. */
tz_status manifest_parse(const char *text, size_t len, manifest **out, buf *err);
tz_status manifest_load(const char *path, manifest **out, buf *err);

void manifest_free(manifest *m);

/* SHA-256 and size of a file. TZ_NOINPUT when it cannot be opened, TZ_IOERR when a read
   fails. */
tz_status manifest_sha256_file(const char *path, uint8_t sha256[32], uint64_t *bytes);
void manifest_sha256(const void *data, size_t len, uint8_t sha256[32]);
/* Lower-case hex, NUL-terminated. */
void manifest_hex(const uint8_t sha256[32], char hex[65]);

/* The relative paths of every regular file under dir, as manifest_add_outputs sees them
   (manifest.json at the top excepted), sorted; *paths is an array of *n strings
   (manifest_free_paths). TZ_IOERR, TZ_NOMEM. */
tz_status manifest_list_files(const char *dir, char ***paths, size_t *n);
void manifest_free_paths(char **paths, size_t n);

#endif
