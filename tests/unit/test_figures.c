/* tests/unit/test_figures.c — pipeline/apportion, pipeline/figures, pipeline/stats and
   output/tables. Expected values are worked by hand in tests/cases/handworked/WORKING.md
   (the case's ledgers are read here by a simple reader of their own, ledger_fixture.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ledger_fixture.h"
#include "output/tables.h"
#include "pipeline/apportion.h"
#include "pipeline/figures.h"
#include "output/run.h"
#include "pipeline/stats.h"
#include "rules/rules.h"
#include "rules/skills.h"
#include "rules/suggest.h"

#define CASE_DIR "tests/cases/handworked"

/* ---- apportionment ---- */

static int64_t share_of(const apportion_item *items, size_t n, uint32_t who)
{
    for (size_t i = 0; i < n; i++)
        if (items[i].who == who)
            return items[i].share;
    fail_msg("no item %u", who);
    return -1;
}

static void test_apportion_equal_weights(void **state)
{
    (void)state;
    /* 10 over 3 equal units: quotas 3⅓ each, one seat left, remainders tie → the
       smallest rank. Ranks deliberately not in the items' order. */
    apportion_item it[3] = {{0, 2, 5, 0, 0}, {1, 0, 5, 0, 0}, {2, 1, 5, 0, 0}};
    assert_int_equal(apportion_largest_remainder(10, it, 3), 0);
    assert_int_equal(share_of(it, 3, 1), 4);
    assert_int_equal(share_of(it, 3, 2), 3);
    assert_int_equal(share_of(it, 3, 0), 3);
    /* 11 over 3 equal: two seats left, to ranks 0 and 1. */
    apportion_item b[3] = {{0, 2, 1, 0, 0}, {1, 0, 1, 0, 0}, {2, 1, 1, 0, 0}};
    assert_int_equal(apportion_largest_remainder(11, b, 3), 0);
    assert_int_equal(share_of(b, 3, 1), 4);
    assert_int_equal(share_of(b, 3, 2), 4);
    assert_int_equal(share_of(b, 3, 0), 3);
}

static void test_apportion_remainders(void **state)
{
    (void)state;
    /* 10 over weights 1,3,1,1 (sum 6): quotas 1.67, 5, 1.67, 1.67 → floors 1,5,1,1,
       2 seats left; remainders 4,0,4,4 → ranks 0 and 1 among the tied 4s. */
    apportion_item a[4] = {{10, 0, 1, 0, 0}, {11, 1, 3, 0, 0}, {12, 2, 1, 0, 0},
                           {13, 3, 1, 0, 0}};
    assert_int_equal(apportion_largest_remainder(10, a, 4), 0);
    assert_int_equal(share_of(a, 4, 10), 2);
    assert_int_equal(share_of(a, 4, 11), 5);
    assert_int_equal(share_of(a, 4, 12), 2);
    assert_int_equal(share_of(a, 4, 13), 1);
    /* A larger remainder beats a smaller rank: 7 over weights 1 (rank 0) and 2 (rank 1):
       quotas 2.33, 4.67 → 2, 5. */
    apportion_item b[2] = {{0, 0, 1, 0, 0}, {1, 1, 2, 0, 0}};
    assert_int_equal(apportion_largest_remainder(7, b, 2), 0);
    assert_int_equal(share_of(b, 2, 0), 2);
    assert_int_equal(share_of(b, 2, 1), 5);
    /* Nothing to share, one item, refusals. */
    apportion_item c[1] = {{0, 0, 3, 0, 0}};
    assert_int_equal(apportion_largest_remainder(0, c, 1), 0);
    assert_int_equal(c[0].share, 0);
    assert_int_equal(apportion_largest_remainder(9, c, 1), 0);
    assert_int_equal(c[0].share, 9);
    c[0].weight = 0;
    assert_int_equal(apportion_largest_remainder(9, c, 1), -1);
    assert_int_equal(apportion_largest_remainder(9, c, 0), -1);
    c[0].weight = 1;
    assert_int_equal(apportion_largest_remainder(-1, c, 1), -1);
}

static void test_apportion_sums_exactly(void **state)
{
    (void)state;
    /* Many random cases: each item's share is the one the textbook method gives, shares
       sum to the total and each is the floor or ceiling of its quota. */
    uint64_t seed = 12345;
    apportion_item it[40];
    for (int round = 0; round < 2000; round++) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t n = 1 + (seed >> 33) % 40;
        int64_t total = (int64_t)((seed >> 13) % 100000);
        int64_t sum = 0;
        for (size_t i = 0; i < n; i++) {
            seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
            it[i] = (apportion_item){(uint32_t)i, (uint32_t)(n - i), (int64_t)((seed >> 40) % 7), 0, 0};
            sum += it[i].weight;
        }
        if (sum == 0) {
            it[0].weight = 1;
            sum = 1;
        }
        /* the seats by the textbook route: every remainder computed, sorted by
           remainder (descending) then rank, the first ones take a seat */
        int64_t want[40], given = 0;
        size_t order[40];
        for (size_t i = 0; i < n; i++) {
            want[i] = total * it[i].weight / sum;
            given += want[i];
            order[i] = i;
        }
        for (size_t i = 1; i < n; i++)           /* insertion sort of the indices */
            for (size_t j = i; j > 0; j--) {
                size_t x = order[j - 1], y = order[j];
                int64_t rx = total * it[x].weight % sum, ry = total * it[y].weight % sum;
                if (rx > ry || (rx == ry && it[x].rank < it[y].rank))
                    break;
                order[j - 1] = y;
                order[j] = x;
            }
        for (size_t i = 0; given < total; i++, given++)
            want[order[i]]++;
        assert_int_equal(apportion_largest_remainder(total, it, n), 0);
        for (size_t i = 0; i < n; i++)
            assert_int_equal(it[i].share, want[it[i].who]);
        int64_t got = 0;
        for (size_t i = 0; i < n; i++) {
            int64_t floor_q = total * it[i].weight / sum;
            assert_true(it[i].share == floor_q || it[i].share == floor_q + 1);
            got += it[i].share;
        }
        assert_int_equal(got, total);
    }
}

/* Through figures_compute: 10 beneficiaries over three units with one row each. The
   ledger lists them U3, U10, U2; byte order is U10 < U2 < U3, so U10 gets the fourth. */
static void test_figures_tie_byte_order(void **state)
{
    (void)state;
    ledger l;
    fx_init(&l, 2025);
    const char *ids[3] = {"U3", "U10", "U2"};
    const char *vols[3] = {"V3", "V10", "V2"};
    for (int i = 0; i < 3; i++) {
        fx_unit(&l, ids[i], ids[i], 5);
        fx_volunteer(&l, vols[i], ids[i], NULL, POL_MASSES);
    }
    fx_activity(&l, "A1", "2025-02-01", MODE_GROUP, "U3", 0, AREA_COMMUNITY, NULL, NULL, 10, 0);
    for (int i = 0; i < 3; i++)
        fx_row(&l, "A1", vols[i], NULL, 20);
    figures *f;
    assert_int_equal(figures_compute(&l, APPORTION_SHARE, &f), TZ_OK);
    assert_int_equal(f->units[1].beneficiaries, 4);    /* U10 */
    assert_int_equal(f->units[2].beneficiaries, 3);    /* U2 */
    assert_int_equal(f->units[0].beneficiaries, 3);    /* U3, the lead */
    assert_int_equal(f->unit_order[0], 1);
    assert_int_equal(f->unit_order[1], 2);
    assert_int_equal(f->unit_order[2], 0);
    /* Every unit took part in the group activity; only U3 leads it. */
    for (int i = 0; i < 3; i++)
        assert_int_equal(f->units[i].activities_group, 1);
    figures_free(f);
    fx_free(&l);
}

/* ---- the hand-worked case ---- */

static const figures_unit *unit_by_id(const figures *f, const char *id)
{
    int32_t u = FX_FIND(f->ledger, units, id);
    assert_true(u != LEDGER_NONE);
    return &f->units[u];
}

static void test_handworked_units(void **state)
{
    (void)state;
    ledger l;
    figures *f;
    assert_int_equal(fx_load(&l, CASE_DIR "/2025", 2025), 0);
    assert_int_equal(l.n_participation, 25);
    assert_int_equal(figures_compute(&l, APPORTION_SHARE, &f), TZ_OK);
    /* WORKING.md, section 2 and 3. */
    static const struct {
        const char *id;
        int64_t volunteers, party, active, person_times, hours, ind, grp, com, bene, dem, fen;
    } want[] = {
        {"U01", 4, 3, 4, 7, 185, 1, 2, 2, 86, 1, 230050},
        {"U02", 3, 2, 3, 8, 215, 1, 1, 2, 62, 0, 0},
        {"U03", 2, 1, 3, 4, 115, 1, 2, 1, 63, 1, 0},
        {"U10", 2, 0, 3, 6, 160, 1, 1, 2, 31, 1, 0},
    };
    int64_t bene = 0;
    for (size_t i = 0; i < 4; i++) {
        const figures_unit *u = unit_by_id(f, want[i].id);
        assert_int_equal(u->volunteers, want[i].volunteers);
        assert_int_equal(u->party_volunteers, want[i].party);
        assert_int_equal(u->active_volunteers, want[i].active);
        assert_int_equal(u->person_times, want[i].person_times);
        assert_int_equal(u->hours_tenths, want[i].hours);
        assert_int_equal(u->activities_independent, want[i].ind);
        assert_int_equal(u->activities_group, want[i].grp);
        assert_int_equal(u->activities_committee, want[i].com);
        assert_int_equal(u->beneficiaries, want[i].bene);
        assert_int_equal(u->demands_answered, want[i].dem);
        assert_int_equal(u->donation_fen, want[i].fen);
        bene += u->beneficiaries;
    }
    assert_int_equal(bene, f->city.beneficiaries);
    assert_int_equal(f->city.beneficiaries, 242);
    assert_int_equal(f->city.active_volunteers, 11);
    assert_int_equal(f->city.active_volunteers_total, 13);
    assert_int_equal(f->city.median_response_half_days, 19);
    /* The activities each unit leads or took part in (indices: A1 = 0 ... A8 = 7). */
    const figures_unit *u01 = unit_by_id(f, "U01");
    /* with its relation: U01 leads A1, A2, A7 and has rows in all five; in A3 and A5 only
       rows (V02; V03 代表 U01) */
    const uint32_t LT = FIGURES_LEADS | FIGURES_TOOK_PART, T = FIGURES_TOOK_PART;
    const uint32_t u01_acts[] = {0 | LT, 1 | LT, 2 | T, 4 | T, 6 | LT};
    assert_int_equal(u01->n_activities, 5);
    assert_memory_equal(u01->activities, u01_acts, sizeof u01_acts);
    const figures_unit *u03 = unit_by_id(f, "U03");
    /* U03 leads A5 (V08's row) and A6 (no row at all); rows in A2 and A3 */
    const uint32_t u03_acts[] = {1 | T, 2 | T, 4 | LT, 5 | FIGURES_LEADS};
    assert_int_equal(u03->n_activities, 4);
    assert_memory_equal(u03->activities, u03_acts, sizeof u03_acts);
    /* D1 is answered first by A2 (03-10), not A5 (06-18). */
    assert_int_equal(f->demand_first_activity[0], 1);
    assert_int_equal(f->demand_first_activity[2], LEDGER_NONE);
    /* The column accessor used by the rules: a rate as an exact fraction. */
    const figures_column *rate = figures_column_find("participation_rate", 18);
    assert_non_null(rate);
    assert_ptr_equal(figures_column_find("党员志愿者参与率", strlen("党员志愿者参与率")), rate);
    figures_value v = rate->value(&f->units[FX_FIND(&l, units, "U02")]);
    assert_int_equal(v.num, 2);
    assert_int_equal(v.den, 12);
    v = rate->value(&f->units[FX_FIND(&l, units, "U10")]);
    assert_int_equal(v.den, 0);
    /* Each activity count is the number of list entries its predicate takes (WORKING.md:
       U01 independent 1, group 2, committee 2, demands answered 1 through A2). */
    static const struct { const char *key; int64_t n; } u01_counts[] = {
        {"activities_independent", 1}, {"activities_group", 2}, {"activities_committee", 2},
        {"demands_answered", 1}};
    for (size_t k = 0; k < sizeof u01_counts / sizeof *u01_counts; k++) {
        const figures_column *c = figures_column_find(u01_counts[k].key, strlen(u01_counts[k].key));
        assert_non_null(c);
        assert_non_null(c->counts);
        int64_t n = 0;
        for (size_t i = 0; i < u01->n_activities; i++)
            n += c->counts(&l.activities[FIGURES_ACTIVITY(u01->activities[i])], u01->activities[i]);
        assert_int_equal(n, u01_counts[k].n);
        assert_int_equal(c->value(u01).num, u01_counts[k].n);
    }
    /* Every column of U01 by its key, as WORKING.md works them out (section 2): 20 party
       members; 4 volunteers, 3 of them party members, rate 3/20; 4 active; 7 rows, 18.5 h;
       beneficiaries 30 + 34 + 2 + 3 + 17 = 86; donations 2300.50. */
    static const struct { const char *key; int64_t num, den; } u01_all[] = {
        {"party_members", 20, 1}, {"volunteers", 4, 1}, {"party_volunteers", 3, 1},
        {"participation_rate", 3, 20}, {"active_volunteers", 4, 1}, {"person_times", 7, 1},
        {"hours", 185, 10}, {"activities_independent", 1, 1}, {"activities_group", 2, 1},
        {"activities_committee", 2, 1}, {"beneficiaries", 86, 1}, {"demands_answered", 1, 1},
        {"donation_yuan", 230050, 100},
    };
    assert_int_equal(FIGURES_UNIT_COLUMN_COUNT, sizeof u01_all / sizeof *u01_all);
    for (size_t k = 0; k < sizeof u01_all / sizeof *u01_all; k++) {
        figures_value w = figures_column_find(u01_all[k].key, strlen(u01_all[k].key))->value(u01);
        assert_int_equal(w.num, u01_all[k].num);
        assert_int_equal(w.den, u01_all[k].den);
    }
    figures_free(f);
    fx_free(&l);
}

/* Every column reads its own field of a hand-made unit (each field a different number),
   keyed by name here, independently of the table's order. */
static void test_columns_read_their_fields(void **state)
{
    (void)state;
    figures_unit u = {.party_members = 40, .volunteers = 31, .party_volunteers = 10,
                      .active_volunteers = 27, .person_times = 123, .hours_tenths = 4567,
                      .activities_independent = 5, .activities_group = 6,
                      .activities_committee = 7, .beneficiaries = 890, .demands_answered = 3,
                      .donation_fen = 150050};
    static const struct { const char *key, *chinese; int64_t num, den; int places; } want[] = {
        {"party_members", "党员人数", 40, 1, 0}, {"volunteers", "志愿者人数", 31, 1, 0},
        {"party_volunteers", "党员志愿者人数", 10, 1, 0},
        {"participation_rate", "党员志愿者参与率", 10, 40, 4},
        {"active_volunteers", "参与志愿者人数", 27, 1, 0},
        {"person_times", "服务人次", 123, 1, 0}, {"hours", "服务时长", 4567, 10, 1},
        {"activities_independent", "独立开展活动数", 5, 1, 0},
        {"activities_group", "组团服务活动数", 6, 1, 0},
        {"activities_committee", "工委统一组织活动数", 7, 1, 0},
        {"beneficiaries", "受益人次", 890, 1, 0}, {"demands_answered", "响应需求数", 3, 1, 0},
        {"donation_yuan", "捐赠金额", 150050, 100, 2},
    };
    assert_int_equal(FIGURES_UNIT_COLUMN_COUNT, sizeof want / sizeof *want);
    for (size_t k = 0; k < sizeof want / sizeof *want; k++) {
        const figures_column *c = figures_column_find(want[k].key, strlen(want[k].key));
        assert_non_null(c);
        assert_ptr_equal(figures_column_find(want[k].chinese, strlen(want[k].chinese)), c);
        assert_string_equal(c->chinese, want[k].chinese);
        figures_value v = c->value(&u);
        assert_int_equal(v.num, want[k].num);
        assert_int_equal(v.den, want[k].den);
        assert_int_equal(c->places, want[k].places);
    }
    assert_null(figures_column_find("hour", 4));
    u.party_members = 0;
    assert_int_equal(figures_column_find("participation_rate", 18)->value(&u).den, 0);
}

static void test_handworked_lead(void **state)
{
    (void)state;
    ledger l;
    figures *f;
    assert_int_equal(fx_load(&l, CASE_DIR "/2025", 2025), 0);
    assert_int_equal(figures_compute(&l, APPORTION_LEAD, &f), TZ_OK);
    /* All to the lead: U01 leads A1, A2, A7 (30 + 100 + 50); U02 A3, A4 (10 + 7);
       U03 A5, A6 (11 + 25); U10 A8 (9). */
    assert_int_equal(unit_by_id(f, "U01")->beneficiaries, 180);
    assert_int_equal(unit_by_id(f, "U02")->beneficiaries, 17);
    assert_int_equal(unit_by_id(f, "U03")->beneficiaries, 36);
    assert_int_equal(unit_by_id(f, "U10")->beneficiaries, 9);
    figures_free(f);
    fx_free(&l);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *data = malloc(1 << 20);
    *len = fread(data, 1, 1 << 20, fp);
    fclose(fp);
    return data;
}

static void assert_same_file(const char *got_path, const char *want_path)
{
    size_t gl = 0, wl = 0;
    char *got = slurp(got_path, &gl), *want = slurp(want_path, &wl);
    assert_non_null(got);
    assert_non_null(want);
    if (gl != wl || memcmp(got, want, gl) != 0) {
        print_error("%s differs from %s:\n--- got\n%.*s\n--- want\n%.*s\n", got_path, want_path,
                    (int)gl, got, (int)wl, want);
        fail();
    }
    free(got);
    free(want);
}

/* Runs the figures, (with_rules: the default rules and the supply with the default skills
   map,) stats and tables of a ledger into a fresh folder under /tmp. */
static void write_tables(const ledger *l, const ledger *prev, int with_rules, char *dir,
                         size_t dir_size)
{
    figures *f, *pf = NULL;
    stats *s;
    rules *r = NULL;
    bonus *b = NULL, *pb = NULL;
    skills_map *m = NULL;
    supply *sp = NULL;
    int64_t cents[16];
    snprintf(dir, dir_size, "/tmp/tz_figures_XXXXXX");
    assert_non_null(mkdtemp(dir));
    assert_int_equal(figures_compute(l, APPORTION_SHARE, &f), TZ_OK);
    if (prev)
        assert_int_equal(figures_compute(prev, APPORTION_SHARE, &pf), TZ_OK);
    if (with_rules) {
        buf err = BUF_INIT;
        assert_int_equal(rules_load_default(&r, &err), TZ_OK);
        buf_release(&err);
        assert_int_equal(rules_apply(r, f, &b), TZ_OK);
        if (pf)
            assert_int_equal(rules_apply(r, pf, &pb), TZ_OK);
        assert_true(b->n_units <= 16);
        for (size_t u = 0; u < b->n_units; u++)
            cents[u] = b->units[u].total_cents;
        assert_int_equal(skills_load_default(&m, &err), TZ_OK);
        assert_int_equal(skills_bind(m, l, &err, &err), TZ_OK);
        buf_release(&err);
        assert_int_equal(supply_compute(f, &sp), TZ_OK);
        assert_int_equal(suggest_compute(sp, m), TZ_OK);
    }
    assert_int_equal(stats_compute(f, b ? cents : NULL, &s), TZ_OK);
    run_options opt;
    memset(&opt, 0, sizeof opt);
    run_context rc;
    memset(&rc, 0, sizeof rc);
    rc.opt = &opt;
    rc.ledger = l;
    rc.figures = f;
    rc.stats = s;
    rc.rules = r;
    rc.bonus = b;
    rc.previous = prev;
    rc.previous_figures = pf;
    rc.previous_bonus = pb;
    rc.supply = sp;
    assert_int_equal(tables_write(&rc, dir), TZ_OK);
    supply_free(sp);
    skills_free(m);
    stats_free(s);
    bonus_free(pb);
    bonus_free(b);
    rules_free(r);
    figures_free(pf);
    figures_free(f);
}

static void remove_tables(const char *dir)
{
    char path[512];
    for (size_t i = 0; i < TABLES_COUNT; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, TABLES[i].path);
        unlink(path);
    }
    snprintf(path, sizeof path, "%s/tables", dir);
    rmdir(path);
    rmdir(dir);
}

static void test_handworked_tables(void **state)
{
    (void)state;
    ledger l;
    char dir[64], got[512], want[512];
    assert_int_equal(fx_load(&l, CASE_DIR "/2025", 2025), 0);
    write_tables(&l, NULL, 1, dir, sizeof dir);
    for (size_t i = 0; i < TABLES_COUNT; i++) {
        const char *name = TABLES[i].path;
        if (strncmp(name, "tables/", 7) != 0)
            continue;                       /* validation.csv: the case's own test */
        snprintf(got, sizeof got, "%s/%s", dir, name);
        snprintf(want, sizeof want, CASE_DIR "/expected/%s", name + 7);
        assert_same_file(got, want);
    }
    remove_tables(dir);
    fx_free(&l);
}

static void test_summary_previous(void **state)
{
    (void)state;
    ledger now, before;
    char dir[64], path[512];
    size_t len = 0;
    assert_int_equal(fx_load(&now, CASE_DIR "/2025", 2025), 0);
    assert_int_equal(fx_load(&before, CASE_DIR "/2025", 2024), 0);
    /* Last year: only the first 20 participation rows (A1–A5): 20 person-times,
       3.5 + 17.0 + 23.0 + 2.5 + 10.0 = 56.0 hours; one unit fewer party members. */
    before.n_participation = 20;
    before.units[0].party_members = 25;       /* U01: 20 now → city 45 before, 40 now */
    write_tables(&now, &before, 1, dir, sizeof dir);
    snprintf(path, sizeof path, "%s/tables/summary.csv", dir);
    char *s = slurp(path, &len);
    assert_non_null(s);
    s[len] = '\0';
    assert_non_null(strstr(s, "\xEF\xBB\xBFkey,value,previous,change\r\n"));
    /* (25 − 20) / 20 = +25 %; (67.5 − 56) / 56 = 20.5357… %; (40 − 45) / 45 = −11.11 %. */
    assert_non_null(strstr(s, "\r\nperson_times,25,20,+25.00\r\n"));
    assert_non_null(strstr(s, "\r\nhours,67.5,56.0,+20.54\r\n"));
    assert_non_null(strstr(s, "\r\nparty_members,40,45,-11.11\r\n"));
    /* Rate 6/40 now, 6/45 before: (0.15 − 0.1333…) / 0.1333… = +12.50 %, exactly. */
    assert_non_null(strstr(s, "\r\nparticipation_rate,0.1500,0.1333,+12.50\r\n"));
    assert_non_null(strstr(s, "\r\nunits,4,4,0.00\r\n"));
    assert_non_null(strstr(s, "\r\nmedian_response_days,9.5,9.5,0.00\r\n"));
    /* Last year's figures under this year's rules: every unit still has rows (U10: A3, A5)
       and an independent activity, so 4 units with points in both years. */
    assert_non_null(strstr(s, "\r\nunits_with_bonus,4,4,0.00\r\n"));
    free(s);
    remove_tables(dir);
    before.n_participation = 25;
    fx_free(&now);
    fx_free(&before);
}

/* Every allocation of figures_compute and stats_compute failing in turn: TZ_NOMEM,
   never a crash (and nothing leaked: see the sanitizer run). */
static void test_out_of_memory(void **state)
{
    (void)state;
    ledger l;
    assert_int_equal(fx_load(&l, CASE_DIR "/2025", 2025), 0);
    int succeeded = 0;
    for (long n = 1; n < 200 && !succeeded; n++) {
        figures *f = NULL;
        stats *s = NULL;
        mem_fail_after(n);
        tz_status st = figures_compute(&l, APPORTION_SHARE, &f);
        if (st == TZ_OK)
            st = stats_compute(f, NULL, &s);
        mem_fail_after(0);
        if (st == TZ_OK) {
            succeeded = 1;
        } else {
            assert_int_equal(st, TZ_NOMEM);
        }
        stats_free(s);
        figures_free(f);
    }
    assert_true(succeeded);
    fx_free(&l);
}

/* ---- the bundled sample ---- */

typedef struct row_key {
    uint32_t activity, unit;
} row_key;

static int by_activity_unit(const void *a, const void *b)
{
    const row_key *x = a, *y = b;
    if (x->activity != y->activity)
        return x->activity < y->activity ? -1 : 1;
    return x->unit < y->unit ? -1 : x->unit > y->unit;
}

/* Per-unit beneficiaries by a second, naive route: rows sorted by activity, a dense count
   per unit, seats handed out one at a time by a linear search for the largest remainder
   (ties: strcmp of the unit ids). */
static int64_t *naive_beneficiaries(const ledger *l)
{
    int64_t *bene = calloc(l->n_units, sizeof *bene);
    int64_t *count = calloc(l->n_units, sizeof *count);
    int64_t *rem = calloc(l->n_units, sizeof *rem);
    row_key *rows = malloc((l->n_participation + 1) * sizeof *rows);
    for (size_t r = 0; r < l->n_participation; r++)
        rows[r] = (row_key){l->participation[r].activity, l->participation[r].unit};
    qsort(rows, l->n_participation, sizeof *rows, by_activity_unit);
    size_t r = 0;
    for (uint32_t a = 0; a < l->n_activities; a++) {
        int64_t b = l->activities[a].beneficiaries, n = 0;
        size_t first = r;
        for (; r < l->n_participation && rows[r].activity == a; r++) {
            count[rows[r].unit]++;
            n++;
        }
        if (n == 0) {
            bene[l->activities[a].lead_unit] += b;
            continue;
        }
        int64_t given = 0;
        for (size_t i = first; i < r; i++) {
            uint32_t u = rows[i].unit;
            if (count[u] == 0 || (i > first && rows[i - 1].unit == u))
                continue;
            bene[u] += b * count[u] / n;
            given += b * count[u] / n;
            rem[u] = b * count[u] % n;
        }
        for (; given < b; given++) {
            int best = -1;
            for (size_t i = first; i < r; i++) {
                uint32_t u = rows[i].unit;
                if (rem[u] < 0)
                    continue;
                if (best < 0 || rem[u] > rem[best] ||
                    (rem[u] == rem[best] && strcmp(l->units[u].id, l->units[best].id) < 0))
                    best = (int)u;
            }
            bene[best]++;
            rem[best] = -1;     /* one seat each */
        }
        for (size_t i = first; i < r; i++) {
            count[rows[i].unit] = 0;
            rem[rows[i].unit] = 0;
        }
    }
    free(rows);
    free(rem);
    free(count);
    return bene;
}

static void check_sample_year(const char *dir)
{
    ledger *l = NULL;
    ledger_options opt = {0, NULL, 0, 1};
    assert_int_equal(ledger_load(dir, &opt, &l), TZ_OK);
    assert_true(l->n_participation > 1000);
    int64_t bene_total = 0, hours_total = 0;
    for (size_t a = 0; a < l->n_activities; a++)
        bene_total += l->activities[a].beneficiaries;
    for (size_t r = 0; r < l->n_participation; r++)
        hours_total += l->participation[r].hours_tenths;
    int64_t *naive = naive_beneficiaries(l);
    for (int mode = 0; mode < 2; mode++) {
        figures *f;
        assert_int_equal(figures_compute(l, mode ? APPORTION_LEAD : APPORTION_SHARE, &f), TZ_OK);
        int64_t bene = 0, pt = 0, hours = 0;
        for (size_t u = 0; u < l->n_units; u++) {
            bene += f->units[u].beneficiaries;
            pt += f->units[u].person_times;
            hours += f->units[u].hours_tenths;
            if (mode == 0)
                assert_int_equal(f->units[u].beneficiaries, naive[u]);
        }
        /* The per-unit column sums exactly to the city total, which counts each activity once. */
        assert_int_equal(bene, f->city.beneficiaries);
        assert_int_equal(f->city.beneficiaries, bene_total);
        assert_int_equal(pt, (int64_t)l->n_participation);
        assert_int_equal(hours, hours_total);
        assert_int_equal(f->city.hours_tenths, hours_total);
        figures_free(f);
    }
    /* The same rows in another order (the sample writes each activity's rows as one run;
       swapping every other row with its mirror breaks the runs): the same figures. */
    figures *f0, *f1;
    assert_int_equal(figures_compute(l, APPORTION_SHARE, &f0), TZ_OK);
    for (size_t r = 0; r < l->n_participation / 2; r += 2) {
        ledger_participation t = l->participation[r];
        l->participation[r] = l->participation[l->n_participation - 1 - r];
        l->participation[l->n_participation - 1 - r] = t;
    }
    assert_int_equal(figures_compute(l, APPORTION_SHARE, &f1), TZ_OK);
    for (size_t u = 0; u < l->n_units; u++) {
        const figures_unit *x = &f0->units[u], *y = &f1->units[u];
        assert_int_equal(y->beneficiaries, naive[u]);
        assert_int_equal(x->active_volunteers, y->active_volunteers);
        assert_int_equal(x->activities_group, y->activities_group);
        assert_int_equal(x->activities_committee, y->activities_committee);
        assert_int_equal(x->n_activities, y->n_activities);
        assert_memory_equal(x->activities, y->activities, x->n_activities * sizeof *x->activities);
        for (size_t i = 1; i < y->n_activities; i++)
            assert_true(FIGURES_ACTIVITY(y->activities[i - 1]) <
                        FIGURES_ACTIVITY(y->activities[i]));
    }
    figures_free(f0);
    figures_free(f1);
    free(naive);
    ledger_free(l);
}

/* Every figure of a and b equal (b computed on other threads, or from rows in another
   order). */
static void assert_same_figures(const ledger *l, const figures *a, const figures *b)
{
    for (size_t u = 0; u < l->n_units; u++) {
        const figures_unit *x = &a->units[u], *y = &b->units[u];
        assert_memory_equal(x, y, offsetof(figures_unit, activities));
        assert_int_equal(x->n_activities, y->n_activities);
        assert_memory_equal(x->activities, y->activities, x->n_activities * sizeof *x->activities);
    }
    assert_memory_equal(&a->city, &b->city, sizeof a->city);
    assert_memory_equal(a->areas, b->areas, sizeof a->areas);
    assert_memory_equal(a->months, b->months, sizeof a->months);
    assert_memory_equal(a->categories, b->categories, l->n_categories * sizeof *a->categories);
    if (l->n_campaigns)
        assert_memory_equal(a->campaigns, b->campaigns, l->n_campaigns * sizeof *a->campaigns);
    assert_memory_equal(a->teams, b->teams, l->n_teams * sizeof *a->teams);
    assert_memory_equal(a->volunteer_hours_tenths, b->volunteer_hours_tenths,
                        l->n_volunteers * sizeof *a->volunteer_hours_tenths);
    assert_memory_equal(a->activity_person_times, b->activity_person_times,
                        l->n_activities * sizeof *a->activity_person_times);
}

/* The participation rows cut among 2, 3 and 8 threads (shares of at least 1,000 rows
   forced by TZ_FIGURES_SHARE_ROWS, so that the sample's 36,000 rows are cut): the same
   figures as one thread, with the rows in the file's order and out of activity order. */
static void test_threads_same_figures(void **state)
{
    (void)state;
    ledger *l = NULL;
    ledger_options opt = {0, NULL, 0, 1};
    assert_int_equal(ledger_load("input/sample/2025", &opt, &l), TZ_OK);
    setenv("TZ_FIGURES_SHARE_ROWS", "1000", 1);
    for (int order = 0; order < 2; order++) {
        if (order == 1)
            for (size_t r = 0; r < l->n_participation / 2; r += 3) {
                ledger_participation t = l->participation[r];
                l->participation[r] = l->participation[l->n_participation - 1 - r];
                l->participation[l->n_participation - 1 - r] = t;
            }
        for (int mode = 0; mode < 2; mode++) {
            figures_apportion ap = mode ? APPORTION_LEAD : APPORTION_SHARE;
            figures *one;
            assert_int_equal(figures_compute_on(l, ap, 1, &one), TZ_OK);
            static const int threads[] = {2, 3, 8};
            for (size_t t = 0; t < sizeof threads / sizeof *threads; t++) {
                figures *many;
                assert_int_equal(figures_compute_on(l, ap, threads[t], &many), TZ_OK);
                assert_same_figures(l, one, many);
                figures_free(many);
            }
            figures_free(one);
        }
    }
    unsetenv("TZ_FIGURES_SHARE_ROWS");
    ledger_free(l);
}

static void test_sample_invariants(void **state)
{
    (void)state;
    check_sample_year("input/sample/2025");
    check_sample_year("input/sample/2024");
}

/* ---- statistics edge cases ---- */

static void test_describe_edges(void **state)
{
    (void)state;
    stats_summary s;
    double none[1] = {0};
    stats_describe(none, 0, &s);
    assert_int_equal(s.n, 0);
    assert_false(s.mean.defined || s.sd.defined || s.min.defined || s.median.defined ||
                 s.max.defined || s.q1.defined || s.q3.defined);

    double one[1] = {2.5};
    stats_describe(one, 1, &s);
    assert_int_equal(s.n, 1);
    assert_false(s.sd.defined);                 /* a sample sd needs two values */
    assert_int_equal(s.mean.e4, 25000);
    assert_int_equal(s.min.e4, 25000);
    assert_int_equal(s.q1.e4, 25000);
    assert_int_equal(s.median.e4, 25000);
    assert_int_equal(s.max.e4, 25000);

    double equal[4] = {3, 3, 3, 3};
    stats_describe(equal, 4, &s);
    assert_int_equal(s.n, 4);
    assert_true(s.sd.defined);
    assert_int_equal(s.sd.e4, 0);
    assert_int_equal(s.q3.e4, 30000);

    /* NaN and infinity are left out: the rest is 1, 2, 3, 4. */
    double mixed[6] = {4, NAN, 1, INFINITY, 3, 2};
    stats_describe(mixed, 6, &s);
    assert_int_equal(s.n, 4);
    assert_int_equal(s.mean.e4, 25000);
    assert_int_equal(s.min.e4, 10000);
    assert_int_equal(s.max.e4, 40000);
    assert_int_equal(s.q1.e4, 17500);            /* position 0.75 between 1 and 2 */
    assert_int_equal(s.median.e4, 25000);
    assert_int_equal(s.q3.e4, 32500);            /* position 2.25 between 3 and 4 */
    assert_int_equal(s.sd.e4, 12910);            /* sqrt(5/3) = 1.29099… */

    double nan_only[2] = {NAN, NAN};
    stats_describe(nan_only, 2, &s);
    assert_int_equal(s.n, 0);
    assert_false(s.mean.defined);

    assert_false(stats_make(NAN).defined);
    assert_int_equal(stats_make(-0.00004).e4, 0);
    assert_int_equal(stats_make(-1.23456).e4, -12346);
}

static void test_stats_empty_ledger(void **state)
{
    (void)state;
    ledger l;
    fx_init(&l, 2025);
    figures *f;
    stats *s;
    assert_int_equal(figures_compute(&l, APPORTION_SHARE, &f), TZ_OK);
    assert_int_equal(stats_compute(f, NULL, &s), TZ_OK);
    for (int k = 0; k < STATS_FIGURE_COUNT; k++)
        assert_int_equal(s->figures[k].n, 0);
    assert_false(s->pearson.defined || s->spearman.defined || s->gini.defined ||
                 s->top10_share.defined || s->outlier_fence.defined);
    assert_int_equal(s->trend_slope.e4, 0);      /* twelve empty months: a flat line */
    assert_int_equal(s->n_outliers, 0);
    stats_free(s);
    figures_free(f);
    fx_free(&l);
}

/* Five units, one volunteer each; hours per active volunteer 1, 1, 1, 1, 10 and one
   unit whose volunteer never served. Q1 = Q3 = 1, fence 1: only the 10 lies beyond.
   Every unit has the same participation rate: no spread, so no correlation. */
static void test_stats_outlier_and_flat_correlation(void **state)
{
    (void)state;
    ledger l;
    fx_init(&l, 2025);
    const char *ids[6] = {"U5", "U1", "U4", "U2", "U3", "U6"};
    const char *vols[6] = {"V5", "V1", "V4", "V2", "V3", "V6"};
    for (int i = 0; i < 6; i++) {
        fx_unit(&l, ids[i], ids[i], 2);
        fx_volunteer(&l, vols[i], ids[i], NULL, POL_MEMBER);
    }
    fx_activity(&l, "A1", "2025-04-01", MODE_INDEPENDENT, "U1", 0, AREA_OTHER, NULL, NULL, 0, 0);
    fx_activity(&l, "A2", "2025-04-02", MODE_INDEPENDENT, "U1", 0, AREA_OTHER, NULL, NULL, 0, 0);
    for (int i = 0; i < 5; i++)
        fx_row(&l, "A1", vols[i], NULL, 10);
    fx_row(&l, "A2", "V5", NULL, 90);            /* U5: 1.0 + 9.0 = 10 hours */
    figures *f;
    stats *s;
    assert_int_equal(figures_compute(&l, APPORTION_SHARE, &f), TZ_OK);
    assert_int_equal(stats_compute(f, NULL, &s), TZ_OK);
    assert_int_equal(s->figures[STATS_HOURS_PER_ACTIVE].n, 5);
    assert_int_equal(s->outlier_fence.e4, 10000);
    assert_int_equal(s->n_outliers, 1);
    assert_string_equal(l.units[s->outliers[0]].id, "U5");
    assert_int_equal(s->figures[STATS_PARTICIPATION_RATE].n, 6);
    assert_int_equal(s->figures[STATS_PARTICIPATION_RATE].sd.e4, 0);
    assert_int_equal(s->correlation_n, 6);
    assert_false(s->pearson.defined);
    assert_false(s->spearman.defined);
    /* Hours of the five who served: 1, 1, 1, 1, 10 (total 14). Top ceil(5/10) = 1
       volunteer: 10/14 = 0.7143. Gini: (2·(1+2+3+4+50) − 6·14) / (5·14) = 36/70. */
    assert_int_equal(s->concentration_n, 5);
    assert_int_equal(s->top10_share.e4, 7143);
    assert_int_equal(s->gini.e4, 5143);
    stats_free(s);
    figures_free(f);
    fx_free(&l);
}

int main(void)
{
    gsl_set_error_handler_off();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_apportion_equal_weights),
        cmocka_unit_test(test_apportion_remainders),
        cmocka_unit_test(test_apportion_sums_exactly),
        cmocka_unit_test(test_figures_tie_byte_order),
        cmocka_unit_test(test_handworked_units),
        cmocka_unit_test(test_handworked_lead),
        cmocka_unit_test(test_handworked_tables),
        cmocka_unit_test(test_summary_previous),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_sample_invariants),
        cmocka_unit_test(test_threads_same_figures),
        cmocka_unit_test(test_columns_read_their_fields),
        cmocka_unit_test(test_describe_edges),
        cmocka_unit_test(test_stats_empty_ledger),
        cmocka_unit_test(test_stats_outlier_and_flat_correlation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
