/* rules/rules_eval.c — applies parsed rules to the per-unit figures: exact rational
   arithmetic, each rule rounded half up to 0.01 before its cap, the total cap shared out
   in the order of the file, the gate last. Records what each rule read and which
   activities counted, for tables/bonus_audit.csv and `explain`.
   May call: base/, rules/rat, pipeline/figures, input/ledger. */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "base/num.h"
#include "rules/rules_int.h"

/* Which activities an activity-count figure counts (see docs/figures.md). */
typedef enum { AC_NONE, AC_INDEPENDENT, AC_GROUP, AC_COMMITTEE, AC_DEMANDS } activity_count;

typedef struct evaluator {
    const rules *r;
    const figures *f;
    size_t unit;
    int32_t *count_category;    /* per count spec: category index, -1 none matches, -2 any */
    int32_t *count_campaign;
    activity_count *column_kind;/* per figure column */
    uint64_t *pairs;            /* sorted (unit << 32 | activity) of participation rows */
    size_t n_pairs;
    int overflow;
} evaluator;

static int participated(const evaluator *e, size_t unit, uint32_t activity)
{
    uint64_t key = ((uint64_t)unit << 32) | activity;
    size_t lo = 0, hi = e->n_pairs;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (e->pairs[mid] < key) lo = mid + 1;
        else hi = mid;
    }
    return lo < e->n_pairs && e->pairs[lo] == key;
}

static int count_matches(const evaluator *e, size_t spec, uint32_t activity)
{
    const ledger_activity *a = &e->f->ledger->activities[activity];
    int32_t cat = e->count_category[spec], camp = e->count_campaign[spec];
    return (cat == -2 || (cat >= 0 && a->category == cat)) &&
           (camp == -2 || (camp >= 0 && a->campaign == camp));
}

static int column_matches(const evaluator *e, activity_count kind, uint32_t activity)
{
    const ledger_activity *a = &e->f->ledger->activities[activity];
    switch (kind) {
    case AC_INDEPENDENT: return a->mode == MODE_INDEPENDENT && a->lead_unit == (int32_t)e->unit;
    case AC_GROUP: return a->mode == MODE_GROUP;
    case AC_COMMITTEE: return a->mode == MODE_COMMITTEE && participated(e, e->unit, activity);
    case AC_DEMANDS: return a->lead_unit == (int32_t)e->unit && a->demand != LEDGER_NONE;
    default: return 0;
    }
}

static rat count_value(const evaluator *e, size_t spec)
{
    const figures_unit *fu = &e->f->units[e->unit];
    int64_t n = 0;
    for (size_t i = 0; i < fu->n_activities; i++)
        n += count_matches(e, spec, fu->activities[i]);
    return rat_make(n, 1);
}

static rat figure_value(const evaluator *e, int32_t col)
{
    figures_value v = figures_unit_value(e->f, e->unit, (size_t)col);
    return v.den == 0 ? RAT_UNDEFINED : rat_make(v.num, v.den);
}

static int eval_bool(evaluator *e, int32_t nd);

static rat eval_num(evaluator *e, int32_t nd)
{
    const node *n = &e->r->nodes[nd];
    rat a, b, out = RAT_UNDEFINED;
    int bad = 0;
    switch (n->kind) {
    case N_NUM: return n->value;
    case N_FIGURE: return figure_value(e, n->index);
    case N_COUNT: return count_value(e, (size_t)n->index);
    case N_NEG:
        a = eval_num(e, n->a);
        if (rat_defined(a))
            a.num = -a.num;
        return a;
    case N_ADD: case N_SUB: case N_MUL: case N_DIV:
        a = eval_num(e, n->a);
        b = eval_num(e, n->b);
        bad = n->kind == N_ADD ? rat_add(a, b, &out) : n->kind == N_SUB ? rat_sub(a, b, &out)
            : n->kind == N_MUL ? rat_mul(a, b, &out) : rat_div(a, b, &out);
        break;
    case N_MIN: case N_MAX:
        for (uint32_t i = 0; i < n->n; i++) {
            a = eval_num(e, e->r->args[n->first + i]);
            if (!rat_defined(a))
                return RAT_UNDEFINED;
            if (i == 0 || (n->kind == N_MIN ? rat_cmp(a, out) < 0 : rat_cmp(a, out) > 0))
                out = a;
        }
        return out;
    default:
        return RAT_UNDEFINED;
    }
    if (bad) {
        e->overflow = 1;
        return RAT_UNDEFINED;
    }
    return out;
}

static int compare(node_kind k, rat a, rat b)
{
    if (!rat_defined(a) || !rat_defined(b))
        return 0;                    /* an undefined value satisfies no comparison */
    int c = rat_cmp(a, b);
    switch (k) {
    case N_LT: return c < 0;
    case N_LE: return c <= 0;
    case N_GT: return c > 0;
    case N_GE: return c >= 0;
    case N_EQ: return c == 0;
    default: return c != 0;
    }
}

static int eval_bool(evaluator *e, int32_t nd)
{
    const node *n = &e->r->nodes[nd];
    switch (n->kind) {
    case N_AND: return eval_bool(e, n->a) && eval_bool(e, n->b);
    case N_OR: return eval_bool(e, n->a) || eval_bool(e, n->b);
    case N_NOT: return !eval_bool(e, n->a);
    default: return compare(n->kind, eval_num(e, n->a), eval_num(e, n->b));
    }
}

/* Appends a value: "3", "12.5", "0.2500", "1999/9997≈0.199960", "未定义". */
static int format_value(buf *b, rat v, int places)
{
    if (!rat_defined(v))
        return buf_puts(b, "未定义");
    int64_t pow10 = 1;
    int k = 0;
    while (k < 7 && pow10 % v.den != 0) {
        pow10 *= 10;
        k++;
    }
    if (pow10 % v.den == 0) {
        if (places < k)
            places = k;
        __int128 m = 1;
        for (int i = 0; i < places; i++)
            m *= 10;
        __int128 q = (__int128)v.num * m / v.den;      /* exact: den divides 10^places */
        if (q <= INT64_MAX && q >= -(__int128)INT64_MAX)
            return num_format_fixed(b, (int64_t)q, places);
    }
    int64_t approx;
    if (num_ratio_scaled(v.num, v.den, 6, &approx) != 0)
        return buf_printf(b, "%lld/%lld", (long long)v.num, (long long)v.den);
    if (buf_printf(b, "%lld/%lld≈", (long long)v.num, (long long)v.den) != 0)
        return -1;
    return num_format_fixed(b, approx, 6);
}

/* "name=value; …" for a list of reads, for the current unit. Returns NULL out of memory. */
static char *format_reads(const evaluator *e, const read_ref *reads, size_t n)
{
    buf b = BUF_INIT;
    int bad = buf_puts(&b, "");
    for (size_t i = 0; i < n && !bad; i++) {
        if (i > 0)
            bad |= buf_puts(&b, "; ");
        if (reads[i].is_count) {
            bad |= buf_printf(&b, "%s=", e->r->counts[reads[i].index].text);
            bad |= format_value(&b, count_value(e, (size_t)reads[i].index), 0);
        } else {
            const figures_column *c = &FIGURES_UNIT_COLUMNS[reads[i].index];
            bad |= buf_printf(&b, "%s=", c->name);
            bad |= format_value(&b, figure_value(e, reads[i].index), c->places);
        }
    }
    if (bad) {
        buf_release(&b);
        return NULL;
    }
    return buf_steal(&b);
}

/* The activities of the unit that the rule's activity counts counted, ascending. */
static int collect_activities(const evaluator *e, const rule *ru, bonus_line *line)
{
    const figures_unit *fu = &e->f->units[e->unit];
    int any = 0;
    for (size_t k = 0; k < ru->n_reads; k++)
        any |= ru->reads[k].is_count || e->column_kind[ru->reads[k].index] != AC_NONE;
    line->reads_activities = any;
    if (!any || fu->n_activities == 0)
        return 0;
    line->activities = mem_alloc(fu->n_activities * sizeof *line->activities);
    if (!line->activities)
        return -1;
    for (size_t i = 0; i < fu->n_activities; i++) {
        uint32_t a = fu->activities[i];
        int counted = 0;
        for (size_t k = 0; k < ru->n_reads && !counted; k++)
            counted = ru->reads[k].is_count ? count_matches(e, (size_t)ru->reads[k].index, a)
                                            : column_matches(e, e->column_kind[ru->reads[k].index], a);
        if (counted)
            line->activities[line->n_activities++] = a;
    }
    return 0;
}

/* The rule's points for the current unit as an exact value (0 when its condition fails,
   when no tier is reached, or when the value is undefined or negative). */
static rat rule_value(evaluator *e, const rule *ru)
{
    rat zero = rat_make(0, 1), v = zero;
    if (ru->when >= 0 && !eval_bool(e, ru->when))
        return zero;
    if (ru->points >= 0) {
        v = eval_num(e, ru->points);
    } else {
        rat s = eval_num(e, ru->tier_subject);
        int32_t chosen = -1;
        for (size_t t = 0; t < ru->n_tiers; t++)   /* loosest first: the last met is the highest */
            if (compare(ru->tiers[t].op, s, ru->tiers[t].threshold))
                chosen = ru->tiers[t].points;
        if (chosen >= 0)
            v = eval_num(e, chosen);
    }
    if (!rat_defined(v) || v.num < 0)
        return zero;
    return v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

void bonus_free(bonus *b)
{
    if (!b)
        return;
    for (size_t u = 0; b->units && u < b->n_units; u++) {
        bonus_unit *bu = &b->units[u];
        if (bu->lines)
            for (size_t i = 0; i < rules_count(b->rules); i++) {
                mem_free(bu->lines[i].reads);
                mem_free(bu->lines[i].activities);
            }
        mem_free(bu->lines);
        mem_free(bu->gate_reads);
    }
    mem_free(b->units);
    mem_free(b);
}

tz_status rules_apply_err(const rules *r, const figures *f, bonus **out, buf *err)
{
    tz_status st = TZ_OK;
    evaluator e;
    memset(&e, 0, sizeof e);
    e.r = r;
    e.f = f;
    *out = NULL;
    const ledger *l = f->ledger;
    bonus *b = mem_calloc(1, sizeof *b);
    if (!b)
        return TZ_NOMEM;
    b->rules = r;
    b->n_units = l->n_units;
    b->units = mem_calloc(l->n_units ? l->n_units : 1, sizeof *b->units);
    e.count_category = mem_calloc(r->n_counts + 1, sizeof *e.count_category);
    e.count_campaign = mem_calloc(r->n_counts + 1, sizeof *e.count_campaign);
    e.column_kind = mem_calloc(FIGURES_UNIT_COLUMN_COUNT + 1, sizeof *e.column_kind);
    if (!b->units || !e.count_category || !e.count_campaign || !e.column_kind) {
        st = TZ_NOMEM;
        goto out;
    }
    /* Names in activities(...) against this year's ledger: a name nobody used counts 0. */
    for (size_t i = 0; i < r->n_counts; i++) {
        const count_spec *c = &r->counts[i];
        e.count_category[i] = c->category ? -1 : -2;
        e.count_campaign[i] = c->campaign ? -1 : -2;
        for (size_t k = 0; c->category && k < l->n_categories; k++)
            if (strcmp(l->categories[k], c->category) == 0)
                e.count_category[i] = (int32_t)k;
        for (size_t k = 0; c->campaign && k < l->n_campaigns; k++)
            if (strcmp(l->campaigns[k], c->campaign) == 0)
                e.count_campaign[i] = (int32_t)k;
    }
    int need_pairs = 0;
    for (size_t i = 0; i < FIGURES_UNIT_COLUMN_COUNT; i++) {
        const char *name = FIGURES_UNIT_COLUMNS[i].name;
        e.column_kind[i] = strcmp(name, "activities_independent") == 0 ? AC_INDEPENDENT
                         : strcmp(name, "activities_group") == 0 ? AC_GROUP
                         : strcmp(name, "activities_committee") == 0 ? AC_COMMITTEE
                         : strcmp(name, "demands_answered") == 0 ? AC_DEMANDS : AC_NONE;
        if (e.column_kind[i] == AC_COMMITTEE)
            for (size_t k = 0; k < r->n_rules; k++)
                for (size_t j = 0; j < r->rules[k].n_reads; j++)
                    need_pairs |= !r->rules[k].reads[j].is_count && r->rules[k].reads[j].index == (int32_t)i;
    }
    if (need_pairs) {
        /* (unit, activity) of the rows of 工委统一组织 activities only, sorted, distinct:
           small next to the participation table */
        size_t n = 0;
        for (size_t i = 0; i < l->n_participation; i++)
            n += l->activities[l->participation[i].activity].mode == MODE_COMMITTEE;
        e.pairs = mem_alloc((n ? n : 1) * sizeof *e.pairs);
        if (!e.pairs) {
            st = TZ_NOMEM;
            goto out;
        }
        for (size_t i = 0; i < l->n_participation; i++) {
            const ledger_participation *p = &l->participation[i];
            if (l->activities[p->activity].mode == MODE_COMMITTEE)
                e.pairs[e.n_pairs++] = ((uint64_t)p->unit << 32) | p->activity;
        }
        qsort(e.pairs, e.n_pairs, sizeof *e.pairs, cmp_u64);
        size_t k = 0;
        for (size_t i = 0; i < e.n_pairs; i++)
            if (k == 0 || e.pairs[i] != e.pairs[k - 1])
                e.pairs[k++] = e.pairs[i];
        e.n_pairs = k;
    }

    for (size_t u = 0; u < l->n_units; u++) {
        bonus_unit *bu = &b->units[u];
        e.unit = u;
        bu->lines = mem_calloc(r->n_rules ? r->n_rules : 1, sizeof *bu->lines);
        if (!bu->lines) {
            st = TZ_NOMEM;
            goto out;
        }
        int64_t remaining = r->total_cap_cents;     /* -1: unlimited */
        for (size_t i = 0; i < r->n_rules; i++) {
            const rule *ru = &r->rules[i];
            bonus_line *line = &bu->lines[i];
            e.overflow = 0;
            rat v = rule_value(&e, ru);
            if (e.overflow || rat_to_cents(v, &line->raw_cents) != 0) {
                st = TZ_CONFIG;
                if (err && buf_printf(err, "%s:%u:1: 规则“%s”对单位 %s 算出的数太大，超出了计算范围：请检查这条规则的乘数\n",
                                      r->name, (unsigned)ru->line, ru->id, l->units[u].id) != 0)
                    st = TZ_NOMEM;
                goto out;
            }
            line->capped_cents = ru->cap_cents >= 0 && line->raw_cents > ru->cap_cents
                               ? ru->cap_cents : line->raw_cents;
            line->final_cents = remaining >= 0 && line->capped_cents > remaining
                              ? remaining : line->capped_cents;
            if (remaining >= 0)
                remaining -= line->final_cents;
            if (__builtin_add_overflow(bu->total_cents, line->final_cents, &bu->total_cents)) {
                st = TZ_CONFIG;
                if (err && buf_printf(err, "%s: 单位 %s 的加分合计超出了计算范围\n", r->name, l->units[u].id) != 0)
                    st = TZ_NOMEM;
                goto out;
            }
            line->reads = format_reads(&e, ru->reads, ru->n_reads);
            if (!line->reads || collect_activities(&e, ru, line) != 0) {
                st = TZ_NOMEM;
                goto out;
            }
        }
        if (r->gate >= 0) {
            bu->gate_reads = format_reads(&e, r->gate_reads, r->n_gate_reads);
            if (!bu->gate_reads) {
                st = TZ_NOMEM;
                goto out;
            }
            if (!eval_bool(&e, r->gate)) {
                bu->gated_out = 1;
                bu->total_cents = 0;
                for (size_t i = 0; i < r->n_rules; i++)
                    bu->lines[i].final_cents = 0;
            }
        }
    }
    *out = b;
    b = NULL;
out:
    bonus_free(b);
    mem_free(e.count_category);
    mem_free(e.count_campaign);
    mem_free(e.column_kind);
    mem_free(e.pairs);
    return st;
}

tz_status rules_apply(const rules *r, const figures *f, bonus **out)
{
    return rules_apply_err(r, f, out, NULL);
}
