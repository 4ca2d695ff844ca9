/* rules/skills.c — reads the skills map (skills.h): one line a mapping, "特长、特长 →
   服务类别、服务类别"; the shipped rules/skills.map is embedded with .incbin like
   rules/default.rules (the Makefile makes this object depend on the file).
   May call: base/, input/ledger, pipeline/supply (how list cells are split). */
#include "rules/skills.h"
#include "base/hmap.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "pipeline/supply.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SKILLS_MAX_FILE (1u << 20)    /* a map is a page; 1 MiB is plenty */
#define SKILLS_MAX_ERRORS 200

__asm__(".section .rodata\n"
        ".global tz_default_skills_begin\n"
        ".global tz_default_skills_end\n"
        "tz_default_skills_begin:\n"
        ".incbin \"rules/skills.map\"\n"
        "tz_default_skills_end:\n"
        ".byte 0\n"
        ".previous\n");

extern const char tz_default_skills_begin[];
extern const char tz_default_skills_end[];

typedef struct name_ref {
    const char *s;           /* into the map's copy of the text */
    size_t n;
    uint32_t line, col;
} name_ref;

typedef struct skill_entry {
    name_ref skill;
    size_t first_cat, n_cats;        /* refs[first_cat .. first_cat + n_cats) */
    size_t first_bound, n_bound;     /* after skills_bind: bound[...], ascending, unique */
} skill_entry;

struct skills_map {
    char *name;
    char *text;
    size_t len;
    skill_entry *entries;  size_t n_entries, cap_entries;
    name_ref *cats;        size_t n_cats, cap_cats;
    int32_t *bound;        size_t n_bound;
    hmap by_skill;         /* skill → index into entries */
};

/* ---- reading ------------------------------------------------------------------------ */

typedef struct parser {
    skills_map *m;
    const char *name;
    buf *err;
    size_t n_errors;
    int oom;
    uint32_t line;
} parser;

static void perr(parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void perr(parser *p, uint32_t line, uint32_t col, const char *fmt, ...)
{
    p->n_errors++;
    if (p->n_errors > SKILLS_MAX_ERRORS || !p->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (buf_printf(p->err, "%s:%u:%u: ", p->name, (unsigned)line, (unsigned)col) != 0 ||
        buf_vprintf(p->err, fmt, ap) != 0 || buf_putc(p->err, '\n') != 0)
        p->oom = 1;
    va_end(ap);
}

/* A token of a line: a name, or the arrow (→ or ->). */
typedef struct token { const char *s; size_t n; uint32_t col; int arrow; } token;

#define MAX_TOKENS 256

/* Splits [s, s+n) (a line without its end and comment) into tokens. Returns their count,
   or -1 after reporting a problem. */
static int lex(parser *p, const char *s, size_t n, token *t)
{
    int count = 0;
    size_t i = 0;
    uint32_t col = 1;
    while (i < n) {
        uint32_t c;
        size_t k = utf8_decode(s + i, n - i, &c);
        if (k == 0) {
            perr(p, p->line, col, "这里的字节不是有效的 UTF-8 文字：请把对照文件另存为 UTF-8 编码");
            return -1;
        }
        if (supply_is_separator(c)) {
            i += k, col++;
            continue;
        }
        if (count == MAX_TOKENS) {
            perr(p, p->line, col, "这一行的名称太多（最多 %d 个）：请分成几行", MAX_TOKENS);
            return -1;
        }
        token *tk = &t[count++];
        tk->s = s + i;
        tk->col = col;
        tk->arrow = 0;
        if (c == 0x2192 || (c == '-' && i + 1 < n && s[i + 1] == '>')) {
            tk->arrow = 1;
            tk->n = c == '-' ? 2 : k;
            i += tk->n, col += c == '-' ? 2 : 1;
            continue;
        }
        /* a name runs to the next separator, arrow or end */
        while (i < n) {
            k = utf8_decode(s + i, n - i, &c);
            if (k == 0 || supply_is_separator(c) || c == 0x2192 || (c == '-' && i + 1 < n && s[i + 1] == '>'))
                break;
            i += k, col++;
        }
        tk->n = (size_t)(s + i - tk->s);
    }
    return count;
}

static void parse_line(parser *p, const char *s, size_t n)
{
    skills_map *m = p->m;
    const char *hash = memchr(s, '#', n);
    if (hash)
        n = (size_t)(hash - s);
    token t[MAX_TOKENS];
    int count = lex(p, s, n, t);
    if (count <= 0)
        return;
    int arrow = -1;
    for (int i = 0; i < count; i++) {
        if (!t[i].arrow)
            continue;
        if (arrow >= 0) {
            perr(p, p->line, t[i].col, "一行只能有一个“→”：应写成“特长、特长 → 服务类别、服务类别”");
            return;
        }
        arrow = i;
    }
    if (arrow < 0) {
        perr(p, p->line, t[0].col, "这一行没有“→”：应写成“%.*s → 服务类别”，"
             "写明这种特长能承担哪些服务类别", (int)t[0].n, t[0].s);
        return;
    }
    if (arrow == 0) {
        perr(p, p->line, t[0].col, "“→”前面没有特长：应写成“特长、特长 → 服务类别”");
        return;
    }
    if (arrow == count - 1) {
        perr(p, p->line, t[arrow].col, "“→”后面没有服务类别：应写成“特长 → 服务类别、服务类别”");
        return;
    }
    size_t first_cat = m->n_cats;
    for (int i = arrow + 1; i < count; i++) {
        int again = 0;
        for (size_t j = first_cat; j < m->n_cats; j++)
            again |= m->cats[j].n == t[i].n && memcmp(m->cats[j].s, t[i].s, t[i].n) == 0;
        if (again)
            continue;          /* the same category twice on a line says nothing more */
        if (mem_grow(&m->cats, &m->cap_cats, m->n_cats + 1, sizeof *m->cats) != 0) {
            p->oom = 1;
            return;
        }
        m->cats[m->n_cats++] = (name_ref){t[i].s, t[i].n, p->line, t[i].col};
    }
    for (int i = 0; i < arrow; i++) {
        uint32_t before;
        if (t[i].n > UINT32_MAX ||
            mem_grow(&m->entries, &m->cap_entries, m->n_entries + 1, sizeof *m->entries) != 0) {
            p->oom = 1;
            return;
        }
        int put = hmap_put(&m->by_skill, t[i].s, t[i].n, (uint32_t)m->n_entries, &before);
        if (put < 0) {
            p->oom = 1;
            return;
        }
        if (put == 0) {
            perr(p, p->line, t[i].col, "特长“%.*s”在第 %u 行已经写过：一种特长只写一行，"
                 "几个服务类别用顿号隔开写在“→”后面", (int)t[i].n, t[i].s,
                 (unsigned)m->entries[before].skill.line);
            continue;
        }
        m->entries[m->n_entries++] = (skill_entry){{t[i].s, t[i].n, p->line, t[i].col},
                                                   first_cat, m->n_cats - first_cat, 0, 0};
    }
}

void skills_free(skills_map *m)
{
    if (!m)
        return;
    hmap_release(&m->by_skill);
    mem_free(m->entries);
    mem_free(m->cats);
    mem_free(m->bound);
    mem_free(m->name);
    mem_free(m->text);
    mem_free(m);
}

tz_status skills_parse(const char *name, const char *text, size_t len, skills_map **out,
                       buf *err)
{
    tz_status st = TZ_OK;
    *out = NULL;
    skills_map *m = mem_calloc(1, sizeof *m);
    if (!m)
        return TZ_NOMEM;
    m->name = mem_strdup(name);
    m->text = mem_strndup(text, len);
    m->len = len;
    if (!m->name || !m->text) {
        st = TZ_NOMEM;
        goto out;
    }
    parser p = {m, name, err, 0, 0, 0};
    size_t i = len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    while (i < len && !p.oom) {
        p.line++;
        const char *nl = memchr(m->text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - m->text) : len;
        if (memchr(m->text + i, '\0', end - i))
            perr(&p, p.line, 1, "这一行里有空字符（NUL）：对照文件应是纯文本");
        else
            parse_line(&p, m->text + i, end - i);
        i = end + 1;
    }
    if (!p.oom && m->n_entries == 0 && p.n_errors == 0)
        perr(&p, 1, 1, "对照文件里没有任何对照：至少要有一行“特长 → 服务类别”");
    if (p.oom) {
        st = TZ_NOMEM;
        goto out;
    }
    if (p.n_errors > 0) {
        if (p.n_errors > SKILLS_MAX_ERRORS && err &&
            buf_printf(err, "%s: 还有 %zu 处问题没有列出\n", name, p.n_errors - SKILLS_MAX_ERRORS) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        st = TZ_CONFIG;
        goto out;
    }
    *out = m;
    m = NULL;
out:
    skills_free(m);
    return st;
}

tz_status skills_load(const char *path, skills_map **out, buf *err)
{
    tz_status st = TZ_OK;
    char *text = NULL;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && buf_printf(err, "%s: 无法读取特长对照文件：%s\n", path, strerror(errno)) != 0)
            return TZ_NOMEM;
        return TZ_NOINPUT;
    }
    text = mem_alloc(SKILLS_MAX_FILE + 1);
    if (!text) {
        st = TZ_NOMEM;
        goto out;
    }
    size_t len = fread(text, 1, SKILLS_MAX_FILE + 1, f);
    if (ferror(f)) {
        st = TZ_NOINPUT;
        if (err && buf_printf(err, "%s: 读取特长对照文件时出错\n", path) != 0)
            st = TZ_NOMEM;
        goto out;
    }
    if (len > SKILLS_MAX_FILE) {
        st = TZ_CONFIG;
        if (err && buf_printf(err, "%s:1:1: 特长对照文件超过 1 MiB，不像是对照文件\n", path) != 0)
            st = TZ_NOMEM;
        goto out;
    }
    st = skills_parse(path, text, len, out, err);
out:
    mem_free(text);
    fclose(f);
    return st;
}

tz_status skills_load_default(skills_map **out, buf *err)
{
    return skills_parse("(内置特长对照)", tz_default_skills_begin,
                        (size_t)(tz_default_skills_end - tz_default_skills_begin), out, err);
}

const char *skills_source_name(const skills_map *m) { return m->name; }

const char *skills_text(const skills_map *m, size_t *len)
{
    *len = m->len;
    return m->text;
}

/* ---- tying the map to a ledger -------------------------------------------------------- */

static int32_t find_category(const ledger *l, const name_ref *r)
{
    for (size_t i = 0; i < l->n_categories; i++)
        if (strlen(l->categories[i]) == r->n && memcmp(l->categories[i], r->s, r->n) == 0)
            return (int32_t)i;
    return LEDGER_NONE;
}

static int by_index(const void *a, const void *b)
{
    int32_t x = *(const int32_t *)a, y = *(const int32_t *)b;
    return x < y ? -1 : x > y;
}

typedef struct unmapped { const char *s; size_t n; int64_t volunteers; } unmapped;

static int by_volunteers(const void *a, const void *b)
{
    const unmapped *x = a, *y = b;
    if (x->volunteers != y->volunteers)
        return x->volunteers > y->volunteers ? -1 : 1;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* Whether the skill s[0..len) appears in cell before s (a volunteer counts once). */
static int written_before(const char *cell, const char *s, size_t len)
{
    const char *q = cell, *t;
    size_t n;
    while (supply_next_name(&q, s, &t, &n))
        if (n == len && memcmp(t, s, len) == 0 && q <= s)
            return 1;
    return 0;
}

/* Whether s[0..n) holds a run of 7 or more digits: a phone or ID number that slid into the
   特长 column, never to be shown (personal data). */
static int has_number(const char *s, size_t n)
{
    size_t run = 0;
    for (size_t i = 0; i < n; i++) {
        run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
        if (run >= 7)
            return 1;
    }
    return 0;
}

/* The notice of the ledger's skills the map does not list. Returns 0, -1 (memory). */
static int list_unmapped(const skills_map *m, const ledger *l, buf *notice)
{
    hmap seen = HMAP_INIT;
    unmapped *list = NULL;
    size_t n = 0, cap = 0;
    int r = -1;
    size_t numbers = 0;
    for (size_t v = 0; v < l->n_volunteers; v++) {
        const char *cell = l->volunteers[v].skills;
        const char *p = cell, *end = cell ? cell + strlen(cell) : NULL, *s;
        size_t len;
        while (p && supply_next_name(&p, end, &s, &len)) {
            uint32_t at;
            if (len > UINT32_MAX || hmap_get(&m->by_skill, s, len, &at) ||
                written_before(cell, s, len))
                continue;      /* mapped, or counted for this volunteer already */
            if (has_number(s, len)) {
                numbers++;
                continue;
            }
            int put = hmap_put(&seen, s, len, (uint32_t)n, &at);
            if (put < 0 || (put == 1 && mem_grow(&list, &cap, n + 1, sizeof *list) != 0))
                goto out;
            if (put == 1)
                list[n++] = (unmapped){s, len, 1};
            else
                list[at].volunteers++;
        }
    }
    r = 0;
    if (n == 0 && numbers == 0)
        goto out;
    if (n > 1)
        qsort(list, n, sizeof *list, by_volunteers);
    r = buf_printf(notice, "%s: 注意：", m->name);
    if (r == 0 && n > 0)
        r = buf_printf(notice, "台账中有 %zu 种特长没有写进特长对照，不计入任何服务类别：", n);
    for (size_t i = 0; i < n && r == 0; i++)
        r = buf_printf(notice, "%s%.*s（%lld 人）", i ? "、" : "", (int)list[i].n, list[i].s,
                       (long long)list[i].volunteers);
    if (r == 0 && numbers > 0)
        r = buf_printf(notice, "%s特长列中有 %zu 处像是电话或身份证号码的内容，未计入也未列出，"
                       "请核对 volunteers.csv 的特长列", n ? "；" : "", numbers);
    if (r == 0)
        r = buf_putc(notice, '\n');
out:
    hmap_release(&seen);
    mem_free(list);
    return r;
}

tz_status skills_bind(skills_map *m, const ledger *l, buf *err, buf *notice)
{
    parser p = {m, m->name, err, 0, 0, 0};
    int32_t *bound = mem_alloc((m->n_cats ? m->n_cats : 1) * sizeof *bound);
    if (!bound)
        return TZ_NOMEM;
    for (size_t i = 0; i < m->n_cats; i++) {
        const name_ref *r = &m->cats[i];
        bound[i] = find_category(l, r);
        if (bound[i] != LEDGER_NONE)
            continue;
        const char *near = NULL;
        size_t best = (size_t)-1;
        for (size_t k = 0; k < l->n_categories; k++) {
            size_t d = utf8_distance(r->s, r->n, l->categories[k], strlen(l->categories[k]));
            if (d < best)
                best = d, near = l->categories[k];
        }
        perr(&p, r->line, r->col, "“%.*s”不是台账的服务类别%s%s%s（服务类别见台账目录的 "
             "categories.txt，没有时为内置的 %d 类）", (int)r->n, r->s, near ? "；是不是“" : "",
             near ? near : "", near ? "”？" : "", LEDGER_DEFAULT_CATEGORY_COUNT);
    }
    if (p.oom || p.n_errors) {
        mem_free(bound);
        return p.oom ? TZ_NOMEM : TZ_CONFIG;
    }
    /* each skill's categories, ascending and once each */
    for (size_t e = 0; e < m->n_entries; e++) {
        skill_entry *en = &m->entries[e];
        int32_t *mine = bound + en->first_cat;
        qsort(mine, en->n_cats, sizeof *mine, by_index);
        size_t k = 0;
        for (size_t j = 0; j < en->n_cats; j++)
            if (k == 0 || mine[k - 1] != mine[j])
                mine[k++] = mine[j];
        en->first_bound = en->first_cat;
        en->n_bound = k;
    }
    mem_free(m->bound);
    m->bound = bound;
    m->n_bound = m->n_cats;
    if (notice && list_unmapped(m, l, notice) != 0)
        return TZ_NOMEM;
    return TZ_OK;
}

size_t skills_categories(const skills_map *m, const char *skill, size_t n, const int32_t **cats)
{
    uint32_t e;
    if (!m->bound || n > UINT32_MAX || !hmap_get(&m->by_skill, skill, n, &e))
        return 0;
    *cats = m->bound + m->entries[e].first_bound;
    return m->entries[e].n_bound;
}
