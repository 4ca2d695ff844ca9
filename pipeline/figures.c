/* pipeline/figures.c — every figure of docs/figures.md from one ledger, exact: counts,
   tenths of hours and fen as integers. The participation rows are taken an activity at
   a time (input/grouping: the file's own order when it is sorted by activity), with a
   tally per unit; distinct (unit, volunteer) pairs come from a set of compact keys. Memory
   follows the units, volunteers, activities and distinct pairs, never the rows.
   May call: base/mem, input/ledger (the struct), input/grouping, pipeline/apportion, libc. */
#include "pipeline/figures.h"
#include "base/mem.h"
#include "input/grouping.h"
#include "pipeline/apportion.h"

#include <stdlib.h>
#include <string.h>

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

/* Days since 1970-01-01 to the civil date (H. Hinnant's algorithm). */
static void civil_from_days(int64_t z, int *year, int *month)
{
    z += 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (m <= 2));
    *month = m;
}

int figures_date_month(ledger_date d)
{
    int y, m;
    civil_from_days(d, &y, &m);
    return m;
}

int figures_date_year(ledger_date d)
{
    int y, m;
    civil_from_days(d, &y, &m);
    return y;
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

static tz_status compute_results(const ledger *l, figures *f)
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
                               l->results[i].activity, l->results[i].quantity_e4};
    qsort(refs, l->n_results, sizeof *refs, by_indicator);
    f->n_results = 0;
    for (size_t i = 0; i < l->n_results; i++) {
        int same = i > 0 && strcmp(refs[i].indicator, refs[i - 1].indicator) == 0 &&
                   strcmp(refs[i].measure_unit, refs[i - 1].measure_unit) == 0;
        if (!same)
            f->results[f->n_results++] = (figures_result){refs[i].indicator,
                                                          refs[i].measure_unit, 0, 0};
        figures_result *r = &f->results[f->n_results - 1];
        if (refs[i].quantity_e4 > INT64_MAX - r->quantity_e4) {
            st = TZ_SOFTWARE;
            goto out;
        }
        r->quantity_e4 += refs[i].quantity_e4;
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

/* ---- per activity and unit: apportionment, activity lists ---- */

/* Everything that comes from the participation rows, an activity at a time (the rows
   grouped by input/grouping): the sums per unit, volunteer, team and group; the distinct
   (unit, volunteer) pairs; the units that took part in each activity with their
   person-times, over which its beneficiaries are apportioned; and each unit's list of
   the activities it leads or took part in. Nothing is kept per row. */
static tz_status participation_figures(const ledger *l, figures *f, const uint8_t *month,
                                       const uint32_t *rank)
{
    figures_city *c = &f->city;
    size_t nu = l->n_units ? l->n_units : 1, nv = l->n_volunteers ? l->n_volunteers : 1;
    grouping g = {NULL, NULL, NULL};
    pair_set unit_volunteers = {NULL, 0, 0};   /* (unit, volunteer) */
    /* per unit, in the activity at hand: person-times and hours */
    uint32_t *tally = mem_calloc(nu, sizeof *tally);
    int64_t *tally_hours = mem_calloc(nu, sizeof *tally_hours);
    uint32_t *touched = mem_alloc(nu * sizeof *touched);
    /* per volunteer, what each row needs, in one place: hours so far and the last two
       units the volunteer served for */
    struct vstate { int64_t hours; uint32_t seen[2]; } *vs = mem_alloc(nv * sizeof *vs);
    int32_t *team_of = mem_alloc(nv * sizeof *team_of);
    apportion_item *items = mem_alloc(nu * sizeof *items);
    uint32_t *act_first = mem_alloc((l->n_activities + 1) * sizeof *act_first);
    uint32_t *act_units = NULL;                        /* the lead, then the other units */
    size_t n_act_units = 0, cap_act_units = 0;
    size_t *per_unit = mem_calloc(nu, sizeof *per_unit);
    tz_status st = TZ_OK;
    if (!tally || !tally_hours || !touched || !vs || !team_of || !items || !act_first ||
        !per_unit || (st = grouping_by_activity(l, &g)) != TZ_OK) {
        st = TZ_NOMEM;
        goto out;
    }
    for (size_t v = 0; v < l->n_volunteers; v++) {
        vs[v] = (struct vstate){0, {UINT32_MAX, UINT32_MAX}};
        team_of[v] = l->volunteers[v].team;
    }

    for (size_t a = 0; a < l->n_activities; a++) {
        const ledger_activity *act = &l->activities[a];
        size_t nt = 0;
        int64_t act_hours = 0;
        for (size_t k = g.first[a], end = k + g.count[a]; k < end; k++) {
            const ledger_participation *row = &l->participation[grouping_row(&g, k)];
            uint32_t u = row->unit, v = row->volunteer;
            int64_t h = row->hours_tenths;
            struct vstate *vv = &vs[v];
            act_hours += h;
            c->active_volunteers += vv->hours == 0;
            vv->hours += h;
            int32_t team = team_of[v];
            if (team != LEDGER_NONE) {
                f->teams[team].person_times++;
                f->teams[team].hours_tenths += h;
            }
            /* (u, v) is in the set once it was added; most volunteers serve for one
               or two units, so the set is looked at about once per distinct pair */
            if (vv->seen[0] != u && vv->seen[1] != u) {
                if (pair_set_add(&unit_volunteers, pair_key(u, v)) != 0) {
                    st = TZ_NOMEM;
                    goto out;
                }
                vv->seen[1] = vv->seen[0];
                vv->seen[0] = u;
            }
            if (tally[u]++ == 0)
                touched[nt++] = u;
            tally_hours[u] += h;
        }
        for (size_t i = 0; i < nt; i++) {
            figures_unit *fu = &f->units[touched[i]];
            fu->person_times += tally[touched[i]];
            fu->hours_tenths += tally_hours[touched[i]];
        }
        int64_t n = g.count[a];
        c->person_times += n;
        c->hours_tenths += act_hours;
        f->activity_person_times[a] = n;
        figures_group *grp[4] = {&f->categories[act->category], &f->areas[act->area],
                                 &f->months[month[a]],
                                 act->campaign != LEDGER_NONE ? &f->campaigns[act->campaign] : NULL};
        for (int i = 0; i < 4; i++) {
            if (!grp[i])
                continue;
            grp[i]->person_times += n;
            grp[i]->hours_tenths += act_hours;
        }

        /* (unit, activity): the lead unit and the units that took part */
        if (mem_grow(&act_units, &cap_act_units, n_act_units + nt + 1, sizeof *act_units) != 0) {
            st = TZ_NOMEM;
            goto out;
        }
        act_first[a] = (uint32_t)n_act_units;
        act_units[n_act_units++] = (uint32_t)act->lead_unit;
        for (size_t i = 0; i < nt; i++) {
            if (touched[i] != (uint32_t)act->lead_unit)
                act_units[n_act_units++] = touched[i];
            if (act->mode == MODE_COMMITTEE)
                f->units[touched[i]].activities_committee++;
        }
        if (f->apportion == APPORTION_LEAD || nt == 0) {
            f->units[act->lead_unit].beneficiaries += act->beneficiaries;
        } else {
            for (size_t i = 0; i < nt; i++)
                items[i] = (apportion_item){touched[i], rank[touched[i]], tally[touched[i]], 0, 0};
            if (apportion_largest_remainder(act->beneficiaries, items, nt) != 0) {
                st = TZ_SOFTWARE;
                goto out;
            }
            for (size_t i = 0; i < nt; i++)
                f->units[items[i].who].beneficiaries += items[i].share;
        }
        for (size_t i = 0; i < nt; i++)
            tally[touched[i]] = 0, tally_hours[touched[i]] = 0;
    }
    for (size_t v = 0; v < l->n_volunteers; v++)
        f->volunteer_hours_tenths[v] = vs[v].hours;
    act_first[l->n_activities] = (uint32_t)n_act_units;
    grouping_release(&g);

    for (size_t i = 0; i < unit_volunteers.cap; i++)
        if (unit_volunteers.keys[i] != PAIR_EMPTY)
            f->units[unit_volunteers.keys[i] >> 32].active_volunteers++;
    pair_set_release(&unit_volunteers);

    /* each unit's activities, ascending: taken in activity order */
    for (size_t i = 0; i < n_act_units; i++)
        per_unit[act_units[i]]++;
    for (size_t u = 0; u < l->n_units; u++) {
        f->units[u].activities = mem_alloc((per_unit[u] ? per_unit[u] : 1) * sizeof(uint32_t));
        if (!f->units[u].activities) {
            st = TZ_NOMEM;
            goto out;
        }
    }
    for (size_t a = 0; a < l->n_activities; a++) {
        int group = l->activities[a].mode == MODE_GROUP;
        for (size_t i = act_first[a]; i < act_first[a + 1]; i++) {
            figures_unit *fu = &f->units[act_units[i]];
            fu->activities[fu->n_activities++] = (uint32_t)a;
            fu->activities_group += group;
        }
    }
out:
    grouping_release(&g);
    pair_set_release(&unit_volunteers);
    mem_free(tally);
    mem_free(tally_hours);
    mem_free(touched);
    mem_free(vs);
    mem_free(team_of);
    mem_free(items);
    mem_free(act_first);
    mem_free(act_units);
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
    tz_status st = TZ_OK;
    uint32_t *rank = NULL;
    uint8_t *month = NULL;                           /* each activity's month, 0-11 */
    figures *f = mem_calloc(1, sizeof *f);
    *out = NULL;
    if (!f)
        return TZ_NOMEM;
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

    for (size_t u = 0; u < l->n_units; u++) {
        f->units[u].party_members = l->units[u].party_members;
        c->party_members += l->units[u].party_members;
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
        c->beneficiaries += act->beneficiaries;
        c->donation_fen += act->donation_fen;
        lead->donation_fen += act->donation_fen;
        switch (act->mode) {
        case MODE_INDEPENDENT:
            c->activities_independent++;
            lead->activities_independent++;
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

    if ((st = participation_figures(l, f, month, rank)) != TZ_OK)
        goto out;
    for (size_t u = 0; u < l->n_units; u++)
        c->active_volunteers_total += f->units[u].active_volunteers;
    for (size_t v = 0; v < l->n_volunteers; v++)
        if (l->volunteers[v].team != LEDGER_NONE && f->volunteer_hours_tenths[v] > 0)
            f->teams[l->volunteers[v].team].active_members++;

    if ((st = unit_demands(l, f)) != TZ_OK || (st = compute_demands(l, f)) != TZ_OK ||
        (st = compute_results(l, f)) != TZ_OK)
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

/* ---- the per-unit columns, by name ---- */

const figures_column FIGURES_UNIT_COLUMNS[] = {
    {"party_members", "党员人数", 0},
    {"volunteers", "志愿者人数", 0},
    {"party_volunteers", "党员志愿者人数", 0},
    {"participation_rate", "党员志愿者参与率", 4},
    {"active_volunteers", "活跃志愿者人数", 0},
    {"person_times", "服务人次", 0},
    {"hours", "服务时长（小时）", 1},
    {"activities_independent", "独立开展活动数", 0},
    {"activities_group", "组团服务活动数", 0},
    {"activities_committee", "工委统一组织活动数", 0},
    {"beneficiaries", "受益人数", 0},
    {"demands_answered", "响应需求数", 0},
    {"donation_yuan", "捐赠金额（元）", 2},
};
const size_t FIGURES_UNIT_COLUMN_COUNT = sizeof FIGURES_UNIT_COLUMNS / sizeof *FIGURES_UNIT_COLUMNS;

figures_value figures_unit_value(const figures *f, size_t u, size_t col)
{
    const figures_unit *fu = &f->units[u];
    switch (col) {
    case 0: return (figures_value){fu->party_members, 1};
    case 1: return (figures_value){fu->volunteers, 1};
    case 2: return (figures_value){fu->party_volunteers, 1};
    case 3: return (figures_value){fu->party_volunteers, fu->party_members > 0 ? fu->party_members : 0};
    case 4: return (figures_value){fu->active_volunteers, 1};
    case 5: return (figures_value){fu->person_times, 1};
    case 6: return (figures_value){fu->hours_tenths, 10};
    case 7: return (figures_value){fu->activities_independent, 1};
    case 8: return (figures_value){fu->activities_group, 1};
    case 9: return (figures_value){fu->activities_committee, 1};
    case 10: return (figures_value){fu->beneficiaries, 1};
    case 11: return (figures_value){fu->demands_answered, 1};
    case 12: return (figures_value){fu->donation_fen, 100};
    default: return (figures_value){0, 0};
    }
}

int figures_column_find(const char *name)
{
    for (size_t i = 0; i < FIGURES_UNIT_COLUMN_COUNT; i++)
        if (strcmp(FIGURES_UNIT_COLUMNS[i].name, name) == 0)
            return (int)i;
    return -1;
}
