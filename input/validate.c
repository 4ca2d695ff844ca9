/* input/validate.c — rules that look across rows and files: the same volunteer twice in
   one activity, over 24 hours a day, more party-member volunteers than party members;
   the lenient cascade; warnings on the finished ledger. Participation is taken an
   activity at a time (the file's own runs, or a counting sort when an activity's rows are
   scattered) with a counter per volunteer: linear in the rows, nothing kept per row.
   May call: base (all), input/problem, input/field, input/header. */
#include "input/load_int.h"
#include "base/mem.h"
#include "base/text.h"
#include "base/num.h"
#include "input/field.h"
#include "input/grouping.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t column(const load_state *st, ledger_file_kind k, int c)
{
    return st->maps[k].field[c] >= 0 ? (uint32_t)st->maps[k].field[c] + 1 : 0;
}

/* The same volunteer twice in one activity: every row after the first is an error. One
   pass over each activity's rows, a stamp per volunteer. */
static tz_status duplicates(load_state *st, const grouping *g)
{
    ledger *l = st->l;
    size_t nv = l->n_volunteers ? l->n_volunteers : 1;
    uint32_t *stamp = mem_calloc(nv, sizeof *stamp);     /* activity + 1 last seen in */
    uint32_t *first = mem_alloc(nv * sizeof *first);     /* the row there */
    tz_status r = TZ_OK;
    if (!stamp || !first) {
        r = TZ_NOMEM;
        goto out;
    }
    for (size_t a = 0; a < l->n_activities; a++) {
        for (size_t k = g->first[a], e = k + g->count[a]; k < e; k++) {
            uint32_t row = grouping_row(g, k);
            ledger_participation *p = &l->participation[row];
            if (p->flags & PART_BAD)
                continue;
            uint32_t v = p->volunteer;
            if (stamp[v] != a + 1) {
                stamp[v] = (uint32_t)a + 1;
                first[v] = row;
                continue;
            }
            const char *vid = l->volunteers[v].id;
            if (problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_PARTICIPATION],
                            lines_of(&st->part_lines, row), column(st, LEDGER_PARTICIPATION, PART_VOLUNTEER),
                            SEV_ERROR, "participation.duplicate", vid, strlen(vid),
                            "志愿者“%s”在活动“%s”中登记了不止一次（第一次在第 %u 行）。"
                            "删掉重复的一行，时长合并写在一行里", vid, l->activities[a].id,
                            lines_of(&st->part_lines, first[v])) != 0) {
                r = TZ_NOMEM;
                goto out;
            }
            p->flags |= PART_BAD;
            st->part_bad++;
        }
    }
out:
    mem_free(stamp);
    mem_free(first);
    return r;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

/* Over 24 hours a day: a volunteer's rows on the same date (their activities' date)
   summed. The activities are taken a date at a time; each date's rows are added up per
   volunteer, then the volunteers over 24 hours have all their rows of that date marked. */
static tz_status over_24_hours(load_state *st, const grouping *g)
{
    ledger *l = st->l;
    size_t nv = l->n_volunteers ? l->n_volunteers : 1;
    uint64_t *acts = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *acts);
    uint32_t *sum = mem_calloc(nv, sizeof *sum);         /* tenths on the date */
    uint32_t *rows = mem_calloc(nv, sizeof *rows);       /* rows on the date */
    uint32_t *touched = NULL;                            /* volunteers seen on the date */
    size_t n_touched = 0, cap_touched = 0, n_acts = 0;
    buf hours = BUF_INIT;
    tz_status r = TZ_OK;
    if (!acts || !sum || !rows) {
        r = TZ_NOMEM;
        goto out;
    }
    for (size_t a = 0; a < l->n_activities; a++)
        if (l->activities[a].date != LEDGER_NO_DATE && g->count[a])
            acts[n_acts++] = (uint64_t)(uint32_t)((int64_t)l->activities[a].date - INT32_MIN) << 32 | a;
    qsort(acts, n_acts, sizeof *acts, cmp_u64);       /* by date, then activity */
    for (size_t i = 0; i < n_acts;) {
        size_t e = i;
        while (e < n_acts && acts[e] >> 32 == acts[i] >> 32)
            e++;
        ledger_date d = l->activities[(uint32_t)acts[i]].date;
        int over = 0;
        for (size_t j = i; j < e; j++) {
            uint32_t a = (uint32_t)acts[j];
            for (size_t k = g->first[a], end = k + g->count[a]; k < end; k++) {
                const ledger_participation *p = &l->participation[grouping_row(g, k)];
                if (p->flags & PART_BAD)
                    continue;
                if (rows[p->volunteer]++ == 0) {
                    if (mem_grow(&touched, &cap_touched, n_touched + 1, sizeof *touched) != 0) {
                        r = TZ_NOMEM;
                        goto out;
                    }
                    touched[n_touched++] = p->volunteer;
                }
                sum[p->volunteer] += p->hours_tenths;
                over |= sum[p->volunteer] > 240;
            }
        }
        if (over) {
            char iso[16];
            load_format_date(d, iso);
            for (size_t j = i; j < e; j++) {
                uint32_t a = (uint32_t)acts[j];
                for (size_t k = g->first[a], end = k + g->count[a]; k < end; k++) {
                    uint32_t row = grouping_row(g, k);
                    ledger_participation *p = &l->participation[row];
                    if ((p->flags & PART_BAD) || sum[p->volunteer] <= 240)
                        continue;
                    buf_clear(&hours);
                    if (num_format_fixed(&hours, sum[p->volunteer], 1) != 0) {
                        r = TZ_NOMEM;
                        goto out;
                    }
                    const char *vid = l->volunteers[p->volunteer].id;
                    if (problem_add(&l->problems, LEDGER_FILE_NAMES[LEDGER_PARTICIPATION],
                                    lines_of(&st->part_lines, row), column(st, LEDGER_PARTICIPATION, PART_HOURS),
                                    SEV_ERROR, "participation.over_24h", vid, strlen(vid),
                                    "志愿者“%s”在 %s 这一天的服务时长合计 %s 小时（%u 条记录），超过 24 小时。"
                                    "核对这些记录的时长和活动日期", vid, iso, hours.data,
                                    rows[p->volunteer]) != 0) {
                        r = TZ_NOMEM;
                        goto out;
                    }
                }
            }
            /* marked only now: the sums above count every row of the date */
            for (size_t j = i; j < e; j++) {
                uint32_t a = (uint32_t)acts[j];
                for (size_t k = g->first[a], end = k + g->count[a]; k < end; k++) {
                    ledger_participation *p = &l->participation[grouping_row(g, k)];
                    if (!(p->flags & PART_BAD) && sum[p->volunteer] > 240) {
                        p->flags |= PART_BAD;
                        st->part_bad++;
                    }
                }
            }
        }
        for (size_t t = 0; t < n_touched; t++)
            sum[touched[t]] = rows[touched[t]] = 0;
        n_touched = 0;
        i = e;
    }
out:
    buf_release(&hours);
    mem_free(acts);
    mem_free(sum);
    mem_free(rows);
    mem_free(touched);
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
        int vn = text_format(value, sizeof value, "%lld", (long long)unit->party_members) == 0
                 ? (int)strlen(value) : 0;
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
    grouping g;
    tz_status r = grouping_by_activity(st->l, &g);
    if (r != TZ_OK)
        return r;
    if ((r = duplicates(st, &g)) == TZ_OK && (r = over_24_hours(st, &g)) == TZ_OK)
        r = party_members(st);
    grouping_release(&g);
    return r;
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
    /* participation: a pass over the rows only when something they refer to is left out */
    int any = 0;
    for (size_t i = 0; i < l->n_units && !any; i++)
        any = st->bad[LEDGER_UNITS][i] != ROW_OK;
    for (size_t i = 0; i < l->n_volunteers && !any; i++)
        any = st->bad[LEDGER_VOLUNTEERS][i] != ROW_OK;
    for (size_t i = 0; i < l->n_activities && !any; i++)
        any = st->bad[LEDGER_ACTIVITIES][i] != ROW_OK;
    for (size_t i = 0; any && i < l->n_participation && r == TZ_OK; i++) {
        ledger_participation *p = &l->participation[i];
        if (p->flags & PART_BAD)
            continue;
        int32_t a = (int32_t)p->activity, v = (int32_t)p->volunteer;
        int32_t u = (p->flags & LEDGER_PART_EXPLICIT_UNIT) ? (int32_t)p->unit : LEDGER_NONE;
        if (DROPPED(LEDGER_ACTIVITIES, a)) {
            p->flags |= PART_BAD;
            st->part_bad++;
            r = drop(st, LEDGER_PARTICIPATION, lines_of(&st->part_lines, i), PART_ACTIVITY, LEDGER_ACTIVITIES,
                     l->activities[a].id, l->activities[a].line);
        } else if (DROPPED(LEDGER_VOLUNTEERS, v)) {
            p->flags |= PART_BAD;
            st->part_bad++;
            r = drop(st, LEDGER_PARTICIPATION, lines_of(&st->part_lines, i), PART_VOLUNTEER, LEDGER_VOLUNTEERS,
                     l->volunteers[v].id, l->volunteers[v].line);
        } else if (DROPPED(LEDGER_UNITS, u)) {
            p->flags |= PART_BAD;
            st->part_bad++;
            r = drop(st, LEDGER_PARTICIPATION, lines_of(&st->part_lines, i), PART_UNIT, LEDGER_UNITS,
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

/* ---- causes ------------------------------------------------------------------------------ */

static const char *const REF_CODES[LEDGER_FILE_COUNT] = {
    "ref.unknown_unit", "ref.unknown_team", "ref.unknown_volunteer", "ref.unknown_activity",
    NULL, "ref.unknown_demand", NULL};

/* id and line of row i of kind k. */
static void row_id(const ledger *l, ledger_file_kind k, size_t i, const char **id, uint32_t *line)
{
    *id = "";
    *line = 0;
    switch (k) {
    case LEDGER_UNITS: *id = l->units[i].id, *line = l->units[i].line; break;
    case LEDGER_TEAMS: *id = l->teams[i].id, *line = l->teams[i].line; break;
    case LEDGER_VOLUNTEERS: *id = l->volunteers[i].id, *line = l->volunteers[i].line; break;
    case LEDGER_ACTIVITIES: *id = l->activities[i].id, *line = l->activities[i].line; break;
    case LEDGER_DEMANDS: *id = l->demands[i].id, *line = l->demands[i].line; break;
    default: break;
    }
}

static size_t row_count(const ledger *l, ledger_file_kind k)
{
    switch (k) {
    case LEDGER_UNITS: return l->n_units;
    case LEDGER_TEAMS: return l->n_teams;
    case LEDGER_VOLUNTEERS: return l->n_volunteers;
    case LEDGER_ACTIVITIES: return l->n_activities;
    case LEDGER_DEMANDS: return l->n_demands;
    default: return 0;
    }
}

static int digits_only(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return 0;
    return n > 0;
}

/* Whether the digits d could be what Excel showed as sci ("1.10105E+17"): as many digits
   as the exponent says, and the leading ones, rounded to the mantissa's, equal to it. */
static int scientific_of(const char *sci, const char *d)
{
    uint64_t m = 0;
    size_t k = 0, i = 0;
    for (; sci[i] && sci[i] != 'E' && sci[i] != 'e'; i++) {
        if (sci[i] == '.')
            continue;
        if (sci[i] < '0' || sci[i] > '9' || k == 18)
            return 0;
        m = m * 10 + (uint64_t)(sci[i] - '0');
        k++;
    }
    if (!sci[i] || k == 0)
        return 0;
    const char *e = sci + i + 1;
    if (*e == '+')
        e++;
    if (!digits_only(e, strlen(e)))
        return 0;
    size_t exponent = (size_t)strtoul(e, NULL, 10), n = strlen(d);
    if (!digits_only(d, n) || n != exponent + 1 || n < k)
        return 0;
    uint64_t x = 0;
    for (size_t j = 0; j < k; j++)
        x = x * 10 + (uint64_t)(d[j] - '0');
    if (n > k && d[k] >= '5')
        x++;
    return x == m;
}

static tz_status retell(problem *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Replaces p's message. */
static tz_status retell(problem *p, const char *fmt, ...)
{
    buf b = BUF_INIT;
    va_list ap;
    va_start(ap, fmt);
    int r = buf_vprintf(&b, fmt, ap);
    va_end(ap);
    if (r != 0) {
        buf_release(&b);
        return TZ_NOMEM;
    }
    mem_free(p->message);
    p->message = buf_steal(&b);
    return TZ_OK;
}

/* The ids of kind k, all digits, of different lengths (1, 10, 100 …): id.mixed_width at
   the first of the shortest. */
static tz_status mixed_width(load_state *st, ledger_file_kind k)
{
    const ledger *l = st->l;
    size_t n = row_count(l, k), shortest = SIZE_MAX, longest = 0;
    const char *short_id = NULL, *long_id = NULL;
    uint32_t short_line = 0;
    for (size_t i = 0; i < n; i++) {
        const char *id;
        uint32_t line;
        row_id(l, k, i, &id, &line);
        size_t len = strlen(id);
        if (!digits_only(id, len))
            return TZ_OK;
        if (len < shortest)
            shortest = len, short_id = id, short_line = line;
        if (len > longest)
            longest = len, long_id = id;
    }
    if (n < 2 || shortest == longest)
        return TZ_OK;
    if (problem_add(&st->l->problems, LEDGER_FILE_NAMES[k], short_line,
                    column(st, k, 0), SEV_WARNING, "id.mixed_width", short_id, strlen(short_id),
                    "%s 的%s编码都是数字，但长短不一（%zu 到 %zu 位，如“%s”和“%s”），多半是 Excel 去掉了"
                    "前导 0。把编码列设为“文本”格式，从原始台账重新导出；编码本来就不等长的，可不理会",
                    LEDGER_FILE_NAMES[k], KIND_WORD[k], shortest, longest, short_id, long_id) != 0)
        return TZ_NOMEM;
    return TZ_OK;
}

/* A participation row with neither activity nor volunteer whose hours equal the sum of
   the rows read (participation is read on many threads, so without rows.c's running
   sums): its value.required and hours.out_of_range become one row.total. */
static tz_status participation_total(load_state *st)
{
    ledger *l = st->l;
    problem_list *pl = &l->problems;
    const char *file = LEDGER_FILE_NAMES[LEDGER_PARTICIPATION];
    uint32_t c_act = column(st, LEDGER_PARTICIPATION, PART_ACTIVITY);
    uint32_t c_vol = column(st, LEDGER_PARTICIPATION, PART_VOLUNTEER);
    int64_t sum = 0;
    for (size_t i = 0; i < l->n_participation; i++)
        sum += l->participation[i].hours_tenths;
    for (size_t i = 0; i < pl->count; i++) {
        problem *p = &pl->items[i];
        int64_t tenths;
        field_issue iss;
        if (strcmp(p->code, "hours.out_of_range") != 0 || strcmp(p->file, file) != 0 ||
            field_decimal(p->value, strlen(p->value), 1, &tenths, &iss) != 0 || tenths != sum)
            continue;
        int empty = 0;
        for (size_t k = 0; k < pl->count; k++) {
            const problem *q = &pl->items[k];
            empty += q->line == p->line && strcmp(q->file, file) == 0 && strcmp(q->code, "value.required") == 0 &&
                     (q->column == c_act || q->column == c_vol);
        }
        if (empty != 2)
            continue;
        /* the row's other problems go; this one says what the row is */
        size_t kept = 0;
        uint32_t line = p->line;
        for (size_t k = 0; k < pl->count; k++) {
            problem *q = &pl->items[k];
            if (k != i && q->line == line && strcmp(q->file, file) == 0) {
                pl->errors -= q->severity == SEV_ERROR;
                pl->warnings -= q->severity == SEV_WARNING;
                pl->notices -= q->severity == SEV_NOTICE;
                mem_free(q->file);
                mem_free(q->message);
                mem_free(q->value);
                continue;
            }
            if (k == i)
                i = kept;
            pl->items[kept++] = *q;
        }
        pl->count = kept;
        p = &pl->items[i];
        p->code = "row.total";
        if (retell(p, "这一行没有活动和志愿者，服务时长却等于其余各行之和（“%s”），是合计行，不是一条记录。"
                      "请删除这一行", p->value) != TZ_OK)
            return TZ_NOMEM;
    }
    return TZ_OK;
}

tz_status validate_causes(load_state *st)
{
    ledger *l = st->l;
    problem_list *pl = &l->problems;
    size_t stripped[LEDGER_FILE_COUNT] = {0};
    const char *example_ref[LEDGER_FILE_COUNT] = {0}, *example_id[LEDGER_FILE_COUNT] = {0};
    uint32_t example_line[LEDGER_FILE_COUNT] = {0};
    if (participation_total(st) != TZ_OK)
        return TZ_NOMEM;
    size_t count = pl->count;             /* the problems added below are not looked at */
    for (size_t i = 0; i < count; i++) {
        problem *p = &pl->items[i];
        int target = -1;
        for (int k = 0; k < LEDGER_FILE_COUNT && target < 0; k++)
            if (REF_CODES[k] && strcmp(p->code, REF_CODES[k]) == 0)
                target = k;
        if (target < 0 || !l->files[target].present)
            continue;
        const char *tf = LEDGER_FILE_NAMES[target];
        size_t vn = strlen(p->value), z = 0;
        while (z < vn && p->value[z] == '0')
            z++;
        uint32_t row;
        if (z > 0 && z < vn && digits_only(p->value, vn) &&
            rows_find_id(st, (ledger_file_kind)target, p->value + z, vn - z, &row)) {
            const char *id;
            uint32_t line;
            row_id(l, (ledger_file_kind)target, row, &id, &line);
            if (stripped[target]++ == 0) {
                example_ref[target] = p->value;
                example_id[target] = id;
                example_line[target] = line;
            }
            if (retell(p, "%s编码“%s”在 %s 中找不到：%s 第 %u 行写作“%s”，%s 的编码像是被去掉了前导 0"
                          "（见 %s 的 id.zeros_stripped）。这一行不用改，改好 %s 的编码即可",
                       KIND_WORD[target], p->value, tf, tf, line, id, tf, tf, tf) != TZ_OK)
                return TZ_NOMEM;
            continue;
        }
        for (size_t q = 0; q < count; q++) {
            const problem *c = &pl->items[q];
            if (strcmp(c->code, "id.scientific") != 0 || strcmp(c->file, tf) != 0 ||
                c->column != column(st, (ledger_file_kind)target, 0) || !scientific_of(c->value, p->value))
                continue;
            if (retell(p, "%s编码“%s”在 %s 中找不到：因 %s 第 %u 行的编号损坏（被 Excel 变成了“%s”）而找不到。"
                          "这一行不用改，改好 %s 第 %u 行的编号即可",
                       KIND_WORD[target], p->value, tf, tf, c->line, c->value, tf, c->line) != TZ_OK)
                return TZ_NOMEM;
            break;
        }
    }
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        if (stripped[k]) {
            /* the examples point into problems that problem_add may move: copy first */
            char ref[64], id[64];
            if (text_format(ref, sizeof ref, "%s", example_ref[k]) != 0 ||
                text_format(id, sizeof id, "%s", example_id[k]) != 0)
                ref[0] = id[0] = '\0';     /* an id longer than 63 bytes: no example */
            if (problem_add(pl, LEDGER_FILE_NAMES[k], example_line[k], column(st, k, 0), SEV_ERROR,
                            "id.zeros_stripped", id, strlen(id),
                            "%s 的%s编码像是被去掉了前导 0：其他文件写 %s，这里写 %s；其他文件中有 %zu 处"
                            "引用因此找不到。把 %s 的编码列设为“文本”格式，从原始台账重新导出（或补回前导 0）",
                            LEDGER_FILE_NAMES[k], KIND_WORD[k], ref, id, stripped[k], LEDGER_FILE_NAMES[k]) != 0)
                return TZ_NOMEM;
        } else if (k == LEDGER_UNITS || k == LEDGER_VOLUNTEERS) {
            tz_status r = mixed_width(st, (ledger_file_kind)k);
            if (r != TZ_OK)
                return r;
        }
    }
    return TZ_OK;
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
