/* rules/suggest.c — the skills side of demand and supply, and the suggested teams for each
   open demand (suggest.h). The rule (docs/figures.md, "open_demands.csv"): open demands are
   taken oldest first; a team is a candidate when its members served the category this
   year, or it has members with a skill mapped to the category, or its 服务领域 names it;
   candidates are ranked by (1) served the category in the demand's area type this year,
   (2) has members with a mapped skill, (3) fewer open demands suggested to it so far, then
   more activities there, more skilled members, more activities of the category, 服务领域,
   and team_id. May call: base/, input/ledger, input/field (dates), pipeline/figures,
   pipeline/supply, rules/skills. */
#include "rules/suggest.h"
#include "base/buf.h"
#include "base/mem.h"
#include "input/field.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const char *suggest_area_name(area_type a)
{
    return a == AREA_OTHER ? "其他区域" : LEDGER_AREA_NAMES[a];
}

/* The categories one volunteer's skills serve: marks[k] = 1 (marks cleared by the
   caller). Returns how many categories were newly marked into list (their indices). */
static size_t volunteer_categories(const skills_map *m, const char *cell, uint8_t *marks,
                                   int32_t *list)
{
    size_t n = 0;
    const char *p = cell, *end = cell ? cell + strlen(cell) : NULL, *skill;
    size_t len;
    while (p && supply_next_name(&p, end, &skill, &len)) {
        const int32_t *cats;
        size_t nc = skills_categories(m, skill, len, &cats);
        for (size_t i = 0; i < nc; i++)
            if (!marks[cats[i]]) {
                marks[cats[i]] = 1;
                list[n++] = cats[i];
            }
    }
    return n;
}

/* Skilled volunteers per category (city-wide, the same for every area type) and per team. */
static tz_status count_skilled(supply *s, const skills_map *m)
{
    const ledger *l = s->ledger;
    size_t nc = s->n_categories;
    int64_t *skilled = mem_calloc(nc ? nc : 1, sizeof *skilled);
    int64_t *active = mem_calloc(nc ? nc : 1, sizeof *active);
    uint8_t *marks = mem_calloc(nc ? nc : 1, 1);
    int32_t *list = mem_alloc((nc ? nc : 1) * sizeof *list);
    tz_status st = TZ_NOMEM;
    if (!skilled || !active || !marks || !list)
        goto out;
    for (size_t v = 0; v < l->n_volunteers; v++) {
        const ledger_volunteer *vol = &l->volunteers[v];
        size_t n = volunteer_categories(m, vol->skills, marks, list);
        for (size_t i = 0; i < n; i++) {
            size_t k = (size_t)list[i];
            marks[k] = 0;
            skilled[k]++;
            if (s->figures->volunteer_hours_tenths[v] > 0)
                active[k]++;
            if (vol->team != LEDGER_NONE)
                s->team_skilled[(size_t)vol->team * nc + k]++;
        }
    }
    for (size_t k = 0; k < nc; k++)
        for (int a = 0; a < AREA_COUNT; a++) {
            supply_cell *c = &s->cells[supply_cell_at(k, (area_type)a)];
            c->skilled = skilled[k];
            c->skilled_active = active[k];
        }
    st = TZ_OK;
out:
    mem_free(skilled);
    mem_free(active);
    mem_free(marks);
    mem_free(list);
    return st;
}

/* ---- ranking the candidates ---------------------------------------------------------- */

static const ledger *pick_ledger;

static int by_rule(const void *a, const void *b)
{
    const supply_pick *x = a, *y = b;
    if ((x->here > 0) != (y->here > 0)) return x->here > 0 ? -1 : 1;
    if ((x->skilled > 0) != (y->skilled > 0)) return x->skilled > 0 ? -1 : 1;
    if (x->assigned != y->assigned) return x->assigned < y->assigned ? -1 : 1;
    if (x->here != y->here) return x->here > y->here ? -1 : 1;
    if (x->skilled != y->skilled) return x->skilled > y->skilled ? -1 : 1;
    if (x->category != y->category) return x->category > y->category ? -1 : 1;
    if (x->specialty != y->specialty) return x->specialty ? -1 : 1;
    return strcmp(pick_ledger->teams[x->team].id, pick_ledger->teams[y->team].id);
}

/* Demands oldest first, then by id: the order suggestions are handed out in. */
static int by_age(const void *a, const void *b)
{
    const supply_open *x = a, *y = b;
    const ledger_demand *dx = &pick_ledger->demands[x->demand], *dy = &pick_ledger->demands[y->demand];
    if (dx->submitted_on != dy->submitted_on)
        return dx->submitted_on < dy->submitted_on ? -1 : 1;
    return strcmp(dx->id, dy->id);
}

static int by_demand_id(const void *a, const void *b)
{
    const supply_open *x = a, *y = b;
    return strcmp(pick_ledger->demands[x->demand].id, pick_ledger->demands[y->demand].id);
}

/* The best SUPPLY_PICKS candidates for one open demand into o->picks, in order: one pass
   over the teams keeping the best few (a province has thousands of teams and tens of
   thousands of open demands). */
static void pick_teams(const supply *s, supply_open *o, const int64_t *assigned)
{
    const ledger *l = s->ledger;
    const ledger_demand *d = &l->demands[o->demand];
    size_t nc = s->n_categories, k = (size_t)d->category, n = 0;
    for (size_t t = 0; t < l->n_teams; t++) {
        const int32_t *cell = s->team_activities + (t * nc + k) * AREA_COUNT;
        supply_pick p = {(int32_t)t, cell[d->area], 0, s->team_skilled[t * nc + k], assigned[t],
                         s->team_specialty[t * nc + k], NULL};
        for (int a = 0; a < AREA_COUNT; a++)
            p.category += cell[a];
        if (p.category == 0 && p.skilled == 0 && !p.specialty)
            continue;                  /* not a candidate */
        size_t at = n;                 /* insert p among the best n, keeping their order */
        while (at > 0 && by_rule(&p, &o->picks[at - 1]) < 0)
            at--;
        if (at == SUPPLY_PICKS)
            continue;
        if (n < SUPPLY_PICKS)
            n++;
        memmove(&o->picks[at + 1], &o->picks[at], (n - 1 - at) * sizeof *o->picks);
        o->picks[at] = p;
    }
    o->n_picks = n;
}

/* ---- the reasons ----------------------------------------------------------------------- */

typedef struct skill_count { const char *s; size_t n; int64_t members; } skill_count;

static int by_members(const void *a, const void *b)
{
    const skill_count *x = a, *y = b;
    if (x->members != y->members)
        return x->members > y->members ? -1 : 1;
    size_t n = x->n < y->n ? x->n : y->n;
    int c = memcmp(x->s, y->s, n);
    return c ? c : (x->n > y->n) - (x->n < y->n);
}

/* "队员中有医疗护理4人、急救2人": the team's members by skill mapped to category k.
   members[first..first+count) are the team's volunteers. Returns 0, -1 (memory). */
static int skilled_words(buf *out, const supply *s, const skills_map *m, size_t k,
                         const uint32_t *members, size_t count)
{
    const ledger *l = s->ledger;
    skill_count *list = NULL;
    size_t n = 0, cap = 0;
    int r = -1;
    for (size_t i = 0; i < count; i++) {
        const char *cell = l->volunteers[members[i]].skills;
        const char *p = cell, *end = cell ? cell + strlen(cell) : NULL, *skill;
        size_t len;
        while (p && supply_next_name(&p, end, &skill, &len)) {
            const int32_t *cats;
            size_t nc = skills_categories(m, skill, len, &cats), j, again = 0;
            int serves = 0;
            for (j = 0; j < nc; j++)
                serves |= (size_t)cats[j] == k;
            const char *q = cell, *t;
            size_t tn;
            while (serves && supply_next_name(&q, skill, &t, &tn))
                again |= tn == len && memcmp(t, skill, len) == 0;
            if (!serves || again)
                continue;
            for (j = 0; j < n; j++)
                if (list[j].n == len && memcmp(list[j].s, skill, len) == 0)
                    break;
            if (j == n) {
                if (mem_grow(&list, &cap, n + 1, sizeof *list) != 0)
                    goto out;
                list[n++] = (skill_count){skill, len, 0};
            }
            list[j].members++;
        }
    }
    if (n > 1)
        qsort(list, n, sizeof *list, by_members);
    r = n ? buf_puts(out, "队员中有") : 0;
    for (size_t j = 0; j < n && r == 0; j++)
        r = buf_printf(out, "%s%.*s%lld人", j ? "、" : "", (int)list[j].n, list[j].s,
                       (long long)list[j].members);
out:
    mem_free(list);
    return r;
}

/* Appends one part of a reason, after "；" when it is not the first. Returns 0, -1. */
static int part(buf *out, size_t *parts, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int part(buf *out, size_t *parts, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = (*parts)++ ? buf_puts(out, "；") : 0;
    if (r == 0)
        r = buf_vprintf(out, fmt, ap);
    va_end(ap);
    return r;
}

/* The reason of pick p for demand d, e.g. "今年在牧区开展医疗卫生服务12次；队员中有医疗护理4人". */
static int reason(buf *out, const supply *s, const skills_map *m, const ledger_demand *d,
                  const supply_pick *p, const uint32_t *members, size_t count)
{
    const char *cat = s->ledger->categories[d->category];
    size_t parts = 0, n = strlen(cat);
    /* "开展医疗卫生服务", but "开展文化服务", not "文化服务服务" */
    const char *service = n >= 6 && memcmp(cat + n - 6, "服务", 6) == 0 ? "" : "服务";
    int r = 0;
    if (p->here > 0)
        r = part(out, &parts, "今年在%s开展%s%s%lld次", suggest_area_name(d->area), cat, service,
                 (long long)p->here);
    if (r == 0 && p->category > p->here)
        r = p->here > 0 ? part(out, &parts, "在其他区域开展%lld次", (long long)(p->category - p->here))
                        : part(out, &parts, "今年在其他区域开展%s%s%lld次", cat, service,
                               (long long)p->category);
    if (r == 0 && p->skilled > 0 && (r = part(out, &parts, "%s", "")) == 0)
        r = skilled_words(out, s, m, (size_t)d->category, members, count);
    if (r == 0 && p->specialty)
        r = part(out, &parts, "服务领域为%s", cat);
    if (r == 0 && p->assigned > 0)
        r = part(out, &parts, "已推荐承接%lld项更早的未响应需求", (long long)p->assigned);
    return r;
}

tz_status suggest_compute(supply *s, const skills_map *m)
{
    const ledger *l = s->ledger;
    size_t nc = s->n_categories, nt = l->n_teams, nopen = 0;
    tz_status st = TZ_NOMEM;
    supply_open *open = NULL;
    int64_t *assigned = mem_calloc(nt ? nt : 1, sizeof *assigned);
    size_t *first = mem_calloc(nt + 1, sizeof *first);
    uint32_t *members = mem_alloc((l->n_volunteers ? l->n_volunteers : 1) * sizeof *members);
    buf words = BUF_INIT;
    size_t cells = nt * nc > 0 ? nt * nc : 1;
    if (!s->team_skilled)
        s->team_skilled = mem_calloc(cells, sizeof *s->team_skilled);
    if (!assigned || !first || !members || !s->team_skilled)
        goto out;
    memset(s->team_skilled, 0, cells * sizeof *s->team_skilled);
    if ((st = count_skilled(s, m)) != TZ_OK)
        goto out;
    st = TZ_NOMEM;
    /* each team's members, for the reasons */
    for (size_t v = 0; v < l->n_volunteers; v++)
        if (l->volunteers[v].team != LEDGER_NONE)
            first[l->volunteers[v].team + 1]++;
    for (size_t t = 0; t < nt; t++)
        first[t + 1] += first[t];
    size_t n_members = nt ? first[nt] : 0;
    for (size_t v = l->n_volunteers; v-- > 0;)
        if (l->volunteers[v].team != LEDGER_NONE)
            members[--first[l->volunteers[v].team + 1]] = (uint32_t)v;
    /* now team t's members are members[first[t + 1] .. first[t + 2]), the last team's
       up to n_members */
    for (size_t d = 0; d < l->n_demands; d++)
        nopen += s->figures->demand_first_activity[d] == LEDGER_NONE;
    open = mem_calloc(nopen ? nopen : 1, sizeof *open);
    if (!open)
        goto out;
    nopen = 0;
    ledger_date year_end = field_days_from_civil(l->year, 12, 31);
    for (size_t d = 0; d < l->n_demands; d++)
        if (s->figures->demand_first_activity[d] == LEDGER_NONE)
            open[nopen++] = (supply_open){(int32_t)d, year_end - l->demands[d].submitted_on, 0, {{0}}};
    pick_ledger = l;
    qsort(open, nopen, sizeof *open, by_age);
    for (size_t i = 0; i < nopen; i++) {
        pick_teams(s, &open[i], assigned);
        for (size_t k = 0; k < open[i].n_picks; k++)
            assigned[open[i].picks[k].team]++;
    }
    for (size_t i = 0; i < nopen; i++) {
        const ledger_demand *d = &l->demands[open[i].demand];
        for (size_t k = 0; k < open[i].n_picks; k++) {
            supply_pick *p = &open[i].picks[k];
            size_t t = (size_t)p->team;
            size_t from = first[t + 1], to = t + 1 < nt ? first[t + 2] : n_members;
            buf_clear(&words);
            if (reason(&words, s, m, d, p, members + from, to - from) != 0 ||
                !(p->reason = mem_strdup(words.data ? words.data : "")))
                goto out;
        }
    }
    qsort(open, nopen, sizeof *open, by_demand_id);
    pick_ledger = NULL;
    st = TZ_OK;
out:
    if (st == TZ_OK) {
        s->open = open;
        s->n_open = nopen;
        s->n_open_suggested = 0;
        for (size_t i = 0; i < nopen; i++)
            s->n_open_suggested += open[i].n_picks > 0;
        s->suggested = 1;
        s->skills_source = skills_source_name(m);
        s->skills_text = skills_text(m, &s->skills_len);
        open = NULL;
    }
    if (open)
        for (size_t i = 0; i < nopen; i++)
            for (size_t k = 0; k < open[i].n_picks; k++)
                mem_free(open[i].picks[k].reason);
    mem_free(open);
    mem_free(assigned);
    mem_free(first);
    mem_free(members);
    buf_release(&words);
    return st;
}
