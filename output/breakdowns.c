/* output/breakdowns.c — the shared small tables (breakdowns.h).
   May call: base/mem, base/num, input/ledger, pipeline/figures, rules/rules, libc. */
#include "output/breakdowns.h"
#include "base/text.h"
#include "base/mem.h"
#include "base/num.h"

#include <stdio.h>
#include <string.h>

const char *const BREAKDOWNS_RATE_BANDS[BAND_COUNT] = {
    "30%及以上", "20%～30%（不含30%）", "低于20%", "无党员（不计算）"};
const int64_t BREAKDOWNS_DAY_UPTO[BREAKDOWNS_DAY_BUCKETS] = {7, 15, 30, 60, INT64_MAX};
const char *const BREAKDOWNS_DAY_NAMES[BREAKDOWNS_DAY_BUCKETS] = {
    "7天以内", "8～15天", "16～30天", "31～60天", "60天以上"};

static void political(const run_context *rc, breakdowns *b)
{
    const ledger *l = rc->ledger;
    const figures *f = rc->figures;
    for (size_t v = 0; v < l->n_volunteers; v++) {
        b->political[l->volunteers[v].status]++;
        if (f->volunteer_hours_tenths && f->volunteer_hours_tenths[v] > 0)
            b->political_active[l->volunteers[v].status]++;
    }
}

static void rate_bands(const run_context *rc, breakdowns *b)
{
    const figures *f = rc->figures;
    for (size_t u = 0; u < rc->ledger->n_units; u++) {
        int64_t pv = f->units[u].party_volunteers, pm = f->units[u].party_members;
        if (pm <= 0)
            b->bands[BAND_NO_MEMBERS]++;
        else if (pv * 100 < 20 * pm)
            b->bands[BAND_UNDER_20]++;
        else if (pv * 100 < 30 * pm)
            b->bands[BAND_20_30]++;
        else
            b->bands[BAND_30_UP]++;
    }
}

static void demands(const run_context *rc, breakdowns *b)
{
    const ledger *l = rc->ledger;
    const figures *f = rc->figures;
    for (size_t i = 0; i < l->n_demands; i++) {
        const ledger_demand *d = &l->demands[i];
        int answered = f->demand_first_activity[i] != LEDGER_NONE;
        size_t ch = d->channel >= 0 && d->channel < CHANNEL_COUNT ? (size_t)d->channel
                                                                   : CHANNEL_COUNT;
        size_t cat = d->category >= 0 && (size_t)d->category < l->n_categories ?
                     (size_t)d->category : l->n_categories;
        b->channel[ch]++;
        b->channel_answered[ch] += answered;
        b->category[cat]++;
        b->category_answered[cat] += answered;
        if (!answered)
            continue;
        int64_t days = (int64_t)l->activities[f->demand_first_activity[i]].date -
                       (int64_t)d->submitted_on;
        for (int k = 0; k < BREAKDOWNS_DAY_BUCKETS; k++)
            if (days <= BREAKDOWNS_DAY_UPTO[k]) {
                b->days[k]++;
                break;
            }
    }
}

static void modes(const run_context *rc, breakdowns *b)
{
    const ledger *l = rc->ledger;
    for (size_t i = 0; i < l->n_activities; i++) {
        const ledger_activity *a = &l->activities[i];
        b->mode[a->mode].activities++;
        b->mode[a->mode].beneficiaries += a->beneficiaries;
    }
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        activity_mode m = l->activities[p->activity].mode;
        b->mode[m].person_times++;
        b->mode[m].hours_tenths += p->hours_tenths;
    }
}

static void add_band(breakdowns *b, int64_t from, int64_t to, const char *name)
{
    if (b->n_point_bands >= BREAKDOWNS_MAX_POINT_BANDS)
        return;
    breakdowns_band *x = &b->point_bands[b->n_point_bands++];
    x->from_cents = from;
    x->to_cents = to;
    if (text_format(x->name, sizeof x->name, "%s", name) != 0)
        b->n_point_bands--;            /* cannot happen: the names are short and fixed */
}

/* 0; then whole points (0–1, 1–2 …) below the total cap; then the cap itself. Without a
   total cap, whole points up to the highest score. */
static void point_bands(const run_context *rc, breakdowns *b)
{
    const bonus *bn = rc->bonus;
    if (!bn)
        return;
    int64_t cap = rc->rules ? rules_total_cap_cents(rc->rules) : -1, best = 0;
    for (size_t u = 0; u < bn->n_units; u++)
        if (bn->units[u].total_cents > best)
            best = bn->units[u].total_cents;
    int64_t top = cap > 0 ? cap : best + 1;
    char name[48];    /* at most 17 digits and 25 bytes of text: text_format always fits */
    add_band(b, 0, 0, "0分");
    for (int64_t k = 0; k * 100 < top && b->n_point_bands < BREAKDOWNS_MAX_POINT_BANDS - 1;
         k++) {
        int64_t to = (k + 1) * 100 < top ? (k + 1) * 100 : top;
        int cut;
        if (k == 0)
            cut = text_format(name, sizeof name, "0～%lld分（不含0分）", (long long)(to / 100));
        else if (to % 100 == 0)
            cut = text_format(name, sizeof name, "%lld～%lld分", (long long)k, (long long)(to / 100));
        else
            cut = text_format(name, sizeof name, "%lld～%lld.%02lld分", (long long)k,
                              (long long)(to / 100), (long long)(to % 100));
        if (cut == 0)
            add_band(b, k == 0 ? 1 : k * 100, to, name);
    }
    if (cap > 0) {
        if (text_format(name, sizeof name, "%lld.%02lld分（总分上限）", (long long)(cap / 100),
                        (long long)(cap % 100)) == 0)
            add_band(b, cap, cap, name);
    }
    for (size_t u = 0; u < bn->n_units; u++) {
        int64_t p = bn->units[u].total_cents;
        for (size_t k = 0; k < b->n_point_bands; k++) {
            breakdowns_band *x = &b->point_bands[k];
            if (x->from_cents == x->to_cents ? p == x->from_cents
                                              : p >= x->from_cents && p < x->to_cents) {
                x->units++;
                break;
            }
        }
    }
}

tz_status breakdowns_compute(const run_context *rc, breakdowns **out)
{
    *out = NULL;
    breakdowns *b = mem_calloc(1, sizeof *b);
    if (!b)
        return TZ_NOMEM;
    b->n_categories = rc->ledger->n_categories;
    b->category = mem_calloc(b->n_categories + 1, sizeof *b->category);
    b->category_answered = mem_calloc(b->n_categories + 1, sizeof *b->category_answered);
    if (!b->category || !b->category_answered) {
        breakdowns_free(b);
        return TZ_NOMEM;
    }
    political(rc, b);
    rate_bands(rc, b);
    demands(rc, b);
    modes(rc, b);
    point_bands(rc, b);
    *out = b;
    return TZ_OK;
}

void breakdowns_free(breakdowns *b)
{
    if (!b)
        return;
    mem_free(b->category);
    mem_free(b->category_answered);
    mem_free(b);
}
