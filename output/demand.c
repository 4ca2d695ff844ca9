/* output/demand.c — the text of `taizhang demand` (see demand.h).
   May call: base/, input/ledger, pipeline/figures, pipeline/supply, output/explain,
   output/linebreak, output/supply_csv, rules/suggest. */
#include "output/demand.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/explain.h"
#include "output/linebreak.h"
#include "output/supply_csv.h"
#include "rules/suggest.h"

#include <string.h>

/* The terminal width of one character (linebreak's callback): as explain counts it. */
static double char_width(void *ctx, uint32_t cp)
{
    (void)ctx;
    char s[4];
    size_t n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (n == 1) {
        s[0] = (char)cp;
    } else {
        for (size_t i = n - 1; i > 0; i--, cp >>= 6)
            s[i] = (char)(0x80 | (cp & 0x3F));
        s[0] = (char)((n == 2 ? 0xC0 : n == 3 ? 0xE0 : 0xF0) | cp);
    }
    return (double)explain_display_width(s, n);
}

/* prefix, then text broken into lines of at most EXPLAIN_WIDTH columns, the later ones
   indented as wide as the prefix. Ends with a newline. Returns 0, -1 (memory). */
static int wrapped(buf *out, const char *prefix, const char *text)
{
    size_t indent = explain_display_width(prefix, strlen(prefix));
    linebreak_line *lines = NULL;
    size_t n = 0;
    if (linebreak_lines(text, strlen(text), (double)(EXPLAIN_WIDTH - indent), char_width, NULL,
                        &lines, &n) != TZ_OK)
        return -1;
    int r = 0;
    for (size_t i = 0; i < n && r == 0; i++)
        r = buf_printf(out, "%s%.*s\n", i ? "" : prefix, (int)lines[i].len, text + lines[i].start) ||
            (i + 1 < n && buf_printf(out, "%*s", (int)indent, "") != 0);
    mem_free(lines);
    return r ? -1 : 0;
}

static int date_text(buf *b, ledger_date day)
{
    buf_clear(b);
    return supply_csv_date(b, day);
}

int demand_explain(buf *out, const supply *s, size_t d)
{
    const ledger *l = s->ledger;
    const ledger_demand *dm = &l->demands[d];
    const supply_cell *c = &s->cells[supply_cell_at((size_t)dm->category, dm->area)];
    const char *cat = l->categories[dm->category];
    buf line = BUF_INIT, date = BUF_INIT;
    int r = -1;
    if (date_text(&date, dm->submitted_on) != 0 ||
        buf_printf(&line, "需求 %s：%s，%s 提出", dm->id, dm->requester, date.data) != 0 ||
        wrapped(out, "", line.data) != 0 || (buf_clear(&line), 0) ||
        buf_printf(&line, "%s　%s　征集渠道：%s", LEDGER_AREA_NAMES[dm->area], cat,
                   dm->channel == LEDGER_NONE ? "（未填）" : LEDGER_CHANNEL_NAMES[dm->channel]) != 0 ||
        wrapped(out, "  ", line.data) != 0 ||
        (dm->description[0] && wrapped(out, "  内容：", dm->description) != 0))
        goto out;
    int32_t first = s->figures->demand_first_activity[d];
    size_t o = 0;
    while (o < s->n_open && s->open[o].demand != (int32_t)d)
        o++;
    buf_clear(&line);
    if (first != LEDGER_NONE) {
        const ledger_activity *a = &l->activities[first];
        size_t answering = 0;
        for (size_t i = 0; i < l->n_activities; i++)
            answering += l->activities[i].demand == (int32_t)d;
        if (date_text(&date, a->date) != 0 ||
            buf_printf(&line, "已响应：首个响应活动 %s“%s”（%s），用时 %lld 天", a->id, a->title,
                       date.data, (long long)((int64_t)a->date - dm->submitted_on)) != 0 ||
            (answering > 1 && buf_printf(&line, "；共 %zu 个响应活动", answering) != 0))
            goto out;
    } else if (o < s->n_open &&
               buf_printf(&line, "未响应：至 %d 年 12 月 31 日已 %lld 天", l->year,
                          (long long)s->open[o].days_open) != 0) {
        goto out;
    }
    if (wrapped(out, "  状态：", line.data) != 0)
        goto out;
    /* the cell of supply_demand.csv */
    buf_clear(&line);
    int64_t gap = supply_gap_scaled(s, c, 4);
    if (buf_printf(&line, "本年%s%s需求 %lld 项，已响应 %lld 项，未响应 %lld 项；在%s开展%s活动 "
                   "%lld 次；供需缺口 ", suggest_area_name(dm->area), cat, (long long)c->demands,
                   (long long)c->answered, (long long)c->open, suggest_area_name(dm->area), cat,
                   (long long)c->activities) != 0 ||
        (gap > 0 && buf_putc(&line, '+') != 0) ||
        num_format_fixed(&line, gap, 2) != 0 ||      /* the share's 4 decimals as 百分点 */
        buf_printf(&line, " 个百分点，在 %zu 个类别与区域中排第 %zu 位", s->n_ranked, c->rank) != 0 ||
        wrapped(out, "  供需：", line.data) != 0)
        goto out;
    if (first == LEDGER_NONE && o < s->n_open) {
        const supply_open *op = &s->open[o];
        if (op->n_picks == 0 &&
            buf_printf(out, "  推荐服务队：无（没有服务队今年开展过%s服务、有相应特长的队员或以此为"
                            "服务领域）\n", cat) != 0)
            goto out;
        if (op->n_picks > 0 && buf_puts(out, "  推荐服务队（排序规则见 docs/figures.md）：\n") != 0)
            goto out;
        for (size_t k = 0; k < op->n_picks; k++) {
            const supply_pick *p = &op->picks[k];
            buf_clear(&line);
            if (buf_printf(&line, "%zu. %s %s", k + 1, l->teams[p->team].id,
                           l->teams[p->team].name) != 0 ||
                wrapped(out, "  ", line.data) != 0 || wrapped(out, "     ", p->reason) != 0)
                goto out;
        }
    }
    r = 0;
out:
    buf_release(&line);
    buf_release(&date);
    return r;
}
