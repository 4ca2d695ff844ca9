/* rules/suggest.c — the skills side of demand and supply, and the suggested teams for each
   open demand (suggest.h). The rule (docs/figures.md, "open_demands.csv"): open demands are
   taken oldest first; a team is a candidate when its members served the category this
   year, or it has members with a skill mapped to the category, or its 服务领域 names it;
   candidates are ranked by (1) served the category in the demand's area type this year,
   (2) has members with a mapped skill, (3) fewer open demands suggested to it so far, then
   more activities there, more skilled members, more activities of the category, 服务领域,
   and team_id. Each (category, area type) keeps its candidates in a heap by that rule;
   the count of (3) only grows, so an entry is put right when it comes to the top, and a
   demand costs a few heap steps, not a pass over every team. May call: base/, input/ledger, input/field (dates), pipeline/figures,
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
static const uint32_t *pick_team_rank; /* each team's place in team_id byte order */

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
    uint32_t rx = pick_team_rank[x->team], ry = pick_team_rank[y->team];
    return (rx > ry) - (rx < ry);
}

/* Teams by team_id, then (for the same id twice) by ledger order. */
static int by_team_id(const void *a, const void *b)
{
    const uint32_t *x = a, *y = b;
    int c = strcmp(pick_ledger->teams[*x].id, pick_ledger->teams[*y].id);
    return c ? c : (*x > *y) - (*x < *y);
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

/* Team t's pick for a demand of category k in area type area: assigned 0, no reason. */
static supply_pick pick_of(const supply *s, size_t t, size_t k, area_type area)
{
    size_t nc = s->n_categories;
    const int32_t *cell = s->team_activities + (t * nc + k) * AREA_COUNT;
    supply_pick p = {(int32_t)t, cell[area], 0, s->team_skilled[t * nc + k], 0,
                     s->team_specialty[t * nc + k], NULL};
    for (int a = 0; a < AREA_COUNT; a++)
        p.category += cell[a];
    return p;
}

/* The rule's first two keys, which come before assigned: 3 is best. */
static int rank_group(const supply_pick *p)
{
    return (p->here > 0) * 2 + (p->skilled > 0);
}

/* The candidates of each cell (category k, area type a): the teams that served k this
   year, have a member skilled for it, or name it as 服务领域 (the same teams for every
   area type). Each cell keeps them in a heap ordered by the rule: the two first keys
   (group), assigned, then the place in the order of the rule without assigned (at). The
   heap's assigned may lag behind a team's (it only grows): a stale entry is brought up to
   date when it comes to the top, so a demand looks at a few entries, not at every team. */
typedef struct candidate {
    int64_t assigned;                  /* the team's assigned when last put in the heap */
    uint32_t at;                       /* its place in the cell's static order */
    int group;                         /* rank_group: 3 is best */
} candidate;

typedef struct candidates {
    size_t *first;                     /* [n_categories × AREA_COUNT + 1]: cell c's candidates
                                          are heap[first[c] .. first[c + 1]) */
    candidate *heap;
    int32_t *team;                     /* team[first[c] + at]: the team at place at */
} candidates;

static void candidates_free(candidates *c)
{
    mem_free(c->first);
    mem_free(c->heap);
    mem_free(c->team);
}

/* Whether x ranks before y under the rule (at stands for the keys after assigned). */
static int candidate_before(const candidate *x, const candidate *y)
{
    if (x->group != y->group) return x->group > y->group;
    if (x->assigned != y->assigned) return x->assigned < y->assigned;
    return x->at < y->at;
}

static void heap_up(candidate *h, size_t i)
{
    while (i > 0 && candidate_before(&h[i], &h[(i - 1) / 2])) {
        candidate up = h[(i - 1) / 2];
        h[(i - 1) / 2] = h[i];
        h[i] = up;
        i = (i - 1) / 2;
    }
}

static void heap_down(candidate *h, size_t n, size_t i)
{
    for (;;) {
        size_t best = i, l = 2 * i + 1, r = l + 1;
        if (l < n && candidate_before(&h[l], &h[best])) best = l;
        if (r < n && candidate_before(&h[r], &h[best])) best = r;
        if (best == i)
            return;
        candidate down = h[best];
        h[best] = h[i];
        h[i] = down;
        i = best;
    }
}

/* Fills c (zeroed by the caller; freed by candidates_free even on failure): each cell's
   candidates sorted by the rule with assigned 0, which is already a heap. pick_ledger must
   be set. Returns TZ_OK or TZ_NOMEM. */
static tz_status candidates_build(candidates *c, const supply *s)
{
    const ledger *l = s->ledger;
    size_t nc = s->n_categories, cells = nc * AREA_COUNT, nt = l->n_teams, n = 0;
    supply_pick *picks = mem_alloc((nt ? nt : 1) * sizeof *picks);
    uint32_t *by_id = mem_alloc((nt ? nt : 1) * sizeof *by_id);
    uint32_t *rank = mem_alloc((nt ? nt : 1) * sizeof *rank);
    tz_status st = TZ_NOMEM;
    c->first = mem_calloc(cells + 1, sizeof *c->first);
    if (!picks || !by_id || !rank || !c->first)
        goto out;
    /* the ids compared once here, not in every sort of a cell */
    for (size_t t = 0; t < nt; t++)
        by_id[t] = (uint32_t)t;
    qsort(by_id, nt, sizeof *by_id, by_team_id);
    for (size_t i = 0; i < nt; i++)
        rank[by_id[i]] = (uint32_t)i;
    pick_team_rank = rank;
    for (size_t k = 0; k < nc; k++)
        for (size_t t = 0; t < nt; t++) {
            supply_pick p = pick_of(s, t, k, AREA_COMMUNITY);
            n += p.category > 0 || p.skilled > 0 || p.specialty;
        }
    c->heap = mem_alloc((n ? n : 1) * AREA_COUNT * sizeof *c->heap);
    c->team = mem_alloc((n ? n : 1) * AREA_COUNT * sizeof *c->team);
    if (!c->heap || !c->team)
        goto out;
    n = 0;
    for (size_t k = 0; k < nc; k++)
        for (int a = 0; a < AREA_COUNT; a++) {
            size_t cell = supply_cell_at(k, (area_type)a), m = 0;
            for (size_t t = 0; t < nt; t++) {
                supply_pick p = pick_of(s, t, k, (area_type)a);
                if (p.category > 0 || p.skilled > 0 || p.specialty)
                    picks[m++] = p;
            }
            qsort(picks, m, sizeof *picks, by_rule);
            c->first[cell] = n;
            for (size_t i = 0; i < m; i++) {
                c->heap[n + i] = (candidate){0, (uint32_t)i, rank_group(&picks[i])};
                c->team[n + i] = picks[i].team;
            }
            n += m;
        }
    c->first[cells] = n;
    st = TZ_OK;
out:
    pick_team_rank = NULL;
    mem_free(picks);
    mem_free(by_id);
    mem_free(rank);
    return st;
}

/* The best SUPPLY_PICKS candidates for one open demand into o->picks, in order: the top of
   the cell's heap, taken off until that many are up to date, then put back. */
static void pick_teams(const supply *s, candidates *c, supply_open *o, const int64_t *assigned)
{
    const ledger_demand *d = &s->ledger->demands[o->demand];
    size_t k = (size_t)d->category, cell = supply_cell_at(k, d->area), n = 0;
    size_t from = c->first[cell], size = c->first[cell + 1] - from;
    candidate *heap = c->heap + from, taken[SUPPLY_PICKS];
    while (n < SUPPLY_PICKS && size > 0) {
        candidate top = heap[0];
        heap[0] = heap[--size];
        heap_down(heap, size, 0);
        int64_t now = assigned[c->team[from + top.at]];
        if (top.assigned != now) {     /* stale: back in at its place now */
            top.assigned = now;
            heap[size] = top;
            heap_up(heap, size++);
        } else {
            taken[n++] = top;
        }
    }
    for (size_t i = 0; i < n; i++) {
        size_t t = (size_t)c->team[from + taken[i].at];
        o->picks[i] = pick_of(s, t, k, d->area);
        o->picks[i].assigned = assigned[t];
        heap[size] = taken[i];
        heap_up(heap, size++);
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
    candidates cands = {NULL, NULL, NULL};
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
    if ((st = candidates_build(&cands, s)) != TZ_OK)
        goto out;
    st = TZ_NOMEM;
    for (size_t i = 0; i < nopen; i++) {
        pick_teams(s, &cands, &open[i], assigned);
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
    candidates_free(&cands);
    buf_release(&words);
    return st;
}
