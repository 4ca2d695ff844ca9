/* tests/unit/test_outdir.c — output/outdir: lock, temporary folder, commit, abort, the
   clean-up of dead runs' leftovers, refusals. Each test works in its own mkdtemp folder. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/mem.h"
#include "output/outdir.h"

static char root[64];

static int setup(void **state)
{
    (void)state;
    snprintf(root, sizeof root, "/tmp/tz-outdir-XXXXXX");
    return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return outdir_remove_tree(root);
}

static const char *at(const char *rel)
{
    static char p[8][256];
    static int k;
    k = (k + 1) % 8;
    snprintf(p[k], sizeof p[k], "%s/%s", root, rel);
    return p[k];
}

static int exists(const char *rel)
{
    struct stat st;
    return lstat(at(rel), &st) == 0;
}

static void put_file(const char *rel, const char *text)
{
    FILE *f = fopen(at(rel), "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *rel)
{
    static char text[4096];
    FILE *f = fopen(at(rel), "r");
    if (!f)
        return NULL;
    size_t n = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    text[n] = '\0';
    return text;
}

/* The names in root, sorted, joined with spaces. */
static const char *listing(void)
{
    static char out[1024];
    struct dirent **names;
    int n = scandir(root, &names, NULL, alphasort);
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        if (names[i]->d_name[0] != '.' || strlen(names[i]->d_name) > 2) {
            if (strcmp(names[i]->d_name, ".") && strcmp(names[i]->d_name, "..")) {
                if (out[0])
                    strncat(out, " ", sizeof out - strlen(out) - 1);
                strncat(out, names[i]->d_name, sizeof out - strlen(out) - 1);
            }
        }
        free(names[i]);
    }
    free(names);
    return out;
}

static void test_first_run_commits(void **state)
{
    (void)state;
    outdir *od = NULL;
    buf err = BUF_INIT;
    /* the parent "year" does not exist yet: created */
    assert_int_equal(outdir_begin(at("year/out"), &od, &err), TZ_OK);
    char tmpname[64];
    snprintf(tmpname, sizeof tmpname, "year/out.tmp-%ld", (long)getpid());
    assert_string_equal(outdir_tmp(od), at(tmpname));
    assert_string_equal(outdir_final(od), at("year/out"));
    assert_true(exists(tmpname));
    assert_false(exists("year/out"));
    /* the lock file names this process */
    char want[64];
    snprintf(want, sizeof want, "pid %ld, host ", (long)getpid());
    assert_memory_equal(slurp("year/out.lock"), want, strlen(want));

    assert_int_equal(outdir_write(od, "tables/units.csv", "a,b\r\n", 5, &err), TZ_OK);
    assert_int_equal(outdir_write(od, "manifest.json", "{}\n", 3, &err), TZ_OK);
    char *p = NULL;
    assert_int_equal(outdir_path(od, "charts/x.png", &p), TZ_OK);
    snprintf(want, sizeof want, "%s/charts/x.png", outdir_tmp(od));
    assert_string_equal(p, want);
    mem_free(p);
    assert_false(exists("year/out"));          /* nothing visible before the commit */
    assert_int_equal(outdir_commit(od, &err), TZ_OK);
    assert_string_equal(slurp("year/out/tables/units.csv"), "a,b\r\n");
    outdir_free(od);
    assert_string_equal(listing(), "year");
    struct dirent **names;
    char year[256];
    snprintf(year, sizeof year, "%s/year", root);
    int n = scandir(year, &names, NULL, alphasort);
    assert_int_equal(n, 4);                    /* . .. out out.lock */
    assert_string_equal(names[2]->d_name, "out");
    assert_string_equal(names[3]->d_name, "out.lock");
    for (int i = 0; i < n; i++)
        free(names[i]);
    free(names);
    buf_release(&err);
}

static void run_once(const char *rel, const char *content)
{
    outdir *od = NULL;
    buf err = BUF_INIT;
    assert_int_equal(outdir_begin(at("out"), &od, &err), TZ_OK);
    assert_int_equal(outdir_write(od, rel, content, strlen(content), &err), TZ_OK);
    assert_int_equal(outdir_write(od, "manifest.json", "{}\n", 3, &err), TZ_OK);
    assert_int_equal(outdir_commit(od, &err), TZ_OK);
    outdir_free(od);
    buf_release(&err);
}

static void test_second_run_replaces_whole_folder(void **state)
{
    (void)state;
    run_once("tables/old.csv", "old");
    run_once("tables/new.csv", "new");
    assert_string_equal(slurp("out/tables/new.csv"), "new");
    assert_false(exists("out/tables/old.csv"));   /* the old folder is gone, not merged */
    assert_string_equal(listing(), "out out.lock");
}

static void test_abort_leaves_previous(void **state)
{
    (void)state;
    run_once("report.txt", "first");
    outdir *od = NULL;
    buf err = BUF_INIT;
    assert_int_equal(outdir_begin(at("out"), &od, &err), TZ_OK);
    assert_int_equal(outdir_write(od, "report.txt", "second", 6, &err), TZ_OK);
    outdir_abort(od);
    outdir_abort(od);                             /* twice is harmless */
    outdir_free(od);
    assert_string_equal(slurp("out/report.txt"), "first");
    assert_string_equal(listing(), "out out.lock");
    buf_release(&err);
}

static void test_lock_held(void **state)
{
    (void)state;
    outdir *od = NULL, *od2 = NULL;
    buf err = BUF_INIT;
    assert_int_equal(outdir_begin(at("out"), &od, &err), TZ_OK);
    /* flock locks belong to open file descriptions: a second begin conflicts even here */
    assert_int_equal(outdir_begin(at("out/"), &od2, &err), TZ_LOCKED);
    assert_null(od2);
    char want[64];
    snprintf(want, sizeof want, "pid %ld, host ", (long)getpid());
    assert_non_null(strstr(err.data, want));
    assert_non_null(strstr(err.data, " UTC"));
    int fd = -1;
    buf_clear(&err);
    assert_int_equal(outdir_lock_shared(at("out"), &fd, &err), TZ_LOCKED);
    assert_int_equal(fd, -1);
    outdir_free(od);
    /* a run that leaves no OUT leaves no OUT.lock (issue 14): nothing to hold then */
    assert_false(exists("out.lock"));
    assert_int_equal(outdir_lock_shared(at("out"), &fd, &err), TZ_OK);
    assert_int_equal(fd, -1);
    /* with an earlier output at OUT the lock file stays: released, both work again */
    run_once("report.txt", "kept");
    assert_true(exists("out.lock"));
    assert_int_equal(outdir_lock_shared(at("out"), &fd, &err), TZ_OK);
    assert_true(fd >= 0);
    /* a shared holder (verify) keeps runs out; the message says so when the process the
       lock file names (the last run) is gone */
    pid_t dead = fork();
    if (dead == 0)
        _exit(0);
    waitpid(dead, NULL, 0);
    char host[256], text[512];
    gethostname(host, sizeof host);
    snprintf(text, sizeof text, "pid %ld, host %s, since 2026-01-10 03:00:00 UTC\n", (long)dead, host);
    put_file("out.lock", text);
    buf_clear(&err);
    assert_int_equal(outdir_begin(at("out"), &od2, &err), TZ_LOCKED);
    assert_non_null(strstr(err.data, "since 2026-01-10 03:00:00 UTC"));
    assert_non_null(strstr(err.data, "verify"));
    close(fd);
    assert_int_equal(outdir_begin(at("out"), &od2, &err), TZ_OK);
    outdir_free(od2);
    /* no lock file at all: nothing to hold, not an error */
    assert_int_equal(outdir_lock_shared(at("never"), &fd, &err), TZ_OK);
    assert_int_equal(fd, -1);
    buf_release(&err);
}

static void test_leftovers_of_dead_runs(void **state)
{
    (void)state;
    run_once("report.txt", "kept");
    /* a run killed while writing, and one killed after its swap, before removing the old */
    assert_int_equal(mkdir(at("out.tmp-999999"), 0755), 0);
    put_file("out.tmp-999999/half.csv", "half");
    assert_int_equal(mkdir(at("out.old-999998"), 0755), 0);
    /* names that only look alike are somebody else's */
    assert_int_equal(mkdir(at("out.tmp-12x"), 0755), 0);
    assert_int_equal(mkdir(at("outx.tmp-5"), 0755), 0);
    outdir *od = NULL;
    buf err = BUF_INIT;
    assert_int_equal(outdir_begin(at("out"), &od, &err), TZ_OK);
    char mine[64];
    snprintf(mine, sizeof mine, "out.tmp-%ld", (long)getpid());
    assert_true(exists(mine));
    assert_false(exists("out.tmp-999999"));
    assert_false(exists("out.old-999998"));
    assert_true(exists("out.tmp-12x"));
    assert_true(exists("outx.tmp-5"));
    outdir_free(od);
    assert_string_equal(slurp("out/report.txt"), "kept");

    /* killed between the two renames of the fallback swap: OUT is missing and the
       previous one waits at OUT.old-N. The next run puts it back before anything else. */
    assert_int_equal(rename(at("out"), at("out.old-4242")), 0);
    assert_int_equal(mkdir(at("out.tmp-4242"), 0755), 0);    /* the new, complete folder */
    assert_int_equal(outdir_begin(at("out"), &od, &err), TZ_OK);
    assert_string_equal(slurp("out/report.txt"), "kept");
    assert_false(exists("out.old-4242"));
    assert_false(exists("out.tmp-4242"));
    outdir_free(od);
    buf_release(&err);
}

static void test_refusals(void **state)
{
    (void)state;
    outdir *od = NULL;
    buf err = BUF_INIT;
    put_file("afile", "x");
    /* OUT is a file */
    assert_int_equal(outdir_begin(at("afile"), &od, &err), TZ_CANTCREAT);
    assert_null(od);
    assert_non_null(strstr(err.data, "不是文件夹"));
    /* a file where a parent folder is expected */
    buf_clear(&err);
    assert_int_equal(outdir_begin(at("afile/out"), &od, &err), TZ_CANTCREAT);
    assert_non_null(strstr(err.data, "afile"));
    /* a folder with somebody's data in it, not an earlier output */
    assert_int_equal(mkdir(at("home"), 0755), 0);
    put_file("home/thesis.doc", "precious");
    buf_clear(&err);
    assert_int_equal(outdir_begin(at("home"), &od, &err), TZ_CANTCREAT);
    assert_non_null(strstr(err.data, "manifest.json"));
    assert_string_equal(slurp("home/thesis.doc"), "precious");
    /* an empty folder is fine */
    assert_int_equal(mkdir(at("empty"), 0755), 0);
    assert_int_equal(outdir_begin(at("empty"), &od, &err), TZ_OK);
    outdir_free(od);
    /* a symbolic link is not replaced */
    assert_int_equal(symlink("empty", at("link")), 0);
    assert_int_equal(outdir_begin(at("link"), &od, &err), TZ_CANTCREAT);
    /* names that are no folder name */
    assert_int_equal(outdir_begin("", &od, &err), TZ_USAGE);
    assert_int_equal(outdir_begin("/", &od, &err), TZ_USAGE);
    assert_int_equal(outdir_begin(at(".."), &od, &err), TZ_USAGE);
    /* a place nobody can write, even root: /proc */
    assert_int_equal(outdir_begin("/proc/taizhang-out", &od, &err), TZ_CANTCREAT);
    buf_release(&err);
}

/* A file-size limit (ulimit -f): the write fails with EFBIG → TZ_IOERR, no SIGXFSZ death.
   In a child, so that the limit stays there. */
static void test_write_too_big(void **state)
{
    (void)state;
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        outdir *od = NULL;
        buf err = BUF_INIT;
        if (outdir_begin(at("out"), &od, &err) != TZ_OK)
            _exit(10);
        struct rlimit rl = {4096, 4096};
        setrlimit(RLIMIT_FSIZE, &rl);
        static char big[10000];
        tz_status st = outdir_write(od, "tables/big.csv", big, sizeof big, &err);
        int ok_msg = err.data && strstr(err.data, "tables/big.csv") != NULL;
        outdir_free(od);
        _exit(st == TZ_IOERR && ok_msg ? 0 : 11);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    assert_false(exists("out"));
    assert_string_equal(listing(), "");      /* nor OUT.lock: the run left no OUT */
}

static void test_remove_tree_keeps_link_targets(void **state)
{
    (void)state;
    assert_int_equal(mkdir(at("keep"), 0755), 0);
    put_file("keep/file", "k");
    assert_int_equal(mkdir(at("gone"), 0755), 0);
    assert_int_equal(mkdir(at("gone/sub"), 0755), 0);
    put_file("gone/sub/f", "g");
    assert_int_equal(symlink(at("keep"), at("gone/link")), 0);
    assert_int_equal(outdir_remove_tree(at("gone")), 0);
    assert_false(exists("gone"));
    assert_string_equal(slurp("keep/file"), "k");
    assert_int_equal(outdir_remove_tree(at("gone")), 0);   /* already gone: fine */
}

/* Out of memory at every allocation of a begin/write/commit cycle: TZ_NOMEM, and OUT is
   either the old folder or the new one, with nothing left beside it. */
static void test_nomem(void **state)
{
    (void)state;
    run_once("report.txt", "old");
    long nth;
    for (nth = 1; nth < 10000; nth++) {
        outdir *od = NULL;
        buf err = BUF_INIT;
        mem_fail_after(nth);
        tz_status st = outdir_begin(at("out"), &od, &err);
        if (st == TZ_OK)
            st = outdir_write(od, "report.txt", "new", 3, &err);
        if (st == TZ_OK)
            st = outdir_write(od, "manifest.json", "{}\n", 3, &err);
        if (st == TZ_OK)
            st = outdir_commit(od, &err);
        mem_fail_after(0);
        outdir_free(od);
        buf_release(&err);
        if (st == TZ_OK)
            break;
        assert_int_equal(st, TZ_NOMEM);
        assert_string_equal(slurp("out/report.txt"), "old");
        assert_string_equal(listing(), "out out.lock");
    }
    assert_true(nth > 3);
    assert_string_equal(slurp("out/report.txt"), "new");
    assert_string_equal(listing(), "out out.lock");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_first_run_commits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_second_run_replaces_whole_folder, setup, teardown),
        cmocka_unit_test_setup_teardown(test_abort_leaves_previous, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_held, setup, teardown),
        cmocka_unit_test_setup_teardown(test_leftovers_of_dead_runs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_refusals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_write_too_big, setup, teardown),
        cmocka_unit_test_setup_teardown(test_remove_tree_keeps_link_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nomem, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
