/* rules/rules_parse.c — reads the rules language (docs/rules.md) into struct rules:
   one statement a line, English or Chinese keywords, every mistake reported with
   file:line:column in Chinese before anything is computed.
   May call: base/, input/encoding (the file's encoding, detected as a ledger's), rules/rat,
   pipeline/figures (column names only). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/utf8.h"
#include "input/encoding.h"
#include "rules/rules_int.h"

#define RULES_MAX_FILE (1u << 20)     /* a rules file is a page or two; 1 MiB is plenty */
#define RULES_MAX_TOKENS 512          /* per line */
#define RULES_MAX_ERRORS 200

/* ---- tokens ---------------------------------------------------------------------- */

typedef enum {
    T_END, T_WORD, T_NUM, T_STR, T_LP, T_RP, T_COMMA,
    T_PLUS, T_MINUS, T_STAR, T_SLASH, T_LT, T_LE, T_GT, T_GE, T_EQ, T_NE, T_ARROW
} tok_kind;

typedef struct token {
    tok_kind kind;
    const char *s;          /* the token's bytes (a string's content, without quotes) */
    size_t n;
    uint32_t col;           /* 1-based, in characters */
    const char *end;        /* just past the token in the line (closing quote included) */
    int percent;            /* T_NUM ending in % */
    int cjk;                /* T_WORD made of Chinese characters */
} token;

typedef enum {
    KW_NONE, KW_RULE, KW_POINTS, KW_WHEN, KW_CAP, KW_TIERS, KW_TOTAL_CAP, KW_GATE,
    KW_AND, KW_OR, KW_NOT, KW_MIN, KW_MAX, KW_ACTIVITIES, KW_CATEGORY, KW_CAMPAIGN
} keyword;

static const struct { const char *word; keyword kw; int statement; } KEYWORDS[] = {
    {"rule", KW_RULE, 1},        {"规则", KW_RULE, 1},
    {"points", KW_POINTS, 1},    {"得分", KW_POINTS, 1},
    {"when", KW_WHEN, 1},        {"条件", KW_WHEN, 1},
    {"cap", KW_CAP, 1},          {"上限", KW_CAP, 1},
    {"tiers", KW_TIERS, 1},      {"分档", KW_TIERS, 1},
    {"total_cap", KW_TOTAL_CAP, 1}, {"总分上限", KW_TOTAL_CAP, 1},
    {"gate", KW_GATE, 1},        {"门槛", KW_GATE, 1},
    {"and", KW_AND, 0},          {"且", KW_AND, 0},          {"并且", KW_AND, 0},
    {"or", KW_OR, 0},            {"或", KW_OR, 0},           {"或者", KW_OR, 0},
    {"not", KW_NOT, 0},          {"非", KW_NOT, 0},
    {"min", KW_MIN, 0},          {"最小", KW_MIN, 0},
    {"max", KW_MAX, 0},          {"最大", KW_MAX, 0},
    {"activities", KW_ACTIVITIES, 0}, {"活动数", KW_ACTIVITIES, 0},
    {"category", KW_CATEGORY, 0}, {"服务类别", KW_CATEGORY, 0},
    {"campaign", KW_CAMPAIGN, 0}, {"专项行动", KW_CAMPAIGN, 0},
};
#define N_KEYWORDS (sizeof KEYWORDS / sizeof KEYWORDS[0])

static keyword keyword_of(const token *t)
{
    if (t->kind != T_WORD)
        return KW_NONE;
    for (size_t i = 0; i < N_KEYWORDS; i++)
        if (strlen(KEYWORDS[i].word) == t->n && memcmp(KEYWORDS[i].word, t->s, t->n) == 0)
            return KEYWORDS[i].kw;
    return KW_NONE;
}


static int is_cjk(uint32_t c)
{
    return (c >= 0x3400 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0x20000 && c <= 0x3FFFF) || c == 0x3007 /* 〇 */;
}

static int is_ascii_word(uint32_t c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
}

/* ---- the parser's state ---------------------------------------------------------- */

/* A problem found, kept until the end so that they are listed in the file's order. */
typedef struct problem_msg {
    uint32_t line, col;
    size_t seq;
    char *text;                     /* "FILE:LINE:COL: 说明" */
} problem_msg;

typedef struct parser {
    const char *name;
    buf *err;
    size_t n_errors;
    problem_msg *msgs;
    size_t n_msgs, cap_msgs;
    int oom;
    rules *r;
    uint32_t line;
    const char *line_start;
    token toks[RULES_MAX_TOKENS + 1];
    size_t n_toks, pos;
    int line_failed;         /* a syntax error: the rest of the line is skipped */
    int32_t rule;            /* the rule being defined, -1 before the first */
    size_t rule_errors;      /* n_errors after the rule's first line */
    int in_tiers;            /* lines starting with a comparison are tiers of `rule` */
    read_ref **reads;        /* where figure references of this line are recorded */
    size_t *n_reads, *cap_reads;
} parser;

static void perr(parser *p, uint32_t col, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void perr(parser *p, uint32_t col, const char *fmt, ...)
{
    p->n_errors++;
    if (p->n_errors > RULES_MAX_ERRORS || !p->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    buf b = BUF_INIT;
    if (buf_printf(&b, "%s:%u:%u: ", p->name, (unsigned)p->line, (unsigned)col) != 0 ||
        buf_vprintf(&b, fmt, ap) != 0 || buf_putc(&b, '\n') != 0 ||
        mem_grow(&p->msgs, &p->cap_msgs, p->n_msgs + 1, sizeof *p->msgs) != 0) {
        buf_release(&b);
        p->oom = 1;
    } else {
        problem_msg *m = &p->msgs[p->n_msgs];
        m->line = p->line;
        m->col = col;
        m->seq = p->n_msgs++;
        m->text = buf_steal(&b);
    }
    va_end(ap);
}

static int cmp_problem(const void *a, const void *b)
{
    const problem_msg *x = a, *y = b;
    if (x->line != y->line) return x->line < y->line ? -1 : 1;
    if (x->col != y->col) return x->col < y->col ? -1 : 1;
    return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Appends the problems to p->err in the order of the file and frees them. */
static void flush_problems(parser *p)
{
    if (p->n_msgs > 1)
        qsort(p->msgs, p->n_msgs, sizeof *p->msgs, cmp_problem);
    for (size_t i = 0; i < p->n_msgs; i++) {
        if (!p->oom && buf_puts(p->err, p->msgs[i].text) != 0)
            p->oom = 1;
        mem_free(p->msgs[i].text);
    }
    mem_free(p->msgs);
    p->msgs = NULL;
    p->n_msgs = p->cap_msgs = 0;
}


/* Keeps name in *best when it is nearer to the word than *best_d. */
static void nearer(const token *t, const char *name, const char **best, size_t *best_d)
{
    size_t d = utf8_distance(t->s, t->n, name, strlen(name));
    if (d < *best_d) {
        *best_d = d;
        *best = name;
    }
}

/* The figure's name (key or Chinese) nearest to the word in a figure's place. */
static const char *nearest_figure(const token *t)
{
    const char *best = FIGURES_UNIT_COLUMNS[0].key;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < FIGURES_UNIT_COLUMN_COUNT; i++) {
        nearer(t, FIGURES_UNIT_COLUMNS[i].key, &best, &best_d);
        nearer(t, FIGURES_UNIT_COLUMNS[i].chinese, &best, &best_d);
    }
    return best;
}

/* The statement keyword nearest to the word at the start of a statement. */
static const char *nearest_statement(const token *t)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < N_KEYWORDS; i++)
        if (KEYWORDS[i].statement)
            nearer(t, KEYWORDS[i].word, &best, &best_d);
    return best;
}

/* ---- the lexer: one line into p->toks --------------------------------------------- */

/* Tokenizes [s, s+n) (one line without its end). Returns 0, or -1 after reporting a
   problem (the line is then skipped). */
static int lex_line(parser *p, const char *s, size_t n)
{
    size_t i = 0;
    uint32_t col = 1;
    int fullwidth = 0;           /* full-width characters reported (every one of the line) */
    p->n_toks = 0;
    while (i < n) {
        uint32_t c;
        size_t k = utf8_decode(s + i, n - i, &c);
        if (k == 0) {
            perr(p, col, "这里的字节不是有效的 UTF-8 文字：请把规则文件另存为 UTF-8 编码");
            return -1;
        }
        if (c == ' ' || c == '\t' || c == 0x3000 || c == '\r') {
            i += k; col++;
            continue;
        }
        if (c == '#' || c == 0xFF03)
            break;
        if (p->n_toks == RULES_MAX_TOKENS) {
            perr(p, col, "这一行太长：请拆成几行");
            return -1;
        }
        token *t = &p->toks[p->n_toks];
        memset(t, 0, sizeof *t);
        t->s = s + i;
        t->col = col;
        if (c < 0x80 && is_ascii_word(c) && !(c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < n && is_ascii_word((unsigned char)s[j])) { j++; col++; }
            t->kind = T_WORD; t->n = j - i; i = j;
        } else if (is_cjk(c)) {
            size_t j = i;
            uint32_t d;
            size_t m;
            while (j < n && (m = utf8_decode(s + j, n - j, &d)) && is_cjk(d)) { j += m; col++; }
            t->kind = T_WORD; t->cjk = 1; t->n = j - i; i = j;
        } else if (c >= '0' && c <= '9') {
            size_t j = i;
            while (j < n && ((s[j] >= '0' && s[j] <= '9') || s[j] == '.' ||
                             is_ascii_word((unsigned char)s[j]))) { j++; col++; }
            t->kind = T_NUM; t->n = j - i; i = j;
            uint32_t d;
            size_t m = utf8_decode(s + i, n - i, &d);
            if (m && (d == '%' || d == 0xFF05)) { t->percent = 1; i += m; col++; }
        } else if (c == '"' || c == 0x201C) {
            uint32_t close = c == '"' ? '"' : 0x201D, d = 0;
            size_t j = i + k, m = 0;
            uint32_t start_col = col;
            col++;
            while (j < n && (m = utf8_decode(s + j, n - j, &d)) && d != close) { j += m; col++; }
            if (j >= n || m == 0 || d != close) {
                perr(p, start_col, "引号没有结束：名称要写在一对引号里，例如 \"独立开展志愿服务\"");
                return -1;
            }
            t->kind = T_STR; t->s = s + i + k; t->n = j - (i + k);
            i = j + m; col++;
        } else {
            int ok = 1;
            size_t m = k;
            uint32_t d = 0;
            size_t k2 = i + k < n ? utf8_decode(s + i + k, n - i - k, &d) : 0;
            switch (c) {
            case '(': case 0xFF08: t->kind = T_LP; break;
            case ')': case 0xFF09: t->kind = T_RP; break;
            case ',': case 0xFF0C: case 0x3001: t->kind = T_COMMA; break;
            case '+': t->kind = T_PLUS; break;
            case '*': case 0xD7: t->kind = T_STAR; break;
            case '/': case 0xF7: t->kind = T_SLASH; break;
            case 0x2192: t->kind = T_ARROW; break;
            case 0x2264: t->kind = T_LE; break;
            case 0x2265: t->kind = T_GE; break;
            case 0x2260: t->kind = T_NE; break;
            case '-':
                if (k2 && d == '>') { t->kind = T_ARROW; m += k2; } else t->kind = T_MINUS;
                break;
            case '<':
                if (k2 && d == '=') { t->kind = T_LE; m += k2; } else t->kind = T_LT;
                break;
            case '>':
                if (k2 && d == '=') { t->kind = T_GE; m += k2; } else t->kind = T_GT;
                break;
            case '=':
                t->kind = T_EQ;
                if (k2 && d == '=') m += k2;
                break;
            case '!':
                if (k2 && d == '=') { t->kind = T_NE; m += k2; } else ok = 0;
                break;
            default: ok = 0;
            }
            if (!ok && c >= 0xFF01 && c <= 0xFF5E) {
                perr(p, col, "“%.*s”是全角字符：请改用半角的“%c”", (int)k, s + i,
                     (char)(c - 0xFEE0));
                fullwidth = 1;
                i += k;
                col++;
                continue;
            }
            if (!ok) {
                perr(p, col, "无法识别的字符“%.*s”", (int)k, s + i);
                return -1;
            }
            t->n = m;
            col += (m == k) ? 1 : 2;
            i += m;
        }
        t->end = s + i;
        p->n_toks++;
    }
    if (fullwidth)
        return -1;
    p->toks[p->n_toks].kind = T_END;
    p->toks[p->n_toks].col = col;
    p->toks[p->n_toks].s = s + n;
    p->toks[p->n_toks].n = 0;
    return 0;
}

/* Reports every unbalanced parenthesis of the line. Returns the number found. */
static int check_parens(parser *p)
{
    uint32_t open[RULES_MAX_TOKENS];
    size_t depth = 0;
    int bad = 0;
    for (size_t i = 0; i < p->n_toks; i++) {
        if (p->toks[i].kind == T_LP) {
            open[depth++] = p->toks[i].col;
        } else if (p->toks[i].kind == T_RP) {
            if (depth == 0) {
                perr(p, p->toks[i].col, "括号不配对：这个“)”前面没有对应的“(”");
                bad++;
            } else {
                depth--;
            }
        }
    }
    for (size_t i = 0; i < depth; i++) {
        perr(p, open[i], "括号不配对：这个“(”没有对应的“)”");
        bad++;
    }
    return bad;
}

/* ---- building the tree ------------------------------------------------------------ */

typedef enum { TY_NUM, TY_BOOL } value_type;

static int32_t new_node(parser *p, node_kind kind, int32_t a, int32_t b)
{
    rules *r = p->r;
    if (mem_grow(&r->nodes, &r->cap_nodes, r->n_nodes + 1, sizeof *r->nodes) != 0) {
        p->oom = 1;
        return -1;
    }
    node *nd = &r->nodes[r->n_nodes];
    memset(nd, 0, sizeof *nd);
    nd->kind = kind;
    nd->a = a;
    nd->b = b;
    nd->index = -1;
    return (int32_t)r->n_nodes++;
}

static void add_read(parser *p, int is_count, int32_t index)
{
    if (!p->reads)
        return;
    for (size_t i = 0; i < *p->n_reads; i++)
        if ((*p->reads)[i].is_count == is_count && (*p->reads)[i].index == index)
            return;
    if (mem_grow(p->reads, p->cap_reads, *p->n_reads + 1, sizeof **p->reads) != 0) {
        p->oom = 1;
        return;
    }
    (*p->reads)[*p->n_reads].is_count = is_count;
    (*p->reads)[*p->n_reads].index = index;
    (*p->n_reads)++;
}

static const token *peek(parser *p) { return &p->toks[p->pos]; }

static const char *describe(const token *t)
{
    switch (t->kind) {
    case T_END: return "行尾";
    case T_WORD: return "文字";
    case T_NUM: return "数字";
    case T_STR: return "引号中的名称";
    case T_LP: return "“(”";
    case T_RP: return "“)”";
    case T_COMMA: return "逗号";
    case T_ARROW: return "“->”";
    default: return "运算符";
    }
}

/* A syntax error at token t: reported once, the rest of the line is skipped. */
static int32_t syntax_error(parser *p, const token *t, const char *what)
{
    if (!p->line_failed) {
        if (t->kind == T_END)
            perr(p, t->col, "%s，但这一行已经结束", what);
        else
            perr(p, t->col, "%s，这里却是%s“%.*s”", what, describe(t), (int)t->n, t->s);
    }
    p->line_failed = 1;
    return -1;
}

static int32_t parse_or(parser *p, value_type *ty);

/* The node's value type must be `want`; reports a clear message otherwise. */
static void expect_type(parser *p, uint32_t col, value_type got, value_type want)
{
    if (got == want)
        return;
    if (want == TY_NUM)
        perr(p, col, "这里需要一个数值，写的却是一个条件（比较或 且/或/非）");
    else
        perr(p, col, "这里需要一个条件（例如 hours >= 10），写的却是一个数值");
}

static int32_t number_node(parser *p, const token *t)
{
    rat v;
    if (rat_parse(t->s, t->n, &v) != 0) {
        perr(p, t->col, "“%.*s”不是一个数：数字写成 3、0.2 或 20%% 这样", (int)t->n, t->s);
        v = rat_make(0, 1);
    }
    if (t->percent && rat_div(v, rat_make(100, 1), &v) != 0)
        v = rat_make(0, 1);
    int32_t nd = new_node(p, N_NUM, -1, -1);
    if (nd >= 0)
        p->r->nodes[nd].value = v;
    return nd;
}

static int32_t count_node(parser *p, const token *fn)
{
    char *filter[2] = {NULL, NULL};   /* category, campaign */
    p->pos++;                         /* the word */
    if (peek(p)->kind != T_LP)
        return syntax_error(p, peek(p), "“活动数/activities”后面要跟括号，例如 activities(campaign=\"十个全覆盖\")");
    p->pos++;
    int32_t result = -1;
    while (peek(p)->kind != T_RP) {
        const token *key = peek(p);
        keyword kw = keyword_of(key);
        if (kw != KW_CATEGORY && kw != KW_CAMPAIGN) {
            if (key->kind == T_WORD)
                perr(p, key->col, "活动数只能按 category（服务类别）或 campaign（专项行动）筛选，不认识“%.*s”",
                     (int)key->n, key->s);
            else
                syntax_error(p, key, "这里应写 category=\"…\" 或 campaign=\"…\"");
            p->line_failed = 1;
            goto out;
        }
        p->pos++;
        if (peek(p)->kind != T_EQ) {
            syntax_error(p, peek(p), "筛选条件要写成 category=\"名称\"");
            goto out;
        }
        p->pos++;
        const token *val = peek(p);
        if (val->kind != T_STR) {
            syntax_error(p, val, "筛选的名称要写在引号里");
            goto out;
        }
        p->pos++;
        int slot = kw == KW_CATEGORY ? 0 : 1;
        if (filter[slot]) {
            perr(p, key->col, "同一个筛选条件写了两次");
        } else if (!(filter[slot] = mem_strndup(val->s, val->n))) {
            p->oom = 1;
            goto out;
        }
        if (peek(p)->kind == T_COMMA)
            p->pos++;
        else if (peek(p)->kind != T_RP) {
            syntax_error(p, peek(p), "筛选条件之间用逗号分开");
            goto out;
        }
    }
    p->pos++;                          /* ) */
    rules *r = p->r;
    int32_t idx = -1;
    for (size_t i = 0; i < r->n_counts; i++) {
        const count_spec *c = &r->counts[i];
        if (((!c->category && !filter[0]) || (c->category && filter[0] && strcmp(c->category, filter[0]) == 0)) &&
            ((!c->campaign && !filter[1]) || (c->campaign && filter[1] && strcmp(c->campaign, filter[1]) == 0)))
            idx = (int32_t)i;
    }
    if (idx < 0) {
        if (mem_grow(&r->counts, &r->cap_counts, r->n_counts + 1, sizeof *r->counts) != 0) {
            p->oom = 1;
            goto out;
        }
        count_spec *c = &r->counts[r->n_counts];
        buf text = BUF_INIT;
        int bad = buf_puts(&text, "activities(");
        if (filter[0])
            bad |= buf_printf(&text, "category=%s", filter[0]);
        if (filter[1])
            bad |= buf_printf(&text, "%scampaign=%s", filter[0] ? "," : "", filter[1]);
        bad |= buf_putc(&text, ')');
        if (bad) {
            buf_release(&text);
            p->oom = 1;
            goto out;
        }
        c->category = filter[0];
        c->campaign = filter[1];
        c->text = buf_steal(&text);
        c->line = p->line;
        c->col = fn->col;
        filter[0] = filter[1] = NULL;
        idx = (int32_t)r->n_counts++;
    }
    result = new_node(p, N_COUNT, -1, -1);
    if (result >= 0) {
        p->r->nodes[result].index = idx;
        add_read(p, 1, idx);
    }
out:
    mem_free(filter[0]);
    mem_free(filter[1]);
    return result;
}

static int32_t minmax_node(parser *p, keyword kw)
{
    int32_t args[64];
    uint32_t n = 0;
    const token *fn = peek(p);
    p->pos++;
    if (peek(p)->kind != T_LP)
        return syntax_error(p, peek(p), "“min/max”后面要跟括号，例如 min(hours / 10, 2)");
    p->pos++;
    for (;;) {
        value_type ty;
        uint32_t col = peek(p)->col;
        int32_t a = parse_or(p, &ty);
        if (a < 0)
            return -1;
        expect_type(p, col, ty, TY_NUM);
        if (n == 64) {
            perr(p, col, "min/max 最多 64 个数");
            p->line_failed = 1;
            return -1;
        }
        args[n++] = a;
        if (peek(p)->kind == T_COMMA) {
            p->pos++;
            continue;
        }
        if (peek(p)->kind == T_RP)
            break;
        return syntax_error(p, peek(p), "min/max 的各个数之间用逗号分开");
    }
    p->pos++;
    if (n < 2)
        perr(p, fn->col, "min/max 至少要比较两个数");
    rules *r = p->r;
    if (mem_grow(&r->args, &r->cap_args, r->n_args + n, sizeof *r->args) != 0) {
        p->oom = 1;
        return -1;
    }
    int32_t nd = new_node(p, kw == KW_MIN ? N_MIN : N_MAX, -1, -1);
    if (nd < 0)
        return -1;
    r->nodes[nd].first = (uint32_t)r->n_args;
    r->nodes[nd].n = n;
    memcpy(r->args + r->n_args, args, n * sizeof *args);
    r->n_args += n;
    return nd;
}

static int32_t parse_primary(parser *p, value_type *ty)
{
    const token *t = peek(p);
    *ty = TY_NUM;
    switch (t->kind) {
    case T_NUM:
        p->pos++;
        return number_node(p, t);
    case T_LP: {
        p->pos++;
        int32_t e = parse_or(p, ty);
        if (e < 0)
            return -1;
        if (peek(p)->kind != T_RP)
            return syntax_error(p, peek(p), "这里应有“)”");
        p->pos++;
        return e;
    }
    case T_WORD: {
        keyword kw = keyword_of(t);
        if (kw == KW_MIN || kw == KW_MAX)
            return minmax_node(p, kw);
        if (kw == KW_ACTIVITIES)
            return count_node(p, t);
        if (kw != KW_NONE)
            return syntax_error(p, t, "这里需要一个数据项或数字");
        p->pos++;
        const figures_column *c = figures_column_find(t->s, t->n);
        int col = c ? (int)(c - FIGURES_UNIT_COLUMNS) : -1;
        if (!c && t->n == strlen("bonus_points") && memcmp(t->s, "bonus_points", t->n) == 0)
            perr(p, t->col, "加分规则不能读取加分本身（bonus_points）");
        else if (!c)
            perr(p, t->col, "没有叫“%.*s”的数据项：是不是“%s”？（数据项名见 docs/rules.md）",
                 (int)t->n, t->s, nearest_figure(t));
        int32_t nd = new_node(p, col >= 0 ? N_FIGURE : N_NUM, -1, -1);
        if (nd >= 0) {
            if (col >= 0) {
                p->r->nodes[nd].index = col;
                add_read(p, 0, col);
            } else {
                p->r->nodes[nd].value = rat_make(0, 1);
            }
        }
        return nd;
    }
    default:
        return syntax_error(p, t, "这里需要一个数据项或数字");
    }
}

static int32_t parse_unary(parser *p, value_type *ty)
{
    if (peek(p)->kind == T_MINUS) {
        uint32_t col = peek(p)->col;
        p->pos++;
        int32_t a = parse_unary(p, ty);
        if (a < 0)
            return -1;
        expect_type(p, col, *ty, TY_NUM);
        *ty = TY_NUM;
        return new_node(p, N_NEG, a, -1);
    }
    return parse_primary(p, ty);
}

static int32_t parse_binary_num(parser *p, value_type *ty, int level)
{
    int32_t a = level == 0 ? parse_unary(p, ty) : parse_binary_num(p, ty, 0);
    if (a < 0)
        return -1;
    for (;;) {
        const token *t = peek(p);
        node_kind k;
        if (level == 0 && t->kind == T_STAR) k = N_MUL;
        else if (level == 0 && t->kind == T_SLASH) k = N_DIV;
        else if (level == 1 && t->kind == T_PLUS) k = N_ADD;
        else if (level == 1 && t->kind == T_MINUS) k = N_SUB;
        else return a;
        expect_type(p, t->col, *ty, TY_NUM);
        p->pos++;
        value_type ty2;
        uint32_t col = peek(p)->col;
        int32_t b = level == 0 ? parse_unary(p, &ty2) : parse_binary_num(p, &ty2, 0);
        if (b < 0)
            return -1;
        expect_type(p, col, ty2, TY_NUM);
        *ty = TY_NUM;
        a = new_node(p, k, a, b);
        if (a < 0)
            return -1;
    }
}

static int is_comparison(tok_kind k)
{
    return k == T_LT || k == T_LE || k == T_GT || k == T_GE || k == T_EQ || k == T_NE;
}

static node_kind comparison_node(tok_kind k)
{
    switch (k) {
    case T_LT: return N_LT;
    case T_LE: return N_LE;
    case T_GT: return N_GT;
    case T_GE: return N_GE;
    case T_EQ: return N_EQ;
    default: return N_NE;
    }
}

static int32_t parse_comparison(parser *p, value_type *ty)
{
    uint32_t col = peek(p)->col;
    int32_t a = parse_binary_num(p, ty, 1);
    if (a < 0)
        return -1;
    const token *t = peek(p);
    if (!is_comparison(t->kind))
        return a;
    expect_type(p, col, *ty, TY_NUM);
    p->pos++;
    value_type ty2;
    uint32_t col2 = peek(p)->col;
    int32_t b = parse_binary_num(p, &ty2, 1);
    if (b < 0)
        return -1;
    expect_type(p, col2, ty2, TY_NUM);
    if (is_comparison(peek(p)->kind))
        return syntax_error(p, peek(p), "一次只能比较两个数（0.2 <= x <= 0.3 请写成 x >= 0.2 且 x <= 0.3）");
    *ty = TY_BOOL;
    return new_node(p, comparison_node(t->kind), a, b);
}

static int32_t parse_not(parser *p, value_type *ty)
{
    if (keyword_of(peek(p)) == KW_NOT) {
        p->pos++;
        uint32_t col = peek(p)->col;
        int32_t a = parse_not(p, ty);
        if (a < 0)
            return -1;
        expect_type(p, col, *ty, TY_BOOL);
        *ty = TY_BOOL;
        return new_node(p, N_NOT, a, -1);
    }
    return parse_comparison(p, ty);
}

static int32_t parse_logic(parser *p, value_type *ty, keyword op)
{
    uint32_t col = peek(p)->col;
    int32_t a = op == KW_AND ? parse_not(p, ty) : parse_logic(p, ty, KW_AND);
    if (a < 0)
        return -1;
    while (keyword_of(peek(p)) == op) {
        expect_type(p, col, *ty, TY_BOOL);
        p->pos++;
        value_type ty2;
        uint32_t col2 = peek(p)->col;
        int32_t b = op == KW_AND ? parse_not(p, &ty2) : parse_logic(p, &ty2, KW_AND);
        if (b < 0)
            return -1;
        expect_type(p, col2, ty2, TY_BOOL);
        *ty = TY_BOOL;
        a = new_node(p, op == KW_AND ? N_AND : N_OR, a, b);
        if (a < 0)
            return -1;
    }
    return a;
}

static int32_t parse_or(parser *p, value_type *ty)
{
    return parse_logic(p, ty, KW_OR);
}

/* A whole expression that must fill the rest of the line and be of type `want`. */
static int32_t parse_full(parser *p, value_type want, const char *what)
{
    const token *t = peek(p);
    if (t->kind == T_END) {
        perr(p, t->col, "“%s”后面缺少内容", what);
        p->line_failed = 1;
        return -1;
    }
    value_type ty;
    int32_t e = parse_or(p, &ty);
    if (e < 0)
        return -1;
    if (peek(p)->kind != T_END)
        return syntax_error(p, peek(p), "表达式到这里应该结束了");
    expect_type(p, t->col, ty, want);
    return e;
}

/* ---- statements ------------------------------------------------------------------- */

static rule *current_rule(parser *p) { return p->rule >= 0 ? &p->r->rules[p->rule] : NULL; }

static void reads_into_rule(parser *p, rule *ru)
{
    p->reads = &ru->reads;
    p->n_reads = &ru->n_reads;
    p->cap_reads = &ru->cap_reads;
}

/* Checks that the rule just finished says how many points it gives. */
static void finish_rule(parser *p)
{
    rule *ru = current_rule(p);
    if (!ru)
        return;
    uint32_t line = p->line;
    p->line = ru->line;
    if (p->n_errors > p->rule_errors)
        ;                    /* a line of the rule was wrong: that message says enough */
    else if (ru->points < 0 && ru->tier_subject < 0)
        perr(p, 1, "规则“%s”没有写怎样得分：加一行“得分 …”或“分档 …”", ru->id);
    else if (ru->tier_subject >= 0 && ru->n_tiers == 0)
        perr(p, 1, "规则“%s”写了“分档”，但下面没有任何档（例如“>= 20%% -> 0.3”）", ru->id);
    p->line = line;
    p->in_tiers = 0;
}

/* A cap or total cap: a number of points, not negative, at most two decimals. */
static int parse_cap(parser *p, const char *what, int64_t *cents)
{
    const token *t = peek(p);
    int negative = 0;
    if (t->kind == T_MINUS) {
        negative = 1;
        p->pos++;
    }
    const token *num = peek(p);
    if (num->kind != T_NUM) {
        syntax_error(p, num, what[0] == 't' ? "总分上限后面要写一个数，例如 3.0" : "上限后面要写一个数，例如 1.0");
        return -1;
    }
    p->pos++;
    if (peek(p)->kind != T_END) {
        syntax_error(p, peek(p), "上限只能是一个数，后面不应再有内容");
        return -1;
    }
    rat v;
    if (rat_parse(num->s, num->n, &v) != 0) {
        perr(p, num->col, "“%.*s”不是一个数", (int)num->n, num->s);
        return -1;
    }
    if (num->percent && rat_div(v, rat_make(100, 1), &v) != 0)
        return -1;
    if (negative) {
        perr(p, t->col, "上限不能是负数（-%.*s）：上限是最多能得的分，写 0 或正数", (int)num->n, num->s);
        return -1;
    }
    rat hundred = rat_make(100, 1), scaled;
    if (rat_mul(v, hundred, &scaled) != 0 || scaled.den != 1) {
        perr(p, num->col, "上限“%.*s”最多两位小数：加分精确到 0.01", (int)num->n, num->s);
        return -1;
    }
    *cents = scaled.num;
    return 0;
}

static void statement_rule(parser *p, const token *kwt)
{
    finish_rule(p);
    p->rule = -1;
    const token *id = peek(p);
    if (id->kind != T_WORD || keyword_of(id) != KW_NONE) {
        syntax_error(p, id, "“规则”后面要写规则编号（英文字母、数字、下划线，或汉字），例如 规则 independent \"独立开展志愿服务\"");
        return;
    }
    p->pos++;
    const token *label = peek(p);
    rules *r = p->r;
    for (size_t i = 0; i < r->n_rules; i++) {
        if (strlen(r->rules[i].id) == id->n && memcmp(r->rules[i].id, id->s, id->n) == 0) {
            perr(p, id->col, "规则编号“%.*s”重复了：第 %u 行已经用过，请换一个编号",
                 (int)id->n, id->s, (unsigned)r->rules[i].line);
            break;
        }
    }
    if (mem_grow(&r->rules, &r->cap_rules, r->n_rules + 1, sizeof *r->rules) != 0) {
        p->oom = 1;
        return;
    }
    rule *ru = &r->rules[r->n_rules];
    memset(ru, 0, sizeof *ru);
    ru->line = p->line;
    ru->points = ru->tier_subject = ru->when = -1;
    ru->cap_cents = -1;
    ru->id = mem_strndup(id->s, id->n);
    if (label->kind == T_STR && label->n > 0) {
        ru->label = mem_strndup(label->s, label->n);
        p->pos++;
    } else {
        ru->label = mem_strdup("");
        if (label->kind == T_STR)
            perr(p, label->col, "规则“%.*s”的中文名称是空的：在引号里写上名称", (int)id->n, id->s);
        else
            perr(p, label->col, "规则“%.*s”缺少中文名称：在编号后面用引号写上，例如 \"独立开展志愿服务\"",
                 (int)id->n, id->s);
        if (label->kind == T_STR)
            p->pos++;
    }
    if (!ru->id || !ru->label) {
        mem_free(ru->id);
        mem_free(ru->label);
        p->oom = 1;
        return;
    }
    p->rule = (int32_t)r->n_rules++;
    if (peek(p)->kind != T_END)
        syntax_error(p, peek(p), "规则的第一行只写编号和名称，得分等写在下面各行");
    p->rule_errors = p->n_errors;
    (void)kwt;
}

static void statement_in_rule(parser *p, const token *kwt, keyword kw)
{
    rule *ru = current_rule(p);
    if (!ru) {
        perr(p, kwt->col, "“%.*s”要写在某条规则里：先写一行“规则 编号 \"名称\"”", (int)kwt->n, kwt->s);
        return;
    }
    reads_into_rule(p, ru);
    p->in_tiers = 0;
    switch (kw) {
    case KW_POINTS:
        if (ru->points >= 0 || ru->tier_subject >= 0) {
            perr(p, kwt->col, "规则“%s”已经写过得分或分档：一条规则只能有一种得分", ru->id);
            return;
        }
        ru->points = parse_full(p, TY_NUM, "得分");
        break;
    case KW_TIERS:
        if (ru->points >= 0 || ru->tier_subject >= 0) {
            perr(p, kwt->col, "规则“%s”已经写过得分或分档：一条规则只能有一种得分", ru->id);
            return;
        }
        ru->tier_subject = parse_full(p, TY_NUM, "分档");
        p->in_tiers = ru->tier_subject >= 0;
        break;
    case KW_WHEN: {
        int32_t c = parse_full(p, TY_BOOL, "条件");
        if (c >= 0)
            ru->when = ru->when < 0 ? c : new_node(p, N_AND, ru->when, c);
        break;
    }
    case KW_CAP: {
        int64_t cents;
        if (ru->cap_cents >= 0) {
            perr(p, kwt->col, "规则“%s”的上限写了两次", ru->id);
            return;
        }
        if (parse_cap(p, "cap", &cents) == 0)
            ru->cap_cents = cents;
        break;
    }
    default:
        break;
    }
}

static void statement_tier(parser *p)
{
    rule *ru = current_rule(p);
    const token *op = peek(p);
    if (!ru || !p->in_tiers) {
        perr(p, op->col, "以比较符号开头的行是分档，但前面没有“分档 …”一行");
        return;
    }
    reads_into_rule(p, ru);
    if (op->kind != T_GE && op->kind != T_GT && op->kind != T_LE && op->kind != T_LT) {
        perr(p, op->col, "分档只能用 >=、>、<=、<（“%.*s”不行）", (int)op->n, op->s);
        return;
    }
    p->pos++;
    const token *num = peek(p);
    int negative = 0;
    if (num->kind == T_MINUS) {
        negative = 1;
        p->pos++;
        num = peek(p);
    }
    if (num->kind != T_NUM) {
        syntax_error(p, num, "分档的门槛要写一个数，例如 >= 20% -> 0.3");
        return;
    }
    p->pos++;
    rat v;
    if (rat_parse(num->s, num->n, &v) != 0) {
        perr(p, num->col, "“%.*s”不是一个数", (int)num->n, num->s);
        return;
    }
    if (num->percent && rat_div(v, rat_make(100, 1), &v) != 0)
        return;
    if (negative)
        v.num = -v.num;
    if (peek(p)->kind != T_ARROW) {
        syntax_error(p, peek(p), "门槛后面要写“->”（或“→”）和这一档的得分");
        return;
    }
    p->pos++;
    int32_t pts = parse_full(p, TY_NUM, "->");
    if (pts < 0)
        return;
    node_kind k = comparison_node(op->kind);
    int up = k == N_GE || k == N_GT;
    if (ru->n_tiers > 0) {
        const tier *prev = &ru->tiers[ru->n_tiers - 1];
        int prev_up = prev->op == N_GE || prev->op == N_GT;
        if (up != prev_up) {
            perr(p, op->col, "分档的方向要一致：前面用的是%s，这里却是%s",
                 prev_up ? ">= 或 >" : "<= 或 <", up ? ">= 或 >" : "<= 或 <");
            return;
        }
        int c = rat_cmp(v, prev->threshold);
        if ((up && c <= 0) || (!up && c >= 0)) {
            perr(p, num->col, "分档顺序不对：各档要%s排列，这一档的门槛“%.*s%s”应写在上一档之前",
                 up ? "按门槛由低到高" : "按门槛由高到低", (int)num->n, num->s,
                 num->percent ? "%" : "");
            return;
        }
    }
    if (mem_grow(&ru->tiers, &ru->cap_tiers, ru->n_tiers + 1, sizeof *ru->tiers) != 0) {
        p->oom = 1;
        return;
    }
    ru->tiers[ru->n_tiers].op = k;
    ru->tiers[ru->n_tiers].threshold = v;
    ru->tiers[ru->n_tiers].points = pts;
    ru->n_tiers++;
}

static void statement_global(parser *p, const token *kwt, keyword kw)
{
    finish_rule(p);
    p->rule = -1;
    rules *r = p->r;
    if (kw == KW_TOTAL_CAP) {
        p->reads = NULL;
        int64_t cents;
        if (r->total_cap_cents >= 0) {
            perr(p, kwt->col, "总分上限写了两次：只保留一行");
            return;
        }
        if (parse_cap(p, "total_cap", &cents) == 0)
            r->total_cap_cents = cents;
        return;
    }
    /* gate */
    p->reads = &r->gate_reads;
    p->n_reads = &r->n_gate_reads;
    p->cap_reads = &r->cap_gate_reads;
    const token *first = peek(p);
    int32_t c = parse_full(p, TY_BOOL, "门槛");
    if (c < 0)
        return;
    r->gate = r->gate < 0 ? c : new_node(p, N_AND, r->gate, c);
    const char *stop = p->toks[p->n_toks - 1].end;
    buf g = BUF_INIT;
    if ((r->gate_text && (buf_puts(&g, r->gate_text) != 0 || buf_puts(&g, "；") != 0)) ||
        buf_append(&g, first->s, (size_t)(stop - first->s)) != 0) {
        buf_release(&g);
        p->oom = 1;
        return;
    }
    mem_free(r->gate_text);
    r->gate_text = buf_steal(&g);
}

static void parse_line(parser *p, const char *s, size_t n)
{
    p->pos = 0;
    p->line_failed = 0;
    if (lex_line(p, s, n) != 0 || p->n_toks == 0)
        return;
    if (check_parens(p) > 0)
        return;
    const token *t = peek(p);
    if (is_comparison(t->kind)) {
        statement_tier(p);
        return;
    }
    keyword kw = keyword_of(t);
    if (t->kind != T_WORD || kw == KW_NONE || kw >= KW_AND) {
        p->in_tiers = 0;
        if (t->kind == T_WORD) {
            const char *near = nearest_statement(t);
            perr(p, t->col, "不认识的关键字“%.*s”：是不是“%s”？每行应以 规则/得分/条件/分档/上限/总分上限/门槛（或 rule/points/when/tiers/cap/total_cap/gate）开头",
                 (int)t->n, t->s, near ? near : "?");
        } else {
            perr(p, t->col, "每行应以关键字开头（规则/得分/条件/分档/上限/总分上限/门槛），这里却是%s“%.*s”",
                 describe(t), (int)t->n, t->s);
        }
        return;
    }
    p->pos++;
    switch (kw) {
    case KW_RULE: statement_rule(p, t); break;
    case KW_TOTAL_CAP: case KW_GATE: statement_global(p, t, kw); break;
    default: statement_in_rule(p, t, kw); break;
    }
}

/* ---- the public API --------------------------------------------------------------- */

void rules_free(rules *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n_rules; i++) {
        mem_free(r->rules[i].id);
        mem_free(r->rules[i].label);
        mem_free(r->rules[i].tiers);
        mem_free(r->rules[i].reads);
    }
    for (size_t i = 0; i < r->n_counts; i++) {
        mem_free(r->counts[i].category);
        mem_free(r->counts[i].campaign);
        mem_free(r->counts[i].text);
    }
    mem_free(r->rules);
    mem_free(r->nodes);
    mem_free(r->args);
    mem_free(r->counts);
    mem_free(r->gate_text);
    mem_free(r->gate_reads);
    mem_free(r->name);
    mem_free(r->text);
    mem_free(r);
}

tz_status rules_parse(const char *name, const char *text, size_t len, rules **out, buf *err)
{
    tz_status st = TZ_OK;
    parser p;
    memset(&p, 0, sizeof p);
    *out = NULL;
    rules *r = mem_calloc(1, sizeof *r);
    if (!r)
        return TZ_NOMEM;
    r->total_cap_cents = -1;
    r->gate = -1;
    r->name = mem_strdup(name);
    r->text = mem_strndup(text, len);
    r->text_len = len;
    if (!r->name || !r->text) {
        st = TZ_NOMEM;
        goto out;
    }
    p.name = name;
    p.err = err;
    p.r = r;
    p.rule = -1;
    size_t i = 0;
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && !p.oom) {
        p.line++;
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        if (memchr(text + i, '\0', end - i))
            perr(&p, 1, "这一行里有空字符（NUL）：规则文件应是纯文本");
        else
            parse_line(&p, text + i, end - i);
        i = end + 1;
    }
    p.line++;
    finish_rule(&p);
    if (r->n_rules == 0 && p.n_errors == 0) {
        p.line = 1;
        perr(&p, 1, "规则文件里没有任何规则：至少要有一行“规则 编号 \"名称\"”");
    }
    flush_problems(&p);
    if (p.oom) {
        st = TZ_NOMEM;
        goto out;
    }
    if (p.n_errors > 0) {
        if (p.n_errors > RULES_MAX_ERRORS && err &&
            buf_printf(err, "%s: 还有 %zu 处问题没有列出\n", name, p.n_errors - RULES_MAX_ERRORS) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        st = TZ_CONFIG;
        goto out;
    }
    *out = r;
    r = NULL;
out:
    flush_problems(&p);
    rules_free(r);
    return st;
}

tz_status rules_load(const char *path, rules **out, buf *err)
{
    tz_status st = TZ_OK;
    char *text = NULL;
    size_t len = 0;
    buf conv = BUF_INIT;
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (!f) {
        if (err && buf_printf(err, "%s: 无法读取规则文件：%s\n", path, strerror(errno)) != 0)
            return TZ_NOMEM;
        return TZ_NOINPUT;
    }
    text = mem_alloc(RULES_MAX_FILE + 1);
    if (!text) {
        st = TZ_NOMEM;
        goto out;
    }
    len = fread(text, 1, RULES_MAX_FILE + 1, f);
    if (ferror(f)) {
        st = TZ_NOINPUT;
        if (err && buf_printf(err, "%s: 读取规则文件时出错\n", path) != 0)
            st = TZ_NOMEM;
        goto out;
    }
    if (len > RULES_MAX_FILE) {
        st = TZ_CONFIG;
        if (err && buf_printf(err, "%s:1:1: 规则文件超过 1 MiB，不像是规则文件\n", path) != 0)
            st = TZ_NOMEM;
        goto out;
    }
    /* saved by Notepad as "ANSI" (GBK) as often as UTF-8: detected as a ledger's is */
    const char *utf8;
    size_t utf8_len, bad;
    encoding_kind kind;
    encoding_result er = encoding_decode(text, len, NULL, &conv, &utf8, &utf8_len, &kind, &bad);
    if (er == ENCODING_NOMEM) {
        st = TZ_NOMEM;
    } else if (er != ENCODING_OK) {
        uint32_t line = 1;
        for (size_t i = 0; i < bad && i < len; i++)
            line += text[i] == '\n';
        st = TZ_CONFIG;
        if (err && buf_printf(err, "%s:%u:1: 规则文件既不是 UTF-8 也不是 GBK（GB18030）编码%s：请在记事本里"
                                   "“另存为”，编码选“UTF-8”\n", path, (unsigned)line,
                              er == ENCODING_UTF16 ? "（是 UTF-16，记事本的“Unicode”）" : "，这一行读不了") != 0)
            st = TZ_NOMEM;
    } else {
        st = rules_parse(path, utf8, utf8_len, out, err);
    }
out:
    buf_release(&conv);
    mem_free(text);
    fclose(f);
    return st;
}

size_t rules_count(const rules *r) { return r->n_rules; }
const char *rules_id(const rules *r, size_t i) { return r->rules[i].id; }
const char *rules_label(const rules *r, size_t i) { return r->rules[i].label; }
int64_t rules_cap_cents(const rules *r, size_t i) { return r->rules[i].cap_cents; }
int64_t rules_total_cap_cents(const rules *r) { return r->total_cap_cents; }
const char *rules_source_name(const rules *r) { return r->name; }
const char *rules_gate_text(const rules *r) { return r->gate_text; }

const char *rules_text(const rules *r, size_t *len)
{
    *len = r->text_len;
    return r->text;
}

/* The name among names[0..n) nearest to s, or NULL when n = 0. */
static const char *nearest_of(const char *s, char *const *names, size_t n)
{
    const char *best = NULL;
    size_t best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        size_t d = utf8_distance(s, strlen(s), names[i], strlen(names[i]));
        if (d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}

static int used(const char *s, char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return 1;
    return 0;
}

long rules_unused_names(const rules *r, const ledger *l, buf *warn)
{
    long count = 0;
    for (size_t i = 0; i < r->n_counts; i++) {
        const count_spec *c = &r->counts[i];
        for (int k = 0; k < 2; k++) {
            const char *name = k == 0 ? c->category : c->campaign;
            char *const *names = k == 0 ? l->categories : l->campaigns;
            size_t n = k == 0 ? l->n_categories : l->n_campaigns;
            if (!name || used(name, names, n))
                continue;
            const char *near = nearest_of(name, names, n);
            count++;
            if (buf_printf(warn, "%s:%u:%u: 注意：%s“%s”在 %d 年的台账里没有出现，这一项对所有单位都数出 0",
                           r->name, (unsigned)c->line, (unsigned)c->col,
                           k == 0 ? "服务类别" : "专项行动", name, l->year) != 0 ||
                (near && buf_printf(warn, "；是不是“%s”？", near) != 0) ||
                buf_putc(warn, '\n') != 0)
                return -1;
        }
    }
    return count;
}
