/* output/report_judge.c — the body's judgements: the problems of 四、存在的问题, each found
   by a stated threshold (report_int.h JUDGE_*, listed in docs/report.md and the annex's
   口径说明), and for each the suggestion of 五、下一步工作建议 that answers it; with no
   problem found the two chapters say so. Comparisons are exact (cross-multiplied counts).
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/breakdowns,
   output/pdf, output/report_int. */
#include "output/report_int.h"
#include "base/mem.h"

#include <inttypes.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)

void report_findings_free(findings *fd)
{
    for (size_t i = 0; i < fd->n; i++) {
        mem_free(fd->items[i].problem);
        mem_free(fd->items[i].suggestion);
    }
    mem_free(fd->items);
    mem_free(fd->fell);
    memset(fd, 0, sizeof *fd);
}

static char *vdup(const char *fmt, va_list ap)
{
    buf b = BUF_INIT;
    if (buf_vprintf(&b, fmt, ap) != 0 || buf_reserve(&b, 0) != 0) {
        buf_release(&b);
        return NULL;
    }
    return b.data;
}

static char *dup_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *dup_printf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = vdup(fmt, ap);
    va_end(ap);
    return t;
}

/* Adds a finding; problem and suggestion are taken (freed on failure). */
static tz_status add(report *r, finding_kind k, char *fact, char *suggestion)
{
    findings *fd = &r->fd;
    if (!fact || !suggestion || r->oom ||
        mem_grow(&fd->items, &fd->cap, fd->n + 1, sizeof *fd->items) != 0) {
        mem_free(fact);
        mem_free(suggestion);
        return TZ_NOMEM;
    }
    fd->items[fd->n++] = (finding){k, fact, suggestion};
    return TZ_OK;
}

/* A count fell by JUDGE_FALL_PERCENT or more: (before − now)·100 ≥ k·before. */
static int fell_much(int64_t now, int64_t before)
{
    return before > 0 && now < before && (before - now) * 100 >= JUDGE_FALL_PERCENT * before;
}

/* The headline counts watched for a fall, with what to do about one. */
static const struct {
    const char *label, *unit;
    size_t offset;                 /* into figures_city */
    int places;
    const char *suggestion;
} WATCHED[] = {
    {"志愿服务活动", "次", offsetof(figures_city, activities), 0,
     "把活动开展情况纳入季度调度，对活动次数明显减少的单位逐一了解原因，督促按计划开展。"},
    {"参与服务人次", "人次", offsetof(figures_city, person_times), 0,
     "在活动组织中更多动员在职党员报到参与，推动志愿服务由少数骨干向全体党员延伸。"},
    {"服务时长", "小时", offsetof(figures_city, hours_tenths), 1,
     "引导各单位开展常态化、长时段服务项目，避免“一次性”活动，提高服务的持续性。"},
    {"受益群众", "人次", offsetof(figures_city, beneficiaries), 0,
     "围绕群众需求集中的领域和区域安排服务，扩大服务覆盖面。"},
    {"注册志愿者", "人", offsetof(figures_city, volunteers), 0,
     "做好志愿者招募和注册，及时补充退出的志愿者，保持队伍规模稳定。"},
    {"党员志愿者", "人", offsetof(figures_city, party_volunteers), 0,
     "动员在职党员注册为志愿者，把党员参与志愿服务情况作为党支部工作的重要内容。"},
    {"参与服务的志愿者", "人", offsetof(figures_city, active_volunteers), 0,
     "对注册后未参加服务的志愿者逐人联系，结合其特长安排服务岗位。"},
    {"捐赠款物", "元", offsetof(figures_city, donation_fen), 2,
     "规范捐赠款物的登记和使用公示，结合专项行动组织好帮扶捐赠。"},
};

static int64_t city_field(const figures_city *c, size_t offset)
{
    int64_t v;
    memcpy(&v, (const char *)c + offset, sizeof v);
    return v;
}

static tz_status headline_falls(report *r)
{
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    tz_status s = TZ_OK;
    if (!p)
        return TZ_OK;
    for (size_t i = 0; i < sizeof WATCHED / sizeof WATCHED[0]; i++) {
        int64_t now = city_field(c, WATCHED[i].offset), before = city_field(p, WATCHED[i].offset);
        if (!fell_much(now, before))
            continue;
        report_reset(r);
        TRY(add(r, FIND_HEADLINE_FELL,
                dup_printf("%s%s，比上年%s，降幅达到%d%%以上。", WATCHED[i].label,
                           report_amount(r, now, WATCHED[i].places, WATCHED[i].unit),
                           report_change(r, now, before, WATCHED[i].places, WATCHED[i].unit),
                           JUDGE_FALL_PERCENT),
                dup_printf("%s", WATCHED[i].suggestion)));
    }
out:
    return s;
}

/* Demands: answered fewer, the rate under the floor or down, slower answers. One finding
   with every fact that met its threshold. */
static tz_status demand_findings(report *r)
{
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    tz_status s = TZ_OK;
    if (c->demands <= 0)
        return TZ_OK;
    buf facts = BUF_INIT;
    report_reset(r);
    int bad = 0;
    /* answered/demands < floor%: answered·100 < floor·demands */
    int low = c->demands_answered * 100 < JUDGE_ANSWER_RATE_FLOOR * c->demands;
    int64_t pts = 0;
    int rate_fell = 0;
    if (p && p->demands > 0) {
        report_points(r, c->demands_answered, c->demands, p->demands_answered, p->demands, &pts);
        rate_fell = pts <= -10 * JUDGE_RATE_FALL_POINTS;
    }
    int answered_fell = p && fell_much(c->demands_answered, p->demands_answered);
    int slow = c->median_response_half_days > 2 * JUDGE_SLOW_DAYS ||
               (p && p->median_response_half_days >= 0 && c->median_response_half_days >= 0 &&
                c->median_response_half_days - p->median_response_half_days >= 2);
    if (!low && !rate_fell && !answered_fell && !slow)
        return TZ_OK;
    bad |= buf_printf(&facts, "群众“点菜”需求%s，已响应%s", report_count(r, c->demands, "项"),
                      report_count(r, c->demands_answered, "项"));
    if (answered_fell)
        bad |= buf_printf(&facts, "，比上年%s",
                          report_change(r, c->demands_answered, p->demands_answered, 0, "项"));
    bad |= buf_printf(&facts, "；响应率%s", report_pct(r, c->demands_answered, c->demands));
    if (low)
        bad |= buf_printf(&facts, "，低于%d%%", JUDGE_ANSWER_RATE_FLOOR);
    if (rate_fell)
        bad |= buf_printf(&facts, "，比上年%s",
                          report_points(r, c->demands_answered, c->demands, p->demands_answered,
                                        p->demands, NULL));
    bad |= buf_printf(&facts, "，尚有%" PRId64 "项需求未响应",
                      c->demands - c->demands_answered);
    if (slow && c->median_response_half_days >= 0) {
        bad |= buf_printf(&facts, "；从提出到首次响应的天数中位数为%s天",
                          report_fixed(r, c->median_response_half_days * 5, 1));
        if (p && p->median_response_half_days >= 0 &&
            c->median_response_half_days > p->median_response_half_days)
            bad |= buf_printf(&facts, "，比上年延长%s天",
                              report_fixed(r, (c->median_response_half_days -
                                               p->median_response_half_days) * 5, 1));
    }
    bad |= buf_puts(&facts, "。");
    if (bad) {
        buf_release(&facts);
        return TZ_NOMEM;
    }
    s = add(r, FIND_ANSWER_RATE_LOW, dup_printf("%s", facts.data),
            dup_printf("建立需求响应台账，对尚未响应的%" PRId64 "项需求逐项明确牵头单位和办理时限，"
                       "每月通报响应进度%s。",
                       c->demands - c->demands_answered,
                       slow ? report_fmt(r, "，力争首次响应不超过%d天", JUDGE_SLOW_DAYS) : ""));
    buf_release(&facts);
    return s;
}

static tz_status participation(report *r)
{
    const figures_city *c = &r->f->city;
    const figures_city *p = r->rc->previous_figures ? &r->rc->previous_figures->city : NULL;
    const breakdowns *bd = r->bd;
    int64_t with_members = (int64_t)r->l->n_units - bd->bands[BAND_NO_MEMBERS];
    int many_low = with_members > 0 &&
                   bd->bands[BAND_UNDER_20] * 100 > JUDGE_LOW_RATE_SHARE * with_members;
    int64_t pts = 0;
    if (p && p->party_members > 0 && c->party_members > 0)
        report_points(r, c->party_volunteers, c->party_members, p->party_volunteers,
                      p->party_members, &pts);
    int fell = pts <= -10 * JUDGE_RATE_FALL_POINTS;
    if (!many_low && !fell)
        return TZ_OK;
    report_reset(r);
    return add(r, fell ? FIND_RATE_FELL : FIND_PARTICIPATION_LOW,
               dup_printf("党员志愿者参与率为%s%s；%s有党员的单位中，%s单位参与率低于20%%，占%s%s。",
                          report_pct(r, c->party_volunteers, c->party_members),
                          fell ? report_fmt(r, "，比上年%s",
                                            report_points(r, c->party_volunteers,
                                                          c->party_members, p->party_volunteers,
                                                          p->party_members, NULL)) : "",
                          report_count(r, with_members, "个"),
                          report_count(r, bd->bands[BAND_UNDER_20], "个"),
                          report_pct(r, bd->bands[BAND_UNDER_20], with_members),
                          many_low ? "，超过一半" : ""),
               dup_printf("对参与率低于20%%的%s单位逐一督导，推动在职党员全部注册为志愿者，"
                          "力争明年参与率低于20%%的单位减少一半。",
                          report_count(r, bd->bands[BAND_UNDER_20], "个")));
}

static tz_status idle_units(report *r)
{
    const ledger *l = r->l;
    buf names = BUF_INIT;
    int64_t n = 0;
    int bad = 0;
    for (size_t k = 0; k < l->n_units; k++) {
        size_t u = r->by_id[k];
        if (r->f->units[u].person_times > 0)
            continue;
        if (n < 10)
            bad |= buf_printf(&names, "%s%s", n ? "、" : "", l->units[u].name);
        n++;
    }
    if (bad) {
        buf_release(&names);
        return TZ_NOMEM;
    }
    tz_status s = TZ_OK;
    if (n > 0) {
        report_reset(r);
        s = add(r, FIND_UNITS_IDLE,
                dup_printf("%s单位全年没有志愿服务参与记录：%s%s。", report_count(r, n, "个"),
                           names.data, n > 10 ? "等（全部见附件1）" : ""),
                dup_printf("对全年无参与记录的%s单位逐一核实，确属未开展的，由联系领导督促制定"
                           "计划并在下一季度内组织开展；确属漏报的，补录台账。",
                           report_count(r, n, "个")));
    }
    buf_release(&names);
    return s;
}

static tz_status categories(report *r)
{
    const ledger *l = r->l;
    const breakdowns *bd = r->bd;
    buf names = BUF_INIT;
    int64_t n = 0, open = 0;
    int bad = 0;
    report_reset(r);
    for (size_t k = 0; k < l->n_categories; k++) {
        /* answered·2 < demands: under half answered */
        if (bd->category[k] < JUDGE_CATEGORY_MIN || bd->category_answered[k] * 2 >= bd->category[k])
            continue;
        bad |= buf_printf(&names, "%s“%s”（%" PRId64 "项中响应%" PRId64 "项）", n ? "、" : "",
                          l->categories[k], bd->category[k], bd->category_answered[k]);
        open += bd->category[k] - bd->category_answered[k];
        n++;
    }
    tz_status s = TZ_OK;
    if (bad)
        s = TZ_NOMEM;
    else if (n > 0)
        s = add(r, FIND_CATEGORY_UNANSWERED,
                dup_printf("部分类别的群众需求大多未得到响应：%s。", names.data),
                dup_printf("对上述%" PRId64 "类需求（未响应%" PRId64 "项），按类别组建或指定"
                           "对口服务队，把这些需求列入下一年度“组团式”服务的重点。", n, open));
    buf_release(&names);
    return s;
}

static tz_status bonus_flat(report *r)
{
    if (!r->b || !r->rc->rules || rules_total_cap_cents(r->rc->rules) <= 0)
        return TZ_OK;
    int64_t cap = rules_total_cap_cents(r->rc->rules), at = 0, n = (int64_t)r->b->n_units;
    for (size_t u = 0; u < r->b->n_units; u++)
        at += r->b->units[u].total_cents == cap;
    if (n == 0 || at * 100 < JUDGE_FLAT_SHARE * n)
        return TZ_OK;
    report_reset(r);
    return add(r, FIND_BONUS_FLAT,
               dup_printf("%s单位达到考核加分总分上限%s分，占全部单位的%s，考核细则难以区分"
                          "这些单位工作量和成效的差别（见第三部分）。",
                          report_count(r, at, "个"), report_fixed(r, cap, 2),
                          report_pct(r, at, n)),
               dup_printf("修订考核细则，提高单项上限或改为分档计分，增加服务时长、受益人次、"
                          "需求响应等体现成效的条目，使达到总分上限的单位不超过三分之一。"));
}

static tz_status ledger_findings(report *r)
{
    const problem_list *pl = &r->l->problems;
    if (pl->warnings == 0 && r->dropped == 0)
        return TZ_OK;
    report_reset(r);
    tz_status s = add(r, FIND_LEDGER,
        dup_printf("台账填报质量有待提高：校验发现警告%zu处%s（逐条见附件5）。", pl->warnings,
                   r->dropped ? report_fmt(r, "，%" PRIu64 "条记录因错误未计入统计", r->dropped) : ""),
        dup_printf("将附件5所列问题清单反馈各单位，限期核对更正；对台账填报人员开展一次集中培训，"
                   "下一年度按月校验台账。"));
    return s;
}

tz_status report_judge(report *r)
{
    tz_status s;
    buf fell = BUF_INIT;
    int n = report_fallen(r, &fell);
    if (n < 0) {
        buf_release(&fell);
        return TZ_NOMEM;
    }
    r->fd.fell = n > 0 ? fell.data : NULL;
    if (n == 0)
        buf_release(&fell);
    TRY(demand_findings(r));
    TRY(participation(r));
    TRY(headline_falls(r));
    TRY(idle_units(r));
    TRY(categories(r));
    TRY(bonus_flat(r));
    TRY(ledger_findings(r));
out:
    report_reset(r);
    return r->oom ? TZ_NOMEM : s;
}

/* ---- 四 and 五 ------------------------------------------------------------------------ */

static const char *const ORDINALS[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十",
                                       "十一", "十二", "十三", "十四", "十五", "十六"};

static const char *ordinal(size_t i)
{
    return i < sizeof ORDINALS / sizeof ORDINALS[0] ? ORDINALS[i] : "十六";
}

tz_status report_problems(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 1, "四、存在的问题"));
    if (r->fd.n == 0) {
        TRY(report_para(r, "按附件6所列的判断标准，本年度各项数据未发现需要专门指出的问题。"));
        goto out;
    }
    report_reset(r);
    TRY(report_para(r, report_fmt(r, "对照附件6所列的判断标准，本年度工作主要存在以下%s方面的"
                                  "问题。", report_count(r, (int64_t)r->fd.n, "个"))));
    for (size_t i = 0; i < r->fd.n; i++) {
        report_reset(r);
        TRY(report_para(r, report_fmt(r, "（%s）%s", ordinal(i), r->fd.items[i].problem)));
    }
out:
    return s;
}

tz_status report_next(report *r)
{
    tz_status s;
    TRY(pdf_heading(r->d, 1, "五、下一步工作建议"));
    if (r->fd.n == 0) {
        TRY(report_para(r, "各项指标均未触及判断标准，建议保持现有工作安排，继续按月登记台账。"));
        goto out;
    }
    TRY(report_para(r, "针对上述问题，建议下一步重点做好以下工作。"));
    for (size_t i = 0; i < r->fd.n; i++) {
        report_reset(r);
        TRY(report_para(r, report_fmt(r, "（%s）针对第%s个问题：%s", ordinal(i), ordinal(i),
                                      r->fd.items[i].suggestion)));
    }
out:
    return s;
}
