/* tests/unit/test_sample.c — input/sample: the generated ledgers are deterministic, have the
   promised sizes, and obey the validation rules of the contract. The files are read back
   here with libcsv and checked by this file's own code (not by the program's reader), so
   the rules are checked by an independent route. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <csv.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/hmap.h"
#include "base/mem.h"
#include "samplegen/sample.h"

/* ---------------------------------------------------------------- reading a CSV back */

typedef struct table {
    char **cells;
    size_t n_cells, cap;
    size_t ncols, nrows;      /* nrows: data rows (header excluded) */
    size_t col;
    int ragged;               /* a row with another number of fields than the header */
} table;

static void on_field(void *s, size_t len, void *data)
{
    table *t = data;
    if (t->n_cells == t->cap) {
        t->cap = t->cap ? 2 * t->cap : 4096;
        t->cells = realloc(t->cells, t->cap * sizeof *t->cells);
        assert_non_null(t->cells);
    }
    char *copy = malloc(len + 1);
    assert_non_null(copy);
    if (len)
        memcpy(copy, s, len);
    copy[len] = '\0';
    t->cells[t->n_cells++] = copy;
    t->col++;
}

static void on_row(int c, void *data)
{
    (void)c;
    table *t = data;
    if (t->ncols == 0)
        t->ncols = t->col;
    else {
        if (t->col != t->ncols)
            t->ragged = 1;
        t->nrows++;
    }
    t->col = 0;
}

static void read_table(const char *dir, const char *name, table *t)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    memset(t, 0, sizeof *t);
    struct csv_parser p;
    assert_int_equal(csv_init(&p, CSV_STRICT | CSV_STRICT_FINI), 0);
    char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        assert_int_equal(csv_parse(&p, buf, n, on_field, on_row, t), n);
    assert_int_equal(csv_fini(&p, on_field, on_row, t), 0);
    csv_free(&p);
    fclose(f);
    assert_false(t->ragged);
}

static void free_table(table *t)
{
    for (size_t i = 0; i < t->n_cells; i++)
        free(t->cells[i]);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

static size_t col_of(const table *t, const char *header)
{
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cells[i], header) == 0)
            return i;
    fail_msg("no column %s", header);
    return 0;
}

static const char *cell(const table *t, size_t row, size_t col)
{
    return t->cells[(row + 1) * t->ncols + col];
}

/* Indexes a column of unique ids; fails on a duplicate. */
static void index_ids(const table *t, size_t col, hmap *m)
{
    for (size_t r = 0; r < t->nrows; r++) {
        const char *id = cell(t, r, col);
        assert_true(id[0] != '\0');
        int put = hmap_put(m, id, strlen(id), (uint32_t)r, NULL);
        if (put != 1)
            fail_msg("duplicate id %s", id);
    }
}

static uint32_t lookup(const hmap *m, const char *id)
{
    uint32_t v;
    if (!hmap_get(m, id, strlen(id), &v))
        fail_msg("broken reference %s", id);
    return v;
}

/* "2025-03-05" → 20250305; the plain style writes ISO dates only. */
static int32_t iso_date(const char *s)
{
    assert_int_equal(strlen(s), 10);
    assert_true(s[4] == '-' && s[7] == '-');
    return (int32_t)(strtol(s, NULL, 10) * 10000 + strtol(s + 5, NULL, 10) * 100 +
                     strtol(s + 8, NULL, 10));
}

/* Hours with one decimal → tenths; -1 when malformed. */
static int hours_tenths(const char *s)
{
    char *end;
    long whole = strtol(s, &end, 10);
    if (end == s || *end != '.' || end[1] < '0' || end[1] > '9' || end[2] != '\0')
        return -1;
    return (int)(whole * 10 + (end[1] - '0'));
}

/* GB 11643-1999, written out again here (not the generator's function). */
static int id_number_valid(const char *s)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    if (strlen(s) != 18)
        return 0;
    int sum = 0;
    for (int i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        sum += (s[i] - '0') * w[i];
    }
    return "10X98765432"[sum % 11] == s[17];
}

/* ---------------------------------------------------------------- helpers */

static void make_dir(char *templ)
{
    assert_non_null(mkdtemp(templ));
}

static void remove_dir(const char *dir)
{
    static const char *const names[] = {"units.csv", "teams.csv", "volunteers.csv",
        "activities.csv", "participation.csv", "demands.csv", "results.csv"};
    char path[512];
    for (size_t i = 0; i < 7; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        unlink(path);
    }
    rmdir(dir);
}

static void generate(const char *dir, int year, uint64_t seed, uint32_t scale, sample_style style,
                     sample_counts *counts)
{
    sample_options opt;
    sample_options_init(&opt);
    opt.year = year;
    opt.seed = seed;
    opt.scale = scale;
    opt.style = style;
    const char *err = NULL;
    assert_int_equal(sample_write(dir, &opt, counts, &err), TZ_OK);
}

static int files_equal(const char *a, const char *b)
{
    FILE *fa = fopen(a, "rb"), *fb = fopen(b, "rb");
    assert_non_null(fa);
    assert_non_null(fb);
    int same = 1, ca, cb;
    do {
        ca = getc(fa);
        cb = getc(fb);
        if (ca != cb)
            same = 0;
    } while (same && ca != EOF);
    fclose(fa);
    fclose(fb);
    return same;
}

static const char *const FILES[7] = {"units.csv", "teams.csv", "volunteers.csv", "activities.csv",
                                     "participation.csv", "demands.csv", "results.csv"};

/* ---------------------------------------------------------------- tests */

static void test_check_digit(void **state)
{
    (void)state;
    /* The two examples printed in GB 11643-1999 itself. */
    assert_int_equal(sample_id_check_digit("11010519491231002"), 'X');
    assert_int_equal(sample_id_check_digit("44052418800101001"), '4');
    assert_true(id_number_valid("11010519491231002X"));
    assert_true(id_number_valid("440524188001010014"));
    assert_false(id_number_valid("440524188001010015"));
    assert_int_equal(sample_id_check_digit("4405241880010100a"), 0);
}

static void test_deterministic(void **state)
{
    (void)state;
    char a[] = "/tmp/tz-sample-a-XXXXXX", b[] = "/tmp/tz-sample-b-XXXXXX", c[] = "/tmp/tz-sample-c-XXXXXX";
    make_dir(a);
    make_dir(b);
    make_dir(c);
    for (int style = 0; style < 2; style++) {
        generate(a, 2025, 1, 1, (sample_style)style, NULL);
        generate(b, 2025, 1, 1, (sample_style)style, NULL);
        generate(c, 2025, 2, 1, (sample_style)style, NULL);
        int differs = 0;
        for (int i = 0; i < 7; i++) {
            char pa[512], pb[512], pc[512];
            snprintf(pa, sizeof pa, "%s/%s", a, FILES[i]);
            snprintf(pb, sizeof pb, "%s/%s", b, FILES[i]);
            snprintf(pc, sizeof pc, "%s/%s", c, FILES[i]);
            if (!files_equal(pa, pb))
                fail_msg("%s differs between two runs with the same options", FILES[i]);
            differs += !files_equal(pa, pc);
        }
        assert_int_equal(differs, 7);     /* another seed: every file changes */
    }
    remove_dir(a);
    remove_dir(b);
    remove_dir(c);
}

typedef struct prow {
    uint32_t vol;
    int32_t date;
    uint32_t act;
    int tenths;
} prow;

static int cmp_prow(const void *x, const void *y)
{
    const prow *a = x, *b = y;
    if (a->vol != b->vol)
        return a->vol < b->vol ? -1 : 1;
    if (a->date != b->date)
        return a->date < b->date ? -1 : 1;
    return (a->act > b->act) - (a->act < b->act);
}

/* Everything a ledger folder of one year must satisfy; returns the row counts through the
   tables it reads. Expected planted anomalies per city block: 2 units without volunteers,
   1 activity without participation, 1 组团服务 with one unit, 2 bad check digits. */
typedef struct checked {
    size_t units, teams_party, teams_youth, volunteers, party_volunteers, league;
    size_t activities, participation, demands, answered, results;
    long party_members;
} checked;

static void check_ledgers(const char *dir, int year, uint32_t scale, checked *out)
{
    table units, teams, vols, acts, parts, dems, res;
    read_table(dir, "units.csv", &units);
    read_table(dir, "teams.csv", &teams);
    read_table(dir, "volunteers.csv", &vols);
    read_table(dir, "activities.csv", &acts);
    read_table(dir, "participation.csv", &parts);
    read_table(dir, "demands.csv", &dems);
    read_table(dir, "results.csv", &res);
    memset(out, 0, sizeof *out);

    hmap unit_ix = HMAP_INIT, team_ix = HMAP_INIT, vol_ix = HMAP_INIT, act_ix = HMAP_INIT,
         dem_ix = HMAP_INIT;
    index_ids(&units, col_of(&units, "单位编码"), &unit_ix);
    index_ids(&teams, col_of(&teams, "服务队编码"), &team_ix);
    index_ids(&vols, col_of(&vols, "志愿者编号"), &vol_ix);
    index_ids(&acts, col_of(&acts, "活动编号"), &act_ix);
    index_ids(&dems, col_of(&dems, "需求编号"), &dem_ix);

    /* units */
    out->units = units.nrows;
    long *members = calloc(units.nrows, sizeof *members);
    size_t *party_vols = calloc(units.nrows, sizeof *party_vols);
    size_t *unit_vols = calloc(units.nrows, sizeof *unit_vols);
    assert_true(members && party_vols && unit_vols);
    size_t c_pm = col_of(&units, "党员人数"), c_type = col_of(&units, "组织类别");
    for (size_t r = 0; r < units.nrows; r++) {
        members[r] = strtol(cell(&units, r, c_pm), NULL, 10);
        assert_true(members[r] >= 0);
        out->party_members += members[r];
        const char *ty = cell(&units, r, c_type);
        assert_true(!strcmp(ty, "党委") || !strcmp(ty, "党总支") || !strcmp(ty, "党支部"));
        assert_true(cell(&units, r, col_of(&units, "单位名称"))[0] != '\0');
    }

    /* teams */
    size_t c_tunit = col_of(&teams, "所属单位编码"), c_ttype = col_of(&teams, "队伍类型");
    for (size_t r = 0; r < teams.nrows; r++) {
        lookup(&unit_ix, cell(&teams, r, c_tunit));
        const char *ty = cell(&teams, r, c_ttype);
        if (!strcmp(ty, "党员志愿服务队"))
            out->teams_party++;
        else if (!strcmp(ty, "青年志愿服务队"))
            out->teams_youth++;
        else
            fail_msg("team type %s", ty);
        assert_true(iso_date(cell(&teams, r, col_of(&teams, "成立日期"))) <= year * 10000 + 1231);
    }

    /* volunteers */
    size_t c_vunit = col_of(&vols, "所在单位编码"), c_vteam = col_of(&vols, "服务队编码"),
           c_status = col_of(&vols, "政治面貌"), c_idn = col_of(&vols, "身份证号"),
           c_phone = col_of(&vols, "联系电话"), c_joined = col_of(&vols, "加入日期");
    size_t bad_ids = 0;
    int32_t *joined = calloc(vols.nrows, sizeof *joined);
    uint32_t *vol_unit = calloc(vols.nrows, sizeof *vol_unit);
    assert_true(joined && vol_unit);
    for (size_t r = 0; r < vols.nrows; r++) {
        uint32_t u = lookup(&unit_ix, cell(&vols, r, c_vunit));
        vol_unit[r] = u;
        unit_vols[u]++;
        const char *team = cell(&vols, r, c_vteam);
        if (team[0])
            lookup(&team_ix, team);
        const char *st = cell(&vols, r, c_status);
        if (!strcmp(st, "中共党员") || !strcmp(st, "中共预备党员")) {
            party_vols[u]++;
            out->party_volunteers++;
        } else if (!strcmp(st, "共青团员")) {
            out->league++;
        } else if (strcmp(st, "入党积极分子") && strcmp(st, "群众")) {
            fail_msg("political status %s", st);
        }
        const char *idn = cell(&vols, r, c_idn);
        if (idn[0] && !id_number_valid(idn)) {
            assert_int_equal(strlen(idn), 18);
            bad_ids++;
        }
        const char *phone = cell(&vols, r, c_phone);
        if (phone[0]) {
            assert_int_equal(strlen(phone), 11);
            assert_true(phone[0] == '1' && phone[1] >= '3' && phone[1] <= '9');
        }
        joined[r] = iso_date(cell(&vols, r, c_joined));
        assert_true(joined[r] <= year * 10000 + 1231);
    }
    out->volunteers = vols.nrows;
    assert_int_equal(bad_ids, SAMPLE_BAD_ID_NUMBERS * scale);
    size_t empty_units = 0;
    for (size_t u = 0; u < units.nrows; u++) {
        if (party_vols[u] > (size_t)members[u])
            fail_msg("unit %s: %zu party volunteers > %ld party members", cell(&units, u, 0),
                     party_vols[u], members[u]);
        empty_units += unit_vols[u] == 0;
    }
    assert_int_equal(empty_units, SAMPLE_EMPTY_UNITS * scale);

    /* demands */
    int32_t *dem_date = calloc(dems.nrows + 1, sizeof *dem_date);
    unsigned char *dem_answered = calloc(dems.nrows + 1, 1);
    assert_true(dem_date && dem_answered);
    size_t c_ddate = col_of(&dems, "提出日期");
    for (size_t r = 0; r < dems.nrows; r++) {
        dem_date[r] = iso_date(cell(&dems, r, c_ddate));
        assert_true(dem_date[r] >= year * 10000 + 101 && dem_date[r] <= year * 10000 + 1231);
    }
    out->demands = dems.nrows;

    /* activities */
    size_t c_adate = col_of(&acts, "活动日期"), c_lead = col_of(&acts, "牵头单位编码"),
           c_dem = col_of(&acts, "需求编号"), c_mode = col_of(&acts, "组织方式"),
           c_ben = col_of(&acts, "受益人数");
    int32_t *act_date = calloc(acts.nrows, sizeof *act_date);
    unsigned char *act_group = calloc(acts.nrows, 1);
    assert_true(act_date && act_group);
    for (size_t r = 0; r < acts.nrows; r++) {
        act_date[r] = iso_date(cell(&acts, r, c_adate));
        assert_true(act_date[r] >= year * 10000 + 101 && act_date[r] <= year * 10000 + 1231);
        lookup(&unit_ix, cell(&acts, r, c_lead));
        const char *d = cell(&acts, r, c_dem);
        if (d[0]) {
            uint32_t k = lookup(&dem_ix, d);
            assert_true(act_date[r] >= dem_date[k]);
            if (!dem_answered[k])
                out->answered++;
            dem_answered[k] = 1;
        }
        const char *mode = cell(&acts, r, c_mode);
        assert_true(!strcmp(mode, "独立开展") || !strcmp(mode, "组团服务") || !strcmp(mode, "工委统一组织"));
        act_group[r] = !strcmp(mode, "组团服务");
        char *end;
        long ben = strtol(cell(&acts, r, c_ben), &end, 10);
        assert_true(ben >= 0 && *end == '\0');
    }
    out->activities = acts.nrows;

    /* participation: references, hours, (activity, volunteer) once, ≤ 24 h a day, units of
       each 组团服务 activity */
    size_t c_pact = col_of(&parts, "活动编号"), c_pvol = col_of(&parts, "志愿者编号"),
           c_hours = col_of(&parts, "服务时长（小时）"), c_rep = col_of(&parts, "代表单位编码");
    prow *pr = calloc(parts.nrows + 1, sizeof *pr);
    uint32_t *rows_of_act = calloc(acts.nrows, sizeof *rows_of_act);
    int64_t *first_own = calloc(acts.nrows, sizeof *first_own), *first_row = calloc(acts.nrows, sizeof *first_row);
    unsigned char *many_own = calloc(acts.nrows, 1), *many_row = calloc(acts.nrows, 1);
    assert_true(pr && rows_of_act && first_own && first_row && many_own && many_row);
    for (size_t r = 0; r < parts.nrows; r++) {
        uint32_t a = lookup(&act_ix, cell(&parts, r, c_pact));
        uint32_t v = lookup(&vol_ix, cell(&parts, r, c_pvol));
        int t = hours_tenths(cell(&parts, r, c_hours));
        assert_true(t > 0 && t <= 240);
        const char *rep = cell(&parts, r, c_rep);
        uint32_t row_unit = rep[0] ? lookup(&unit_ix, rep) : vol_unit[v];
        assert_true(joined[v] <= act_date[a]);
        pr[r] = (prow){v, act_date[a], a, t};
        if (rows_of_act[a]++ == 0) {
            first_own[a] = vol_unit[v];
            first_row[a] = row_unit;
        } else {
            many_own[a] |= first_own[a] != vol_unit[v];
            many_row[a] |= first_row[a] != row_unit;
        }
    }
    out->participation = parts.nrows;
    size_t no_rows = 0, single_group = 0;
    for (size_t a = 0; a < acts.nrows; a++) {
        no_rows += rows_of_act[a] == 0;
        if (act_group[a] && rows_of_act[a] > 0 && (!many_own[a] || !many_row[a]))
            single_group++;
    }
    assert_int_equal(no_rows, scale);
    assert_int_equal(single_group, scale);
    /* sort by (volunteer, date, activity): duplicates are neighbours, days are runs */
    qsort(pr, parts.nrows, sizeof *pr, cmp_prow);
    long day_sum = 0;
    for (size_t r = 0; r < parts.nrows; r++) {
        int same_day = r > 0 && pr[r].vol == pr[r - 1].vol && pr[r].date == pr[r - 1].date;
        if (same_day && pr[r].act == pr[r - 1].act)
            fail_msg("volunteer twice in one activity");
        day_sum = same_day ? day_sum + pr[r].tenths : pr[r].tenths;
        assert_true(day_sum <= 240);
    }

    /* results */
    size_t c_ract = col_of(&res, "活动编号"), c_qty = col_of(&res, "数量");
    for (size_t r = 0; r < res.nrows; r++) {
        lookup(&act_ix, cell(&res, r, c_ract));
        char *end;
        double q = strtod(cell(&res, r, c_qty), &end);
        assert_true(q >= 0 && *end == '\0');
    }
    out->results = res.nrows;

    free(members); free(party_vols); free(unit_vols); free(joined); free(vol_unit);
    free(dem_date); free(dem_answered); free(act_date); free(act_group); free(pr);
    free(rows_of_act); free(first_own); free(first_row); free(many_own); free(many_row);
    hmap_release(&unit_ix); hmap_release(&team_ix); hmap_release(&vol_ix);
    hmap_release(&act_ix); hmap_release(&dem_ix);
    free_table(&units); free_table(&teams); free_table(&vols); free_table(&acts);
    free_table(&parts); free_table(&dems); free_table(&res);
}

static void test_city_2025(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-sample-2025-XXXXXX";
    make_dir(dir);
    sample_counts counts;
    generate(dir, 2025, 1, 1, SAMPLE_PLAIN, &counts);
    checked k;
    check_ledgers(dir, 2025, 1, &k);
    /* The promises of the brief. */
    assert_int_equal(k.units, 378);
    assert_int_equal(k.teams_party, 54);
    assert_int_equal(k.teams_youth, 13);
    assert_int_equal(k.party_members, 5700);
    assert_in_range(k.party_volunteers, 1100, 1300);       /* about 1,200 */
    assert_in_range(k.league, 400, 600);                   /* about 500 youth */
    assert_in_range(k.volunteers, 1600, 2000);
    assert_in_range(k.activities, 2000, 5000);             /* a few thousand */
    assert_in_range(k.participation, 20000, 40000);
    assert_true(k.answered * 100 >= k.demands * 35 && k.answered * 100 <= k.demands * 65);
    assert_true(k.results > 0);
    /* The counts the generator reports are the rows in the files. */
    assert_int_equal(counts.units, k.units);
    assert_int_equal(counts.volunteers, k.volunteers);
    assert_int_equal(counts.party_volunteers, k.party_volunteers);
    assert_int_equal(counts.activities, k.activities);
    assert_int_equal(counts.participation, k.participation);
    assert_int_equal(counts.demands, k.demands);
    assert_int_equal(counts.results, k.results);
    remove_dir(dir);
}

static void test_year_before_is_smaller(void **state)
{
    (void)state;
    char d24[] = "/tmp/tz-sample-2024-XXXXXX", d25[] = "/tmp/tz-sample-2025-XXXXXX";
    make_dir(d24);
    make_dir(d25);
    generate(d24, 2024, 1, 1, SAMPLE_PLAIN, NULL);
    generate(d25, 2025, 1, 1, SAMPLE_PLAIN, NULL);
    checked k24, k25;
    check_ledgers(d24, 2024, 1, &k24);
    check_ledgers(d25, 2025, 1, &k25);
    assert_int_equal(k24.units, k25.units);
    assert_true(k24.volunteers < k25.volunteers);
    assert_true(k24.activities < k25.activities);
    assert_true(k24.participation < k25.participation);
    assert_true(k24.teams_party < k25.teams_party);
    /* The city is the same: units.csv is identical, volunteers keep their ids. */
    char a[512], b[512];
    snprintf(a, sizeof a, "%s/units.csv", d24);
    snprintf(b, sizeof b, "%s/units.csv", d25);
    assert_true(files_equal(a, b));
    remove_dir(d24);
    remove_dir(d25);
}

static void test_scale(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-sample-x3-XXXXXX";
    make_dir(dir);
    sample_counts counts;
    generate(dir, 2025, 7, 3, SAMPLE_PLAIN, &counts);
    checked k;
    check_ledgers(dir, 2025, 3, &k);     /* ids unique, references resolve, planted ×3 */
    assert_int_equal(k.units, 3 * 378);
    assert_int_equal(k.teams_party, 3 * 54);
    assert_int_equal(k.teams_youth, 3 * 13);
    assert_int_equal(k.party_members, 3 * 5700);
    assert_in_range(k.participation, 3 * 20000, 3 * 40000);
    remove_dir(dir);
}

/* A province (--scale 6 --cities 2): read back by this file's own checks as a ledger of
   2 city blocks (ids, references, ≤ 24 h a day, nobody twice in an activity, the planted
   warnings of 2 blocks), with the units, teams and volunteers of --scale 2 byte for byte
   and about 6/2 times its participation rows. Also: --cities above --scale is refused. */
static void test_province(void **state)
{
    (void)state;
    char two[] = "/tmp/tz-sample-c2-XXXXXX", prov[] = "/tmp/tz-sample-p62-XXXXXX";
    make_dir(two);
    make_dir(prov);
    sample_counts c2, p62;
    generate(two, 2025, 5, 2, SAMPLE_PLAIN, &c2);
    sample_options opt;
    sample_options_init(&opt);
    opt.seed = 5;
    opt.scale = 6;
    opt.cities = 2;
    assert_int_equal(sample_write(prov, &opt, &p62, NULL), TZ_OK);
    checked k2, k;
    check_ledgers(two, 2025, 2, &k2);
    check_ledgers(prov, 2025, 2, &k);
    assert_int_equal(k.units, 2 * 378);
    assert_int_equal(k.party_members, 2 * 5700);
    assert_int_equal(k.teams_party, 2 * 54);
    assert_int_equal(k.volunteers, k2.volunteers);
    static const char *const same[] = {"units.csv", "teams.csv", "volunteers.csv", "demands.csv"};
    char a[512], b[512];
    for (int i = 0; i < 4; i++) {
        snprintf(a, sizeof a, "%s/%s", two, same[i]);
        snprintf(b, sizeof b, "%s/%s", prov, same[i]);
        assert_true(files_equal(a, b));
    }
    /* activities within 3 % of --scale 2's; rows 2.7 to 3.3 times */
    assert_in_range(k.activities * 100, k2.activities * 97, k2.activities * 103);
    assert_in_range(k.participation * 10, k2.participation * 27, k2.participation * 33);
    assert_int_equal(p62.participation, k.participation);
    opt.cities = 7;
    assert_int_equal(sample_write("/tmp/tz-sample-never", &opt, NULL, NULL), TZ_USAGE);
    remove_dir(two);
    remove_dir(prov);
}

/* 1 when the whole file converts from GB18030 (strictly: no invalid or partial sequence). */
static int gb18030_file_ok(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    static char in[1 << 22], outb[1 << 23];
    size_t n = fread(in, 1, sizeof in, f);
    assert_true(feof(f));
    fclose(f);
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    assert_true(cd != (iconv_t)-1);
    char *ip = in, *op = outb;
    size_t il = n, ol = sizeof outb;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    iconv_close(cd);
    return r != (size_t)-1 && il == 0;
}

static void test_export_style(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-sample-ex-XXXXXX";
    make_dir(dir);
    generate(dir, 2025, 1, 1, SAMPLE_EXPORT, NULL);
    char path[512], head[64];
    /* units.csv is GB18030: 单位名称 is B5 A5 CE BB C3 FB B3 C6 there; CRLF. */
    snprintf(path, sizeof path, "%s/units.csv", dir);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    assert_non_null(fgets(head, sizeof head, f));
    fclose(f);
    assert_memory_equal(head, "\xB5\xA5\xCE\xBB\xC3\xFB\xB3\xC6,", 9);
    assert_non_null(strstr(head, "\r\n"));
    /* activities.csv: UTF-8 with a BOM and CRLF. */
    snprintf(path, sizeof path, "%s/activities.csv", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_non_null(fgets(head, sizeof head, f));
    fclose(f);
    assert_memory_equal(head, "\xEF\xBB\xBF活动编号,", 16);
    /* participation.csv: English aliases, LF. */
    snprintf(path, sizeof path, "%s/participation.csv", dir);
    f = fopen(path, "rb");
    assert_non_null(f);
    assert_non_null(fgets(head, sizeof head, f));
    fclose(f);
    assert_string_equal(head, "activity_id,volunteer_id,hours,unit_id,role\n");
    remove_dir(dir);
    /* At a larger scale the GB18030 files are still whole characters across buffer flushes. */
    char big[] = "/tmp/tz-sample-ex4-XXXXXX";
    make_dir(big);
    generate(big, 2025, 3, 4, SAMPLE_EXPORT, NULL);
    static const char *const gb[] = {"units.csv", "volunteers.csv", "demands.csv"};
    for (int i = 0; i < 3; i++) {
        snprintf(path, sizeof path, "%s/%s", big, gb[i]);
        assert_true(gb18030_file_ok(path));
    }
    remove_dir(big);
}

static void test_bad_options(void **state)
{
    (void)state;
    sample_options opt;
    sample_options_init(&opt);
    opt.scale = 0;
    assert_int_equal(sample_write("/tmp/tz-sample-never", &opt, NULL, NULL), TZ_USAGE);
    sample_options_init(&opt);
    opt.year = 1999;
    assert_int_equal(sample_write("/tmp/tz-sample-never", &opt, NULL, NULL), TZ_USAGE);
    sample_options_init(&opt);
    /* a folder below a regular file cannot be made */
    assert_int_equal(sample_write("/dev/null/x", &opt, NULL, NULL), TZ_CANTCREAT);
}

/* Every allocation that can fail is handled: the nth one failing gives TZ_NOMEM (never a
   crash or a leak under the sanitizers), until n is past the last one. */
static void test_out_of_memory(void **state)
{
    (void)state;
    char dir[] = "/tmp/tz-sample-nomem-XXXXXX";
    make_dir(dir);
    sample_options opt;
    sample_options_init(&opt);
    opt.style = SAMPLE_EXPORT;
    tz_status s = TZ_NOMEM;
    long n;
    for (n = 1; n < 1000 && s == TZ_NOMEM; n++) {
        mem_fail_after(n);
        s = sample_write(dir, &opt, NULL, NULL);
        mem_fail_after(0);
    }
    assert_int_equal(s, TZ_OK);
    assert_true(n > 10);       /* it did fail a good number of allocations first */
    remove_dir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_check_digit),
        cmocka_unit_test(test_deterministic),
        cmocka_unit_test(test_city_2025),
        cmocka_unit_test(test_year_before_is_smaller),
        cmocka_unit_test(test_scale),
        cmocka_unit_test(test_province),
        cmocka_unit_test(test_export_style),
        cmocka_unit_test(test_bad_options),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
