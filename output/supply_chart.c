/* output/supply_chart.c — the heat map of demand against supply (supply_chart.h).
   May call: base/, input/ledger, pipeline/supply, output/plot, output/cnnum, output/run. */
#include "output/supply_chart.h"
#include "base/buf.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/cnnum.h"
#include "pipeline/supply.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#define MAX_ROWS 16            /* categories shown; the rest named in the note */
#define ROW_H 26.0
#define TOP 100.0              /* the grid's top: heading, legend and column heads above */
#define BOTTOM 46.0            /* the note below */
#define LEFT 16.0
#define LABEL_W 64.0
#define TOP_GAPS 3             /* cells outlined */

static const plot_style HEAD = {.size = 8.5, .colour = {34 / 255.0, 34 / 255.0, 34 / 255.0}, .bold = 1};
static const plot_style ROW = {.size = 8.5, .colour = {34 / 255.0, 34 / 255.0, 34 / 255.0}};
static const plot_style CELL = {.size = 7.5, .colour = {34 / 255.0, 34 / 255.0, 34 / 255.0}};
static const plot_style CELL_LIGHT = {.size = 7.5, .colour = {1, 1, 1}};
static const plot_style NOTE = {.size = 7.5, .colour = {102 / 255.0, 102 / 255.0, 102 / 255.0}};

typedef struct drawing {
    plot *p;
    const run_context *rc;
    const supply *s;
    buf t;
    int *nomem;
} drawing;

/* Formats into d->t (cleared first) and returns its text; "" after a failure. */
static const char *say(drawing *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *say(drawing *d, const char *fmt, ...)
{
    va_list ap;
    buf_clear(&d->t);
    va_start(ap, fmt);
    if (buf_vprintf(&d->t, fmt, ap) != 0)
        *d->nomem = 1;
    va_end(ap);
    return d->t.data ? d->t.data : "";
}

/* "10.4%": num/den with one decimal, into b (cleared first). */
static const char *pct(drawing *d, buf *b, int64_t num, int64_t den)
{
    int64_t q = 0;
    buf_clear(b);
    if (den <= 0 || num_ratio_scaled(num, den, 3, &q) != 0 || cnnum_fixed(b, q, 1) != 0 ||
        buf_putc(b, '%') != 0) {
        if (den > 0)
            *d->nomem = 1;
        return "—";
    }
    return b->data;
}

/* Which categories and area types have a listed cell (a demand or an activity). */
static void present(const supply *s, uint8_t *cats, int *areas)
{
    for (size_t r = 0; r < s->n_ranked; r++) {
        const supply_cell *c = &s->cells[s->ranked[r]];
        cats[c->category] = 1;
        areas[c->area] = 1;
    }
}

static size_t shown_rows(const supply *s, size_t *total)
{
    size_t n = 0;
    uint8_t *cats = mem_calloc(s->n_categories ? s->n_categories : 1, 1);
    int areas[AREA_COUNT] = {0};
    if (!cats)
        return 0;
    present(s, cats, areas);
    for (size_t k = 0; k < s->n_categories; k++)
        n += cats[k];
    mem_free(cats);
    *total = n;
    return n < MAX_ROWS ? n : MAX_ROWS;
}

double supply_chart_height(const run_context *rc, double max_height)
{
    size_t total = 0, rows = rc->supply ? shown_rows(rc->supply, &total) : 0;
    double h = TOP + ROW_H * (double)(rows ? rows : 4) + BOTTOM;
    return h < max_height ? h : max_height;
}

static plot_rgb mix(plot_rgb c, double share)
{
    return (plot_rgb){1 - share * (1 - c.r), 1 - share * (1 - c.g), 1 - share * (1 - c.b)};
}

static void note(drawing *d, const char *extra)
{
    buf b = BUF_INIT;
    if (buf_printf(&b, "数据：%d年志愿服务台账；缺口＝该格需求占全年需求的比重－活动占全年"
                       "活动的比重%s%s", d->rc->ledger->year,
                   extra ? "；" : "", extra ? extra : "") != 0)
        *d->nomem = 1;
    else
        plot_footnote(d->p, b.data);
    buf_release(&b);
}

void supply_chart_draw(plot *p, const run_context *rc, const char *title, int *nomem)
{
    drawing d = {p, rc, rc->supply, BUF_INIT, nomem};
    const supply *s = rc->supply;
    const ledger *l = rc->ledger;
    buf b1 = BUF_INIT, b2 = BUF_INIT;
    uint8_t *cats = NULL;
    size_t *rows = NULL;
    plot_rect whole = {LEFT, TOP - 20, plot_width(p) - 2 * LEFT, plot_height(p) - TOP + 20 - BOTTOM};
    if (!s || s->n_ranked == 0) {
        plot_heading(p, title, "本年度台账中没有需求，也没有活动");
        plot_empty(p, &whole, "暂无供需数据");
        note(&d, NULL);
        goto out;
    }
    cats = mem_calloc(s->n_categories, 1);
    rows = mem_alloc(s->n_categories * sizeof *rows);
    if (!cats || !rows) {
        *nomem = 1;
        goto out;
    }
    int areas[AREA_COUNT] = {0};
    present(s, cats, areas);
    size_t n_rows = 0, total = 0, n_cols = 0;
    for (size_t k = 0; k < s->n_categories; k++)
        if (cats[k]) {
            if (n_rows < MAX_ROWS)
                rows[n_rows++] = k;
            total++;
        }
    area_type cols[AREA_COUNT];
    for (int a = 0; a < AREA_COUNT; a++)
        if (areas[a])
            cols[n_cols++] = (area_type)a;
    /* the heading: the totals and the largest gap */
    const supply_cell *top = &s->cells[s->ranked[0]];
    int64_t nd = s->demands, na = s->activities;
    if (top->gap_num > 0)
        plot_heading(p, title, say(&d, "%lld 项需求、%lld 次活动；缺口最大的是%s%s：需求占 %s，活动占 %s",
                                   (long long)nd, (long long)na,
                                   top->area == AREA_OTHER ? "其他区域" : LEDGER_AREA_NAMES[top->area],
                                   l->categories[top->category], pct(&d, &b1, top->demands, nd),
                                   pct(&d, &b2, top->activities, na)));
    else
        plot_heading(p, title, say(&d, "%lld 项需求、%lld 次活动；各格需求占比都不高于活动占比",
                                   (long long)nd, (long long)na));
    /* legend */
    plot_key keys[3] = {{"需求占比高于活动占比", PLOT_ORANGE, 0, 0},
                        {"活动占比高于需求占比", PLOT_BLUE, 0, 0},
                        {"缺口最大的三格", PLOT_BLACK, 1, 0}};
    plot_legend(p, LEFT, 62, keys, 3);
    /* the grid */
    double x0 = LEFT + LABEL_W + 6, gw = plot_width(p) - LEFT - x0;
    double cw = gw / (double)n_cols;
    int64_t most = 1;
    for (size_t r = 0; r < s->n_ranked; r++) {
        int64_t g = s->cells[s->ranked[r]].gap_num;
        most = (g < 0 ? -g : g) > most ? (g < 0 ? -g : g) : most;
    }
    for (size_t j = 0; j < n_cols; j++)
        plot_text(p, x0 + cw * ((double)j + 0.5), TOP - 8, PLOT_CENTER, &HEAD,
                  cols[j] == AREA_OTHER ? "其他区域" : LEDGER_AREA_NAMES[cols[j]]);
    for (size_t i = 0; i < n_rows; i++) {
        double y = TOP + ROW_H * (double)i;
        plot_text_fit_middle(p, x0 - 6, y + ROW_H / 2, PLOT_RIGHT, &ROW, l->categories[rows[i]],
                             LABEL_W);
        for (size_t j = 0; j < n_cols; j++) {
            const supply_cell *c = &s->cells[supply_cell_at(rows[i], cols[j])];
            double x = x0 + cw * (double)j;
            if (c->rank == 0) {
                plot_fill_rect(p, x + 1, y + 1, cw - 2, ROW_H - 2, PLOT_LIGHT);
                continue;
            }
            double share = 0.12 + 0.88 * fabs((double)c->gap_num) / (double)most;
            plot_rgb colour = c->gap_num >= 0 ? PLOT_ORANGE : PLOT_BLUE;
            plot_fill_rect(p, x + 1, y + 1, cw - 2, ROW_H - 2, mix(colour, share));
            const plot_style *st = c->gap_num < 0 && share > 0.55 ? &CELL_LIGHT : &CELL;
            plot_text_fit(p, x + cw / 2, y + ROW_H / 2, PLOT_CENTER, st,
                          say(&d, "%lld / %lld", (long long)c->demands, (long long)c->activities),
                          cw - 6);
        }
    }
    /* the three largest gaps outlined */
    for (size_t r = 0; r < s->n_ranked && r < TOP_GAPS; r++) {
        const supply_cell *c = &s->cells[s->ranked[r]];
        if (c->gap_num <= 0)
            break;
        size_t i = 0, j = 0;
        while (i < n_rows && rows[i] != (size_t)c->category)
            i++;
        while (j < n_cols && cols[j] != c->area)
            j++;
        if (i == n_rows)
            continue;
        double x = x0 + cw * (double)j, y = TOP + ROW_H * (double)i;
        plot_line(p, x + 1, y + 1, x + cw - 1, y + 1, 1.6, PLOT_BLACK, 0);
        plot_line(p, x + cw - 1, y + 1, x + cw - 1, y + ROW_H - 1, 1.6, PLOT_BLACK, 0);
        plot_line(p, x + cw - 1, y + ROW_H - 1, x + 1, y + ROW_H - 1, 1.6, PLOT_BLACK, 0);
        plot_line(p, x + 1, y + ROW_H - 1, x + 1, y + 1, 1.6, PLOT_BLACK, 0);
    }
    plot_text(p, LEFT, TOP + ROW_H * (double)n_rows + 10, PLOT_TOP_LEFT, &NOTE,
              "格中数字：需求项数 / 活动次数；灰格：既无需求也无活动");
    note(&d, total > n_rows ? say(&d, "另有 %zu 个类别未列出", total - n_rows) : NULL);
out:
    buf_release(&d.t);
    buf_release(&b1);
    buf_release(&b2);
    mem_free(cats);
    mem_free(rows);
}
