/* output/report_int.h — private to the report (report.c and report_*.c): the state of one
   report being written and the helpers the sections share. Not for other modules. */
#ifndef TZ_REPORT_INT_H
#define TZ_REPORT_INT_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "output/pdf.h"
#include "output/report.h"
#include "output/run.h"

typedef struct report {
    const run_context *rc;
    const ledger *l;
    const figures *f;
    const bonus *b;            /* NULL when the rules were not applied */
    pdf_doc *d;
    buf *err;
    int year;
    ledger_date data_day;
    buf title;
    const char *charts_dir;
    int n_charts;              /* charts embedded so far, for their numbers */
    int n_tables;              /* tables numbered so far (表1 …) */
    uint8_t digest[32];        /* the inputs' fingerprint */
    char short_fp[17];
    uint8_t rules_sha[32];
    int has_rules_sha;
    size_t *order;             /* units by points, then id */
    size_t *by_id;             /* units by id */
    size_t *rank;              /* [unit] 1-based rank by points */
    char **strs;               size_t n_strs, cap_strs;
    int oom;
} report;

extern const char *const REPORT_AREA_NAMES[AREA_COUNT];
extern const char *const REPORT_CHANNEL_NAMES[CHANNEL_COUNT];
extern const char *const REPORT_POLITICAL_NAMES[POL_COUNT];
extern const char *const REPORT_MODE_NAMES[MODE_COUNT];
extern const pdf_style REPORT_BODY, REPORT_NOTE;

void report_oom(report *r);
/* Formatted strings that live until report_reset; "" (and r->oom) when out of memory. */
const char *report_fmt(report *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void report_reset(report *r);
const char *report_int(report *r, int64_t v);
const char *report_fixed(report *r, int64_t scaled, int places);
const char *report_pct(report *r, int64_t num, int64_t den);
const char *report_date(report *r, ledger_date day);
int64_t report_days(ledger_date from, ledger_date to);

tz_status report_row(report *r, const char *const *cells, unsigned flags);
tz_status report_para(report *r, const char *text);
tz_status report_note(report *r, const char *text);
tz_status report_chart(report *r, const char *name, const char *caption);

/* The sections, in order (report_text.c, report_tables.c). */
tz_status report_overview(report *r);   /* 一、总体情况 */
tz_status report_teams(report *r);      /* 二、队伍建设 */
tz_status report_service(report *r);    /* 三、服务开展 */
tz_status report_demands(report *r);    /* 四、“点菜式”需求响应 */
tz_status report_supply(report *r);     /* （四）供需对照 (report_supply.c) */
tz_status report_groups(report *r);     /* 五、“组团式”服务与专项行动 */
tz_status report_bonus(report *r);      /* 六、考核加分 */
tz_status report_units(report *r);      /* 七、各单位情况 */
tz_status report_quality(report *r);    /* 八、数据质量 */
tz_status report_sources(report *r);    /* 九、数据来源与复核 */

#endif
