/* app/cmd_verify.c — `taizhang verify OUT`: proves (or disproves) that OUT came from
   the inputs its manifest names. It checks every input and font against its recorded
   SHA-256, every file of OUT against the manifest, and recomputes the whole run into a
   temporary folder and compares every output byte for byte (by SHA-256).
   The recomputation re-executes this very program (/proc/self/exe) with the command line
   recorded in the manifest, from the recorded working folder and with the recorded values
   of the environment variables that change outputs, with only the OUT argument pointed at
   the temporary folder: the run is exactly what cron ran (same option parsing,
   same process state from scratch, its own lock and atomic commit), and verify needs no
   knowledge of the run's options. Exit: 0 all match, 1 anything differs, 66 an input (or
   OUT, or its manifest) is gone, 65 the manifest is malformed, 75 a run is writing OUT.
   May call: base/ (all), output/manifest, output/outdir, app/cli (--quiet), app/progress,
   libc. */
#include "app/cli.h"
#include "app/cmd.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/text.h"
#include "output/json.h"
#include "output/manifest.h"
#include "output/outdiff.h"
#include "output/outdir.h"
#include "app/progress.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static const char USAGE[] =
    "usage: taizhang verify OUT [--quiet] [--keep]\n"
    "\n"
    "Recomputes the run recorded in OUT/manifest.json from the inputs it names, in a\n"
    "temporary folder, and compares every output and the whole manifest with OUT. Prints\n"
    "one line per input and output on standard output, beginning with 一致 (matches),\n"
    "输入已变 (an input changed), 不一致 (differs: a table's first differing row and column,\n"
    "the report's first differing page, a manifest key), 缺少 (missing from OUT, or an\n"
    "input gone) or 多出 (in OUT but not in the manifest).\n"
    "\n"
    "  --quiet   print only what does not match\n"
    "  --keep    keep the temporary folder of the recomputation (its path is printed)\n"
    "  --help    this text\n"
    "\n"
    "exit: 0 everything matches; 1 something differs or an input changed;\n"
    "      66 an input, OUT or OUT/manifest.json is gone; 65 the manifest is malformed;\n"
    "      75 a run is writing OUT now. See operations.md in share/doc/taizhang.\n";

typedef struct verify {
    const char *out;
    int quiet, keep;
    manifest *m;
    int differs;             /* count of mismatches of any kind */
    int gone;                /* inputs that are gone */
    int inputs_changed;
    int rules_changed, skills_changed;   /* reported as 输入已变: their records not compared */
    buf changed;             /* the paths of the inputs that changed, each ending in '\n' */
    buf first_bad;           /* the first file named in the summary line */
} verify;

static void note_bad(verify *v, const char *what)
{
    v->differs++;
    if (v->first_bad.len == 0)
        buf_puts(&v->first_bad, what);
}

static void short_hex(const uint8_t sha[32], char out[13])
{
    char hex[65];
    manifest_hex(sha, hex);
    memcpy(out, hex, 12);
    out[12] = '\0';
}

/* path as recorded, relative to the run's working folder when not absolute. */
static int resolve(const verify *v, const char *path, buf *full)
{
    buf_clear(full);
    if (path[0] == '/')
        return buf_puts(full, path);
    return buf_printf(full, "%s/%s", v->m->cwd, path);
}

/* One recorded file (an input, the rules, a font) against what is there now; kind is
   its Chinese name (输入, 规则文件, 字体). */
static tz_status check_input(verify *v, const char *kind, const char *path, const uint8_t want[32])
{
    buf full = BUF_INIT;
    if (resolve(v, path, &full) != 0)
        return TZ_NOMEM;
    uint8_t now[32];
    uint64_t bytes;
    tz_status st = manifest_sha256_file(full.data, now, &bytes);
    if (st == TZ_NOINPUT) {
        printf("缺少 %s（%s，已不在）\n", path, kind);
        v->gone++;
        note_bad(v, path);
        st = TZ_OK;
    } else if (st != TZ_OK) {
        fprintf(stderr, "taizhang: 读取 %s 失败\n", full.data);
    } else if (memcmp(now, want, 32) != 0) {
        char a[13], b[13];
        short_hex(want, a);
        short_hex(now, b);
        printf("输入已变 %s（%s；清单记 %s…，现为 %s…）\n", path, kind, a, b);
        v->inputs_changed++;
        if (buf_puts(&v->changed, path) != 0 || buf_putc(&v->changed, '\n') != 0)
            st = TZ_NOMEM;
        note_bad(v, path);
    } else if (!v->quiet) {
        printf("一致 %s（%s）\n", path, kind);
    }
    buf_release(&full);
    return st;
}

static tz_status check_inputs(verify *v)
{
    tz_status st = TZ_OK;
    for (size_t i = 0; i < v->m->n_inputs && st == TZ_OK; i++)
        st = check_input(v, "输入", v->m->inputs[i].path, v->m->inputs[i].sha256);
    if (st == TZ_OK && v->m->rules.source && !v->m->rules.builtin) {
        int before = v->inputs_changed;
        st = check_input(v, "规则文件", v->m->rules.source, v->m->rules.sha256);
        v->rules_changed = v->inputs_changed > before;
    }
    if (st == TZ_OK && v->m->skills.source && !v->m->skills.builtin) {
        int before = v->inputs_changed;
        st = check_input(v, "特长对照文件", v->m->skills.source, v->m->skills.sha256);
        v->skills_changed = v->inputs_changed > before;
    }
    for (size_t i = 0; i < v->m->n_fonts && st == TZ_OK; i++)
        st = check_input(v, "字体", v->m->fonts[i].path, v->m->fonts[i].sha256);
    return st;
}

/* Hashes of the files now under dir, in manifest order (sorted). */
static tz_status hash_folder(const char *dir, manifest_file **files, size_t *n)
{
    char **paths = NULL;
    size_t count = 0;
    *files = NULL;
    *n = 0;
    tz_status st = manifest_list_files(dir, &paths, &count);
    if (st != TZ_OK)
        return st;
    manifest_file *f = mem_calloc(count ? count : 1, sizeof *f);
    buf full = BUF_INIT;
    if (!f) {
        st = TZ_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < count; i++) {
        buf_clear(&full);
        if (buf_printf(&full, "%s/%s", dir, paths[i]) != 0) {
            st = TZ_NOMEM;
            break;
        }
        if ((st = manifest_sha256_file(full.data, f[i].sha256, &f[i].bytes)) != TZ_OK)
            break;
        f[i].path = paths[i];
        paths[i] = NULL;
        (*n)++;
    }
    *files = f;
out:
    manifest_free_paths(paths, count);
    buf_release(&full);
    return st;
}

static void free_files(manifest_file *f, size_t n)
{
    for (size_t i = 0; i < n; i++)
        mem_free(f[i].path);
    mem_free(f);
}

static const manifest_file *find(const manifest_file *f, size_t n, const char *path)
{
    size_t lo = 0, hi = n;          /* sorted by strcmp */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(f[mid].path, path);
        if (c == 0)
            return &f[mid];
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Where OUT's file and the recomputed one differ ("第 5 行第 3 列…", "第 4 页起不同"), into
   detail; nothing when either cannot be read. */
static tz_status where_differs(const verify *v, const char *dest, const char *rel, buf *detail)
{
    buf a = BUF_INIT, b = BUF_INIT;
    tz_status st = TZ_NOMEM;
    if (buf_printf(&a, "%s/%s", v->out, rel) == 0 && buf_printf(&b, "%s/%s", dest, rel) == 0) {
        st = outdiff_files(a.data, b.data, detail);
        if (st == TZ_NOINPUT)
            st = TZ_OK;
    }
    buf_release(&a);
    buf_release(&b);
    return st;
}

/* Compares OUT as it is and the recomputation in dest (NULL when it could not run) with
   the manifest, one line per output. */
static tz_status compare_outputs(verify *v, const manifest_file *now, size_t n_now,
                                 const manifest_file *again, size_t n_again, const char *dest)
{
    const manifest *m = v->m;
    int recomputed = dest != NULL;
    buf detail = BUF_INIT;
    tz_status st = TZ_OK;
    for (size_t i = 0; i < m->n_outputs && st == TZ_OK; i++) {
        const manifest_file *want = &m->outputs[i];
        const manifest_file *o = find(now, n_now, want->path);
        const manifest_file *r = recomputed ? find(again, n_again, want->path) : NULL;
        char a[13];
        short_hex(want->sha256, a);
        if (!o) {
            printf("缺少 %s（OUT 中没有；清单记 %s…）\n", want->path, a);
            note_bad(v, want->path);
            continue;
        }
        int out_ok = memcmp(o->sha256, want->sha256, 32) == 0;
        int again_ok = !recomputed || (r && memcmp(r->sha256, want->sha256, 32) == 0);
        if (out_ok && again_ok) {
            if (!v->quiet)
                printf("一致 %s\n", want->path);
            continue;
        }
        buf_clear(&detail);
        int e = 0;
        if (!recomputed)
            e = buf_puts(&detail, "OUT 中的文件与清单所记的 SHA-256 不符；未能重算");
        else if (!r)
            e = buf_puts(&detail, "重算没有生成这个文件");
        else if (memcmp(o->sha256, r->sha256, 32) == 0)
            e = buf_puts(&detail, out_ok ? "" : "OUT 中的文件与重算结果相同，但与清单所记的 SHA-256 不符");
        else if ((st = where_differs(v, dest, want->path, &detail)) == TZ_OK && !out_ok && again_ok)
            e = buf_puts(&detail, "；重算结果与清单相符，OUT 中的文件被改过");
        else if (st == TZ_OK && out_ok)
            e = buf_puts(&detail, "；OUT 与清单相符，重算结果不同：本程序或环境与生成时不同");
        if (e)
            st = TZ_NOMEM;
        printf("不一致 %s：%s\n", want->path, detail.data ? detail.data : "");
        note_bad(v, want->path);
    }
    for (size_t i = 0; i < n_now; i++)
        if (!find(m->outputs, m->n_outputs, now[i].path)) {
            printf("多出 %s（在 OUT 中，清单里没有）\n", now[i].path);
            note_bad(v, now[i].path);
        }
    for (size_t i = 0; recomputed && i < n_again; i++)
        if (!find(m->outputs, m->n_outputs, again[i].path)) {
            printf("缺少 %s（重算生成了它，OUT 的清单里没有）\n", again[i].path);
            note_bad(v, again[i].path);
        }
    buf_release(&detail);
    return st;
}

/* The parts of the manifests that are not compared key by key: the OUT argument of the
   command line (the recomputation wrote elsewhere), and the records of the inputs already
   reported as changed (their hash, size and rows follow from the change). */
static int skip_key(void *ctx, const char *path, const json_value *element)
{
    const verify *v = ctx;
    char out_arg[64];   /* "command.argv[" and at most 20 digits: it always fits */
    if (text_format(out_arg, sizeof out_arg, "command.argv[%lld]", (long long)v->m->out_index) == 0 &&
        strcmp(path, out_arg) == 0)
        return 1;
    if (v->rules_changed && strncmp(path, "rules.", 6) == 0)
        return 1;
    if (v->skills_changed && strncmp(path, "skills.", 7) == 0)
        return 1;
    const char *p = element ? json_get_string(element, "path") : NULL;
    if (!p || !v->changed.data)
        return 0;
    size_t n = strlen(p);
    for (const char *c = v->changed.data; *c;) {
        const char *nl = strchr(c, '\n');
        if ((size_t)(nl - c) == n && memcmp(c, p, n) == 0)
            return 1;
        c = nl + 1;
    }
    return 0;
}

static tz_status parse_file(const char *path, json_value **doc)
{
    FILE *f = fopen(path, "rb");
    buf text = BUF_INIT, err = BUF_INIT;
    tz_status st = TZ_NOINPUT;
    *doc = NULL;
    if (f) {
        char chunk[65536];
        size_t n;
        st = TZ_OK;
        while (st == TZ_OK && (n = fread(chunk, 1, sizeof chunk, f)) > 0)
            if (buf_append(&text, chunk, n) != 0)
                st = TZ_NOMEM;
        if (st == TZ_OK && ferror(f))
            st = TZ_NOINPUT;
        fclose(f);
    }
    if (st == TZ_OK)
        st = json_parse(text.data ? text.data : "", text.len, doc, &err);
    buf_release(&text);
    buf_release(&err);
    return st;
}

/* The whole manifest of OUT against the recomputation's, key by key: inputs, options,
   row counts, library versions, fonts, outputs. */
static tz_status compare_manifests(verify *v, const char *dest)
{
    buf a = BUF_INIT, b = BUF_INIT, lines = BUF_INIT;
    json_value *ours = NULL, *theirs = NULL;
    size_t count = 0;
    tz_status st = TZ_NOMEM;
    if (buf_printf(&a, "%s/%s", v->out, MANIFEST_NAME) != 0 || buf_printf(&b, "%s/%s", dest, MANIFEST_NAME) != 0)
        goto out;
    if ((st = parse_file(a.data, &ours)) != TZ_OK || (st = parse_file(b.data, &theirs)) != TZ_OK) {
        if (st != TZ_NOMEM)
            fprintf(stderr, "taizhang: 无法读取清单 %s\n", ours ? b.data : a.data);
        goto out;
    }
    if ((st = outdiff_json(ours, theirs, skip_key, v, &lines, &count)) != TZ_OK)
        goto out;
    for (const char *p = lines.data; p && *p;) {
        const char *nl = strchr(p, '\n');
        const char *key = strchr(p, ' ');
        printf("%.*s manifest.json 的 %.*s\n", (int)(key - p), p, (int)(nl - key - 1), key + 1);
        p = nl + 1;
    }
    if (count) {
        v->differs += (int)count - 1;
        note_bad(v, "manifest.json");
    } else if (!v->quiet) {
        printf("一致 manifest.json（除 OUT 的位置外逐项相同）\n");
    }
out:
    json_free(ours);
    json_free(theirs);
    buf_release(&a);
    buf_release(&b);
    buf_release(&lines);
    return st;
}

/* Runs the recorded command with OUT replaced by dest. Returns the child's exit code
   (or 70 when it died by a signal, -1 when it could not be started); its standard output
   and error go to log. */
static int recompute(verify *v, const char *dest, const char *log)
{
    const manifest *m = v->m;
    buf outarg = BUF_INIT;
    char **argv = mem_calloc(m->argc + 2, sizeof *argv);
    int code = -1;
    if (!argv)
        goto out;
    const char *rec = m->argv[m->out_index];
    if (buf_append(&outarg, rec, (size_t)m->out_offset) != 0 || buf_puts(&outarg, dest) != 0)
        goto out;
    argv[0] = (char *)"taizhang";
    for (size_t i = 0; i < m->argc; i++)
        argv[i + 1] = (int64_t)i == m->out_index ? outarg.data : m->argv[i];
    argv[m->argc + 1] = NULL;
    /* the environment that changes output bytes, as the run had it (verify itself reads
       none of these variables, so they are set here rather than in the child) */
    for (size_t i = 0; MANIFEST_ENVIRONMENT[i]; i++) {
        const char *value = NULL;
        for (size_t k = 0; k < m->n_environment; k++)
            if (strcmp(m->environment[k].name, MANIFEST_ENVIRONMENT[i]) == 0)
                value = m->environment[k].value;
        if (value ? setenv(MANIFEST_ENVIRONMENT[i], value, 1) : unsetenv(MANIFEST_ENVIRONMENT[i]))
            goto out;
    }
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        goto out;
    if (pid == 0) {
        int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0 || chdir(m->cwd) != 0)
            _exit(66);
        int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (nul >= 0)
            dup2(nul, STDIN_FILENO);
        dup2(fd, STDOUT_FILENO);
        dup2(fd, STDERR_FILENO);
        execv("/proc/self/exe", argv);
        dprintf(STDERR_FILENO, "taizhang: 无法重新运行本程序（/proc/self/exe）：%s\n", strerror(errno));
        _exit(70);
    }
    int status;
    while (waitpid(pid, &status, 0) < 0)
        if (errno != EINTR)
            goto out;
    code = WIFEXITED(status) ? WEXITSTATUS(status) : TZ_SOFTWARE;
out:
    buf_release(&outarg);
    mem_free(argv);
    return code;
}

static void show_log(const char *log)
{
    FILE *f = fopen(log, "r");
    if (!f)
        return;
    char line[1024];
    int n = 0;
    while (fgets(line, sizeof line, f) && n++ < 20)
        fprintf(stderr, "  %s%s", line, strchr(line, '\n') ? "" : "\n");
    fclose(f);
}

int cmd_verify(int argc, char **argv)
{
    verify v;
    memset(&v, 0, sizeof v);
    cli_common common;
    cli_common_init(&common);
    for (int i = 1; i < argc; i++) {
        cli_take t = cli_take_common("verify", CLI_QUIET, argc, argv, &i, &common);
        if (t == CLI_BAD)
            return TZ_USAGE;
        if (t == CLI_TAKEN) {
            v.quiet = common.quiet;
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(USAGE, stdout);
            return TZ_OK;
        } else if (strcmp(argv[i], "--keep") == 0) {
            v.keep = 1;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            cli_unknown_option("verify", argv[i]);
            return TZ_USAGE;
        } else if (!v.out) {
            v.out = argv[i];
        } else {
            fprintf(stderr, "taizhang: verify 只核验一个输出文件夹，多了 %s\n", argv[i]);
            return TZ_USAGE;
        }
    }
    if (!v.out) {
        fprintf(stderr, "taizhang: verify 需要一个输出文件夹，如 taizhang verify out/2025\n");
        return TZ_USAGE;
    }
    progress_init(v.quiet);

    tz_status st = TZ_OK;
    int lock_fd = -1;
    char tmpl[4096] = "";
    buf err = BUF_INIT, path = BUF_INIT, dest = BUF_INIT, log = BUF_INIT;
    manifest_file *now = NULL, *again = NULL;
    size_t n_now = 0, n_again = 0;

    if ((st = outdir_lock_shared(v.out, &lock_fd, &err)) != TZ_OK) {
        fprintf(stderr, "taizhang: %s\n", err.data ? err.data : "");
        goto out;
    }
    struct stat sb;
    if (stat(v.out, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "taizhang: 输出文件夹 %s 不存在或不是文件夹\n", v.out);
        st = TZ_NOINPUT;
        goto out;
    }
    if (buf_printf(&path, "%s/%s", v.out, MANIFEST_NAME) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    st = manifest_load(path.data, &v.m, &err);
    if (st != TZ_OK) {
        if (st == TZ_NOINPUT)
            fprintf(stderr, "taizhang: %s 里没有 manifest.json（%s），无法核验\n", v.out, err.data ? err.data : "");
        else if (st == TZ_DATAERR)
            fprintf(stderr, "taizhang: %s 的 manifest.json 已损坏或被改动，无法核验：%s\n", v.out,
                    err.data ? err.data : "");
        goto out;
    }
    if (strcmp(v.m->version, TZ_VERSION) != 0)
        fprintf(stderr, "taizhang: 注意：%s 由 taizhang %s 生成，现在是 %s；输出可能因此不同\n",
                v.out, v.m->version, TZ_VERSION);
    if (v.m->out_index < 0 || v.m->argc == 0 || strcmp(v.m->argv[0], "run") != 0) {
        fprintf(stderr, "taizhang: %s 的 manifest.json 没有记下可重算的 run 命令行，无法核验\n", v.out);
        st = TZ_DATAERR;
        goto out;
    }

    if ((st = check_inputs(&v)) != TZ_OK)
        goto out;
    if ((st = hash_folder(v.out, &now, &n_now)) != TZ_OK) {
        fprintf(stderr, "taizhang: 读取 %s 失败\n", v.out);
        goto out;
    }

    int recomputed = 0, code = 0;
    if (v.gone == 0) {
        const char *tmpdir = getenv("TMPDIR");
        if (text_format(tmpl, sizeof tmpl, "%s/taizhang-verify-XXXXXX",
                        tmpdir && *tmpdir ? tmpdir : "/tmp") != 0) {
            fprintf(stderr, "taizhang: TMPDIR 太长：%s\n", tmpdir);
            tmpl[0] = '\0';
            st = TZ_CANTCREAT;
            goto out;
        }
        if (!mkdtemp(tmpl)) {
            fprintf(stderr, "taizhang: 无法建立临时文件夹 %s：%s\n", tmpl, strerror(errno));
            tmpl[0] = '\0';
            st = TZ_CANTCREAT;
            goto out;
        }
        /* the same last name as OUT, in case anything shows it */
        const char *slash = strrchr(v.out, '/');
        const char *base = slash && slash[1] ? slash + 1 : v.out;
        if (buf_printf(&dest, "%s/%s", tmpl, base) != 0 || buf_printf(&log, "%s/run.log", tmpl) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        progress_stage("重新计算（核验）");
        code = recompute(&v, dest.data, log.data);
        progress_done();
        if (code == 0) {
            recomputed = 1;
            if ((st = hash_folder(dest.data, &again, &n_again)) != TZ_OK) {
                fprintf(stderr, "taizhang: 读取重算结果 %s 失败\n", dest.data);
                goto out;
            }
        } else {
            fprintf(stderr, "taizhang: 重新计算失败（退出码 %d），它的输出：\n", code);
            show_log(log.data);
        }
    }
    if ((st = compare_outputs(&v, now, n_now, again, n_again, recomputed ? dest.data : NULL)) != TZ_OK)
        goto out;
    if (recomputed && (st = compare_manifests(&v, dest.data)) != TZ_OK)
        goto out;

    fflush(stdout);       /* the lines before the summary, also in cron's mail */
    if (v.gone) {
        fprintf(stderr, "taizhang: 核验无法完成：%d 个输入已不在（如 %s）\n", v.gone, v.first_bad.data);
        st = TZ_NOINPUT;
    } else if (!recomputed && v.inputs_changed == 0) {
        st = code > 0 && code < 256 ? (tz_status)code : TZ_SOFTWARE;
    } else if (v.differs) {
        fprintf(stderr, "taizhang: 核验不通过：%d 处不一致（首个：%s）\n", v.differs, v.first_bad.data);
        st = TZ_DIFFERS;
    } else {
        if (!v.quiet)
            fprintf(stderr, "taizhang: 核验通过：%zu 个输出与 %zu 个输入全部一致\n", v.m->n_outputs, v.m->n_inputs);
        st = TZ_OK;
    }
out:
    if (tmpl[0]) {
        if (v.keep)
            fprintf(stderr, "taizhang: 重算结果留在 %s\n", tmpl);
        else
            outdir_remove_tree(tmpl);
    }
    if (lock_fd >= 0)
        close(lock_fd);
    free_files(now, n_now);
    free_files(again, n_again);
    manifest_free(v.m);
    buf_release(&v.first_bad);
    buf_release(&v.changed);
    buf_release(&err);
    buf_release(&path);
    buf_release(&dest);
    buf_release(&log);
    return st;
}
