/* tests/unit/test_report.c — output/report on a run context built in memory: a city of
   378 units with known figures. What the two PDFs (report.pdf, annex.pdf) say is read back
   through poppler
   (pdftotext, pdfinfo, pdffonts, pdftoppm) and compared with the figures put in, written
   out here by hand in the form the tables use. Also: two runs byte-identical, no phone or
   ID number, every unit's name present, the first pages not blank, time and size. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <stdio.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "output/report.h"
#include "pipeline/stats.h"
#include "rules/rules.h"

#define N_UNITS 378
#define N_TEAMS 40
#define N_VOL 3000
#define N_ACT 1200
#define N_PART 9000
#define N_DEM 120

static char dir[] = "/tmp/tz_test_report_XXXXXX";

static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf b = BUF_INIT;
    char chunk[8192];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        assert_int_equal(buf_append(&b, chunk, n), 0);
    pclose(p);
    assert_int_equal(buf_reserve(&b, 1), 0);
    b.data[b.len] = '\0';
    return buf_steal(&b);
}

/* Strings of the fake ledger live in one pool freed at the end. */
static buf pool_offsets;
static char *str(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    buf b = BUF_INIT;
    assert_int_equal(buf_vprintf(&b, fmt, ap), 0);
    va_end(ap);
    char *s = buf_steal(&b);
    assert_int_equal(buf_append(&pool_offsets, &s, sizeof s), 0);
    return s;
}

static void pool_free(void)
{
    char **p = (char **)pool_offsets.data;
    for (size_t i = 0; i < pool_offsets.len / sizeof *p; i++)
        mem_free(p[i]);
    buf_release(&pool_offsets);
}

typedef struct fixture {
    ledger l;
    figures f;
    bonus b;
    run_options opt;
    run_context rc;
    rules *rules;
    stats st;
    uint32_t outlier;
    double outlier_value;
    char *argv[4];
} fixture;

static const char *const CATEGORIES[] = {"医疗卫生", "畜牧养殖", "疫病防治", "党员教育",
                                         "法律宣传", "计生宣传", "文化服务", "科技宣传",
                                         "扶贫帮困", "环境整治", "植树造林", "其他"};

static ledger_date day_of(int month, int mday)
{
    struct tm tm = {0};
    tm.tm_year = 2025 - 1900;
    tm.tm_mon = month - 1;
    tm.tm_mday = mday;
    return (ledger_date)(timegm(&tm) / 86400);
}

static void build(fixture *x)
{
    memset(x, 0, sizeof *x);
    ledger *l = &x->l;
    figures *f = &x->f;
    l->year = 2025;
    l->n_units = N_UNITS;
    l->units = mem_calloc(N_UNITS, sizeof *l->units);
    f->units = mem_calloc(N_UNITS, sizeof *f->units);
    x->b.n_units = N_UNITS;
    x->b.units = mem_calloc(N_UNITS, sizeof *x->b.units);
    for (size_t u = 0; u < N_UNITS; u++) {
        l->units[u].id = str("U%04zu", u + 1);
        /* every 50th name is long enough to wrap in its column */
        l->units[u].name = u % 50 == 7 ?
            str("市第%zu机关委员会所属事业单位联合党支部（含下属服务中心与档案馆）", u + 1) :
            str("市第%zu机关党支部", u + 1);
        l->units[u].party_members = 20 + (int64_t)(u % 17);
        f->units[u].party_members = l->units[u].party_members;
        f->units[u].volunteers = 8;
        f->units[u].party_volunteers = (int64_t)(u % 9);
        f->units[u].active_volunteers = 6;
        f->units[u].person_times = 24;
        f->units[u].hours_tenths = u == 5 ? 9999 : 480 + (int64_t)(u % 7);
        f->units[u].activities_independent = (int64_t)(u % 4);
        f->units[u].activities_group = (int64_t)(u % 3);
        f->units[u].activities_committee = 1;
        f->units[u].beneficiaries = 100 + (int64_t)u;
        x->b.units[u].total_cents = (int64_t)((u * 37) % 301);
    }
    /* the default rules; each unit's points all under the first rule */
    buf rerr = BUF_INIT;
    assert_int_equal(rules_load_default(&x->rules, &rerr), TZ_OK);
    buf_release(&rerr);
    size_t n_rules = rules_count(x->rules);
    x->b.rules = x->rules;
    for (size_t u = 0; u < N_UNITS; u++) {
        x->b.units[u].lines = mem_calloc(n_rules, sizeof *x->b.units[u].lines);
        x->b.units[u].lines[0].final_cents = x->b.units[u].total_cents;
    }
    l->n_categories = 12;
    l->categories = mem_calloc(12, sizeof *l->categories);
    f->categories = mem_calloc(12, sizeof *f->categories);
    for (int c = 0; c < 12; c++) {
        l->categories[c] = str("%s", CATEGORIES[c]);
        f->categories[c] = (figures_group){100, 750, 3000, 900};
    }
    l->n_campaigns = 2;
    l->campaigns = mem_calloc(2, sizeof *l->campaigns);
    f->campaigns = mem_calloc(2, sizeof *f->campaigns);
    l->campaigns[0] = str("十个全覆盖");
    l->campaigns[1] = str("城乡环境综合整治");
    f->campaigns[0] = (figures_group){40, 300, 1200, 500};
    f->campaigns[1] = (figures_group){25, 180, 725, 260};
    for (int a = 0; a < AREA_COUNT; a++)
        f->areas[a] = (figures_group){200, 1500, 6000, 1800};
    for (int m = 0; m < 12; m++)
        f->months[m] = (figures_group){100, 750, 3000, 900};

    l->n_teams = N_TEAMS;
    l->teams = mem_calloc(N_TEAMS, sizeof *l->teams);
    f->teams = mem_calloc(N_TEAMS, sizeof *f->teams);
    for (size_t t = 0; t < N_TEAMS; t++) {
        l->teams[t].id = str("T%03zu", t + 1);
        l->teams[t].name = str("第%zu志愿服务队", t + 1);
        l->teams[t].unit = (int32_t)(t * 9);
        l->teams[t].type = t % 4 == 0 ? TEAM_YOUTH : TEAM_PARTY;
        f->teams[t] = (figures_team){75, 60, 225, (int64_t)(1000 + t * 10)};
    }
    l->n_volunteers = N_VOL;
    l->volunteers = mem_calloc(N_VOL, sizeof *l->volunteers);
    f->volunteer_hours_tenths = mem_calloc(N_VOL, sizeof *f->volunteer_hours_tenths);
    for (size_t v = 0; v < N_VOL; v++) {
        l->volunteers[v].id = str("V%05zu", v + 1);
        l->volunteers[v].name = str("志愿者甲乙%zu", v);
        l->volunteers[v].unit = (int32_t)(v % N_UNITS);
        l->volunteers[v].team = (int32_t)(v % N_TEAMS);
        l->volunteers[v].status = (political_status)(v % POL_COUNT);
        l->volunteers[v].phone_masked = str("138****%04zu", v);
        l->volunteers[v].id_number_masked = str("150702********%04zu", v);
        f->volunteer_hours_tenths[v] = v % 10 == 0 ? 0 : 30;
    }
    l->n_activities = N_ACT;
    l->activities = mem_calloc(N_ACT, sizeof *l->activities);
    for (size_t a = 0; a < N_ACT; a++) {
        ledger_activity *act = &l->activities[a];
        act->id = str("A%05zu", a + 1);
        act->date = day_of((int)(a % 12) + 1, (int)(a % 28) + 1);
        act->title = str("活动%zu", a);
        act->mode = (activity_mode)(a % MODE_COUNT);
        act->lead_unit = (int32_t)(a % N_UNITS);
        act->category = (int32_t)(a % 12);
        act->area = (area_type)(a % AREA_COUNT);
        act->demand = LEDGER_NONE;
        act->campaign = LEDGER_NONE;
        act->beneficiaries = 9;
    }
    l->n_participation = N_PART;
    l->participation = mem_calloc(N_PART, sizeof *l->participation);
    for (size_t p = 0; p < N_PART; p++)
        l->participation[p] = (ledger_participation){(uint32_t)(p % N_ACT),
                                                     (uint32_t)(p % N_VOL),
                                                     (uint32_t)(p % N_UNITS), 40, 0};
    l->n_demands = N_DEM;
    l->demands = mem_calloc(N_DEM, sizeof *l->demands);
    f->demand_first_activity = mem_calloc(N_DEM, sizeof *f->demand_first_activity);
    for (size_t d = 0; d < N_DEM; d++) {
        l->demands[d].id = str("D%04zu", d + 1);
        l->demands[d].submitted_on = day_of(1, 1);
        l->demands[d].category = (int32_t)(d % 12);
        l->demands[d].channel = d % 7 == 6 ? LEDGER_NONE : (int32_t)(d % CHANNEL_COUNT);
        /* 90 answered: activity d has date month d%12+1 */
        f->demand_first_activity[d] = d < 90 ? (int32_t)d : LEDGER_NONE;
    }
    f->n_results = 2;
    f->results = mem_calloc(2, sizeof *f->results);
    f->results[0] = (figures_result){"植树", "棵", 12500000, 12};
    f->results[1] = (figures_result){"清理垃圾", "吨", 32500, 5};
    for (int k = 0; k < LEDGER_FILE_COUNT; k++) {
        l->files[k].present = k != LEDGER_RESULTS;
        snprintf(l->files[k].encoding, sizeof l->files[k].encoding, "%s",
                 k == LEDGER_UNITS ? "GB18030" : "UTF-8-BOM");
        l->files[k].rows = 100 + (uint64_t)k;
        for (int i = 0; i < 32; i++)
            l->files[k].sha256[i] = (uint8_t)(k * 32 + i);
    }
    /* a warning whose value is a masked phone: must not be printed */
    problem_add(&l->problems, "volunteers.csv", 17, 8, SEV_WARNING, "id.checksum",
                "150702********1234", 18, "身份证号“%s”的校验位不对，请核对",
                "150702********1234");
    problem_add(&l->problems, "volunteers.csv", 18, 7, SEV_WARNING, "phone.format",
                "13812345678", 11, "联系电话 13812345678 的格式不对");
    problem_add(&l->problems, "activities.csv", 23, 0, SEV_WARNING, "activity.no_participants",
                "", 0, "活动 A00023 没有参与记录");

    f->ledger = l;
    f->apportion = APPORTION_SHARE;
    figures_city *c = &f->city;
    c->units = N_UNITS;
    c->units_with_volunteers = 371;
    c->teams_party = 30;
    c->teams_youth = 10;
    c->volunteers = N_VOL;
    c->party_volunteers = 1211;
    c->youth_volunteers = 600;
    c->party_members = 9876;
    c->active_volunteers = 2700;
    c->active_volunteers_total = 2750;
    c->person_times = N_PART;
    c->hours_tenths = 360005;          /* 36000.5 hours */
    c->activities = N_ACT;
    c->activities_independent = 400;
    c->activities_group = 400;
    c->activities_committee = 400;
    c->beneficiaries = 10800;
    c->donation_fen = 1234567;         /* 12345.67 yuan */
    c->demands = N_DEM;
    c->demands_answered = 90;
    c->median_response_half_days = 61; /* 30.5 days */

    x->opt.ledger_dir = "input/sample/2025";
    x->opt.out_dir = dir;
    x->opt.org_name = "某某市直属机关工委";
    static char arg0[] = "run", arg1[] = "input/sample/2025", arg2[] = "-o",
                arg3[] = "out/2025";
    x->argv[0] = arg0;
    x->argv[1] = arg1;
    x->argv[2] = arg2;
    x->argv[3] = arg3;
    x->opt.argc = 4;
    x->opt.argv = x->argv;
    x->rc.opt = &x->opt;
    x->rc.ledger = l;
    x->rc.figures = f;
    x->rc.bonus = &x->b;
    x->rc.rules = x->rules;

    /* statistics as pipeline/stats gives them: one outlier, unit U0006 (index 5) with
       999.9 hours for 6 active volunteers = 166.65 */
    stats *st = &x->st;
    st->figures[STATS_HOURS_PER_ACTIVE] = (stats_summary){
        377, stats_make(81.2), stats_make(7.1), stats_make(80.0), stats_make(80.1),
        stats_make(80.5), stats_make(80.8), stats_make(166.65)};
    st->outlier_fence = stats_make(82.9);
    x->outlier = 5;
    x->outlier_value = 999.9 / 6;
    st->outliers = &x->outlier;
    st->outlier_values = &x->outlier_value;
    st->n_outliers = 1;
    st->pearson = stats_make(0.1234);
    st->gini = stats_make(0.0567);
    x->rc.stats = st;
}

static void release(fixture *x)
{
    ledger *l = &x->l;
    figures *f = &x->f;
    mem_free(l->units);
    mem_free(l->teams);
    mem_free(l->volunteers);
    mem_free(l->activities);
    mem_free(l->participation);
    mem_free(l->demands);
    mem_free(l->categories);
    mem_free(l->campaigns);
    problem_list_release(&l->problems);
    mem_free(f->units);
    mem_free(f->categories);
    mem_free(f->campaigns);
    mem_free(f->teams);
    mem_free(f->volunteer_hours_tenths);
    mem_free(f->demand_first_activity);
    mem_free(f->results);
    for (size_t u = 0; u < N_UNITS; u++)
        mem_free(x->b.units[u].lines);
    mem_free(x->b.units);
    rules_free(x->rules);
    pool_free();
}

/* A chart as the charts stage writes one: an opaque white PNG, 960 × 600. */
static void make_chart(const char *name)
{
    char path[256];
    snprintf(path, sizeof path, "%s/charts", dir);
    mkdir(path, 0755);
    snprintf(path, sizeof path, "%s/charts/%s.png", dir, name);
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 960, 600);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0, 0.45, 0.70);
    for (int i = 0; i < 12; i++)
        cairo_rectangle(cr, 60 + i * 70, 550 - 30 * i, 40, 30 * i + 10);
    cairo_fill(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

/* pdftotext of OUT/name, spaces and line ends removed (poppler's warnings would be in it) */
static char *flat_text(const char *name)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "pdftotext '%s/%s' - 2>&1 | tr -d ' \\n\\f'", dir, name);
    return run(cmd);
}

static void test_report(void **state)
{
    (void)state;
    fixture x;
    build(&x);
    make_chart("03-categories");
    make_chart("05-months");
    char cmd[800];
    buf err = BUF_INIT;
    assert_int_equal(report_write_err(&x.rc, dir, &err), TZ_OK);
    snprintf(cmd, sizeof cmd, "cd '%s' && cp report.pdf first.pdf && cp annex.pdf first-annex.pdf",
             dir);
    free(run(cmd));
    assert_int_equal(report_write_err(&x.rc, dir, &err), TZ_OK);
    assert_int_equal(err.len, 0);

    snprintf(cmd, sizeof cmd, "cd '%s' && cmp -s report.pdf first.pdf && "
             "cmp -s annex.pdf first-annex.pdf && echo same", dir);
    char *out = run(cmd);
    assert_string_equal(out, "same\n");
    free(out);

    snprintf(cmd, sizeof cmd, "stat -c %%s '%s/report.pdf' '%s/annex.pdf'", dir, dir);
    out = run(cmd);
    char *end;
    assert_true(strtol(out, &end, 10) < 5 * 1024 * 1024);
    assert_true(strtol(end, NULL, 10) < 5 * 1024 * 1024);
    free(out);

    /* the body a leader reads: at most 16 pages; the annex carries the 378 units twice */
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/report.pdf' 2>&1 | awk '/^Pages:/ {print $2}'", dir);
    out = run(cmd);
    long pages = strtol(out, NULL, 10);
    assert_true(pages >= 8 && pages <= 16);
    free(out);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/annex.pdf' 2>&1 | awk '/^Pages:/ {print $2}'", dir);
    out = run(cmd);
    pages = strtol(out, NULL, 10);
    assert_true(pages >= 15 && pages <= 60);
    free(out);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s/report.pdf' 2>&1 | grep -c -e '^Title: *市直机关党员志愿"
             "服务2025年度工作报告$' -e '^Subject: .*某某市直属机关工委'; "
             "pdfinfo '%s/annex.pdf' | grep -c '^Title: *市直机关党员志愿服务2025年度工作报告（附件）$'; "
             "cat '%s/report.pdf' '%s/annex.pdf' | grep -ac '/PageMode /UseOutlines'",
             dir, dir, dir, dir);
    out = run(cmd);
    assert_string_equal(out, "2\n1\n2\n");      /* both open with their bookmarks shown */
    free(out);

    snprintf(cmd, sizeof cmd, "pdffonts '%s/report.pdf' '%s/annex.pdf' 2>/dev/null | "
             "grep -v '^name\\|^---' | awk '$(NF-4) != \"yes\"' | wc -l", dir, dir);
    out = run(cmd);
    assert_string_equal(out, "0\n");
    free(out);

    char *body = flat_text("report.pdf");
    assert_null(strstr(body, "Warning"));
    assert_null(strstr(body, "Error"));
    /* headline figures in the genre's forms, worked out by hand from the fixture */
    const char *expected[] = {
        "全年开展志愿服务活动1200次", "志愿者参与服务9000人次",
        "累计服务3.60万小时" /* 36000.5 h */, "受益群众1.08万人次" /* 10800 */,
        "捐赠款物1.23万元" /* 12345.67 元 */, "党员志愿者参与率12.3%" /* 1211/9876 */,
        "需求响应率75.0%" /* 90/120 */, "天数中位数为30.5天", "371个单位登记了志愿者",
        /* 表1 with separators */
        "9,876", "36,000.5", "12,345.67", "10,800", "1,211",
        /* results: 12500000e-4 = 1,250 and 32500e-4 = 3.25, one column: two decimals */
        "1,250.00棵", "3.25吨"};
    for (size_t i = 0; i < sizeof expected / sizeof expected[0]; i++)
        if (!strstr(body, expected[i]))
            fail_msg("%s not in the body", expected[i]);
    const char *chapters[] = {"一、总体情况", "二、主要做法和成效", "三、考核加分情况",
                              "四、存在的问题", "五、下一步工作建议", "目录"};
    for (size_t i = 0; i < sizeof chapters / sizeof chapters[0]; i++)
        assert_non_null(strstr(body, chapters[i]));
    /* 落款 at the end: the committee, then the date, then the footer */
    assert_non_null(strstr(body, "某某市直属机关工委2025年12月"));
    /* the rules in force as the 考核细则, in Chinese words, no codes */
    assert_non_null(strstr(body, "独立开展志愿服务得分＝0.2×独立开展活动数1.00"));
    assert_non_null(strstr(body, "参加工委统一组织活动"));
    assert_non_null(strstr(body, "响应群众点菜需求"));
    assert_non_null(strstr(body, "服务人次＞0"));
    assert_non_null(strstr(body, "总分上限"));
    assert_null(strstr(body, "person_times"));
    assert_null(strstr(body, "taizhang"));
    assert_null(strstr(body, "Pearson"));
    /* the two charts present, numbered in order, their captions from output/charts */
    assert_non_null(strstr(body, "图1各服务类别参与人次和受益群众"));
    assert_non_null(strstr(body, "图2各月活动次数和参与人次"));
    assert_null(strstr(body, "图3"));
    /* numbered tables with their sources */
    assert_non_null(strstr(body, "表1"));
    assert_non_null(strstr(body, "数据来源：tables/summary.csv"));
    assert_non_null(strstr(body, "数据来源：tables/political.csv"));
    assert_null(strstr(body, "138****"));
    assert_null(strstr(body, "志愿者甲乙"));
    free(body);

    char *annex = flat_text("annex.pdf");
    for (size_t u = 0; u < N_UNITS; u++) {
        const char *name = x.l.units[u].name;
        buf nospace = BUF_INIT;
        for (const char *p = name; *p; p++)
            if (*p != ' ')
                buf_putc(&nospace, *p);
        if (!strstr(annex, nospace.data))
            fail_msg("unit %s not in the annex", name);
        buf_release(&nospace);
    }
    /* the outlier: unit U0006 has 999.9 hours for 6 volunteers = 166.65 per volunteer */
    assert_non_null(strstr(annex, "166.6500"));
    assert_non_null(strstr(annex, "82.9000"));
    assert_non_null(strstr(annex, "皮尔逊（Pearson）0.1234"));
    assert_non_null(strstr(annex, "附表1"));
    assert_non_null(strstr(annex, "数据来源：tables/units.csv"));
    /* the hashes whole, each on its line: units.csv's bytes 0..31 */
    assert_non_null(strstr(annex, "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"));
    /* no phone, no ID number (not even masked), no volunteer's name */
    assert_null(strstr(annex, "138****"));
    assert_null(strstr(annex, "13812345678"));
    assert_null(strstr(annex, "150702"));
    assert_null(strstr(annex, "志愿者甲乙"));
    free(annex);

    /* the first pages are not blank: some dark pixels in a grey rendering */
    snprintf(cmd, sizeof cmd, "cd '%s' && pdftoppm -r 20 -gray -f 1 -l 3 report.pdf pg && "
             "for f in pg-*.pgm; do tail -c +16 $f | od -An -tu1 -v | tr -s ' ' '\\n' | "
             "awk '$1 != \"\" && $1 < 128 {n++} END {print (n > 20) ? \"ink\" : \"blank\"}'; done",
             dir);
    out = run(cmd);
    assert_string_equal(out, "ink\nink\nink\n");
    free(out);

    buf_release(&err);
    release(&x);
}

/* With last year's figures: the changes in words, worked out by hand; a fall named in 一
   and stated as a problem in 四 (6.3 % ≥ 5 %). */
static void test_previous_year(void **state)
{
    (void)state;
    fixture x;
    build(&x);
    figures prev = x.f;
    prev.city.activities = 1000;        /* 1200 now: +200, +20.0% */
    prev.city.person_times = 9600;      /* 9000 now: −600, −6.25% → 6.3% */
    prev.city.hours_tenths = 360005;    /* the same */
    prev.city.beneficiaries = 0;        /* from nothing: no percentage */
    x.rc.previous_figures = &prev;
    x.l.n_units = 20;
    x.b.n_units = 20;
    assert_int_equal(report_write_err(&x.rc, dir, NULL), TZ_OK);
    char *out = flat_text("report.pdf");
    assert_non_null(strstr(out, "全年开展志愿服务活动1200次，比上年增长20.0%"));
    assert_non_null(strstr(out, "志愿者参与服务9000人次，减少600人次、下降6.3%"));
    assert_non_null(strstr(out, "累计服务3.60万小时，与上年持平"));
    assert_non_null(strstr(out, "受益群众1.08万人次，增加1.08万人次"));
    assert_non_null(strstr(out, "下降的指标有：参与服务（减少600人次，下降6.3%）"));
    assert_non_null(strstr(out, "参与服务人次9000人次，比上年减少600人次，下降6.3%"));
    /* the change column: (1200 − 1000)/1000, (9000 − 9600)/9600; the rate unchanged */
    assert_non_null(strstr(out, "+20.0%"));
    assert_non_null(strstr(out, "-6.3%"));
    assert_non_null(strstr(out, "党员志愿者参与率%12.3%12.3%持平"));
    free(out);
    release(&x);
}

static void test_unwritable_path(void **state)
{
    (void)state;
    fixture x;
    build(&x);
    buf err = BUF_INIT;
    assert_int_equal(report_write_err(&x.rc, "/nonexistent-dir", &err), TZ_CANTCREAT);
    assert_non_null(strstr(err.data, "/nonexistent-dir/report.pdf"));
    buf_release(&err);
    release(&x);
}

/* Running out of memory anywhere (libharu's allocations included) gives TZ_NOMEM, never a
   crash or a report claimed written. A smaller city keeps this fast. */
static void test_out_of_memory(void **state)
{
    (void)state;
    fixture x;
    build(&x);
    x.l.n_units = 12;
    x.b.n_units = 12;
    x.l.n_teams = 3;
    x.l.n_activities = 30;
    x.l.n_participation = 60;
    x.l.n_demands = 10;
    long before = mem_allocations();
    assert_int_equal(report_write_err(&x.rc, dir, NULL), TZ_OK);
    long total = mem_allocations() - before;
    /* failing allocations spread over the whole run, the last few included */
    const long nth[] = {1, 2, 5, 20, 100, 400, total / 4, total / 2, 3 * total / 4,
                        total - 10, total - 1, total};
    for (size_t i = 0; i < sizeof nth / sizeof nth[0]; i++) {
        buf err = BUF_INIT;
        mem_fail_after(nth[i]);
        tz_status s = report_write_err(&x.rc, dir, &err);
        mem_fail_after(0);
        if (s != TZ_NOMEM)
            fail_msg("allocation %ld failing gave status %d: %s", nth[i], (int)s, err.data ? err.data : "");
        buf_release(&err);
    }
    release(&x);
}

static int setup(void **state)
{
    (void)state;
    setenv("SOURCE_DATE_EPOCH", "", 1);
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return getenv("TZ_KEEP") ? 0 : system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_report),
        cmocka_unit_test(test_previous_year),
        cmocka_unit_test(test_unwritable_path),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
