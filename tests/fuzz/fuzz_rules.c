/* tests/fuzz/fuzz_rules.c — the rules parser (rules_parse) and, for every file it
   accepts, the evaluator on the figures of the small valid set tests/data/small/2025
   (or $TZ_FUZZ_BASE). Properties: a file is accepted or refused with TZ_CONFIG and at
   least one "NAME:LINE:COLUMN: ..." line, each pointing at a line of the file (a last
   line "NAME: ..." may sum up the ones not listed), as valid UTF-8; for an accepted file the points follow docs/rules.md: raw points never below
   0, the rule's cap applied, the total cap applied in file order, final points summing
   to the unit's total, and a unit the gate keeps out gets nothing. */
#include "tests/fuzz/fuzz.h"
#include "base/buf.h"
#include "input/encoding.h"
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "rules/rules.h"

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
        fprintf(stderr, "fuzz_rules: cannot load %s (run from the repository root or set "
                        "TZ_FUZZ_BASE)\n", from);
        exit(2);
    }
    FUZZ_CHECK(figures_compute(the_ledger, APPORTION_SHARE, &the_figures) == TZ_OK);
    return 0;
}

static const char NAME[] = "fuzz.rules";

/* Every line of err is "fuzz.rules:LINE:COLUMN: text" with 1 <= LINE <= lines. */
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
            /* "NAME: 还有 N 处问题没有列出": the summary after the listed ones, last */
            FUZZ_CHECK(nl == NULL || nl + 1 == end);
            break;
        }
        const char *p = s + sizeof NAME;
        unsigned long line = 0, col = 0;
        while (p < e && *p >= '0' && *p <= '9')
            line = line * 10 + (unsigned long)(*p++ - '0');
        FUZZ_CHECK(p < e && *p == ':');
        p++;
        const char *c0 = p;
        while (p < e && *p >= '0' && *p <= '9')
            col = col * 10 + (unsigned long)(*p++ - '0');
        FUZZ_CHECK(p > c0 && p + 1 < e && p[0] == ':' && p[1] == ' ');
        FUZZ_CHECK(line >= 1 && line <= lines);
        (void)col;
        s = nl ? nl + 1 : end;
    }
}

static void check_bonus(const rules *r, const bonus *b)
{
    size_t n = rules_count(r);
    int64_t total_cap = rules_total_cap_cents(r);
    FUZZ_CHECK(b->n_units == the_ledger->n_units);
    for (size_t u = 0; u < b->n_units; u++) {
        const bonus_unit *bu = &b->units[u];
        int64_t sum = 0, before_total_cap = 0;
        for (size_t i = 0; i < n; i++) {
            const bonus_line *line = &bu->lines[i];
            int64_t cap = rules_cap_cents(r, i);
            FUZZ_CHECK(line->raw_cents >= 0);
            FUZZ_CHECK(line->capped_cents == (cap >= 0 && line->raw_cents > cap ? cap : line->raw_cents));
            FUZZ_CHECK(line->final_cents >= 0 && line->final_cents <= line->capped_cents);
            /* the total cap fills the rules in file order: later ones get what is left */
            if (!bu->gated_out && total_cap >= 0) {
                int64_t room = total_cap - before_total_cap;
                if (room < 0)
                    room = 0;
                FUZZ_CHECK(line->final_cents == (line->capped_cents < room ? line->capped_cents : room));
            } else if (!bu->gated_out) {
                FUZZ_CHECK(line->final_cents == line->capped_cents);
            } else {
                FUZZ_CHECK(line->final_cents == 0);
            }
            before_total_cap += line->capped_cents;
            sum += line->final_cents;
            for (size_t k = 0; k < line->n_activities; k++) {
                FUZZ_CHECK(line->activities[k] < the_ledger->n_activities);
                FUZZ_CHECK(k == 0 || line->activities[k - 1] < line->activities[k]);
            }
        }
        FUZZ_CHECK(sum == bu->total_cents);
        FUZZ_CHECK(total_cap < 0 || bu->total_cents <= total_cap);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    uint32_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    rules *r = NULL;
    buf err = BUF_INIT;
    tz_status st = rules_parse(NAME, (const char *)data, size, &r, &err);
    FUZZ_CHECK(st == TZ_OK || st == TZ_CONFIG);
    if (st == TZ_CONFIG) {
        FUZZ_CHECK(r == NULL);
        check_messages(&err, lines);
        buf_release(&err);
        return 0;
    }
    FUZZ_CHECK(r != NULL);
    for (size_t i = 0; i < rules_count(r); i++)
        FUZZ_CHECK(rules_id(r, i) && rules_label(r, i) && rules_cap_cents(r, i) >= -1);
    buf_clear(&err);
    bonus *b = NULL;
    st = rules_apply_err(r, the_figures, &b, &err);
    FUZZ_CHECK(st == TZ_OK || st == TZ_CONFIG);
    if (st == TZ_OK)
        check_bonus(r, b);
    else
        FUZZ_CHECK(b == NULL && err.len > 0);
    bonus_free(b);
    rules_free(r);
    buf_release(&err);
    return 0;
}
