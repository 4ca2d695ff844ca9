/* output/bonus_audit.h — tables/bonus_audit.csv: for every unit and rule, what the rule
   read, its points before and after its cap and after the total cap (docs/rules.md,
   "bonus_audit.csv"). Built in memory; the caller writes it where it belongs.
   May call: base/, output/csvw, output/tables (the column type), rules/rules, pipeline/figures, input/ledger. */
#ifndef TZ_BONUS_AUDIT_H
#define TZ_BONUS_AUDIT_H
#include "output/csvw.h"
#include "output/tables.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

/* The columns (keys, Chinese names, kinds), ending with kind TABLES_END. */
extern const tables_column BONUS_AUDIT_COLUMNS[];

/* Writes the table (header, one row per unit and rule, units in unit_id byte order, rules
   in the order of the rules file) into w, just begun with csvw_begin. b must come from
   rules_apply on f. Returns 0, or -1 when out of memory. */
int bonus_audit_table(csvw *w, const bonus *b, const figures *f);

#endif
