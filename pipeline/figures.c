/* pipeline/figures.c — every figure of docs/figures.md from one ledger, exact: counts,
   tenths of hours and fen as integers. The participation rows are taken an activity at
   a time (input/grouping: the file's own order when it is sorted by activity), with a
   tally per unit; distinct (unit, volunteer) pairs come from a set of compact keys. Memory
   follows the units, volunteers, activities and distinct pairs, never the rows.
   Also the tables of every figure's name (FIGURES_UNIT_COLUMNS and the city, group and
   team columns) with how each value is read.
   May call: base/buf, base/host, base/mem, input/ledger (the struct), input/field (dates),
   input/grouping, pipeline/apportion, pthreads, libc. */
#include "pipeline/figures.h"
#include "base/host.h"
#include "base/mem.h"
#include "input/field.h"
#include "input/grouping.h"
#include "pipeline/apportion.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* ---- totals that leave the range ---- */

/* A total that would leave int64 at `line` of the file: the message for err (may be
   NULL). Returns TZ_DATAERR, or TZ_NOMEM when the message cannot be written. */
static tz_status too_big(buf *err, ledger_file_kind file, uint32_t line, const char *what)
{
    if (err && buf_printf(err, "%s:%u: 到这一行为止，%s的合计超出了程序能算的范围（约 9.2×10^18）："
                               "请核对这一行及前面各行的%s是否多写了数位\n",
                          LEDGER_FILE_NAMES[file], (unsigned)line, what, what) != 0)
        return TZ_NOMEM;
    return TZ_DATAERR;
}

/* ---- a set of 64-bit pair keys (open addressing) ---- */

#define PAIR_EMPTY UINT64_MAX

typedef struct pair_set {
    uint64_t *keys;
    size_t cap, count;      /* cap: 0 or a power of two; load kept at most 1/2 */
} pair_set;

static uint64_t pair_key(uint32_t hi, uint32_t lo)
{
    return (uint64_t)hi << 32 | lo;
}

static size_t pair_slot(uint64_t key, size_t mask)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ULL;
    key ^= key >> 33;
    return (size_t)key & mask;
}

static int pair_set_resize(pair_set *s, size_t cap)
{
    uint64_t *keys = mem_alloc(cap * sizeof *keys);
    if (!keys)
        return -1;
    for (size_t i = 0; i < cap; i++)
        keys[i] = PAIR_EMPTY;
    for (size_t i = 0; i < s->cap; i++) {
        if (s->keys[i] == PAIR_EMPTY)
            continue;
        size_t j = pair_slot(s->keys[i], cap - 1);
        while (keys[j] != PAIR_EMPTY)
            j = (j + 1) & (cap - 1);
        keys[j] = s->keys[i];
    }
    mem_free(s->keys);
    s->keys = keys;
    s->cap = cap;
    return 0;
}

/* Adds key unless it is there. Returns 0, or -1 when out of memory. */
static int pair_set_add(pair_set *s, uint64_t key)
{
    if (2 * (s->count + 1) > s->cap) {
        if (s->cap > SIZE_MAX / 4 || pair_set_resize(s, s->cap ? 2 * s->cap : 64) != 0)
            return -1;
    }
    size_t j = pair_slot(key, s->cap - 1);
    while (s->keys[j] != PAIR_EMPTY && s->keys[j] != key)
        j = (j + 1) & (s->cap - 1);
    if (s->keys[j] == PAIR_EMPTY) {
        s->keys[j] = key;
        s->count++;
    }
    return 0;
}

static void pair_set_release(pair_set *s)
{
    mem_free(s->keys);
    *s = (pair_set){NULL, 0, 0};
}

static int by_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* ---- dates ---- */

int figures_date_month(ledger_date d)
{
    int y, m, day;
    field_civil_from_days(d, &y, &m, &day);
    return m;
}

const char *figures_apportion_name(figures_apportion a)
{
    return a == APPORTION_LEAD ? "lead" : "share";
}

int figures_apportion_parse(const char *s, figures_apportion *out)
{
    if (strcmp(s, "share") == 0)
        *out = APPORTION_SHARE;
    else if (strcmp(s, "lead") == 0)
        *out = APPORTION_LEAD;
    else
        return -1;
    return 0;
}

/* ---- the unit order ---- */

typedef struct unit_ref {
    const char *id;
    uint32_t index;
} unit_ref;

static int by_unit_id(const void *a, const void *b)
{
    const unit_ref *x = a, *y = b;
    int c = strcmp(x->id, y->id);   /* compares as unsigned char: byte order */
    if (c)
        return c;
    return x->index < y->index ? -1 : x->index > y->index;
}

/* f->unit_order (unit_id byte order) and rank[u] = u's place in it. */
static tz_status order_units(const ledger *l, figures *f, uint32_t *rank)
{
    unit_ref *refs = mem_alloc((l->n_units ? l->n_units : 1) * sizeof *refs);
    if (!refs)
        return TZ_NOMEM;
    for (size_t u = 0; u < l->n_units; u++)
        refs[u] = (unit_ref){l->units[u].id, (uint32_t)u};
    qsort(refs, l->n_units, sizeof *refs, by_unit_id);
    for (size_t i = 0; i < l->n_units; i++) {
        f->unit_order[i] = refs[i].index;
        rank[refs[i].index] = (uint32_t)i;
    }
    mem_free(refs);
    return TZ_OK;
}

/* ---- results ---- */

typedef struct result_ref {
    const char *indicator, *measure_unit;
    int32_t activity;
    int64_t quantity_e4;
    uint32_t line;
} result_ref;

static int by_indicator(const void *a, const void *b)
{
    const result_ref *x = a, *y = b;
    int c = strcmp(x->indicator, y->indicator);
    if (!c)
        c = strcmp(x->measure_unit, y->measure_unit);
    if (!c)
        c = x->activity < y->activity ? -1 : x->activity > y->activity;
    return c;
}

static tz_status compute_results(const ledger *l, figures *f, buf *err)
{
    tz_status st = TZ_OK;
    result_ref *refs = mem_alloc((l->n_results ? l->n_results : 1) * sizeof *refs);
    f->results = mem_calloc(l->n_results ? l->n_results : 1, sizeof *f->results);
    if (!refs || !f->results) {
        st = TZ_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < l->n_results; i++)
        refs[i] = (result_ref){l->results[i].indicator, l->results[i].measure_unit,
                               l->results[i].activity, l->results[i].quantity_e4,
                               l->results[i].line};
    qsort(refs, l->n_results, sizeof *refs, by_indicator);
    f->n_results = 0;
    for (size_t i = 0; i < l->n_results; i++) {
        int same = i > 0 && strcmp(refs[i].indicator, refs[i - 1].indicator) == 0 &&
                   strcmp(refs[i].measure_unit, refs[i - 1].measure_unit) == 0;
        if (!same)
            f->results[f->n_results++] = (figures_result){refs[i].indicator,
                                                          refs[i].measure_unit, 0, 0};
        figures_result *r = &f->results[f->n_results - 1];
        if (__builtin_add_overflow(r->quantity_e4, refs[i].quantity_e4, &r->quantity_e4)) {
            st = too_big(err, LEDGER_RESULTS, refs[i].line, "同一成果指标、计量单位的数量");
            goto out;
        }
        if (!same || refs[i].activity != refs[i - 1].activity)
            r->activities++;
    }
out:
    mem_free(refs);
    return st;
}

/* ---- demands ---- */

static int by_i64(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

static tz_status compute_demands(const ledger *l, figures *f)
{
    figures_city *c = &f->city;
    f->demand_first_activity = mem_alloc((l->n_demands ? l->n_demands : 1) * sizeof(int32_t));
    int64_t *days = mem_alloc((l->n_demands ? l->n_demands : 1) * sizeof *days);
    if (!f->demand_first_activity || !days) {
        mem_free(days);
        return TZ_NOMEM;
    }
    for (size_t d = 0; d < l->n_demands; d++)
        f->demand_first_activity[d] = LEDGER_NONE;
    for (size_t a = 0; a < l->n_activities; a++) {
        const ledger_activity *act = &l->activities[a];
        if (act->demand == LEDGER_NONE)
            continue;
        int32_t *first = &f->demand_first_activity[act->demand];
        /* The first answering activity: the earliest, on one day the smaller activity_id. */
        if (*first == LEDGER_NONE || act->date < l->activities[*first].date ||
            (act->date == l->activities[*first].date &&
             strcmp(act->id, l->activities[*first].id) < 0))
            *first = (int32_t)a;
    }
    size_t n = 0;
    for (size_t d = 0; d < l->n_demands; d++) {
        int32_t a = f->demand_first_activity[d];
        if (a != LEDGER_NONE)
            days[n++] = (int64_t)l->activities[a].date - l->demands[d].submitted_on;
    }
    c->demands = (int64_t)l->n_demands;
    c->demands_answered = (int64_t)n;
    c->median_response_half_days = -1;
    if (n > 0) {
        qsort(days, n, sizeof *days, by_i64);
        c->median_response_half_days = n % 2 ? 2 * days[n / 2] : days[n / 2 - 1] + days[n / 2];
    }
    mem_free(days);
    return TZ_OK;
}

/* ---- which activities a unit's activity counts count (docs/figures.md) ---- */

static int counts_independent(const ledger_activity *a, uint32_t relation)
{
    return a->mode == MODE_INDEPENDENT && (relation & FIGURES_LEADS);
}

static int counts_group(const ledger_activity *a, uint32_t relation)
{
    (void)relation;                   /* led or taken part in: every group activity listed */
    return a->mode == MODE_GROUP;
}

static int counts_committee(const ledger_activity *a, uint32_t relation)
{
    return a->mode == MODE_COMMITTEE && (relation & FIGURES_TOOK_PART);
}

/* The activities behind demands_answered (the figure counts their distinct demands). */
static int counts_demand(const ledger_activity *a, uint32_t relation)
{
    return a->demand != LEDGER_NONE && (relation & FIGURES_LEADS);
}

/* The unit's three activity counts, from its list. */
static void count_activities(const ledger *l, figures_unit *fu)
{
    for (size_t i = 0; i < fu->n_activities; i++) {
        uint32_t e = fu->activities[i];
        const ledger_activity *a = &l->activities[FIGURES_ACTIVITY(e)];
        fu->activities_independent += counts_independent(a, e);
        fu->activities_group += counts_group(a, e);
        fu->activities_committee += counts_committee(a, e);
    }
}

/* ---- the participation rows, an activity at a time, on several threads ---- */

/* What one volunteer's rows have given so far in a share: hours, and the last two units
   the volunteer served for there (to look the (unit, volunteer) set up about once per
   distinct pair: most volunteers serve for one or two units). */
typedef struct vstate {
    int64_t hours;
    uint32_t seen[2];
} vstate;

typedef struct unit_sums {
    int64_t person_times, hours_tenths, beneficiaries;
} unit_sums;

typedef struct team_sums {
    int64_t person_times, hours_tenths;
} team_sums;

typedef struct group_sums {
    int64_t person_times, hours_tenths;
} group_sums;

/* One thread's share: the activities [a0, a1), with sums of its own. */
typedef struct share {
    const ledger *l;
    const grouping *g;
    const uint8_t *month;
    const uint32_t *rank;
    const int32_t *team_of;
    figures_apportion apportion;
    int64_t *activity_person_times;   /* the figures' own array: shares write apart */
    uint32_t *act_first;              /* likewise; offsets into this share's act_units */
    size_t a0, a1;
    unit_sums *units;
    team_sums *teams;
    group_sums *categories, *campaigns, areas[AREA_COUNT], months[12];
    int64_t person_times, hours_tenths;
    vstate *vs;
    pair_set unit_volunteers;         /* (unit, volunteer) */
    uint32_t *tally, *touched;        /* per unit, in the activity at hand */
    int64_t *tally_hours;
    apportion_item *items;
    uint32_t *act_units;              /* each activity's lead unit, then the other units,
                                         each with its FIGURES_RELATION_BITS */
    size_t n_act_units, cap_act_units;
    tz_status status;
} share;

static void share_release(share *sh)
{
    mem_free(sh->units);
    mem_free(sh->teams);
    mem_free(sh->categories);
    mem_free(sh->campaigns);
    mem_free(sh->vs);
    pair_set_release(&sh->unit_volunteers);
    mem_free(sh->tally);
    mem_free(sh->touched);
    mem_free(sh->tally_hours);
    mem_free(sh->items);
    mem_free(sh->act_units);
}

static tz_status share_init(share *sh, const ledger *l)
{
    size_t nu = l->n_units ? l->n_units : 1, nv = l->n_volunteers ? l->n_volunteers : 1;
    sh->units = mem_calloc(nu, sizeof *sh->units);
    sh->teams = mem_calloc(l->n_teams ? l->n_teams : 1, sizeof *sh->teams);
    sh->categories = mem_calloc(l->n_categories ? l->n_categories : 1, sizeof *sh->categories);
    sh->campaigns = mem_calloc(l->n_campaigns ? l->n_campaigns : 1, sizeof *sh->campaigns);
    sh->vs = mem_alloc(nv * sizeof *sh->vs);
    sh->tally = mem_calloc(nu, sizeof *sh->tally);
    sh->touched = mem_alloc(nu * sizeof *sh->touched);
    sh->tally_hours = mem_calloc(nu, sizeof *sh->tally_hours);
    sh->items = mem_alloc(nu * sizeof *sh->items);
    if (!sh->units || !sh->teams || !sh->categories || !sh->campaigns || !sh->vs || !sh->tally ||
        !sh->touched || !sh->tally_hours || !sh->items)
        return TZ_NOMEM;
    for (size_t v = 0; v < l->n_volunteers; v++)
        sh->vs[v] = (vstate){0, {UINT32_MAX, UINT32_MAX}};
    return TZ_OK;
}

static tz_status share_run(share *sh)
{
    const ledger *l = sh->l;
    const grouping *g = sh->g;
    /* the row loop's arrays in locals: stores through them cannot change them */
    const ledger_participation *part = l->participation;
    const int32_t *team_of = sh->team_of;
    vstate *vs = sh->vs;
    team_sums *teams = sh->teams;
    uint32_t *tally = sh->tally, *touched = sh->touched;
    int64_t *tally_hours = sh->tally_hours;
    const uint32_t *order = g->order;
    for (size_t a = sh->a0; a < sh->a1; a++) {
        const ledger_activity *act = &l->activities[a];
        size_t nt = 0;
        int64_t act_hours = 0;
        for (size_t k = g->first[a], end = k + g->count[a]; k < end; k++) {
            const ledger_participation *row = &part[order ? order[k] : k];
            uint32_t u = row->unit, v = row->volunteer;
            int64_t h = row->hours_tenths;
            vstate *vv = &vs[v];
            act_hours += h;
            vv->hours += h;
            int32_t team = team_of[v];
            if (team != LEDGER_NONE) {
                teams[team].person_times++;
                teams[team].hours_tenths += h;
            }
            if (vv->seen[0] != u && vv->seen[1] != u) {
                if (pair_set_add(&sh->unit_volunteers, pair_key(u, v)) != 0)
                    return TZ_NOMEM;
                vv->seen[1] = vv->seen[0];
                vv->seen[0] = u;
            }
            if (tally[u]++ == 0)
                touched[nt++] = u;
            tally_hours[u] += h;
        }
        for (size_t i = 0; i < nt; i++) {
            unit_sums *us = &sh->units[sh->touched[i]];
            us->person_times += sh->tally[sh->touched[i]];
            us->hours_tenths += sh->tally_hours[sh->touched[i]];
        }
        int64_t n = g->count[a];
        sh->person_times += n;
        sh->hours_tenths += act_hours;
        sh->activity_person_times[a] = n;
        group_sums *grp[4] = {&sh->categories[act->category], &sh->areas[act->area],
                              &sh->months[sh->month[a]],
                              act->campaign != LEDGER_NONE ? &sh->campaigns[act->campaign] : NULL};
        for (int i = 0; i < 4; i++) {
            if (!grp[i])
                continue;
            grp[i]->person_times += n;
            grp[i]->hours_tenths += act_hours;
        }

        /* (unit, activity): the lead unit and the units that took part */
        if (mem_grow(&sh->act_units, &sh->cap_act_units, sh->n_act_units + nt + 1,
                     sizeof *sh->act_units) != 0)
            return TZ_NOMEM;
        sh->act_first[a] = (uint32_t)sh->n_act_units;
        uint32_t lead = (uint32_t)act->lead_unit;
        sh->act_units[sh->n_act_units++] = lead | FIGURES_LEADS |
                                           (sh->tally[lead] ? FIGURES_TOOK_PART : 0);
        for (size_t i = 0; i < nt; i++) {
            if (sh->touched[i] != lead)
                sh->act_units[sh->n_act_units++] = sh->touched[i] | FIGURES_TOOK_PART;
        }
        if (sh->apportion == APPORTION_LEAD || nt == 0) {
            sh->units[act->lead_unit].beneficiaries += act->beneficiaries;
        } else {
            for (size_t i = 0; i < nt; i++) {
                uint32_t u = sh->touched[i];
                sh->items[i] = (apportion_item){u, sh->rank[u], sh->tally[u], 0, 0};
            }
            if (apportion_largest_remainder(act->beneficiaries, sh->items, nt) != 0)
                return TZ_SOFTWARE;
            for (size_t i = 0; i < nt; i++)
                sh->units[sh->items[i].who].beneficiaries += sh->items[i].share;
        }
        for (size_t i = 0; i < nt; i++)
            sh->tally[sh->touched[i]] = 0, sh->tally_hours[sh->touched[i]] = 0;
    }
    return TZ_OK;
}

static void *share_thread(void *arg)
{
    share *sh = arg;
    sh->status = share_run(sh);
    return NULL;
}

/* Rows below which one thread does it all (TZ_FIGURES_SHARE_ROWS=N overrides, for tests). */
#define SHARE_ROWS_DEFAULT 200000u
#define SHARES_MAX 8

/* Everything that comes from the participation rows, an activity at a time (the rows
   grouped by input/grouping): the sums per unit, volunteer, team and group; the distinct
   (unit, volunteer) pairs; the units that took part in each activity with their
   person-times, over which its beneficiaries are apportioned; and each unit's list of
   the activities it leads or took part in. The activities are cut into runs of about
   equal rows, one a thread, each with sums of its own, added up in order afterwards:
   the same integers whatever the number of threads. Nothing is kept per row. */
static tz_status participation_figures(const ledger *l, figures *f, const uint8_t *month,
                                       const uint32_t *rank, int threads)
{
    figures_city *c = &f->city;
    size_t nu = l->n_units ? l->n_units : 1, nv = l->n_volunteers ? l->n_volunteers : 1;
    grouping g = {NULL, NULL, NULL};
    share sh[SHARES_MAX];
    pthread_t tid[SHARES_MAX];
    int n_sh = threads < 1 ? 1 : threads > SHARES_MAX ? SHARES_MAX : threads;
    size_t per = host_env_size("TZ_FIGURES_SHARE_ROWS", SHARE_ROWS_DEFAULT);
    if (l->n_participation / (size_t)n_sh < per)
        n_sh = (int)(l->n_participation / per) > 1 ? (int)(l->n_participation / per) : 1;
    memset(sh, 0, sizeof sh);
    int32_t *team_of = mem_alloc(nv * sizeof *team_of);
    uint32_t *act_first = mem_alloc((l->n_activities + 1) * sizeof *act_first);
    size_t *per_unit = mem_calloc(nu, sizeof *per_unit);
    tz_status st = TZ_OK;
    if (!team_of || !act_first || !per_unit) {
        st = TZ_NOMEM;
        goto out;
    }
    if ((st = grouping_by_activity(l, &g)) != TZ_OK)
        goto out;
    for (size_t v = 0; v < l->n_volunteers; v++)
        team_of[v] = l->volunteers[v].team;

    /* the cuts: share i ends at the first activity where the rows so far reach
       (i + 1) / n_sh of them */
    size_t a = 0, rows = 0;
    for (int i = 0; i < n_sh; i++) {
        share *s = &sh[i];
        s->l = l, s->g = &g, s->month = month, s->rank = rank, s->team_of = team_of;
        s->apportion = f->apportion;
        s->activity_person_times = f->activity_person_times;
        s->act_first = act_first;
        s->a0 = a;
        size_t want = i + 1 == n_sh ? SIZE_MAX : l->n_participation / (size_t)n_sh * (size_t)(i + 1);
        while (a < l->n_activities && (i + 1 == n_sh || rows < want))
            rows += g.count[a++];
        s->a1 = a;
        if ((st = share_init(s, l)) != TZ_OK)
            goto out;
    }
    int started = 0;
    for (int i = 1; i < n_sh; i++) {
        if (pthread_create(&tid[i], NULL, share_thread, &sh[i]) != 0) {
            sh[i].status = share_run(&sh[i]);   /* no thread to be had: on this one */
            continue;
        }
        started |= 1 << i;
    }
    sh[0].status = share_run(&sh[0]);
    for (int i = 1; i < n_sh; i++)
        if (started & (1 << i))
            pthread_join(tid[i], NULL);
    for (int i = 0; i < n_sh; i++)
        if (sh[i].status != TZ_OK) {
            st = sh[i].status;
            goto out;
        }
    grouping_release(&g);

    /* the shares added up */
    size_t n_act_units = 0;
    for (int i = 0; i < n_sh; i++) {
        const share *s = &sh[i];
        for (size_t u = 0; u < l->n_units; u++) {
            figures_unit *fu = &f->units[u];
            fu->person_times += s->units[u].person_times;
            fu->hours_tenths += s->units[u].hours_tenths;
            fu->beneficiaries += s->units[u].beneficiaries;
        }
        for (size_t t = 0; t < l->n_teams; t++) {
            f->teams[t].person_times += s->teams[t].person_times;
            f->teams[t].hours_tenths += s->teams[t].hours_tenths;
        }
        for (size_t k = 0; k < l->n_categories; k++) {
            f->categories[k].person_times += s->categories[k].person_times;
            f->categories[k].hours_tenths += s->categories[k].hours_tenths;
        }
        for (size_t k = 0; k < l->n_campaigns; k++) {
            f->campaigns[k].person_times += s->campaigns[k].person_times;
            f->campaigns[k].hours_tenths += s->campaigns[k].hours_tenths;
        }
        for (size_t k = 0; k < AREA_COUNT; k++) {
            f->areas[k].person_times += s->areas[k].person_times;
            f->areas[k].hours_tenths += s->areas[k].hours_tenths;
        }
        for (size_t k = 0; k < 12; k++) {
            f->months[k].person_times += s->months[k].person_times;
            f->months[k].hours_tenths += s->months[k].hours_tenths;
        }
        c->person_times += s->person_times;
        c->hours_tenths += s->hours_tenths;
        for (size_t v = 0; v < l->n_volunteers; v++)
            f->volunteer_hours_tenths[v] += s->vs[v].hours;
        for (size_t x = s->a0; x < s->a1; x++)
            act_first[x] += (uint32_t)n_act_units;
        n_act_units += s->n_act_units;
    }
    act_first[l->n_activities] = (uint32_t)n_act_units;
    for (size_t v = 0; v < l->n_volunteers; v++)
        c->active_volunteers += f->volunteer_hours_tenths[v] > 0;
    /* distinct (unit, volunteer) pairs: the shares' sets joined into the first */
    for (int i = 1; i < n_sh; i++) {
        const pair_set *from = &sh[i].unit_volunteers;
        for (size_t k = 0; k < from->cap; k++)
            if (from->keys[k] != PAIR_EMPTY && pair_set_add(&sh[0].unit_volunteers, from->keys[k]) != 0) {
                st = TZ_NOMEM;
                goto out;
            }
    }
    for (size_t k = 0; k < sh[0].unit_volunteers.cap; k++)
        if (sh[0].unit_volunteers.keys[k] != PAIR_EMPTY)
            f->units[sh[0].unit_volunteers.keys[k] >> 32].active_volunteers++;

    /* each unit's activities, ascending: taken in activity order, share after share */
    for (int i = 0; i < n_sh; i++)
        for (size_t k = 0; k < sh[i].n_act_units; k++)
            per_unit[sh[i].act_units[k] & ~FIGURES_RELATION_BITS]++;
    for (size_t u = 0; u < l->n_units; u++) {
        f->units[u].activities = mem_alloc((per_unit[u] ? per_unit[u] : 1) * sizeof(uint32_t));
        if (!f->units[u].activities) {
            st = TZ_NOMEM;
            goto out;
        }
    }
    for (int i = 0; i < n_sh; i++) {
        const share *s = &sh[i];
        uint32_t base = s->a0 < s->a1 ? act_first[s->a0] : 0;
        for (size_t x = s->a0; x < s->a1; x++) {
            for (size_t k = act_first[x]; k < act_first[x + 1]; k++) {
                uint32_t entry = s->act_units[k - base];
                figures_unit *fu = &f->units[entry & ~FIGURES_RELATION_BITS];
                fu->activities[fu->n_activities++] = (uint32_t)x | (entry & FIGURES_RELATION_BITS);
            }
        }
    }
    for (size_t u = 0; u < l->n_units; u++)
        count_activities(l, &f->units[u]);
out:
    grouping_release(&g);
    for (int i = 0; i < n_sh; i++)
        share_release(&sh[i]);
    mem_free(team_of);
    mem_free(act_first);
    mem_free(per_unit);
    return st;
}

/* Demands answered per unit: distinct demand_ids of the activities it leads. */
static tz_status unit_demands(const ledger *l, figures *f)
{
    uint64_t *keys = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *keys);
    if (!keys)
        return TZ_NOMEM;
    size_t n = 0;
    for (size_t a = 0; a < l->n_activities; a++)
        if (l->activities[a].demand != LEDGER_NONE)
            keys[n++] = pair_key((uint32_t)l->activities[a].lead_unit,
                                 (uint32_t)l->activities[a].demand);
    qsort(keys, n, sizeof *keys, by_u64);
    for (size_t i = 0; i < n; i++)
        if (i == 0 || keys[i] != keys[i - 1])
            f->units[keys[i] >> 32].demands_answered++;
    mem_free(keys);
    return TZ_OK;
}

/* ---- the whole computation ---- */

static void *table(size_t n, size_t size)
{
    return mem_calloc(n ? n : 1, size);
}

tz_status figures_compute(const ledger *l, figures_apportion apportion, figures **out)
{
    return figures_compute_on(l, apportion, 0, out);
}

tz_status figures_compute_on(const ledger *l, figures_apportion apportion, int threads,
                             figures **out)
{
    return figures_compute_err(l, apportion, threads, out, NULL);
}

tz_status figures_compute_err(const ledger *l, figures_apportion apportion, int threads,
                              figures **out, buf *err)
{
    threads = host_threads(threads);
    tz_status st = TZ_OK;
    uint32_t *rank = NULL;
    uint8_t *month = NULL;                           /* each activity's month, 0-11 */
    figures *f = mem_calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return TZ_NOMEM;
    if (l->n_units > FIGURES_MAX_INDEX || l->n_activities > FIGURES_MAX_INDEX ||
        l->n_participation > FIGURES_MAX_ROWS) {
        mem_free(f);
        ledger_file_kind file = l->n_participation > FIGURES_MAX_ROWS ? LEDGER_PARTICIPATION
                              : l->n_units > FIGURES_MAX_INDEX ? LEDGER_UNITS
                                                                : LEDGER_ACTIVITIES;
        if (err && buf_printf(err, "%s: 单位、活动超过 %lu 个或参与记录超过 %lu 行，超出了程序的上限"
                                   "（见 docs/ledgers.md）\n", LEDGER_FILE_NAMES[file],
                              (unsigned long)FIGURES_MAX_INDEX,
                              (unsigned long)FIGURES_MAX_ROWS) != 0)
            return TZ_NOMEM;
        return TZ_DATAERR;
    }
    f->ledger = l;
    f->apportion = apportion;
    f->units = table(l->n_units, sizeof *f->units);
    f->categories = table(l->n_categories, sizeof *f->categories);
    f->campaigns = table(l->n_campaigns, sizeof *f->campaigns);
    f->teams = table(l->n_teams, sizeof *f->teams);
    f->volunteer_hours_tenths = table(l->n_volunteers, sizeof *f->volunteer_hours_tenths);
    f->unit_order = table(l->n_units, sizeof *f->unit_order);
    f->activity_person_times = table(l->n_activities, sizeof *f->activity_person_times);
    rank = table(l->n_units, sizeof *rank);
    month = table(l->n_activities, sizeof *month);
    if (!month || !f->units || !f->categories || !f->campaigns || !f->teams ||
        !f->volunteer_hours_tenths || !f->unit_order || !f->activity_person_times || !rank) {
        st = TZ_NOMEM;
        goto out;
    }
    figures_city *c = &f->city;

    /* The sums of values a row may hold up to int64 (party members, beneficiaries,
       donations, result quantities) are checked: the first row where one leaves the range
       is a data error. Each other sum is bounded: counts by the rows (participation.csv
       at most FIGURES_MAX_ROWS), hours by 240 tenths a row (under 1.1·10^12 in all); and
       a part of a checked total (a unit's or a group's beneficiaries or donations, all
       ≥ 0) never exceeds it. */
    for (size_t u = 0; u < l->n_units; u++) {
        f->units[u].party_members = l->units[u].party_members;
        if (__builtin_add_overflow(c->party_members, l->units[u].party_members,
                                   &c->party_members)) {
            st = too_big(err, LEDGER_UNITS, l->units[u].line, "党员人数");
            goto out;
        }
    }
    if ((st = order_units(l, f, rank)) != TZ_OK)
        goto out;
    c->units = (int64_t)l->n_units;

    for (size_t t = 0; t < l->n_teams; t++) {
        if (l->teams[t].type == TEAM_PARTY)
            c->teams_party++;
        else
            c->teams_youth++;
    }

    for (size_t v = 0; v < l->n_volunteers; v++) {
        const ledger_volunteer *vol = &l->volunteers[v];
        figures_unit *fu = &f->units[vol->unit];
        fu->volunteers++;
        c->volunteers++;
        if (vol->status == POL_MEMBER || vol->status == POL_PROBATIONARY) {
            fu->party_volunteers++;
            c->party_volunteers++;
        } else if (vol->status == POL_LEAGUE) {
            c->youth_volunteers++;
        }
        if (vol->team != LEDGER_NONE)
            f->teams[vol->team].members++;
    }
    for (size_t u = 0; u < l->n_units; u++)
        if (f->units[u].volunteers > 0)
            c->units_with_volunteers++;

    for (size_t a = 0; a < l->n_activities; a++) {
        const ledger_activity *act = &l->activities[a];
        figures_unit *lead = &f->units[act->lead_unit];
        month[a] = (uint8_t)(figures_date_month(act->date) - 1);
        c->activities++;
        if (__builtin_add_overflow(c->beneficiaries, act->beneficiaries, &c->beneficiaries)) {
            st = too_big(err, LEDGER_ACTIVITIES, act->line, "受益人数");
            goto out;
        }
        if (__builtin_add_overflow(c->donation_fen, act->donation_fen, &c->donation_fen)) {
            st = too_big(err, LEDGER_ACTIVITIES, act->line, "捐赠金额");
            goto out;
        }
        lead->donation_fen += act->donation_fen;
        switch (act->mode) {
        case MODE_INDEPENDENT:
            c->activities_independent++;
            break;
        case MODE_GROUP:
            c->activities_group++;
            break;
        default:
            c->activities_committee++;
            break;
        }
        figures_group *g[4] = {&f->categories[act->category], &f->areas[act->area],
                               &f->months[month[a]],
                               act->campaign != LEDGER_NONE ? &f->campaigns[act->campaign] : NULL};
        for (int i = 0; i < 4; i++) {
            if (!g[i])
                continue;
            g[i]->activities++;
            g[i]->beneficiaries += act->beneficiaries;
        }
    }

    if ((st = participation_figures(l, f, month, rank, threads)) != TZ_OK)
        goto out;
    for (size_t u = 0; u < l->n_units; u++)
        c->active_volunteers_total += f->units[u].active_volunteers;
    for (size_t v = 0; v < l->n_volunteers; v++)
        if (l->volunteers[v].team != LEDGER_NONE && f->volunteer_hours_tenths[v] > 0)
            f->teams[l->volunteers[v].team].active_members++;

    if ((st = unit_demands(l, f)) != TZ_OK || (st = compute_demands(l, f)) != TZ_OK ||
        (st = compute_results(l, f, err)) != TZ_OK)
        goto out;
out:
    mem_free(rank);
    mem_free(month);
    if (st != TZ_OK) {
        figures_free(f);
        return st;
    }
    *out = f;
    return TZ_OK;
}

void figures_free(figures *f)
{
    if (!f)
        return;
    if (f->units)
        for (size_t u = 0; u < f->ledger->n_units; u++)
            mem_free(f->units[u].activities);
    mem_free(f->units);
    mem_free(f->categories);
    mem_free(f->campaigns);
    mem_free(f->results);
    mem_free(f->teams);
    mem_free(f->volunteer_hours_tenths);
    mem_free(f->demand_first_activity);
    mem_free(f->unit_order);
    mem_free(f->activity_person_times);
    mem_free(f);
}

/* ---- the per-unit columns ---- */

static figures_value whole(int64_t v)
{
    return (figures_value){v, 1};
}

static figures_value unit_party_members(const figures_unit *u) { return whole(u->party_members); }
static figures_value unit_volunteers(const figures_unit *u) { return whole(u->volunteers); }
static figures_value unit_party_volunteers(const figures_unit *u)
{
    return whole(u->party_volunteers);
}
static figures_value unit_participation_rate(const figures_unit *u)
{
    return (figures_value){u->party_volunteers, u->party_members > 0 ? u->party_members : 0};
}
static figures_value unit_active_volunteers(const figures_unit *u)
{
    return whole(u->active_volunteers);
}
static figures_value unit_person_times(const figures_unit *u) { return whole(u->person_times); }
static figures_value unit_hours(const figures_unit *u)
{
    return (figures_value){u->hours_tenths, 10};
}
static figures_value unit_activities_independent(const figures_unit *u)
{
    return whole(u->activities_independent);
}
static figures_value unit_activities_group(const figures_unit *u)
{
    return whole(u->activities_group);
}
static figures_value unit_activities_committee(const figures_unit *u)
{
    return whole(u->activities_committee);
}
static figures_value unit_beneficiaries(const figures_unit *u) { return whole(u->beneficiaries); }
static figures_value unit_demands_answered(const figures_unit *u)
{
    return whole(u->demands_answered);
}
static figures_value unit_donation(const figures_unit *u)
{
    return (figures_value){u->donation_fen, 100};
}

const figures_column FIGURES_UNIT_COLUMNS[] = {
    [FIGURES_PARTY_MEMBERS] = {"party_members", "党员人数", NULL, 0, unit_party_members, NULL},
    [FIGURES_VOLUNTEERS] = {"volunteers", "志愿者人数", NULL, 0, unit_volunteers, NULL},
    [FIGURES_PARTY_VOLUNTEERS] =
    {"party_volunteers", "党员志愿者人数", NULL, 0, unit_party_volunteers, NULL},
    [FIGURES_PARTICIPATION_RATE] =
    {"participation_rate", "党员志愿者参与率", NULL, 4, unit_participation_rate, NULL},
    [FIGURES_ACTIVE_VOLUNTEERS] =
    {"active_volunteers", "参与志愿者人数", NULL, 0, unit_active_volunteers, NULL},
    [FIGURES_PERSON_TIMES] = {"person_times", "服务人次", NULL, 0, unit_person_times, NULL},
    [FIGURES_HOURS] = {"hours", "服务时长", "小时", 1, unit_hours, NULL},
    [FIGURES_ACTIVITIES_INDEPENDENT] =
    {"activities_independent", "独立开展活动数", NULL, 0, unit_activities_independent,
     counts_independent},
    [FIGURES_ACTIVITIES_GROUP] =
    {"activities_group", "组团服务活动数", NULL, 0, unit_activities_group, counts_group},
    [FIGURES_ACTIVITIES_COMMITTEE] =
    {"activities_committee", "工委统一组织活动数", NULL, 0, unit_activities_committee,
     counts_committee},
    [FIGURES_BENEFICIARIES] = {"beneficiaries", "受益人次", NULL, 0, unit_beneficiaries, NULL},
    [FIGURES_DEMANDS_ANSWERED] =
    {"demands_answered", "响应需求数", NULL, 0, unit_demands_answered, counts_demand},
    [FIGURES_DONATION] = {"donation_yuan", "捐赠金额", "元", 2, unit_donation, NULL},
};
const size_t FIGURES_UNIT_COLUMN_COUNT = sizeof FIGURES_UNIT_COLUMNS / sizeof *FIGURES_UNIT_COLUMNS;

const figures_column *figures_column_find(const char *name, size_t n)
{
    for (size_t i = 0; i < FIGURES_UNIT_COLUMN_COUNT; i++) {
        const figures_column *c = &FIGURES_UNIT_COLUMNS[i];
        if ((strlen(c->key) == n && memcmp(c->key, name, n) == 0) ||
            (strlen(c->chinese) == n && memcmp(c->chinese, name, n) == 0))
            return c;
    }
    return NULL;
}

/* ---- the city totals ---- */

static figures_value ratio(int64_t num, int64_t den)
{
    return (figures_value){num, den > 0 ? den : 0};
}

static figures_value city_units(const figures_city *c) { return whole(c->units); }
static figures_value city_units_with_volunteers(const figures_city *c)
{
    return whole(c->units_with_volunteers);
}
static figures_value city_teams_party(const figures_city *c) { return whole(c->teams_party); }
static figures_value city_teams_youth(const figures_city *c) { return whole(c->teams_youth); }
static figures_value city_volunteers(const figures_city *c) { return whole(c->volunteers); }
static figures_value city_party_volunteers(const figures_city *c)
{
    return whole(c->party_volunteers);
}
static figures_value city_youth_volunteers(const figures_city *c)
{
    return whole(c->youth_volunteers);
}
static figures_value city_party_members(const figures_city *c) { return whole(c->party_members); }
static figures_value city_participation_rate(const figures_city *c)
{
    return ratio(c->party_volunteers, c->party_members);
}
static figures_value city_active_volunteers(const figures_city *c)
{
    return whole(c->active_volunteers);
}
static figures_value city_person_times(const figures_city *c) { return whole(c->person_times); }
static figures_value city_hours(const figures_city *c) { return ratio(c->hours_tenths, 10); }
static figures_value city_activities(const figures_city *c) { return whole(c->activities); }
static figures_value city_activities_independent(const figures_city *c)
{
    return whole(c->activities_independent);
}
static figures_value city_activities_group(const figures_city *c)
{
    return whole(c->activities_group);
}
static figures_value city_activities_committee(const figures_city *c)
{
    return whole(c->activities_committee);
}
static figures_value city_beneficiaries(const figures_city *c) { return whole(c->beneficiaries); }
static figures_value city_donation(const figures_city *c) { return ratio(c->donation_fen, 100); }
static figures_value city_demands(const figures_city *c) { return whole(c->demands); }
static figures_value city_demands_answered(const figures_city *c)
{
    return whole(c->demands_answered);
}
static figures_value city_demand_answer_rate(const figures_city *c)
{
    return ratio(c->demands_answered, c->demands);
}
static figures_value city_median_response_days(const figures_city *c)
{
    return c->median_response_half_days >= 0 ? ratio(c->median_response_half_days, 2)
                                             : (figures_value){0, 0};
}

/* tables/summary.csv's rows in the contract's order (a figure of FIGURES_UNIT_COLUMNS
   keeps its key city-wide), with the report's label. units_with_bonus, which comes from
   the rules, follows them (output/tables). */
const figures_city_column FIGURES_CITY_COLUMNS[] = {
    {"units", "单位数", 0, city_units},
    {"units_with_volunteers", "有志愿者的单位数", 0, city_units_with_volunteers},
    {"teams_party", "党员志愿服务队（支）", 0, city_teams_party},
    {"teams_youth", "青年志愿服务队（支）", 0, city_teams_youth},
    {"volunteers", "注册志愿者（人）", 0, city_volunteers},
    {"party_volunteers", "党员志愿者（人）", 0, city_party_volunteers},
    {"youth_volunteers", "共青团员志愿者（人）", 0, city_youth_volunteers},
    {"party_members", "党员总数（人）", 0, city_party_members},
    {"participation_rate", "党员志愿者参与率", 4, city_participation_rate},
    {"active_volunteers", "参与服务的志愿者（人）", 0, city_active_volunteers},
    {"person_times", "参与人次", 0, city_person_times},
    {"hours", "服务时长（小时）", 1, city_hours},
    {"activities", "活动次数", 0, city_activities},
    {"activities_independent", "独立开展（次）", 0, city_activities_independent},
    {"activities_group", "组团服务（次）", 0, city_activities_group},
    {"activities_committee", "工委统一组织（次）", 0, city_activities_committee},
    {"beneficiaries", "受益群众（人）", 0, city_beneficiaries},
    {"donation_yuan", "捐赠金额（元）", 2, city_donation},
    {"demands", "群众需求（项）", 0, city_demands},
    {"demands_answered", "已响应需求（项）", 0, city_demands_answered},
    {"demand_answer_rate", "需求响应率", 4, city_demand_answer_rate},
    {"median_response_days", "响应天数中位数（天）", 1, city_median_response_days},
};
const size_t FIGURES_CITY_COLUMN_COUNT = sizeof FIGURES_CITY_COLUMNS / sizeof *FIGURES_CITY_COLUMNS;

/* ---- the groups and the teams ---- */

static figures_value group_activities(const figures_group *g) { return whole(g->activities); }
static figures_value group_person_times(const figures_group *g) { return whole(g->person_times); }
static figures_value group_hours(const figures_group *g) { return ratio(g->hours_tenths, 10); }
static figures_value group_beneficiaries(const figures_group *g) { return whole(g->beneficiaries); }

const figures_group_column FIGURES_GROUP_COLUMNS[] = {
    [FIGURES_GROUP_ACTIVITIES] = {"activities", "活动数", 0, group_activities},
    [FIGURES_GROUP_PERSON_TIMES] = {"person_times", "服务人次", 0, group_person_times},
    [FIGURES_GROUP_HOURS] = {"hours", "服务时长（小时）", 1, group_hours},
    {"beneficiaries", "受益人次", 0, group_beneficiaries},
};
const size_t FIGURES_GROUP_COLUMN_COUNT =
    sizeof FIGURES_GROUP_COLUMNS / sizeof *FIGURES_GROUP_COLUMNS;

static figures_value team_members(const figures_team *t) { return whole(t->members); }
static figures_value team_active_members(const figures_team *t) { return whole(t->active_members); }
static figures_value team_person_times(const figures_team *t) { return whole(t->person_times); }
static figures_value team_hours(const figures_team *t) { return ratio(t->hours_tenths, 10); }

const figures_team_column FIGURES_TEAM_COLUMNS[] = {
    {"members", "队员人数", 0, team_members},
    {"active_members", "参与队员人数", 0, team_active_members},
    {"person_times", "服务人次", 0, team_person_times},
    {"hours", "服务时长（小时）", 1, team_hours},
};
const size_t FIGURES_TEAM_COLUMN_COUNT = sizeof FIGURES_TEAM_COLUMNS / sizeof *FIGURES_TEAM_COLUMNS;
