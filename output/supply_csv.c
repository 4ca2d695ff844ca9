/* output/supply_csv.c — the two tables of demand and supply (supply_csv.h).
   May call: base/, input/ledger, input/field (dates), pipeline/supply, output/csvw. */
#include "output/supply_csv.h"
#include "base/num.h"
#include "input/field.h"

#include <stdio.h>

int supply_csv_cells(csvw *w, const supply *s)
{
    const ledger *l = s->ledger;
    int64_t demands = s->demands, activities = s->activities;
    for (size_t r = 0; r < s->n_ranked; r++) {
        const supply_cell *c = &s->cells[s->ranked[r]];
        csvw_int(w, (int64_t)c->rank);
        csvw_str(w, l->categories[c->category]);
        csvw_str(w, LEDGER_AREA_NAMES[c->area]);
        csvw_int(w, c->demands);
        csvw_int(w, c->answered);
        csvw_int(w, c->open);
        csvw_fraction(w, c->answered, c->demands, SUPPLY_COLUMNS[SUPPLY_COL_ANSWER_RATE].places);
        if (c->median_half_days >= 0)
            csvw_fraction(w, c->median_half_days, 2, SUPPLY_COLUMNS[SUPPLY_COL_MEDIAN_DAYS].places);
        else
            csvw_empty(w);
        csvw_int(w, c->activities);
        csvw_int(w, c->person_times);
        csvw_fixed(w, c->hours_tenths, 1);          /* tenths: SUPPLY_COL_HOURS's 1 decimal */
        csvw_int(w, c->teams);
        if (s->suggested) {
            csvw_int(w, c->skilled);
            csvw_int(w, c->skilled_active);
        } else {
            csvw_empty(w);
            csvw_empty(w);
        }
        int share = SUPPLY_COLUMNS[SUPPLY_COL_DEMAND_SHARE].places;
        int gap = SUPPLY_COLUMNS[SUPPLY_COL_GAP].places;
        csvw_fraction(w, c->demands, demands, share);
        csvw_fraction(w, c->activities, activities, share);
        csvw_fixed_signed(w, supply_gap_scaled(s, c, gap), gap);
        csvw_end_row(w);
    }
    return w->failed ? -1 : 0;
}

int supply_csv_date(buf *out, ledger_date day)
{
    int y, m, d;
    field_civil_from_days(day, &y, &m, &d);
    return buf_printf(out, "%04d-%02d-%02d", y, m, d);
}

int supply_csv_open(csvw *w, const supply *s)
{
    const ledger *l = s->ledger;
    buf date = BUF_INIT;
    for (size_t i = 0; i < s->n_open; i++) {
        const supply_open *o = &s->open[i];
        const ledger_demand *d = &l->demands[o->demand];
        buf_clear(&date);
        if (supply_csv_date(&date, d->submitted_on) != 0)
            w->failed = 1;
        csvw_str(w, d->id);
        csvw_str(w, date.data);
        csvw_int(w, o->days_open);
        csvw_str(w, d->requester);
        csvw_str(w, LEDGER_AREA_NAMES[d->area]);
        csvw_str(w, l->categories[d->category]);
        csvw_str(w, d->channel == LEDGER_NONE ? NULL : LEDGER_CHANNEL_NAMES[d->channel]);
        csvw_int(w, (int64_t)o->n_picks);
        for (size_t k = 0; k < SUPPLY_PICKS; k++) {
            const supply_pick *p = k < o->n_picks ? &o->picks[k] : NULL;
            csvw_str(w, p ? l->teams[p->team].id : NULL);
            csvw_str(w, p ? l->teams[p->team].name : NULL);
            csvw_str(w, p ? p->reason : NULL);
        }
        csvw_end_row(w);
    }
    buf_release(&date);
    return w->failed ? -1 : 0;
}
