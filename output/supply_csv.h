/* output/supply_csv.h — tables/supply_demand.csv and tables/open_demands.csv from the
   supply of a run (pipeline/supply, rules/suggest); columns in docs/figures.md.
   May call: base/, input/ledger, pipeline/supply, output/csvw, rules/suggest. */
#ifndef TZ_SUPPLY_CSV_H
#define TZ_SUPPLY_CSV_H
#include "output/csvw.h"
#include "pipeline/supply.h"

/* supply_demand.csv's rows (output/tables writes the header): one a category × area type with a demand or an activity, in the
   order of the gap ranking. Returns 0, or -1 when out of memory (w->failed set). */
int supply_csv_cells(csvw *w, const supply *s);

/* open_demands.csv's rows (the header: output/tables): one an open demand, in demand_id byte order, with up to three
   suggested teams (s must have been through suggest_compute). Returns 0, -1 (memory). */
int supply_csv_open(csvw *w, const supply *s);

/* An ISO date "2025-03-05" for a ledger date, appended to out. Returns 0, -1 (memory). */
int supply_csv_date(buf *out, ledger_date day);

#endif
