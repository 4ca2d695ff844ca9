/* tests/unit/test_explain.c — output/explain: the text of `taizhang explain` for units
   filled by hand: every number of the expected lines worked out by hand, every line at
   most 80 terminal columns with Chinese characters counted 2. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>

#include "base/mem.h"
#include "output/explain.h"
#include "tests/unit/rules_fixture.h"

static void test_display_width(void **state)
{
    (void)state;
    assert_int_equal(explain_display_width("abc", 3), 3);
    assert_int_equal(explain_display_width("单位", strlen("单位")), 4);
    assert_int_equal(explain_display_width("（1）", strlen("（1）")), 5);   /* full-width parens */
    assert_int_equal(explain_display_width("\xff" "a", 2), 2);            /* a stray byte: 1 */
    /* overlong forms are not characters (base/utf8): each byte one column */
    assert_int_equal(explain_display_width("\xC0\x80", 2), 2);
    assert_int_equal(explain_display_width("\xE0\x80\xAF", 3), 3);
    assert_int_equal(explain_display_width("\xED\xA0\x80", 3), 3);     /* a surrogate */
}

/* Asserts that every line of text fits in EXPLAIN_WIDTH columns. */
static void assert_fits(const char *text)
{
    const char *p = text;
    while (*p) {
        const char *nl = strchr(p, '\n');
        assert_non_null(nl);
        size_t w = explain_display_width(p, (size_t)(nl - p));
        if (w > EXPLAIN_WIDTH)
            fail_msg("line of width %zu: %.*s", w, (int)(nl - p), p);
        p = nl + 1;
    }
}

static char NAME[] = "市直属机关工委某某局机关党委第一党支部（很长的名称用来测试换行是否正确）";

static void test_explain_unit(void **state)
{
    (void)state;
    fixture x;
    fixture_init(&x, 2);
    /* U01: 40 independent activities A1…A40 led by U01 → 8.00 raw, cap 1.00;
       rate 3/10 → 0.50; total 1.50. */
    set_unit(&x, 0, 10, 3, 50, 40, 0, 0, 0);
    x.units[0].name = NAME;
    for (uint32_t i = 0; i < 40; i++) {
        x.acts[i].id = ACT_IDS[i];
        x.acts[i].mode = MODE_INDEPENDENT;
        x.acts[i].lead_unit = 0;
        x.acts[i].campaign = LEDGER_NONE;
        x.acts[i].demand = LEDGER_NONE;
        x.lists[0][i] = i | FIGURES_LEADS;
    }
    x.l.n_activities = 40;
    x.fu[0].n_activities = 40;
    /* U02: gated out */
    set_unit(&x, 1, 10, 3, 0, 0, 0, 0, 0);
    rules *r = NULL;
    bonus *b = NULL;
    buf err = BUF_INIT, out = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    assert_int_equal(rules_apply(r, &x.f, &b), TZ_OK);
    assert_int_equal(explain_unit(&out, b, &x.f, 0), 0);
    if (getenv("TZ_SHOW"))
        fputs(out.data, stderr);
    assert_fits(out.data);
    assert_non_null(strstr(out.data, "单位 U01 市直属机关工委"));
    assert_non_null(strstr(out.data, "规则文件：(内置默认规则)\n"));
    /* the unit's figures by their Chinese names, before the rules: 10 party members,
       3 of them volunteers, rate 3/10 */
    assert_non_null(strstr(out.data, "的考核加分\n本单位的数据：\n  党员人数 10\n"));
    assert_non_null(strstr(out.data, "\n  党员志愿者参与率 0.3000\n"));
    assert_non_null(strstr(out.data, "\n  服务人次 50\n"));
    assert_non_null(strstr(out.data, "\n  独立开展活动数 40\n"));
    assert_non_null(strstr(out.data, "\n  捐赠金额 0.00 元\n规则文件："));
    assert_non_null(strstr(out.data, "门槛：person_times > 0\n  满足（person_times=50）\n"));
    assert_non_null(strstr(out.data, "\n1. 独立开展志愿服务（independent）\n"));
    assert_non_null(strstr(out.data, "   读取的数据：activities_independent=40\n"));
    assert_non_null(strstr(out.data, "   计入的活动（40 项）：A1 A2 A3"));
    assert_non_null(strstr(out.data, " A40\n"));
    assert_non_null(strstr(out.data, "\n    A"));     /* the list is wrapped, indented */
    assert_non_null(strstr(out.data, "   原始得分 8.00，本条上限 1.00，上限后 1.00，总分上限后 1.00\n"));
    assert_non_null(strstr(out.data, "   计入的活动（0 项）：（无）\n"));   /* group: reads a count, none */
    assert_non_null(strstr(out.data, "   读取的数据：participation_rate=0.3000\n"));
    assert_non_null(strstr(out.data, "   原始得分 0.50，本条不设上限，上限后 0.50，总分上限后 0.50\n"));
    assert_non_null(strstr(out.data, "\n合计：1.50 分（总分上限 3.00）\n"));
    /* every activity id appears once, in order */
    const char *p = out.data;
    for (uint32_t i = 0; i < 40; i++) {
        char id[16];
        snprintf(id, sizeof id, "A%u", i + 1);
        const char *q = strstr(p, id);
        assert_non_null(q);
        p = q + strlen(id);
    }
    buf_clear(&out);
    assert_int_equal(explain_unit(&out, b, &x.f, 1), 0);
    assert_fits(out.data);
    assert_non_null(strstr(out.data, "  不满足（person_times=0）：本单位不加分"));
    assert_non_null(strstr(out.data, "   原始得分 0.50，本条不设上限，上限后 0.50，总分上限后 0.00\n"));
    assert_non_null(strstr(out.data, "\n合计：0.00 分（总分上限 3.00）\n"));
    /* out of memory at each allocation in turn */
    for (long n = 1; n < 300; n++) {
        buf o = BUF_INIT;
        mem_fail_after(n);
        int rc = explain_unit(&o, b, &x.f, 0);
        mem_fail_after(0);
        buf_release(&o);
        if (rc == 0)
            break;
    }
    buf_release(&out);
    buf_release(&err);
    bonus_free(b);
    rules_free(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_display_width),
        cmocka_unit_test(test_explain_unit),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
