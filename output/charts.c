/* output/charts.c — the nine charts of the year, drawn with output/plot from the run's
   ledger, figures and bonus points, and written to OUT/charts/ as PNG and SVG.
   May call: base (buf, mem, num), input/ledger, pipeline/figures, pipeline/run,
   rules/rules, output/plot, output/cnnum, GSL, libc. */
#include "output/charts.h"
#include "output/breakdowns.h"
#include "base/mem.h"
#include "base/num.h"
#include "output/cnnum.h"
#include "output/supply_chart.h"

#include <cairo.h>
#include <errno.h>
#include <gsl/gsl_fit.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define W 480.0

const charts_chart CHARTS[] = {
    {"01-bonus", "各单位考核加分分布", W, 660},
    {"02-participation", "各单位党员志愿者参与率分布", W, 330},
    {"03-categories", "各服务类别参与人次和受益群众", W, 350},
    {"04-areas", "各类区域活动次数和受益群众", W, 300},
    {"05-months", "各月活动次数和参与人次", W, 420},
    {"06-hours", "各单位参与志愿者人均服务时长分布", W, 340},
    {"07-rate-beneficiaries", "党员志愿者参与率与党员人均受益群众", W, 380},
    {"08-demands", "各类群众需求的响应情况和响应天数", W, 360},
    {"09-results", "志愿服务主要成果", W, 380},
    {"10-supply", "各服务类别、各类区域的需求与服务对照", W, 520},   /* output/supply_chart */
};
const size_t CHARTS_COUNT = sizeof CHARTS / sizeof CHARTS[0];

/* Text styles. */
#define INK {34 / 255.0, 34 / 255.0, 34 / 255.0}
#define MUTE {102 / 255.0, 102 / 255.0, 102 / 255.0}
static const plot_style ROW = {.size = 8.5, .colour = INK};
static const plot_style VALUE = {.size = 8.0, .colour = INK};
static const plot_style SMALL = {.size = 7.5, .colour = MUTE};
static const plot_style PANEL = {.size = 9.0, .colour = INK, .bold = 1};

#define TOP_BARS 30            /* units named in the bonus ranking; the rest summarised */
#define MAX_TILES 12           /* results shown as tiles; the rest named in a note */
#define MAX_ROWS 20            /* categories shown in a bar chart; the rest named in a note */

/* Drawing one chart: the canvas, the run, and a scratch buffer for text. A failed
   allocation is remembered in `nomem` and turns into TZ_NOMEM at the end. */
typedef struct chart {
    plot *p;
    const run_context *rc;
    buf t;
    int nomem;
} chart;

/* Formats into c->t (cleared first) and returns its text; "" after a failure. */
static const char *say(chart *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *say(chart *c, const char *fmt, ...)
{
    va_list ap;
    buf_clear(&c->t);
    va_start(ap, fmt);
    if (buf_vprintf(&c->t, fmt, ap) != 0)
        c->nomem = 1;
    va_end(ap);
    return c->t.data ? c->t.data : "";
}

/* A number as text, the Chinese way, into a caller's buffer (cleared first). places > 0:
   a scaled value with that many decimals; 0: a count (万 from 10 000 on). */
static const char *num_text(chart *c, buf *b, int64_t v, int places)
{
    buf_clear(b);
    int r = places > 0 ? cnnum_fixed(b, v, places) : cnnum_count(b, v);
    if (r != 0)
        c->nomem = 1;
    return b->data ? b->data : "";
}

static double scaled_to_double(int64_t v, int places)
{
    double d = (double)v;
    for (int i = 0; i < places; i++)
        d /= 10.0;
    return d;
}

/* A percentage num/den with one decimal ("23.4%"), or "—" when den = 0. */
static const char *pct_text(chart *c, buf *b, int64_t num, int64_t den)
{
    buf_clear(b);
    int64_t q;
    if (den <= 0 || num_ratio_scaled(num, den, 3, &q) != 0)
        return "—";
    if (cnnum_fixed(b, q, 1) != 0 || buf_putc(b, '%') != 0)
        c->nomem = 1;
    return b->data ? b->data : "";
}

static int year_of(const ledger *l)
{
    return l ? l->year : 0;
}

/* The note at the bottom; extra may be the text of say() (it is copied first). */
static void source_note(chart *c, const char *extra)
{
    buf b = BUF_INIT;
    if (buf_printf(&b, "数据：%d年志愿服务台账%s%s", year_of(c->rc->ledger), extra ? "；" : "",
                   extra ? extra : "") != 0)
        c->nomem = 1;
    else
        plot_footnote(c->p, b.data);
    buf_release(&b);
}

/* Row labels, right-aligned at x_right, one per row of `area`, shortened to max_w. */
static void row_labels(chart *c, double x_right, const plot_rect *area, size_t n,
                       const char *const *labels, double max_w)
{
    double pitch = area->h / (double)n;
    plot_style st = ROW;
    if (pitch < 12)
        st.size = fmax(6.0, pitch * 0.7);
    for (size_t i = 0; i < n; i++)
        plot_text_fit_middle(c->p, x_right, area->y + pitch * ((double)i + 0.5), PLOT_RIGHT,
                             &st, labels[i], max_w);
}

/* Horizontal bars: row i from 0 to v[i] (scaled by 10^places), its value written after
   the bar's end. The scale leaves room for the widest value label inside `area`; `at_least`
   widens the domain (a cap to show). Returns the scale used (for marks on top). */
static plot_scale hbars(chart *c, const plot_rect *area, size_t n, const int64_t *v,
                        int places, plot_rgb colour, double at_least, const char *axis_title)
{
    buf b = BUF_INIT;
    double max = at_least, widest = 0;
    double pitch = n ? area->h / (double)n : area->h;
    plot_style vs = VALUE;
    if (pitch < 12)
        vs.size = fmax(6.0, pitch * 0.65);
    for (size_t i = 0; i < n; i++) {
        max = fmax(max, scaled_to_double(v[i], places));
        widest = fmax(widest, plot_text_width(c->p, num_text(c, &b, v[i], places), vs.size));
    }
    plot_scale s;
    int ticks = (int)fmax(2, floor((area->w - widest - 4) / 34));
    plot_scale_nice(&s, 0, max, ticks, places ? 0 : 1, places ? 1 : 5, area->x,
                    area->x + area->w - widest - 4);
    plot_rect axis = {area->x, area->y, s.to - s.from, area->h};
    plot_axis_bottom(c->p, &axis, &s, axis_title, NULL);
    double bh = fmin(pitch * 0.68, 16), mark = at_least > 0 ? plot_scale_map(&s, at_least) : -1;
    plot_style inside = vs;
    inside.colour = (plot_rgb){1, 1, 1};
    for (size_t i = 0; i < n; i++) {
        double y = area->y + pitch * (double)i, x0 = plot_scale_map(&s, 0);
        double x1 = plot_scale_map(&s, scaled_to_double(v[i], places));
        plot_fill_rect(c->p, x0, y + (pitch - bh) / 2, x1 - x0, bh, colour);
        const char *label = num_text(c, &b, v[i], places);
        double lw = plot_text_width(c->p, label, vs.size);
        /* a label that would sit across the mark goes inside its bar, in white */
        if (mark >= 0 && x1 + 3 <= mark + 2 && x1 + 3 + lw >= mark - 2 && x1 - x0 > lw + 6)
            plot_text(c->p, x1 - 3, y + pitch / 2, PLOT_RIGHT, &inside, label);
        else
            plot_text(c->p, x1 + 3, y + pitch / 2, PLOT_LEFT, &vs, label);
    }
    buf_release(&b);
    return s;
}

/* A panel heading above a bar panel: a swatch of the panel's colour, then the text. */
static void panel_heading(chart *c, double x, double y, const char *text, double max_w,
                          const plot_rgb *colour)
{
    if (colour) {
        plot_fill_rect(c->p, x, y - 10, 9, 9, *colour);
        x += 13;
        max_w -= 13;
    }
    plot_text_fit(c->p, x, y, PLOT_BOTTOM_LEFT, &PANEL, text, max_w);
}

/* ---- 1: bonus points by unit ----------------------------------------------------------- */

typedef struct ranked { int64_t key; const char *id; size_t index; } ranked;

static int by_key_desc(const void *a, const void *b)
{
    const ranked *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    return strcmp(x->id, y->id);
}

static int64_t total_cap_cents(const run_context *rc)
{
    return rc->rules ? rules_total_cap_cents(rc->rules) : -1;
}

#define BANDS_H 360.0          /* the bonus chart of many units: bands, top and bottom */
#define LISTED 6               /* units named in each of its two lists */

/* Many units with points: the units per band of points (output/breakdowns, as the
   report's table), the cap's band in vermilion; under it the units at the top and the
   units at the bottom, named with their points. */
static void bonus_bands(chart *c, const ranked *rows, size_t n, int64_t cap)
{
    const run_context *rc = c->rc;
    breakdowns *bd = NULL;
    buf b1 = BUF_INIT, lab = BUF_INIT;
    if (breakdowns_compute(rc, &bd) != TZ_OK) {
        c->nomem = 1;
        return;
    }
    size_t cols = bd->n_point_bands;
    double x0 = 16, cw = (W - 32) / (double)(cols ? cols : 1), top = 100, ch = 106;
    double base = top + ch;
    int64_t most = 1;
    for (size_t k = 0; k < cols; k++)
        most = bd->point_bands[k].units > most ? bd->point_bands[k].units : most;
    panel_heading(c, 16, top - 14, say(c, "各得分区间的单位数（共 %zu 个单位）", rc->bonus->n_units),
                  W - 32, NULL);
    for (size_t k = 0; k < cols; k++) {
        const breakdowns_band *x = &bd->point_bands[k];
        double h = ch * (double)x->units / (double)most, left = x0 + cw * (double)k;
        int at_cap = cap > 0 && x->from_cents == cap && x->to_cents == cap;
        plot_fill_rect(c->p, left + cw * 0.18, base - h, cw * 0.64, h,
                       at_cap ? PLOT_VERMILION : PLOT_SKY);
        plot_text(c->p, left + cw / 2, base - h - 2, PLOT_BOTTOM, &VALUE,
                  num_text(c, &b1, x->units, 0));
        plot_text_fit(c->p, left + cw / 2, base + 4, PLOT_TOP, &SMALL, x->name, cw - 4);
    }
    plot_line(c->p, x0, base, W - 16, base, 0.6, PLOT_GREY, 0);

    /* the top and the bottom, side by side */
    double y = base + 36, half = (W - 48) / 2;
    size_t tied = 0;
    while (tied < n && rows[tied].key == rows[0].key)
        tied++;
    panel_heading(c, 16, y, tied > 1 ? say(c, "最高 %s 分：%zu 个单位，如", num_text(c, &b1, rows[0].key, 2), tied)
                                     : "得分最高的单位", half, &PLOT_BLUE);
    panel_heading(c, 32 + half, y, "得分最低的单位", half, &PLOT_ORANGE);
    size_t listed_top = n < LISTED ? n : LISTED;
    for (size_t i = 0; i < listed_top; i++) {
        double ly = y + 8 + 14.0 * (double)i;
        const ranked *row = &rows[i];
        plot_text_fit_middle(c->p, 28, ly, PLOT_TOP_LEFT, &ROW,
                             rc->ledger->units[row->index].name, half - 56);
        plot_text(c->p, 16 + half, ly, PLOT_TOP_RIGHT, &ROW, num_text(c, &b1, row->key, 2));
    }
    /* the lowest: every unit of the run, points 0 included, lowest first */
    size_t listed_low = 0;
    const bonus *bo = rc->bonus;
    size_t *low = mem_calloc(LISTED, sizeof *low);
    if (!low) {
        c->nomem = 1;
        goto out;
    }
    for (size_t u = 0; u < bo->n_units && u < rc->ledger->n_units; u++) {
        /* insertion into the LISTED lowest, ties by unit id */
        size_t at = listed_low;
        while (at > 0) {
            size_t v = low[at - 1];
            int64_t pu = bo->units[u].total_cents, pv = bo->units[v].total_cents;
            if (pv < pu || (pv == pu && strcmp(rc->ledger->units[v].id, rc->ledger->units[u].id) < 0))
                break;
            at--;
        }
        if (at >= LISTED)
            continue;
        size_t end = listed_low < LISTED ? listed_low : LISTED - 1;
        memmove(low + at + 1, low + at, (end - at) * sizeof *low);
        low[at] = u;
        if (listed_low < LISTED)
            listed_low++;
    }
    for (size_t i = 0; i < listed_low; i++) {
        double ly = y + 8 + 14.0 * (double)i;
        size_t u = low[i];
        plot_text_fit_middle(c->p, 44 + half, ly, PLOT_TOP_LEFT, &ROW, rc->ledger->units[u].name,
                             half - 56);
        plot_text(c->p, W - 16, ly, PLOT_TOP_RIGHT, &ROW,
                  num_text(c, &b1, bo->units[u].total_cents, 2));
    }
    mem_free(low);
out:
    breakdowns_free(bd);
    buf_release(&b1);
    buf_release(&lab);
}

static void chart_bonus(chart *c)
{
    const run_context *rc = c->rc;
    const ledger *l = rc->ledger;
    const bonus *bo = rc->bonus;
    size_t n_units = l ? l->n_units : 0, n = 0, at_cap = 0;
    int64_t cap = total_cap_cents(rc), sum = 0;
    ranked *rows = n_units ? mem_calloc(n_units, sizeof *rows) : NULL;
    int64_t *vals = NULL;
    const char **names = NULL;
    buf b1 = BUF_INIT, b2 = BUF_INIT;
    if (n_units && !rows) {
        c->nomem = 1;
        return;
    }
    for (size_t u = 0; bo && u < n_units && u < bo->n_units; u++)
        if (bo->units[u].total_cents > 0) {
            rows[n++] = (ranked){bo->units[u].total_cents, l->units[u].id, u};
            sum += bo->units[u].total_cents;
            at_cap += cap >= 0 && bo->units[u].total_cents >= cap;
        }
    if (n > 1)
        qsort(rows, n, sizeof *rows, by_key_desc);
    size_t shown = n < TOP_BARS ? n : TOP_BARS;
    if (n > TOP_BARS + 1)
        shown = TOP_BARS;
    else
        shown = n;                        /* 31 units: naming the last beats summarising it */

    if (!bo)
        plot_heading(c->p, CHARTS[0].title, "本次运行没有应用考核规则，未计算加分");
    else if (n == 0)
        plot_heading(c->p, CHARTS[0].title,
                     n_units ? say(c, "共 %zu 个单位，没有单位获得考核加分", n_units)
                             : "台账中没有单位，无从计算考核加分");
    else if (cap >= 0)
        plot_heading(c->p, CHARTS[0].title,
                     say(c, "%zu 个单位中 %zu 个获得加分，%zu 个达到总分上限 %s 分", n_units, n,
                         at_cap, num_text(c, &b1, cap, 2)));
    else
        plot_heading(c->p, CHARTS[0].title,
                     say(c, "%zu 个单位中 %zu 个获得加分，平均每个得分单位 %s 分", n_units, n,
                         num_text(c, &b1, (sum + (int64_t)n / 2) / (int64_t)n, 2)));

    double bottom = plot_height(c->p) - 44;
    plot_rect area = {136, 72, W - 136 - 16, bottom - 72};
    if (n > shown) {               /* many units: the bands, not a wall of equal bars */
        bonus_bands(c, rows, n, cap);
        source_note(c, "分数区间含下限、不含上限；各单位得分见 tables/units.csv，明细见 "
                       "tables/bonus_audit.csv");
        goto out;
    }
    if (n == 0) {
        area.x = 16;
        area.w = W - 32;
        plot_empty(c->p, &area, !bo ? "未计算考核加分" : n_units ? "本年度没有单位获得考核加分"
                                                                 : "台账中没有单位");
        source_note(c, NULL);
        goto out;
    }
    vals = mem_calloc(shown, sizeof *vals);
    names = mem_calloc(shown, sizeof *names);
    if (!vals || !names) {
        c->nomem = 1;
        goto out;
    }
    for (size_t i = 0; i < shown; i++) {
        vals[i] = rows[i].key;
        names[i] = l->units[rows[i].index].name;
    }
    /* The name column as wide as the longest name, within 80..200 points: long names are
       shortened in the middle, keeping the place at the head and the branch at the tail. */
    double label_w = 80;
    for (size_t i = 0; i < shown; i++)
        label_w = fmax(label_w, plot_text_width(c->p, names[i], ROW.size));
    label_w = fmin(label_w, 200);
    area.x = 16 + label_w + 6;
    area.w = W - area.x - 16;
    /* A row pitch of at most 22 points: a few units do not get fat bars. */
    if (area.h / (double)shown > 22)
        area.h = 22 * (double)shown;
    plot_scale s = hbars(c, &area, shown, vals, 2, PLOT_BLUE, cap >= 0 ? (double)cap / 100 : 0,
                         "考核加分（分）");
    row_labels(c, area.x - 6, &area, shown, names, label_w);
    if (cap >= 0) {
        double x = plot_scale_map(&s, (double)cap / 100);
        plot_line(c->p, x, area.y - 4, x, area.y + area.h, 1.4, PLOT_VERMILION, 1);
        plot_style st = SMALL;
        st.colour = PLOT_VERMILION;
        plot_text(c->p, x, area.y - 6, PLOT_BOTTOM, &st,
                  say(c, "总分上限 %s 分", num_text(c, &b1, cap, 2)));
    }
    source_note(c, "加分按考核规则逐项计算，明细见 tables/bonus_audit.csv");
out:
    buf_release(&b1);
    buf_release(&b2);
    mem_free(rows);
    mem_free(vals);
    mem_free(names);
}

/* ---- 2: participation rate across units ------------------------------------------------ */

static int by_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static void chart_participation(chart *c)
{
    const ledger *l = c->rc->ledger;
    const figures *f = c->rc->figures;
    size_t n_units = l ? l->n_units : 0, n = 0, no_members = 0, below = 0;
    enum { BINS_MAX = 40 };
    int64_t bins[BINS_MAX] = {0};
    int64_t top = 100;                    /* percent; a rate above 100 % widens the axis */
    buf b1 = BUF_INIT;
    const figures_city *city = &f->city;
    for (size_t u = 0; u < n_units; u++) {
        const figures_unit *fu = &f->units[u];
        if (fu->party_members <= 0) {
            no_members++;
            continue;
        }
        while (fu->party_volunteers * 100 > top * fu->party_members && top < 5 * BINS_MAX)
            top += 5;
    }
    size_t n_bins = (size_t)(top / 5);
    for (size_t u = 0; u < n_units; u++) {
        const figures_unit *fu = &f->units[u];
        if (fu->party_members <= 0)
            continue;
        /* bin k holds rates in [5k %, 5k+5 %); the top edge falls in the last bin */
        int64_t k = fu->party_volunteers * 20 / fu->party_members;
        if (k >= (int64_t)n_bins)
            k = (int64_t)n_bins - 1;
        bins[k]++;
        n++;
        if ((__int128)fu->party_volunteers * city->party_members <
            (__int128)city->party_volunteers * fu->party_members)
            below++;
    }
    const char *city_rate = pct_text(c, &b1, city->party_volunteers, city->party_members);
    if (n == 0)
        plot_heading(c->p, CHARTS[1].title, "没有党员人数大于 0 的单位，参与率无从计算");
    else
        plot_heading(c->p, CHARTS[1].title,
                     say(c, "全市参与率 %s（党员志愿者 / 党员）；%zu 个单位中 %zu 个低于全市水平",
                         city_rate, n, below));
    plot_rect area = {56, 76, W - 56 - 20, plot_height(c->p) - 76 - 62};
    if (n == 0) {
        plot_empty(c->p, &area, "暂无可计算参与率的单位");
        source_note(c, NULL);
        goto out;
    }
    int64_t most = 0;
    for (size_t k = 0; k < n_bins; k++)
        most = bins[k] > most ? bins[k] : most;
    plot_scale ys, xs;
    /* headroom above the tallest bar for its count and the city label */
    plot_scale_nice(&ys, 0, fmax(4, ceil((double)most * 1.1)), 6, 1, 5, area.y + area.h, area.y);
    /* the x axis ends near the data: at the last bin of the units within Q3 + 3·IQR of
       the rates (at 30 % at least); the few units beyond are drawn at its end, marked and
       counted in the note */
    int64_t shown_top = 30;
    {
        double *rates = mem_calloc(n, sizeof *rates), fence = 1e9;
        size_t m = 0;
        if (!rates) {
            c->nomem = 1;
            goto out;
        }
        for (size_t u = 0; u < n_units; u++)
            if (f->units[u].party_members > 0)
                rates[m++] = 100.0 * (double)f->units[u].party_volunteers /
                             (double)f->units[u].party_members;
        qsort(rates, m, sizeof *rates, by_double);
        if (m >= 8) {
            double q1 = gsl_stats_quantile_from_sorted_data(rates, 1, m, 0.25);
            double q3 = gsl_stats_quantile_from_sorted_data(rates, 1, m, 0.75);
            fence = q3 + 3 * (q3 - q1);
        }
        for (size_t i = 0; i < m; i++)
            if (rates[i] <= fence && rates[i] >= (double)shown_top)
                shown_top = (int64_t)floor(rates[i] / 5) * 5 + 5;
        mem_free(rates);
    }
    shown_top = (shown_top + 9) / 10 * 10;
    if (shown_top > top)
        shown_top = top;
    size_t beyond = 0;
    for (size_t k = (size_t)(shown_top / 5); k < n_bins; k++)
        beyond += (size_t)bins[k];
    plot_scale_nice(&xs, 0, (double)shown_top, 10, 5, 100, area.x, area.x + area.w);
    plot_axis_left(c->p, &area, &ys, "单位数（个）", NULL);
    plot_axis_bottom(c->p, &area, &xs, "党员志愿者参与率（%）", NULL);
    if (beyond > 0) {                 /* the units beyond the axis, at its end */
        cairo_t *cr = plot_cairo(c->p);
        double ex = area.x + area.w, ey = area.y + area.h;
        cairo_move_to(cr, ex + 1, ey - 8);
        cairo_line_to(cr, ex - 6, ey - 12);
        cairo_line_to(cr, ex - 6, ey - 4);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, PLOT_VERMILION.r, PLOT_VERMILION.g, PLOT_VERMILION.b);
        cairo_fill(cr);
        plot_text(c->p, ex - 2, ey - 26, PLOT_BOTTOM_RIGHT, &SMALL,
                  say(c, "%zu 个单位在 %lld%% 以上", beyond, (long long)shown_top));
    }
    for (size_t k = 0; k < n_bins && (int64_t)k * 5 < shown_top; k++) {
        double x0 = plot_scale_map(&xs, 5.0 * (double)k);
        double x1 = plot_scale_map(&xs, 5.0 * (double)(k + 1));
        double y1 = plot_scale_map(&ys, (double)bins[k]);
        plot_fill_rect(c->p, x0 + 1, y1, x1 - x0 - 2, area.y + area.h - y1, PLOT_SKY);
        if (bins[k] > 0)
            plot_text(c->p, (x0 + x1) / 2, y1 - 2, PLOT_BOTTOM, &SMALL,
                      num_text(c, &b1, bins[k], 0));
    }
    if (city->party_members > 0) {
        double rate = 100.0 * (double)city->party_volunteers / (double)city->party_members;
        double x = plot_scale_map(&xs, rate);
        plot_line(c->p, x, area.y, x, area.y + area.h, 1.6, PLOT_VERMILION, 1);
        plot_style st = VALUE;
        st.colour = PLOT_VERMILION;
        st.halo = 1;
        const char *label = say(c, "全市 %s",
                                pct_text(c, &b1, city->party_volunteers, city->party_members));
        double w = plot_text_width(c->p, label, st.size);
        /* the label sits right of the line, or left of it near the right edge */
        if (x + 4 + w <= area.x + area.w)
            plot_text(c->p, x + 4, area.y + 2, PLOT_TOP_LEFT, &st, label);
        else
            plot_text(c->p, x - 4, area.y + 2, PLOT_TOP_RIGHT, &st, label);
    }
    if (beyond)
        source_note(c, say(c, "每组宽 5 个百分点；%zu 个单位参与率在 %lld%% 以上，画作右端的三角%s",
                           beyond, (long long)shown_top,
                           no_members ? "；党员人数为 0 的单位未计入" : ""));
    else
        source_note(c, no_members ? say(c, "另有 %zu 个单位党员人数为 0，未计入", no_members)
                                  : "每组宽 5 个百分点");
out:
    buf_release(&b1);
}

/* ---- 3, 4: two measures per group, side by side ----------------------------------------- */

typedef struct two_measures {
    const char *const *labels;
    const int64_t *a, *b;
    size_t n;
    const char *a_title, *b_title;
    const char *a_axis, *b_axis;
} two_measures;

static void two_panels(chart *c, const two_measures *m, double top, double label_w)
{
    double bottom = plot_height(c->p) - 44;
    double left = 16 + label_w + 6, gap = 26;
    double pw = (W - 16 - left - gap) / 2;
    plot_rect ra = {left, top, pw, bottom - top}, rb = {left + pw + gap, top, pw, bottom - top};
    if (ra.h / (double)m->n > 24)
        ra.h = rb.h = 24 * (double)m->n;
    panel_heading(c, ra.x, top - 6, m->a_title, pw, &PLOT_BLUE);
    panel_heading(c, rb.x, top - 6, m->b_title, pw, &PLOT_ORANGE);
    hbars(c, &ra, m->n, m->a, 0, PLOT_BLUE, 0, m->a_axis);
    hbars(c, &rb, m->n, m->b, 0, PLOT_ORANGE, 0, m->b_axis);
    row_labels(c, left - 6, &ra, m->n, m->labels, label_w);
}

static void chart_categories(chart *c)
{
    const ledger *l = c->rc->ledger;
    const figures *f = c->rc->figures;
    size_t n = l ? l->n_categories : 0;
    ranked *rows = n ? mem_calloc(n, sizeof *rows) : NULL;
    int64_t *a = n ? mem_calloc(n, sizeof *a) : NULL, *b = n ? mem_calloc(n, sizeof *b) : NULL;
    const char **labels = n ? mem_calloc(n, sizeof *labels) : NULL;
    buf b1 = BUF_INIT, b2 = BUF_INIT;
    if (n && (!rows || !a || !b || !labels)) {
        c->nomem = 1;
        goto out;
    }
    int64_t pt = 0, ben = 0;
    for (size_t k = 0; k < n; k++) {
        rows[k] = (ranked){f->categories[k].person_times, l->categories[k], k};
        pt += f->categories[k].person_times;
        ben += f->categories[k].beneficiaries;
    }
    if (n > 1)
        qsort(rows, n, sizeof *rows, by_key_desc);
    for (size_t k = 0; k < n; k++) {
        a[k] = f->categories[rows[k].index].person_times;
        b[k] = f->categories[rows[k].index].beneficiaries;
        labels[k] = l->categories[rows[k].index];
    }
    if (n == 0 || pt + ben == 0) {
        plot_heading(c->p, CHARTS[2].title, n ? "各服务类别均无服务记录" : "没有服务类别");
    } else {
        size_t best_b = 0;
        for (size_t k = 1; k < n; k++)
            if (b[k] > b[best_b])
                best_b = k;
        buf b3 = BUF_INIT;
        const char *top_pt = num_text(c, &b1, a[0], 0);
        plot_heading(c->p, CHARTS[2].title,
                     say(c, "服务人次最多：%s（%s 人次，占 %s）；受益人数最多：%s（%s 人）",
                         labels[0], top_pt, pct_text(c, &b2, a[0], pt), labels[best_b],
                         num_text(c, &b3, b[best_b], 0)));
        buf_release(&b3);
    }
    if (n == 0) {
        plot_rect area = {16, 70, W - 32, plot_height(c->p) - 70 - 44};
        plot_empty(c->p, &area, "暂无服务类别数据");
    } else {
        two_measures m = {labels, a, b, n < MAX_ROWS ? n : MAX_ROWS, "服务人次", "受益人数",
                          "单位：人次", "单位：人"};
        two_panels(c, &m, 76, 64);
    }
    source_note(c, n > MAX_ROWS ? say(c, "按服务人次从多到少排列；另有 %zu 个类别未列出，见 "
                                         "tables/categories.csv", n - MAX_ROWS)
                                : "按服务人次从多到少排列；受益人数每项活动只计一次");
out:
    buf_release(&b1);
    buf_release(&b2);
    mem_free(rows);
    mem_free(a);
    mem_free(b);
    mem_free(labels);
}

static void chart_areas(chart *c)
{
    const figures *f = c->rc->figures;
    const char *const *NAMES = LEDGER_AREA_NAMES;   /* 社区 林区 牧区 农区 站所 其他 */
    const char *labels[AREA_COUNT];
    int64_t a[AREA_COUNT], b[AREA_COUNT], acts = 0;
    size_t n = 0;
    buf b1 = BUF_INIT;
    /* the five kinds of the policy always; 其他 only when used */
    for (size_t k = 0; k < AREA_COUNT; k++) {
        if (k == AREA_OTHER && f->areas[k].activities == 0 && f->areas[k].beneficiaries == 0)
            continue;
        labels[n] = NAMES[k];
        a[n] = f->areas[k].activities;
        b[n] = f->areas[k].beneficiaries;
        acts += a[n];
        n++;
    }
    if (acts == 0) {
        plot_heading(c->p, CHARTS[3].title, "各区域均无活动记录");
    } else {
        size_t best = 0;
        for (size_t k = 1; k < n; k++)
            if (a[k] > a[best])
                best = k;
        buf pct = BUF_INIT;
        const char *share = pct_text(c, &pct, a[best], acts);
        plot_heading(c->p, CHARTS[3].title,
                     say(c, "全年活动 %s 次，其中“%s”最多（占 %s）", num_text(c, &b1, acts, 0),
                         labels[best], share));
        buf_release(&pct);
    }
    two_measures m = {labels, a, b, n, "活动次数", "受益人数", "单位：次", "单位：人"};
    two_panels(c, &m, 76, 40);
    source_note(c, "区域类型取自活动台账；受益人数每项活动只计一次");
    buf_release(&b1);
}

/* ---- 5: the year by month ---------------------------------------------------------------- */

static void month_panel(chart *c, const plot_rect *area, const int64_t *now,
                        const int64_t *before, const char *axis_title, plot_rgb colour)
{
    double most = 0;
    for (int m = 0; m < 12; m++) {
        most = fmax(most, (double)now[m]);
        if (before)
            most = fmax(most, (double)before[m]);
    }
    plot_scale ys;
    plot_scale_nice(&ys, 0, most, 4, 1, 5, area->y + area->h, area->y);
    plot_axis_left(c->p, area, &ys, axis_title, NULL);
    double band = area->w / 12;
    for (int m = 0; m < 12; m++) {
        double x = area->x + band * m, y = plot_scale_map(&ys, (double)now[m]);
        plot_fill_rect(c->p, x + band * 0.18, y, band * 0.64, area->y + area->h - y, colour);
        plot_text(c->p, x + band / 2, area->y + area->h + 3, PLOT_TOP, &SMALL,
                  say(c, "%d月", m + 1));
    }
    if (before) {
        cairo_t *cr = plot_cairo(c->p);
        static const double DASH[] = {4.0, 2.5};
        cairo_save(cr);
        cairo_set_source_rgb(cr, 0, 0, 0);
        cairo_set_line_width(cr, 1.4);
        cairo_set_dash(cr, DASH, 2, 0);
        for (int m = 0; m < 12; m++) {
            double x = area->x + band * (m + 0.5), y = plot_scale_map(&ys, (double)before[m]);
            if (m == 0)
                cairo_move_to(cr, x, y);
            else
                cairo_line_to(cr, x, y);
        }
        cairo_stroke(cr);
        cairo_restore(cr);
        for (int m = 0; m < 12; m++)
            plot_dot(c->p, area->x + band * (m + 0.5), plot_scale_map(&ys, (double)before[m]),
                     2.0, PLOT_BLACK, 1.0);
    }
}

static void chart_months(chart *c)
{
    const figures *f = c->rc->figures, *pf = c->rc->previous_figures;
    int64_t acts[12], pts[12], pacts[12], ppts[12], ta = 0, tp = 0, ptp = 0;
    buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT;
    for (int m = 0; m < 12; m++) {
        acts[m] = f->months[m].activities;
        pts[m] = f->months[m].person_times;
        ta += acts[m];
        tp += pts[m];
        if (pf) {
            pacts[m] = pf->months[m].activities;
            ppts[m] = pf->months[m].person_times;
            ptp += ppts[m];
        }
    }
    int year = year_of(c->rc->ledger);
    int prev_year = c->rc->previous ? year_of(c->rc->previous) : year - 1;
    if (pf && ptp > 0) {
        int64_t change;
        const char *sign = tp >= ptp ? "增长" : "下降";
        if (num_ratio_scaled(tp >= ptp ? tp - ptp : ptp - tp, ptp, 3, &change) != 0)
            change = 0;
        buf_clear(&b3);
        if (cnnum_fixed(&b3, change, 1) != 0)
            c->nomem = 1;
        plot_heading(c->p, CHARTS[4].title,
                     say(c, "全年活动 %s 次、服务 %s 人次；服务人次比%d年%s %s%%",
                         num_text(c, &b1, ta, 0), num_text(c, &b2, tp, 0), prev_year, sign,
                         b3.data ? b3.data : ""));
    } else {
        plot_heading(c->p, CHARTS[4].title,
                     say(c, "全年活动 %s 次、服务 %s 人次", num_text(c, &b1, ta, 0),
                         num_text(c, &b2, tp, 0)));
    }
    plot_key keys[2] = {{NULL, PLOT_BLUE, 0, 0}, {NULL, PLOT_BLACK, 1, 1}};
    buf k1 = BUF_INIT, k2 = BUF_INIT;
    if (buf_printf(&k1, "%d年", year) != 0 || buf_printf(&k2, "%d年", prev_year) != 0)
        c->nomem = 1;
    keys[0].label = k1.data ? k1.data : "";
    keys[1].label = k2.data ? k2.data : "";
    if (pf)
        plot_legend(c->p, W - 130, 50, keys, 2);
    double h = plot_height(c->p);
    plot_rect top = {64, 82, W - 64 - 16, (h - 82 - 44) / 2 - 24};
    plot_rect bot = {64, top.y + top.h + 48, top.w, top.h};
    month_panel(c, &top, acts, pf ? pacts : NULL, "活动次数（次）", PLOT_BLUE);
    month_panel(c, &bot, pts, pf ? ppts : NULL, "服务人次（人次）", PLOT_SKY);
    source_note(c, pf ? say(c, "柱为%d年，虚线为%d年同月", year, prev_year)
                      : "按活动日期所在月份统计");
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    buf_release(&k1);
    buf_release(&k2);
}

/* ---- 6: hours per active volunteer ------------------------------------------------------- */


/* Hours per active volunteer of each unit (its hours / its active volunteers), the
   figure of statistics.csv: the same units (active volunteers > 0), the same quantiles
   (gsl_stats_quantile_from_sorted_data), so the chart and the table agree. */
static void chart_hours(chart *c)
{
    const ledger *l = c->rc->ledger;
    const figures *f = c->rc->figures;
    size_t nu = l ? l->n_units : 0, n = 0;
    double *h = nu ? mem_calloc(nu, sizeof *h) : NULL;
    int64_t *bins = NULL;
    buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT;
    if (nu && !h) {
        c->nomem = 1;
        return;
    }
    for (size_t u = 0; u < nu; u++)
        if (f->units[u].active_volunteers > 0)
            h[n++] = (double)f->units[u].hours_tenths / 10.0 /
                     (double)f->units[u].active_volunteers;
    if (n > 1)
        qsort(h, n, sizeof *h, by_double);
    plot_rect area = {56, 78, W - 56 - 20, plot_height(c->p) - 78 - 62};
    if (n == 0) {
        plot_heading(c->p, CHARTS[5].title, "本年度没有单位有活跃志愿者（参与记录）");
        plot_empty(c->p, &area, "暂无服务时长数据");
        source_note(c, NULL);
        goto out;
    }
    double q1 = gsl_stats_quantile_from_sorted_data(h, 1, n, 0.25);
    double med = gsl_stats_median_from_sorted_data(h, 1, n);
    double q3 = gsl_stats_quantile_from_sorted_data(h, 1, n, 0.75);
    /* quartiles of hours with 1 decimal are multiples of 0.025: show 2 decimals, trimmed */
    buf_clear(&b1), buf_clear(&b2), buf_clear(&b3);
    if (cnnum_trim(&b1, llround(med * 100), 2) || cnnum_trim(&b2, llround(q1 * 100), 2) ||
        cnnum_trim(&b3, llround(q3 * 100), 2))
        c->nomem = 1;
    buf nb = BUF_INIT;
    plot_heading(c->p, CHARTS[5].title,
                 say(c, "%s 个单位，中位数 %s 小时；一半单位在 %s～%s 小时之间",
                     num_text(c, &nb, (int64_t)n, 0), b1.data ? b1.data : "",
                     b2.data ? b2.data : "", b3.data ? b3.data : ""));
    buf_release(&nb);
    /* The box plot sits in a strip of its own above the histogram (sharing its x scale,
       outside its frame). The axis reaches the largest value, or Q3 + 3·IQR when units
       lie beyond it: those are drawn as a triangle at the axis's end and counted. */
    double iqr = q3 - q1, upper = h[n - 1];
    if (n >= 8 && iqr > 0 && h[n - 1] > q3 + 3 * iqr)
        upper = q3 + 3 * iqr;
    double strip = area.y, strip_h = 38;
    area.y += strip_h + 8;
    area.h -= strip_h + 8;
    plot_scale xs;
    plot_scale_nice(&xs, 0, upper * 1.04, 30, 0.5, 1, area.x, area.x + area.w);
    size_t n_bins = (size_t)lround((xs.hi - xs.lo) / xs.step);
    if (n_bins < 1)
        n_bins = 1;
    bins = mem_calloc(n_bins, sizeof *bins);
    if (!bins) {
        c->nomem = 1;
        goto out;
    }
    size_t beyond = 0;
    for (size_t i = 0; i < n; i++) {
        if (h[i] > xs.hi) {
            beyond++;
            continue;
        }
        size_t k = (size_t)floor(h[i] / xs.step + 1e-9);
        bins[k >= n_bins ? n_bins - 1 : k]++;
    }
    int64_t most = 0;
    for (size_t k = 0; k < n_bins; k++)
        most = bins[k] > most ? bins[k] : most;
    plot_scale ys, tick_scale = xs;
    plot_scale_nice(&ys, 0, fmax(4, ceil((double)most * 1.1)), 5, 1, 5, area.y + area.h, area.y);
    /* tick labels every other bin when bins are many */
    int per = (int)ceil((double)n_bins / 10.0);
    tick_scale.step = xs.step * per;
    tick_scale.hi = tick_scale.lo + tick_scale.step * floor((xs.hi - xs.lo) / tick_scale.step + 1e-9);
    tick_scale.to = plot_scale_map(&xs, tick_scale.hi);
    plot_axis_left(c->p, &area, &ys, "单位数（个）", NULL);
    plot_rect xa = {area.x, area.y, tick_scale.to - area.x, area.h};
    plot_axis_bottom(c->p, &xa, &tick_scale, "活跃志愿者人均全年服务时长（小时/人）", NULL);
    for (size_t k = 0; k < n_bins; k++) {
        double x0 = plot_scale_map(&xs, xs.step * (double)k);
        double x1 = plot_scale_map(&xs, xs.step * (double)(k + 1));
        double y1 = plot_scale_map(&ys, (double)bins[k]);
        plot_fill_rect(c->p, x0 + 0.5, y1, x1 - x0 - 1, area.y + area.h - y1, PLOT_SKY);
    }
    double xmax = area.x + area.w;
    cairo_t *cr = plot_cairo(c->p);
    if (beyond) {
        double ey = area.y + area.h;
        cairo_move_to(cr, xmax + 1, ey - 8);
        cairo_line_to(cr, xmax - 6, ey - 12);
        cairo_line_to(cr, xmax - 6, ey - 4);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, PLOT_VERMILION.r, PLOT_VERMILION.g, PLOT_VERMILION.b);
        cairo_fill(cr);
        plot_text(c->p, xmax - 2, ey - 14, PLOT_BOTTOM_RIGHT, &SMALL, say(c, "另有 %zu 个单位", beyond));
    }
    /* the box: quartiles and median, whiskers to 1.5 IQR, in the strip */
    double by = strip + 16, bh = 14;
    double wlo = h[0], whi = h[n - 1];
    for (size_t i = 0; i < n; i++)
        if (h[i] >= q1 - 1.5 * iqr) {
            wlo = h[i];
            break;
        }
    for (size_t i = n; i-- > 0;)
        if (h[i] <= q3 + 1.5 * iqr) {
            whi = h[i];
            break;
        }
    double X1 = fmin(plot_scale_map(&xs, q1), xmax), X3 = fmin(plot_scale_map(&xs, q3), xmax);
    double XM = fmin(plot_scale_map(&xs, med), xmax);
    double XL = fmin(plot_scale_map(&xs, wlo), xmax), XH = fmin(plot_scale_map(&xs, whi), xmax);
    plot_text(c->p, area.x - 6, by + bh / 2, PLOT_RIGHT, &SMALL, "箱线图");
    plot_line(c->p, area.x, strip + strip_h, xmax, strip + strip_h, 0.5, PLOT_LIGHT, 0);
    plot_line(c->p, XL, by + bh / 2, X1, by + bh / 2, 1, PLOT_BLUE, 0);
    plot_line(c->p, X3, by + bh / 2, XH, by + bh / 2, 1, PLOT_BLUE, 0);
    plot_line(c->p, XL, by + 3, XL, by + bh - 3, 1, PLOT_BLUE, 0);
    plot_line(c->p, XH, by + 3, XH, by + bh - 3, 1, PLOT_BLUE, 0);
    plot_fill_rect(c->p, X1, by, fmax(X3 - X1, 0.8), bh, PLOT_BLUE);
    plot_line(c->p, XM, by - 2, XM, by + bh + 2, 1.6, PLOT_VERMILION, 0);
    plot_style st = SMALL;
    st.colour = PLOT_VERMILION;
    st.halo = 1;
    const char *ml = say(c, "中位数 %s 小时", b1.data ? b1.data : "");
    plot_text(c->p, XM, by - 3, PLOT_BOTTOM, &st, ml);
    if (beyond)
        source_note(c, say(c, "单位服务时长 ÷ 活跃志愿者人数；箱体为上下四分位数，须线至 1.5 倍"
                              "四分位距；%zu 个单位超过 %s 小时（上四分位数加 3 倍四分位距），"
                              "画作右端的三角", beyond, num_text(c, &b2, (int64_t)llround(xs.hi), 0)));
    else
        source_note(c, "单位服务时长 ÷ 活跃志愿者人数；箱体为上下四分位数，竖线为中位数，"
                       "须线至 1.5 倍四分位距");
out:
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    mem_free(h);
    mem_free(bins);
}

/* ---- 7: participation rate against beneficiaries per Party member ---------------------- */

/* Tukey's far fence of v[0..n): Q3 + 3·IQR (GSL's quartiles) into *fence. Returns 0, or -1
   when out of memory. */
static int far_fence(const double *v, size_t n, double *fence)
{
    double *sorted = mem_calloc(n ? n : 1, sizeof *sorted);
    if (!sorted)
        return -1;
    memcpy(sorted, v, n * sizeof *sorted);
    qsort(sorted, n, sizeof *sorted, by_double);
    double q1 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.25);
    double q3 = gsl_stats_quantile_from_sorted_data(sorted, 1, n, 0.75);
    mem_free(sorted);
    *fence = q3 + 3 * (q3 - q1);
    return 0;
}

static void chart_rate_beneficiaries(chart *c)
{
    const ledger *l = c->rc->ledger;
    const figures *f = c->rc->figures;
    size_t nu = l ? l->n_units : 0, n = 0;
    double *x = nu ? mem_calloc(nu, sizeof *x) : NULL, *y = nu ? mem_calloc(nu, sizeof *y) : NULL;
    size_t *who = nu ? mem_calloc(nu, sizeof *who) : NULL;
    plot_rect *taken = NULL;
    buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT;
    if (nu && (!x || !y || !who)) {
        c->nomem = 1;
        goto out;
    }
    /* the units the statistics use: with volunteers and with party members */
    for (size_t u = 0; u < nu; u++) {
        const figures_unit *fu = &f->units[u];
        if (fu->party_members <= 0 || fu->volunteers <= 0)
            continue;
        x[n] = 100.0 * (double)fu->party_volunteers / (double)fu->party_members;
        y[n] = (double)fu->beneficiaries / (double)fu->party_members;
        who[n++] = u;
    }
    double c0 = 0, c1 = 0, r = 0;
    int fitted = 0;
    if (n >= 3 && gsl_stats_variance(x, 1, n) > 0 && gsl_stats_variance(y, 1, n) > 0) {
        double cov00, cov01, cov11, sumsq;
        if (gsl_fit_linear(x, 1, y, 1, n, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) == 0) {
            r = gsl_stats_correlation(x, 1, y, 1, n);
            fitted = isfinite(r) && isfinite(c0) && isfinite(c1);
        }
    }
    if (fitted) {
        const char *dir = r > 0 ? "正相关" : "负相关";
        double ar = fabs(r);
        const char *strength = ar < 0.1 ? "几乎无关" : ar < 0.3 ? "弱" : ar < 0.7 ? "中等" : "强";
        buf_clear(&b1);
        if (buf_printf(&b1, "%.2f", r) != 0)
            c->nomem = 1;
        if (n < 10)
            plot_heading(c->p, CHARTS[6].title,
                         say(c, "只有 %zu 个单位，相关系数 r = %s 仅供参考：单位太少，看不出规律",
                             n, b1.data));
        else if (ar < 0.1)
            plot_heading(c->p, CHARTS[6].title,
                         say(c, "%zu 个单位，相关系数 r = %s：两者几乎无关", n, b1.data));
        else if (ar < 0.3)
            plot_heading(c->p, CHARTS[6].title,
                         say(c, "%zu 个单位，相关系数 r = %s：%s，但很弱；各单位差别主要不在参与率",
                             n, b1.data, dir));
        else
            plot_heading(c->p, CHARTS[6].title,
                         say(c, "%zu 个单位，相关系数 r = %s：%s（%s）；参与率每高 10 个百分点，"
                                "人均受益约%s %.1f 人", n, b1.data, dir, strength,
                             c1 > 0 ? "多" : "少", fabs(c1) * 10));
    } else {
        plot_heading(c->p, CHARTS[6].title,
                     say(c, "%zu 个单位有党员志愿者数据；单位太少或数值没有差异，未拟合直线", n));
    }
    plot_rect area = {60, 78, W - 60 - 20, plot_height(c->p) - 78 - 62};
    if (n == 0) {
        plot_empty(c->p, &area, "暂无同时有党员和志愿者的单位");
        source_note(c, NULL);
        goto out;
    }
    double xmax = 0, ymax = 0;
    for (size_t i = 0; i < n; i++) {
        xmax = fmax(xmax, x[i]);
        ymax = fmax(ymax, y[i]);
    }
    /* A few units far above the rest would squash the others into a line at the bottom:
       the axis stops at Q3 + 3·IQR of y when some lie beyond, and those are drawn as
       triangles on the top edge, counted in the note. The line and r use every unit. */
    double ytop = ymax, fence = ymax;
    size_t above = 0;
    if (n >= 8) {
        if (far_fence(y, n, &fence) != 0) {
            c->nomem = 1;
            goto out;
        }
        if (fence > 0 && ymax > fence) {
            ytop = fence;
            for (size_t i = 0; i < n; i++)
                above += y[i] > fence;
        }
    }
    /* The same for x: a unit or two at a rate far beyond the rest (a unit of 2 party
       members, both volunteers: 100 %) would stretch the axis; they are drawn as
       triangles on the right edge, and the fitted line stops at the last unit shown. */
    double xfence = xmax;
    size_t beyond = 0;
    if (n >= 8) {
        double fx;
        if (far_fence(x, n, &fx) != 0) {
            c->nomem = 1;
            goto out;
        }
        if (fx > 0 && xmax > fx) {
            xfence = 0;
            for (size_t i = 0; i < n; i++) {
                if (x[i] > fx)
                    beyond++;
                else
                    xfence = fmax(xfence, x[i]);
            }
        }
    }
    plot_scale xs, ys;
    /* a little room beyond the largest values shown, so no dot sits on the frame */
    plot_scale_nice(&xs, 0, fmax(xfence * 1.06, 10), 10, 0, 100, area.x, area.x + area.w);
    plot_scale_nice(&ys, 0, ytop * 1.08, 6, 0, 1, area.y + area.h, area.y);
    plot_axis_left(c->p, &area, &ys, "党员人均受益人数（人/党员）", NULL);
    plot_axis_bottom(c->p, &area, &xs, "党员志愿者参与率（%）", NULL);
    double rad = n > 150 ? 2.2 : 3.2;
    cairo_t *cr = plot_cairo(c->p);
    for (size_t i = 0; i < n; i++) {
        double px = plot_scale_map(&xs, x[i]);
        if (x[i] > xs.hi) {          /* beyond the x axis: a triangle on the right edge */
            double py = plot_scale_map(&ys, fmin(y[i], ys.hi));
            cairo_move_to(cr, area.x + area.w + 1, py);
            cairo_line_to(cr, area.x + area.w - 5, py - 3.5);
            cairo_line_to(cr, area.x + area.w - 5, py + 3.5);
            cairo_close_path(cr);
            cairo_set_source_rgb(cr, PLOT_VERMILION.r, PLOT_VERMILION.g, PLOT_VERMILION.b);
            cairo_fill(cr);
            continue;
        }
        if (y[i] <= ys.hi) {
            plot_dot(c->p, px, plot_scale_map(&ys, y[i]), rad, PLOT_BLUE, n > 150 ? 0.45 : 0.7);
            continue;
        }
        cairo_move_to(cr, px, area.y - 1);
        cairo_line_to(cr, px - 3.5, area.y + 5);
        cairo_line_to(cr, px + 3.5, area.y + 5);
        cairo_close_path(cr);
        cairo_set_source_rgb(cr, PLOT_VERMILION.r, PLOT_VERMILION.g, PLOT_VERMILION.b);
        cairo_fill(cr);
    }
    if (fitted) {
        double lo = x[0], hi = 0;     /* across the units drawn inside the axis only */
        for (size_t i = 0; i < n; i++) {
            lo = fmin(lo, x[i]);
            if (x[i] <= xs.hi)
                hi = fmax(hi, x[i]);
        }
        cairo_save(cr);
        cairo_rectangle(cr, area.x, area.y, area.w, area.h);
        cairo_clip(cr);
        plot_line(c->p, plot_scale_map(&xs, lo), plot_scale_map(&ys, c0 + c1 * lo),
                  plot_scale_map(&xs, hi), plot_scale_map(&ys, c0 + c1 * hi), 1.8,
                  PLOT_VERMILION, 0);
        cairo_restore(cr);
        plot_key key = {NULL, PLOT_VERMILION, 1, 0};
        buf_clear(&b2);
        if (buf_printf(&b2, "拟合直线 y = %.3g %s %.3g·x，r = %.2f", c0, c1 < 0 ? "-" : "+",
                       fabs(c1), r) != 0)
            c->nomem = 1;
        key.label = b2.data ? b2.data : "";
        /* above the frame, on the right: inside it would cover dots */
        double kw = 20 + plot_text_width(c->p, key.label, 8.5);
        plot_legend(c->p, area.x + area.w - kw, area.y - 18, &key, 1);
    }
    /* A few units: each dot named, unless the name would cover another one's. */
    if (n <= 12 && (taken = mem_calloc(n, sizeof *taken)) != NULL) {
        size_t n_taken = 0;
        for (size_t i = 0; i < n; i++) {
            buf_clear(&b3);
            if (plot_fit_middle(c->p, &b3, l->units[who[i]].name, SMALL.size, 96) != 0 ||
                !b3.data) {
                c->nomem = 1;
                break;
            }
            double px = plot_scale_map(&xs, x[i]), py = plot_scale_map(&ys, y[i]);
            double tw = plot_text_width(c->p, b3.data, SMALL.size);
            int left = px + rad + 3 + tw > area.x + area.w;
            plot_rect box = {left ? px - rad - 3 - tw : px + rad + 3, py - 6, tw, 12};
            int clash = box.x < area.x || box.y < area.y;
            for (size_t j = 0; j < n_taken && !clash; j++)
                clash = box.x < taken[j].x + taken[j].w && taken[j].x < box.x + box.w &&
                        box.y < taken[j].y + taken[j].h && taken[j].y < box.y + box.h;
            if (clash)
                continue;
            taken[n_taken++] = box;
            plot_style st = SMALL;
            st.halo = 1;
            plot_text(c->p, left ? px - rad - 3 : px + rad + 3, py, left ? PLOT_RIGHT : PLOT_LEFT,
                      &st, b3.data);
        }
    } else if (n <= 12) {
        c->nomem = 1;
    }
    buf_clear(&b2);
    if (buf_puts(&b2, "每点一个单位；竖条为党员少的单位（参与率只取 1/2、1/3 等值）") != 0)
        c->nomem = 1;
    if ((above || beyond) &&
        buf_printf(&b2, "；%zu 个超出范围的单位画作边上的三角", above + beyond) != 0)
        c->nomem = 1;
    source_note(c, b2.data);
out:
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    mem_free(x);
    mem_free(y);
    mem_free(who);
    mem_free(taken);
}

/* ---- 8: the menu demands ----------------------------------------------------------------- */

static void chart_demands(chart *c)
{
    const ledger *l = c->rc->ledger;
    const figures *f = c->rc->figures;
    size_t nc = l ? l->n_categories : 0, nd = l ? l->n_demands : 0, n = 0;
    int64_t *answered = nc ? mem_calloc(nc, sizeof *answered) : NULL;
    int64_t *open = nc ? mem_calloc(nc, sizeof *open) : NULL;
    double *days = nd ? mem_calloc(nd, sizeof *days) : NULL;
    ranked *rows = nc ? mem_calloc(nc, sizeof *rows) : NULL;
    buf b1 = BUF_INIT, b2 = BUF_INIT, b3 = BUF_INIT;
    if ((nc && (!answered || !open || !rows)) || (nd && !days)) {
        c->nomem = 1;
        goto out;
    }
    int64_t total_answered = 0;
    for (size_t d = 0; d < nd; d++) {
        int32_t k = l->demands[d].category;
        if (k < 0 || (size_t)k >= nc)
            continue;
        if (f->demand_first_activity && f->demand_first_activity[d] != LEDGER_NONE) {
            answered[k]++;
            total_answered++;
        } else {
            open[k]++;
        }
    }
    for (size_t k = 0; k < nc; k++)
        if (answered[k] + open[k] > 0)
            rows[n++] = (ranked){answered[k] + open[k], l->categories[k], k};
    if (n > 1)
        qsort(rows, n, sizeof *rows, by_key_desc);
    if (nd == 0) {
        plot_heading(c->p, CHARTS[7].title, "本年度台账中没有群众“点菜”需求");
    } else {
        const char *median = "—";
        if (f->city.median_response_half_days >= 0) {
            buf_clear(&b3);
            if (cnnum_trim(&b3, f->city.median_response_half_days * 5, 1) != 0)
                c->nomem = 1;
            median = b3.data ? b3.data : "";
        }
        plot_heading(c->p, CHARTS[7].title,
                     say(c, "%zu 项需求，已响应 %s 项（%s），从提出到响应中位数 %s 天", nd,
                         num_text(c, &b1, total_answered, 0),
                         pct_text(c, &b2, total_answered, (int64_t)nd), median));
    }
    plot_rect whole = {16, 76, W - 32, plot_height(c->p) - 76 - 44};
    if (n == 0) {
        plot_empty(c->p, &whole, "暂无需求数据");
        source_note(c, NULL);
        goto out;
    }
    double label_w = 64, left = 16 + label_w + 6, gap = 24;
    double lw = (W - 16 - left - gap) * 0.58, rw = W - 16 - left - gap - lw;
    double top = 84;
    plot_rect ra = {left, top, lw, plot_height(c->p) - top - 50};
    plot_rect rb = {left + lw + gap, top, rw, ra.h};
    const char *labels[MAX_ROWS];
    size_t shown = n < MAX_ROWS ? n : MAX_ROWS;
    if (ra.h / (double)shown > 24)
        ra.h = rb.h = 24 * (double)shown;
    for (size_t i = 0; i < shown; i++)
        labels[i] = l->categories[rows[i].index];
    double pitch = ra.h / (double)shown, bh = fmin(pitch * 0.68, 16);
    /* left: answered + open, stacked */
    int64_t most = 0;
    for (size_t i = 0; i < shown; i++)
        most = rows[i].key > most ? rows[i].key : most;
    double widest = plot_text_width(c->p, num_text(c, &b1, most, 0), VALUE.size);
    plot_scale xs;
    plot_scale_nice(&xs, 0, (double)most, (int)fmax(2, floor((lw - widest - 4) / 34)), 1, 5,
                    ra.x, ra.x + lw - widest - 4);
    plot_rect axis = {ra.x, ra.y, xs.to - xs.from, ra.h};
    plot_axis_bottom(c->p, &axis, &xs, "需求（项）", NULL);
    for (size_t i = 0; i < shown; i++) {
        size_t k = rows[i].index;
        double y = ra.y + pitch * (double)i + (pitch - bh) / 2;
        double x0 = plot_scale_map(&xs, 0), xa = plot_scale_map(&xs, (double)answered[k]);
        double xo = plot_scale_map(&xs, (double)(answered[k] + open[k]));
        plot_fill_rect(c->p, x0, y, xa - x0, bh, PLOT_BLUE);
        plot_fill_rect(c->p, xa, y, xo - xa, bh, PLOT_ORANGE);
        plot_text(c->p, xo + 3, y + bh / 2, PLOT_LEFT, &VALUE, num_text(c, &b1, rows[i].key, 0));
    }
    plot_key keys[2] = {{"已响应", PLOT_BLUE, 0, 0}, {"未响应", PLOT_ORANGE, 0, 0}};
    plot_legend(c->p, ra.x, top - 20, keys, 2);
    row_labels(c, left - 6, &ra, shown, labels, label_w);
    /* right: days from demand to its first answering activity, median and quartiles */
    double dmax = 0;
    for (size_t d = 0; d < nd; d++)
        if (f->demand_first_activity && f->demand_first_activity[d] != LEDGER_NONE) {
            const ledger_activity *a = &l->activities[f->demand_first_activity[d]];
            dmax = fmax(dmax, (double)(a->date - l->demands[d].submitted_on));
        }
    plot_scale ds;
    plot_scale_nice(&ds, 0, dmax * 1.08, (int)fmax(2, floor(rw / 34)), 1, 5, rb.x + 4,
                    rb.x + rw - 4);
    panel_heading(c, rb.x, rb.y - 6, "响应用时", rw, NULL);
    plot_axis_bottom(c->p, &rb, &ds, "响应用时（天）", NULL);
    for (size_t i = 0; i < shown; i++) {
        size_t k = rows[i].index, m = 0;
        for (size_t d = 0; d < nd; d++)
            if (l->demands[d].category == (int32_t)k && f->demand_first_activity &&
                f->demand_first_activity[d] != LEDGER_NONE)
                days[m++] = (double)(l->activities[f->demand_first_activity[d]].date -
                                     l->demands[d].submitted_on);
        double y = rb.y + pitch * ((double)i + 0.5);
        if (m == 0) {
            plot_text(c->p, rb.x + 6, y, PLOT_LEFT, &SMALL, "尚未响应");
            continue;
        }
        qsort(days, m, sizeof *days, by_double);
        double q1 = gsl_stats_quantile_from_sorted_data(days, 1, m, 0.25);
        double q3 = gsl_stats_quantile_from_sorted_data(days, 1, m, 0.75);
        double med = gsl_stats_median_from_sorted_data(days, 1, m);
        plot_line(c->p, plot_scale_map(&ds, q1), y, plot_scale_map(&ds, q3), y, 2.2,
                  PLOT_SKY, 0);
        plot_dot(c->p, plot_scale_map(&ds, med), y, 3.0, PLOT_BLUE, 1.0);
        buf_clear(&b1);
        if (cnnum_trim(&b1, llround(med * 10), 1) != 0 || buf_puts(&b1, " 天") != 0) {
            c->nomem = 1;
            continue;
        }
        double tw = plot_text_width(c->p, b1.data, VALUE.size);
        double xr = fmax(plot_scale_map(&ds, q3), plot_scale_map(&ds, med) + 3) + 4;
        double xl = fmin(plot_scale_map(&ds, q1), plot_scale_map(&ds, med) - 3) - 4;
        if (xr + tw <= rb.x + rw)
            plot_text(c->p, xr, y, PLOT_LEFT, &VALUE, b1.data);
        else
            plot_text(c->p, xl, y, PLOT_RIGHT, &VALUE, b1.data);
    }
    source_note(c, n > shown ? say(c, "另有 %zu 个类别未列出；响应用时：从需求提出到首个响应活动"
                                      "的天数", n - shown)
                             : "响应用时：从需求提出到首个响应活动的天数；"
                               "点为中位数，横线为上下四分位");
out:
    buf_release(&b1);
    buf_release(&b2);
    buf_release(&b3);
    mem_free(answered);
    mem_free(open);
    mem_free(days);
    mem_free(rows);
}

/* ---- 9: campaign results ------------------------------------------------------------------ */

typedef struct tile { const figures_result *r; } tile;

static int by_activities(const void *a, const void *b)
{
    const figures_result *x = ((const tile *)a)->r, *y = ((const tile *)b)->r;
    if (x->activities != y->activities)
        return x->activities > y->activities ? -1 : 1;
    int k = strcmp(x->indicator, y->indicator);
    return k ? k : strcmp(x->measure_unit, y->measure_unit);
}

/* A result quantity (× 10 000) the Chinese way: 万 from 10 000 on, whole numbers from
   1 000 on, else up to 2 decimals ("12.5", "0.75"). */
static const char *quantity_text(chart *c, buf *b, int64_t q_e4)
{
    buf_clear(b);
    int64_t v;
    int r;
    if (q_e4 >= 1000LL * 10000) {
        r = num_div_round(q_e4, 10000, &v) != 0 ? -1 : cnnum_count(b, v);
    } else {
        r = num_div_round(q_e4, 100, &v) != 0 ? -1 : cnnum_trim(b, v, 2);
    }
    if (r != 0)
        c->nomem = 1;
    return b->data ? b->data : "";
}

static void chart_results(chart *c)
{
    const figures *f = c->rc->figures;
    size_t n = f->n_results;
    tile *tiles = n ? mem_calloc(n, sizeof *tiles) : NULL;
    buf b1 = BUF_INIT;
    if (n && !tiles) {
        c->nomem = 1;
        return;
    }
    for (size_t i = 0; i < n; i++)
        tiles[i].r = &f->results[i];
    if (n > 1)
        qsort(tiles, n, sizeof *tiles, by_activities);
    if (n == 0)
        plot_heading(c->p, CHARTS[8].title, "本年度台账中没有活动成果记录");
    else
        plot_heading(c->p, CHARTS[8].title,
                     say(c, "共 %zu 项成果指标；按参与的活动次数从多到少排列", n));
    plot_rect area = {16, 58, W - 32, plot_height(c->p) - 58 - 30};
    if (n == 0) {
        plot_empty(c->p, &area, "暂无成果数据");
        source_note(c, NULL);
        goto out;
    }
    size_t shown = n < MAX_TILES ? n : MAX_TILES, cols = 3;
    size_t rows = (shown + cols - 1) / cols;
    double gap = 8, tw = (area.w - gap * (double)(cols - 1)) / (double)cols;
    double th = fmin((area.h - gap * (double)(rows - 1)) / (double)rows, 72);
    static const plot_style NAME = {.size = 9.0, .colour = {0.267, 0.267, 0.267}};
    static const plot_style BIG = {.size = 17.0, .colour = {0, 114 / 255.0, 178 / 255.0},
                                   .bold = 1};
    static const plot_style UNIT = {.size = 9.5, .colour = {0, 114 / 255.0, 178 / 255.0}};
    for (size_t i = 0; i < shown; i++) {
        const figures_result *r = tiles[i].r;
        double x = area.x + (tw + gap) * (double)(i % cols);
        double y = area.y + (th + gap) * (double)(i / cols);
        plot_fill_rect(c->p, x, y, tw, th, (plot_rgb){0.945, 0.965, 0.98});
        plot_fill_rect(c->p, x, y, 3, th, PLOT_BLUE);
        plot_text_fit(c->p, x + 10, y + 7, PLOT_TOP_LEFT, &NAME, r->indicator, tw - 16);
        const char *q = quantity_text(c, &b1, r->quantity_e4);
        double unit_w = plot_text_width(c->p, r->measure_unit, UNIT.size);
        double room = tw - 16 - fmin(unit_w, (tw - 16) / 3) - 3;
        plot_text_fit(c->p, x + 10, y + th / 2 + 5, PLOT_LEFT, &BIG, q, room);
        double qw = fmin(plot_text_width(c->p, q, BIG.size), room);
        plot_text_fit(c->p, x + 10 + qw + 3, y + th / 2 + 7, PLOT_LEFT, &UNIT, r->measure_unit,
                      tw - 16 - qw - 3);
        plot_text(c->p, x + 10, y + th - 5, PLOT_BOTTOM_LEFT, &SMALL,
                  say(c, "来自 %s 次活动", num_text(c, &b1, r->activities, 0)));
    }
    source_note(c, n > shown ? say(c, "另有 %zu 项成果见 tables/results.csv", n - shown)
                             : "数量为各活动所报成果之和，计量单位不同的同名指标分列");
out:
    buf_release(&b1);
    mem_free(tiles);
}

/* ---- sizes ------------------------------------------------------------------------------ */

static size_t bonus_rows(const run_context *rc)
{
    size_t n = 0;
    for (size_t u = 0; rc->bonus && rc->ledger && u < rc->bonus->n_units &&
                       u < rc->ledger->n_units; u++)
        n += rc->bonus->units[u].total_cents > 0;
    return n > TOP_BARS + 1 ? TOP_BARS + 1 : n;   /* + 1: the line that sums up the rest */
}

static size_t demand_rows(const run_context *rc)
{
    const ledger *l = rc->ledger;
    size_t n = 0;
    for (size_t k = 0; l && k < l->n_categories; k++)
        for (size_t d = 0; d < l->n_demands; d++)
            if (l->demands[d].category == (int32_t)k) {
                n++;
                break;
            }
    return n;
}

static double clamp(double v, double lo, double hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

double charts_height(const run_context *rc, size_t i)
{
    if (i >= CHARTS_COUNT)
        return 0;
    double max = CHARTS[i].height;
    switch (i) {
    case 0: {
        size_t rows = bonus_rows(rc);
        return rows > TOP_BARS ? BANDS_H : clamp(72 + 22.0 * (double)rows + 60, 180, max);
    }
    case 2: {
        size_t n = rc->ledger ? rc->ledger->n_categories : 0;
        return clamp(80 + 24.0 * (double)(n < MAX_ROWS ? n : MAX_ROWS) + 50, 240, max);
    }
    case 3: return clamp(80 + 24.0 * (double)(rc->figures->areas[AREA_OTHER].activities ||
                                              rc->figures->areas[AREA_OTHER].beneficiaries
                                              ? AREA_COUNT : AREA_COUNT - 1) + 50, 240, max);
    case 7: {
        size_t n = demand_rows(rc);
        return clamp(80 + 26.0 * (double)(n < MAX_ROWS ? n : MAX_ROWS) + 56, 180, max);
    }
    case 8: {
        size_t n = rc->figures->n_results < MAX_TILES ? rc->figures->n_results : MAX_TILES;
        return clamp(58 + 80.0 * (double)((n + 2) / 3) + 30, 180, max);
    }
    case 9: return supply_chart_height(rc, max);
    default: return max;
    }
}

/* ---- 10: demand against supply (output/supply_chart) ---------------------------------------- */

static void chart_supply(chart *c)
{
    supply_chart_draw(c->p, c->rc, CHARTS[9].title, &c->nomem);
}

/* ---- rendering and files ------------------------------------------------------------------ */

static void (*const DRAW[])(chart *) = {
    chart_bonus, chart_participation, chart_categories, chart_areas, chart_months,
    chart_hours, chart_rate_beneficiaries, chart_demands, chart_results, chart_supply,
};

tz_status charts_render(const run_context *rc, size_t i, plot_format format,
                        const plot_font *font, buf *out, plot_check *check)
{
    if (i >= CHARTS_COUNT)
        return TZ_SOFTWARE;
    chart c = {NULL, rc, BUF_INIT, 0};
    tz_status st = plot_new(format, CHARTS[i].width, charts_height(rc, i), CHARTS_SCALE, font,
                            &c.p);
    if (st != TZ_OK)
        goto out;
    DRAW[i](&c);
    if (check)
        plot_get_check(c.p, check);
    if (c.nomem) {
        st = TZ_NOMEM;
        goto out;
    }
    st = plot_finish(c.p, out);
out:
    plot_free(c.p);
    buf_release(&c.t);
    return st;
}

static tz_status write_file(const char *path, const buf *b)
{
    FILE *fp = fopen(path, "wb");
    if (!fp) {
        fprintf(stderr, "taizhang: 无法创建图表文件 %s：%s\n", path, strerror(errno));
        return TZ_CANTCREAT;
    }
    size_t n = b->len ? fwrite(b->data, 1, b->len, fp) : 0;
    int bad = n != b->len || fflush(fp) != 0;
    if (fclose(fp) != 0)
        bad = 1;
    if (bad) {
        fprintf(stderr, "taizhang: 写入图表文件 %s 失败：%s\n", path, strerror(errno));
        return TZ_IOERR;
    }
    return TZ_OK;
}

tz_status charts_write(const run_context *rc, const char *dir)
{
    plot_font *font = NULL;
    buf err = BUF_INIT, bytes = BUF_INIT, path = BUF_INIT;
    size_t missing = 0;
    /* TAIZHANG_FONT names the one font file to use (a deployment whose fonts live
       elsewhere); it must hold Chinese glyphs like any other. */
    const char *chosen = getenv("TAIZHANG_FONT");
    const char *const only[] = {chosen, NULL};
    tz_status st = plot_font_open(chosen && *chosen ? only : NULL, !(chosen && *chosen), &font,
                                  &err);
    if (st != TZ_OK) {
        if (err.data)
            fprintf(stderr, "taizhang: %s%s\n", err.data, chosen && *chosen ?
                    "（字体文件由环境变量 TAIZHANG_FONT 指定：请改正或取消该变量）" : "");
        goto out;
    }
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "taizhang: 无法创建图表目录 %s：%s\n", dir, strerror(errno));
        st = TZ_CANTCREAT;
        goto out;
    }
    for (size_t i = 0; i < CHARTS_COUNT; i++)
        for (int k = 0; k < 2; k++) {
            plot_format fmt = k == 0 ? PLOT_PNG : PLOT_SVG;
            plot_check check;
            buf_clear(&bytes);
            buf_clear(&path);
            st = charts_render(rc, i, fmt, font, &bytes, &check);
            if (st != TZ_OK) {
                fprintf(stderr, "taizhang: 绘制图表 %s 失败（%s）\n", CHARTS[i].file,
                        st == TZ_NOMEM ? "内存不足" : "cairo 出错");
                goto out;
            }
            if (k == 0)
                missing += check.missing_glyphs;
            if (buf_printf(&path, "%s/%s.%s", dir, CHARTS[i].file, k == 0 ? "png" : "svg") != 0) {
                st = TZ_NOMEM;
                goto out;
            }
            st = write_file(path.data, &bytes);
            if (st != TZ_OK)
                goto out;
        }
    if (missing)
        fprintf(stderr, "taizhang: 警告：图表中有 %zu 个字符在字体 %s 中没有字形，显示为方框"
                        "（多为生僻字，请核对单位名称等文字）\n", missing, plot_font_file(font));
out:
    plot_font_free(font);
    buf_release(&err);
    buf_release(&bytes);
    buf_release(&path);
    return st;
}
