/* tests/unit/test_skills.c — rules/skills (the skills map) and pipeline/supply's list
   splitting, on text and a ledger built in memory: each problem with its place, the hint,
   the categories a skill serves, the notice of unmapped skills. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "input/ledger.h"
#include "pipeline/figures.h"
#include "pipeline/supply.h"
#include "rules/skills.h"
#include "rules/suggest.h"

static const char *const CATEGORIES[] = {"医疗卫生", "畜牧养殖", "疫病防治", "法律宣传"};

/* A ledger of four categories and the volunteers' 特长 cells given. */
static ledger ledger_of(const char *const *skills, size_t n, ledger_volunteer *v)
{
    ledger l;
    memset(&l, 0, sizeof l);
    l.year = 2025;
    l.categories = (char **)CATEGORIES;
    l.n_categories = 4;
    memset(v, 0, n * sizeof *v);
    for (size_t i = 0; i < n; i++)
        v[i].skills = (char *)skills[i];
    l.volunteers = v;
    l.n_volunteers = n;
    return l;
}

static char *problems_n(const char *text, size_t len)
{
    skills_map *m = NULL;
    buf err = BUF_INIT;
    assert_int_equal(skills_parse("s.map", text, len, &m, &err), TZ_CONFIG);
    assert_null(m);
    assert_non_null(err.data);
    return buf_steal(&err);
}

static char *problems(const char *text)
{
    return problems_n(text, strlen(text));
}

static void test_categories_of_a_skill(void **state)
{
    (void)state;
    /* a BOM, a comment, both arrows, every separator, a category twice on a line */
    const char *text = "\xEF\xBB\xBF# 对照\n医疗护理、急救 → 医疗卫生，医疗卫生\n"
                       "兽医 -> 疫病防治;畜牧养殖  # 两类\n\n法律咨询/蒙汉双语翻译 → 法律宣传\n";
    skills_map *m = NULL;
    buf err = BUF_INIT, notice = BUF_INIT;
    assert_int_equal(skills_parse("s.map", text, strlen(text), &m, &err), TZ_OK);
    const char *cells[] = {"急救", "兽医、厨艺", "厨艺,厨艺 花艺", ""};
    ledger_volunteer v[4];
    ledger l = ledger_of(cells, 4, v);
    assert_int_equal(skills_bind(m, &l, &err, &notice), TZ_OK);
    assert_null(err.data);
    const int32_t *cats;
    assert_int_equal(skills_categories(m, "急救", strlen("急救"), &cats), 1);
    assert_int_equal(cats[0], 0);
    /* 兽医 → 疫病防治 (2), 畜牧养殖 (1): ascending, once each */
    assert_int_equal(skills_categories(m, "兽医", strlen("兽医"), &cats), 2);
    assert_int_equal(cats[0], 1);
    assert_int_equal(cats[1], 2);
    assert_int_equal(skills_categories(m, "蒙汉双语翻译", strlen("蒙汉双语翻译"), &cats), 1);
    assert_int_equal(cats[0], 3);
    assert_int_equal(skills_categories(m, "厨艺", strlen("厨艺"), &cats), 0);
    /* 厨艺: two volunteers (the third writes it twice: once); 花艺 one; most first */
    assert_string_equal(notice.data, "s.map: 注意：台账中有 2 种特长没有写进特长对照，不计入任何"
                                     "服务类别：厨艺（2 人）、花艺（1 人）\n");
    buf_release(&notice);
    skills_free(m);
}

static void test_problems_with_their_place(void **state)
{
    (void)state;
    char *p = problems("急救 医疗卫生\n → 医疗卫生\n急救 →\n急救 → 医疗卫生 → 法律宣传\n"
                       "急救 → 医疗卫生\n急救 → 疫病防治\n");
    /* line 1 has no arrow; 2 none before it; 3 none after; 4 two arrows (the second at
       column 11); 6 repeats the skill of line 5 */
    assert_non_null(strstr(p, "s.map:1:1: 这一行没有“→”：应写成“急救 → 服务类别”"));
    assert_non_null(strstr(p, "s.map:2:2: “→”前面没有特长"));
    assert_non_null(strstr(p, "s.map:3:4: “→”后面没有服务类别"));
    assert_non_null(strstr(p, "s.map:4:11: 一行只能有一个“→”"));
    assert_non_null(strstr(p, "s.map:6:1: 特长“急救”在第 5 行已经写过"));
    assert_true(strstr(p, "s.map:1:") < strstr(p, "s.map:6:"));
    mem_free(p);
    p = problems("# 只有注释\n");
    assert_non_null(strstr(p, "s.map:1:1: 对照文件里没有任何对照"));
    mem_free(p);
    p = problems("急救 → \xE5\x8C\n");
    assert_non_null(strstr(p, "s.map:1:6: 这里的字节不是有效的 UTF-8 文字"));
    mem_free(p);
    static const char nul[] = "急救 → 医疗\0卫生\n";
    p = problems_n(nul, sizeof nul - 1);
    assert_non_null(strstr(p, "s.map:1:1: 这一行里有空字符（NUL）"));
    mem_free(p);
}

static void test_unknown_category_refused_with_hint(void **state)
{
    (void)state;
    const char *text = "医疗护理 → 医疗卫生\n兽医 → 畜牧养值、疫病防治\n";
    skills_map *m = NULL;
    buf err = BUF_INIT;
    assert_int_equal(skills_parse("s.map", text, strlen(text), &m, &err), TZ_OK);
    const char *cells[] = {"兽医"};
    ledger_volunteer v[1];
    ledger l = ledger_of(cells, 1, v);
    assert_int_equal(skills_bind(m, &l, &err, NULL), TZ_CONFIG);
    /* 兽(1)医(2) (3)→(4) (5)畜(6) */
    assert_non_null(strstr(err.data, "s.map:2:6: “畜牧养值”不是台账的服务类别；是不是“畜牧养殖”？"));
    assert_null(strstr(err.data, "疫病防治"));
    buf_release(&err);
    skills_free(m);
}

static void test_numbers_never_shown(void **state)
{
    (void)state;
    const char *text = "急救 → 医疗卫生\n";
    skills_map *m = NULL;
    buf err = BUF_INIT, notice = BUF_INIT;
    assert_int_equal(skills_parse("s.map", text, strlen(text), &m, &err), TZ_OK);
    const char *cells[] = {"13812345678", "急救"};
    ledger_volunteer v[2];
    ledger l = ledger_of(cells, 2, v);
    assert_int_equal(skills_bind(m, &l, &err, &notice), TZ_OK);
    assert_null(strstr(notice.data, "1381234"));
    assert_non_null(strstr(notice.data, "特长列中有 1 处像是电话或身份证号码的内容"));
    buf_release(&notice);
    skills_free(m);
}

static void test_list_cells_split(void **state)
{
    (void)state;
    const char *cell = " 驾驶、摄影,, 书法；计算机　财会 ";
    const char *p = cell, *end = cell + strlen(cell), *name;
    size_t n;
    const char *want[] = {"驾驶", "摄影", "书法", "计算机", "财会"};
    for (size_t i = 0; i < 5; i++) {
        assert_true(supply_next_name(&p, end, &name, &n));
        assert_int_equal(n, strlen(want[i]));
        assert_memory_equal(name, want[i], n);
    }
    assert_false(supply_next_name(&p, end, &name, &n));
}

static void test_default_map(void **state)
{
    (void)state;
    skills_map *m = NULL;
    buf err = BUF_INIT;
    assert_int_equal(skills_load_default(&m, &err), TZ_OK);
    assert_string_equal(skills_source_name(m), "(内置特长对照)");
    size_t len;
    assert_true(strstr(skills_text(m, &len), "兽医 → 畜牧养殖、疫病防治") != NULL);
    skills_free(m);
    assert_int_equal(skills_load("/nonexistent/skills.map", &m, &err), TZ_NOINPUT);
    assert_non_null(strstr(err.data, "无法读取特长对照文件"));
    buf_release(&err);
}

/* Out of memory at every allocation in turn: the map, the supply and the suggestions on
   the supply case's ledger fail cleanly with TZ_NOMEM (no leak under the sanitizer run) and
   succeed once memory is back. */
static void test_out_of_memory(void **state)
{
    (void)state;
    ledger *l = NULL;
    figures *f = NULL;
    ledger_options opt = {2025, NULL, 0, 1};
    assert_int_equal(ledger_load("tests/cases/supply/2025", &opt, &l), TZ_OK);
    assert_int_equal(figures_compute(l, APPORTION_SHARE, &f), TZ_OK);
    tz_status st = TZ_NOMEM;
    long nth;
    for (nth = 1; nth < 5000 && st != TZ_OK; nth++) {
        skills_map *m = NULL;
        supply *s = NULL;
        buf err = BUF_INIT, notice = BUF_INIT;
        mem_fail_after(nth);
        st = skills_load_default(&m, &err);
        if (st == TZ_OK)
            st = skills_bind(m, l, &err, &notice);
        if (st == TZ_OK)
            st = supply_compute(f, &s);
        if (st == TZ_OK)
            st = suggest_compute(s, m);
        mem_fail_after(0);
        assert_true(st == TZ_OK || st == TZ_NOMEM);
        if (st == TZ_OK)
            assert_int_equal(s->n_open, 4);
        supply_free(s);
        skills_free(m);
        buf_release(&err);
        buf_release(&notice);
    }
    assert_int_equal(st, TZ_OK);
    assert_true(nth > 10);
    figures_free(f);
    ledger_free(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_categories_of_a_skill),
        cmocka_unit_test(test_problems_with_their_place),
        cmocka_unit_test(test_unknown_category_refused_with_hint),
        cmocka_unit_test(test_numbers_never_shown),
        cmocka_unit_test(test_list_cells_split),
        cmocka_unit_test(test_default_map),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
