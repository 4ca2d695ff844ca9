/* rules/skills.h — the committee's map of volunteers' 特长 to service categories
   (rules/skills.map, docs/figures.md "Demand and supply"): which skills can serve which
   categories. Read with the care of the rules file: every mistake with file:line:column,
   a hint by edit distance, categories the ledger does not have refused.
   May call: base/, input/ledger. */
#ifndef TZ_SKILLS_H
#define TZ_SKILLS_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"
#include "input/ledger.h"

typedef struct skills_map skills_map;

/* Parses a map. On TZ_OK *out is the map (skills_free). On a mistake returns TZ_CONFIG
   and appends to err one line per problem, "NAME:LINE:COLUMN: 中文说明", in the file's
   order. TZ_NOMEM. */
tz_status skills_parse(const char *name, const char *text, size_t len, skills_map **out,
                       buf *err);
/* The same from a file: also TZ_NOINPUT when it cannot be read (message in err). */
tz_status skills_load(const char *path, skills_map **out, buf *err);
/* The shipped map (rules/skills.map, embedded at build time); source "(内置特长对照)". */
tz_status skills_load_default(skills_map **out, buf *err);
void skills_free(skills_map *m);               /* skills_free(NULL) does nothing */

const char *skills_source_name(const skills_map *m);
const char *skills_text(const skills_map *m, size_t *len);   /* the bytes parsed */

/* Ties the map's category names to the ledger's categories (l->categories). A name the
   ledger does not have is refused: TZ_CONFIG, one line in err per name with its place and
   the nearest category. The skills of l's volunteers that the map does not list are
   appended to notice as one line (cells split as
   supply_next_name does), "NAME: 注意：…", with how many volunteers have each
   (nothing when all are mapped). TZ_NOMEM. Must succeed before skills_categories. */
tz_status skills_bind(skills_map *m, const ledger *l, buf *err, buf *notice);

/* The ledger categories (indices into l->categories, ascending) a skill serves: returns
   their count and sets *cats; 0 when the map does not list the skill. */
size_t skills_categories(const skills_map *m, const char *skill, size_t n,
                         const int32_t **cats);

#endif
