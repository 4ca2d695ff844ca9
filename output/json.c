/* output/json.c — deterministic JSON writer and strict, bounded reader (see json.h).
   May call: base/buf, base/mem, base/utf8, libc. */
#include "output/json.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

/* ---------------------------------------------------------------- writer */

void json_writer_init(json_writer *w, buf *out)
{
    memset(w, 0, sizeof *w);
    w->out = out;
}

static int put(json_writer *w, const char *s, size_t n)
{
    if (w->failed)
        return -1;
    if (buf_append(w->out, s, n) != 0) {
        w->failed = 1;
        return -1;
    }
    return 0;
}

static int newline_indent(json_writer *w, int depth)
{
    if (put(w, "\n", 1) != 0)
        return -1;
    for (int i = 0; i < depth; i++)
        if (put(w, "  ", 2) != 0)
            return -1;
    return 0;
}

/* Before a value: a separator and indentation when it is an array element (an object
   member's value follows its key on the same line). */
static int before_value(json_writer *w)
{
    if (w->failed)
        return -1;
    if (w->after_key) {
        w->after_key = 0;
        return 0;
    }
    if (w->depth == 0)
        return 0;
    if (w->count[w->depth - 1]++ > 0 && put(w, ",", 1) != 0)
        return -1;
    return newline_indent(w, w->depth);
}

static int open_container(json_writer *w, char c)
{
    if (before_value(w) != 0)
        return -1;
    if (w->depth >= JSON_MAX_DEPTH) {
        w->failed = 1;
        return -1;
    }
    w->count[w->depth++] = 0;
    return put(w, &c, 1);
}

static int close_container(json_writer *w, char c)
{
    if (w->failed || w->depth == 0 || w->after_key) {
        w->failed = 1;
        return -1;
    }
    int had = w->count[--w->depth];
    if (had && newline_indent(w, w->depth) != 0)
        return -1;
    return put(w, &c, 1);
}

int json_object_begin(json_writer *w) { return open_container(w, '{'); }
int json_object_end(json_writer *w) { return close_container(w, '}'); }
int json_array_begin(json_writer *w) { return open_container(w, '['); }
int json_array_end(json_writer *w) { return close_container(w, ']'); }

/* Length of the valid UTF-8 sequence at s (at most n bytes), 0 when it is not one
   (base/utf8: no overlong forms, surrogates or code points above U+10FFFF). */
static size_t utf8_sequence(const unsigned char *s, size_t n)
{
    uint32_t cp;
    return utf8_decode((const char *)s, n, &cp);
}

int json_string(json_writer *w, const char *s, size_t n)
{
    if (before_value(w) != 0 || put(w, "\"", 1) != 0)
        return -1;
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < n) {
        unsigned c = u[i];
        char esc[8];
        if (c == '"' || c == '\\') {
            esc[0] = '\\'; esc[1] = (char)c;
            if (put(w, esc, 2) != 0) return -1;
            i++;
        } else if (c < 0x20) {
            static const char hex[] = "0123456789abcdef";
            const char *named = c == '\n' ? "\\n" : c == '\t' ? "\\t" : c == '\r' ? "\\r" :
                                c == '\b' ? "\\b" : c == '\f' ? "\\f" : NULL;
            if (named) {
                if (put(w, named, 2) != 0) return -1;
            } else {
                memcpy(esc, "\\u00", 4);
                esc[4] = hex[c >> 4]; esc[5] = hex[c & 15];
                if (put(w, esc, 6) != 0) return -1;
            }
            i++;
        } else {
            size_t len = utf8_sequence(u + i, n - i);
            if (len == 0) {
                if (put(w, "\xEF\xBF\xBD", 3) != 0) return -1;
                i++;
            } else {
                if (put(w, s + i, len) != 0) return -1;
                i += len;
            }
        }
    }
    return put(w, "\"", 1);
}

int json_key(json_writer *w, const char *key)
{
    if (w->failed || w->depth == 0 || w->after_key) {
        w->failed = 1;
        return -1;
    }
    if (before_value(w) != 0)   /* separator and indentation, as for an element */
        return -1;
    w->after_key = 1;           /* json_string must not indent again */
    int r = json_string(w, key, strlen(key));
    if (r != 0)
        return -1;
    w->after_key = 1;           /* now the value */
    return put(w, ": ", 2);
}

int json_cstring(json_writer *w, const char *s)
{
    return s ? json_string(w, s, strlen(s)) : json_null(w);
}

int json_int(json_writer *w, int64_t v)
{
    char num[24];
    int n = snprintf(num, sizeof num, "%" PRId64, v);
    if (n < 0 || (size_t)n >= sizeof num) {
        w->failed = 1;
        return -1;
    }
    if (before_value(w) != 0)
        return -1;
    return put(w, num, (size_t)n);
}

int json_bool(json_writer *w, int v)
{
    if (before_value(w) != 0)
        return -1;
    return v ? put(w, "true", 4) : put(w, "false", 5);
}

int json_null(json_writer *w)
{
    if (before_value(w) != 0)
        return -1;
    return put(w, "null", 4);
}

int json_writer_finish(json_writer *w)
{
    if (w->failed || w->depth != 0 || w->after_key)
        return -1;
    return put(w, "\n", 1);
}

/* ---------------------------------------------------------------- reader */

typedef struct parser {
    const char *p, *end, *start;
    buf *err;
    int failed_nomem;
    int failed;
} parser;

static void fail(parser *ps, const char *what)
{
    if (ps->failed)
        return;
    ps->failed = 1;
    size_t line = 1, col = 1;
    for (const char *q = ps->start; q < ps->p && q < ps->end; q++) {
        if (*q == '\n') { line++; col = 1; }
        else if (((unsigned char)*q & 0xC0) != 0x80) col++;
    }
    if (ps->err)
        buf_printf(ps->err, "line %zu column %zu: %s", line, col, what);
}

static void nomem(parser *ps)
{
    ps->failed = 1;
    ps->failed_nomem = 1;
}

static void skip_ws(parser *ps)
{
    while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' || *ps->p == '\n' || *ps->p == '\r'))
        ps->p++;
}

static int literal(parser *ps, const char *word)
{
    size_t n = strlen(word);
    if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0) {
        fail(ps, "unexpected character");
        return -1;
    }
    ps->p += n;
    return 0;
}

static int hex4(parser *ps, unsigned *out)
{
    if (ps->end - ps->p < 4) {
        fail(ps, "short \\u escape");
        return -1;
    }
    unsigned v = 0;
    for (int i = 0; i < 4; i++) {
        char c = ps->p[i];
        v <<= 4;
        if (c >= '0' && c <= '9') v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') v |= (unsigned)(c - 'A' + 10);
        else { fail(ps, "bad \\u escape"); return -1; }
    }
    ps->p += 4;
    *out = v;
    return 0;
}

static int put_utf8(buf *b, unsigned cp)
{
    char s[4];
    size_t n;
    if (cp < 0x80) { s[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { s[0] = (char)(0xC0 | (cp >> 6)); s[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        s[0] = (char)(0xE0 | (cp >> 12)); s[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        s[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        s[0] = (char)(0xF0 | (cp >> 18)); s[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        s[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); s[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    return buf_append(b, s, n);
}

/* Parses a string at ps->p (on the opening quote) into *s / *len (mem_free). */
static int parse_string(parser *ps, char **s, size_t *len)
{
    buf b = BUF_INIT;
    ps->p++;
    for (;;) {
        if (ps->p >= ps->end) {
            fail(ps, "unterminated string");
            goto bad;
        }
        unsigned char c = (unsigned char)*ps->p;
        if (c == '"') {
            ps->p++;
            break;
        }
        if (c < 0x20) {
            fail(ps, "control character in string");
            goto bad;
        }
        if (c == '\\') {
            ps->p++;
            if (ps->p >= ps->end) {
                fail(ps, "unterminated string");
                goto bad;
            }
            char e = *ps->p++;
            char out = 0;
            switch (e) {
            case '"': out = '"'; break;
            case '\\': out = '\\'; break;
            case '/': out = '/'; break;
            case 'b': out = '\b'; break;
            case 'f': out = '\f'; break;
            case 'n': out = '\n'; break;
            case 'r': out = '\r'; break;
            case 't': out = '\t'; break;
            case 'u': {
                unsigned cp;
                if (hex4(ps, &cp) != 0)
                    goto bad;
                if (cp >= 0xDC00 && cp <= 0xDFFF) {
                    fail(ps, "lone low surrogate");
                    goto bad;
                }
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    unsigned lo;
                    if (ps->end - ps->p < 2 || ps->p[0] != '\\' || ps->p[1] != 'u') {
                        fail(ps, "lone high surrogate");
                        goto bad;
                    }
                    ps->p += 2;
                    if (hex4(ps, &lo) != 0)
                        goto bad;
                    if (lo < 0xDC00 || lo > 0xDFFF) {
                        fail(ps, "bad surrogate pair");
                        goto bad;
                    }
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                if (put_utf8(&b, cp) != 0) {
                    nomem(ps);
                    goto bad;
                }
                continue;
            }
            default:
                fail(ps, "unknown escape");
                goto bad;
            }
            if (buf_putc(&b, out) != 0) {
                nomem(ps);
                goto bad;
            }
            continue;
        }
        size_t n = utf8_sequence((const unsigned char *)ps->p, (size_t)(ps->end - ps->p));
        if (n == 0) {
            fail(ps, "invalid UTF-8 in string");
            goto bad;
        }
        if (buf_append(&b, ps->p, n) != 0) {
            nomem(ps);
            goto bad;
        }
        ps->p += n;
    }
    if (buf_append(&b, "", 0) != 0) {   /* an empty string still gets its NUL */
        nomem(ps);
        goto bad;
    }
    *len = b.len;
    *s = buf_steal(&b);
    return 0;
bad:
    buf_release(&b);
    return -1;
}

static int parse_number(parser *ps, int64_t *out)
{
    int neg = 0;
    if (*ps->p == '-') {
        neg = 1;
        ps->p++;
    }
    if (ps->p >= ps->end || *ps->p < '0' || *ps->p > '9') {
        fail(ps, "bad number");
        return -1;
    }
    if (*ps->p == '0' && ps->end - ps->p > 1 && ps->p[1] >= '0' && ps->p[1] <= '9') {
        fail(ps, "leading zero");
        return -1;
    }
    /* accumulate negatively: INT64_MIN has no positive counterpart */
    int64_t v = 0;
    while (ps->p < ps->end && *ps->p >= '0' && *ps->p <= '9') {
        int d = *ps->p - '0';
        if (v < (INT64_MIN + d) / 10) {
            fail(ps, "number out of range");
            return -1;
        }
        v = v * 10 - d;
        ps->p++;
    }
    if (ps->p < ps->end && (*ps->p == '.' || *ps->p == 'e' || *ps->p == 'E')) {
        fail(ps, "only whole numbers are expected");
        return -1;
    }
    if (!neg) {
        if (v == INT64_MIN) {
            fail(ps, "number out of range");
            return -1;
        }
        v = -v;
    }
    *out = v;
    return 0;
}

static void value_release(json_value *v);

static int parse_value(parser *ps, json_value *v, int depth)
{
    skip_ws(ps);
    if (ps->p >= ps->end) {
        fail(ps, "unexpected end of text");
        return -1;
    }
    char c = *ps->p;
    if (c == '{' || c == '[') {
        if (depth >= JSON_MAX_DEPTH) {
            fail(ps, "nested too deeply");
            return -1;
        }
        int object = c == '{';
        char close = object ? '}' : ']';
        size_t cap = 0;
        v->type = object ? JSON_OBJECT : JSON_ARRAY;
        ps->p++;
        skip_ws(ps);
        if (ps->p < ps->end && *ps->p == close) {
            ps->p++;
            return 0;
        }
        for (;;) {
            if (mem_grow(&v->items, &cap, v->n_items + 1, sizeof *v->items) != 0) {
                nomem(ps);
                return -1;
            }
            json_value *item = &v->items[v->n_items];
            memset(item, 0, sizeof *item);
            if (object) {
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != '"') {
                    fail(ps, "expected a key in quotes");
                    return -1;
                }
                size_t klen;
                char *key;
                if (parse_string(ps, &key, &klen) != 0)
                    return -1;
                if (memchr(key, '\0', klen)) {
                    mem_free(key);
                    fail(ps, "NUL in key");
                    return -1;
                }
                for (size_t i = 0; i < v->n_items; i++)
                    if (strcmp(v->items[i].key, key) == 0) {
                        mem_free(key);
                        fail(ps, "duplicate key");
                        return -1;
                    }
                item->key = key;
                v->n_items++;     /* counted now so that a failure below frees the key */
                skip_ws(ps);
                if (ps->p >= ps->end || *ps->p != ':') {
                    fail(ps, "expected ':'");
                    return -1;
                }
                ps->p++;
            } else {
                v->n_items++;
            }
            if (parse_value(ps, item, depth + 1) != 0)
                return -1;
            skip_ws(ps);
            if (ps->p < ps->end && *ps->p == ',') {
                ps->p++;
                continue;
            }
            if (ps->p < ps->end && *ps->p == close) {
                ps->p++;
                return 0;
            }
            fail(ps, object ? "expected ',' or '}'" : "expected ',' or ']'");
            return -1;
        }
    }
    if (c == '"') {
        v->type = JSON_STRING;
        return parse_string(ps, &v->string, &v->length);
    }
    if (c == '-' || (c >= '0' && c <= '9')) {
        v->type = JSON_INT;
        return parse_number(ps, &v->number);
    }
    if (c == 't') { v->type = JSON_BOOL; v->number = 1; return literal(ps, "true"); }
    if (c == 'f') { v->type = JSON_BOOL; v->number = 0; return literal(ps, "false"); }
    if (c == 'n') { v->type = JSON_NULL; return literal(ps, "null"); }
    fail(ps, "unexpected character");
    return -1;
}

static void value_release(json_value *v)
{
    for (size_t i = 0; i < v->n_items; i++)
        value_release(&v->items[i]);
    mem_free(v->items);
    mem_free(v->string);
    mem_free(v->key);
}

tz_status json_parse(const char *text, size_t len, json_value **out, buf *err)
{
    *out = NULL;
    parser ps = {text, text + len, text, err, 0, 0};
    if (len > JSON_MAX_TEXT) {
        fail(&ps, "text too long");
        return TZ_DATAERR;
    }
    json_value *root = mem_calloc(1, sizeof *root);
    if (!root)
        return TZ_NOMEM;
    if (parse_value(&ps, root, 0) == 0) {
        skip_ws(&ps);
        if (ps.p != ps.end)
            fail(&ps, "text after the end of the document");
    }
    if (ps.failed) {
        json_free(root);
        return ps.failed_nomem ? TZ_NOMEM : TZ_DATAERR;
    }
    *out = root;
    return TZ_OK;
}

void json_free(json_value *v)
{
    if (!v)
        return;
    value_release(v);
    mem_free(v);
}

const json_value *json_get(const json_value *v, const char *key)
{
    if (!v || v->type != JSON_OBJECT)
        return NULL;
    for (size_t i = 0; i < v->n_items; i++)
        if (strcmp(v->items[i].key, key) == 0)
            return &v->items[i];
    return NULL;
}

const char *json_get_string(const json_value *v, const char *key)
{
    const json_value *m = json_get(v, key);
    return m && m->type == JSON_STRING ? m->string : NULL;
}

int json_get_int(const json_value *v, const char *key, int64_t *out)
{
    const json_value *m = json_get(v, key);
    if (!m || m->type != JSON_INT)
        return -1;
    *out = m->number;
    return 0;
}
