/* tests/fuzz/fuzz_skills.c — the skills map parser (skills_parse) and, for every map it
   accepts, skills_bind, the supply and the suggested teams on the small valid set
   tests/data/small/2025 (or $TZ_FUZZ_BASE). Properties: a map is accepted or refused with
   TZ_CONFIG and "NAME:LINE:COLUMN: ..." lines pointing at lines of the file, valid UTF-8;
   an accepted map binds or is refused the same way; then the cells add up to the ledger's
   demands and activities, every open demand is listed once with at most three distinct
   teams, each with a reason in valid UTF-8. */
#include "tests/fuzz/fuzz.h"
#include "base/buf.h"
#include "input/encoding.h"
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "pipeline/supply.h"
#include "rules/skills.h"
#include "rules/suggest.h"

#include <string.h>

static ledger *the_ledger;
static figures *the_figures;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *from = getenv("TZ_FUZZ_BASE");
    if (!from)
        from = "tests/data/small/2025";
    ledger_options opt = {2025, NULL, 0, 1};
    if (ledger_load(from, &opt, &the_ledger) != TZ_OK) {
        fprintf(stderr, "fuzz_skills: cannot load %s (run from the repository root or set "
                        "TZ_FUZZ_BASE)\n", from);
        exit(2);
    }
    FUZZ_CHECK(figures_compute(the_ledger, APPORTION_SHARE, &the_figures) == TZ_OK);
    return 0;
}

static const char NAME[] = "fuzz.map";

/* Every line of err is "fuzz.map:LINE:COLUMN: text" with 1 <= LINE <= lines, or a last
   "fuzz.map: 还有 N 处问题没有列出". */
static void check_messages(const buf *err, uint32_t lines)
{
    FUZZ_CHECK(err->len > 0 && err->data);
    FUZZ_CHECK(encoding_utf8_valid_prefix(err->data, err->len) == err->len);
    const char *s = err->data, *end = err->data + err->len;
    while (s < end) {
        const char *nl = memchr(s, '\n', (size_t)(end - s));
        const char *e = nl ? nl : end;
        FUZZ_CHECK((size_t)(e - s) > sizeof NAME && memcmp(s, NAME, sizeof NAME - 1) == 0 &&
                   s[sizeof NAME - 1] == ':');
        if (s[sizeof NAME] == ' ') {
            FUZZ_CHECK(nl == NULL || nl + 1 == end);
            break;
        }
        const char *p = s + sizeof NAME;
        unsigned long line = 0;
        while (p < e && *p >= '0' && *p <= '9')
            line = line * 10 + (unsigned long)(*p++ - '0');
        FUZZ_CHECK(p < e && *p == ':' && line >= 1 && line <= lines);
        p++;
        const char *c0 = p;
        while (p < e && *p >= '0' && *p <= '9')
            p++;
        FUZZ_CHECK(p > c0 && p + 1 < e && p[0] == ':' && p[1] == ' ');
        s = nl ? nl + 1 : end;
    }
}

static void check_supply(const supply *s)
{
    const ledger *l = the_ledger;
    int64_t demands = 0, answered = 0, activities = 0;
    for (size_t i = 0; i < s->n_ranked; i++) {
        const supply_cell *c = &s->cells[s->ranked[i]];
        FUZZ_CHECK(c->rank == i + 1 && c->answered + c->open == c->demands);
        FUZZ_CHECK(c->skilled_active <= c->skilled && c->skilled <= (int64_t)l->n_volunteers);
        demands += c->demands;
        answered += c->answered;
        activities += c->activities;
    }
    FUZZ_CHECK(demands == (int64_t)l->n_demands && activities == (int64_t)l->n_activities);
    FUZZ_CHECK(answered == the_figures->city.demands_answered);
    FUZZ_CHECK(s->n_open == l->n_demands - (size_t)answered);
    for (size_t i = 0; i < s->n_open; i++) {
        const supply_open *o = &s->open[i];
        FUZZ_CHECK(the_figures->demand_first_activity[o->demand] == LEDGER_NONE);
        FUZZ_CHECK(i == 0 || strcmp(l->demands[s->open[i - 1].demand].id, l->demands[o->demand].id) < 0);
        FUZZ_CHECK(o->n_picks <= SUPPLY_PICKS);
        for (size_t k = 0; k < o->n_picks; k++) {
            const char *why = o->picks[k].reason;
            FUZZ_CHECK(o->picks[k].team >= 0 && (size_t)o->picks[k].team < l->n_teams);
            FUZZ_CHECK(why && *why && encoding_utf8_valid_prefix(why, strlen(why)) == strlen(why));
            for (size_t j = 0; j < k; j++)
                FUZZ_CHECK(o->picks[j].team != o->picks[k].team);
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    skills_map *m = NULL;
    supply *s = NULL;
    buf err = BUF_INIT, notice = BUF_INIT;
    tz_status st = skills_parse(NAME, (const char *)data, size, &m, &err);
    FUZZ_CHECK(st == TZ_OK || st == TZ_CONFIG);
    if (st == TZ_CONFIG) {
        FUZZ_CHECK(m == NULL);
        check_messages(&err, lines);
        goto out;
    }
    st = skills_bind(m, the_ledger, &err, &notice);
    FUZZ_CHECK(st == TZ_OK || st == TZ_CONFIG);
    if (st == TZ_CONFIG) {
        check_messages(&err, lines);
        goto out;
    }
    FUZZ_CHECK(err.len == 0);
    FUZZ_CHECK(supply_compute(the_figures, &s) == TZ_OK);
    FUZZ_CHECK(suggest_compute(s, m) == TZ_OK);
    check_supply(s);
out:
    supply_free(s);
    skills_free(m);
    buf_release(&err);
    buf_release(&notice);
    return 0;
}
