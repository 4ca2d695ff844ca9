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

/* Which rules count an activity and which activities(...) match it depend on the
   activity and on the unit's relation to it (leads it, took part: the top bits of each
   entry of the unit's list, FIGURES_RELATION_BITS). So each activity gets, once, the
   rules that count it for each relation (RELATIONS slots, indexed by the relation bits
   shifted down) and the counts it matches. A unit is then one walk over its activity
   list, with no search and no string. */
#define RELATION_SHIFT 30
#define RELATIONS 4

typedef struct evaluator {
    const rules *r;
    const figures *f;
    size_t unit;
    int32_t *count_category;    /* per count spec: category index, -1 none matches, -2 any */
    int32_t *count_campaign;
    size_t rule_words;          /* 64-bit words of a rule set; 0 when no rule counts activities */
    size_t count_words;         /* 64-bit words of a count set; 0 without activities(...) */
    uint64_t *rule_sets;        /* [activity][RELATIONS][rule_words] */
    uint64_t *count_sets;       /* [activity][count_words] */
    uint8_t *reading;           /* [n_rules]: 1 when the rule counts activities */
    size_t n_reading;
    size_t reserved_for;        /* each reading rule's counted list has room for this many */
    int64_t *counts;            /* [n_counts]: the current unit's activities(...) values */
    uint32_t **counted;         /* [n_rules]: the current unit's counted activities */
    size_t *n_counted, *cap_counted;
    buf scratch;                /* format_reads */
    uint32_t *block;            /* the bonus's block being filled with activity lists */
    size_t block_used, block_cap;
    size_t rest_bound;          /* the most entries the units not yet done can add */
    int overflow;
} evaluator;

static int count_matches(const evaluator *e, size_t spec, uint32_t activity)
{
    const ledger_activity *a = &e->f->ledger->activities[activity];
    int32_t cat = e->count_category[spec], camp = e->count_campaign[spec];
    return (cat == -2 || (cat >= 0 && a->category == cat)) &&
           (camp == -2 || (camp >= 0 && a->campaign == camp));
}

static int rule_counts(const evaluator *e, const rule *ru, uint32_t activity, uint32_t relation)
{
    const ledger_activity *a = &e->f->ledger->activities[activity];
    for (size_t k = 0; k < ru->n_reads; k++) {
        const read_ref *rd = &ru->reads[k];
        const figures_column *c = &FIGURES_UNIT_COLUMNS[rd->index];
        if (rd->is_count ? count_matches(e, (size_t)rd->index, activity)
                         : c->counts && c->counts(a, relation))
            return 1;
    }
    return 0;
}

static int reads_activities(const rule *ru)
{
    int any = 0;
    for (size_t k = 0; k < ru->n_reads; k++)
        any |= ru->reads[k].is_count || FIGURES_UNIT_COLUMNS[ru->reads[k].index].counts != NULL;
    return any;
}

/* The per-activity sets above. Returns 0, -1 when out of memory. */
static int build_sets(evaluator *e)
{
    const ledger *l = e->f->ledger;
    const rules *r = e->r;
    int any_rule = 0;
    e->reading = mem_calloc(r->n_rules + 1, 1);
    if (!e->reading)
        return -1;
    for (size_t i = 0; i < r->n_rules; i++) {
        e->reading[i] = (uint8_t)reads_activities(&r->rules[i]);
        e->n_reading += e->reading[i];
        any_rule |= e->reading[i];
    }
    e->rule_words = any_rule ? (r->n_rules + 63) / 64 : 0;
    e->count_words = (r->n_counts + 63) / 64;
    size_t na = l->n_activities ? l->n_activities : 1;
    if (e->rule_words) {
        e->rule_sets = mem_calloc(na * RELATIONS, e->rule_words * sizeof *e->rule_sets);
        if (!e->rule_sets)
            return -1;
    }
    if (e->count_words) {
        e->count_sets = mem_calloc(na, e->count_words * sizeof *e->count_sets);
        if (!e->count_sets)
            return -1;
    }
    for (size_t a = 0; a < l->n_activities; a++) {
        for (uint32_t v = 1; v < RELATIONS && e->rule_words; v++) {
            uint64_t *set = e->rule_sets + (a * RELATIONS + v) * e->rule_words;
            for (size_t i = 0; i < r->n_rules; i++)
                if (rule_counts(e, &r->rules[i], (uint32_t)a, v << RELATION_SHIFT))
                    set[i / 64] |= (uint64_t)1 << (i % 64);
        }
        for (size_t s = 0; s < r->n_counts; s++)
            if (count_matches(e, s, (uint32_t)a))
                e->count_sets[a * e->count_words + s / 64] |= (uint64_t)1 << (s % 64);
    }
    return 0;
}

/* One walk over the current unit's activities: its activities(...) values and the
   activities each rule counts. Returns 0, -1 when out of memory. */
static int walk_unit(evaluator *e)
{
    const figures_unit *fu = &e->f->units[e->unit];
    const size_t rw = e->rule_words, cw = e->count_words;
    if (rw == 0 && cw == 0)
        return 0;
    size_t n = fu->n_activities;
    if (rw == 1 && n > e->reserved_for && n * e->n_reading <= ((size_t)1 << 24)) {
        /* room for the whole list in each rule that counts activities (bounded: beyond
           that the walk grows the lists as it goes) */
        for (size_t i = 0; i < e->r->n_rules; i++)
            if (e->reading[i] && mem_grow(&e->counted[i], &e->cap_counted[i], n,
                                          sizeof *e->counted[i]) != 0)
                return -1;
        e->reserved_for = n;
    }
    for (size_t s = 0; s < e->r->n_counts; s++)
        e->counts[s] = 0;
    for (size_t i = 0; i < e->r->n_rules; i++)
        e->n_counted[i] = 0;
    if (rw == 1 && cw == 0 && e->reserved_for >= n) {
        /* The common case: at most 64 rules, no activities(...), room reserved. */
        const uint64_t *sets = e->rule_sets;
        uint32_t **counted = e->counted;
        size_t *n_counted = e->n_counted;
        for (size_t i = 0; i < n; i++) {
            uint32_t entry = fu->activities[i], a = FIGURES_ACTIVITY(entry);
            size_t slot = (size_t)a * RELATIONS + (entry >> RELATION_SHIFT);
            for (uint64_t m = sets[slot]; m; m &= m - 1) {
                size_t k = (size_t)__builtin_ctzll(m);
                counted[k][n_counted[k]++] = a;
            }
        }
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t entry = fu->activities[i], a = FIGURES_ACTIVITY(entry);
        size_t slot = (size_t)a * RELATIONS + (entry >> RELATION_SHIFT);
        for (size_t w = 0; w < rw; w++)
            for (uint64_t m = e->rule_sets[slot * rw + w]; m; m &= m - 1) {
                size_t k = w * 64 + (size_t)__builtin_ctzll(m);
                if (e->n_counted[k] == e->cap_counted[k] &&
                    mem_grow(&e->counted[k], &e->cap_counted[k], e->n_counted[k] + 1,
                             sizeof *e->counted[k]) != 0)
                    return -1;
                e->counted[k][e->n_counted[k]++] = a;
            }
        for (size_t w = 0; w < cw; w++)
            for (uint64_t m = e->count_sets[(size_t)a * cw + w]; m; m &= m - 1)
                e->counts[w * 64 + (size_t)__builtin_ctzll(m)]++;
    }
    return 0;
}

static rat count_value(const evaluator *e, size_t spec)
{
    return rat_make(e->counts[spec], 1);
}

static rat figure_value(const evaluator *e, int32_t col)
{
    figures_value v = FIGURES_UNIT_COLUMNS[col].value(&e->f->units[e->unit]);
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
static char *format_reads(evaluator *e, const read_ref *reads, size_t n)
{
    buf b = e->scratch;         /* reused: its room is kept from one call to the next */
    buf_clear(&b);
    int bad = buf_reserve(&b, 40 * n);
    for (size_t i = 0; i < n && !bad; i++) {
        if (i > 0)
            bad |= buf_puts(&b, "; ");
        if (reads[i].is_count) {
            bad |= buf_puts(&b, e->r->counts[reads[i].index].text) || buf_putc(&b, '=');
            bad |= format_value(&b, count_value(e, (size_t)reads[i].index), 0);
        } else {
            const figures_column *c = &FIGURES_UNIT_COLUMNS[reads[i].index];
            bad |= buf_puts(&b, c->key) || buf_putc(&b, '=');
            bad |= format_value(&b, figure_value(e, reads[i].index), c->places);
        }
    }
    e->scratch = b;
    return bad ? NULL : mem_strndup(b.data, b.len);
}

/* Room for n more entries in the bonus's current block of activity lists, a new block
   when it is full. Returns the room, NULL when out of memory. */
static uint32_t *block_room(evaluator *e, bonus *b, size_t n)
{
    if (e->block && e->block_used + n <= e->block_cap)
        return e->block + e->block_used;
    /* a block holds what the rest of the units may need at most, up to 4M entries */
    size_t cap = e->rest_bound < ((size_t)1 << 22) ? e->rest_bound : ((size_t)1 << 22);
    if (cap < n)
        cap = n;
    if (mem_grow(&b->blocks, &b->cap_blocks, b->n_blocks + 1, sizeof *b->blocks) != 0)
        return NULL;
    uint32_t *block = mem_alloc(cap * sizeof *block);
    if (!block)
        return NULL;
    mem_advise_huge(block, cap * sizeof *block);
    b->blocks[b->n_blocks++] = block;
    e->block = block;
    e->block_used = 0;
    e->block_cap = cap;
    return block;
}

/* The activities of the unit that the rule's activity counts counted, ascending (from
   the walk over the unit's list), into the bonus's blocks. */
static int collect_activities(evaluator *e, bonus *b, size_t i, bonus_line *line)
{
    line->reads_activities = reads_activities(&e->r->rules[i]);
    size_t n = e->n_counted[i];
    if (!line->reads_activities || n == 0)
        return 0;
    uint32_t *room = block_room(e, b, n);
    if (!room)
        return -1;
    memcpy(room, e->counted[i], n * sizeof *room);
    e->block_used += n;
    line->activities = room;
    line->n_activities = n;
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

void bonus_free(bonus *b)
{
    if (!b)
        return;
    for (size_t u = 0; b->units && u < b->n_units; u++) {
        bonus_unit *bu = &b->units[u];
        if (bu->lines)
            for (size_t i = 0; i < rules_count(b->rules); i++)
                mem_free(bu->lines[i].reads);
        mem_free(bu->lines);
        mem_free(bu->gate_reads);
    }
    mem_free(b->units);
    for (size_t i = 0; i < b->n_blocks; i++)
        mem_free(b->blocks[i]);
    mem_free(b->blocks);
    mem_free(b);
}

int64_t bonus_units_with_points(const bonus *b)
{
    int64_t n = 0;
    for (size_t u = 0; b && u < b->n_units; u++)
        n += b->units[u].total_cents > 0;
    return n;
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
    if (!b->units || !e.count_category || !e.count_campaign) {
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
    e.counts = mem_calloc(r->n_counts + 1, sizeof *e.counts);
    e.counted = mem_calloc(r->n_rules + 1, sizeof *e.counted);
    e.n_counted = mem_calloc(r->n_rules + 1, sizeof *e.n_counted);
    e.cap_counted = mem_calloc(r->n_rules + 1, sizeof *e.cap_counted);
    if (!e.counts || !e.counted || !e.n_counted || !e.cap_counted || build_sets(&e) != 0) {
        st = TZ_NOMEM;
        goto out;
    }

    for (size_t u = 0; u < l->n_units; u++)
        e.rest_bound += f->units[u].n_activities * e.n_reading;
    int64_t all_cents = 0;      /* the units' totals added up: what charts and stats sum */
    for (size_t u = 0; u < l->n_units; u++) {
        bonus_unit *bu = &b->units[u];
        e.unit = u;
        bu->lines = mem_calloc(r->n_rules ? r->n_rules : 1, sizeof *bu->lines);
        if (!bu->lines || walk_unit(&e) != 0) {
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
            if (!line->reads || collect_activities(&e, b, i, line) != 0) {
                st = TZ_NOMEM;
                goto out;
            }
        }
        e.rest_bound -= f->units[u].n_activities * e.n_reading;
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
        if (__builtin_add_overflow(all_cents, bu->total_cents, &all_cents)) {
            st = TZ_CONFIG;
            if (err && buf_printf(err, "%s: 到单位 %s 为止，各单位加分的合计超出了计算范围：请检查规则的乘数\n",
                                  r->name, l->units[u].id) != 0)
                st = TZ_NOMEM;
            goto out;
        }
    }
    *out = b;
    b = NULL;
out:
    bonus_free(b);
    mem_free(e.count_category);
    mem_free(e.count_campaign);
    mem_free(e.rule_sets);
    mem_free(e.count_sets);
    buf_release(&e.scratch);
    mem_free(e.reading);
    mem_free(e.counts);
    for (size_t i = 0; e.counted && i < r->n_rules; i++)
        mem_free(e.counted[i]);
    mem_free(e.counted);
    mem_free(e.n_counted);
    mem_free(e.cap_counted);
    return st;
}

tz_status rules_apply(const rules *r, const figures *f, bonus **out)
{
    return rules_apply_err(r, f, out, NULL);
}
