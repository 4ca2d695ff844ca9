/* tests/unit/test_linebreak.c — output/linebreak: break positions worked out by hand with a
   fixed-width "font": a Chinese character or punctuation mark is 10 wide, an ASCII
   character (space included) 5. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <string.h>

#include "base/mem.h"
#include "output/linebreak.h"

static double fixed_width(void *ctx, uint32_t cp)
{
    (void)ctx;
    return cp < 0x80 ? 5.0 : 10.0;
}

/* Breaks text at max and checks the lines against the expected strings (NULL-ended). */
static void check(const char *text, double max, const char *const *want, const double *widths)
{
    linebreak_line *lines = NULL;
    size_t n = 0, k = 0;
    assert_int_equal(linebreak_lines(text, strlen(text), max, fixed_width, NULL, &lines, &n),
                     TZ_OK);
    for (; want[k]; k++) {
        assert_true(k < n);
        char got[256];
        assert_true(lines[k].len < sizeof got);
        memcpy(got, text + lines[k].start, lines[k].len);
        got[lines[k].len] = '\0';
        assert_string_equal(got, want[k]);
        if (widths)
            assert_true(lines[k].width == widths[k]);
    }
    assert_int_equal(n, k);
    mem_free(lines);
}

/* The same with options (LINEBREAK_*). */
static void check_ex(const char *text, double max, unsigned flags, const char *const *want)
{
    linebreak_line *lines = NULL;
    size_t n = 0, k = 0;
    assert_int_equal(linebreak_lines_ex(text, strlen(text), max, fixed_width, NULL, flags,
                                        &lines, &n), TZ_OK);
    for (; want[k]; k++) {
        assert_true(k < n);
        char got[256];
        memcpy(got, text + lines[k].start, lines[k].len);
        got[lines[k].len] = '\0';
        assert_string_equal(got, want[k]);
    }
    assert_int_equal(n, k);
    mem_free(lines);
}

/* Names in narrow cells (12 characters a line unless said): broken after the end of a part
   when that keeps a third of the line, never 党/支部, never one character alone. */
static void test_names_break_where_a_reader_would(void **state)
{
    (void)state;
    /* greedy: 市委宣传部新时代文明实践 / 指导中心党支部; after 部 (5 of 12) and 心 instead */
    check_ex("市委宣传部新时代文明实践指导中心党支部", 120, LINEBREAK_NAMES,
             (const char *const[]){"市委宣传部", "新时代文明实践指导中心", "党支部", NULL});
    /* 11 a line: greedy leaves 队 alone; after 委 (5 of 11) instead */
    check_ex("共青团市委青年志愿服务队", 110, LINEBREAK_NAMES,
             (const char *const[]){"共青团市委", "青年志愿服务队", NULL});
    /* 6 a line: greedy 某某某某某党 / 支部; 党支部 stays one word */
    check_ex("某某某某某党支部", 60, LINEBREAK_NAMES,
             (const char *const[]){"某某某某某", "党支部", NULL});
    /* no part's end to break after: the lone last character takes one down */
    check_ex("一二三四五六七", 60, LINEBREAK_NAMES,
             (const char *const[]){"一二三四五", "六七", NULL});
    /* a paragraph's 孤字 the same way, without the names' rules */
    check_ex("一二三四五六七", 60, LINEBREAK_NO_ORPHAN,
             (const char *const[]){"一二三四五", "六七", NULL});
    check_ex("一二三四五六七", 60, 0, (const char *const[]){"一二三四五六", "七", NULL});
}

static void test_plain_chinese(void **state)
{
    (void)state;
    /* six characters of 10 in a width of 30: three a line. */
    check("一二三四五六", 30, (const char *const[]){"一二三", "四五六", NULL},
          (const double[]){30, 30});
    /* width 35 still holds only three. */
    check("一二三四五六七", 35, (const char *const[]){"一二三", "四五六", "七", NULL}, NULL);
}

static void test_closing_punctuation_never_starts_a_line(void **state)
{
    (void)state;
    /* 一 二 fill 20; ， would start line 2, so 二 moves down with it. */
    check("一二，三四", 20, (const char *const[]){"一", "二，", "三四", NULL},
          (const double[]){10, 20, 20});
    /* 。 after 。? two closing marks stick to each other and to the character before. */
    check("一二三。”四", 30, (const char *const[]){"一二", "三。”", "四", NULL}, NULL);
}

static void test_opening_punctuation_never_ends_a_line(void **state)
{
    (void)state;
    /* 《 would end line 1 (一二《 = 30, 三 overflows): 《 goes down with 三. */
    check("一二《三》", 30, (const char *const[]){"一二", "《三》", NULL},
          (const double[]){20, 30});
}

static void test_numbers_and_words_stay_together(void **state)
{
    (void)state;
    /* 全年共 = 30, 1 2 → 40, 3 overflows: 12345 may not split, so it starts line 2. */
    check("全年共12345人", 40, (const char *const[]){"全年共", "12345人", NULL},
          (const double[]){30, 35});
    /* 共123 = 25, 次 overflows at 35 > 30: a break before 次 is allowed. */
    check("共123次", 30, (const char *const[]){"共123", "次", NULL}, NULL);
    /* 12.5% and a date are one word each. */
    check("占比12.5%，日期2025-03-05", 60,
          (const char *const[]){"占比12.5%，", "日期", "2025-03-05", NULL},
          (const double[]){55, 20, 50});
}

static void test_spaces_and_newlines(void **state)
{
    (void)state;
    /* "ab cd" = 25; the space before ef is dropped at the end of the line. */
    check("ab cd ef", 25, (const char *const[]){"ab cd", "ef", NULL},
          (const double[]){25, 10});
    check("一\n二", 100, (const char *const[]){"一", "二", NULL}, NULL);
    check("  一二  ", 100, (const char *const[]){"一二", NULL}, (const double[]){20});
    check("", 100, (const char *const[]){"", NULL}, (const double[]){0});
}

static void test_overlong_runs_are_split(void **state)
{
    (void)state;
    /* no break opportunity in 8 ASCII letters: forced per character, 4 a line. */
    check("abcdefgh", 20, (const char *const[]){"abcd", "efgh", NULL}, NULL);
    /* a character wider than the line still gets a line of its own. */
    check("一二", 5, (const char *const[]){"一", "二", NULL}, NULL);
    /* —— is not split: 一—— = 30 > 20, so both dashes go down together. */
    check("一——二", 20, (const char *const[]){"一", "——", "二", NULL}, NULL);
}

static void test_utf8_decoding(void **state)
{
    (void)state;
    uint32_t cp;
    assert_int_equal(linebreak_utf8_next("\xE4\xB8\x80", 3, 0, &cp), 3);     /* 一 */
    assert_int_equal(cp, 0x4E00);
    assert_int_equal(linebreak_utf8_next("\xF0\xA0\xAE\xB7", 4, 0, &cp), 4); /* 𠮷 */
    assert_int_equal(cp, 0x20BB7);
    assert_int_equal(linebreak_utf8_next("\xE4\xB8", 2, 0, &cp), 1);         /* cut short */
    assert_int_equal(cp, 0xFFFD);
    assert_int_equal(linebreak_utf8_next("\xC0\x80", 2, 0, &cp), 1);         /* overlong */
    assert_int_equal(cp, 0xFFFD);
    assert_true(linebreak_is_closing(0xFF0C));   /* ， */
    assert_true(linebreak_is_opening(0x300A));   /* 《 */
    assert_false(linebreak_is_closing(0x4E00));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_chinese),
        cmocka_unit_test(test_names_break_where_a_reader_would),
        cmocka_unit_test(test_closing_punctuation_never_starts_a_line),
        cmocka_unit_test(test_opening_punctuation_never_ends_a_line),
        cmocka_unit_test(test_numbers_and_words_stay_together),
        cmocka_unit_test(test_spaces_and_newlines),
        cmocka_unit_test(test_overlong_runs_are_split),
        cmocka_unit_test(test_utf8_decoding),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
