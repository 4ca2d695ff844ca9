/* input/ledger.c — ledger_load: the seven files of one year read, checked and tied
   together. Order: categories, then units → teams → volunteers → demands → activities →
   participation → results (each refers only to files read before it); then the rules
   across rows, the lenient cascade, the compaction into the final arrays, and the
   warnings on what is kept.
   May call: base (all), input (all), nettle, libc. */
#include "input/ledger.h"
#include "base/buf.h"
#include "base/host.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/timing.h"
#include "input/encoding.h"
#include "input/field.h"
#include "input/load_int.h"
#include "input/split_int.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

const char *const LEDGER_TEAM_TYPE_NAMES[TEAM_TYPE_COUNT] = {"党员志愿服务队", "青年志愿服务队"};
const char *const LEDGER_POLITICAL_NAMES[POL_COUNT] = {"中共党员", "中共预备党员", "共青团员",
                                                      "入党积极分子", "群众"};
const char *const LEDGER_MODE_NAMES[MODE_COUNT] = {"独立开展", "组团服务", "工委统一组织"};
const char *const LEDGER_AREA_NAMES[AREA_COUNT] = {"社区", "林区", "牧区", "农区", "站所", "其他"};
const char *const LEDGER_CHANNEL_NAMES[CHANNEL_COUNT] = {"座谈会", "走访", "意见箱", "热线电话",
                                                        "网络", "其他"};
const char *const LEDGER_FILE_NAMES[LEDGER_FILE_COUNT] = {
    "units.csv", "teams.csv", "volunteers.csv", "activities.csv", "participation.csv",
    "demands.csv", "results.csv"};
const char *const LEDGER_DEFAULT_CATEGORIES[LEDGER_DEFAULT_CATEGORY_COUNT] = {
    "医疗卫生", "畜牧养殖", "疫病防治", "党员教育", "法律宣传", "计生宣传", "文化服务",
    "科技宣传", "扶贫帮困", "环境整治", "植树造林", "其他"};

static const int REQUIRED[LEDGER_FILE_COUNT] = {1, 1, 1, 1, 1, 0, 0};
static const ledger_file_kind LOAD_ORDER[LEDGER_FILE_COUNT] = {
    LEDGER_UNITS, LEDGER_TEAMS, LEDGER_VOLUNTEERS, LEDGER_DEMANDS, LEDGER_ACTIVITIES,
    LEDGER_PARTICIPATION, LEDGER_RESULTS};

/* Problems are sorted in this order of files; then categories.txt; then the rest. */
static const char *const PROBLEM_FILE_ORDER[] = {
    LEDGER_CATEGORIES_FILE, "units.csv", "teams.csv", "volunteers.csv", "demands.csv",
    "activities.csv", "participation.csv", "results.csv"};

void load_format_date(int32_t days, char out[16])
{
    int y, m, d;
    field_civil_from_days(days, &y, &m, &d);
    /* at most 10 characters ("-999-12-31"): it always fits */
    if (text_format(out, 16, "%04d-%02d-%02d", y % 10000, m, d) != 0)
        out[0] = '\0';
}

uint64_t ledger_rows_dropped(const ledger *l)
{
    uint64_t n = 0;
    for (int k = 0; k < LEDGER_FILE_COUNT; k++)
        n += l->files[k].rows_dropped;
    return n;
}

/* Code i of kind k (units or volunteers), and their count. */
static const char *code_of(const ledger *l, ledger_file_kind k, size_t i)
{
    return k == LEDGER_UNITS ? l->units[i].id : l->volunteers[i].id;
}

static size_t codes(const ledger *l, ledger_file_kind k)
{
    return k == LEDGER_UNITS ? l->n_units : l->n_volunteers;
}

/* The form of a file's codes: *width the common length of its all-digit codes (SIZE_MAX
   when the lengths differ; 0 when one is not all digits, or none), *padded whether one
   starts with 0. */
static void id_form(const ledger *l, ledger_file_kind k, size_t *width, int *padded)
{
    *width = 0;
    *padded = 0;
    for (size_t i = 0; i < codes(l, k); i++) {
        const char *id = code_of(l, k, i);
        size_t len = strlen(id);
        for (size_t c = 0; c < len; c++)
            if (id[c] < '0' || id[c] > '9') {
                *width = 0;
                return;
            }
        if (i == 0)
            *width = len;
        else if (len != *width)
            *width = SIZE_MAX;
        *padded |= len > 1 && id[0] == '0';
    }
}

int ledger_check_id_form(ledger *year, const ledger *previous)
{
    static const ledger_file_kind kinds[] = {LEDGER_UNITS, LEDGER_VOLUNTEERS};
    static const char *const words[] = {"单位", "志愿者"};
    int added = 0;
    for (size_t f = 0; f < 2; f++) {
        ledger_file_kind k = kinds[f];
        if (!codes(year, k) || !codes(previous, k))
            continue;
        size_t now, before;
        int pad_now, pad_before;
        id_form(year, k, &now, &pad_now);
        id_form(previous, k, &before, &pad_before);
        /* last year one width with zeros; this year digits, no zeros, shorter */
        if (before == 0 || before == SIZE_MAX || !pad_before || now == 0 || pad_now ||
            (now != SIZE_MAX && now >= before))
            continue;
        const char *example = code_of(previous, k, 0), *first = code_of(year, k, 0);
        uint32_t line = k == LEDGER_UNITS ? year->units[0].line : year->volunteers[0].line;
        if (problem_add(&year->problems, LEDGER_FILE_NAMES[k], line, 1, SEV_WARNING, "id.zeros_lost",
                        first, strlen(first),
                        "%s 的%s编码像是被去掉了前导 0：去年的台账写 %zu 位的编码（如 %s），今年写“%s”；"
                        "与去年对比时同一%s会对不上。把编码列设为“文本”格式，从原始台账重新导出（或补回前导 0）",
                        LEDGER_FILE_NAMES[k], words[f], before, example, first, words[f]) != 0)
            return -1;
        added++;
    }
    if (added)
        problem_sort(&year->problems, PROBLEM_FILE_ORDER,
                     sizeof PROBLEM_FILE_ORDER / sizeof *PROBLEM_FILE_ORDER);
    return added;
}

int32_t ledger_find_unit(const ledger *l, const char *id)
{
    /* units are few (hundreds): a scan is enough and needs no map kept in the ledger */
    for (size_t i = 0; i < l->n_units; i++)
        if (strcmp(l->units[i].id, id) == 0)
            return (int32_t)i;
    return LEDGER_NONE;
}

void ledger_free(ledger *l)
{
    if (!l)
        return;
    for (size_t i = 0; i < l->n_categories; i++) mem_free(l->categories[i]);
    for (size_t i = 0; i < l->n_campaigns; i++) mem_free(l->campaigns[i]);
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++) mem_free(l->files[k].path);
    mem_free(l->units); mem_free(l->teams); mem_free(l->volunteers); mem_free(l->activities);
    mem_free(l->participation); mem_free(l->demands); mem_free(l->results);
    mem_free(l->categories); mem_free(l->campaigns);
    problem_list_release(&l->problems);
    arena_release(&l->text);
    mem_free(l);
}

/* Reads all of path into data, hashing as it goes. Returns 0, -1 with errno. */
static int read_file(const char *path, buf *data, uint8_t sha[32])
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat sb;
    struct sha256_ctx ctx;
    sha256_init(&ctx);
    buf_clear(data);
    if (fstat(fd, &sb) != 0)
        goto fail;
    if (S_ISDIR(sb.st_mode)) {
        errno = EISDIR;
        goto fail;
    }
    if (buf_reserve(data, sb.st_size > 0 ? (size_t)sb.st_size + 1 : 4096) != 0) {
        errno = ENOMEM;
        goto fail;
    }
    for (;;) {
        if (data->cap - data->len < 4096 && buf_reserve(data, data->cap) != 0) {
            errno = ENOMEM;
            goto fail;
        }
        ssize_t got = read(fd, data->data + data->len, data->cap - data->len - 1);
        if (got < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        if (got == 0)
            break;
        sha256_update(&ctx, (size_t)got, (const uint8_t *)data->data + data->len);
        data->len += (size_t)got;
    }
    data->data[data->len] = '\0';
    sha256_digest(&ctx, SHA256_DIGEST_SIZE, sha);
    close(fd);
    return 0;
fail:;
    int e = errno;
    close(fd);
    errno = e;
    return -1;
}

static uint32_t line_of_offset(const char *s, size_t off)
{
    uint32_t line = 1;
    for (size_t i = 0; i < off; i++)
        line += s[i] == '\n';
    return line;
}

static char *join_path(const char *dir, const char *name)
{
    buf b = BUF_INIT;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    if (buf_append(&b, dir, n) != 0 || buf_putc(&b, '/') != 0 || buf_puts(&b, name) != 0) {
        buf_release(&b);
        return NULL;
    }
    return buf_steal(&b);
}

/* The CSV column (1-based) of byte off of s: commas outside quotes since the line's start.
   Commas are the same byte in UTF-8 and GB18030 (no GB18030 trail byte is below 0x40). */
static uint32_t column_of_offset(const char *s, size_t off)
{
    size_t start = off;
    while (start > 0 && s[start - 1] != '\n')
        start--;
    uint32_t col = 1;
    int quoted = 0;
    for (size_t i = start; i < off; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (s[i] == ',' && !quoted)
            col++;
    }
    return col;
}

/* Up to four bytes of raw from at, as "0xE5 0x8D 0x95 0x20", into value[0..cap) (cap >= 20:
   they always fit). Returns the length. */
static size_t bytes_shown(char *value, size_t cap, const buf *raw, size_t at)
{
    size_t vn = 0;
    value[0] = '\0';
    for (size_t k = 0; k < 4 && at + k < raw->len; k++) {
        if (text_format(value + vn, cap - vn, "%s0x%02X", k ? " " : "",
                        (unsigned char)raw->data[at + k]) != 0)
            break;
        vn += strlen(value + vn);
    }
    return vn;
}

/* The encoding's name for a clerk. */
static const char *clerk_encoding(encoding_kind k)
{
    return k == ENCODING_GB18030 ? "GBK（GB18030）" : "UTF-8";
}

/* "第 5 行像是 UTF-8，其余是 GBK（GB18030）" for a file that mixes encodings: one error at the
   first line in the other encoding, naming up to ENCODING_SURVEY_SHOWN of them; at is the
   first byte that cannot be read, when there is one. Returns TZ_DATAERR or TZ_NOMEM. */
static tz_status mixed_problem(load_state *st, const char *name, const buf *raw,
                               const encoding_survey *sv, const size_t *at)
{
    buf lines = BUF_INIT;
    int r = 0;
    for (size_t i = 0; i < sv->n_other && i < ENCODING_SURVEY_SHOWN && r == 0; i++)
        r = buf_printf(&lines, "%s%u", i ? "、" : "", (unsigned)sv->other[i]);
    if (r == 0 && sv->n_other > ENCODING_SURVEY_SHOWN)
        r = buf_printf(&lines, " 等 %zu 行", sv->n_other);
    uint32_t line = at ? line_of_offset(raw->data, *at) : sv->other[0];
    uint32_t col = at ? column_of_offset(raw->data, *at) : 0;
    char value[32] = "";
    size_t vn = at ? bytes_shown(value, sizeof value, raw, *at) : 0;
    if (r == 0)
        r = problem_add(&st->l->problems, name, line, col, SEV_ERROR, "encoding.mixed", value, vn,
                        "一个文件里混用了两种编码：第 %s 行像是 %s，其余是 %s%s。"
                        "多半是从另一份导出里粘贴了几行。把整个文件在 Excel 里“另存为”→“CSV UTF-8（逗号分隔）”，"
                        "并核对这几行的文字是否成了乱码", lines.data, clerk_encoding(sv->other_kind),
                        clerk_encoding(sv->main), at ? "（这一行从所给字节起读不了）" : "");
    buf_release(&lines);
    return r ? TZ_NOMEM : TZ_DATAERR;
}

/* A file that the forced encoding, or neither encoding, can read: one error at the line
   and column of the first byte that cannot be read in kind (the forced encoding, or the
   one most lines look like), with the bytes; a mix of encodings is named as such. */
static tz_status encoding_problem(load_state *st, const char *name, const buf *raw, encoding_kind kind,
                                  size_t bad)
{
    encoding_survey sv;
    if (!st->opt->encoding && encoding_survey_lines(raw->data, raw->len, 1, &sv) == 0 && sv.n_other > 0 &&
        sv.other_kind != sv.main)
        return mixed_problem(st, name, raw, &sv, &bad);
    char value[32];
    size_t vn = bytes_shown(value, sizeof value, raw, bad);
    uint32_t line = line_of_offset(raw->data, bad), col = column_of_offset(raw->data, bad);
    int r;
    if (st->opt->encoding)
        r = problem_add(&st->l->problems, name, line, col, SEV_ERROR, "encoding.invalid", value, vn,
                        "按指定的编码 %s 读不了这个文件：这一行这一列从所给字节起读不了。"
                        "去掉 --encoding 让程序自动识别，或另存为“CSV UTF-8”", st->opt->encoding);
    else
        r = problem_add(&st->l->problems, name, line, col, SEV_ERROR, "encoding.invalid", value, vn,
                        "文件既不是 UTF-8 也不是 GB18030/GBK 编码：按 %s%s读，这一行这一列从所给字节起读不了。"
                        "在 Excel 里“另存为”→“CSV UTF-8（逗号分隔）”后重新导出", clerk_encoding(kind),
                        kind == ENCODING_GB18030 ? "" : " ");
    return r ? TZ_NOMEM : TZ_DATAERR;
}

/* Reads a file as text. OUT: *text, *len (inside raw or conv), *absent. Returns TZ_OK;
   TZ_NOINPUT when the file is absent (*absent = 1, nothing reported) or unreadable
   (reported); TZ_DATAERR when it is not text in a known encoding (reported); TZ_NOMEM. */
static tz_status read_text(load_state *st, const char *name, const char *path, buf *raw,
                           buf *conv, const char **text, size_t *len, ledger_file *meta,
                           int *absent)
{
    uint8_t sha[32];
    problem_list *pl = &st->l->problems;
    *absent = 0;
    if (read_file(path, raw, sha) != 0) {
        if (errno == ENOMEM)
            return TZ_NOMEM;
        *absent = errno == ENOENT;
        if (*absent)
            return TZ_NOINPUT;
        if (problem_add(pl, name, 0, 0, SEV_ERROR, "file.unreadable", "", 0,
                        "读不了文件 %s：%s。检查文件是否被占用、有没有读取权限", path,
                        strerror(errno)) != 0)
            return TZ_NOMEM;
        return TZ_NOINPUT;
    }
    if (meta) {
        memcpy(meta->sha256, sha, sizeof sha);
        meta->bytes = raw->len;
    }
    encoding_kind forced, kind = ENCODING_UTF8;
    size_t bad = 0;
    encoding_result er = encoding_decode(raw->data, raw->len,
                                         st->opt->encoding && encoding_parse_name(st->opt->encoding, &forced) == 0 ? &forced : NULL,
                                         conv, text, len, &kind, &bad);
    if (er == ENCODING_NOMEM)
        return TZ_NOMEM;
    if (er == ENCODING_UTF16) {
        if (problem_add(pl, name, 1, 0, SEV_ERROR, "encoding.utf16", "", 0,
                        "这是 UTF-16 文件（Excel 的“Unicode 文本”），不是 CSV。"
                        "在 Excel 里“另存为”→“CSV UTF-8（逗号分隔）”后重新导出") != 0)
            return TZ_NOMEM;
        return TZ_DATAERR;
    }
    if (er == ENCODING_INVALID)
        return encoding_problem(st, name, raw, kind, bad);
    if (kind == ENCODING_GB18030 && !st->opt->encoding) {
        /* read as GB18030, but rows that look like UTF-8 would be read as gibberish */
        encoding_survey sv;
        if (encoding_survey_lines(raw->data, raw->len, 0, &sv) == 0 && sv.lines_utf8 > 0)
            return mixed_problem(st, name, raw, &sv, NULL);
    }
    if (meta && text_format(meta->encoding, sizeof meta->encoding, "%s", encoding_name(kind)) != 0)
        return TZ_SOFTWARE;     /* ledger_file.encoding holds every encoding_name */
    return TZ_OK;
}

static tz_status add_category(ledger *l, load_state *st, const char *s, size_t n)
{
    if (mem_grow(&l->categories, &st->cap_categories, l->n_categories + 1,
                 sizeof *l->categories) != 0)
        return TZ_NOMEM;
    if (!(l->categories[l->n_categories] = mem_strndup(s, n)))
        return TZ_NOMEM;
    l->n_categories++;
    return TZ_OK;
}

/* categories.txt in the folder (one category a line, # comments) replaces the default
   list of docs/ledgers.md. */
static tz_status load_categories(load_state *st)
{
    ledger *l = st->l;
    buf raw = BUF_INIT, conv = BUF_INIT;
    const char *text;
    size_t len;
    tz_status r;
    char *path = join_path(st->dir, LEDGER_CATEGORIES_FILE);
    if (!path)
        return TZ_NOMEM;
    int absent;
    r = read_text(st, LEDGER_CATEGORIES_FILE, path, &raw, &conv, &text, &len, NULL, &absent);
    mem_free(path);
    if (absent) {
        r = TZ_OK;
        for (size_t i = 0; i < LEDGER_DEFAULT_CATEGORY_COUNT && r == TZ_OK; i++)
            r = add_category(l, st, LEDGER_DEFAULT_CATEGORIES[i], strlen(LEDGER_DEFAULT_CATEGORIES[i]));
        goto out;
    }
    if (r == TZ_DATAERR) {
        st->config_failed = 1;
        r = TZ_OK;
        goto out;
    }
    if (r != TZ_OK)
        goto out;
    uint32_t line = 1;
    for (size_t pos = 0; pos < len; line++) {
        const char *nl = memchr(text + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + pos;
        size_t n = end - pos;
        pos = nl ? end + 1 : len;
        field_trim(&s, &n);
        if (n == 0 || s[0] == '#')
            continue;
        if (field_enum(s, n, (const char *const *)l->categories, l->n_categories) >= 0) {
            if (problem_add(&l->problems, LEDGER_CATEGORIES_FILE, line, 1, SEV_WARNING,
                            "categories.duplicate", s, n, "服务类别“%.*s”重复列出，只算一次",
                            (int)n, s) != 0) {
                r = TZ_NOMEM;
                goto out;
            }
            continue;
        }
        if ((r = add_category(l, st, s, n)) != TZ_OK)
            goto out;
    }
    if (l->n_categories == 0) {
        st->config_failed = 1;
        if (problem_add(&l->problems, LEDGER_CATEGORIES_FILE, 0, 0, SEV_ERROR, "categories.empty",
                        "", 0, "categories.txt 里没有任何服务类别。每行写一个类别，或删掉这个文件以使用默认类别") != 0)
            r = TZ_NOMEM;
    }
out:
    buf_release(&raw);
    buf_release(&conv);
    return r;
}

/* A file in dir whose name is `name` but for upper and lower case (Units.CSV saved on
   Windows): 1 and its name in other, else 0. */
static int find_miscased(const char *dir, const char *name, char *other, size_t cap)
{
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    int found = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (strcasecmp(e->d_name, name) == 0 && strcmp(e->d_name, name) != 0) {
            found = text_format(other, cap, "%s", e->d_name) == 0;   /* else: too long to name */
            break;
        }
    }
    closedir(d);
    return found;
}

/* Room for every participation row the file can hold (a row takes at least 6 bytes:
   "A,V,1\n"), taken at once: address space only, pages are used as rows fill them. The
   rows then never move: an array grown by realloc is moved (mremap) as it doubles, and
   the first pass over it afterwards was measured 15 times slower than over one that
   never moved (0.19 s against 0.012 s for 10 million rows). */
static void reserve_rows(load_state *st, const char *path)
{
    struct stat sb;
    if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < (1 << 20))
        return;                  /* small or unreadable: grown as needed, or reported later */
    size_t rows = (size_t)sb.st_size / 6 + 16;
    if (rows > UINT32_MAX)
        return;
    ledger *l = st->l;
    /* Refused (a limit on address space, strict overcommit): the rows are then grown as
       they come, as for a small file; only the time differs. */
    if (mem_grow(&l->participation, &st->cap_participation, rows, sizeof *l->participation) == 0)
        mem_advise_huge(l->participation, st->cap_participation * sizeof *l->participation);
}

/* After file k is read: its rows' array cut to their number (the doubling's slack is
   not held to the end), and its ids' direct index made usable (the rows that refer to
   them look them up there). When the ids went to the map (not one shape), an index is
   still tried from the map, and the map released when it works. (At 400,000 activities
   a map takes 24 MB, the index 1.7 MB.) */
static tz_status settle_file(load_state *st, ledger_file_kind k)
{
    load_rows t = rows_of(st, st->l, k);
    void *rows;
    memcpy(&rows, t.items, sizeof rows);
    if (k != LEDGER_PARTICIPATION && rows && *t.n < *t.cap) {
        void *cut = mem_realloc(rows, (*t.n ? *t.n : 1) * t.size);
        if (cut) {               /* refused: kept as it is */
            memcpy(t.items, &cut, sizeof cut);
            *t.cap = *t.n ? *t.n : 1;
        }
    }
    if (!st->ids_mapped[k]) {        /* one shape: the index built as the file was read */
        st->dense[k].usable = st->dense[k].count > 0;
        return TZ_OK;
    }
    tz_status r = idindex_build(&st->dense[k], &st->ids[k]);
    if (r == TZ_OK && st->dense[k].usable)
        hmap_release(&st->ids[k]);
    return r;
}

static tz_status load_file(load_state *st, ledger_file_kind k, buf *raw, buf *conv)
{
    ledger *l = st->l;
    ledger_file *meta = &l->files[k];
    const char *name = LEDGER_FILE_NAMES[k];
    const char *text;
    size_t len;
    if (!(meta->path = join_path(st->dir, name)))
        return TZ_NOMEM;
    st->kind = k;
    st->file = name;
    st->have_header = st->header_failed = 0;
    st->banner_rows = st->first_banner_line = 0;
    st->summed_rows = 0;
    for (size_t c = 0; c < HEADER_MAX_COLS; c++) {
        st->map.field[c] = -1;
        st->column_sum[c] = 0;
    }
    st->map.width = 0;
    tz_status r;
    if (k == LEDGER_PARTICIPATION) {
        buf_release(raw);            /* the other files' text: not held meanwhile */
        buf_release(conv);
        reserve_rows(st, meta->path);
    }
    {                                /* large UTF-8: in windows, on all cores (split.c) */
        int handled = 0;
        if ((r = split_load(st, meta->path, host_threads(st->opt->threads), meta,
                            &handled)) != TZ_OK)
            return r;
        if (handled) {
            meta->present = 1;
            goto parsed;
        }
    }
    int absent;
    r = read_text(st, name, meta->path, raw, conv, &text, &len, meta, &absent);
    if (absent) {
        char other[256];
        int miscased = find_miscased(st->dir, name, other, sizeof other);
        if (!REQUIRED[k] && !miscased)
            return TZ_OK;      /* references to it are then reported row by row */
        st->file_failed[k] = 1;
        st->missing_input = REQUIRED[k];
        if (miscased)
            return problem_add(&l->problems, name, 0, 0, SEV_ERROR, "file.name_case", other,
                               strlen(other), "找到的是“%s”，文件名应为 %s（全部小写）。把文件改名为 %s",
                               other, name, name) ? TZ_NOMEM : TZ_OK;
        return problem_add(&l->problems, name, 0, 0, SEV_ERROR, "file.missing", "", 0,
                           "文件夹 %s 里没有 %s，这个台账是必需的。把它导出到这个文件夹（文件名要完全一致）",
                           st->dir, name) ? TZ_NOMEM : TZ_OK;
    }
    meta->present = 1;
    if (r == TZ_NOINPUT) {
        st->file_failed[k] = 1;
        st->missing_input = 1;
        return TZ_OK;
    }
    if (r == TZ_DATAERR) {
        st->file_failed[k] = 1;
        return TZ_OK;
    }
    if (r != TZ_OK)
        return r;
    r = split_parse(st, text, len, host_threads(st->opt->threads));   /* on all cores */
    if (r != TZ_OK)
        return r;
parsed:
    if (!st->have_header && !st->header_failed) {
        st->file_failed[k] = 1;
        size_t ncols;
        const header_column *cols = header_columns(k, &ncols);
        if (problem_add(&l->problems, name, 0, 0, SEV_ERROR, "header.not_found", "", 0,
                        "文件是空的或找不到表头。第一行应是列名，如：%s,%s,…", cols[0].zh,
                        cols[1].zh) != 0)
            return TZ_NOMEM;
    }
    st->maps[k] = st->map;
    return TZ_OK;
}

/* Keeps the rows marked ROW_OK, in order. OUT: remap[old] = new index or LEDGER_NONE.
   (The texts of rows left out stay in l->text until ledger_free.) */
#define COMPACT(arr, n, kind, remap)                                    \
    do {                                                                       \
        size_t kept_ = 0;                                                      \
        for (size_t i_ = 0; i_ < (n); i_++) {                                  \
            if (st->bad[kind][i_] == ROW_OK) {                                 \
                (remap)[i_] = (int32_t)kept_;                                  \
                (arr)[kept_++] = (arr)[i_];                                    \
            } else {                                                           \
                (remap)[i_] = LEDGER_NONE;                                     \
            }                                                                  \
        }                                                                      \
        (n) = kept_;                                                           \
    } while (0)

static int32_t remapped(const int32_t *remap, int32_t i)
{
    return i == LEDGER_NONE ? LEDGER_NONE : remap[i];
}

static tz_status compact(load_state *st)
{
    ledger *l = st->l;
    size_t n_before[LEDGER_FILE_COUNT] = {l->n_units, l->n_teams, l->n_volunteers,
                                          l->n_activities, l->n_participation, l->n_demands,
                                          l->n_results};
    int32_t *map[LEDGER_FILE_COUNT] = {0};
    tz_status r = TZ_OK;
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++) {
        map[k] = mem_alloc((n_before[k] ? n_before[k] : 1) * sizeof *map[k]);
        if (!map[k]) {
            r = TZ_NOMEM;
            goto out;
        }
    }
    /* ids are looked up no more */
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++)
        hmap_release(&st->ids[k]);
    COMPACT(l->units, l->n_units, LEDGER_UNITS, map[LEDGER_UNITS]);
    COMPACT(l->teams, l->n_teams, LEDGER_TEAMS, map[LEDGER_TEAMS]);
    COMPACT(l->volunteers, l->n_volunteers, LEDGER_VOLUNTEERS, map[LEDGER_VOLUNTEERS]);
    COMPACT(l->demands, l->n_demands, LEDGER_DEMANDS, map[LEDGER_DEMANDS]);
    COMPACT(l->activities, l->n_activities, LEDGER_ACTIVITIES, map[LEDGER_ACTIVITIES]);
    COMPACT(l->results, l->n_results, LEDGER_RESULTS, map[LEDGER_RESULTS]);
    for (size_t i = 0; i < l->n_teams; i++)
        l->teams[i].unit = remapped(map[LEDGER_UNITS], l->teams[i].unit);
    for (size_t i = 0; i < l->n_volunteers; i++) {
        l->volunteers[i].unit = remapped(map[LEDGER_UNITS], l->volunteers[i].unit);
        l->volunteers[i].team = remapped(map[LEDGER_TEAMS], l->volunteers[i].team);
    }
    for (size_t i = 0; i < l->n_activities; i++) {
        l->activities[i].lead_unit = remapped(map[LEDGER_UNITS], l->activities[i].lead_unit);
        l->activities[i].demand = remapped(map[LEDGER_DEMANDS], l->activities[i].demand);
    }
    for (size_t i = 0; i < l->n_results; i++)
        l->results[i].activity = remapped(map[LEDGER_ACTIVITIES], l->results[i].activity);
    /* the rows: untouched when none is left out and no unit, volunteer or activity moved */
    int moved = st->part_bad != 0;
    static const ledger_file_kind referred[] = {LEDGER_UNITS, LEDGER_VOLUNTEERS, LEDGER_ACTIVITIES};
    for (size_t k = 0; k < sizeof referred / sizeof *referred && !moved; k++)
        for (size_t i = 0; i < n_before[referred[k]] && !moved; i++)
            moved = map[referred[k]][i] != (int32_t)i;
    size_t kept = moved ? 0 : l->n_participation;
    for (size_t i = 0; moved && i < l->n_participation; i++) {
        ledger_participation p = l->participation[i];
        if (p.flags & PART_BAD)
            continue;
        p.activity = (uint32_t)map[LEDGER_ACTIVITIES][p.activity];
        p.volunteer = (uint32_t)map[LEDGER_VOLUNTEERS][p.volunteer];
        p.unit = (uint32_t)map[LEDGER_UNITS][p.unit];
        l->participation[kept++] = p;
    }
    l->n_participation = kept;

    /* campaigns: in order of first use among the activities kept */
    int32_t *cmap = mem_alloc((l->n_campaigns ? l->n_campaigns : 1) * sizeof *cmap);
    char **names = mem_alloc((l->n_campaigns ? l->n_campaigns : 1) * sizeof *names);
    if (!cmap || !names) {
        mem_free(cmap);
        mem_free(names);
        r = TZ_NOMEM;
        goto out;
    }
    for (size_t c = 0; c < l->n_campaigns; c++)
        cmap[c] = LEDGER_NONE;
    size_t nc = 0;
    for (size_t i = 0; i < l->n_activities; i++) {
        int32_t c = l->activities[i].campaign;
        if (c == LEDGER_NONE)
            continue;
        if (cmap[c] == LEDGER_NONE) {
            cmap[c] = (int32_t)nc;
            names[nc++] = l->campaigns[c];
        }
        l->activities[i].campaign = cmap[c];
    }
    for (size_t c = 0; c < l->n_campaigns; c++)
        if (cmap[c] == LEDGER_NONE)
            mem_free(l->campaigns[c]);
    mem_free(l->campaigns);
    l->campaigns = names;
    l->n_campaigns = nc;
    mem_free(cmap);

    size_t n_after[LEDGER_FILE_COUNT] = {l->n_units, l->n_teams, l->n_volunteers,
                                         l->n_activities, l->n_participation, l->n_demands,
                                         l->n_results};
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++)
        l->files[k].rows_dropped = l->files[k].rows - n_after[k];
out:
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++)
        mem_free(map[k]);
    return r;
}

/* The year: the option, else the folder's name when it is a year. 0 when neither. */
static int find_year(const char *dir, int opt_year)
{
    if (opt_year)
        return opt_year >= 1900 && opt_year <= 2199 ? opt_year : 0;
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/')
        n--;
    size_t b = n;
    while (b > 0 && dir[b - 1] != '/')
        b--;
    if (n - b != 4)
        return 0;
    int y = 0;
    for (size_t i = b; i < n; i++) {
        if (dir[i] < '0' || dir[i] > '9')
            return 0;
        y = y * 10 + (dir[i] - '0');
    }
    return y >= 1900 && y <= 2199 ? y : 0;
}

tz_status ledger_load(const char *dir, const ledger_options *opt, ledger **out)
{
    static const ledger_options defaults = {0, NULL, 0, 0};
    load_state st;
    memset(&st, 0, sizeof st);
    buf raw = BUF_INIT, conv = BUF_INIT;
    tz_status r = TZ_OK;
    *out = NULL;
    if (!opt)
        opt = &defaults;
    ledger *l = mem_calloc(1, sizeof *l);
    if (!l)
        return TZ_NOMEM;
    st.l = l;
    st.opt = opt;
    st.dir = (char *)dir;

    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        int e = errno;
        if (problem_add(&l->problems, "", 0, 0, SEV_ERROR, "folder.missing", dir, strlen(dir),
                        "找不到台账文件夹 %s%s%s。检查路径是否写对", dir,
                        stat(dir, &sb) == 0 ? "（这不是文件夹）" : "：",
                        stat(dir, &sb) == 0 ? "" : strerror(e)) != 0)
            r = TZ_NOMEM;
        else
            r = TZ_NOINPUT;
        goto out;
    }
    encoding_kind forced;
    if (opt->encoding && encoding_parse_name(opt->encoding, &forced) != 0) {
        r = problem_add(&l->problems, "", 0, 0, SEV_ERROR, "encoding.unknown", opt->encoding,
                        strlen(opt->encoding), "不认识的编码“%s”。--encoding 只能是 UTF-8 或 GB18030",
                        opt->encoding) ? TZ_NOMEM : TZ_USAGE;
        goto out;
    }
    st.year = find_year(dir, opt->year);
    if (st.year == 0) {
        r = problem_add(&l->problems, "", 0, 0, SEV_ERROR, "year.unknown", dir, strlen(dir),
                        opt->year ? "年度 %d 不合理。用 --year 指定年度，如 --year 2025"
                                  : "无法从文件夹名得知年度（文件夹名不是四位年份）。用 --year 指定年度，如 --year 2025",
                        opt->year) ? TZ_NOMEM : TZ_USAGE;
        goto out;
    }
    l->year = st.year;
    st.year_first = field_days_from_civil(st.year, 1, 1);
    st.year_last = field_days_from_civil(st.year, 12, 31);

    double t0 = timing_wall(), c0 = timing_cpu();
    if ((r = load_categories(&st)) != TZ_OK)
        goto out;
    for (size_t i = 0; i < LEDGER_FILE_COUNT; i++) {
        if (LOAD_ORDER[i] == LEDGER_PARTICIPATION) {
            st.volunteer_unit = mem_alloc((l->n_volunteers ? l->n_volunteers : 1) *
                                          sizeof *st.volunteer_unit);
            if (!st.volunteer_unit) {
                r = TZ_NOMEM;
                goto out;
            }
            for (size_t v = 0; v < l->n_volunteers; v++)
                st.volunteer_unit[v] = l->volunteers[v].unit;
        }
        if ((r = load_file(&st, LOAD_ORDER[i], &raw, &conv)) != TZ_OK ||
            (r = settle_file(&st, LOAD_ORDER[i])) != TZ_OK)
            goto out;
    }
    buf_release(&raw);
    buf_release(&conv);
    double t1 = timing_wall(), c1 = timing_cpu();
    l->seconds_read = t1 - t0;
    l->cpu_read = c1 - c0;
    int failed = st.config_failed;
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++)
        failed |= st.file_failed[k] && l->files[k].present;
    st.whole_file_failed = failed || st.missing_input;
    if ((r = validate_cross_rows(&st)) != TZ_OK || (r = validate_cascade(&st)) != TZ_OK ||
        (r = validate_causes(&st)) != TZ_OK || (r = compact(&st)) != TZ_OK)
        goto out;
    lines_release(&st.part_lines);
    /* Warnings across rows look at the rows kept: with whole files only, and in strict
       mode only once there are no errors (else rows left out would raise false ones). */
    if (!failed && !st.missing_input && (opt->lenient || l->problems.errors == 0) &&
        (r = validate_warnings(&st)) != TZ_OK)
        goto out;
    l->seconds_validate = timing_wall() - t1;
    l->cpu_validate = timing_cpu() - c1;
    if (st.missing_input)
        r = TZ_NOINPUT;
    else if (failed || (l->problems.errors && !opt->lenient))
        r = TZ_DATAERR;
out:
    problem_sort(&l->problems, PROBLEM_FILE_ORDER,
                 sizeof PROBLEM_FILE_ORDER / sizeof *PROBLEM_FILE_ORDER);
    for (size_t k = 0; k < LEDGER_FILE_COUNT; k++) {
        hmap_release(&st.ids[k]);
        idindex_release(&st.dense[k]);
        mem_free(st.bad[k]);
    }
    hmap_release(&st.campaign_ids);
    hmap_release(&st.texts);
    mem_free(st.volunteer_unit);
    lines_release(&st.part_lines);
    buf_release(&raw);
    buf_release(&conv);
    if (r == TZ_NOMEM) {
        ledger_free(l);
        return r;
    }
    *out = l;
    return r;
}
