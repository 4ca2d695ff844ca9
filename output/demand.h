/* output/demand.h — the text of `taizhang demand`: one demand of the menu, its status (the
   first answering activity and the days it took, or the days it has been open at the year's
   end), its cell of supply_demand.csv, and for an open demand the suggested teams with their
   reasons, as tables/open_demands.csv has them; Chinese, wrapped for an 80-column terminal.
   May call: base/, input/ledger, pipeline/figures, pipeline/supply, output/explain (terminal
   widths), output/linebreak, output/supply_csv (dates), rules/suggest. */
#ifndef TZ_DEMAND_H
#define TZ_DEMAND_H
#include <stddef.h>
#include "base/buf.h"
#include "pipeline/supply.h"

/* Appends the text for demand d (index into the ledger's demands) to out. s must have been
   through suggest_compute. Returns 0, or -1 when out of memory. */
int demand_explain(buf *out, const supply *s, size_t d);

#endif
