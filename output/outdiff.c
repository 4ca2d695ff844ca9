/* output/outdiff.c — where two versions of an output first differ (verify's details).
   May call: base/buf, base/mem, output/json, libc. */
#include "output/outdiff.h"
#include "base/mem.h"
#include "base/text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OUTDIFF_MAX_FILE ((size_t)1 << 31)   /* larger outputs are compared by bytes only */
#define OUTDIFF_SHOWN 60                     /* bytes of a value shown in a message */

typedef struct text {
    char *data;
    size_t len;
} text;

/* The whole file. Returns TZ_OK, TZ_NOINPUT (cannot be read or too large), TZ_NOMEM. */
static tz_status read_whole(const char *path, text *t)
{
    t->data = NULL;
    t->len = 0;
    FILE *f = fopen(path, "rb");
    if (!f)
        return TZ_NOINPUT;
    tz_status st = TZ_OK;
    size_t cap = 0;
    for (;;) {
        if (t->len == cap) {
            if (cap >= OUTDIFF_MAX_FILE) {
                st = TZ_NOINPUT;
                break;
            }
            size_t ncap = cap ? cap * 2 : 65536;
            char *p = mem_realloc(t->data, ncap + 1);
            if (!p) {
                st = TZ_NOMEM;
                break;
            }
            t->data = p;
            cap = ncap;
        }
        size_t n = fread(t->data + t->len, 1, cap - t->len, f);
        t->len += n;
        if (n == 0) {
            if (ferror(f))
                st = TZ_NOINPUT;
            break;
        }
    }
    fclose(f);
    if (st != TZ_OK) {
        mem_free(t->data);
        t->data = NULL;
        t->len = 0;
    } else if (t->data) {
        t->data[t->len] = '\0';
    }
    return st;
}

/* Appends “value” cut to OUTDIFF_SHOWN bytes at a UTF-8 character boundary. */
static int put_value(buf *out, const char *s, size_t n)
{
    size_t k = n;
    if (k > OUTDIFF_SHOWN) {
        k = OUTDIFF_SHOWN;
        while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
            k--;
    }
    if (buf_puts(out, "“") != 0 || buf_append(out, s, k) != 0)
        return -1;
    return buf_puts(out, k < n ? "…”" : "”");
}

/* ---- CSV: row and column ---------------------------------------------------------------- */

typedef struct csv_cursor {
    const char *s;
    size_t n, pos;
    int record_end;           /* the field just read ended its record */
} csv_cursor;

/* The next field into f (unquoted). Returns 0, or -1 at the end of the text. */
static int csv_field(csv_cursor *c, buf *f)
{
    buf_clear(f);
    if (c->pos >= c->n)
        return -1;
    int quoted = c->s[c->pos] == '"';
    size_t i = c->pos + quoted;
    for (; i < c->n; i++) {
        char ch = c->s[i];
        if (quoted) {
            if (ch == '"' && i + 1 < c->n && c->s[i + 1] == '"') {
                if (buf_putc(f, '"') != 0)
                    return -1;
                i++;
            } else if (ch == '"') {
                quoted = 0;
            } else if (buf_putc(f, ch) != 0) {
                return -1;
            }
        } else if (ch == ',' || ch == '\n' || (ch == '\r' && i + 1 < c->n && c->s[i + 1] == '\n')) {
            break;
        } else if (buf_putc(f, ch) != 0) {
            return -1;
        }
    }
    if (f->data == NULL && buf_puts(f, "") != 0)
        return -1;
    c->record_end = i >= c->n || c->s[i] != ',';
    c->pos = i + (i < c->n) + (i < c->n && c->s[i] == '\r');
    return 0;
}

/* Skips the rest of the current record. */
static void csv_skip_record(csv_cursor *c, buf *scratch)
{
    while (!c->record_end && csv_field(c, scratch) == 0) {
    }
}

static tz_status csv_where(const text *a, const text *b, buf *out)
{
    csv_cursor ca = {a->data, a->len, 0, 1}, cb = {b->data, b->len, 0, 1};
    buf fa = BUF_INIT, fb = BUF_INIT, header = BUF_INIT;   /* header: names, NUL-separated */
    size_t n_header = 0;
    tz_status st = TZ_OK;
    int r = -1;
    for (size_t row = 1;; row++) {
        int ea = ca.pos >= ca.n, eb = cb.pos >= cb.n;
        if (ea && eb) {
            r = buf_puts(out, "两者相同");
            break;
        }
        if (ea || eb) {
            const char *side = ea ? "OUT " : "重算结果";
            r = buf_printf(out, "第 %zu 行：%s中没有这一行（%s只有 %zu 行）", row, side, side, row - 1);
            break;
        }
        int found = 0;
        for (size_t col = 1;; col++) {
            int ha = ca.record_end && col > 1, hb = cb.record_end && col > 1;
            if (ha && hb)
                break;
            if (!ha && csv_field(&ca, &fa) != 0 && ca.pos < ca.n) {
                st = TZ_NOMEM;
                goto out;
            }
            if (!hb && csv_field(&cb, &fb) != 0 && cb.pos < cb.n) {
                st = TZ_NOMEM;
                goto out;
            }
            if (row == 1 && !ha) {
                if (buf_append(&header, fa.data ? fa.data : "", fa.len) != 0 || buf_putc(&header, '\0') != 0) {
                    st = TZ_NOMEM;
                    goto out;
                }
                n_header++;
            }
            if (!ha && !hb && fa.len == fb.len && memcmp(fa.data, fb.data, fa.len) == 0)
                continue;
            const char *name = "";
            if (col <= n_header) {
                name = header.data;
                for (size_t k = 1; k < col; k++)
                    name += strlen(name) + 1;
            }
            r = buf_printf(out, "第 %zu 行第 %zu 列", row, col);
            if (r == 0 && name[0])
                r = buf_printf(out, "（%s）", name);
            if (r == 0)
                r = buf_puts(out, name[0] ? "OUT 中" : "：OUT 中");
            if (r == 0)
                r = ha ? buf_puts(out, "没有这一列") : (buf_puts(out, "为") || put_value(out, fa.data, fa.len));
            if (r == 0)
                r = buf_puts(out, "，重算");
            if (r == 0)
                r = hb ? buf_puts(out, "没有这一列") : (buf_puts(out, "为") || put_value(out, fb.data, fb.len));
            found = 1;
            break;
        }
        if (found)
            break;
        csv_skip_record(&ca, &fa);
        csv_skip_record(&cb, &fb);
    }
    if (r != 0)
        st = TZ_NOMEM;
out:
    buf_release(&fa);
    buf_release(&fb);
    buf_release(&header);
    return st;
}

/* ---- PDF: pages --------------------------------------------------------------------------- */

typedef struct pdf_index {
    const text *t;
    size_t *offset;           /* by object number; 0 = absent */
    size_t n;
} pdf_index;

static const char *find_bytes(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = 0; i + k <= n; i++)
        if (s[i] == what[0] && memcmp(s + i, what, k) == 0)
            return s + i;
    return NULL;
}

static const char *find_last(const char *s, size_t n, const char *what)
{
    size_t k = strlen(what);
    for (size_t i = n >= k ? n - k + 1 : 0; i-- > 0;)
        if (memcmp(s + i, what, k) == 0)
            return s + i;
    return NULL;
}

/* The object offsets from the cross-reference table (as libharu writes it). Returns 0,
   or -1 when the table cannot be read (then the PDF is compared by bytes). */
static int pdf_read_xref(const text *t, pdf_index *ix)
{
    ix->t = t;
    ix->offset = NULL;
    ix->n = 0;
    const char *sx = find_last(t->data, t->len, "startxref");
    if (!sx)
        return -1;
    char *end;
    unsigned long long at = strtoull(sx + 9, &end, 10);
    if (end == sx + 9 || at + 4 > t->len || memcmp(t->data + at, "xref", 4) != 0)
        return -1;
    const char *p = t->data + at + 4, *lim = t->data + t->len;
    for (;;) {
        while (p < lim && (*p == '\r' || *p == '\n' || *p == ' '))
            p++;
        if (p >= lim || *p < '0' || *p > '9')
            break;
        unsigned long first = strtoul(p, &end, 10), count = strtoul(end, &end, 10);
        p = end;
        while (p < lim && (*p == '\r' || *p == '\n' || *p == ' '))
            p++;
        if (first + count > 1000000 || (size_t)(lim - p) < count * 20)
            goto bad;
        if (first + count > ix->n) {
            size_t *o = mem_realloc(ix->offset, (first + count) * sizeof *o);
            if (!o)
                goto bad;
            memset(o + ix->n, 0, (first + count - ix->n) * sizeof *o);
            ix->offset = o;
            ix->n = first + count;
        }
        for (unsigned long k = 0; k < count; k++, p += 20)
            if (p[17] == 'n')
                ix->offset[first + k] = (size_t)strtoull(p, NULL, 10);
    }
    return ix->n ? 0 : -1;
bad:
    mem_free(ix->offset);
    ix->offset = NULL;
    return -1;
}

/* Object num's text, "num 0 obj" to "endobj" (*len), or NULL. */
static const char *pdf_object(const pdf_index *ix, size_t num, size_t *len)
{
    if (num >= ix->n || !ix->offset[num] || ix->offset[num] >= ix->t->len)
        return NULL;
    const char *s = ix->t->data + ix->offset[num];
    size_t room = ix->t->len - ix->offset[num];
    /* a stream may hold the bytes "endobj": step over it by its length */
    const char *stream = find_bytes(s, room, "stream");
    const char *dict_end = find_bytes(s, room, "endobj");
    if (!dict_end)
        return NULL;
    if (stream && stream < dict_end) {
        const char *es = find_bytes(stream, room - (size_t)(stream - s), "endstream");
        if (!es)
            return NULL;
        dict_end = find_bytes(es, room - (size_t)(es - s), "endobj");
        if (!dict_end)
            return NULL;
    }
    *len = (size_t)(dict_end - s) + 6;
    return s;
}

/* The number after key in obj's dictionary ("/Contents 17 0 R" gives 17), or 0. */
static size_t pdf_ref(const char *obj, size_t len, const char *key)
{
    const char *stream = find_bytes(obj, len, "stream");
    size_t dict = stream ? (size_t)(stream - obj) : len;
    const char *k = find_bytes(obj, dict, key);
    if (!k)
        return 0;
    return (size_t)strtoull(k + strlen(key), NULL, 10);
}

/* Appends the page objects under the page-tree node num to pages (depth-bounded). */
static int pdf_pages(const pdf_index *ix, size_t num, size_t **pages, size_t *n, size_t *cap, int depth)
{
    size_t len;
    const char *o = pdf_object(ix, num, &len);
    if (!o || depth > 16)
        return -1;
    if (!find_bytes(o, len, "/Type /Pages")) {
        if (mem_grow(pages, cap, *n + 1, sizeof **pages) != 0)
            return -1;
        (*pages)[(*n)++] = num;
        return 0;
    }
    const char *kids = find_bytes(o, len, "/Kids [");
    if (!kids)
        return -1;
    const char *p = kids + 7, *lim = o + len;
    while (p < lim && *p != ']') {
        char *end;
        unsigned long long k = strtoull(p, &end, 10);
        if (end == p)
            break;
        strtoull(end, &end, 10);               /* generation */
        while (end < lim && (*end == ' ' || *end == 'R'))
            end++;
        p = end;
        if (pdf_pages(ix, (size_t)k, pages, n, cap, depth + 1) != 0)
            return -1;
    }
    return 0;
}

/* The page objects of the document in order. Returns 0, or -1 (not readable). */
static int pdf_page_list(const text *t, pdf_index *ix, size_t **pages, size_t *n)
{
    size_t cap = 0;
    *pages = NULL;
    *n = 0;
    if (pdf_read_xref(t, ix) != 0)
        return -1;
    const char *tr = find_last(t->data, t->len, "/Root ");
    size_t root_len, root = tr ? (size_t)strtoull(tr + 6, NULL, 10) : 0;
    const char *catalog = pdf_object(ix, root, &root_len);
    size_t tree = catalog ? pdf_ref(catalog, root_len, "/Pages ") : 0;
    if (!tree || pdf_pages(ix, tree, pages, n, &cap, 0) != 0) {
        mem_free(*pages);
        *pages = NULL;
        return -1;
    }
    return 0;
}

/* A page's own text and its content stream, as one comparison key. */
static int same_page(const pdf_index *a, size_t pa, const pdf_index *b, size_t pb)
{
    size_t la, lb;
    const char *oa = pdf_object(a, pa, &la), *ob = pdf_object(b, pb, &lb);
    if (!oa || !ob || la != lb || memcmp(oa, ob, la) != 0)
        return 0;
    size_t ca = pdf_ref(oa, la, "/Contents "), cb = pdf_ref(ob, lb, "/Contents ");
    oa = pdf_object(a, ca, &la);
    ob = pdf_object(b, cb, &lb);
    return oa && ob && la == lb && memcmp(oa, ob, la) == 0;
}

static size_t first_byte(const text *a, const text *b)
{
    size_t n = a->len < b->len ? a->len : b->len, i = 0;
    while (i < n && a->data[i] == b->data[i])
        i++;
    return i;
}

static tz_status pdf_where(const text *a, const text *b, buf *out)
{
    pdf_index ia, ib;
    size_t *pa = NULL, *pb = NULL, na = 0, nb = 0;
    int r;
    if (pdf_page_list(a, &ia, &pa, &na) != 0 || pdf_page_list(b, &ib, &pb, &nb) != 0) {
        r = buf_printf(out, "第 %zu 字节起不同（无法分页比较）", first_byte(a, b) + 1);
        goto out;
    }
    size_t n = na < nb ? na : nb, p = 0;
    while (p < n && same_page(&ia, pa[p], &ib, pb[p]))
        p++;
    if (p < n)
        r = na == nb ? buf_printf(out, "第 %zu 页起不同（共 %zu 页）", p + 1, na)
                     : buf_printf(out, "第 %zu 页起不同（OUT 共 %zu 页，重算 %zu 页）", p + 1, na, nb);
    else if (na != nb)
        r = buf_printf(out, "前 %zu 页相同，OUT 共 %zu 页，重算 %zu 页", n, na, nb);
    else
        r = buf_printf(out, "%zu 页的内容都相同，差别在页面以外（字体、图片、目录或文件信息），第 %zu 字节起",
                       na, first_byte(a, b) + 1);
out:
    mem_free(pa);
    mem_free(pb);
    mem_free(ia.offset);
    mem_free(ib.offset);
    return r ? TZ_NOMEM : TZ_OK;
}

static int ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && strcmp(s + n - k, tail) == 0;
}

tz_status outdiff_files(const char *ours, const char *theirs, buf *out)
{
    text a, b;
    tz_status st = read_whole(ours, &a);
    if (st != TZ_OK)
        return st;
    if ((st = read_whole(theirs, &b)) != TZ_OK) {
        mem_free(a.data);
        return st;
    }
    if (a.len == b.len && (a.len == 0 || memcmp(a.data, b.data, a.len) == 0))
        st = buf_puts(out, "两者相同") ? TZ_NOMEM : TZ_OK;
    else if (ends_with(ours, ".csv"))
        st = csv_where(&a, &b, out);
    else if (ends_with(ours, ".pdf"))
        st = pdf_where(&a, &b, out);
    else
        st = buf_printf(out, "第 %zu 字节起不同（OUT %zu 字节，重算 %zu 字节）", first_byte(&a, &b) + 1,
                        a.len, b.len) ? TZ_NOMEM : TZ_OK;
    mem_free(a.data);
    mem_free(b.data);
    return st;
}

/* ---- JSON: keys --------------------------------------------------------------------------- */

typedef struct json_walk {
    outdiff_skip skip;
    void *ctx;
    buf *out;
    size_t count;
    buf path;                 /* plain: inputs[0].rows */
    buf shown;                /* for the reader: inputs[input/2025/units.csv].rows */
    int failed;
} json_walk;

static int put_json(buf *out, const json_value *v)
{
    switch (v->type) {
    case JSON_NULL: return buf_puts(out, " null");
    case JSON_BOOL: return buf_puts(out, v->number ? " true" : " false");
    case JSON_INT: return buf_printf(out, " %lld", (long long)v->number);
    case JSON_STRING: return put_value(out, v->string, v->length);
    case JSON_ARRAY: return buf_printf(out, "（%zu 项的列表）", v->n_items);
    case JSON_OBJECT: return buf_printf(out, "（%zu 项的对象）", v->n_items);
    }
    return 0;
}

static void line(json_walk *w, const char *status, const json_value *a, const json_value *b)
{
    int r = buf_printf(w->out, "%s %s", status, w->shown.data ? w->shown.data : "");
    if (r == 0 && a && b) {
        r = buf_puts(w->out, "：OUT 中为") || put_json(w->out, a) || buf_puts(w->out, "，重算为") ||
            put_json(w->out, b);
    } else if (r == 0 && (a || b)) {
        r = buf_puts(w->out, a ? "：只在 OUT 的清单中，为" : "：OUT 的清单中没有，重算为") ||
            put_json(w->out, a ? a : b);
    }
    if (r == 0)
        r = buf_putc(w->out, '\n');
    w->failed |= r != 0;
    w->count++;
}

static const json_value *member(const json_value *obj, const char *key)
{
    for (size_t i = 0; obj && i < obj->n_items; i++)
        if (strcmp(obj->items[i].key, key) == 0)
            return &obj->items[i];
    return NULL;
}

static void walk(json_walk *w, const json_value *a, const json_value *b, const json_value *element);

/* Descends into one member or element: the paths grow by the given suffixes, then shrink. */
static void step(json_walk *w, const char *plain, const char *shown, const json_value *a,
                 const json_value *b, const json_value *element)
{
    size_t lp = w->path.len, ls = w->shown.len;
    w->failed |= buf_puts(&w->path, plain) != 0 || buf_puts(&w->shown, shown) != 0;
    if (!w->failed && !(w->skip && w->skip(w->ctx, w->path.data, element))) {
        if (a && b)
            walk(w, a, b, element);
        else
            line(w, a ? "多出" : "缺少", a, b);
    }
    w->path.len = lp;
    w->shown.len = ls;
    if (w->path.data)
        w->path.data[lp] = '\0';
    if (w->shown.data)
        w->shown.data[ls] = '\0';
}

static void walk(json_walk *w, const json_value *a, const json_value *b, const json_value *element)
{
    if (a->type != b->type) {
        line(w, "不一致", a, b);
        return;
    }
    char plain[64];
    buf shown = BUF_INIT;
    switch (a->type) {
    case JSON_OBJECT:
        for (size_t i = 0; i < a->n_items; i++) {
            const char *key = a->items[i].key;
            buf_clear(&shown);
            w->failed |= buf_printf(&shown, "%s%s", w->path.len ? "." : "", key) != 0;
            step(w, shown.data, shown.data, &a->items[i], member(b, key), element);
        }
        for (size_t i = 0; i < b->n_items; i++)
            if (!member(a, b->items[i].key)) {
                buf_clear(&shown);
                w->failed |= buf_printf(&shown, "%s%s", w->path.len ? "." : "", b->items[i].key) != 0;
                step(w, shown.data, shown.data, NULL, &b->items[i], element);
            }
        break;
    case JSON_ARRAY: {
        size_t n = a->n_items > b->n_items ? a->n_items : b->n_items;
        for (size_t i = 0; i < n; i++) {
            const json_value *x = i < a->n_items ? &a->items[i] : NULL;
            const json_value *y = i < b->n_items ? &b->items[i] : NULL;
            const json_value *named = x ? x : y;
            const char *name = json_get_string(named, "path");
            if (!name)
                name = json_get_string(named, "file");
            w->failed |= text_format(plain, sizeof plain, "[%zu]", i) != 0;
            buf_clear(&shown);
            w->failed |= (name ? buf_printf(&shown, "[%s]", name) : buf_puts(&shown, plain)) != 0;
            step(w, plain, shown.data, x, y, named && named->type == JSON_OBJECT ? named : element);
        }
        break;
    }
    case JSON_STRING:
        if (a->length != b->length || memcmp(a->string, b->string, a->length) != 0)
            line(w, "不一致", a, b);
        break;
    default:
        if (a->number != b->number)
            line(w, "不一致", a, b);
        break;
    }
    buf_release(&shown);
}

tz_status outdiff_json(const json_value *ours, const json_value *theirs, outdiff_skip skip,
                       void *ctx, buf *out, size_t *count)
{
    json_walk w = {skip, ctx, out, 0, BUF_INIT, BUF_INIT, 0};
    w.failed |= buf_puts(&w.path, "") != 0 || buf_puts(&w.shown, "") != 0;
    if (!w.failed)
        walk(&w, ours, theirs, NULL);
    buf_release(&w.path);
    buf_release(&w.shown);
    *count = w.count;
    return w.failed ? TZ_NOMEM : TZ_OK;
}
