/* tests/unit/ledger_fixture.h — ledgers for the figures tests, built in memory without
   the input stage: small builders, and a deliberately simple reader of the hand-worked
   case's CSVs (UTF-8, Chinese headers, ISO dates, plain numbers, quotes without line
   breaks) — an independent route to the same ledger that input/ produces.
   Included by one test file each (static functions). */
#ifndef TZ_LEDGER_FIXTURE_H
#define TZ_LEDGER_FIXTURE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "input/ledger.h"

static const char *const FIXTURE_CATEGORIES[] = {
    "医疗卫生", "畜牧养殖", "疫病防治", "党员教育", "法律宣传", "计生宣传",
    "文化服务", "科技宣传", "扶贫帮困", "环境整治", "植树造林", "其他",
};
#define FIXTURE_N_CATEGORIES (sizeof FIXTURE_CATEGORIES / sizeof *FIXTURE_CATEGORIES)

static char *fx_dup(const char *s)
{
    char *d = mem_strdup(s ? s : "");
    if (!d)
        abort();
    return d;
}

#define FX_PUSH(arr, n)                                                        \
    do {                                                                       \
        void *p_ = mem_realloc((arr), ((n) + 1) * sizeof *(arr));              \
        if (!p_)                                                               \
            abort();                                                           \
        (arr) = p_;                                                            \
        memset(&(arr)[(n)], 0, sizeof *(arr));                                 \
        (n)++;                                                                 \
    } while (0)

static ledger_date fx_days(int y, int m, int d)   /* H. Hinnant's days_from_civil */
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static ledger_date fx_date(const char *s)   /* "2025-03-10" */
{
    return fx_days((int)strtol(s, NULL, 10), (int)strtol(s + 5, NULL, 10),
                   (int)strtol(s + 8, NULL, 10));
}

/* "12.5" with `places` decimals as a scaled integer. */
static int64_t fx_scaled(const char *s, int places)
{
    int64_t v = 0;
    int seen = -1;
    for (; *s; s++) {
        if (*s == '.') {
            seen = 0;
            continue;
        }
        v = v * 10 + (*s - '0');
        if (seen >= 0)
            seen++;
    }
    for (int i = seen < 0 ? 0 : seen; i < places; i++)
        v *= 10;
    return v;
}

static void fx_init(ledger *l, int year)
{
    memset(l, 0, sizeof *l);
    l->year = year;
    l->n_categories = FIXTURE_N_CATEGORIES;
    l->categories = mem_alloc(FIXTURE_N_CATEGORIES * sizeof *l->categories);
    for (size_t i = 0; i < FIXTURE_N_CATEGORIES; i++)
        l->categories[i] = fx_dup(FIXTURE_CATEGORIES[i]);
}

static int32_t fx_find_id(const char *id, const void *base, size_t n, size_t size)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(*(char *const *)((const char *)base + i * size), id) == 0)
            return (int32_t)i;
    return LEDGER_NONE;
}
#define FX_FIND(l, what, id) fx_find_id((id), (l)->what, (l)->n_##what, sizeof *(l)->what)

static int32_t fx_index(const char *const *names, size_t n, const char *s)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return (int32_t)i;
    return LEDGER_NONE;
}

static void fx_unit(ledger *l, const char *id, const char *name, int64_t party_members)
{
    FX_PUSH(l->units, l->n_units);
    ledger_unit *u = &l->units[l->n_units - 1];
    u->id = fx_dup(id);
    u->name = fx_dup(name);
    u->party_members = party_members;
    u->org_type = fx_dup("");
    u->sector = fx_dup("");
}

static void fx_team(ledger *l, const char *id, const char *name, const char *unit, team_type t)
{
    FX_PUSH(l->teams, l->n_teams);
    ledger_team *x = &l->teams[l->n_teams - 1];
    x->id = fx_dup(id);
    x->name = fx_dup(name);
    x->unit = FX_FIND(l, units, unit);
    x->type = t;
    x->founded_on = LEDGER_NO_DATE;
    x->specialty = fx_dup("");
}

static void fx_volunteer(ledger *l, const char *id, const char *unit, const char *team,
                         political_status s)
{
    FX_PUSH(l->volunteers, l->n_volunteers);
    ledger_volunteer *v = &l->volunteers[l->n_volunteers - 1];
    v->id = fx_dup(id);
    v->name = fx_dup("");
    v->unit = FX_FIND(l, units, unit);
    v->team = team && *team ? FX_FIND(l, teams, team) : LEDGER_NONE;
    v->status = s;
    v->joined_on = LEDGER_NO_DATE;
    v->skills = fx_dup("");
    v->phone_masked = fx_dup("");
    v->id_number_masked = fx_dup("");
}

static int32_t fx_campaign(ledger *l, const char *name)
{
    if (!name || !*name)
        return LEDGER_NONE;
    for (size_t i = 0; i < l->n_campaigns; i++)
        if (strcmp(l->campaigns[i], name) == 0)
            return (int32_t)i;
    FX_PUSH(l->campaigns, l->n_campaigns);
    l->campaigns[l->n_campaigns - 1] = fx_dup(name);
    return (int32_t)l->n_campaigns - 1;
}

static void fx_activity(ledger *l, const char *id, const char *date, activity_mode mode,
                        const char *lead, int32_t category, area_type area, const char *demand,
                        const char *campaign, int64_t beneficiaries, int64_t donation_fen)
{
    int32_t c = fx_campaign(l, campaign);
    FX_PUSH(l->activities, l->n_activities);
    ledger_activity *a = &l->activities[l->n_activities - 1];
    a->id = fx_dup(id);
    a->date = fx_date(date);
    a->title = fx_dup("");
    a->mode = mode;
    a->lead_unit = FX_FIND(l, units, lead);
    a->category = category;
    a->area = area;
    a->location = fx_dup("");
    a->demand = demand && *demand ? FX_FIND(l, demands, demand) : LEDGER_NONE;
    a->campaign = c;
    a->beneficiaries = beneficiaries;
    a->donation_fen = donation_fen;
}

/* A participation row; unit NULL or "" = the volunteer's own unit. */
static void fx_row(ledger *l, const char *activity, const char *volunteer, const char *unit,
                   int hours_tenths)
{
    FX_PUSH(l->participation, l->n_participation);
    ledger_participation *p = &l->participation[l->n_participation - 1];
    p->activity = (uint32_t)FX_FIND(l, activities, activity);
    p->volunteer = (uint32_t)FX_FIND(l, volunteers, volunteer);
    if (unit && *unit) {
        p->unit = (uint32_t)FX_FIND(l, units, unit);
        p->flags = LEDGER_PART_EXPLICIT_UNIT;
    } else {
        p->unit = (uint32_t)l->volunteers[p->volunteer].unit;
    }
    p->hours_tenths = (uint16_t)hours_tenths;
}

static void fx_demand(ledger *l, const char *id, const char *date)
{
    FX_PUSH(l->demands, l->n_demands);
    ledger_demand *d = &l->demands[l->n_demands - 1];
    d->id = fx_dup(id);
    d->submitted_on = fx_date(date);
    d->requester = fx_dup("");
    d->description = fx_dup("");
    d->channel = LEDGER_NONE;
}

static void fx_result(ledger *l, const char *activity, const char *indicator,
                      int64_t quantity_e4, const char *measure_unit)
{
    FX_PUSH(l->results, l->n_results);
    ledger_result *r = &l->results[l->n_results - 1];
    r->activity = FX_FIND(l, activities, activity);
    r->indicator = fx_dup(indicator);
    r->quantity_e4 = quantity_e4;
    r->measure_unit = fx_dup(measure_unit);
}

static void fx_free(ledger *l)
{
    for (size_t i = 0; i < l->n_units; i++) {
        mem_free(l->units[i].id); mem_free(l->units[i].name);
        mem_free(l->units[i].org_type); mem_free(l->units[i].sector);
    }
    for (size_t i = 0; i < l->n_teams; i++) {
        mem_free(l->teams[i].id); mem_free(l->teams[i].name); mem_free(l->teams[i].specialty);
    }
    for (size_t i = 0; i < l->n_volunteers; i++) {
        ledger_volunteer *v = &l->volunteers[i];
        mem_free(v->id); mem_free(v->name); mem_free(v->skills);
        mem_free(v->phone_masked); mem_free(v->id_number_masked);
    }
    for (size_t i = 0; i < l->n_activities; i++) {
        mem_free(l->activities[i].id); mem_free(l->activities[i].title);
        mem_free(l->activities[i].location);
    }
    for (size_t i = 0; i < l->n_demands; i++) {
        mem_free(l->demands[i].id); mem_free(l->demands[i].requester);
        mem_free(l->demands[i].description);
    }
    for (size_t i = 0; i < l->n_results; i++) {
        mem_free(l->results[i].indicator); mem_free(l->results[i].measure_unit);
    }
    for (size_t i = 0; i < l->n_categories; i++)
        mem_free(l->categories[i]);
    for (size_t i = 0; i < l->n_campaigns; i++)
        mem_free(l->campaigns[i]);
    for (size_t i = 0; i < l->problems.count; i++) {
        mem_free(l->problems.items[i].file); mem_free(l->problems.items[i].message);
        mem_free(l->problems.items[i].value);
    }
    mem_free(l->problems.items);
    mem_free(l->units); mem_free(l->teams); mem_free(l->volunteers); mem_free(l->activities);
    mem_free(l->participation); mem_free(l->demands); mem_free(l->results);
    mem_free(l->categories); mem_free(l->campaigns);
    memset(l, 0, sizeof *l);
}

/* ---- the simple CSV reader ---- */

#define FX_MAX_FIELDS 16
typedef struct fx_csv {
    FILE *fp;
    char line[4096];
    char *field[FX_MAX_FIELDS];
    int n;
    char *header[FX_MAX_FIELDS];
    int n_header;
} fx_csv;

/* Splits the next line into fields (in place). Returns 0 at the end of the file. */
static int fx_next(fx_csv *c)
{
    if (!fgets(c->line, sizeof c->line, c->fp))
        return 0;
    char *s = c->line, *w = c->line;
    c->n = 0;
    c->field[c->n++] = w;
    int quoted = 0;
    for (; *s && *s != '\n' && *s != '\r'; s++) {
        if (quoted) {
            if (*s == '"' && s[1] == '"')
                *w++ = *s++;
            else if (*s == '"')
                quoted = 0;
            else
                *w++ = *s;
        } else if (*s == '"') {
            quoted = 1;
        } else if (*s == ',') {
            *w++ = '\0';
            if (c->n < FX_MAX_FIELDS)
                c->field[c->n++] = w;
        } else {
            *w++ = *s;
        }
    }
    *w = '\0';
    return 1;
}

static int fx_open(fx_csv *c, const char *dir, const char *name)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    c->fp = fopen(path, "r");
    if (!c->fp || !fx_next(c))
        return -1;
    static char copy[4096];
    memcpy(copy, c->line, sizeof copy);
    c->n_header = c->n;
    for (int i = 0; i < c->n; i++)
        c->header[i] = copy + (c->field[i] - c->line);
    return 0;
}

/* The field under a header, "" when absent. */
static const char *fx_get(const fx_csv *c, const char *header)
{
    for (int i = 0; i < c->n_header && i < c->n; i++)
        if (strcmp(c->header[i], header) == 0)
            return c->field[i];
    return "";
}

/* The last demand's requester, area type, category and channel; the last team's 服务领域;
   the last volunteer's 特长 (for demand and supply). */
static void fx_demand_about(ledger *l, const char *requester, area_type area, int32_t category,
                            int32_t channel)
{
    ledger_demand *d = &l->demands[l->n_demands - 1];
    mem_free(d->requester);
    d->requester = fx_dup(requester);
    d->area = area;
    d->category = category;
    d->channel = channel;
}

static void fx_text(char **field, const char *text)
{
    mem_free(*field);
    *field = fx_dup(text);
}

/* Reads the case folder into l. Returns 0, or -1 when a file is missing. */
static int fx_load(ledger *l, const char *dir, int year)
{
    fx_csv c;
    fx_init(l, year);
    if (fx_open(&c, dir, "units.csv"))
        return -1;
    while (fx_next(&c))
        fx_unit(l, fx_get(&c, "单位编码"), fx_get(&c, "单位名称"),
                strtoll(fx_get(&c, "党员人数"), NULL, 10));
    fclose(c.fp);
    if (fx_open(&c, dir, "teams.csv"))
        return -1;
    while (fx_next(&c)) {
        fx_team(l, fx_get(&c, "服务队编码"), fx_get(&c, "服务队名称"),
                fx_get(&c, "所属单位编码"),
                strcmp(fx_get(&c, "队伍类型"), "党员志愿服务队") == 0 ? TEAM_PARTY : TEAM_YOUTH);
        fx_text(&l->teams[l->n_teams - 1].specialty, fx_get(&c, "服务领域"));
    }
    fclose(c.fp);
    static const char *const political[] = {"中共党员", "中共预备党员", "共青团员",
                                            "入党积极分子", "群众"};
    if (fx_open(&c, dir, "volunteers.csv"))
        return -1;
    while (fx_next(&c)) {
        fx_volunteer(l, fx_get(&c, "志愿者编号"), fx_get(&c, "所在单位编码"),
                     fx_get(&c, "服务队编码"),
                     (political_status)fx_index(political, 5, fx_get(&c, "政治面貌")));
        fx_text(&l->volunteers[l->n_volunteers - 1].skills, fx_get(&c, "特长"));
    }
    fclose(c.fp);
    static const char *const modes[] = {"独立开展", "组团服务", "工委统一组织"};
    static const char *const areas[] = {"社区", "林区", "牧区", "农区", "站所", "其他"};
    static const char *const channels[] = {"座谈会", "走访", "意见箱", "热线电话", "网络", "其他"};
    if (fx_open(&c, dir, "demands.csv") == 0) {
        while (fx_next(&c)) {
            fx_demand(l, fx_get(&c, "需求编号"), fx_get(&c, "提出日期"));
            fx_demand_about(l, fx_get(&c, "提出单位"), (area_type)fx_index(areas, 6, fx_get(&c, "区域类型")),
                            fx_index(FIXTURE_CATEGORIES, FIXTURE_N_CATEGORIES, fx_get(&c, "服务类别")),
                            *fx_get(&c, "征集渠道") ? fx_index(channels, 6, fx_get(&c, "征集渠道"))
                                                    : LEDGER_NONE);
        }
        fclose(c.fp);
    }
    if (fx_open(&c, dir, "activities.csv"))
        return -1;
    while (fx_next(&c))
        fx_activity(l, fx_get(&c, "活动编号"), fx_get(&c, "活动日期"),
                    (activity_mode)fx_index(modes, 3, fx_get(&c, "组织方式")),
                    fx_get(&c, "牵头单位编码"),
                    fx_index(FIXTURE_CATEGORIES, FIXTURE_N_CATEGORIES, fx_get(&c, "服务类别")),
                    (area_type)fx_index(areas, 6, fx_get(&c, "区域类型")),
                    fx_get(&c, "需求编号"), fx_get(&c, "专项行动"),
                    strtoll(fx_get(&c, "受益人数"), NULL, 10),
                    fx_scaled(fx_get(&c, "捐赠金额（元）"), 2));
    fclose(c.fp);
    if (fx_open(&c, dir, "participation.csv"))
        return -1;
    while (fx_next(&c))
        fx_row(l, fx_get(&c, "活动编号"), fx_get(&c, "志愿者编号"), fx_get(&c, "代表单位编码"),
               (int)fx_scaled(fx_get(&c, "服务时长（小时）"), 1));
    fclose(c.fp);
    if (fx_open(&c, dir, "results.csv") == 0) {
        while (fx_next(&c))
            fx_result(l, fx_get(&c, "活动编号"), fx_get(&c, "成果指标"),
                      fx_scaled(fx_get(&c, "数量"), 4), fx_get(&c, "计量单位"));
        fclose(c.fp);
    }
    return 0;
}

#endif
