/* rules/rules_describe.c — each rule's scoring in words for the 考核细则 table of the report
   and tables/rules.csv: the figures by their Chinese names (FIGURES_UNIT_COLUMNS), the
   arithmetic with × ÷ ＋ −, tiers as "≥20%得0.3分", a rate's thresholds as percentages.
   May call: base/buf, pipeline/figures, rules/rat, rules_int.h. */
#include "rules/rules_int.h"

#include <stdio.h>
#include <string.h>

/* A rate column (its thresholds read best as percentages). */
static int is_rate(const struct rules *r, int32_t at)
{
    if (at < 0)
        return 0;
    const struct node *n = &r->nodes[at];
    return n->kind == N_FIGURE && n->index == FIGURES_PARTICIPATION_RATE;
}

/* num/den as a decimal (at most 4 places, trailing zeros dropped), ×100 with "%" when
   percent; "num/den" when no finite decimal of 4 places is exact. */
static int put_number(buf *out, rat v, int percent)
{
    int64_t num = v.num, den = v.den;
    if (den < 0) {
        num = -num;
        den = -den;
    }
    if (den == 0)
        return buf_puts(out, "未定义");
    if (percent)
        num *= 100;
    int64_t scaled;
    if ((num * 10000) % den != 0)
        return buf_printf(out, "%lld/%lld%s", (long long)num, (long long)den, percent ? "%" : "");
    scaled = num * 10000 / den;
    int neg = scaled < 0;
    if (neg)
        scaled = -scaled;
    int places = 4;
    long long f = (long long)(scaled % 10000);
    while (places > 0 && f % 10 == 0) {
        f /= 10;
        places--;
    }
    return buf_printf(out, "%s%lld", neg ? "－" : "", (long long)(scaled / 10000)) ||
           (places > 0 && buf_printf(out, ".%0*lld", places, f)) ||
           (percent && buf_puts(out, "%"));
}

static const char *op_text(node_kind k)
{
    switch (k) {
    case N_ADD: return "＋";
    case N_SUB: return "－";
    case N_MUL: return "×";
    case N_DIV: return "÷";
    case N_LT: return "＜";
    case N_LE: return "≤";
    case N_GT: return "＞";
    case N_GE: return "≥";
    case N_EQ: return "＝";
    case N_NE: return "≠";
    case N_AND: return "且";
    case N_OR: return "或";
    default: return "";
    }
}

static int put_node(const struct rules *r, int32_t i, int percent, int paren, buf *out);

static int put_count(const struct rules *r, const count_spec *c, buf *out)
{
    (void)r;
    int bad = 0;
    if (c->category)
        bad |= buf_printf(out, "“%s”类", c->category);
    if (c->campaign)
        bad |= buf_printf(out, "“%s”专项行动", c->campaign);
    bad |= buf_puts(out, "活动数");
    return bad;
}

static int put_node(const struct rules *r, int32_t i, int percent, int paren, buf *out)
{
    if (i < 0)
        return 0;
    const struct node *n = &r->nodes[i];
    int bad = 0;
    switch (n->kind) {
    case N_NUM:
        return put_number(out, n->value, percent);
    case N_FIGURE:
        return buf_puts(out, FIGURES_UNIT_COLUMNS[n->index].chinese);
    case N_COUNT:
        return put_count(r, &r->counts[n->index], out);
    case N_NEG:
        bad |= buf_puts(out, "－");
        return bad | put_node(r, n->a, percent, 1, out);
    case N_NOT:
        bad |= buf_puts(out, "并非（");
        bad |= put_node(r, n->a, 0, 0, out);
        return bad | buf_puts(out, "）");
    case N_MIN: case N_MAX:
        bad |= buf_puts(out, n->kind == N_MIN ? "取较小者（" : "取较大者（");
        for (uint32_t k = 0; k < n->n; k++) {
            if (k)
                bad |= buf_puts(out, "，");
            bad |= put_node(r, r->args[n->first + k], percent, 0, out);
        }
        return bad | buf_puts(out, "）");
    case N_LT: case N_LE: case N_GT: case N_GE: case N_EQ: case N_NE: {
        int pa = is_rate(r, n->b), pb = is_rate(r, n->a);
        bad |= put_node(r, n->a, pa, 1, out);
        bad |= buf_puts(out, op_text(n->kind));
        return bad | put_node(r, n->b, pb, 1, out);
    }
    default: {           /* + − × ÷ and, or */
        int group = paren && (n->kind == N_ADD || n->kind == N_SUB || n->kind == N_AND ||
                              n->kind == N_OR);
        if (group)
            bad |= buf_puts(out, "（");
        bad |= put_node(r, n->a, percent, 1, out);
        bad |= buf_puts(out, op_text(n->kind));
        bad |= put_node(r, n->b, percent, 1, out);
        if (group)
            bad |= buf_puts(out, "）");
        return bad;
    }
    }
}

int rules_describe(const struct rules *r, size_t i, buf *out)
{
    const rule *ru = &r->rules[i];
    int bad = 0;
    for (size_t c = 0; c < ru->n_conds; c++) {      /* every 条件 line must hold */
        bad |= buf_puts(out, c ? "且" : "在");
        bad |= put_node(r, ru->conds[c].node, 0, 0, out);
        if (c + 1 == ru->n_conds)
            bad |= buf_puts(out, "时，");
    }
    if (ru->points >= 0) {
        bad |= buf_puts(out, "得分＝");
        bad |= put_node(r, ru->points, 0, 0, out);
    } else if (ru->n_tiers > 0) {
        int pct = is_rate(r, ru->tier_subject);
        bad |= put_node(r, ru->tier_subject, 0, 0, out);
        for (size_t t = 0; t < ru->n_tiers; t++) {
            bad |= buf_puts(out, t ? "；" : "");
            bad |= buf_puts(out, op_text(ru->tiers[t].op));
            bad |= put_number(out, ru->tiers[t].threshold, pct);
            bad |= buf_puts(out, "得");
            bad |= put_node(r, ru->tiers[t].points, 0, 0, out);
            bad |= buf_puts(out, "分");
        }
        if (ru->n_tiers > 1)
            bad |= buf_puts(out, "（取达到的最高一档）");
    }
    return bad ? -1 : 0;
}

int rules_describe_gate(const struct rules *r, buf *out)
{
    if (r->gate < 0)
        return 0;
    return put_node(r, r->gate, 0, 0, out) ? -1 : 0;
}
