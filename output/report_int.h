/* output/report_int.h — private to the report (report.c and report_*.c): the state of one
   document being written (the body report.pdf or the annex annex.pdf), the number forms of
   the genre, numbered tables with their sources, and the findings the body's judgements
   are written from. Not for other modules.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf,
   output/breakdowns. */
#ifndef TZ_REPORT_INT_H
#define TZ_REPORT_INT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "output/breakdowns.h"
#include "output/pdf.h"
#include "output/report.h"
#include "output/run.h"

/* ---- findings: what 四、存在的问题 states and 五、下一步工作建议 answers (report_judge.c) */

typedef enum {
    FIND_HEADLINE_FELL,        /* a headline count or amount fell by FALL_PERCENT or more */
    FIND_RATE_FELL,            /* a headline rate fell by RATE_FALL_POINTS or more */
    FIND_ANSWER_RATE_LOW,      /* demand answer rate under ANSWER_RATE_FLOOR */
    FIND_ANSWER_SLOW,          /* median days to answer over SLOW_DAYS, or slower by 1 day */
    FIND_PARTICIPATION_LOW,    /* more than half the units under the 20% band */
    FIND_UNITS_IDLE,           /* units with no participation at all */
    FIND_CATEGORY_UNANSWERED,  /* a category of demand with ≥ 5 demands, under half answered */
    FIND_BONUS_FLAT,           /* a third or more of the units at the total cap */
    FIND_LEDGER,               /* ledger problems (errors dropped, warnings) by unit/file */
    FIND_COUNT
} finding_kind;

typedef struct finding {
    finding_kind kind;
    char *problem;             /* one sentence with its figures */
    char *suggestion;          /* what to do about it */
} finding;

typedef struct findings {
    finding *items;            size_t n, cap;
    /* the headline figures that fell, named in 一 ("已响应需求（减少26项，下降17.3%）") */
    char *fell;                /* NULL when none fell or no previous year */
} findings;

/* ---- the thresholds of the judgements (docs/report.md lists them) ---- */
#define JUDGE_FALL_PERCENT 5          /* a headline count falling by 5% or more */
#define JUDGE_RATE_FALL_POINTS 5      /* a rate falling by 5 percentage points or more */
#define JUDGE_ANSWER_RATE_FLOOR 60    /* demand answer rate under 60% */
#define JUDGE_SLOW_DAYS 10            /* median days to answer over 10 */
#define JUDGE_LOW_RATE_SHARE 50       /* more than half the units under 20% participation */
#define JUDGE_CATEGORY_MIN 5          /* a demand category counted when it has ≥ 5 demands */
#define JUDGE_FLAT_SHARE 33           /* a third of the units or more at the total cap */

typedef struct report {
    const run_context *rc;
    const ledger *l;
    const figures *f;
    const bonus *b;            /* NULL when the rules were not applied */
    breakdowns *bd;
    findings fd;
    pdf_doc *d;
    buf *err;
    int annex;                 /* writing annex.pdf: tables are 附表N */
    int year;
    ledger_date data_day;
    buf title;
    const char *charts_dir;
    int n_charts;              /* charts embedded so far, for their numbers */
    int n_tables;              /* tables so far, for their numbers */
    uint8_t digest[32];        /* the inputs' fingerprint */
    char short_fp[17];
    uint8_t rules_sha[32];
    int has_rules_sha;
    uint64_t dropped;          /* ledger rows left out (lenient mode) */
    size_t *order;             /* units by points, then id */
    size_t *by_id;             /* units by id */
    uint32_t *rank;            /* [unit] 1-based rank by points (rules/spread), with rules */
    char **strs;               size_t n_strs, cap_strs;
    int oom;
} report;

extern const pdf_style REPORT_BODY, REPORT_NOTE;

void report_oom(report *r);
/* Formatted strings that live until report_reset; "" (and r->oom) when out of memory. */
const char *report_fmt(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_reset(report *r);
const char *report_int(report *r, int64_t v);                 /* "818672" */
const char *report_fixed(report *r, int64_t scaled, int places);
const char *report_pct(report *r, int64_t num, int64_t den);  /* "21.1%", "—" over 0 */

/* Numbers in running text: below 1万 as they are ("3530次"), from 1万 on in 万 with two
   decimals ("81.87万人次"); scaled values (tenths of hours, fen) likewise. The unit
   follows without a space. */
const char *report_count(report *r, int64_t v, const char *unit);
const char *report_amount(report *r, int64_t scaled, int places, const char *unit);
/* In tables: thousands separators, the decimals given ("818,672", "139,369.1"). */
const char *report_grouped(report *r, int64_t scaled, int places);
/* Change of a count against last year: "增加311次，增长9.7%", "减少26项，下降17.3%",
   "持平"; with before 0 only the difference. */
const char *report_change(report *r, int64_t now, int64_t before, int places,
                          const char *unit);
/* Change of a rate num/den in percentage points, one decimal: "提高1.5个百分点",
   "下降16.4个百分点", "持平". *points gets the signed change in tenths of a point. */
const char *report_points(report *r, int64_t an, int64_t ad, int64_t bn, int64_t bd,
                          int64_t *points);
const char *report_date(report *r, ledger_date day);          /* "2025年3月5日" */
const char *report_hex(report *r, const uint8_t *bytes, size_t n);

tz_status report_row(report *r, const char *const *cells, unsigned flags);
tz_status report_para(report *r, const char *text);
tz_status report_note(report *r, const char *text);
/* A numbered table: "表N　title" above (附表N in the annex), "数据来源：source" below
   (a file under OUT, e.g. "tables/political.csv"), rows announced for the page breaks. */
tz_status report_table(report *r, const char *title, const char *source, size_t rows,
                       const pdf_column *cols, size_t n_cols, double size);
tz_status report_table_end(report *r);
/* Embeds <charts>/<file>.png with its caption from output/charts (CHARTS[].title),
   numbered; nothing when the charts stage did not draw it. */
tz_status report_chart(report *r, const char *file);

/* Ranked helpers. */
int64_t report_units_with_bonus(const report *r);

/* ---- the body (report.pdf) ---- */
tz_status report_overview(report *r);   /* 一、总体情况 */
tz_status report_work(report *r);       /* 二、主要做法和成效 */
tz_status report_supply(report *r);     /* 二 之 供需对照 (report_supply.c) */
tz_status report_assess(report *r);     /* 三、考核加分情况 */
tz_status report_problems(report *r);   /* 四、存在的问题 */
tz_status report_next(report *r);       /* 五、下一步工作建议 */

/* The headline figures of 表1 that fell against last year, named one after the other
   ("已响应需求（减少26项，下降17.3%）、需求响应率（下降16.4个百分点）"), appended to out;
   nothing without a previous year. Returns how many, -1 out of memory (report_body.c). */
int report_fallen(report *r, buf *out);

/* Works out r->fd from the figures (report_judge.c). TZ_NOMEM. */
tz_status report_judge(report *r);
void report_findings_free(findings *fd);

/* ---- the annex (annex.pdf) ---- */
tz_status annex_units(report *r);        /* 附件1 各单位主要数据 */
tz_status annex_ranking(report *r);      /* 附件2 考核加分得分与排名 */
tz_status annex_teams(report *r);        /* 附件3 志愿服务队 */
tz_status annex_statistics(report *r);   /* 附件4 统计量与异常值 */
tz_status annex_quality(report *r);      /* 附件5 数据质量 */
tz_status annex_definitions(report *r);  /* 附件6 口径说明 */
tz_status annex_sources(report *r);      /* 附件7 数据来源与复核 */

#endif
