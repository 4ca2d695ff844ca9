/* tests/fuzz/fuzz_ledger.c — the whole input stage (ledger_load: encoding, CSV, headers,
   typed rows, references, cross-row rules, the lenient cascade) with one of its files
   replaced by the fuzz input. The other files are the small valid set
   tests/data/small/2025 (or $TZ_FUZZ_BASE), copied once into a scratch folder.
   First byte: which file (0..6 the ledgers in ledger.h order, 7 categories.txt);
   second byte: bit 0 lenient, bits 1-2 --encoding (none, UTF-8, GB18030).
   Properties: the status is 0 or 65 and agrees with the errors found; every problem
   points at a line that exists and reads as valid UTF-8; every index in the ledger
   handed on points at a row that is there; masked personal data shows at most the
   kept head and tail. */
#include "tests/fuzz/fuzz.h"
#include "base/mem.h"
#include "input/encoding.h"
#include "input/ledger.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define N_TARGETS (LEDGER_FILE_COUNT + 1)

static char dir[256];
static char *base[N_TARGETS];          /* the valid content of each file (NULL: absent) */
static size_t base_len[N_TARGETS];
static uint32_t base_lines[N_TARGETS];

static const char *target_name(int t)
{
    return t < LEDGER_FILE_COUNT ? LEDGER_FILE_NAMES[t] : LEDGER_CATEGORIES_FILE;
}

static void path_of(int t, char *out, size_t cap)
{
    int n = snprintf(out, cap, "%s/%s", dir, target_name(t));
    FUZZ_CHECK(n > 0 && (size_t)n < cap);
}

static void put(int t, const void *data, size_t n)
{
    char path[512];
    path_of(t, path, sizeof path);
    if (!data) {
        FUZZ_CHECK(unlink(path) == 0 || errno == ENOENT);
        return;
    }
    FILE *f = fopen(path, "wb");
    FUZZ_CHECK(f != NULL);
    FUZZ_CHECK(fwrite(data, 1, n, f) == n);
    FUZZ_CHECK(fclose(f) == 0);
}

static uint32_t count_lines(const void *data, size_t n)
{
    uint32_t lines = 1;
    const char *s = data;
    for (size_t i = 0; i < n; i++)     /* as csvread counts: LF, CRLF, or a CR alone */
        lines += s[i] == '\n' || (s[i] == '\r' && (i + 1 == n || s[i + 1] != '\n'));
    return lines;
}

static void cleanup(void)
{
    for (int t = 0; t < N_TARGETS; t++)
        put(t, NULL, 0);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    const char *from = getenv("TZ_FUZZ_BASE");
    if (!from)
        from = "tests/data/small/2025";
    for (int t = 0; t < LEDGER_FILE_COUNT; t++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", from, target_name(t));
        FILE *f = fopen(path, "rb");
        if (!f) {
            fprintf(stderr, "fuzz_ledger: cannot read %s (run from the repository root or set "
                            "TZ_FUZZ_BASE)\n", path);
            exit(2);
        }
        base[t] = malloc(1 << 16);
        FUZZ_CHECK(base[t] != NULL);
        base_len[t] = fread(base[t], 1, 1 << 16, f);
        fclose(f);
        base_lines[t] = count_lines(base[t], base_len[t]);
    }
    struct stat sb;
    const char *tmp = stat("/dev/shm", &sb) == 0 && access("/dev/shm", W_OK) == 0 ? "/dev/shm"
                      : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    snprintf(dir, sizeof dir, "%s/tz-fuzz-ledger-XXXXXX", tmp);
    FUZZ_CHECK(mkdtemp(dir) != NULL);
    for (int t = 0; t < N_TARGETS; t++)
        put(t, base[t], base_len[t]);
    atexit(cleanup);
    return 0;
}

static int valid_utf8(const char *s)
{
    size_t n = strlen(s);
    return encoding_utf8_valid_prefix(s, n) == n;
}

static int index_ok(int32_t i, size_t n, int may_be_none)
{
    return (i == LEDGER_NONE && may_be_none) || (i >= 0 && (size_t)i < n);
}

/* At most 6 + 4 characters of a masked number are not '*'. */
static int masked(const char *s)
{
    size_t kept = 0;
    for (; *s; s++)
        kept += *s != '*';
    return kept <= 10;
}

static void check_ledger(const ledger *l)
{
    for (size_t i = 0; i < l->n_teams; i++)
        FUZZ_CHECK(index_ok(l->teams[i].unit, l->n_units, 0));
    for (size_t i = 0; i < l->n_volunteers; i++) {
        const ledger_volunteer *v = &l->volunteers[i];
        FUZZ_CHECK(index_ok(v->unit, l->n_units, 0));
        FUZZ_CHECK(index_ok(v->team, l->n_teams, 1));
        FUZZ_CHECK(v->status < POL_COUNT);
        FUZZ_CHECK(masked(v->phone_masked) && masked(v->id_number_masked));
    }
    for (size_t i = 0; i < l->n_activities; i++) {
        const ledger_activity *a = &l->activities[i];
        FUZZ_CHECK(index_ok(a->lead_unit, l->n_units, 0));
        FUZZ_CHECK(index_ok(a->category, l->n_categories, 0));
        FUZZ_CHECK(index_ok(a->demand, l->n_demands, 1));
        FUZZ_CHECK(index_ok(a->campaign, l->n_campaigns, 1));
        FUZZ_CHECK(a->date != LEDGER_NO_DATE);
        FUZZ_CHECK(a->beneficiaries >= 0 && a->donation_fen >= 0);
    }
    for (size_t i = 0; i < l->n_participation; i++) {
        const ledger_participation *p = &l->participation[i];
        FUZZ_CHECK(p->activity < l->n_activities);
        FUZZ_CHECK(p->volunteer < l->n_volunteers);
        FUZZ_CHECK(p->unit < l->n_units);
        FUZZ_CHECK(p->hours_tenths >= 1 && p->hours_tenths <= 240);
    }
    for (size_t i = 0; i < l->n_demands; i++)
        FUZZ_CHECK(index_ok(l->demands[i].category, l->n_categories, 0));
    for (size_t i = 0; i < l->n_results; i++) {
        FUZZ_CHECK(index_ok(l->results[i].activity, l->n_activities, 0));
        FUZZ_CHECK(l->results[i].quantity_e4 >= 0);
    }
    for (size_t i = 0; i < l->n_units; i++)
        FUZZ_CHECK(l->units[i].party_members >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    int target = data[0] % N_TARGETS;
    int lenient = data[1] & 1;
    static const char *const encodings[] = {NULL, "UTF-8", "GB18030", NULL};
    const char *enc = encodings[(data[1] >> 1) & 3];
    put(target, data + 2, size - 2);
    uint32_t lines[N_TARGETS];
    for (int t = 0; t < N_TARGETS; t++)
        lines[t] = t == target ? count_lines(data + 2, size - 2) : base_lines[t];

    ledger_options opt = {2025, enc, lenient, 1};
    ledger *l = NULL;
    tz_status st = ledger_load(dir, &opt, &l);
    FUZZ_CHECK(st == TZ_OK || st == TZ_DATAERR);
    FUZZ_CHECK(l != NULL);
    size_t errors = 0;
    for (size_t i = 0; i < l->problems.count; i++) {
        const problem *p = &l->problems.items[i];
        int t = 0;
        while (t < N_TARGETS && strcmp(p->file, target_name(t)) != 0)
            t++;
        FUZZ_CHECK(t < N_TARGETS);
        FUZZ_CHECK(p->line <= lines[t]);
        FUZZ_CHECK(p->code && p->code[0]);
        FUZZ_CHECK(p->message[0] && valid_utf8(p->message) && valid_utf8(p->value));
        errors += p->severity == SEV_ERROR;
    }
    FUZZ_CHECK(errors == l->problems.errors);
    if (!lenient)
        FUZZ_CHECK((st == TZ_OK) == (errors == 0));
    else if (st == TZ_OK)
        for (int t = 0; t < LEDGER_FILE_COUNT; t++)
            FUZZ_CHECK(l->files[t].rows_dropped <= l->files[t].rows);
    check_ledger(l);
    ledger_free(l);
    put(target, base[target], base_len[target]);
    return 0;
}
