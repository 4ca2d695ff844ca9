/* output/manifest.c — builds, writes and reads back OUT/manifest.json (see manifest.h).
   May call: base/ (all), output/json, input/ledger (struct), output/run.h (struct), nettle,
   the version functions of libharu, cairo, GSL, libcsv, zlib, fontconfig; libc. */
#include "output/manifest.h"
#include "base/mem.h"
#include "base/text.h"
#include "output/json.h"

#include <cairo.h>
#include <csv.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <gsl/gsl_version.h>
#include <hpdf_version.h>
#include <nettle/sha2.h>
#include <nettle/version.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xlsxwriter.h>
#include <zlib.h>

#define WALK_MAX_DEPTH 16

const char *const MANIFEST_ENVIRONMENT[] = {"SOURCE_DATE_EPOCH", "TAIZHANG_FONT", NULL};

/* ---------------------------------------------------------------- hashing */

void manifest_sha256(const void *data, size_t len, uint8_t sha256[32])
{
    struct sha256_ctx c;
    sha256_init(&c);
    sha256_update(&c, len, data);
    sha256_digest(&c, SHA256_DIGEST_SIZE, sha256);
}

tz_status manifest_sha256_file(const char *path, uint8_t sha256[32], uint64_t *bytes)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return TZ_NOINPUT;
    struct sha256_ctx c;
    sha256_init(&c);
    uint64_t total = 0;
    char chunk[65536];
    for (;;) {
        ssize_t r = read(fd, chunk, sizeof chunk);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            close(fd);
            return errno == EISDIR ? TZ_NOINPUT : TZ_IOERR;
        }
        if (r == 0)
            break;
        sha256_update(&c, (size_t)r, (const uint8_t *)chunk);
        total += (uint64_t)r;
    }
    close(fd);
    sha256_digest(&c, SHA256_DIGEST_SIZE, sha256);
    if (bytes)
        *bytes = total;
    return TZ_OK;
}

void manifest_hex(const uint8_t sha256[32], char hex[65])
{
    text_hex(sha256, 32, hex);
}

static int parse_hex(const char *s, size_t len, uint8_t sha256[32])
{
    if (len != 64)
        return -1;
    for (int i = 0; i < 64; i++) {
        char c = s[i];
        int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
        if (v < 0)
            return -1;
        if (i % 2 == 0)
            sha256[i / 2] = (uint8_t)(v << 4);
        else
            sha256[i / 2] |= (uint8_t)v;
    }
    return 0;
}

/* ---------------------------------------------------------------- building */

static char *dup_or_null(const char *s, int *failed)
{
    if (!s)
        return NULL;
    char *c = mem_strdup(s);
    if (!c)
        *failed = 1;
    return c;
}

static int add_pair(manifest *m, size_t *cap, const char *name, const char *value)
{
    if (mem_grow(&m->libraries, cap, m->n_libraries + 1, sizeof *m->libraries) != 0)
        return -1;
    manifest_pair *p = &m->libraries[m->n_libraries];
    p->name = mem_strdup(name);
    p->value = mem_strdup(value);
    if (!p->name || !p->value) {
        mem_free(p->name);
        mem_free(p->value);
        return -1;
    }
    m->n_libraries++;
    return 0;
}

/* The versions that can change a byte of the outputs, in alphabetical order. */
static int add_libraries(manifest *m)
{
    size_t cap = 0;
    char v[64];
    if (add_pair(m, &cap, "cairo", cairo_version_string()) != 0)
        return -1;
    int fc = FcGetVersion();
    if (text_format(v, sizeof v, "%d.%d.%d", fc / 10000, fc / 100 % 100, fc % 100) != 0 ||
        add_pair(m, &cap, "fontconfig", v) != 0 || add_pair(m, &cap, "gsl", gsl_version) != 0)
        return -1;
    if (text_format(v, sizeof v, "%d.%d.%d", CSV_MAJOR, CSV_MINOR, CSV_RELEASE) != 0 ||
        add_pair(m, &cap, "libcsv", v) != 0 || add_pair(m, &cap, "libharu", HPDF_VERSION_TEXT) != 0 ||
        add_pair(m, &cap, "libxlsxwriter", lxw_version()) != 0)
        return -1;
    if (text_format(v, sizeof v, "%d.%d", nettle_version_major(), nettle_version_minor()) != 0 ||
        add_pair(m, &cap, "nettle", v) != 0 || add_pair(m, &cap, "zlib", zlibVersion()) != 0)
        return -1;
    return 0;
}

/* Which argv element holds OUT. cmd_run normally hands us the optarg pointer itself,
   which points into argv ("-o DIR", "-oDIR", "--out=DIR"); else match the text. */
static void find_out_arg(const run_options *opt, int64_t *index, int64_t *offset)
{
    *index = *offset = -1;
    if (!opt->out_dir || !opt->argv)
        return;
    uintptr_t o = (uintptr_t)opt->out_dir;
    for (int i = 0; i < opt->argc; i++) {
        uintptr_t a = (uintptr_t)opt->argv[i];
        if (o >= a && o <= a + strlen(opt->argv[i])) {
            *index = i;
            *offset = (int64_t)(o - a);
            return;
        }
    }
    size_t on = strlen(opt->out_dir);
    for (int i = 1; i < opt->argc; i++) {
        const char *a = opt->argv[i];
        size_t an = strlen(a);
        if (strcmp(a, opt->out_dir) == 0 && opt->argv[i - 1][0] == '-') {
            *index = i;
            *offset = 0;
            return;
        }
        if (a[0] == '-' && an > on && strcmp(a + an - on, opt->out_dir) == 0 && a[an - on - 1] == '=') {
            *index = i;
            *offset = (int64_t)(an - on);
            return;
        }
    }
}

void manifest_out_argument(const run_options *opt, int64_t *index, int64_t *offset)
{
    find_out_arg(opt, index, offset);
}

tz_status manifest_new(const run_options *opt, manifest **out)
{
    *out = NULL;
    tz_status st = TZ_NOMEM;
    int failed = 0;
    manifest *m = mem_calloc(1, sizeof *m);
    if (!m)
        return TZ_NOMEM;
    m->version = mem_strdup(TZ_VERSION);
    if (!m->version || add_libraries(m) != 0)
        goto out;
    {
        char *cwd = getcwd(NULL, 0);    /* libc memory: copied into ours */
        if (!cwd) {
            st = errno == ENOMEM ? TZ_NOMEM : TZ_SOFTWARE;
            goto out;
        }
        m->cwd = mem_strdup(cwd);
        free(cwd);
        if (!m->cwd)
            goto out;
    }
    if (opt->argc > 0) {
        m->argv = mem_calloc((size_t)opt->argc, sizeof *m->argv);
        if (!m->argv)
            goto out;
        for (int i = 0; i < opt->argc; i++, m->argc++)
            if (!(m->argv[i] = mem_strdup(opt->argv[i])))
                goto out;
    }
    find_out_arg(opt, &m->out_index, &m->out_offset);
    {
        size_t n = 0;
        while (MANIFEST_ENVIRONMENT[n])
            n++;
        m->environment = mem_calloc(n, sizeof *m->environment);
        if (!m->environment)
            goto out;
        for (size_t i = 0; i < n; i++, m->n_environment++) {
            const char *value = getenv(MANIFEST_ENVIRONMENT[i]);
            manifest_pair *p = &m->environment[i];
            if (!(p->name = mem_strdup(MANIFEST_ENVIRONMENT[i])) || (value && !(p->value = mem_strdup(value)))) {
                m->n_environment++;
                goto out;
            }
        }
    }
    struct manifest_options *o = &m->options;
    o->ledger_dir = dup_or_null(opt->ledger_dir, &failed);
    o->rules_file = dup_or_null(opt->rules_file, &failed);
    o->previous_dir = dup_or_null(opt->previous_dir, &failed);
    o->encoding = dup_or_null(opt->encoding, &failed);
    o->org_name = dup_or_null(opt->org_name, &failed);
    o->title = dup_or_null(opt->title, &failed);
    o->apportion = dup_or_null(opt->apportion == APPORTION_LEAD ? "lead" : "share", &failed);
    o->year = opt->year;
    o->lenient = opt->lenient != 0;
    o->max_dropped = opt->max_dropped;
    o->tables_only = opt->tables_only != 0;
    o->no_xlsx = opt->no_xlsx != 0;
    o->unit_sheets = opt->unit_sheets != 0;
    m->year = opt->year;
    if (failed)
        goto out;
    *out = m;
    m = NULL;
    st = TZ_OK;
out:
    manifest_free(m);
    return st;
}

tz_status manifest_add_ledger(manifest *m, const char *role, const ledger *l)
{
    size_t cap = m->n_inputs;
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        const ledger_file *f = &l->files[k];
        if (!f->present)
            continue;
        if (mem_grow(&m->inputs, &cap, m->n_inputs + 1, sizeof *m->inputs) != 0)
            return TZ_NOMEM;
        manifest_input *in = &m->inputs[m->n_inputs];
        memset(in, 0, sizeof *in);
        m->n_inputs++;      /* counted now: manifest_free frees what was copied */
        in->role = mem_strdup(role);
        const char *path = f->path ? f->path : "";
        const char *slash = strrchr(path, '/');
        in->file = mem_strdup(slash ? slash + 1 : path);   /* "units.csv" */
        in->path = mem_strdup(path);
        in->encoding = mem_strndup(f->encoding, strnlen(f->encoding, sizeof f->encoding));
        if (!in->role || !in->file || !in->path || !in->encoding)
            return TZ_NOMEM;
        in->bytes = f->bytes;
        in->rows = f->rows;
        in->rows_dropped = f->rows_dropped;
        memcpy(in->sha256, f->sha256, 32);
    }
    if (strcmp(role, "ledger") == 0)
        m->year = l->year;
    return TZ_OK;
}

tz_status manifest_set_policy(manifest_policy *p, const char *source, int builtin,
                              const char *text, size_t len)
{
    char *s = mem_strdup(source ? source : "");
    if (!s)
        return TZ_NOMEM;
    mem_free(p->source);
    p->source = s;
    p->builtin = builtin != 0;
    p->bytes = len;
    manifest_sha256(text ? text : "", text ? len : 0, p->sha256);
    return TZ_OK;
}

tz_status manifest_add_font(manifest *m, const char *path)
{
    for (size_t i = 0; i < m->n_fonts; i++)
        if (strcmp(m->fonts[i].path, path) == 0)
            return TZ_OK;
    manifest_file f = {NULL, 0, {0}};
    tz_status st = manifest_sha256_file(path, f.sha256, &f.bytes);
    if (st != TZ_OK)
        return st == TZ_IOERR ? TZ_NOINPUT : st;
    size_t cap = m->n_fonts;
    if (mem_grow(&m->fonts, &cap, m->n_fonts + 1, sizeof *m->fonts) != 0 || !(f.path = mem_strdup(path)))
        return TZ_NOMEM;
    m->fonts[m->n_fonts++] = f;
    return TZ_OK;
}

/* ---------------------------------------------------------------- walking OUT */

typedef struct path_list {
    char **items;
    size_t n, cap;
} path_list;

static int cmp_paths(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static tz_status walk(const char *root, const char *rel, int depth, path_list *pl)
{
    buf dir = BUF_INIT;
    tz_status st = TZ_OK;
    DIR *d = NULL;
    if (buf_puts(&dir, root) != 0 || (*rel && (buf_putc(&dir, '/') != 0 || buf_puts(&dir, rel) != 0))) {
        st = TZ_NOMEM;
        goto out;
    }
    d = opendir(dir.data);
    if (!d) {
        st = TZ_IOERR;
        goto out;
    }
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (!*rel && strcmp(de->d_name, MANIFEST_NAME) == 0)
            continue;
        buf child = BUF_INIT;
        if ((*rel && (buf_puts(&child, rel) != 0 || buf_putc(&child, '/') != 0)) ||
            buf_puts(&child, de->d_name) != 0) {
            buf_release(&child);
            st = TZ_NOMEM;
            goto out;
        }
        struct stat sb;
        buf full = BUF_INIT;
        if (buf_printf(&full, "%s/%s", dir.data, de->d_name) != 0) {
            buf_release(&child);
            st = TZ_NOMEM;
            goto out;
        }
        int ok = lstat(full.data, &sb) == 0;
        buf_release(&full);
        if (!ok) {
            buf_release(&child);
            st = TZ_IOERR;
            goto out;
        }
        if (S_ISDIR(sb.st_mode)) {
            st = depth >= WALK_MAX_DEPTH ? TZ_IOERR : walk(root, child.data, depth + 1, pl);
            buf_release(&child);
            if (st != TZ_OK)
                goto out;
        } else if (S_ISREG(sb.st_mode)) {
            if (mem_grow(&pl->items, &pl->cap, pl->n + 1, sizeof *pl->items) != 0) {
                buf_release(&child);
                st = TZ_NOMEM;
                goto out;
            }
            pl->items[pl->n++] = buf_steal(&child);
        } else {
            buf_release(&child);       /* links, devices: not outputs of ours */
        }
    }
out:
    if (d)
        closedir(d);
    buf_release(&dir);
    return st;
}

void manifest_free_paths(char **paths, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(paths[i]);
    mem_free(paths);
}

tz_status manifest_list_files(const char *dir, char ***paths, size_t *n)
{
    path_list pl = {NULL, 0, 0};
    tz_status st = walk(dir, "", 0, &pl);
    if (st != TZ_OK) {
        manifest_free_paths(pl.items, pl.n);
        *paths = NULL;
        *n = 0;
        return st;
    }
    if (pl.n > 1)
        qsort(pl.items, pl.n, sizeof *pl.items, cmp_paths);
    *paths = pl.items;
    *n = pl.n;
    return TZ_OK;
}

static void free_files(manifest_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(f[i].path);
    mem_free(f);
}

tz_status manifest_add_outputs(manifest *m, const char *dir)
{
    char **paths = NULL;
    size_t n = 0, done = 0;
    manifest_file *files = NULL;
    buf full = BUF_INIT;
    tz_status st = manifest_list_files(dir, &paths, &n);
    if (st != TZ_OK)
        return st;
    files = mem_calloc(n ? n : 1, sizeof *files);
    if (!files) {
        st = TZ_NOMEM;
        goto out;
    }
    for (; done < n; done++) {
        buf_clear(&full);
        if (buf_printf(&full, "%s/%s", dir, paths[done]) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        st = manifest_sha256_file(full.data, files[done].sha256, &files[done].bytes);
        if (st != TZ_OK) {
            st = TZ_IOERR;
            goto out;
        }
        files[done].path = paths[done];
        paths[done] = NULL;
    }
    free_files(m->outputs, m->n_outputs);
    m->outputs = files;
    m->n_outputs = n;
    files = NULL;
out:
    if (files)
        free_files(files, done);
    manifest_free_paths(paths, n);
    buf_release(&full);
    return st;
}

/* ---------------------------------------------------------------- rendering */

static void put_hash(json_writer *w, const char *key, const uint8_t sha[32])
{
    char hex[65];
    manifest_hex(sha, hex);
    json_key(w, key);
    json_string(w, hex, 64);
}

static void put_files(json_writer *w, const char *key, const manifest_file *f, size_t n)
{
    json_key(w, key);
    json_array_begin(w);
    for (size_t i = 0; i < n; i++) {
        json_object_begin(w);
        json_key(w, "path"); json_cstring(w, f[i].path);
        json_key(w, "bytes"); json_int(w, (int64_t)f[i].bytes);
        put_hash(w, "sha256", f[i].sha256);
        json_object_end(w);
    }
    json_array_end(w);
}

static void put_opt(json_writer *w, const char *key, const char *value)
{
    json_key(w, key);
    json_cstring(w, value);
}

/* A policy file (the rules, the skills map) as an object: source, builtin, bytes, sha256. */
static void put_policy(json_writer *w, const manifest_policy *p)
{
    json_object_begin(w);
    put_opt(w, "source", p->source);
    json_key(w, "builtin"); json_bool(w, p->builtin);
    json_key(w, "bytes"); json_int(w, (int64_t)p->bytes);
    put_hash(w, "sha256", p->sha256);
    json_object_end(w);
}

tz_status manifest_render(const manifest *m, buf *out)
{
    json_writer jw, *w = &jw;
    json_writer_init(w, out);
    json_object_begin(w);
    put_opt(w, "format", MANIFEST_FORMAT);
    json_key(w, "program");
    json_object_begin(w);
    put_opt(w, "name", "taizhang");
    put_opt(w, "version", m->version);
    json_object_end(w);

    json_key(w, "libraries");
    json_object_begin(w);
    for (size_t i = 0; i < m->n_libraries; i++)
        put_opt(w, m->libraries[i].name, m->libraries[i].value);
    json_object_end(w);
    put_files(w, "fonts", m->fonts, m->n_fonts);

    json_key(w, "command");
    json_object_begin(w);
    put_opt(w, "cwd", m->cwd);
    json_key(w, "argv");
    json_array_begin(w);
    for (size_t i = 0; i < m->argc; i++)
        json_cstring(w, m->argv[i]);
    json_array_end(w);
    json_key(w, "out_index"); json_int(w, m->out_index);
    json_key(w, "out_offset"); json_int(w, m->out_offset);
    json_key(w, "environment");
    json_object_begin(w);
    for (size_t i = 0; i < m->n_environment; i++)
        put_opt(w, m->environment[i].name, m->environment[i].value);
    json_object_end(w);
    json_object_end(w);

    const struct manifest_options *o = &m->options;
    json_key(w, "options");
    json_object_begin(w);
    put_opt(w, "ledger_dir", o->ledger_dir);
    put_opt(w, "rules_file", o->rules_file);
    put_opt(w, "previous_dir", o->previous_dir);
    put_opt(w, "encoding", o->encoding);
    put_opt(w, "org_name", o->org_name);
    put_opt(w, "title", o->title);
    put_opt(w, "apportion", o->apportion);
    json_key(w, "year"); json_int(w, o->year);
    json_key(w, "lenient"); json_bool(w, o->lenient);
    json_key(w, "max_dropped"); json_int(w, o->max_dropped);
    json_key(w, "tables_only"); json_bool(w, o->tables_only);
    json_key(w, "no_xlsx"); json_bool(w, o->no_xlsx);
    json_key(w, "unit_sheets"); json_bool(w, o->unit_sheets);
    json_object_end(w);

    json_key(w, "year"); json_int(w, m->year);

    json_key(w, "rules");
    if (!m->rules.source)
        json_null(w);             /* a run that applied no rules */
    else
        put_policy(w, &m->rules);
    if (m->skills.source) {       /* the skills map of the supply tables (a run since it) */
        json_key(w, "skills");
        put_policy(w, &m->skills);
    }

    json_key(w, "inputs");
    json_array_begin(w);
    for (size_t i = 0; i < m->n_inputs; i++) {
        const manifest_input *in = &m->inputs[i];
        json_object_begin(w);
        put_opt(w, "role", in->role);
        put_opt(w, "file", in->file);
        put_opt(w, "path", in->path);
        put_opt(w, "encoding", in->encoding);
        json_key(w, "bytes"); json_int(w, (int64_t)in->bytes);
        json_key(w, "rows"); json_int(w, (int64_t)in->rows);
        json_key(w, "rows_dropped"); json_int(w, (int64_t)in->rows_dropped);
        put_hash(w, "sha256", in->sha256);
        json_object_end(w);
    }
    json_array_end(w);

    put_files(w, "outputs", m->outputs, m->n_outputs);
    json_object_end(w);
    return json_writer_finish(w) == 0 ? TZ_OK : TZ_NOMEM;
}

/* ---------------------------------------------------------------- reading */

typedef struct reader {
    buf *err;
    int bad;          /* malformed */
    int nomem;
} reader;

static void bad(reader *r, const char *what, const char *key)
{
    if (r->bad)
        return;
    r->bad = 1;
    buf_printf(r->err, "manifest.json: %s \"%s\"", what, key);
}

static const json_value *need(reader *r, const json_value *obj, const char *key, json_type t)
{
    const json_value *v = json_get(obj, key);
    if (!v) {
        bad(r, "missing", key);
        return NULL;
    }
    if (v->type != t) {
        bad(r, "wrong type for", key);
        return NULL;
    }
    return v;
}

/* A string member (no NUL inside), copied; null allowed when nullable. */
static char *get_str(reader *r, const json_value *obj, const char *key, int nullable)
{
    const json_value *v = json_get(obj, key);
    if (!v) {
        bad(r, "missing", key);
        return NULL;
    }
    if (nullable && v->type == JSON_NULL)
        return NULL;
    if (v->type != JSON_STRING || strlen(v->string) != v->length) {
        bad(r, "not a string:", key);
        return NULL;
    }
    char *s = mem_strdup(v->string);
    if (!s)
        r->nomem = 1;
    return s;
}

static int64_t get_int(reader *r, const json_value *obj, const char *key, int64_t min)
{
    const json_value *v = need(r, obj, key, JSON_INT);
    if (!v)
        return 0;
    if (v->number < min) {
        bad(r, "out of range:", key);
        return 0;
    }
    return v->number;
}

static int get_bool(reader *r, const json_value *obj, const char *key)
{
    const json_value *v = need(r, obj, key, JSON_BOOL);
    return v ? (int)v->number : 0;
}

static void get_hash(reader *r, const json_value *obj, const char *key, uint8_t sha[32])
{
    const json_value *v = need(r, obj, key, JSON_STRING);
    if (v && parse_hex(v->string, v->length, sha) != 0)
        bad(r, "not a lower-case SHA-256:", key);
}

/* The object put_policy wrote. */
static void get_policy(reader *r, const json_value *obj, manifest_policy *p)
{
    p->source = get_str(r, obj, "source", 0);
    p->builtin = get_bool(r, obj, "builtin");
    p->bytes = (uint64_t)get_int(r, obj, "bytes", 0);
    get_hash(r, obj, "sha256", p->sha256);
}

/* An output path must stay inside OUT: relative, no empty, "." or ".." component. */
static int safe_relative(const char *p)
{
    if (!*p || *p == '/')
        return 0;
    for (const char *c = p; *c;) {
        const char *e = strchr(c, '/');
        size_t n = e ? (size_t)(e - c) : strlen(c);
        if (n == 0 || (n == 1 && c[0] == '.') || (n == 2 && c[0] == '.' && c[1] == '.'))
            return 0;
        c += n;
        if (*c == '/')
            c++;
        else
            break;
        if (!*c)
            return 0;     /* trailing slash */
    }
    return 1;
}

static void read_files(reader *r, const json_value *doc, const char *key, int outputs,
                       manifest_file **files, size_t *n)
{
    const json_value *a = need(r, doc, key, JSON_ARRAY);
    if (!a)
        return;
    *files = mem_calloc(a->n_items ? a->n_items : 1, sizeof **files);
    if (!*files) {
        r->nomem = 1;
        return;
    }
    for (size_t i = 0; i < a->n_items && !r->bad && !r->nomem; i++) {
        const json_value *f = &a->items[i];
        if (f->type != JSON_OBJECT) {
            bad(r, "not an object in", key);
            return;
        }
        manifest_file *mf = &(*files)[(*n)++];
        mf->path = get_str(r, f, "path", 0);
        mf->bytes = (uint64_t)get_int(r, f, "bytes", 0);
        get_hash(r, f, "sha256", mf->sha256);
        if (outputs && mf->path) {
            if (!safe_relative(mf->path))
                bad(r, "output path leaves the folder:", mf->path);
            else if (i > 0 && (*files)[i - 1].path && strcmp((*files)[i - 1].path, mf->path) >= 0)
                bad(r, "outputs not sorted or repeated at", mf->path);
        }
    }
}

tz_status manifest_parse(const char *text, size_t len, manifest **out, buf *err)
{
    *out = NULL;
    json_value *doc = NULL;
    buf jerr = BUF_INIT;
    tz_status st = json_parse(text, len, &doc, &jerr);
    if (st != TZ_OK) {
        if (st == TZ_DATAERR)
            buf_printf(err, "manifest.json: %s", jerr.data ? jerr.data : "malformed");
        buf_release(&jerr);
        return st;
    }
    buf_release(&jerr);
    reader r = {err, 0, 0};
    manifest *m = mem_calloc(1, sizeof *m);
    if (!m) {
        json_free(doc);
        return TZ_NOMEM;
    }
    const json_value *v;
    const char *format = json_get_string(doc, "format");
    if (doc->type != JSON_OBJECT || !format || strcmp(format, MANIFEST_FORMAT) != 0) {
        bad(&r, "not a taizhang manifest: format is not", MANIFEST_FORMAT);
        goto done;
    }
    if ((v = need(&r, doc, "program", JSON_OBJECT)))
        m->version = get_str(&r, v, "version", 0);
    if ((v = need(&r, doc, "libraries", JSON_OBJECT))) {
        m->libraries = mem_calloc(v->n_items ? v->n_items : 1, sizeof *m->libraries);
        if (!m->libraries)
            r.nomem = 1;
        for (size_t i = 0; m->libraries && i < v->n_items && !r.bad && !r.nomem; i++) {
            manifest_pair *p = &m->libraries[m->n_libraries++];
            if (v->items[i].type != JSON_STRING) {
                bad(&r, "not a string:", v->items[i].key);
                break;
            }
            p->name = mem_strdup(v->items[i].key);
            p->value = mem_strdup(v->items[i].string);
            if (!p->name || !p->value)
                r.nomem = 1;
        }
    }
    read_files(&r, doc, "fonts", 0, &m->fonts, &m->n_fonts);
    if ((v = need(&r, doc, "command", JSON_OBJECT))) {
        m->cwd = get_str(&r, v, "cwd", 0);
        const json_value *a = need(&r, v, "argv", JSON_ARRAY);
        if (a) {
            m->argv = mem_calloc(a->n_items ? a->n_items : 1, sizeof *m->argv);
            if (!m->argv)
                r.nomem = 1;
            for (size_t i = 0; m->argv && i < a->n_items && !r.bad && !r.nomem; i++) {
                const json_value *s = &a->items[i];
                if (s->type != JSON_STRING || strlen(s->string) != s->length) {
                    bad(&r, "not a string in", "argv");
                    break;
                }
                if (!(m->argv[m->argc++] = mem_strdup(s->string)))
                    r.nomem = 1;
            }
        }
        const json_value *e = need(&r, v, "environment", JSON_OBJECT);
        if (e) {
            m->environment = mem_calloc(e->n_items ? e->n_items : 1, sizeof *m->environment);
            if (!m->environment)
                r.nomem = 1;
            for (size_t i = 0; m->environment && i < e->n_items && !r.bad && !r.nomem; i++) {
                manifest_pair *p = &m->environment[m->n_environment++];
                if (!(p->name = mem_strdup(e->items[i].key)))
                    r.nomem = 1;
                else
                    p->value = get_str(&r, e, e->items[i].key, 1);
            }
        }
        m->out_index = get_int(&r, v, "out_index", -1);
        m->out_offset = get_int(&r, v, "out_offset", -1);
        if (!r.bad && !r.nomem && m->out_index >= 0 &&
            ((size_t)m->out_index >= m->argc || m->out_offset < 0 ||
             (size_t)m->out_offset > strlen(m->argv[m->out_index]))) {
            bad(&r, "out of range:", "out_index");
        }
    }
    if ((v = need(&r, doc, "options", JSON_OBJECT))) {
        struct manifest_options *o = &m->options;
        o->ledger_dir = get_str(&r, v, "ledger_dir", 1);
        o->rules_file = get_str(&r, v, "rules_file", 1);
        o->previous_dir = get_str(&r, v, "previous_dir", 1);
        o->encoding = get_str(&r, v, "encoding", 1);
        o->org_name = get_str(&r, v, "org_name", 1);
        o->title = get_str(&r, v, "title", 1);
        o->apportion = get_str(&r, v, "apportion", 1);
        o->year = get_int(&r, v, "year", 0);
        o->lenient = get_bool(&r, v, "lenient");
        /* manifests written before --max-dropped existed have no such key: the default */
        int64_t max_dropped = RUN_MAX_DROPPED_DEFAULT;
        if (json_get(v, "max_dropped"))
            max_dropped = get_int(&r, v, "max_dropped", 0);
        o->max_dropped = (int)max_dropped;
        o->tables_only = get_bool(&r, v, "tables_only");
        /* no_xlsx came later: a manifest written before it has none */
        o->no_xlsx = json_get(v, "no_xlsx") ? get_bool(&r, v, "no_xlsx") : 0;
        o->unit_sheets = json_get(v, "unit_sheets") ? get_bool(&r, v, "unit_sheets") : 0;
    }
    m->year = get_int(&r, doc, "year", 0);
    v = json_get(doc, "rules");
    if (v && v->type == JSON_NULL) {
        /* no rules were applied: rules.source stays NULL */
    } else if ((v = need(&r, doc, "rules", JSON_OBJECT))) {
        get_policy(&r, v, &m->rules);
    }
    if ((v = json_get(doc, "skills")) && (v = need(&r, doc, "skills", JSON_OBJECT)))
        get_policy(&r, v, &m->skills);
    if ((v = need(&r, doc, "inputs", JSON_ARRAY))) {
        m->inputs = mem_calloc(v->n_items ? v->n_items : 1, sizeof *m->inputs);
        if (!m->inputs)
            r.nomem = 1;
        for (size_t i = 0; m->inputs && i < v->n_items && !r.bad && !r.nomem; i++) {
            const json_value *f = &v->items[i];
            if (f->type != JSON_OBJECT) {
                bad(&r, "not an object in", "inputs");
                break;
            }
            manifest_input *in = &m->inputs[m->n_inputs++];
            in->role = get_str(&r, f, "role", 0);
            in->file = get_str(&r, f, "file", 0);
            in->path = get_str(&r, f, "path", 0);
            in->encoding = get_str(&r, f, "encoding", 0);
            in->bytes = (uint64_t)get_int(&r, f, "bytes", 0);
            in->rows = (uint64_t)get_int(&r, f, "rows", 0);
            in->rows_dropped = (uint64_t)get_int(&r, f, "rows_dropped", 0);
            get_hash(&r, f, "sha256", in->sha256);
        }
    }
    read_files(&r, doc, "outputs", 1, &m->outputs, &m->n_outputs);
done:
    json_free(doc);
    if (r.nomem || r.bad) {
        manifest_free(m);
        return r.nomem ? TZ_NOMEM : TZ_DATAERR;
    }
    *out = m;
    return TZ_OK;
}

tz_status manifest_load(const char *path, manifest **out, buf *err)
{
    *out = NULL;
    buf text = BUF_INIT;
    tz_status st = TZ_OK;
    FILE *f = fopen(path, "rb");
    if (!f) {
        buf_printf(err, "cannot read %s: %s", path, strerror(errno));
        return TZ_NOINPUT;
    }
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        if (text.len + n > JSON_MAX_TEXT) {
            buf_printf(err, "manifest.json: %s is larger than %u bytes", path, JSON_MAX_TEXT);
            st = TZ_DATAERR;
            goto out;
        }
        if (buf_append(&text, chunk, n) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
    }
    if (ferror(f)) {
        buf_printf(err, "cannot read %s: read error", path);
        st = TZ_IOERR;
        goto out;
    }
    st = manifest_parse(text.data ? text.data : "", text.len, out, err);
out:
    fclose(f);
    buf_release(&text);
    return st;
}

void manifest_free(manifest *m)
{
    if (!m)
        return;
    mem_free(m->version);
    for (size_t i = 0; i < m->n_libraries; i++) {
        mem_free(m->libraries[i].name);
        mem_free(m->libraries[i].value);
    }
    mem_free(m->libraries);
    for (size_t i = 0; i < m->n_environment; i++) {
        mem_free(m->environment[i].name);
        mem_free(m->environment[i].value);
    }
    mem_free(m->environment);
    free_files(m->fonts, m->n_fonts);
    mem_free(m->cwd);
    for (size_t i = 0; i < m->argc; i++)
        mem_free(m->argv[i]);
    mem_free(m->argv);
    struct manifest_options *o = &m->options;
    mem_free(o->ledger_dir);
    mem_free(o->rules_file);
    mem_free(o->previous_dir);
    mem_free(o->encoding);
    mem_free(o->org_name);
    mem_free(o->title);
    mem_free(o->apportion);
    mem_free(m->rules.source);
    mem_free(m->skills.source);
    for (size_t i = 0; i < m->n_inputs; i++) {
        manifest_input *in = &m->inputs[i];
        mem_free(in->role);
        mem_free(in->file);
        mem_free(in->path);
        mem_free(in->encoding);
    }
    mem_free(m->inputs);
    free_files(m->outputs, m->n_outputs);
    mem_free(m);
}
