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

tz_status linebreak_lines(const char *text, size_t len, double max_width,
                          linebreak_width_fn width, void *ctx,
                          linebreak_line **lines, size_t *n_lines)
{
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
            brk = 0;
            w = 0;
            prev = 0;
            continue;
        }
        if (i > start && may_break(prev, cp))
            brk = i;
        double cw = width(ctx, is_space(cp) ? ' ' : cp);
        if (!is_space(cp) && i > start && w + cw > max_width) {
            size_t end = brk > start ? brk : i;
            if (emit(&o, text, start, end, width, ctx) != 0)
                goto nomem;
            start = i = skip_spaces(text, len, end);
            brk = 0;
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
    *lines = o.items;
    *n_lines = o.count;
    return TZ_OK;
nomem:
    mem_free(o.items);
    *lines = NULL;
    *n_lines = 0;
    return TZ_NOMEM;
}
