/* output/report_supply.c — the report's 供需对照 (demand against supply): the three largest
   gaps between the share of demands and the share of service by category and area type,
   the open demands that found a team to suggest, a numbered table of the largest gaps with
   its source, and chart 10-supply. One section function, like report_text.c's; it reads only
   rc->supply (pipeline/supply, rules/suggest) and writes nothing when that is NULL.
   May call: base/, input/ledger, pipeline/supply, output/pdf, output/cnnum, report_int.h. */
#include "base/num.h"
#include "output/cnnum.h"
#include "output/report_int.h"
#include "pipeline/supply.h"

#define TRY(x) do { if ((s = (x)) != TZ_OK) goto out; } while (0)
#define TABLE_ROWS 10          /* cells in the table: the largest gaps */
#define NAMED 3                /* gaps named in the text */


/* "10.4%": num/den with one decimal (the register's percentages in text). */
static const char *pct1(report *r, int64_t num, int64_t den)
{
    int64_t q;
    buf b = BUF_INIT;
    if (den <= 0 || num_ratio_scaled(num, den, 3, &q) != 0)
        return "—";
    if (cnnum_fixed(&b, q, 1) != 0 || buf_putc(&b, '%') != 0) {
        buf_release(&b);
        report_oom(r);
        return "";
    }
    const char *t = report_fmt(r, "%s", b.data);
    buf_release(&b);
    return t;
}

/* The gap in 百分点 with one decimal, signed: "+5.9", "−1.2". */
static const char *points(report *r, const supply *sp, const supply_cell *c)
{
    int64_t q = supply_gap_scaled(sp, c, 3);
    buf b = BUF_INIT;
    if (num_format_fixed(&b, q < 0 ? -q : q, 1) != 0) {
        report_oom(r);
        return "";
    }
    const char *t = report_fmt(r, "%s%s", q > 0 ? "+" : q < 0 ? "-" : "", b.data);
    buf_release(&b);
    return t;
}

static const char *area_name(area_type a)
{
    return a == AREA_OTHER ? "其他区域" : LEDGER_AREA_NAMES[a];
}

tz_status report_supply(report *r)
{
    tz_status s = TZ_OK;
    const supply *sp = r->rc->supply;
    if (!sp)
        return TZ_OK;
    const ledger *l = r->l;
    TRY(pdf_heading(r->d, 2, "（五）供需对照"));
    report_reset(r);
    if (sp->n_ranked == 0) {
        TRY(report_para(r, "本年度台账中既没有需求，也没有活动，无从对照。"));
        goto out;
    }
    /* the three largest gaps, in words */
    buf text = BUF_INIT;
    int bad = buf_printf(&text, "按服务类别和区域类型对照群众需求与志愿服务：某类别、某区域的需求"
                         "占全年需求的比重，减去在该处开展的活动占全年活动的比重，为该处的供需缺口；"
                         "缺口为正，说明需求多而服务少。") != 0;
    size_t named = 0;
    for (size_t i = 0; i < sp->n_ranked && named < NAMED; i++) {
        const supply_cell *c = &sp->cells[sp->ranked[i]];
        if (c->gap_num <= 0)
            break;
        report_reset(r);
        bad |= buf_printf(&text, "%s%s%s（需求%lld项，占%s；活动%lld次，占%s；缺口%s个百分点）",
                          named == 0 ? "缺口最大的是" : "、", area_name(c->area),
                          l->categories[c->category], (long long)c->demands,
                          pct1(r, c->demands, sp->demands), (long long)c->activities,
                          pct1(r, c->activities, sp->activities), points(r, sp, c)) != 0;
        named++;
    }
    bad |= buf_puts(&text, named ? "。" : "各类别、各区域的需求占比都不高于活动占比，没有供需缺口。") != 0;
    if (sp->n_open > 0 && sp->n_open_suggested == sp->n_open)
        bad |= buf_printf(&text, "年末仍有%zu项需求未响应，按特长对照和今年各服务队的服务情况，"
                          "均找到了可承接的服务队（每项至多推荐3支，推荐理由见未响应需求清单）。",
                          sp->n_open) != 0;
    else if (sp->n_open > 0)
        bad |= buf_printf(&text, "年末仍有%zu项需求未响应，按特长对照和今年各服务队的服务情况，"
                          "其中%zu项找到了可承接的服务队（每项至多推荐3支，推荐理由见未响应需求清单）",
                          sp->n_open, sp->n_open_suggested) != 0;
    if (sp->n_open > sp->n_open_suggested)
        bad |= buf_printf(&text, "，%zu项没有服务队今年开展过同类服务、有相应特长的队员或以此为"
                          "服务领域，需要另行组织力量。", sp->n_open - sp->n_open_suggested) != 0;
    s = bad ? TZ_NOMEM : report_para(r, text.data);
    buf_release(&text);
    if (s != TZ_OK)
        goto out;

    /* the table of the largest gaps: number and title above, source below */
    size_t rows = sp->n_ranked < TABLE_ROWS ? sp->n_ranked : TABLE_ROWS;
    report_reset(r);
    const char *title = report_fmt(r, "供需缺口最大的%zu个类别与区域", rows);
#define LABEL(c) supply_column_at(SUPPLY_COL_##c).label
    const pdf_column cols[] = {{LABEL(CATEGORY), 1.5, PDF_LEFT},  {LABEL(AREA), 0.9, PDF_LEFT},
                               {LABEL(DEMANDS), 1.0, PDF_RIGHT},  {LABEL(ANSWERED), 1.1, PDF_RIGHT},
                               {LABEL(ACTIVITIES), 1.0, PDF_RIGHT}, {LABEL(SKILLED), 1.4, PDF_RIGHT},
                               {report_fmt(r, "%s（百分点）", LABEL(GAP)), 1.3, PDF_RIGHT}};
#undef LABEL
    TRY(report_table(r, title, "tables/supply_demand.csv", rows, cols,
                     sizeof cols / sizeof cols[0], 9));
    for (size_t i = 0; i < rows; i++) {
        const supply_cell *c = &sp->cells[sp->ranked[i]];
        report_reset(r);
        const char *cells[] = {l->categories[c->category], area_name(c->area),
                               report_int(r, c->demands), report_int(r, c->answered),
                               report_int(r, c->activities),
                               sp->suggested ? report_int(r, c->skilled) : "—", points(r, sp, c)};
        TRY(report_row(r, cells, 0));
    }
    TRY(report_table_end(r));
    report_reset(r);
    TRY(report_note(r, report_fmt(r, "注：全部%zu个有需求或活动的类别与区域见数据表“供需对照”，"
                                     "未响应需求及推荐的服务队见数据表“待响应需求”。特长志愿者为"
                                     "特长按特长对照属于该类别的志愿者，不分区域。",
                                  sp->n_ranked)));
    TRY(report_chart(r, "10-supply"));
out:
    return s == TZ_OK && r->oom ? TZ_NOMEM : s;
}
