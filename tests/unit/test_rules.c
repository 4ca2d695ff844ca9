/* tests/unit/test_rules.c — rules/ (the rules language, its evaluator, the default rules)
   on ledgers and figures built in memory. Every expected number is worked out by hand in
   the comment beside it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "rules/rat.h"
#include "rules/rules.h"

#include "tests/unit/rules_fixture.h"

static rules *parse_ok(const char *text)
{
    rules *r = NULL;
    buf err = BUF_INIT;
    tz_status st = rules_parse("t.rules", text, strlen(text), &r, &err);
    if (st != TZ_OK)
        fprintf(stderr, "unexpected problems:\n%s", err.data ? err.data : "");
    assert_int_equal(st, TZ_OK);
    assert_non_null(r);
    buf_release(&err);
    return r;
}

/* The problems reported for text (the caller frees). */
static char *parse_problems(const char *text)
{
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_parse("t.rules", text, strlen(text), &r, &err), TZ_CONFIG);
    assert_null(r);
    assert_non_null(err.data);
    return buf_steal(&err);
}

static bonus *apply_ok(const rules *r, const figures *f)
{
    bonus *b = NULL;
    assert_int_equal(rules_apply(r, f, &b), TZ_OK);
    assert_non_null(b);
    return b;
}

/* The raw cents of a one-rule file "rule x "甲"\n points EXPR" for unit 0. */
static int64_t raw_of(fixture *x, const char *points)
{
    char text[512];
    snprintf(text, sizeof text, "rule x \"甲\"\n    points %s\n", points);
    rules *r = parse_ok(text);
    bonus *b = apply_ok(r, &x->f);
    int64_t v = b->units[0].lines[0].raw_cents;
    bonus_free(b);
    rules_free(r);
    return v;
}

/* ---- exact arithmetic ------------------------------------------------------------ */

static void test_rat(void **state)
{
    (void)state;
    rat a, b, c;
    assert_int_equal(rat_parse("0.1", 3, &a), 0);
    assert_int_equal(a.num, 1); assert_int_equal(a.den, 10);
    assert_int_equal(rat_parse("20%", 3, &b), 0);          /* 20/100 = 1/5 */
    assert_int_equal(b.num, 1); assert_int_equal(b.den, 5);
    assert_int_equal(rat_parse("1.", 2, &c), -1);
    assert_int_equal(rat_parse("1.2.3", 5, &c), -1);
    assert_int_equal(rat_parse("1234567890123456789", 19, &c), -1);   /* 19 digits */
    /* 0.1 + 0.1 + 0.1 = 3/10 exactly */
    assert_int_equal(rat_add(a, a, &c), 0);
    assert_int_equal(rat_add(c, a, &c), 0);
    assert_int_equal(c.num, 3); assert_int_equal(c.den, 10);
    int64_t cents;
    assert_int_equal(rat_to_cents(c, &cents), 0); assert_int_equal(cents, 30);
    assert_int_equal(rat_to_cents(rat_make(1, 200), &cents), 0); assert_int_equal(cents, 1);  /* 0.005 */
    assert_int_equal(rat_to_cents(rat_make(999, 200000), &cents), 0); assert_int_equal(cents, 0);  /* 0.004995 */
    assert_int_equal(rat_to_cents(rat_make(2, 3), &cents), 0); assert_int_equal(cents, 67);
    assert_int_equal(rat_to_cents(RAT_UNDEFINED, &cents), -1);
    /* 1999/9997 < 1/5: 1999·5 = 9995 < 9997 */
    assert_true(rat_cmp(rat_make(1999, 9997), rat_make(1, 5)) < 0);
    /* division by zero is undefined, not an error */
    assert_int_equal(rat_div(a, rat_make(0, 1), &c), 0);
    assert_false(rat_defined(c));
    /* overflow is reported */
    rat big = rat_make(INT64_MAX / 2, 1);
    assert_int_equal(rat_mul(big, rat_make(4, 1), &c), -1);
    assert_int_equal(rat_add(big, big, &c), 0);
}

/* ---- the default rules ----------------------------------------------------------- */

static void test_default_rules_embedded(void **state)
{
    (void)state;
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    assert_string_equal(rules_source_name(r), "(内置默认规则)");
    /* the embedded bytes are the shipped file's bytes */
    FILE *fp = fopen("rules/default.rules", "rb");
    assert_non_null(fp);
    char file[8192];
    size_t n = fread(file, 1, sizeof file, fp);
    fclose(fp);
    size_t len;
    const char *text = rules_text(r, &len);
    assert_int_equal(len, n);
    assert_memory_equal(text, file, n);
    /* the policy of the spec */
    static const char *const ids[] = {"independent", "group", "committee", "participation", "demands"};
    static const char *const labels[] = {"独立开展志愿服务", "参与组团服务", "参加工委统一组织活动",
                                         "党员志愿者参与率", "响应群众点菜需求"};
    static const int64_t caps[] = {100, 150, 60, -1, 50};
    assert_int_equal(rules_count(r), 5);
    for (size_t i = 0; i < 5; i++) {
        assert_string_equal(rules_id(r, i), ids[i]);
        assert_string_equal(rules_label(r, i), labels[i]);
        assert_int_equal(rules_cap_cents(r, i), caps[i]);
    }
    assert_int_equal(rules_total_cap_cents(r), 300);
    assert_string_equal(rules_gate_text(r), "person_times > 0");
    rules_free(r);
    buf_release(&err);
}

static void test_default_rules_points(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 4);
    /* U01: 6 independent → 1.20 raw, cap 1.00; 2 group → 0.60; 1 committee → 0.20;
       rate 2/10 = 0.20 exactly → tier ≥20% → 0.30; 3 demands → 0.30. Total 2.40. */
    set_unit(&x, 0, 10, 2, 12, 6, 2, 1, 3);
    /* U02: every cap hit exactly: 5×0.2 = 1.00, 5×0.3 = 1.50, 3×0.2 = 0.60, 5×0.1 = 0.50;
       rate 1999/9997 = 0.19996 < 0.20 → 0. Sum 3.60 > 3.00: in file order 1.00 + 1.50 +
       0.50 of the committee's 0.60, then 0 for the demands. */
    set_unit(&x, 1, 9997, 1999, 5, 5, 5, 3, 5);
    /* U03: no participation rows: the gate gives nothing although 2 independent → 0.40. */
    set_unit(&x, 2, 0, 0, 0, 2, 0, 0, 0);
    /* U04: rate 1/3 ≥ 30% → 0.50, nothing else. */
    set_unit(&x, 3, 3, 1, 1, 0, 0, 0, 0);
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    bonus *b = apply_ok(r, &x.f);
    assert_int_equal(b->n_units, 4);
    static const int64_t want[4][5][3] = {   /* raw, capped, final per rule */
        {{120, 100, 100}, {60, 60, 60}, {20, 20, 20}, {30, 30, 30}, {30, 30, 30}},
        {{100, 100, 100}, {150, 150, 150}, {60, 60, 50}, {0, 0, 0}, {50, 50, 0}},
        {{40, 40, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {0, 0, 0}},
        {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}, {50, 50, 50}, {0, 0, 0}},
    };
    static const int64_t totals[4] = {240, 300, 0, 50};
    for (size_t u = 0; u < 4; u++) {
        for (size_t i = 0; i < 5; i++) {
            assert_int_equal(b->units[u].lines[i].raw_cents, want[u][i][0]);
            assert_int_equal(b->units[u].lines[i].capped_cents, want[u][i][1]);
            assert_int_equal(b->units[u].lines[i].final_cents, want[u][i][2]);
        }
        assert_int_equal(b->units[u].total_cents, totals[u]);
        assert_int_equal(b->units[u].gated_out, u == 2);
    }
    assert_string_equal(b->units[0].lines[0].reads, "activities_independent=6");
    assert_string_equal(b->units[0].lines[3].reads, "participation_rate=0.2000");
    assert_string_equal(b->units[1].lines[3].reads, "participation_rate=1999/9997≈0.199960");
    assert_string_equal(b->units[2].lines[3].reads, "participation_rate=未定义");
    assert_string_equal(b->units[3].lines[3].reads, "participation_rate=1/3≈0.333333");
    assert_string_equal(b->units[2].gate_reads, "person_times=0");
    assert_string_equal(b->units[0].gate_reads, "person_times=12");
    bonus_free(b);
    rules_free(r);
    buf_release(&err);
}

/* ---- every construct ------------------------------------------------------------- */

static void test_rounding_edges(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 1);
    set_unit(&x, 0, 10, 2, 3, 5, 0, 0, 0);
    x.fu[0].hours_tenths = 125;                         /* 12.5 hours */
    assert_int_equal(raw_of(&x, "0.1 * 3"), 30);        /* not 29.999… */
    assert_int_equal(raw_of(&x, "0.1 + 0.1 + 0.1"), 30);
    assert_int_equal(raw_of(&x, "0.1 × person_times"), 30);
    assert_int_equal(raw_of(&x, "0.005"), 1);           /* half up */
    assert_int_equal(raw_of(&x, "0.0049999"), 0);
    assert_int_equal(raw_of(&x, "0.015"), 2);
    assert_int_equal(raw_of(&x, "0.025"), 3);           /* half up, not to even */
    assert_int_equal(raw_of(&x, "1 / 3"), 33);
    assert_int_equal(raw_of(&x, "2 ÷ 3"), 67);
    assert_int_equal(raw_of(&x, "hours / 1000"), 1);    /* 0.0125 → 0.01 */
    assert_int_equal(raw_of(&x, "hours / 500"), 3);     /* 0.025 → 0.03 */
    assert_int_equal(raw_of(&x, "0.5%"), 1);            /* 0.005 */
    assert_int_equal(raw_of(&x, "-(1)"), 0);            /* points are never negative */
    assert_int_equal(raw_of(&x, "hours - 20"), 0);
    assert_int_equal(raw_of(&x, "1 / (person_times - 3)"), 0);   /* division by zero: none */
    assert_int_equal(raw_of(&x, "2 + 3 * 4 - 6 / 2"), 1100);    /* precedence: 2+12-3 */
    assert_int_equal(raw_of(&x, "(2 + 3) * 4"), 2000);
    assert_int_equal(raw_of(&x, "（2 + 3）* 4"), 2000);          /* full-width parentheses */
    assert_int_equal(raw_of(&x, "--2"), 200);
    assert_int_equal(raw_of(&x, "min(0.2 * activities_independent, 0.7, 5)"), 70);
    assert_int_equal(raw_of(&x, "max(0.2 * activities_independent, 0.7)"), 100);
    assert_int_equal(raw_of(&x, "最小(hours, 最大(1, 2))"), 200);
    assert_int_equal(raw_of(&x, "min(participation_rate, 1)"), 20);   /* 2/10 */
    /* a figure by its Chinese name reads the same figure as its key */
    assert_int_equal(raw_of(&x, "服务时长 / 500"), 3);                /* 12.5 hours */
    assert_int_equal(raw_of(&x, "min(党员志愿者参与率, 1)"), 20);
    assert_int_equal(raw_of(&x, "0.1 × 服务人次"), 30);
}

/* A misspelt name where a figure belongs is matched against the figures' names only:
   the hint is a figure (key or Chinese name), never a keyword such as 最小 or activities. */
static void test_figure_name_hints(void **state)
{
    (void)state;
    char *got = parse_problems(
        "rule a \"甲\"\n"
        "    points 0.1 * 服务时常\n"        /* 2: column 18 */
        "rule b \"乙\"\n"
        "    points activites_group\n"      /* 4: column 12 */
        "rule c \"丙\"\n"
        "    points 最少\n");                /* 6: nearer 最小 than any figure, yet a figure */
    assert_non_null(strstr(got, "t.rules:2:18: 没有叫“服务时常”的数据项：是不是“服务时长”？"));
    assert_non_null(strstr(got, "t.rules:4:12: 没有叫“activites_group”的数据项：是不是“activities_group”？"));
    assert_non_null(strstr(got, "t.rules:6:12: 没有叫“最少”的数据项"));
    assert_null(strstr(got, "是不是“最小”"));
    mem_free(got);
}

static void test_caps_total_and_gate(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 3);
    set_unit(&x, 0, 10, 2, 5, 5, 0, 0, 0);
    set_unit(&x, 1, 10, 2, 0, 7, 0, 0, 0);
    set_unit(&x, 2, 10, 2, 2, 1, 0, 0, 0);
    rules *r = parse_ok(
        "# caps and the total\n"
        "total_cap 1.25\n"
        "gate person_times > 0\n"
        "gate activities_independent >= 1   # two gate lines: both must hold\n"
        "rule a \"甲\"\n"
        "    points 0.2 * activities_independent\n"
        "    cap 1\n"
        "rule b \"乙\"\n"
        "    points 0.1 * person_times\n"
        "    cap 0.30\n"
        "rule c \"丙\"\n"
        "    points 0.05\n");
    assert_int_equal(rules_total_cap_cents(r), 125);
    assert_int_equal(rules_cap_cents(r, 0), 100);
    assert_int_equal(rules_cap_cents(r, 1), 30);
    assert_int_equal(rules_cap_cents(r, 2), -1);
    assert_string_equal(rules_gate_text(r), "person_times > 0；activities_independent >= 1");
    bonus *b = apply_ok(r, &x.f);
    /* U01: a = 1.00 (cap hit exactly), b = 0.50 → 0.30, c = 0.05; 1.35 > 1.25:
       a 1.00, b 0.25 (what is left), c 0. */
    assert_int_equal(b->units[0].lines[0].capped_cents, 100);
    assert_int_equal(b->units[0].lines[1].raw_cents, 50);
    assert_int_equal(b->units[0].lines[1].capped_cents, 30);
    assert_int_equal(b->units[0].lines[1].final_cents, 25);
    assert_int_equal(b->units[0].lines[2].final_cents, 0);
    assert_int_equal(b->units[0].total_cents, 125);
    /* U02: person_times 0: gated out though a = 1.40 → 1.00 */
    assert_int_equal(b->units[1].gated_out, 1);
    assert_int_equal(b->units[1].lines[0].raw_cents, 140);
    assert_int_equal(b->units[1].lines[0].capped_cents, 100);
    assert_int_equal(b->units[1].lines[0].final_cents, 0);
    assert_int_equal(b->units[1].total_cents, 0);
    assert_string_equal(b->units[1].gate_reads, "person_times=0; activities_independent=7");
    /* U03: 0.20 + 0.20 + 0.05 = 0.45, under every cap */
    assert_int_equal(b->units[2].total_cents, 45);
    assert_int_equal(b->units[2].gated_out, 0);
    bonus_free(b);
    rules_free(r);
}

static void test_conditions_and_tiers(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 3);
    set_unit(&x, 0, 10, 2, 12, 0, 0, 0, 0);
    x.fu[0].hours_tenths = 125;
    set_unit(&x, 1, 10, 3, 4, 0, 0, 0, 0);
    x.fu[1].hours_tenths = 300;
    set_unit(&x, 2, 0, 0, 40, 0, 0, 0, 0);
    x.fu[2].hours_tenths = 50;
    rules *r = parse_ok(
        "rule both \"且\"\n"
        "    when person_times >= 10 and not (hours < 5)\n"
        "    points 1\n"
        "规则 either \"或\"\n"
        "    条件 person_times < 5 或 hours = 5\n"
        "    得分 2\n"
        "rule up \"由低到高\"\n"
        "    tiers hours\n"
        "        >= 10 -> 0.1\n"
        "        > 12.5 -> 0.2\n"
        "        >= 30 -> 0.3 * 2\n"
        "rule down \"由高到低\"\n"
        "    分档 hours / person_times        # hours per person-time\n"
        "        ≤ 10 → 0.1\n"
        "        < 1.25 → 0.2\n"
        "rule undefined \"未定义的率\"\n"
        "    when not (participation_rate >= 0.2)\n"
        "    points 3\n"
        "rule ne \"不等\"\n"
        "    when participation_rate != 0.2 且 非 participation_rate == 0.3\n"
        "    points 4\n");
    bonus *b = apply_ok(r, &x.f);
    /* U01: 12 ≥ 10 and hours 12.5 ≥ 5 → 1; either: no → 0; up: 12.5 ≥ 10 but not > 12.5
       → 0.1; down: 12.5/12 ≈ 1.04 ≤ 10 and < 1.25 → 0.2; rate 0.2 → not → 0; ne: 0 */
    static const int64_t want[3][6] = {
        {100, 0, 10, 20, 0, 0},
        /* U02: 4 < 10 → 0; 4 < 5 → 2; 30 ≥ 30 → 0.6; 30/4 = 7.5 ≤ 10 → 0.1;
           rate 0.3 → 0; 0.3 ≠ 0.2 but = 0.3 → 0 */
        {0, 200, 60, 10, 0, 0},
        /* U03: 40 ≥ 10 but hours 5 is not < 5 → 1; hours = 5 → 2; 5 < 10 → 0;
           5/40 = 0.125 → 0.2; rate undefined: no comparison holds, so not(…) holds → 3;
           ne: undefined != 0.2 does not hold → 0 */
        {100, 200, 0, 20, 300, 0},
    };
    for (size_t u = 0; u < 3; u++)
        for (size_t i = 0; i < 6; i++)
            assert_int_equal(b->units[u].lines[i].raw_cents, want[u][i]);
    assert_string_equal(b->units[0].lines[0].reads, "person_times=12; hours=12.5");
    assert_string_equal(b->units[0].lines[3].reads, "hours=12.5; person_times=12");
    bonus_free(b);
    rules_free(r);
}

static void test_activity_counts(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2);
    /* A1 independent led by U01, 植树造林, 十个全覆盖, answers a demand.
       A2 group led by U02, U01 takes part.  A3 committee, U01 takes part, 十个全覆盖.
       A4 committee led by U01 but only U02 takes part.  A5 independent led by U02, U01
       takes part, 医疗卫生. */
    struct { activity_mode mode; int32_t lead, category, campaign, demand; } a[5] = {
        {MODE_INDEPENDENT, 0, 0, 0, 0}, {MODE_GROUP, 1, 1, LEDGER_NONE, LEDGER_NONE},
        {MODE_COMMITTEE, 1, 1, 0, LEDGER_NONE}, {MODE_COMMITTEE, 0, 0, LEDGER_NONE, LEDGER_NONE},
        {MODE_INDEPENDENT, 1, 1, LEDGER_NONE, LEDGER_NONE}};
    for (int i = 0; i < 5; i++) {
        x.acts[i].id = ACT_IDS[i];
        x.acts[i].mode = a[i].mode;
        x.acts[i].lead_unit = a[i].lead;
        x.acts[i].category = a[i].category;
        x.acts[i].campaign = a[i].campaign;
        x.acts[i].demand = a[i].demand;
    }
    x.l.n_activities = 5;
    static const uint32_t part[][2] = {{1, 0}, {1, 1}, {2, 0}, {3, 1}, {4, 0}, {4, 1}};  /* activity, unit */
    for (size_t i = 0; i < 6; i++) {
        x.parts[i].activity = part[i][0];
        x.parts[i].unit = part[i][1];
    }
    x.l.n_participation = 6;
    /* U01 leads A1, A4 and takes part in A2, A3, A5 */
    static const uint32_t u01[5] = {0 | FIGURES_LEADS, 1 | FIGURES_TOOK_PART,
                                    2 | FIGURES_TOOK_PART, 3 | FIGURES_LEADS,
                                    4 | FIGURES_TOOK_PART};
    for (uint32_t i = 0; i < 5; i++)
        x.lists[0][i] = u01[i];
    x.fu[0].n_activities = 5;
    set_unit(&x, 0, 10, 2, 3, 1, 1, 1, 1);
    rules *r = parse_ok(
        "rule ind \"独立\"\n    points 0.2 * activities_independent\n"
        "rule grp \"组团\"\n    points activities_group\n"
        "rule com \"工委\"\n    points activities_committee\n"
        "rule dem \"点菜\"\n    points demands_answered\n"
        "rule cov \"十个全覆盖\"\n    points 0.25 * activities(campaign=\"十个全覆盖\")\n"
        "rule tree \"植树\"\n    得分 活动数(服务类别=“植树造林”，专项行动=“十个全覆盖”)\n"
        "rule none \"无此专项\"\n    points activities(campaign=\"没有这个\") + 1\n"
        "rule all \"全部\"\n    points activities()\n"
        "rule mix \"混合\"\n    when activities(category=\"医疗卫生\") >= 3\n    points activities_group + activities_independent\n");
    bonus *b = apply_ok(r, &x.f);
    const bonus_line *l = b->units[0].lines;
    static const int64_t raw[] = {20, 100, 100, 100, 50, 100, 100, 500, 200};
    for (size_t i = 0; i < 9; i++)
        assert_int_equal(l[i].raw_cents, raw[i]);
    /* the activities that counted */
    assert_int_equal(l[0].n_activities, 1); assert_int_equal(l[0].activities[0], 0);   /* A1 */
    assert_int_equal(l[1].n_activities, 1); assert_int_equal(l[1].activities[0], 1);   /* A2 */
    assert_int_equal(l[2].n_activities, 1); assert_int_equal(l[2].activities[0], 2);   /* A3, not A4 */
    assert_int_equal(l[3].n_activities, 1); assert_int_equal(l[3].activities[0], 0);   /* A1 */
    assert_int_equal(l[4].n_activities, 2);
    assert_int_equal(l[4].activities[0], 0); assert_int_equal(l[4].activities[1], 2);  /* A1, A3 */
    assert_int_equal(l[5].n_activities, 1); assert_int_equal(l[5].activities[0], 0);
    assert_int_equal(l[6].n_activities, 0);
    assert_int_equal(l[7].n_activities, 5);
    /* mix reads 医疗卫生 (A2, A3, A5), group (A2), independent (A1): A1, A2, A3, A5 */
    assert_int_equal(l[8].n_activities, 4);
    assert_int_equal(l[8].activities[3], 4);
    assert_string_equal(l[4].reads, "activities(campaign=十个全覆盖)=2");
    assert_string_equal(l[5].reads, "activities(category=植树造林,campaign=十个全覆盖)=1");
    assert_string_equal(l[8].reads, "activities(category=医疗卫生)=3; activities_group=1; activities_independent=1");
    /* U02 has no activities listed: counts are 0, nothing counted */
    assert_int_equal(b->units[1].lines[4].raw_cents, 0);
    assert_int_equal(b->units[1].lines[4].n_activities, 0);
    bonus_free(b);
    rules_free(r);
}

/* 工委统一组织 activities a unit leads: counted only where it also has a participation
   row. U01 leads A1 (only U02 takes part) and A2 (U01 takes part too): some of its own
   with a row, some without. U02 leads A3 (only U01 takes part): none of its own with a
   row. And the same with more rules than one 64-bit word holds. */
static void test_committee_led_without_taking_part(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2);
    struct { activity_mode mode; int32_t lead, category; } a[4] = {
        {MODE_COMMITTEE, 0, 1}, {MODE_COMMITTEE, 0, 0}, {MODE_COMMITTEE, 1, 0}, {MODE_GROUP, 1, 0}};
    for (int i = 0; i < 4; i++) {
        x.acts[i].id = ACT_IDS[i];
        x.acts[i].mode = a[i].mode;
        x.acts[i].lead_unit = a[i].lead;
        x.acts[i].category = a[i].category;
        x.acts[i].campaign = LEDGER_NONE;
        x.acts[i].demand = LEDGER_NONE;
    }
    x.l.n_activities = 4;
    /* activity, unit */
    static const uint32_t part[][2] = {{0, 1}, {1, 0}, {1, 1}, {2, 0}, {3, 0}};
    for (size_t i = 0; i < 5; i++) {
        x.parts[i].activity = part[i][0];
        x.parts[i].unit = part[i][1];
    }
    x.l.n_participation = 5;
    /* both units: all four (led or with a row); U01 leads A1 (no row) and A2 (a row),
       U02 leads A3 and A4 (no row in either) */
    const uint32_t L = FIGURES_LEADS, T = FIGURES_TOOK_PART;
    const uint32_t lists[2][4] = {{0 | L, 1 | L | T, 2 | T, 3 | T}, {0 | T, 1 | T, 2 | L, 3 | L}};
    for (uint32_t u = 0; u < 2; u++) {
        for (uint32_t i = 0; i < 4; i++)
            x.lists[u][i] = lists[u][i];
        x.fu[u].n_activities = 4;
    }
    /* committee activities with a row: U01 A2, A3; U02 A1, A2 */
    set_unit(&x, 0, 10, 2, 3, 0, 1, 2, 0);
    set_unit(&x, 1, 10, 2, 2, 0, 1, 2, 0);
    rules *r = parse_ok("rule com \"工委\"\n    points activities_committee\n");
    bonus *b = apply_ok(r, &x.f);
    const bonus_line *l0 = &b->units[0].lines[0], *l1 = &b->units[1].lines[0];
    assert_int_equal(l0->raw_cents, 200);
    assert_int_equal(l0->n_activities, 2);
    assert_int_equal(l0->activities[0], 1); assert_int_equal(l0->activities[1], 2);  /* A2, A3 */
    assert_int_equal(l1->n_activities, 2);
    assert_int_equal(l1->activities[0], 0); assert_int_equal(l1->activities[1], 1);  /* A1, A2 */
    bonus_free(b);
    rules_free(r);

    /* 69 rules on activities_group, the 70th on committee and 医疗卫生 (A1) */
    char text[8192];
    size_t n = 0;
    for (int i = 1; i <= 69; i++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "rule g%d \"组团\"\n    points activities_group\n", i);
    snprintf(text + n, sizeof text - n,
             "rule last \"末\"\n    when activities_committee >= 0\n    points activities(category=\"医疗卫生\")\n");
    r = parse_ok(text);
    assert_int_equal(rules_count(r), 70);
    b = apply_ok(r, &x.f);
    for (size_t u = 0; u < 2; u++) {
        for (size_t i = 0; i < 69; i++) {
            const bonus_line *g = &b->units[u].lines[i];
            assert_int_equal(g->n_activities, 1);
            assert_int_equal(g->activities[0], 3);               /* A4 */
        }
        const bonus_line *last = &b->units[u].lines[69];
        assert_int_equal(last->raw_cents, 100);
        assert_string_equal(last->reads, "activities_committee=2; activities(category=医疗卫生)=1");
        /* A1 by 医疗卫生, A2, and for U01 A3 (U02 leads A3 without a row) */
        assert_int_equal(last->n_activities, u == 0 ? 3 : 2);
        for (size_t k = 0; k < last->n_activities; k++)
            assert_int_equal(last->activities[k], k);
    }
    bonus_free(b);
    rules_free(r);
}

static void test_language_forms(void **state)
{
    (void)state;
    /* BOM, CRLF, comments everywhere, blank lines, full-width space, both quote styles */
    rules *r = parse_ok("\xEF\xBB\xBF# 说明\r\n\r\n规则 甲乙 “中文编号”  # 注释\r\n"
                        "\xE3\x80\x80得分 1   ＃ 全角井号也是注释\r\n"
                        "rule b_2 \"x\"\npoints 1\n");
    assert_int_equal(rules_count(r), 2);
    assert_string_equal(rules_id(r, 0), "甲乙");
    assert_string_equal(rules_label(r, 0), "中文编号");
    assert_string_equal(rules_id(r, 1), "b_2");
    assert_null(rules_gate_text(r));
    assert_int_equal(rules_total_cap_cents(r), -1);
    rules_free(r);
}

/* ---- mistakes: every problem, with its line and column (counted by hand) ---------- */

/* Asserts that `problems` has exactly the lines given, each starting with the position
   and containing the fragment. */
static void expect_problems(const char *problems, const char *const (*want)[2], size_t n)
{
    const char *p = problems;
    for (size_t i = 0; i < n; i++) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        char line[1024];
        size_t len = (size_t)(nl - p);
        assert_true(len < sizeof line);
        memcpy(line, p, len);
        line[len] = '\0';
        if (strncmp(line, want[i][0], strlen(want[i][0])) != 0 || !strstr(line, want[i][1]))
            fail_msg("problem %zu: want \"%s…%s\", got \"%s\"", i, want[i][0], want[i][1], line);
        p = nl + 1;
    }
    if (*p)
        fail_msg("more problems than expected: %s", p);
}

static void test_errors_all_reported(void **state)
{
    (void)state;
    char *got = parse_problems(
        "规则 a \"甲\"\n"                  /* 1 */
        "    得分 0.2 * hourz\n"           /* 2: hourz at column 14 (4 spaces, 得分, space, 0.2, space, *, space) */
        "规则 b \"乙\"\n"                  /* 3 */
        "    得分 (hours + 1\n"            /* 4: the ( at column 8 */
        "规则 c \"丙\"\n"                  /* 5 */
        "    分档 hours\n"                 /* 6 */
        "        >= 10 -> 1\n"             /* 7 */
        "        >= 5 -> 0.5\n"            /* 8: 8 spaces, >=, space: the 5 at column 12 */
        "规则 d \"丁\"\n"                  /* 9 */
        "    得分 1\n"                     /* 10 */
        "    上限 -0.5\n"                  /* 11: the minus at column 8 */
        "规则 a \"戊\"\n"                  /* 12: the id a at column 4 */
        "    得分 1\n"                     /* 13 */
        "规则 e \"己\"\n"                  /* 14 */
        "    pionts 1\n"                   /* 15: column 5 */
        "规则 f\n"                         /* 16: the label belongs at column 5 */
        "    得分 1\n");                   /* 17 */
    static const char *const want[][2] = {
        {"t.rules:2:14: ", "“hours”"},
        {"t.rules:4:8: ", "括号不配对"},
        {"t.rules:8:12: ", "分档顺序不对"},
        {"t.rules:11:8: ", "不能是负数"},
        {"t.rules:12:4: ", "重复了：第 1 行"},
        {"t.rules:15:5: ", "是不是“points”"},
        {"t.rules:16:5: ", "缺少中文名称"},
    };
    expect_problems(got, want, sizeof want / sizeof want[0]);
    mem_free(got);
}

static void test_errors_more(void **state)
{
    (void)state;
    char *got = parse_problems(
        "total_cap 3\n"                            /* 1 */
        "total_cap 2\n"                            /* 2: twice, at column 1 */
        "gate person_times\n"                      /* 3: a number where a condition is needed: column 6 */
        "rule x \"\"\n"                            /* 4: empty label, the quote at column 8 */
        "    points min(hours))\n"                 /* 5: a ) too many at column 22 */
        "    cap 0.125\n"                          /* 6: three decimals: the number at column 9 */
        "    得份 1\n"                             /* 7: unknown keyword at column 5, nearest 得分 */
        "rule y \"乙\"\n"                          /* 8 */
        "    points 1\n"                           /* 9 */
        "    points 2 +\n"                         /* 10: a second points, column 5 */
        "    >= 3 -> 1\n"                          /* 11: a tier without tiers, column 5 */
        "rule z \"丙\"\n"                          /* 12 */
        "    tiers hours\n"                        /* 13 */
        "        >= 1 -> 1\n"                      /* 14 */
        "        <= 5 -> 2\n"                      /* 15: direction changes at column 9 */
        "        == 7 -> 2\n"                      /* 16: == is no tier, column 9 */
        "    when 1 < hours < 3\n"                 /* 17: a second comparison at column 20 */
        "    points 1 ＋ 2\n"                      /* 18: full-width plus at column 14 */
        "    when activities(kind=\"x\") > 1\n"    /* 19: unknown filter at column 21 */
        "    when bonus_points > 1\n"              /* 20: column 10 */
        "    when hours > 1 and 2\n"               /* 21: a number after and, column 24 */
        "    when hours >\n"                       /* 22: the line ends at column 17 */
        "    when \"abc\n");                       /* 23: the quote opens at column 10 */
    static const char *const want[][2] = {
        {"t.rules:2:1: ", "总分上限写了两次"},
        {"t.rules:3:6: ", "需要一个条件"},
        {"t.rules:4:8: ", "中文名称是空的"},
        {"t.rules:5:22: ", "括号不配对"},
        {"t.rules:6:9: ", "最多两位小数"},
        {"t.rules:7:5: ", "是不是“得分”"},
        {"t.rules:10:5: ", "已经写过得分"},
        {"t.rules:11:5: ", "前面没有“分档"},
        {"t.rules:15:9: ", "方向要一致"},
        {"t.rules:16:9: ", "分档只能用"},
        {"t.rules:17:20: ", "一次只能比较两个数"},
        {"t.rules:18:14: ", "全角字符"},
        {"t.rules:19:21: ", "不认识“kind”"},
        {"t.rules:20:10: ", "bonus_points"},
        {"t.rules:21:24: ", "需要一个条件"},
        {"t.rules:22:17: ", "这一行已经结束"},
        {"t.rules:23:10: ", "引号没有结束"},
    };
    expect_problems(got, want, sizeof want / sizeof want[0]);
    mem_free(got);
}

/* Every full-width character of a line is reported, not only the first (issue 14). */
static void test_errors_every_fullwidth(void **state)
{
    (void)state;
    /* line 3: two spaces, "when" at 3-6, "hours" at 8-12, ＞ at 14, 1 at 16, ＋ at 18 */
    char *got = parse_problems("rule a \"x\"\n  points 1\n  when hours \xEF\xBC\x9E 1 \xEF\xBC\x8B 2\n");
    static const char *const want[][2] = {{"t.rules:3:14: ", "“＞”是全角字符：请改用半角的“>”"},
                                          {"t.rules:3:18: ", "“＋”是全角字符：请改用半角的“+”"}};
    expect_problems(got, want, 2);
    mem_free(got);
}

static void test_errors_empty_and_unreadable(void **state)
{
    (void)state;
    char *got = parse_problems("# 只有注释\n\n");
    static const char *const want[][2] = {{"t.rules:1:1: ", "没有任何规则"}};
    expect_problems(got, want, 1);
    mem_free(got);
    got = parse_problems("rule a \"x\"\nrule b \"y\"\n  tiers hours\n");
    static const char *const want1[][2] = {{"t.rules:1:1: ", "没有写怎样得分"},
                                           {"t.rules:2:1: ", "下面没有任何档"}};
    expect_problems(got, want1, 2);
    mem_free(got);
    got = parse_problems("rule a \"x\"\n  points 1\n  points\xff\n");
    static const char *const want2[][2] = {{"t.rules:3:9: ", "UTF-8"}};
    expect_problems(got, want2, 1);
    mem_free(got);
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load("/nonexistent/x.rules", &r, &err), TZ_NOINPUT);
    assert_null(r);
    assert_non_null(strstr(err.data, "/nonexistent/x.rules"));
    buf_release(&err);
}

static void test_overflow_refused(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 1);
    set_unit(&x, 0, 10, 2, 3, 5, 0, 0, 0);
    rules *r = parse_ok("rule big \"大\"\n    points 999999999999999999 * 999999999999999999 * person_times\n");
    bonus *b = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_apply_err(r, &x.f, &b, &err), TZ_CONFIG);
    assert_null(b);
    assert_non_null(strstr(err.data, "t.rules:1:1: "));
    buf_release(&err);
    rules_free(r);

    /* each unit's total fits (5·10^16 points = 5·10^18 cents), their sum does not
       (10^19 > 2^63 − 1): refused at the second unit */
    fixture y;
    fixture_init(&y, 2);
    set_unit(&y, 0, 10, 2, 3, 5, 0, 0, 0);
    set_unit(&y, 1, 10, 2, 3, 5, 0, 0, 0);
    r = parse_ok("rule big \"大\"\n    points 50000000000000000\n");
    err = (buf)BUF_INIT;
    assert_int_equal(rules_apply_err(r, &y.f, &b, &err), TZ_CONFIG);
    assert_null(b);
    assert_non_null(strstr(err.data, "t.rules: 到单位 U02 为止，各单位加分的合计超出了计算范围"));
    buf_release(&err);
    rules_free(r);
}

/* Out of memory at every allocation in turn: a clean TZ_NOMEM, nothing leaked (the
   sanitizer run checks leaks). */
static void test_out_of_memory(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2);
    set_unit(&x, 0, 10, 2, 3, 5, 0, 0, 0);
    set_unit(&x, 1, 10, 2, 0, 5, 0, 0, 0);
    for (long n = 1; n < 400; n++) {
        rules *r = NULL;
        bonus *b = NULL;
        buf err = BUF_INIT;
        mem_fail_after(n);
        tz_status st = rules_load_default(&r, &err);
        if (st == TZ_OK)
            st = rules_apply(r, &x.f, &b);
        mem_fail_after(0);
        assert_true(st == TZ_OK || st == TZ_NOMEM);
        bonus_free(b);
        rules_free(r);
        buf_release(&err);
        if (st == TZ_OK)
            return;
    }
    fail_msg("still failing after 400 allocations");
}

static void test_unused_names(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 1);
    x.l.year = 2025;
    rules *r = parse_ok(
        "rule a \"甲\"\n"
        "    points 0.1 * activities(campaign=\"十个全复盖\")\n"     /* line 2, activities at 18 */
        "rule b \"乙\"\n"
        "    points activities(category=\"植树造林\", campaign=\"十个全覆盖\")\n"   /* all used */
        "rule c \"丙\"\n"
        "    when 活动数(服务类别=\"医疗\") > 0\n"                     /* line 6, 活动数 at 10 */
        "    points 1\n");
    buf warn = BUF_INIT;
    assert_int_equal(rules_unused_names(r, &x.l, &warn), 2);
    assert_string_equal(warn.data,
        "t.rules:2:18: 注意：专项行动“十个全复盖”在 2025 年的台账里没有出现，这一项对所有单位都数出 0；是不是“十个全覆盖”？\n"
        "t.rules:6:10: 注意：服务类别“医疗”在 2025 年的台账里没有出现，这一项对所有单位都数出 0；是不是“医疗卫生”？\n");
    buf_release(&warn);
    rules_free(r);
}

/* Thousands of damaged copies of the default rules (bytes changed, dropped, doubled, by a
   fixed pseudo-random sequence): each is either accepted or refused with problems, never
   a crash (the sanitizer run checks memory). */
static void test_damaged_files(void **state)
{
    (void)state;
    FILE *fp = fopen("rules/default.rules", "rb");
    assert_non_null(fp);
    char base[8192], text[8200];
    size_t n = fread(base, 1, sizeof base, fp);
    fclose(fp);
    static const char pieces[] = "()\"“”#-><=!%.,0123456789 \nab规则得分上限且";
    uint32_t seed = 12345;
    fixture x;
    fixture_init(&x, 1);
    set_unit(&x, 0, 10, 2, 3, 5, 0, 0, 0);
    size_t refused = 0;
    for (int round = 0; round < 3000; round++) {
        memcpy(text, base, n);
        size_t len = n;
        for (int k = 0; k < 3; k++) {
            seed = seed * 1103515245u + 12345u;
            size_t at = (seed >> 8) % len;
            seed = seed * 1103515245u + 12345u;
            switch ((seed >> 16) % 3) {
            case 0: text[at] = pieces[(seed >> 4) % (sizeof pieces - 1)]; break;
            case 1: memmove(text + at, text + at + 1, len - at - 1); len--; break;
            default:
                if (len < sizeof text) {
                    memmove(text + at + 1, text + at, len - at);
                    len++;
                }
            }
        }
        rules *r = NULL;
        buf err = BUF_INIT;
        tz_status st = rules_parse("t.rules", text, len, &r, &err);
        assert_true(st == TZ_OK || st == TZ_CONFIG);
        if (st == TZ_OK) {
            bonus *b = NULL;
            tz_status st2 = rules_apply(r, &x.f, &b);
            assert_true(st2 == TZ_OK || st2 == TZ_CONFIG);
            bonus_free(b);
        } else {
            assert_non_null(err.data);
            assert_non_null(strstr(err.data, "t.rules:"));
            refused++;
        }
        rules_free(r);
        buf_release(&err);
    }
    assert_true(refused > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rat),
        cmocka_unit_test(test_figure_name_hints),
        cmocka_unit_test(test_default_rules_embedded),
        cmocka_unit_test(test_default_rules_points),
        cmocka_unit_test(test_rounding_edges),
        cmocka_unit_test(test_caps_total_and_gate),
        cmocka_unit_test(test_conditions_and_tiers),
        cmocka_unit_test(test_activity_counts),
        cmocka_unit_test(test_committee_led_without_taking_part),
        cmocka_unit_test(test_language_forms),
        cmocka_unit_test(test_errors_all_reported),
        cmocka_unit_test(test_errors_more),
        cmocka_unit_test(test_errors_every_fullwidth),
        cmocka_unit_test(test_errors_empty_and_unreadable),
        cmocka_unit_test(test_overflow_refused),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_unused_names),
        cmocka_unit_test(test_damaged_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
