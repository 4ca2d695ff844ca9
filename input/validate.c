/* input/validate.c — rules that look across rows and files: the same volunteer twice in
   one activity, over 24 hours a day, more party-member volunteers than party members;
   the lenient cascade; warnings on the finished ledger. Participation is handled with
   counting sorts over row indices and small sorts of 8-byte keys: nothing per row.
   May call: base (all), input/problem, input/field, input/header. */
#include "input/load.h"
#include "base/mem.h"
#include "base/num.h"
#include "input/field.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t column(const load_state *st, ledger_file_kind k, int c)
{
    return st->maps[k].field[c] >= 0 ? (uint32_t)st->maps[k].field[c] + 1 : 0;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Row indices of the participation rows grouped by key(row) (a counting sort): rows of
   group g are order[start[g] .. start[g + 1]), in file order. Rows with key
   UINT32_MAX are left out. OUT: *order, *start (mem_free both). */
static tz_status group_rows(const load_state *st, size_t groups, int by_volunteer,
                            uint32_t **order_out, uint32_t **start_out)
{
    const ledger *l = st->l;
    uint32_t *start = mem_calloc(groups + 2, sizeof *start);
    uint32_t *order = mem_alloc((l->n_participation ? l->n_participation : 1) * sizeof *order);
    if (!start || !order) {
        mem_free(start);
        mem_free(order);
        return TZ_NOMEM;
    }
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        if (p->flags & PART_BAD)
            continue;
        start[(by_volunteer ? p->volunteer : p->activity) + 2]++;
    }
    for (size_t g = 2; g < groups + 2; g++)
        start[g] += start[g - 1];
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        if (p->flags & PART_BAD)
            continue;
        order[start[(by_volunteer ? p->volunteer : p->activity) + 1]++] = (uint32_t)i;
    }
    *order_out = order;
    *start_out = start;
    return TZ_OK;
}

static tz_status duplicates(load_state *st)
{
    ledger *l = st->l;
    uint32_t *order = NULL, *start = NULL;
    uint64_t *keys = NULL;
    size_t cap = 0;
    tz_status r = group_rows(st, l->n_activities, 0, &order, &start);
    if (r != TZ_OK)
        return r;
    for (size_t a = 0; a < l->n_activities; a++) {
        size_t lo = start[a], hi = start[a + 1];
        if (hi - lo < 2)
            continue;
        if (mem_grow(&keys, &cap, hi - lo, sizeof *keys) != 0) {
            r = TZ_NOMEM;
            goto out;
        }
        for (size_t k = lo; k < hi; k++)
            keys[k - lo] = (uint64_t)l->participation[order[k]].volunteer << 32 | order[k];
        qsort(keys, hi - lo, sizeof *keys, cmp_u64);
        size_t m = hi - lo;
        for (size_t k = 0; k < m;) {
            uint32_t v = (uint32_t)(keys[k] >> 32);
            uint32_t first = (uint32_t)keys[k];
            size_t e = k + 1;
            for (; e < m && (uint32_t)(keys[e] >> 32) == v; e++) {
                uint32_t row = (uint32_t)keys[e];
                const char *vid = l->volunteers[v].id;
                if (problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_PARTICIPATION],
                                st->part_lines[row], column(st, LEDGER_PARTICIPATION, PART_VOLUNTEER),
                                SEV_ERROR, "participation.duplicate", vid, strlen(vid),
                                "志愿者“%s”在活动“%s”中登记了不止一次（第一次在第 %u 行）。"
                                "删掉重复的一行，时长合并写在一行里", vid, l->activities[a].id,
                                st->part_lines[first]) != 0) {
                    r = TZ_NOMEM;
                    goto out;
                }
                l->participation[row].flags |= PART_BAD;
            }
            k = e;
        }
    }
out:
    mem_free(keys);
    mem_free(order);
    mem_free(start);
    return r;
}

static tz_status over_24_hours(load_state *st)
{
    ledger *l = st->l;
    uint32_t *order = NULL, *start = NULL;
    uint64_t *keys = NULL;
    size_t cap = 0;
    buf hours = BUF_INIT;
    /* the activities' dates, dense: read once per participation row */
    ledger_date *date = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *date);
    if (!date)
        return TZ_NOMEM;
    for (size_t a = 0; a < l->n_activities; a++)
        date[a] = l->activities[a].date;
    tz_status r = group_rows(st, l->n_volunteers, 1, &order, &start);
    if (r != TZ_OK) {
        mem_free(date);
        return r;
    }
    for (size_t v = 0; v < l->n_volunteers; v++) {
        size_t lo = start[v], hi = start[v + 1], m = 0;
        if (hi - lo < 2)
            continue;
        if (mem_grow(&keys, &cap, hi - lo, sizeof *keys) != 0) {
            r = TZ_NOMEM;
            goto out;
        }
        for (size_t k = lo; k < hi; k++) {
            ledger_date d = date[l->participation[order[k]].activity];
            if (d == LEDGER_NO_DATE)
                continue;
            keys[m++] = (uint64_t)(uint32_t)((int64_t)d - INT32_MIN) << 32 | order[k];
        }
        qsort(keys, m, sizeof *keys, cmp_u64);
        for (size_t k = 0; k < m;) {
            size_t e = k;
            int64_t sum = 0;
            while (e < m && keys[e] >> 32 == keys[k] >> 32)
                sum += l->participation[(uint32_t)keys[e++]].hours_tenths;
            if (sum > 240) {
                char iso[16];
                ledger_date d = (ledger_date)((int64_t)(keys[k] >> 32) + INT32_MIN);
                load_format_date(d, iso);
                buf_clear(&hours);
                if (num_format_fixed(&hours, sum, 1) != 0) {
                    r = TZ_NOMEM;
                    goto out;
                }
                const char *vid = l->volunteers[v].id;
                for (size_t j = k; j < e; j++) {
                    uint32_t row = (uint32_t)keys[j];
                    if (problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_PARTICIPATION],
                                    st->part_lines[row], column(st, LEDGER_PARTICIPATION, PART_HOURS),
                                    SEV_ERROR, "participation.over_24h", vid, strlen(vid),
                                    "志愿者“%s”在 %s 这一天的服务时长合计 %s 小时（%zu 条记录），超过 24 小时。"
                                    "核对这些记录的时长和活动日期", vid, iso, hours.data, e - k) != 0) {
                        r = TZ_NOMEM;
                        goto out;
                    }
                    l->participation[row].flags |= PART_BAD;
                }
            }
            k = e;
        }
    }
out:
    buf_release(&hours);
    mem_free(date);
    mem_free(keys);
    mem_free(order);
    mem_free(start);
    return r;
}

static tz_status party_members(load_state *st)
{
    ledger *l = st->l;
    int64_t *count = mem_calloc(l->n_units ? l->n_units : 1, sizeof *count);
    if (!count)
        return TZ_NOMEM;
    tz_status r = TZ_OK;
    for (size_t i = 0; i < l->n_volunteers; i++) {
        const ledger_volunteer *v = &l->volunteers[i];
        if (st->bad[LEDGER_VOLUNTEERS][i] == ROW_OK && v->unit != LEDGER_NONE &&
            (v->status == POL_MEMBER || v->status == POL_PROBATIONARY))
            count[v->unit]++;
    }
    for (size_t u = 0; u < l->n_units; u++) {
        const ledger_unit *unit = &l->units[u];
        if (st->bad[LEDGER_UNITS][u] != ROW_OK || count[u] <= unit->party_members)
            continue;
        char value[24];
        int vn = snprintf(value, sizeof value, "%lld", (long long)unit->party_members);
        if (problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_UNITS], unit->line,
                        column(st, LEDGER_UNITS, UNIT_PARTY_MEMBERS), SEV_ERROR,
                        "unit.party_volunteers_exceed", value, vn > 0 ? (size_t)vn : 0,
                        "单位“%s”的党员人数是 %lld，但 volunteers.csv 里有 %lld 名党员志愿者"
                        "（中共党员和中共预备党员）。核对党员人数，或志愿者的政治面貌和所在单位",
                        unit->id, (long long)unit->party_members, (long long)count[u]) != 0) {
            r = TZ_NOMEM;
            break;
        }
        st->bad[LEDGER_UNITS][u] = ROW_ERROR;
    }
    mem_free(count);
    return r;
}

tz_status validate_cross_rows(load_state *st)
{
    tz_status r;
    if ((r = duplicates(st)) != TZ_OK || (r = over_24_hours(st)) != TZ_OK ||
        (r = party_members(st)) != TZ_OK)
        return r;
    return TZ_OK;
}

static const char *const KIND_WORD[LEDGER_FILE_COUNT] = {
    "单位", "服务队", "志愿者", "活动", "参与记录", "需求", "成果"};

/* Row `row` of kind k refers to row `to` of kind `target`, which is left out: mark it
   and, in lenient mode, say so. */
static tz_status drop(load_state *st, ledger_file_kind k, uint32_t line, int c,
                      ledger_file_kind target, const char *to_id, uint32_t to_line)
{
    if (!st->opt->lenient || st->whole_file_failed)
        return TZ_OK;
    if (problem_add(&st->l->problems, LEDGER_FILE_NAMES[k], line, column(st, k, c), SEV_ERROR,
                    "ref.dropped", to_id, strlen(to_id),
                    "引用的%s“%s”（%s 第 %u 行）有错误、已被剔除，这一行随之剔除。"
                    "改正那一行后，这一行即可使用", KIND_WORD[target], to_id,
                    LEDGER_FILE_NAMES[target], to_line) != 0)
        return TZ_NOMEM;
    return TZ_OK;
}

#define DROPPED(k, i) ((i) != LEDGER_NONE && st->bad[k][(i)] != ROW_OK)

tz_status validate_cascade(load_state *st)
{
    ledger *l = st->l;
    tz_status r = TZ_OK;
    for (size_t i = 0; i < l->n_teams && r == TZ_OK; i++) {
        ledger_team *t = &l->teams[i];
        if (st->bad[LEDGER_TEAMS][i] != ROW_OK)
            continue;
        if (DROPPED(LEDGER_UNITS, t->unit)) {
            st->bad[LEDGER_TEAMS][i] = ROW_CASCADE;
            r = drop(st, LEDGER_TEAMS, t->line, TEAM_UNIT, LEDGER_UNITS, l->units[t->unit].id,
                     l->units[t->unit].line);
        }
    }
    for (size_t i = 0; i < l->n_volunteers && r == TZ_OK; i++) {
        ledger_volunteer *v = &l->volunteers[i];
        if (st->bad[LEDGER_VOLUNTEERS][i] != ROW_OK)
            continue;
        if (DROPPED(LEDGER_UNITS, v->unit)) {
            st->bad[LEDGER_VOLUNTEERS][i] = ROW_CASCADE;
            r = drop(st, LEDGER_VOLUNTEERS, v->line, VOL_UNIT, LEDGER_UNITS, l->units[v->unit].id,
                     l->units[v->unit].line);
        } else if (DROPPED(LEDGER_TEAMS, v->team)) {
            st->bad[LEDGER_VOLUNTEERS][i] = ROW_CASCADE;
            r = drop(st, LEDGER_VOLUNTEERS, v->line, VOL_TEAM, LEDGER_TEAMS, l->teams[v->team].id,
                     l->teams[v->team].line);
        }
    }
    for (size_t i = 0; i < l->n_activities && r == TZ_OK; i++) {
        ledger_activity *a = &l->activities[i];
        if (st->bad[LEDGER_ACTIVITIES][i] != ROW_OK)
            continue;
        if (DROPPED(LEDGER_UNITS, a->lead_unit)) {
            st->bad[LEDGER_ACTIVITIES][i] = ROW_CASCADE;
            r = drop(st, LEDGER_ACTIVITIES, a->line, ACT_LEAD_UNIT, LEDGER_UNITS,
                     l->units[a->lead_unit].id, l->units[a->lead_unit].line);
        } else if (DROPPED(LEDGER_DEMANDS, a->demand)) {
            st->bad[LEDGER_ACTIVITIES][i] = ROW_CASCADE;
            r = drop(st, LEDGER_ACTIVITIES, a->line, ACT_DEMAND, LEDGER_DEMANDS,
                     l->demands[a->demand].id, l->demands[a->demand].line);
        }
    }
    for (size_t i = 0; i < l->n_participation && r == TZ_OK; i++) {
        ledger_participation *p = &l->participation[i];
        if (p->flags & PART_BAD)
            continue;
        int32_t a = (int32_t)p->activity, v = (int32_t)p->volunteer;
        int32_t u = (p->flags & LEDGER_PART_EXPLICIT_UNIT) ? (int32_t)p->unit : LEDGER_NONE;
        if (DROPPED(LEDGER_ACTIVITIES, a)) {
            p->flags |= PART_BAD;
            r = drop(st, LEDGER_PARTICIPATION, st->part_lines[i], PART_ACTIVITY, LEDGER_ACTIVITIES,
                     l->activities[a].id, l->activities[a].line);
        } else if (DROPPED(LEDGER_VOLUNTEERS, v)) {
            p->flags |= PART_BAD;
            r = drop(st, LEDGER_PARTICIPATION, st->part_lines[i], PART_VOLUNTEER, LEDGER_VOLUNTEERS,
                     l->volunteers[v].id, l->volunteers[v].line);
        } else if (DROPPED(LEDGER_UNITS, u)) {
            p->flags |= PART_BAD;
            r = drop(st, LEDGER_PARTICIPATION, st->part_lines[i], PART_UNIT, LEDGER_UNITS,
                     l->units[u].id, l->units[u].line);
        }
    }
    for (size_t i = 0; i < l->n_results && r == TZ_OK; i++) {
        ledger_result *res = &l->results[i];
        if (st->bad[LEDGER_RESULTS][i] != ROW_OK)
            continue;
        if (DROPPED(LEDGER_ACTIVITIES, res->activity)) {
            st->bad[LEDGER_RESULTS][i] = ROW_CASCADE;
            r = drop(st, LEDGER_RESULTS, res->line, RES_ACTIVITY, LEDGER_ACTIVITIES,
                     l->activities[res->activity].id, l->activities[res->activity].line);
        }
    }
    return r;
}

tz_status validate_warnings(load_state *st)
{
    ledger *l = st->l;
    tz_status r = TZ_OK;
    uint32_t *rows = mem_calloc(l->n_activities ? l->n_activities : 1, sizeof *rows);
    uint32_t *first_unit = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *first_unit);
    uint8_t *several = mem_calloc(l->n_activities ? l->n_activities : 1, 1);
    uint32_t *volunteers = mem_calloc(l->n_units ? l->n_units : 1, sizeof *volunteers);
    if (!rows || !first_unit || !several || !volunteers) {
        r = TZ_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        if (rows[p->activity]++ == 0)
            first_unit[p->activity] = p->unit;
        else if (first_unit[p->activity] != p->unit)
            several[p->activity] = 1;
    }
    for (size_t a = 0; a < l->n_activities; a++) {
        const ledger_activity *act = &l->activities[a];
        const char *f = LEDGER_FILE_NAMES[LEDGER_ACTIVITIES];
        if (rows[a] == 0) {
            if (problem_add(&l->problems, f, act->line, 0, SEV_WARNING, "activity.no_participation",
                            act->id, strlen(act->id),
                            "活动“%s”在 participation.csv 里没有任何参与记录。补登参与记录，或核对活动编号",
                            act->id) != 0)
                goto nomem;
        } else if (act->mode == MODE_GROUP && !several[a]) {
            const ledger_unit *u = &l->units[first_unit[a]];
            if (problem_add(&l->problems, f, act->line, column(st, LEDGER_ACTIVITIES, ACT_MODE),
                            SEV_WARNING, "activity.group_single_unit", act->id, strlen(act->id),
                            "组团服务活动“%s”的参与者都来自同一个单位（%s %s）。"
                            "核对组织方式是否应为“独立开展”，或补登其他单位的参与记录",
                            act->id, u->id, u->name) != 0)
                goto nomem;
        }
    }
    for (size_t i = 0; i < l->n_volunteers; i++)
        volunteers[l->volunteers[i].unit]++;
    for (size_t u = 0; u < l->n_units; u++) {
        const ledger_unit *unit = &l->units[u];
        if (volunteers[u] == 0 &&
            problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_UNITS], unit->line, 0, SEV_WARNING,
                        "unit.no_volunteers", unit->id, strlen(unit->id),
                        "单位“%s %s”在 volunteers.csv 里没有志愿者。补登志愿者，或核对志愿者的所在单位编码",
                        unit->id, unit->name) != 0)
            goto nomem;
    }
    goto out;
nomem:
    r = TZ_NOMEM;
out:
    mem_free(rows);
    mem_free(first_unit);
    mem_free(several);
    mem_free(volunteers);
    return r;
}
