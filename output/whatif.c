/* output/whatif.c — the CSV and the summary of `taizhang whatif` (see whatif.h).
   May call: base/, rules/rules, rules/spread, pipeline/figures, input/ledger, output/csvw. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "output/whatif.h"

const char *const WHATIF_COLUMNS[] = {
    "unit_id", "unit_name", "base_points", "new_points", "change",
    "base_rank", "new_rank", "rank_change", "base_grade", "new_grade", NULL,
};

#define LARGEST_MOVES 5

/* The unit's grade under b, NULL (an empty cell) when it has none. */
static const char *grade_name(const bonus *b, size_t u)
{
    int g = b->units[u].grade;
    return g >= 0 ? rules_grade_name(b->rules, (size_t)g) : NULL;
}

int whatif_table(csvw *w, const bonus *base, const bonus *proposed, const figures *f)
{
    const ledger *l = f->ledger;
    size_t n = l->n_units;
    uint32_t *rank = mem_alloc(2 * (n ? n : 1) * sizeof *rank);
    if (!rank || csvw_header(w, WHATIF_COLUMNS) != 0) {
        mem_free(rank);
        w->failed = 1;
        return -1;
    }
    spread_ranks(base, rank);
    spread_ranks(proposed, rank + n);
    for (size_t i = 0; i < n; i++) {
        uint32_t u = f->unit_order[i];
        int64_t before = base->units[u].total_cents, after = proposed->units[u].total_cents;
        csvw_str(w, l->units[u].id);
        csvw_str(w, l->units[u].name);
        csvw_fixed(w, before, 2);
        csvw_fixed(w, after, 2);
        csvw_fixed_signed(w, after - before, 2);
        csvw_int(w, rank[u]);
        csvw_int(w, rank[n + u]);
        /* positive: the unit moves up the list */
        csvw_fixed_signed(w, (int64_t)rank[u] - (int64_t)rank[n + u], 0);
        csvw_str(w, grade_name(base, u));
        csvw_str(w, grade_name(proposed, u));
        csvw_end_row(w);
    }
    mem_free(rank);
    return w->failed ? -1 : 0;
}

/* "47 个（12.4%）": a count and its share of n, one decimal. */
static int count_share(buf *out, size_t k, size_t n)
{
    int64_t pct = 0;
    if (buf_printf(out, "%zu 个", k) != 0)
        return -1;
    if (n == 0 || num_ratio_scaled((int64_t)k * 100, (int64_t)n, 1, &pct) != 0)
        return buf_puts(out, "单位");
    return buf_puts(out, "单位（") || num_format_fixed(out, pct, 1) || buf_puts(out, "%）") ? -1 : 0;
}

int whatif_spread_text(buf *out, const bonus *b, const spread *s, const char *indent)
{
    const rules *r = b->rules;
    int bad = buf_printf(out, "%s不同的总分：%zu 种（%zu 个单位）\n", indent, s->distinct_totals,
                         s->n_units);
    if (s->n_units > 0) {
        bad |= buf_printf(out, "%s同分最多的总分：", indent) ||
               num_format_fixed(out, s->largest_tie_cents, 2) || buf_puts(out, " 分，") ||
               count_share(out, s->largest_tie, s->n_units) || buf_putc(out, '\n');
    }
    if (rules_total_cap_cents(r) >= 0)
        bad |= buf_printf(out, "%s达到总分上限 ", indent) ||
               num_format_fixed(out, rules_total_cap_cents(r), 2) || buf_puts(out, " 分的：") ||
               count_share(out, s->at_total_cap, s->n_units) || buf_putc(out, '\n');
    for (size_t i = 0; i < s->n_rules && !bad; i++) {
        if (rules_cap_cents(r, i) < 0)
            continue;
        bad |= buf_printf(out, "%s“%s”达到本条上限 ", indent, rules_label(r, i)) ||
               num_format_fixed(out, rules_cap_cents(r, i), 2) || buf_puts(out, " 分的：") ||
               count_share(out, s->at_rule_cap[i], s->n_units) || buf_putc(out, '\n');
    }
    return bad ? -1 : 0;
}

typedef struct move { size_t pos; int64_t delta; } move;    /* pos: in unit_id order */

static int by_move(const void *a, const void *b)
{
    const move *x = a, *y = b;
    int64_t ax = llabs(x->delta), ay = llabs(y->delta);
    if (ax != ay)
        return ax < ay ? 1 : -1;
    return x->pos < y->pos ? -1 : x->pos > y->pos;
}

/* Of the units sharing the base's largest tie: how many have another total under the
   proposed rules, and the largest group of them still sharing one total (*stay, *at). */
static int tie_left(const bonus *base, const bonus *proposed, const spread *sb, size_t *left,
                    size_t *stay, int64_t *at)
{
    int64_t *t = mem_alloc((sb->largest_tie ? sb->largest_tie : 1) * sizeof *t);
    if (!t)
        return -1;
    size_t k = 0;
    *left = *stay = 0;
    *at = 0;
    for (size_t u = 0; u < base->n_units; u++)
        if (base->units[u].total_cents == sb->largest_tie_cents) {
            t[k] = proposed->units[u].total_cents;
            *left += t[k++] != sb->largest_tie_cents;
        }
    for (size_t i = 0; i < k; i++) {
        size_t same = 0;
        for (size_t j = 0; j < k; j++)
            same += t[j] == t[i];
        if (same > *stay || (same == *stay && t[i] > *at)) {
            *stay = same;
            *at = t[i];
        }
    }
    mem_free(t);
    return 0;
}

int whatif_summary(buf *out, const bonus *base, const bonus *proposed, const figures *f)
{
    const ledger *l = f->ledger;
    size_t n = l->n_units, up = 0, down = 0, n_moves = 0;
    spread sb, sp;
    int bad = 0;
    memset(&sb, 0, sizeof sb);
    memset(&sp, 0, sizeof sp);
    move *moves = mem_alloc((n ? n : 1) * sizeof *moves);
    uint32_t *rank = mem_alloc(2 * (n ? n : 1) * sizeof *rank);
    if (!moves || !rank || spread_compute(base, &sb) != TZ_OK ||
        spread_compute(proposed, &sp) != TZ_OK) {
        bad = 1;
        goto out;
    }
    spread_ranks(base, rank);
    spread_ranks(proposed, rank + n);
    for (size_t i = 0; i < n; i++) {
        uint32_t u = f->unit_order[i];
        int64_t d = proposed->units[u].total_cents - base->units[u].total_cents;
        up += d > 0;
        down += d < 0;
        if (d != 0)
            moves[n_moves++] = (move){i, d};
    }
    qsort(moves, n_moves, sizeof *moves, by_move);
    bad |= buf_printf(out, "规则比较：%s → %s，%d 年，%zu 个单位\n",
                      rules_source_name(base->rules), rules_source_name(proposed->rules),
                      l->year, n);
    bad |= buf_printf(out, "总分有变化的单位：%zu 个（上升 %zu 个，下降 %zu 个，不变 %zu 个）\n",
                      up + down, up, down, n - up - down);
    if (n_moves > 0)
        bad |= buf_puts(out, "变化最大的单位：\n");
    for (size_t i = 0; i < n_moves && i < LARGEST_MOVES && !bad; i++) {
        size_t u = f->unit_order[moves[i].pos];
        bad |= buf_printf(out, "  %s %s：", l->units[u].id, l->units[u].name) ||
               num_format_fixed(out, base->units[u].total_cents, 2) || buf_puts(out, " → ") ||
               num_format_fixed(out, proposed->units[u].total_cents, 2) ||
               buf_puts(out, moves[i].delta > 0 ? "（+" : "（") ||
               num_format_fixed(out, moves[i].delta, 2) ||
               buf_printf(out, " 分），名次 %u → %u\n", rank[u], rank[n + u]);
    }
    double rho;
    if (spread_spearman(base, proposed, &rho) == 0)
        bad |= buf_printf(out, "两种规则下名次的等级相关（Spearman）：%.4f\n", rho);
    else
        bad |= buf_puts(out, "两种规则下名次的等级相关（Spearman）：无法计算（单位少于两个，或所有单位同分）\n");
    bad |= buf_printf(out, "原规则 %s 下：\n", rules_source_name(base->rules)) ||
           whatif_spread_text(out, base, &sb, "  ");
    bad |= buf_printf(out, "新规则 %s 下：\n", rules_source_name(proposed->rules)) ||
           whatif_spread_text(out, proposed, &sp, "  ");
    if (!bad && sb.largest_tie > 1) {
        size_t left, stay;
        int64_t at;
        if (tie_left(base, proposed, &sb, &left, &stay, &at) != 0) {
            bad = 1;
            goto out;
        }
        bad |= buf_puts(out, "原规则下同为 ") || num_format_fixed(out, sb.largest_tie_cents, 2) ||
               buf_printf(out, " 分的 %zu 个单位：新规则下 %zu 个离开了这一同分；"
                               "其中同分最多的一组 %zu 个单位（", sb.largest_tie, left, stay) ||
               num_format_fixed(out, at, 2) || buf_puts(out, " 分）\n");
    }
out:
    spread_release(&sb);
    spread_release(&sp);
    mem_free(moves);
    mem_free(rank);
    return bad ? -1 : 0;
}
