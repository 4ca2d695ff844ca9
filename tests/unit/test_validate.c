/* tests/unit/test_validate.c — ledger_load end to end on small ledger folders written
   here: every validation rule of docs/ledgers.md (errors and warnings), the lenient
   cascade, year, categories.txt, campaigns, masks, SHA-256. Expected lines and codes are
   read off the fixtures by hand; the SHA-256 comes from coreutils' sha256sum. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "input/ledger.h"

static const char UNITS[] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙局,5\n";
static const char TEAMS[] = "服务队编码,服务队名称,所属单位编码,队伍类型\n"
                            "T01,甲队,U01,党员志愿服务队\n"
                            "T02,乙队,U02,青年志愿服务队\n";
static const char VOLUNTEERS[] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌\n"
                                 "V1,张,U01,T01,中共党员\n"
                                 "V2,李,U01,T01,中共预备党员\n"
                                 "V3,王,U02,T02,共青团员\n";
static const char DEMANDS[] = "需求编号,提出日期,提出单位,区域类型,服务类别\n"
                              "D1,2025-02-01,某社区,社区,医疗卫生\n";
static const char ACTIVITIES[] =
    "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,需求编号,受益人数\n"
    "A1,2025-03-05,义诊,独立开展,U01,医疗卫生,社区,D1,100\n"
    "A2,2025-04-01,植树,组团服务,U02,植树造林,林区,,50\n";
static const char PARTICIPATION[] = "活动编号,志愿者编号,服务时长（小时）\n"
                                    "A1,V1,2.5\n"
                                    "A2,V2,3\n"
                                    "A2,V3,3\n";

typedef struct fixture {
    const char *files[LEDGER_FILE_COUNT];   /* NULL: the default above; "" : no such file */
    const char *categories;                 /* categories.txt, or NULL */
} fixture;

static char root[64];
static char dir[96];

static void write_file(const char *name, const char *text)
{
    char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(text, 1, strlen(text), f);
    fclose(f);
}

static const char *const DEFAULTS[LEDGER_FILE_COUNT] = {
    UNITS, TEAMS, VOLUNTEERS, ACTIVITIES, PARTICIPATION, DEMANDS, ""};

/* Writes the fixture into a fresh folder named 2025. */
static void make(const fixture *fx)
{
    snprintf(root, sizeof root, "/tmp/tz-validate.XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/2025", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        const char *t = fx->files[k] ? fx->files[k] : DEFAULTS[k];
        if (t[0])
            write_file(LEDGER_FILE_NAMES[k], t);
    }
    if (fx->categories)
        write_file("categories.txt", fx->categories);
}

/* Removes what make() and the tests put under root (files of known names only). */
static void clean(void)
{
    static const char *const subs[] = {"2025", "ledgers"};
    char path[200];
    for (size_t d = 0; d < 2; d++) {
        for (int k = 0; k <= LEDGER_FILE_COUNT; k++) {
            snprintf(path, sizeof path, "%s/%s/%s", root, subs[d],
                     k < LEDGER_FILE_COUNT ? LEDGER_FILE_NAMES[k] : "categories.txt");
            unlink(path);
        }
        snprintf(path, sizeof path, "%s/%s", root, subs[d]);
        rmdir(path);
    }
    assert_int_equal(rmdir(root), 0);
}

static tz_status load(const fixture *fx, int lenient, ledger **l)
{
    make(fx);
    ledger_options opt = {0, NULL, lenient, 0};
    tz_status st = ledger_load(dir, &opt, l);
    clean();
    return st;
}

static const problem *find(const ledger *l, const char *file, uint32_t line, const char *code)
{
    for (size_t i = 0; i < l->problems.count; i++) {
        const problem *p = &l->problems.items[i];
        if (strcmp(p->file, file) == 0 && p->line == line && strcmp(p->code, code) == 0)
            return p;
    }
    return NULL;
}

static void dump(const ledger *l)
{
    for (size_t i = 0; i < l->problems.count; i++) {
        const problem *p = &l->problems.items[i];
        print_message("  %s:%u:%u %s %s %s\n", p->file, p->line, p->column, p->code, p->value,
                      p->message);
    }
}

/* Loads, expects status and exactly one problem (file, line, code) of that severity
   among errors+warnings. */
static void expect_one(const fixture *fx, tz_status want, const char *file, uint32_t line,
                       const char *code, problem_severity sev)
{
    ledger *l = NULL;
    tz_status st = load(fx, 0, &l);
    assert_non_null(l);
    const problem *p = find(l, file, line, code);
    if (!p || st != want || l->problems.errors + l->problems.warnings != 1)
        dump(l);
    assert_int_equal(st, want);
    assert_non_null(p);
    assert_int_equal(p->severity, sev);
    assert_int_equal(l->problems.errors + l->problems.warnings, 1);
    assert_true(strlen(p->message) > 10);
    ledger_free(l);
}

static void test_clean(void **state)
{
    (void)state;
    fixture fx = {{0}, NULL};
    ledger *l = NULL;
    assert_int_equal(load(&fx, 0, &l), TZ_OK);
    if (l->problems.count)
        dump(l);
    assert_int_equal(l->problems.count, 0);
    assert_int_equal(l->year, 2025);
    assert_int_equal(l->n_units, 2);
    assert_int_equal(l->n_teams, 2);
    assert_int_equal(l->n_volunteers, 3);
    assert_int_equal(l->n_activities, 2);
    assert_int_equal(l->n_participation, 3);
    assert_int_equal(l->n_demands, 1);
    assert_int_equal(l->n_results, 0);
    assert_int_equal(l->n_categories, 12);
    assert_string_equal(l->categories[10], "植树造林");
    assert_int_equal(l->activities[1].category, 10);
    assert_int_equal(l->activities[0].demand, 0);
    assert_int_equal(l->activities[0].date, 20152);            /* 2025-03-05 */
    assert_int_equal(l->activities[1].mode, MODE_GROUP);
    assert_int_equal(l->volunteers[1].status, POL_PROBATIONARY);
    assert_int_equal(l->teams[1].type, TEAM_YOUTH);
    /* participation: A2,V2 counts for V2's own unit U01 */
    assert_int_equal(sizeof(ledger_participation), 16);
    assert_int_equal(l->participation[0].hours_tenths, 25);
    assert_int_equal(l->participation[1].activity, 1);
    assert_int_equal(l->participation[1].volunteer, 1);
    assert_int_equal(l->participation[1].unit, 0);
    assert_int_equal(l->participation[1].flags, 0);
    assert_int_equal(l->participation[2].unit, 1);
    assert_int_equal(ledger_find_unit(l, "U02"), 1);
    assert_int_equal(ledger_find_unit(l, "U09"), LEDGER_NONE);
    const ledger_file *u = &l->files[LEDGER_UNITS];
    assert_int_equal(u->present, 1);
    assert_string_equal(u->encoding, "UTF-8");
    assert_int_equal(u->bytes, sizeof UNITS - 1);
    assert_int_equal(u->rows, 2);
    assert_int_equal(u->rows_dropped, 0);
    static const uint8_t sha[32] = {
        0xe8, 0x73, 0x44, 0xbc, 0xbc, 0x61, 0x6f, 0xfd, 0x5f, 0x36, 0xf3, 0x16, 0x31, 0xee, 0x59, 0x8d,
        0xe2, 0xe8, 0xd7, 0xaa, 0xda, 0x81, 0x2a, 0x1e, 0x3a, 0x7a, 0xa7, 0xd3, 0x80, 0x1c, 0xa7, 0x35};
    assert_memory_equal(u->sha256, sha, 32);
    assert_int_equal(l->files[LEDGER_RESULTS].present, 0);
    ledger_free(l);
}

static void test_errors_each_rule(void **state)
{
    (void)state;
    fixture fx;
    /* bad type */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙局,5人\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "units.csv", 3, "number.invalid", SEV_ERROR);
    /* missing required value */
    fx = (fixture){{[LEDGER_VOLUNTEERS] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌\n"
                                          "V1,张,U01,T01,中共党员\nV2,,U01,T01,中共预备党员\n"
                                          "V3,王,U02,T02,共青团员\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "volunteers.csv", 3, "value.required", SEV_ERROR);
    /* duplicate id */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙局,5\nU01,丙局,1\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "units.csv", 4, "id.duplicate", SEV_ERROR);
    /* broken reference */
    fx = (fixture){{[LEDGER_TEAMS] = "服务队编码,服务队名称,所属单位编码,队伍类型\n"
                                     "T01,甲队,U01,党员志愿服务队\nT02,乙队,U09,青年志愿服务队\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "teams.csv", 3, "ref.unknown_unit", SEV_ERROR);
    /* a number-like id that Excel may have stripped of its leading zeros: said so */
    {
        fixture z = {{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙局,5\n007,丙,0\n",
                      [LEDGER_VOLUNTEERS] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌\n"
                                            "V1,张,U01,T01,中共党员\nV2,李,U01,T01,中共预备党员\n"
                                            "V3,王,U02,T02,共青团员\nV4,赵,7,,群众\n"}, NULL};
        ledger *l = NULL;
        assert_int_equal(load(&z, 0, &l), TZ_DATAERR);
        const problem *p = find(l, "volunteers.csv", 5, "ref.unknown_unit");
        assert_non_null(p);
        assert_non_null(strstr(p->message, "前导 0"));
        assert_int_equal(l->problems.errors, 1);
        ledger_free(l);
    }
    /* date outside the year */
    fx = (fixture){{[LEDGER_ACTIVITIES] =
        "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,需求编号,受益人数\n"
        "A1,2025-03-05,义诊,独立开展,U01,医疗卫生,社区,D1,100\n"
        "A2,2024-12-31,植树,组团服务,U02,植树造林,林区,,50\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "activities.csv", 3, "date.out_of_year", SEV_ERROR);
    /* hours out of range */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A1,V1,25\nA2,V2,3\nA2,V3,3\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "participation.csv", 2, "hours.out_of_range", SEV_ERROR);
    /* the same volunteer twice in one activity: the later row (line 5) */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A1,V1,2.5\nA2,V2,3\nA2,V3,3\nA1,V1,1\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "participation.csv", 5, "participation.duplicate", SEV_ERROR);
    /* more party-member volunteers (2) than party members (1) */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,1\nU02,乙局,5\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "units.csv", 2, "unit.party_volunteers_exceed", SEV_ERROR);
    /* activity dated before the demand it answers */
    fx = (fixture){{[LEDGER_DEMANDS] = "需求编号,提出日期,提出单位,区域类型,服务类别\n"
                                       "D1,2025-03-10,某社区,社区,医疗卫生\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "activities.csv", 2, "activity.before_demand", SEV_ERROR);
    /* enum and category */
    fx = (fixture){{[LEDGER_VOLUNTEERS] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌\n"
                                          "V1,张,U01,T01,党员\nV2,李,U01,T01,中共预备党员\n"
                                          "V3,王,U02,T02,共青团员\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "volunteers.csv", 2, "enum.invalid", SEV_ERROR);
    /* an id Excel turned into scientific notation */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A1,V1,2.5\nA2,V2,3\nA2,1.23E+17,3\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "participation.csv", 4, "id.scientific", SEV_ERROR);
}

static void test_over_24_hours(void **state)
{
    (void)state;
    /* A1 and A3 are both on 2025-03-05: V1 gives 20 + 5 = 25 hours that day */
    fixture fx = {{[LEDGER_ACTIVITIES] =
        "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,需求编号,受益人数\n"
        "A1,2025-03-05,义诊,独立开展,U01,医疗卫生,社区,D1,100\n"
        "A2,2025-04-01,植树,组团服务,U02,植树造林,林区,,50\n"
        "A3,2025年3月5日,宣讲,独立开展,U01,党员教育,社区,,10\n",
        [LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                 "A1,V1,20\nA2,V2,3\nA2,V3,3\nA3,V1,5\nA3,V2,4\n"}, NULL};
    ledger *l = NULL;
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_int_equal(l->problems.errors, 2);
    assert_non_null(find(l, "participation.csv", 2, "participation.over_24h"));
    assert_non_null(find(l, "participation.csv", 5, "participation.over_24h"));
    assert_non_null(strstr(find(l, "participation.csv", 5, "participation.over_24h")->message, "25.0"));
    ledger_free(l);

    /* The same with each activity's rows scattered (no runs to take them from): A1's
       second V1 row (line 6) is a duplicate of line 3 and is left out of the day's sum,
       which is still 20 + 5 = 25 hours in 2 rows (lines 2 and 3). */
    fx.files[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                     "A3,V1,5\nA1,V1,20\nA2,V2,3\nA3,V2,4\nA1,V1,3\n";
    l = NULL;
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_int_equal(l->problems.errors, 3);
    assert_non_null(strstr(find(l, "participation.csv", 6, "participation.duplicate")->message,
                           "第一次在第 3 行"));
    const problem *p2 = find(l, "participation.csv", 2, "participation.over_24h");
    assert_non_null(p2);
    assert_non_null(strstr(p2->message, "合计 25.0 小时（2 条记录）"));
    assert_non_null(find(l, "participation.csv", 3, "participation.over_24h"));
    ledger_free(l);
}

static void test_warnings(void **state)
{
    (void)state;
    fixture fx;
    /* 组团服务 with participants from one unit only: A2 has V3 (U02) alone */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A1,V1,2.5\nA2,V3,3\n"}, NULL};
    expect_one(&fx, TZ_OK, "activities.csv", 3, "activity.group_single_unit", SEV_WARNING);
    /* …but a row that counts for another unit (代表单位编码) makes it two units */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）,代表单位编码\n"
                                             "A1,V1,2.5,\nA2,V3,3,\nA2,V2,3,U02\nA1,V2,1,\n"}, NULL};
    expect_one(&fx, TZ_OK, "activities.csv", 3, "activity.group_single_unit", SEV_WARNING);
    /* activity with no participation rows */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A2,V2,3\nA2,V3,3\n"}, NULL};
    expect_one(&fx, TZ_OK, "activities.csv", 2, "activity.no_participation", SEV_WARNING);
    /* bad ID check digit (110105194912310021: the right one is X) */
    fx = (fixture){{[LEDGER_VOLUNTEERS] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌,身份证号\n"
                                          "V1,张,U01,T01,中共党员,110105194912310021\n"
                                          "V2,李,U01,T01,中共预备党员,11010519491231002X\n"
                                          "V3,王,U02,T02,共青团员,\n"}, NULL};
    expect_one(&fx, TZ_OK, "volunteers.csv", 2, "idcard.check_digit", SEV_WARNING);
    /* Excel serial date */
    fx = (fixture){{[LEDGER_ACTIVITIES] =
        "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,需求编号,受益人数\n"
        "A1,45721,义诊,独立开展,U01,医疗卫生,社区,D1,100\n"
        "A2,2025-04-01,植树,组团服务,U02,植树造林,林区,,50\n"}, NULL};
    expect_one(&fx, TZ_OK, "activities.csv", 2, "date.excel_serial", SEV_WARNING);
    /* unit with no volunteers */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙局,5\nU03,丙局,0\n"}, NULL};
    expect_one(&fx, TZ_OK, "units.csv", 4, "unit.no_volunteers", SEV_WARNING);
}

static void test_personal_data_masked(void **state)
{
    (void)state;
    fixture fx = {{[LEDGER_VOLUNTEERS] = "志愿者编号,姓名,所在单位编码,服务队编码,政治面貌,联系电话,身份证号\n"
                                         "V1,张,U01,T01,中共党员,13812345678,150702199001011234\n"
                                         "V2,李,U01,T01,中共预备党员,,\n"
                                         "V3,王,U02,T02,共青团员,,\n"}, NULL};
    ledger *l = NULL;
    assert_int_equal(load(&fx, 0, &l), TZ_OK);
    assert_string_equal(l->volunteers[0].phone_masked, "138****5678");
    assert_string_equal(l->volunteers[0].id_number_masked, "150702********1234");
    assert_string_equal(l->volunteers[1].phone_masked, "");
    /* check digit of 15070219900101123 is 3: the warning shows the masked number only */
    const problem *p = find(l, "volunteers.csv", 2, "idcard.check_digit");
    assert_non_null(p);
    assert_string_equal(p->value, "150702********1234");
    assert_null(strstr(p->message, "199001011234"));
    ledger_free(l);
}

static void test_lenient_cascade(void **state)
{
    (void)state;
    /* U01's 党员人数 is bad: U01 goes, and with it T01, V1, V2, A1 (led by U01),
       participation A1/V1 and A2/V2 (their volunteers are gone). */
    fixture fx = {{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,五\nU02,乙局,5\n"}, NULL};
    ledger *l = NULL;
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_int_equal(l->problems.errors, 1);              /* strict: no cascade noise */
    ledger_free(l);

    assert_int_equal(load(&fx, 1, &l), TZ_OK);
    assert_non_null(find(l, "units.csv", 2, "number.invalid"));
    assert_non_null(find(l, "teams.csv", 2, "ref.dropped"));
    assert_non_null(find(l, "volunteers.csv", 2, "ref.dropped"));
    assert_non_null(find(l, "volunteers.csv", 3, "ref.dropped"));
    assert_non_null(find(l, "activities.csv", 2, "ref.dropped"));
    assert_non_null(find(l, "participation.csv", 2, "ref.dropped"));
    assert_non_null(find(l, "participation.csv", 3, "ref.dropped"));
    assert_int_equal(l->problems.errors, 7);
    assert_int_equal(l->n_units, 1);
    assert_string_equal(l->units[0].id, "U02");
    assert_int_equal(l->n_teams, 1);
    assert_int_equal(l->teams[0].unit, 0);
    assert_int_equal(l->n_volunteers, 1);
    assert_int_equal(l->n_activities, 1);
    assert_string_equal(l->activities[0].id, "A2");
    assert_int_equal(l->activities[0].lead_unit, 0);
    assert_int_equal(l->n_participation, 1);
    assert_int_equal(l->participation[0].activity, 0);
    assert_int_equal(l->participation[0].volunteer, 0);
    assert_int_equal(l->participation[0].unit, 0);
    assert_int_equal(l->files[LEDGER_UNITS].rows_dropped, 1);
    assert_int_equal(l->files[LEDGER_TEAMS].rows_dropped, 1);
    assert_int_equal(l->files[LEDGER_VOLUNTEERS].rows_dropped, 2);
    assert_int_equal(l->files[LEDGER_ACTIVITIES].rows_dropped, 1);
    assert_int_equal(l->files[LEDGER_PARTICIPATION].rows_dropped, 2);
    assert_int_equal(l->files[LEDGER_PARTICIPATION].rows, 3);
    /* what is left: A2 (组团服务) now has one unit — a warning on the kept data */
    assert_non_null(find(l, "activities.csv", 3, "activity.group_single_unit"));
    ledger_free(l);
}

static void test_year_and_folders(void **state)
{
    (void)state;
    ledger *l = NULL;
    ledger_options opt = {0, NULL, 0, 0};
    assert_int_equal(ledger_load("/nonexistent/2025", &opt, &l), TZ_NOINPUT);
    assert_string_equal(l->problems.items[0].code, "folder.missing");
    ledger_free(l);

    fixture fx = {{0}, NULL};
    make(&fx);
    /* the folder's name is the year; --year wins */
    char other[128];
    snprintf(other, sizeof other, "%s/ledgers", root);
    assert_int_equal(rename(dir, other), 0);
    assert_int_equal(ledger_load(other, &opt, &l), TZ_USAGE);
    assert_string_equal(l->problems.items[0].code, "year.unknown");
    ledger_free(l);
    opt.year = 2025;
    assert_int_equal(ledger_load(other, &opt, &l), TZ_OK);
    assert_int_equal(l->year, 2025);
    ledger_free(l);
    opt.year = 2026;   /* every activity is now outside the year */
    assert_int_equal(ledger_load(other, &opt, &l), TZ_DATAERR);
    assert_int_equal(l->problems.errors, 2);
    ledger_free(l);
    opt.year = 0;
    opt.encoding = "latin1";
    snprintf(dir, sizeof dir, "%s/ledgers/", root);
    assert_int_equal(ledger_load(dir, &opt, &l), TZ_USAGE);
    ledger_free(l);
    clean();

    /* a required file missing: 66, named */
    fx = (fixture){{[LEDGER_PARTICIPATION] = ""}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_NOINPUT);
    assert_non_null(find(l, "participation.csv", 0, "file.missing"));
    ledger_free(l);
    /* an optional one missing is fine (demands.csv: then A1's 需求编号 has nothing to refer to) */
    fx = (fixture){{[LEDGER_DEMANDS] = ""}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_non_null(find(l, "activities.csv", 2, "ref.unknown_demand"));
    ledger_free(l);
}

static void test_headers_in_files(void **state)
{
    (void)state;
    fixture fx;
    ledger *l = NULL;
    /* aliases, any order, an unknown column (one notice), a banner row above */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "2025年参与记录,,\n"
                                             "hours,备注,volunteer_id,activity_id\n"
                                             "2.5,x,V1,A1\n3,,V2,A2\n3,y,V3,A2\n"}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_OK);
    assert_int_equal(l->problems.notices, 2);
    assert_non_null(find(l, "participation.csv", 1, "header.banner_skipped"));
    assert_non_null(find(l, "participation.csv", 2, "header.unknown_columns"));
    assert_int_equal(l->n_participation, 3);
    assert_int_equal(l->participation[0].hours_tenths, 25);
    ledger_free(l);
    /* a missing required column */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号\nA1,V1\n"}, NULL};
    assert_int_equal(load(&fx, 1, &l), TZ_DATAERR);     /* even lenient */
    assert_non_null(find(l, "participation.csv", 1, "header.missing_column"));
    assert_string_equal(find(l, "participation.csv", 1, "header.missing_column")->value,
                        "服务时长（小时）");
    ledger_free(l);
    /* a header repeated mid-file, in another column order: reported, then followed */
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）\n"
                                             "A1,V1,2.5\n"
                                             "志愿者编号,活动编号,服务时长（小时）\n"
                                             "V2,A2,3\nV3,A2,3\n"}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_OK);
    assert_non_null(find(l, "participation.csv", 3, "header.repeated"));
    assert_int_equal(l->n_participation, 3);
    assert_int_equal(l->files[LEDGER_PARTICIPATION].rows, 3);
    ledger_free(l);
    /* a row longer than the header */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,乙,局,5\n"}, NULL};
    ledger_free(NULL);
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_non_null(find(l, "units.csv", 3, "row.extra_fields"));
    ledger_free(l);
}

static void test_categories_and_campaigns(void **state)
{
    (void)state;
    fixture fx = {{[LEDGER_ACTIVITIES] =
        "活动编号,活动日期,活动名称,组织方式,牵头单位编码,服务类别,区域类型,需求编号,受益人数,专项行动\n"
        "A1,2025-03-05,义诊,独立开展,U01,医疗卫生,社区,D1,100,乙行动\n"
        "A2,2025-04-01,植树,组团服务,U02,植树造林,林区,,50,甲行动\n"
        "A3,2025-04-02,宣讲,独立开展,U02,新类别,林区,,5,乙行动\n"}, NULL};
    ledger *l = NULL;
    /* default categories: 新类别 is unknown */
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_non_null(find(l, "activities.csv", 4, "category.unknown"));
    ledger_free(l);
    /* categories.txt replaces the list: now 植树造林 is unknown */
    fx.categories = "# 本市的服务类别\n医疗卫生\n\n新类别\n 植树 \n";
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_int_equal(l->n_categories, 3);
    assert_string_equal(l->categories[2], "植树");
    assert_non_null(find(l, "activities.csv", 3, "category.unknown"));
    assert_int_equal(l->problems.errors, 1);
    ledger_free(l);
    /* campaigns in order of first use */
    fx.categories = "医疗卫生\n植树造林\n新类别\n";
    assert_int_equal(load(&fx, 0, &l), TZ_OK);
    assert_int_equal(l->n_campaigns, 2);
    assert_string_equal(l->campaigns[0], "乙行动");
    assert_string_equal(l->campaigns[1], "甲行动");
    assert_int_equal(l->activities[2].campaign, 0);
    assert_int_equal(l->activities[1].campaign, 1);
    assert_int_equal(l->activities[2].category, 2);
    ledger_free(l);
}

/* tests/cases/messy/2025 (see its README.md): values read right out of GB18030, BOM,
   CRLF, quoted line breaks, full-width digits and spaces. Run from the repository root. */
static void test_messy_values(void **state)
{
    (void)state;
    ledger *l = NULL;
    ledger_options opt = {0, NULL, 0, 0};
    assert_int_equal(ledger_load("tests/cases/messy/2025", &opt, &l), TZ_OK);
    assert_int_equal(l->n_units, 3);
    assert_int_equal(l->units[0].party_members, 1200);
    assert_string_equal(l->units[1].name, "市教育局（含,下属单位）");
    assert_int_equal(l->units[1].party_members, 30);
    assert_int_equal(l->units[2].party_members, 12);
    assert_string_equal(l->units[2].sector, "农林");
    assert_int_equal(l->units[2].line, 5);
    assert_string_equal(l->files[LEDGER_UNITS].encoding, "GB18030");
    assert_string_equal(l->teams[0].name, "财政先锋队");
    assert_int_equal(l->teams[0].founded_on, 18020);          /* 2019-05-04 */
    assert_int_equal(l->n_volunteers, 5);
    assert_string_equal(l->volunteers[0].skills, "会计\r\n税务");
    assert_string_equal(l->volunteers[1].skills, "写作,摄影");
    assert_int_equal(l->volunteers[1].line, 4);
    assert_string_equal(l->volunteers[3].name, "赵\"小\"六");
    assert_int_equal(l->volunteers[3].status, POL_PROBATIONARY);
    assert_int_equal(l->volunteers[4].team, LEDGER_NONE);
    assert_string_equal(l->volunteers[2].phone_masked, "139****1111");
    assert_int_equal(l->n_activities, 3);
    assert_string_equal(l->activities[0].title, "义诊,进社区");
    assert_int_equal(l->activities[0].beneficiaries, 1200);
    assert_int_equal(l->activities[0].donation_fen, 50050);
    assert_int_equal(l->activities[0].demand, 1);
    assert_int_equal(l->activities[1].beneficiaries, 80);
    assert_int_equal(l->activities[1].date, 20179);           /* 2025-04-01 */
    assert_int_equal(l->activities[2].date, 20181);           /* serial 45750 = 2025-04-03 */
    assert_int_equal(l->activities[2].beneficiaries, 30);
    assert_int_equal(l->activities[2].mode, MODE_COMMITTEE);
    assert_int_equal(l->activities[0].campaign, 0);
    assert_int_equal(l->activities[1].campaign, LEDGER_NONE);
    assert_int_equal(l->n_campaigns, 1);
    assert_string_equal(l->campaigns[0], "十个全覆盖");
    assert_string_equal(l->demands[0].description, "需要兽医\n上门");
    assert_int_equal(l->demands[0].channel, CHANNEL_VISIT);
    assert_int_equal(l->n_participation, 7);
    int64_t tenths = 0;
    for (size_t i = 0; i < l->n_participation; i++)
        tenths += l->participation[i].hours_tenths;
    assert_int_equal(tenths, 270);                            /* 2.5+3+1.5+4+2+6+8 */
    /* V002 (of U01) serves for U03 */
    assert_int_equal(l->participation[4].volunteer, 1);
    assert_int_equal(l->participation[4].unit, 2);
    assert_int_equal(l->participation[4].flags, LEDGER_PART_EXPLICIT_UNIT);
    assert_int_equal(l->participation[0].unit, 0);
    assert_int_equal(l->n_results, 3);
    assert_int_equal(l->results[0].quantity_e4, 15000000);
    assert_int_equal(l->results[2].quantity_e4, 355000);
    assert_string_equal(l->results[2].measure_unit, "米");
    ledger_free(l);
}

/* Every allocation of a load may fail: the load then returns TZ_NOMEM and nothing else
   (no crash, no leak under the sanitizers), until enough succeed for TZ_OK. */
static void test_out_of_memory(void **state)
{
    (void)state;
    ledger_options opt = {0, NULL, 1, 0};
    long n;
    for (n = 1; n < 100000; n++) {
        ledger *l = NULL;
        mem_fail_after(n);
        tz_status st = ledger_load("tests/cases/messy/2025", &opt, &l);
        mem_fail_after(0);
        if (st == TZ_OK) {
            assert_int_equal(l->n_participation, 7);
            ledger_free(l);
            break;
        }
        assert_int_equal(st, TZ_NOMEM);
        assert_null(l);
    }
    assert_true(n > 50);
}

static void test_file_level(void **state)
{
    (void)state;
    fixture fx;
    ledger *l = NULL;
    /* bytes that are neither UTF-8 nor GB18030 (0xFF) on line 3: the file is refused, even
       in lenient mode, and the message points at the line and the column (the name) */
    fx = (fixture){{[LEDGER_UNITS] = "单位编码,单位名称,党员人数\nU01,甲局,5\nU02,\xFF局,5\n"}, NULL};
    assert_int_equal(load(&fx, 1, &l), TZ_DATAERR);
    assert_non_null(find(l, "units.csv", 3, "encoding.invalid"));
    /* the bytes from the first unreadable one: 0xFF, then 局 (E5 B1 80 in UTF-8) */
    assert_string_equal(find(l, "units.csv", 3, "encoding.invalid")->value, "0xFF 0xE5 0xB1 0x80");
    assert_int_equal(find(l, "units.csv", 3, "encoding.invalid")->column, 2);
    /* the files that refer to units are not flooded with unknown-unit errors */
    assert_int_equal(l->problems.errors, 1);
    ledger_free(l);
    /* UTF-16 ("Unicode text") */
    fx = (fixture){{[LEDGER_TEAMS] = "\xFF\xFEx\n"}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_non_null(find(l, "teams.csv", 1, "encoding.utf16"));
    ledger_free(l);
    /* no header at all */
    fx = (fixture){{[LEDGER_RESULTS] = "\n\n"}, NULL};
    assert_int_equal(load(&fx, 0, &l), TZ_DATAERR);
    assert_non_null(find(l, "results.csv", 0, "header.not_found"));
    ledger_free(l);
}

static void test_broken_rows_counted(void **state)
{
    (void)state;
    /* a stray quote loses line 3 (counted, dropped); a quoted line break keeps the line
       numbers physical: the duplicate on line 6 (record starting there) */
    fixture fx = {{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）,角色\n"
                                            "A1,V1,2.5,\n"
                                            "A2,V\"2,3,\n"
                                            "A2,V2,3,\"队\n长\"\n"
                                            "A2,V3,3,\n"
                                            "A2,V2,1,\n"
                                            "A2,V9,1,\n"}, NULL};
    ledger *l = NULL;
    assert_int_equal(load(&fx, 1, &l), TZ_OK);
    assert_non_null(find(l, "participation.csv", 3, "csv.syntax"));
    assert_non_null(find(l, "participation.csv", 7, "participation.duplicate"));
    assert_non_null(find(l, "participation.csv", 8, "ref.unknown_volunteer"));
    assert_int_equal(l->problems.errors, 3);
    assert_int_equal(l->files[LEDGER_PARTICIPATION].rows, 6);
    assert_int_equal(l->files[LEDGER_PARTICIPATION].rows_dropped, 3);
    assert_int_equal(l->n_participation, 3);
    /* 代表单位编码 that does not exist */
    ledger_free(l);
    fx = (fixture){{[LEDGER_PARTICIPATION] = "活动编号,志愿者编号,服务时长（小时）,代表单位编码\n"
                                             "A1,V1,2.5,U7\nA2,V2,3,\nA2,V3,3,\n"}, NULL};
    expect_one(&fx, TZ_DATAERR, "participation.csv", 2, "ref.unknown_unit", SEV_ERROR);
}

/* Deterministic mutation run: the messy ledgers with bytes replaced by quotes, commas,
   line ends, NUL, 0xFF, high bytes … must never crash or leak (the sanitizer build runs
   this too); the status is always one of OK / DATAERR. */
static char *slurp(const char *path, long *size)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    *size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)*size + 1);
    assert_non_null(d);
    assert_int_equal(fread(d, 1, (size_t)*size, f), (size_t)*size);
    fclose(f);
    return d;
}

static void spit(const char *path, const char *d, long size)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fwrite(d, 1, (size_t)size, f);
    fclose(f);
}

static void test_mutations(void **state)
{
    (void)state;
    static const char bytes[] = {'"', ',', '\n', '\r', '\0', (char)0xFF, (char)0xE3, ' ', '1',
                                 'A', '#', '%'};
    char *orig[LEDGER_FILE_COUNT];
    long size[LEDGER_FILE_COUNT];
    char path[200];
    snprintf(root, sizeof root, "/tmp/tz-mutate.XXXXXX");
    assert_non_null(mkdtemp(root));
    snprintf(dir, sizeof dir, "%s/2025", root);
    assert_int_equal(mkdir(dir, 0700), 0);
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        snprintf(path, sizeof path, "tests/cases/messy/2025/%s", LEDGER_FILE_NAMES[k]);
        orig[k] = slurp(path, &size[k]);
        snprintf(path, sizeof path, "%s/%s", dir, LEDGER_FILE_NAMES[k]);
        spit(path, orig[k], size[k]);
    }
    uint32_t seed = 12345;
    for (int round = 0; round < 400; round++) {
        int k = round % LEDGER_FILE_COUNT;
        char *m = malloc((size_t)size[k]);
        assert_non_null(m);
        memcpy(m, orig[k], (size_t)size[k]);
        for (int j = 0; j < 1 + round % 5; j++) {
            seed = seed * 1103515245u + 12345u;
            long at = (long)((seed >> 8) % (uint32_t)size[k]);
            seed = seed * 1103515245u + 12345u;
            m[at] = bytes[(seed >> 8) % sizeof bytes];
        }
        snprintf(path, sizeof path, "%s/%s", dir, LEDGER_FILE_NAMES[k]);
        spit(path, m, size[k]);
        ledger *l = NULL;
        ledger_options opt = {0, NULL, round % 2, 0};
        tz_status st = ledger_load(dir, &opt, &l);
        assert_true(st == TZ_OK || st == TZ_DATAERR);
        assert_non_null(l);
        for (size_t i = 0; i < l->problems.count; i++)
            assert_non_null(l->problems.items[i].message);
        ledger_free(l);
        spit(path, orig[k], size[k]);
        free(m);
    }
    for (int k = 0; k < LEDGER_FILE_COUNT; k++)
        free(orig[k]);
    clean();
}

static void test_file_name_case(void **state)
{
    (void)state;
    static const char *const cases[][2] = {{"demands.csv", "Demands.csv"}, {"units.csv", "Units.CSV"}};
    for (int i = 0; i < 2; i++) {
        fixture fx = {{0}, NULL};
        make(&fx);
        char from[200], to[200];
        snprintf(from, sizeof from, "%s/%s", dir, cases[i][0]);
        snprintf(to, sizeof to, "%s/%s", dir, cases[i][1]);
        assert_int_equal(rename(from, to), 0);
        ledger *l = NULL;
        ledger_options opt = {0, NULL, 0, 0};
        tz_status st = ledger_load(dir, &opt, &l);
        assert_int_equal(rename(to, from), 0);
        clean();
        /* an optional file under the wrong case is an error (else it would be silently
           ignored); a required one is missing input */
        assert_int_equal(st, i == 0 ? TZ_DATAERR : TZ_NOINPUT);
        const problem *p = find(l, cases[i][0], 0, "file.name_case");
        assert_non_null(p);
        assert_string_equal(p->value, cases[i][1]);
        assert_int_equal(l->problems.errors, 1);
        ledger_free(l);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_clean),
        cmocka_unit_test(test_errors_each_rule),
        cmocka_unit_test(test_over_24_hours),
        cmocka_unit_test(test_warnings),
        cmocka_unit_test(test_personal_data_masked),
        cmocka_unit_test(test_lenient_cascade),
        cmocka_unit_test(test_year_and_folders),
        cmocka_unit_test(test_headers_in_files),
        cmocka_unit_test(test_categories_and_campaigns),
        cmocka_unit_test(test_messy_values),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_file_level),
        cmocka_unit_test(test_broken_rows_counted),
        cmocka_unit_test(test_mutations),
        cmocka_unit_test(test_file_name_case),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
