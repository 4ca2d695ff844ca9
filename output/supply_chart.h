/* output/supply_chart.h — the chart of demand against supply: service categories × area
   types, each cell's demands and activities written in it and its colour the gap (share of
   demands minus share of activities; orange where demand outruns service, blue where service
   outruns demand — Okabe–Ito, readable by colour-blind readers), the three largest gaps
   outlined. Drawn on a canvas of output/plot by output/charts (chart 10-supply).
   May call: base/, input/ledger, pipeline/supply, output/plot, output/cnnum, output/run. */
#ifndef TZ_SUPPLY_CHART_H
#define TZ_SUPPLY_CHART_H
#include "output/plot.h"
#include "output/run.h"

/* Draws the chart on p (its full size) with `title` as heading, from rc->supply (a note
   that there is nothing to show when it is NULL or empty). Sets *nomem on a failed
   allocation; never fails otherwise (cairo's errors surface at plot_finish). */
void supply_chart_draw(plot *p, const run_context *rc, const char *title, int *nomem);

/* The height the chart needs for this run, at most max_height points. */
double supply_chart_height(const run_context *rc, double max_height);

#endif
