/* tests/unit/test_bonus_audit.c — output/bonus_audit: tables/bonus_audit.csv for the
   default rules on two units filled by hand; the expected table is written out by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "base/mem.h"
#include "output/bonus_audit.h"
#include "tests/unit/rules_fixture.h"

static char ID_U02[] = "U02", ID_U01[] = "U01";

static void test_audit_table(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2);
    /* ledger order U02, U01: the table is in unit_id byte order, U01 first */
    x.units[0].id = ID_U02;
    x.units[1].id = ID_U01;
    /* U02: rate 2/10 = 0.20 → tier ≥20% gives 0.30; nothing else */
    set_unit(&x, 0, 10, 2, 4, 0, 0, 0, 0);
    /* U01: no participation rows (gated out), one independent activity A1 → 0.20 raw,
       0 after the gate; no party members → the rate is undefined */
    set_unit(&x, 1, 0, 0, 0, 1, 0, 0, 0);
    x.acts[0].id = ACT_IDS[0];
    x.acts[0].mode = MODE_INDEPENDENT;
    x.acts[0].lead_unit = 1;
    x.acts[0].campaign = LEDGER_NONE;
    x.acts[0].demand = LEDGER_NONE;
    x.l.n_activities = 1;
    x.lists[1][0] = 0 | FIGURES_LEADS;     /* led, no participation row */
    x.fu[1].n_activities = 1;

    rules *r = NULL;
    bonus *b = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    assert_int_equal(rules_apply(r, &x.f, &b), TZ_OK);
    csvw w;
    assert_int_equal(csvw_begin(&w, 1), 0);
    assert_int_equal(bonus_audit_table(&w, b, &x.f), 0);
    const char *want =
        "\xEF\xBB\xBF"
        "unit_id,rule_id,rule_label,figures_read,raw_points,capped_points,final_points,activities_counted,gate\r\n"
        "U01,independent,独立开展志愿服务,activities_independent=1,0.20,0.20,0.00,A1,未通过：person_times=0\r\n"
        "U01,group,参与组团服务,activities_group=0,0.00,0.00,0.00,,未通过：person_times=0\r\n"
        "U01,committee,参加工委统一组织活动,activities_committee=0,0.00,0.00,0.00,,未通过：person_times=0\r\n"
        "U01,participation,党员志愿者参与率,participation_rate=未定义,0.00,0.00,0.00,,未通过：person_times=0\r\n"
        "U01,demands,响应群众点菜需求,demands_answered=0,0.00,0.00,0.00,,未通过：person_times=0\r\n"
        "U02,independent,独立开展志愿服务,activities_independent=0,0.00,0.00,0.00,,通过：person_times=4\r\n"
        "U02,group,参与组团服务,activities_group=0,0.00,0.00,0.00,,通过：person_times=4\r\n"
        "U02,committee,参加工委统一组织活动,activities_committee=0,0.00,0.00,0.00,,通过：person_times=4\r\n"
        "U02,participation,党员志愿者参与率,participation_rate=0.2000,0.30,0.30,0.30,,通过：person_times=4\r\n"
        "U02,demands,响应群众点菜需求,demands_answered=0,0.00,0.00,0.00,,通过：person_times=4\r\n";
    assert_int_equal(w.out.len, strlen(want));
    assert_memory_equal(w.out.data, want, w.out.len);
    csvw_release(&w);

    /* out of memory at each allocation in turn: -1, never a crash */
    for (long n = 1; n < 200; n++) {
        csvw w2;
        mem_fail_after(n);
        int rc = csvw_begin(&w2, 1) == 0 ? bonus_audit_table(&w2, b, &x.f) : -1;
        mem_fail_after(0);
        csvw_release(&w2);
        if (rc == 0)
            break;
    }
    bonus_free(b);
    rules_free(r);
    buf_release(&err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_audit_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
