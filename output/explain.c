/* output/explain.c — the text of `taizhang explain` (see explain.h).
   May call: base/, rules/rules, pipeline/figures, input/ledger. */
#include <string.h>

#include "base/num.h"
#include "base/utf8.h"
#include "output/explain.h"

static int wide(uint32_t c)
{
    return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2010 && c <= 0x2027) ||
           (c >= 0x2190 && c <= 0x22FF) || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) ||
           (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
           (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

/* One character at s[0..n): its byte length (≥ 1) and display width; a byte that does not
   begin a well-formed character (base/utf8) is one column wide. */
static size_t next_char(const char *s, size_t n, size_t *width)
{
    uint32_t c;
    size_t len = utf8_decode(s, n, &c);
    if (len == 0) {
        *width = 1;
        return 1;
    }
    *width = c < 0x20 ? 0 : wide(c) ? 2 : 1;
    return len;
}

size_t explain_display_width(const char *s, size_t n)
{
    size_t w = 0, cw;
    for (size_t i = 0; i < n; w += cw)
        i += next_char(s + i, n - i, &cw);
    return w;
}

/* Appends `prefix` then `text`, breaking lines at spaces so that none is wider than
   EXPLAIN_WIDTH; continuation lines start with `indent` spaces. A word wider than a line
   is broken between characters. Ends with a newline. */
static int wrapped(buf *out, const char *prefix, const char *text, size_t indent)
{
    if (buf_puts(out, prefix) != 0)
        return -1;
    size_t col = explain_display_width(prefix, strlen(prefix));
    size_t n = strlen(text), i = 0;
    int line_has_word = 0;
    while (i < n) {
        while (i < n && text[i] == ' ')
            i++;
        size_t j = i;
        while (j < n && text[j] != ' ')
            j++;
        if (i == j)
            break;
        size_t ww = explain_display_width(text + i, j - i);
        /* a long word (Chinese text has no spaces) is broken where the line ends */
        int long_word = ww > (EXPLAIN_WIDTH - indent) / 2;
        if (line_has_word && col + 1 + ww > EXPLAIN_WIDTH && !long_word) {
            if (buf_putc(out, '\n') != 0 || buf_printf(out, "%*s", (int)indent, "") != 0)
                return -1;
            col = indent;
            line_has_word = 0;
        } else if (line_has_word) {
            if (buf_putc(out, ' ') != 0)
                return -1;
            col++;
        }
        /* the word, broken between characters where it does not fit */
        while (i < j) {
            size_t cw, k = next_char(text + i, j - i, &cw);
            if (col + cw > EXPLAIN_WIDTH && col > indent) {
                if (buf_putc(out, '\n') != 0 || buf_printf(out, "%*s", (int)indent, "") != 0)
                    return -1;
                col = indent;
            }
            if (buf_append(out, text + i, k) != 0)
                return -1;
            col += cw;
            i += k;
        }
        line_has_word = 1;
    }
    return buf_putc(out, '\n');
}

/* Appends `text` and then the points, e.g. "，上限后 " and 0.20. */
static int points_text(buf *b, const char *text, int64_t cents)
{
    if (buf_puts(b, text) != 0)
        return -1;
    return num_format_fixed(b, cents, 2);
}

/* "本单位的数据：" and a line for each per-unit figure of the unit by its Chinese name
   (FIGURES_UNIT_COLUMNS), at the decimals of units.csv: "  服务时长 123.5 小时". */
static int unit_figures(buf *out, const figures_unit *fu)
{
    int bad = buf_puts(out, "本单位的数据：\n");
    for (size_t c = 0; c < FIGURES_UNIT_COLUMN_COUNT && !bad; c++) {
        const figures_column *col = &FIGURES_UNIT_COLUMNS[c];
        figures_value v = col->value(fu);
        int64_t q;
        bad |= buf_printf(out, "  %s ", col->chinese);
        if (v.den > 0 && num_ratio_scaled(v.num, v.den, col->places, &q) == 0)
            bad |= num_format_fixed(out, q, col->places);
        else
            bad |= buf_puts(out, "未定义");
        if (col->measure)
            bad |= buf_printf(out, " %s", col->measure);
        bad |= buf_putc(out, '\n');
    }
    return bad ? -1 : 0;
}

int explain_unit(buf *out, const bonus *b, const figures *f, size_t u)
{
    const rules *r = b->rules;
    const ledger *l = f->ledger;
    const bonus_unit *bu = &b->units[u];
    buf t = BUF_INIT;
    int bad = 0;

#define LINE(prefix, indent, ...)                                            \
    do {                                                                     \
        buf_clear(&t);                                                       \
        bad |= buf_printf(&t, __VA_ARGS__);                                  \
        bad |= bad ? 0 : wrapped(out, prefix, t.data ? t.data : "", indent); \
    } while (0)

    LINE("", 2, "单位 %s %s 的考核加分", l->units[u].id,
         l->units[u].name ? l->units[u].name : "");
    bad |= unit_figures(out, &f->units[u]);
    LINE("", 2, "规则文件：%s", rules_source_name(r));
    if (rules_gate_text(r)) {
        LINE("", 2, "门槛：%s", rules_gate_text(r));
        if (bu->gated_out)
            LINE("  ", 2, "不满足（%s）：本单位不加分，下面各条的最后得分都是 0。", bu->gate_reads);
        else
            LINE("  ", 2, "满足（%s）", bu->gate_reads);
    }
    for (size_t i = 0; i < rules_count(r) && !bad; i++) {
        const bonus_line *line = &bu->lines[i];
        bad |= buf_putc(out, '\n');
        LINE("", 4, "%zu. %s（%s）", i + 1, rules_label(r, i), rules_id(r, i));
        LINE("   读取的数据：", 4, "%s", line->reads && line->reads[0] ? line->reads : "（无）");
        if (line->reads_activities) {
            buf ids = BUF_INIT;
            for (size_t k = 0; k < line->n_activities && !bad; k++)
                bad |= buf_printf(&ids, "%s%s", k ? " " : "", l->activities[line->activities[k]].id);
            if (!bad) {
                buf_clear(&t);
                bad |= buf_printf(&t, "   计入的活动（%zu 项）：", line->n_activities);
                bad |= bad ? 0 : wrapped(out, t.data, ids.data ? ids.data : "（无）", 4);
            }
            buf_release(&ids);
        }
        buf p = BUF_INIT;
        bad |= points_text(&p, "原始得分 ", line->raw_cents);
        if (rules_cap_cents(r, i) >= 0)
            bad |= points_text(&p, "，本条上限 ", rules_cap_cents(r, i));
        else
            bad |= buf_puts(&p, "，本条不设上限");
        bad |= points_text(&p, "，上限后 ", line->capped_cents);
        bad |= points_text(&p, "，总分上限后 ", line->final_cents);
        if (!bad)
            LINE("   ", 4, "%s", p.data);
        buf_release(&p);
    }
    if (!bad) {
        bad |= buf_putc(out, '\n');
        buf p = BUF_INIT;
        bad |= points_text(&p, "合计：", bu->total_cents);
        bad |= buf_puts(&p, " 分");
        if (rules_total_cap_cents(r) >= 0) {
            bad |= points_text(&p, "（总分上限 ", rules_total_cap_cents(r));
            bad |= buf_puts(&p, "）");
        }
        if (!bad)
            LINE("", 2, "%s", p.data);
        buf_release(&p);
    }
#undef LINE
    buf_release(&t);
    return bad ? -1 : 0;
}
