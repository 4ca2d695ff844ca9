/* output/outdir.c — all-or-nothing output folder: lock, temporary folder, fsync, swap.
   May call: base/buf, base/mem, libc (POSIX; Linux renameat2 for RENAME_EXCHANGE). */
#define _GNU_SOURCE 1            /* renameat2, RENAME_EXCHANGE (glibc 2.28+) */
#include "output/outdir.h"
#include "base/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define TREE_MAX_DEPTH 16        /* our outputs are two levels deep; a bound, not a guess */

struct outdir {
    char *final;                 /* OUT as given, without trailing slashes */
    char *base;                  /* its last component */
    char *tmp;                   /* path of OUT.tmp-<pid> */
    char *tmp_name;              /* its last component */
    int parent_fd;               /* the folder holding OUT, OUT.lock and the temporaries */
    int lock_fd;
    char *lock_name;             /* OUT.lock's last component */
    int locked;                  /* lock_fd holds the exclusive lock */
    int tmp_exists;
    int committed;
};

/* ---------------------------------------------------------------- test hooks */

void outdir_checkpoint(const char *name)
{
#ifdef TZ_FAULT_INJECTION
    const char *at = getenv("TZ_TEST_PAUSE_AT");
    if (at && strcmp(at, name) == 0) {
        fprintf(stderr, "taizhang: test pause at %s pid %ld\n", name, (long)getpid());
        fflush(stderr);
        for (int i = 0; i < 600; i++)
            sleep(1);
    }
#else
    (void)name;
#endif
}

static int exchange_allowed(void)
{
#ifdef TZ_FAULT_INJECTION
    const char *v = getenv("TZ_TEST_NO_EXCHANGE");
    return !(v && *v == '1');
#else
    return 1;
#endif
}

/* ---------------------------------------------------------------- trees */

static int remove_at(int dirfd, const char *name, int depth);

static int remove_contents(int fd, int depth)
{
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    int rc = 0, saved = 0;
    struct dirent *de;
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno) { rc = -1; saved = errno; }
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (remove_at(dirfd(d), de->d_name, depth + 1) != 0 && rc == 0) {
            rc = -1;
            saved = errno;
        }
    }
    closedir(d);
    errno = saved;
    return rc;
}

static int remove_at(int dirfd, const char *name, int depth)
{
    struct stat st;
    if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        return errno == ENOENT ? 0 : -1;
    if (!S_ISDIR(st.st_mode))
        return unlinkat(dirfd, name, 0) == 0 || errno == ENOENT ? 0 : -1;
    if (depth > TREE_MAX_DEPTH) {
        errno = ELOOP;
        return -1;
    }
    int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return -1;
    if (remove_contents(fd, depth) != 0)
        return -1;
    return unlinkat(dirfd, name, AT_REMOVEDIR) == 0 || errno == ENOENT ? 0 : -1;
}

int outdir_remove_tree(const char *path)
{
    return remove_at(AT_FDCWD, path, 0);
}

/* fsyncs every regular file and folder under (and including) the folder fd; closes fd. */
static int fsync_tree(int fd, int depth)
{
    int rc = 0, saved = 0;
    int dup_fd = dup(fd);
    if (dup_fd < 0) {
        saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    DIR *d = fdopendir(dup_fd);
    if (!d) {
        saved = errno;
        close(dup_fd);
        close(fd);
        errno = saved;
        return -1;
    }
    struct dirent *de;
    for (;;) {
        errno = 0;
        de = readdir(d);
        if (!de) {
            if (errno && rc == 0) { rc = -1; saved = errno; }
            break;
        }
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        struct stat st;
        if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
            if (rc == 0) { rc = -1; saved = errno; }
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            if (depth >= TREE_MAX_DEPTH) {
                if (rc == 0) { rc = -1; saved = ELOOP; }
                continue;
            }
            int sub = openat(dirfd(d), de->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (sub < 0 || fsync_tree(sub, depth + 1) != 0) {
                if (rc == 0) { rc = -1; saved = errno; }
            }
        } else if (S_ISREG(st.st_mode)) {
            int f = openat(dirfd(d), de->d_name, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
            if (f < 0 || fsync(f) != 0) {
                if (rc == 0) { rc = -1; saved = errno; }
            }
            if (f >= 0)
                close(f);
        }
    }
    closedir(d);
    if (fsync(fd) != 0 && rc == 0) {
        rc = -1;
        saved = errno;
    }
    close(fd);
    errno = saved;
    return rc;
}

/* ---------------------------------------------------------------- helpers */

static char *join(const char *a, const char *b)
{
    buf p = BUF_INIT;
    if (buf_puts(&p, a) != 0 || buf_putc(&p, '/') != 0 || buf_puts(&p, b) != 0) {
        buf_release(&p);
        return NULL;
    }
    return buf_steal(&p);
}

/* Creates dir and its parents (mkdir -p). 0, or -1 with errno. */
static int mkdirs(const char *dir)
{
    char *p = mem_strdup(dir);
    if (!p) {
        errno = ENOMEM;
        return -1;
    }
    int rc = 0;
    size_t n = strlen(p);
    for (size_t i = 1; i <= n && rc == 0; i++) {
        if (p[i] != '/' && p[i] != '\0')
            continue;
        char c = p[i];
        p[i] = '\0';
        struct stat st;
        if (mkdir(p, 0755) != 0) {
            int e = errno;
            if (e != EEXIST || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
                rc = -1;
                errno = e == EEXIST ? ENOTDIR : e;
            }
        }
        p[i] = c;
    }
    mem_free(p);
    return rc;
}

/* Write errors that mean "no room" are I/O errors (74); refusals to create are 73. */
static tz_status create_status(int e)
{
    return e == ENOSPC || e == EDQUOT || e == EFBIG || e == EIO ? TZ_IOERR :
           e == ENOMEM ? TZ_NOMEM : TZ_CANTCREAT;
}

/* 1 when name is stem + suffix + one or more digits. */
static int is_leftover(const char *name, const char *stem, const char *suffix)
{
    size_t s = strlen(stem), x = strlen(suffix);
    if (strncmp(name, stem, s) != 0 || strncmp(name + s, suffix, x) != 0)
        return 0;
    const char *d = name + s + x;
    if (!*d)
        return 0;
    for (; *d; d++)
        if (*d < '0' || *d > '9')
            return 0;
    return 1;
}

/* Under the lock no other run on OUT is alive, so every OUT.tmp-N / OUT.old-N beside it
   was left by a dead run. An OUT.old-N while OUT is missing is the previous OUT, left
   aside by a run killed between the two renames of the fallback swap: put it back. */
static tz_status clean_leftovers(outdir *od, buf *err)
{
    int fd = dup(od->parent_fd);
    if (fd < 0)
        return TZ_CANTCREAT;
    DIR *d = fdopendir(fd);
    if (!d) {
        close(fd);
        return TZ_CANTCREAT;
    }
    rewinddir(d);
    char **names = NULL;
    size_t n = 0, cap = 0;
    tz_status st = TZ_OK;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (!is_leftover(de->d_name, od->base, ".tmp-") && !is_leftover(de->d_name, od->base, ".old-"))
            continue;
        if (mem_grow(&names, &cap, n + 1, sizeof *names) != 0 ||
            !(names[n] = mem_strdup(de->d_name))) {
            st = TZ_NOMEM;
            goto out;
        }
        n++;
    }
    /* put a folder left aside back first; everything else found is garbage */
    struct stat sb;
    int have_out = fstatat(od->parent_fd, od->base, &sb, AT_SYMLINK_NOFOLLOW) == 0;
    for (size_t i = 0; i < n && !have_out; i++) {
        if (!is_leftover(names[i], od->base, ".old-"))
            continue;
        if (renameat(od->parent_fd, names[i], od->parent_fd, od->base) != 0) {
            buf_printf(err, "无法恢复上次被中断时移开的输出文件夹 %s：%s", names[i], strerror(errno));
            st = TZ_CANTCREAT;
            goto out;
        }
        fsync(od->parent_fd);
        have_out = 1;
        names[i][0] = '\0';
    }
    for (size_t i = 0; i < n; i++) {
        if (!names[i][0])
            continue;
        if (remove_at(od->parent_fd, names[i], 0) != 0) {
            buf_printf(err, "无法删除上次中断的运行留下的临时文件夹 %s：%s", names[i], strerror(errno));
            st = TZ_CANTCREAT;
            goto out;
        }
    }
out:
    for (size_t i = 0; i < n; i++)
        mem_free(names[i]);
    mem_free(names);
    closedir(d);
    return st;
}

/* Reads the holder line of a lock file ("pid … host … since …") into err. */
static void describe_holder(int fd, buf *err)
{
    char text[256];
    ssize_t r = pread(fd, text, sizeof text - 1, 0);
    if (r <= 0) {
        buf_puts(err, "持有者未知");
        return;
    }
    text[r] = '\0';
    char *nl = strchr(text, '\n');
    if (nl)
        *nl = '\0';
    buf_puts(err, text);
    /* The text names the last run that took the lock exclusively. When that process is
       gone, the holder now is a shared one: a verify reading OUT. */
    long pid = 0;
    char host[256] = "", mine[256] = "";
    if (sscanf(text, "pid %ld, host %255[^,]", &pid, host) == 2 && pid > 0 &&
        gethostname(mine, sizeof mine) == 0 && strcmp(host, mine) == 0 &&
        kill((pid_t)pid, 0) != 0 && errno == ESRCH)
        buf_puts(err, "；该进程已结束，现在持有锁的多半是正在核验的 taizhang verify");
}

static void write_holder(int fd)
{
    char host[256] = "?";
    if (gethostname(host, sizeof host) != 0)
        memcpy(host, "?", 2);
    host[sizeof host - 1] = '\0';
    char when[64] = "?";
    time_t now = time(NULL);
    struct tm tm;
    if (gmtime_r(&now, &tm))
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S UTC", &tm);
    char line[512];
    int n = snprintf(line, sizeof line, "pid %ld, host %s, since %s\n", (long)getpid(), host, when);
    if (n < 0 || (size_t)n >= sizeof line)
        return;
    /* best effort: the lock itself is the flock, the text only tells who holds it */
    if (ftruncate(fd, 0) == 0 && pwrite(fd, line, (size_t)n, 0) == n)
        return;
}

/* Splits out into od->final (no trailing slashes) and od->base; opens the parent. */
static tz_status open_parent(outdir *od, const char *out, buf *err)
{
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    od->final = mem_strndup(out, n);
    if (!od->final)
        return TZ_NOMEM;
    char *slash = strrchr(od->final, '/');
    const char *base = slash ? slash + 1 : od->final;
    if (!*base || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        buf_printf(err, "输出文件夹 \"%s\" 不能用：请用 -o 给出一个新的文件夹名，如 out/2025", out);
        return TZ_USAGE;
    }
    od->base = mem_strdup(base);
    char *parent = slash ? mem_strndup(od->final, slash == od->final ? 1 : (size_t)(slash - od->final))
                         : mem_strdup(".");
    if (!od->base || !parent) {
        mem_free(parent);
        return TZ_NOMEM;
    }
    tz_status st = TZ_OK;
    if (mkdirs(parent) != 0) {
        buf_printf(err, "无法建立输出文件夹的上级文件夹 %s：%s", parent, strerror(errno));
        st = create_status(errno);
        goto out;
    }
    od->parent_fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (od->parent_fd < 0) {
        buf_printf(err, "无法打开输出文件夹的上级文件夹 %s：%s", parent, strerror(errno));
        st = TZ_CANTCREAT;
    }
out:
    mem_free(parent);
    return st;
}

/* OUT may be missing, an empty folder, or a folder with manifest.json (an earlier run's
   output). Anything else is somebody's data: never swap it away. */
static tz_status check_existing(outdir *od, buf *err)
{
    struct stat st;
    if (fstatat(od->parent_fd, od->base, &st, AT_SYMLINK_NOFOLLOW) != 0) {
        if (errno == ENOENT)
            return TZ_OK;
        buf_printf(err, "无法查看输出文件夹 %s：%s", od->final, strerror(errno));
        return TZ_CANTCREAT;
    }
    if (!S_ISDIR(st.st_mode)) {
        buf_printf(err, "输出位置 %s 已有一个%s，不是文件夹：请换一个 -o 文件夹名",
                   od->final, S_ISLNK(st.st_mode) ? "符号链接" : "文件");
        return TZ_CANTCREAT;
    }
    char *m = join(od->base, "manifest.json");
    if (!m)
        return TZ_NOMEM;
    int has_manifest = fstatat(od->parent_fd, m, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode);
    mem_free(m);
    if (has_manifest)
        return TZ_OK;
    int fd = openat(od->parent_fd, od->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
    if (!d) {
        if (fd >= 0)
            close(fd);
        buf_printf(err, "无法查看输出文件夹 %s：%s", od->final, strerror(errno));
        return TZ_CANTCREAT;
    }
    int empty = 1;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0) {
            empty = 0;
            break;
        }
    closedir(d);
    if (empty)
        return TZ_OK;
    buf_printf(err, "输出文件夹 %s 已存在且不是 taizhang 的输出（里面没有 manifest.json）：为免覆盖别的文件，"
               "请换一个 -o 文件夹名，或先把它移走", od->final);
    return TZ_CANTCREAT;
}

/* ---------------------------------------------------------------- API */

tz_status outdir_begin(const char *out, outdir **odp, buf *err)
{
    *odp = NULL;
    tz_status st;
    buf name = BUF_INIT;
    outdir *od = mem_calloc(1, sizeof *od);
    if (!od)
        return TZ_NOMEM;
    od->parent_fd = -1;
    od->lock_fd = -1;
    /* a file-size limit (ulimit -f) must give EFBIG and exit 74, not a core dump */
    signal(SIGXFSZ, SIG_IGN);

    if (!out || !*out) {
        buf_puts(err, "没有给出输出文件夹：请用 -o 给出，如 -o out/2025");
        st = TZ_USAGE;
        goto out;
    }
    if ((st = open_parent(od, out, err)) != TZ_OK)
        goto out;

    if (buf_printf(&name, "%s.lock", od->base) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    od->lock_name = buf_steal(&name);
    /* A run that ends without OUT removes OUT.lock (nothing of it is left behind): the
       file locked here may have been unlinked meanwhile, so the lock counts only when the
       name still leads to the locked file; otherwise open the new one and try again. */
    for (int attempt = 0;; attempt++) {
        od->lock_fd = openat(od->parent_fd, od->lock_name, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
        if (od->lock_fd < 0) {
            buf_printf(err, "无法建立锁文件 %s.lock：%s（输出文件夹所在位置不可写？）", od->final, strerror(errno));
            st = create_status(errno);
            goto out;
        }
        if (flock(od->lock_fd, LOCK_EX | LOCK_NB) != 0) {
            if (errno == EWOULDBLOCK) {
                buf_printf(err, "输出文件夹 %s 正被另一次运行占用（", od->final);
                describe_holder(od->lock_fd, err);
                buf_puts(err, "）：请等它结束后再运行");
                st = TZ_LOCKED;
            } else {
                buf_printf(err, "无法锁定 %s.lock：%s", od->final, strerror(errno));
                st = TZ_CANTCREAT;
            }
            goto out;
        }
        struct stat held, named;
        if (fstat(od->lock_fd, &held) == 0 &&
            fstatat(od->parent_fd, od->lock_name, &named, AT_SYMLINK_NOFOLLOW) == 0 &&
            held.st_dev == named.st_dev && held.st_ino == named.st_ino)
            break;
        close(od->lock_fd);
        od->lock_fd = -1;
        if (attempt == 10) {
            buf_printf(err, "无法锁定 %s.lock：锁文件一再被换掉", od->final);
            st = TZ_LOCKED;
            goto out;
        }
    }
    od->locked = 1;
    write_holder(od->lock_fd);
    outdir_checkpoint("locked");

    if ((st = clean_leftovers(od, err)) != TZ_OK)
        goto out;
    if ((st = check_existing(od, err)) != TZ_OK)
        goto out;

    if (buf_printf(&name, "%s.tmp-%ld", od->base, (long)getpid()) != 0) {
        st = TZ_NOMEM;
        goto out;
    }
    od->tmp_name = buf_steal(&name);
    {
        size_t fl = strlen(od->final), bl = strlen(od->base);
        if (buf_append(&name, od->final, fl - bl) != 0 || buf_puts(&name, od->tmp_name) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        od->tmp = buf_steal(&name);
    }
    if (mkdirat(od->parent_fd, od->tmp_name, 0755) != 0) {
        buf_printf(err, "无法建立临时输出文件夹 %s：%s", od->tmp, strerror(errno));
        st = create_status(errno);
        goto out;
    }
    od->tmp_exists = 1;
    outdir_checkpoint("begin");
    *odp = od;
    od = NULL;
out:
    buf_release(&name);
    outdir_free(od);
    return st;
}

const char *outdir_tmp(const outdir *od) { return od->tmp; }
const char *outdir_final(const outdir *od) { return od->final; }

tz_status outdir_path(const outdir *od, const char *rel, char **path)
{
    *path = join(od->tmp, rel);
    return *path ? TZ_OK : TZ_NOMEM;
}

tz_status outdir_write(const outdir *od, const char *rel, const void *data, size_t len, buf *err)
{
    tz_status st = TZ_OK;
    int fd = -1;
    char *path = join(od->tmp, rel);
    if (!path)
        return TZ_NOMEM;
    char *slash = strrchr(path, '/');
    if (slash && slash != path) {
        *slash = '\0';
        int r = mkdirs(path);
        int e = errno;
        *slash = '/';
        if (r != 0) {
            buf_printf(err, "无法建立输出文件夹 %s：%s", path, strerror(e));
            st = create_status(e);
            goto out;
        }
    }
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        buf_printf(err, "无法建立输出文件 %s：%s", path, strerror(errno));
        st = create_status(errno);
        goto out;
    }
    const char *p = data;
    size_t left = len;
    while (left > 0) {
        ssize_t w = write(fd, p, left);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            int e = w < 0 ? errno : ENOSPC;
            buf_printf(err, "写输出文件 %s 失败：%s（磁盘满或文件大小受限？）", path, strerror(e));
            st = e == ENOMEM ? TZ_NOMEM : TZ_IOERR;
            goto out;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0) {
        buf_printf(err, "写输出文件 %s 失败（fsync）：%s", path, strerror(errno));
        st = TZ_IOERR;
        goto out;
    }
out:
    if (fd >= 0 && close(fd) != 0 && st == TZ_OK) {
        buf_printf(err, "写输出文件 %s 失败（close）：%s", path, strerror(errno));
        st = TZ_IOERR;
    }
    mem_free(path);
    return st;
}

tz_status outdir_commit(outdir *od, buf *err)
{
    if (od->committed)
        return TZ_OK;
    outdir_checkpoint("commit");
    int fd = openat(od->parent_fd, od->tmp_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 || fsync_tree(fd, 0) != 0) {
        buf_printf(err, "无法把输出写到盘上（fsync %s）：%s", od->tmp, strerror(errno));
        return TZ_IOERR;
    }
    outdir_checkpoint("fsynced");

    struct stat st;
    int have_old = fstatat(od->parent_fd, od->base, &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (!have_old) {
        if (renameat(od->parent_fd, od->tmp_name, od->parent_fd, od->base) != 0) {
            buf_printf(err, "无法把新输出改名为 %s：%s", od->final, strerror(errno));
            return create_status(errno);
        }
        od->tmp_exists = 0;
    } else if (exchange_allowed() &&
               renameat2(od->parent_fd, od->tmp_name, od->parent_fd, od->base, RENAME_EXCHANGE) == 0) {
        /* one atomic step: OUT is the new folder, OUT.tmp-<pid> holds the old one */
        outdir_checkpoint("exchanged");
    } else {
        if (have_old && exchange_allowed() && errno != EINVAL && errno != ENOSYS && errno != ENOTSUP) {
            buf_printf(err, "无法把新输出换入 %s：%s", od->final, strerror(errno));
            return create_status(errno);
        }
        /* Fallback: OUT is missing between the two renames; a run killed there leaves
           OUT.old-<pid>, which the next run on OUT puts back (clean_leftovers). */
        buf name = BUF_INIT;
        if (buf_printf(&name, "%s.old-%ld", od->base, (long)getpid()) != 0)
            return TZ_NOMEM;
        if (renameat(od->parent_fd, od->base, od->parent_fd, name.data) != 0) {
            buf_printf(err, "无法移开旧的输出文件夹 %s：%s", od->final, strerror(errno));
            buf_release(&name);
            return create_status(errno);
        }
        outdir_checkpoint("aside");
        if (renameat(od->parent_fd, od->tmp_name, od->parent_fd, od->base) != 0) {
            int e = errno;
            if (renameat(od->parent_fd, name.data, od->parent_fd, od->base) != 0)
                buf_printf(err, "新输出换入 %s 失败（%s），旧输出留在 %s.old-%ld，下次运行会放回：",
                           od->final, strerror(e), od->final, (long)getpid());
            else
                buf_printf(err, "无法把新输出换入 %s：%s", od->final, strerror(e));
            buf_release(&name);
            return create_status(e);
        }
        outdir_checkpoint("swapped");
        /* the old folder now goes where outdir_abort removes it */
        if (renameat(od->parent_fd, name.data, od->parent_fd, od->tmp_name) != 0)
            remove_at(od->parent_fd, name.data, 0);
        buf_release(&name);
    }
    if (fsync(od->parent_fd) != 0) {
        /* the swap is done in memory; it is the durability that is in doubt */
        buf_printf(err, "输出已换入 %s，但无法把改名写到盘上（fsync）：%s", od->final, strerror(errno));
        od->committed = 1;
        outdir_abort(od);
        return TZ_IOERR;
    }
    od->committed = 1;
    outdir_abort(od);   /* removes the old folder, now at the temporary name */
    return TZ_OK;
}

void outdir_abort(outdir *od)
{
    if (!od || !od->tmp_exists || od->parent_fd < 0)
        return;
    /* after a commit the temporary name holds the old OUT (or nothing): remove it too */
    if (remove_at(od->parent_fd, od->tmp_name, 0) == 0)
        od->tmp_exists = 0;
}

void outdir_free(outdir *od)
{
    if (!od)
        return;
    outdir_abort(od);
    /* a run that leaves no output folder of taizhang's (none made, or OUT refused as a
       file or somebody's folder) leaves no OUT.lock either: unlinked while still held */
    if (od->locked && !od->committed) {
        struct stat sb;
        char *m = join(od->base, "manifest.json");
        if (m && fstatat(od->parent_fd, m, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            unlinkat(od->parent_fd, od->lock_name, 0);
        mem_free(m);
    }
    if (od->lock_fd >= 0)
        close(od->lock_fd);
    if (od->parent_fd >= 0)
        close(od->parent_fd);
    mem_free(od->lock_name);
    mem_free(od->final);
    mem_free(od->base);
    mem_free(od->tmp);
    mem_free(od->tmp_name);
    mem_free(od);
}

tz_status outdir_lock_shared(const char *out, int *fdp, buf *err)
{
    *fdp = -1;
    size_t n = strlen(out);
    while (n > 1 && out[n - 1] == '/')
        n--;
    buf path = BUF_INIT;
    if (buf_append(&path, out, n) != 0 || buf_puts(&path, ".lock") != 0) {
        buf_release(&path);
        return TZ_NOMEM;
    }
    tz_status st = TZ_OK;
    int fd = open(path.data, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0)
        goto out;             /* no lock file: no run ever wrote here; nothing to hold */
    if (flock(fd, LOCK_SH | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            buf_printf(err, "输出文件夹 %.*s 正被一次运行改写（", (int)n, out);
            describe_holder(fd, err);
            buf_puts(err, "）：请等它结束后再核验");
            st = TZ_LOCKED;
        }
        close(fd);
        fd = -1;
        goto out;
    }
    *fdp = fd;
out:
    buf_release(&path);
    return st;
}
