/* rules/suggest.h — who could answer what is open: the parts of the supply (pipeline/supply)
   that need the committee's skills map — volunteers with a mapped skill per category, and
   for each open demand up to three teams ranked by the rule of docs/figures.md, each with
   its reason in words. May call: base/, input/ledger, pipeline/figures, pipeline/supply,
   rules/skills. */
#ifndef TZ_SUGGEST_H
#define TZ_SUGGEST_H
#include "base/status.h"
#include "pipeline/supply.h"
#include "rules/skills.h"

/* Fills s->cells[].skilled and .skilled_active, s->team_skilled and s->open (with each
   pick's reason), and sets s->suggested and s->skills_* (borrowed: m must outlive s). m must be bound to s's ledger (skills_bind).
   TZ_NOMEM: then s->open stays empty and s->suggested 0 (the skilled counts may be partly
   filled); s is still freed by supply_free. */
tz_status suggest_compute(supply *s, const skills_map *m);

/* The area type as the reasons and the report write it: "牧区", and "其他区域" for 其他. */
const char *suggest_area_name(area_type a);

#endif
