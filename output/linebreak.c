/* output/linebreak.c — Chinese line breaking (see linebreak.h): greedy, per character,
   with the kinsoku-style rules of Chinese typesetting.
   May call: base/mem, base/utf8, libc. */
#include "output/linebreak.h"
#include "base/mem.h"
#include "base/utf8.h"

#include <stdbool.h>

size_t linebreak_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp)
{
    size_t n = utf8_decode(s + i, len - i, cp);
    if (n)
        return n;
    *cp = 0xFFFD;                /* malformed: one byte, shown as the replacement character */
    return 1;
}

int linebreak_is_closing(uint32_t cp)
{
    switch (cp) {
    case ')': case ']': case '}': case ',': case '.': case ';': case ':': case '?': case '!':
    case '%':
    case 0x3001: case 0x3002:                           /* 、。 */
    case 0xFF0C: case 0xFF0E: case 0xFF1A: case 0xFF1B:  /* ，．：； */
    case 0xFF1F: case 0xFF01: case 0xFF09: case 0xFF3D:  /* ？！）］ */
    case 0xFF5D: case 0xFF05: case 0xFF5E:               /* ｝％～ */
    case 0x300B: case 0x3009: case 0x300D: case 0x300F:  /* 》〉」』 */
    case 0x3011: case 0x3015: case 0x3017:               /* 】〕〗 */
    case 0x201D: case 0x2019:                            /* ”’ */
    case 0x00B7: case 0x30FB: case 0x2030: case 0x2103:  /* ·・‰℃ */
    case 0x3005:                                         /* 々 */
        return 1;
    default:
        return 0;
    }
}

int linebreak_is_opening(uint32_t cp)
{
    switch (cp) {
    case '(': case '[': case '{':
    case 0xFF08: case 0xFF3B: case 0xFF5B:               /* （［｛ */
    case 0x300A: case 0x3008: case 0x300C: case 0x300E:  /* 《〈「『 */
    case 0x3010: case 0x3014: case 0x3016:               /* 【〔〖 */
    case 0x201C: case 0x2018:                            /* “‘ */
    case 0xFFE5: case 0x00A5: case 0xFF04:               /* ￥¥＄ */
        return 1;
    default:
        return 0;
    }
}

static bool is_space(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == '\r' || cp == '\v' || cp == '\f' ||
           cp == 0x3000 || cp == 0x00A0 || (cp < 0x20 && cp != '\n');
}

/* Letters, digits and the ASCII marks that join them into one unbreakable word or number. */
static bool is_word(uint32_t cp)
{
    if (cp > 0x20 && cp < 0x7F)
        return !(cp == '(' || cp == '[' || cp == '{' || cp == ')' || cp == ']' || cp == '}');
    return (cp >= 0xFF10 && cp <= 0xFF19) || (cp >= 0xFF21 && cp <= 0xFF3A) ||
           (cp >= 0xFF41 && cp <= 0xFF5A) || (cp >= 0x00C0 && cp <= 0x024F);
}

/* May a line break fall between prev and cur (adjacent characters, no space between)? */
static bool may_break(uint32_t prev, uint32_t cur)
{
    if (is_space(cur))
        return false;                  /* breaks come after the spaces, not before */
    if (is_space(prev))
        return true;
    if (linebreak_is_closing(cur) || linebreak_is_opening(prev))
        return false;
    if (is_word(prev) && is_word(cur))
        return false;
    if (prev == cur && (cur == 0x2014 || cur == 0x2026))   /* —— …… stay whole */
        return false;
    return true;
}

static size_t skip_spaces(const char *t, size_t len, size_t i)
{
    while (i < len) {
        uint32_t cp;
        size_t n = linebreak_utf8_next(t, len, i, &cp);
        if (!is_space(cp))
            break;
        i += n;
    }
    return i;
}

typedef struct lines_out {
    linebreak_line *items;
    size_t count, cap;
} lines_out;

/* Adds the line t[start..end) without its trailing spaces, with its measured width. */
static int emit(lines_out *o, const char *t, size_t start, size_t end,
                linebreak_width_fn width, void *ctx)
{
    size_t last = start;         /* end of the last non-space character */
    double w = 0, w_last = 0;
    for (size_t i = start; i < end;) {
        uint32_t cp;
        size_t n = linebreak_utf8_next(t, end, i, &cp);
        w += width(ctx, is_space(cp) ? ' ' : cp);
        i += n;
        if (!is_space(cp)) {
            last = i;
            w_last = w;
        }
    }
    if (mem_grow(&o->items, &o->cap, o->count + 1, sizeof *o->items) != 0)
        return -1;
    o->items[o->count++] = (linebreak_line){start, last - start, w_last};
    return 0;
}

/* The last character of a part of a name: a break after it reads naturally. */
static bool ends_name_part(uint32_t cp)
{
    static const uint32_t ENDS[] = {
        0x5C40, 0x59D4, 0x529E, 0x5385, 0x9662, 0x6240, 0x90E8, 0x5904, 0x79D1, 0x5BA4,
        /* 局 委 办 厅 院 所 部 处 科 室 */
        0x7AD9, 0x961F, 0x7EC4, 0x4F1A, 0x793E, 0x5FC3, 0x76DF, 0x65D7, 0x53BF, 0x533A,
        /* 站 队 组 会 社 心 盟 旗 县 区 */
        0x5E02, 0x9547, 0x4E61, 0x5E9C, 0x53F8, 0x9986, 0x6821, 0x56E2, 0x884C, 0x573A,
        /* 市 镇 乡 府 司 馆 校 团 行 场 */
    };
    for (size_t i = 0; i < sizeof ENDS / sizeof ENDS[0]; i++)
        if (ENDS[i] == cp)
            return true;
    return linebreak_is_closing(cp);
}

/* 党支部, 党委, 党总支, 党小组 … are read as one word: no break after their 党. */
static bool inside_name_word(uint32_t prev, uint32_t cur)
{
    return prev == 0x515A && (cur == 0x652F || cur == 0x59D4 || cur == 0x603B ||
                              cur == 0x5C0F || cur == 0x7EC4 || cur == 0x5DE5);
    /* 党 + 支 委 总 小 组 工 */
}

static size_t count_chars(const char *t, size_t start, size_t end)
{
    size_t n = 0;
    for (size_t i = start; i < end; n++) {
        uint32_t cp;
        i += linebreak_utf8_next(t, end, i, &cp);
    }
    return n;
}

/* The last line holds one character: move the break before it back by one allowed
   position, when the line before keeps at least two characters and the moved text fits. */
static void no_lone_last(lines_out *o, const char *t, double max_width,
                         linebreak_width_fn width, void *ctx)
{
    if (o->count < 2)
        return;
    linebreak_line *prev = &o->items[o->count - 2], *last = &o->items[o->count - 1];
    if (count_chars(t, last->start, last->start + last->len) != 1)
        return;
    size_t end = last->start + last->len;
    /* candidate starts of the last line, from the end of prev backwards */
    size_t pos[64];
    size_t n = 0;
    for (size_t i = prev->start; i < prev->start + prev->len && n < 64;) {
        uint32_t cp;
        i += linebreak_utf8_next(t, end, i, &cp);
        pos[n++] = i;
    }
    for (size_t k = n; k-- > 1;) {
        size_t at = pos[k - 1];      /* the last line would start here */
        uint32_t before, cur;
        size_t back = at;
        do
            back--;
        while (back > prev->start && ((unsigned char)t[back] & 0xC0) == 0x80);
        linebreak_utf8_next(t, end, back, &before);
        linebreak_utf8_next(t, end, at, &cur);
        if (!may_break(before, cur))
            continue;
        if (count_chars(t, prev->start, at) < 2)
            return;
        double w = 0;
        for (size_t i = at; i < end;) {
            uint32_t cp;
            i += linebreak_utf8_next(t, end, i, &cp);
            w += width(ctx, cp);
        }
        if (w > max_width)
            return;
        double wp = 0;
        for (size_t i = prev->start; i < at;) {
            uint32_t cp;
            i += linebreak_utf8_next(t, end, i, &cp);
            wp += width(ctx, cp);
        }
        prev->len = at - prev->start;
        prev->width = wp;
        last->start = at;
        last->len = end - at;
        last->width = w;
        return;
    }
}

tz_status linebreak_lines(const char *text, size_t len, double max_width,
                          linebreak_width_fn width, void *ctx,
                          linebreak_line **lines, size_t *n_lines)
{
    return linebreak_lines_ex(text, len, max_width, width, ctx, 0, lines, n_lines);
}

tz_status linebreak_lines_ex(const char *text, size_t len, double max_width,
                             linebreak_width_fn width, void *ctx, unsigned flags,
                             linebreak_line **lines, size_t *n_lines)
{
    bool names = (flags & LINEBREAK_NAMES) != 0;
    size_t good = 0;                 /* last break after the end of a name's part */
    double w_good = 0;
    lines_out o = {NULL, 0, 0};
    size_t start = skip_spaces(text, len, 0);
    size_t i = start, brk = 0;       /* brk: last allowed break after start, 0 = none */
    uint32_t prev = 0;
    double w = 0;

    while (i < len) {
        uint32_t cp;
        size_t n = linebreak_utf8_next(text, len, i, &cp);
        if (cp == '\n') {
            if (emit(&o, text, start, i, width, ctx) != 0)
                goto nomem;
            start = i = skip_spaces(text, len, i + 1);
            brk = good = 0;
            w = 0;
            prev = 0;
            continue;
        }
        if (i > start && may_break(prev, cp) && !(names && inside_name_word(prev, cp))) {
            brk = i;
            if (names && ends_name_part(prev)) {
                good = i;
                w_good = w;
            }
        }
        double cw = width(ctx, is_space(cp) ? ' ' : cp);
        if (!is_space(cp) && i > start && w + cw > max_width) {
            size_t end = brk > start ? brk : i;
            if (names && good > start && w_good >= max_width / 3)
                end = good;
            if (emit(&o, text, start, end, width, ctx) != 0)
                goto nomem;
            start = i = skip_spaces(text, len, end);
            brk = good = 0;
            w = 0;
            prev = 0;
            continue;
        }
        w += cw;
        prev = cp;
        i += n;
    }
    if ((start < len || o.count == 0) && emit(&o, text, start, len, width, ctx) != 0)
        goto nomem;
    if (flags & (LINEBREAK_NAMES | LINEBREAK_NO_ORPHAN))
        no_lone_last(&o, text, max_width, width, ctx);
    *lines = o.items;
    *n_lines = o.count;
    return TZ_OK;
nomem:
    mem_free(o.items);
    *lines = NULL;
    *n_lines = 0;
    return TZ_NOMEM;
}
