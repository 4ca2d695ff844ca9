/* tests/unit/test_charts.c — output/cnnum, output/plot and output/charts: Chinese number
   forms, scales, text fitting, the font check, and every chart drawn from a hand-made
   set and from edge cases (nothing, one unit, all zero, 400 units with long names):
   image size, ink within bounds, no text outside the canvas or overlapping, the same bytes
   twice and in either order, and bar lengths measured in the pixels.
   TZ_CHART_DUMP=DIR writes every PNG drawn here into DIR for looking at. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "output/charts.h"
#include "output/cnnum.h"
#include "output/plot.h"
#include "charts_fixture.h"

static plot_font *FONT;

/* ---- cnnum ------------------------------------------------------------------------------ */

static const char *count_text(buf *b, int64_t v)
{
    buf_clear(b);
    assert_int_equal(cnnum_count(b, v), 0);
    return b->data;
}

static void test_cnnum_count(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_string_equal(count_text(&b, 0), "0");
    assert_string_equal(count_text(&b, 999), "999");
    assert_string_equal(count_text(&b, 9876), "9,876");
    assert_string_equal(count_text(&b, -1234), "-1,234");
    assert_string_equal(count_text(&b, 10000), "1万");
    assert_string_equal(count_text(&b, 12345), "1.23万");      /* 1.2345 → 1.23 */
    assert_string_equal(count_text(&b, 12350), "1.24万");      /* 1.235 half up */
    assert_string_equal(count_text(&b, 15000), "1.5万");
    assert_string_equal(count_text(&b, 99999), "10万");        /* 9.9999 → 10.0 */
    assert_string_equal(count_text(&b, 123456), "12.3万");
    assert_string_equal(count_text(&b, 1234567), "123万");
    assert_string_equal(count_text(&b, 12345678), "1,235万");
    assert_string_equal(count_text(&b, 99995000), "1亿");      /* 9,999.5万 rounds to 1亿 */
    assert_string_equal(count_text(&b, 123456789), "1.23亿");
    buf_release(&b);
}

static void test_cnnum_fixed_and_ticks(void **state)
{
    (void)state;
    buf b = BUF_INIT;
    assert_int_equal(cnnum_fixed(&b, 1234567, 1), 0);
    assert_string_equal(b.data, "123,456.7");
    buf_clear(&b);
    assert_int_equal(cnnum_fixed(&b, 300, 2), 0);
    assert_string_equal(b.data, "3.00");
    buf_clear(&b);
    assert_int_equal(cnnum_trim(&b, 12500, 4), 0);
    assert_string_equal(b.data, "1.25");
    buf_clear(&b);
    assert_int_equal(cnnum_trim(&b, 30000, 4), 0);
    assert_string_equal(b.data, "3");
    struct { double v, step; int wan; const char *want; } T[] = {
        {0, 5000, 1, "0"}, {5000, 5000, 1, "0.5万"}, {20000, 5000, 1, "2万"},
        {2500, 500, 0, "2,500"}, {0.25, 0.05, 0, "0.25"}, {0.5, 0.1, 0, "0.5"},
        {40, 10, 0, "40"}, {1.5, 0.5, 0, "1.5"}, {3, 0.5, 0, "3.0"},
    };
    for (size_t i = 0; i < sizeof T / sizeof T[0]; i++) {
        buf_clear(&b);
        assert_int_equal(cnnum_tick(&b, T[i].v, T[i].step, T[i].wan), 0);
        assert_string_equal(b.data, T[i].want);
    }
    buf_release(&b);
}

/* ---- scales, fitting, font ---------------------------------------------------------------- */

static void test_scale_nice(void **state)
{
    (void)state;
    plot_scale s;
    /* 0..3 in at most 8 intervals: 0.1 and 0.2 need 30 and 15, 0.5 needs 6 */
    plot_scale_nice(&s, 0, 3, 8, 0, 1, 0, 100);
    assert_true(fabs(s.step - 0.5) < 1e-12 && fabs(s.hi - 3) < 1e-12 && s.lo == 0);
    assert_true(fabs(plot_scale_map(&s, 1.5) - 50) < 1e-9);
    /* 0..37 in at most 5 whole intervals: 1, 2, 5 need 37, 19, 8; 10 needs 4 → 0..40 */
    plot_scale_nice(&s, 0, 37, 5, 1, 5, 0, 100);
    assert_true(fabs(s.step - 10) < 1e-12 && fabs(s.hi - 40) < 1e-12);
    /* all zero: the domain becomes 0..5 with whole steps */
    plot_scale_nice(&s, 0, 0, 6, 1, 5, 0, 100);
    assert_true(fabs(s.hi - 5) < 1e-12 && fabs(s.step - 1) < 1e-12);
    /* 0..123 456 in at most 5: step 50 000 → 0..150 000, labelled in 万 */
    plot_scale_nice(&s, 0, 123456, 5, 1, 5, 0, 100);
    assert_true(fabs(s.step - 50000) < 1e-6 && fabs(s.hi - 150000) < 1e-6 && s.wan);
}

static void test_fit_ellipsis(void **state)
{
    (void)state;
    plot *p = NULL;
    assert_int_equal(plot_new(PLOT_PNG, 200, 100, 1, FONT, &p), TZ_OK);
    const char *name = "锡林郭勒盟第十二苏木镇人民政府机关党总支第三党支部";
    buf b = BUF_INIT;
    assert_int_equal(plot_fit(p, &b, "短名", 9, 100), 0);
    assert_string_equal(b.data, "短名");
    double full = plot_text_width(p, name, 9);
    for (double w = 20; w < full; w += 7) {
        buf_clear(&b);
        assert_int_equal(plot_fit(p, &b, name, 9, w), 0);
        assert_non_null(b.data);
        size_t len = strlen(b.data);
        assert_true(len >= 3 && strcmp(b.data + len - 3, "…") == 0);
        assert_true(plot_text_width(p, b.data, 9) <= w + 1e-9);
        /* a head of the name, cut between characters */
        assert_memory_equal(b.data, name, len - 3);
        /* and the longest such head: one more character would not fit */
        size_t next = len - 3 + 3;                      /* each character here is 3 bytes */
        if (next < strlen(name)) {
            buf t = BUF_INIT;
            buf_append(&t, name, next);
            buf_puts(&t, "…");
            assert_true(plot_text_width(p, t.data, 9) > w);
            buf_release(&t);
        }
    }
    buf_release(&b);
    /* a character outside the font (U+20BB7 𠮷) is counted; bytes that are no UTF-8 are
       drawn as U+FFFD instead of putting cairo in an error state */
    static const plot_style plain = {.size = 9};
    plot *q = NULL;
    assert_int_equal(plot_new(PLOT_SVG, 200, 100, 1, FONT, &q), TZ_OK);
    plot_text(q, 10, 10, PLOT_TOP_LEFT, &plain, "\xF0\xA0\xAE\xB7");
    plot_text(q, 10, 40, PLOT_TOP_LEFT, &plain, "坏\xFF\xC0\x80字\xED\xA0\x80");
    assert_true(plot_text_width(q, "\xE4\xB8", 9) > 0);       /* a cut character */
    plot_check qc;
    plot_get_check(q, &qc);
    assert_int_equal(qc.texts, 2);
    assert_int_equal(qc.failed, 0);
    assert_true(qc.missing_glyphs >= 1);
    buf qb = BUF_INIT;
    assert_int_equal(plot_finish(q, &qb), TZ_OK);
    buf_release(&qb);
    plot_free(q);
    /* text drawn beyond the right edge is counted */
    static const plot_style st = {.size = 9, .colour = {0, 0, 0}};
    plot_text(p, 190, 50, PLOT_LEFT, &st, "出界");
    plot_text(p, 10, 10, PLOT_TOP_LEFT, &st, "甲");
    plot_text(p, 12, 12, PLOT_TOP_LEFT, &st, "乙");     /* overlaps 甲 */
    plot_check c;
    plot_get_check(p, &c);
    assert_int_equal(c.texts, 3);
    assert_int_equal(c.outside, 1);
    assert_int_equal(c.overlaps, 1);
    assert_int_equal(c.missing_glyphs, 0);
    plot_free(p);
}

static void test_font_missing(void **state)
{
    (void)state;
    plot_font *f = NULL;
    buf err = BUF_INIT;
    /* a Latin-only face is refused, as is a file that is not there */
    const char *const latin[] = {"/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
                                 "/nonexistent/wqy-zenhei.ttc", NULL};
    assert_int_equal(plot_font_open(latin, 0, &f, &err), TZ_CONFIG);
    assert_null(f);
    assert_non_null(strstr(err.data, "fonts-wqy-zenhei"));
    assert_non_null(strstr(err.data, "/nonexistent/wqy-zenhei.ttc"));
    buf_release(&err);
    /* none of the files, but fontconfig is asked: it offers a face for zh-cn, accepted
       because its glyphs cover Chinese (here one of the two packages is installed) */
    const char *const none[] = {"/nonexistent/font.ttc", NULL};
    assert_int_equal(plot_font_open(none, 1, &f, &err), TZ_OK);
    assert_true(strstr(plot_font_file(f), "wqy") || strstr(plot_font_file(f), "arphic"));
    plot_font_free(f);
    /* the default list finds a Chinese face */
    assert_int_equal(plot_font_open(NULL, 0, &f, &err), TZ_OK);
    assert_non_null(strstr(plot_font_file(f), ".ttc"));
    plot_font_free(f);
    buf_release(&err);
}

/* ---- charts ------------------------------------------------------------------------------ */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

typedef struct png_read { const buf *b; size_t at; } png_read;

static cairo_status_t from_buf(void *closure, unsigned char *data, unsigned int len)
{
    png_read *r = closure;
    if (r->at + len > r->b->len)
        return CAIRO_STATUS_READ_ERROR;
    memcpy(data, r->b->data + r->at, len);
    r->at += len;
    return CAIRO_STATUS_SUCCESS;
}

static cairo_surface_t *decode(const buf *png)
{
    png_read r = {png, 0};
    cairo_surface_t *s = cairo_image_surface_create_from_png_stream(from_buf, &r);
    assert_int_equal(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    return s;
}

static uint32_t pixel(cairo_surface_t *s, int x, int y)
{
    const unsigned char *row = cairo_image_surface_get_data(s) +
                               (size_t)y * (size_t)cairo_image_surface_get_stride(s);
    uint32_t v;
    memcpy(&v, row + 4 * (size_t)x, 4);
    return v & 0xFFFFFFu;
}

/* A pixel that reads as ink: some channel below 0xF0 (the tints of panels are above). */
static int is_ink(uint32_t px)
{
    return (px >> 16 & 0xFF) < 0xF0 || (px >> 8 & 0xFF) < 0xF0 || (px & 0xFF) < 0xF0;
}

static void dump(const char *set, size_t i, const buf *png)
{
    const char *dir = getenv("TZ_CHART_DUMP");
    if (!dir)
        return;
    char path[512];
    snprintf(path, sizeof path, "%s/%s-%s.png", dir, set, CHARTS[i].file);
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(png->data, 1, png->len, f);
        fclose(f);
    }
}

/* Every chart of the set: size, ink, text inside and apart, same bytes twice. */
static void check_set(const char *set, fixture *x)
{
    for (size_t i = 0; i < CHARTS_COUNT; i++) {
        buf png = BUF_INIT, again = BUF_INIT, svg = BUF_INIT, svg2 = BUF_INIT;
        plot_check c;
        assert_int_equal(charts_render(&x->rc, i, PLOT_PNG, FONT, &png, &c), TZ_OK);
        dump(set, i, &png);
        if (c.outside || c.overlaps || c.missing_glyphs)
            fprintf(stderr, "%s %s: %zu texts, %zu outside, %zu overlaps, %zu missing\n", set,
                    CHARTS[i].file, c.texts, c.outside, c.overlaps, c.missing_glyphs);
        assert_int_equal(c.outside, 0);
        assert_int_equal(c.overlaps, 0);
        assert_int_equal(c.missing_glyphs, 0);
        assert_true(c.texts >= 3);                  /* title, subtitle, note at least */
        /* PNG: signature, IHDR size = points × 2, 8-bit RGB (colour type 2: no alpha) */
        assert_true(png.len > 33 && memcmp(png.data, "\x89PNG\r\n\x1a\n", 8) == 0);
        const unsigned char *ihdr = (const unsigned char *)png.data + 16;
        assert_int_equal(be32(ihdr), (uint32_t)(CHARTS[i].width * 2));
        assert_int_equal(be32(ihdr + 4), (uint32_t)lround(charts_height(&x->rc, i) * 2));
        assert_true(charts_height(&x->rc, i) <= CHARTS[i].height);
        assert_int_equal((unsigned char)png.data[25], 2);
        /* ink: some, but a chart is mostly paper (tinted panels count as paper) */
        cairo_surface_t *s = decode(&png);
        int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
        size_t ink = 0;
        for (int y = 0; y < h; y++)
            for (int xx = 0; xx < w; xx++)
                ink += is_ink(pixel(s, xx, y));
        double share = (double)ink / ((double)w * h);
        if (share < 0.01 || share > 0.45)
            fprintf(stderr, "%s %s: ink %.3f\n", set, CHARTS[i].file, share);
        assert_true(share >= 0.01 && share <= 0.45);
        cairo_surface_destroy(s);
        /* the same bytes again */
        assert_int_equal(charts_render(&x->rc, i, PLOT_PNG, FONT, &again, NULL), TZ_OK);
        assert_int_equal(png.len, again.len);
        assert_memory_equal(png.data, again.data, png.len);
        assert_int_equal(charts_render(&x->rc, i, PLOT_SVG, FONT, &svg, NULL), TZ_OK);
        assert_int_equal(charts_render(&x->rc, i, PLOT_SVG, FONT, &svg2, NULL), TZ_OK);
        assert_true(svg.len > 100 && strncmp(svg.data, "<?xml", 5) == 0);
        assert_int_equal(svg.len, svg2.len);
        assert_memory_equal(svg.data, svg2.data, svg.len);
        buf_release(&png);
        buf_release(&again);
        buf_release(&svg);
        buf_release(&svg2);
    }
}

static void test_small(void **state)
{
    (void)state;
    fixture *x = fx_small();
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);   /* the total cap is drawn */
    x->rc.rules = r;
    check_set("small", x);
    rules_free(r);
    buf_release(&err);
    fx_free(x);
}

static void test_nothing(void **state)
{
    (void)state;
    fixture *x = fx_nothing();
    check_set("nothing", x);
    fx_free(x);
}

static void test_one(void **state)
{
    (void)state;
    fixture *x = fx_one();
    check_set("one", x);
    fx_free(x);
}

static void test_zero(void **state)
{
    (void)state;
    fixture *x = fx_zero();
    check_set("zero", x);
    fx_free(x);
}

static void test_many(void **state)
{
    (void)state;
    fixture *x = fx_many();
    rules *r = NULL;
    buf err = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);   /* the total cap is drawn */
    x->rc.rules = r;
    check_set("many", x);
    rules_free(r);
    buf_release(&err);
    fx_free(x);
}

/* Two charts drawn in either order give the same bytes (SVG ids, PNG pixels). */
static void test_order_independent(void **state)
{
    (void)state;
    fixture *x = fx_small();
    for (int k = 0; k < 2; k++) {
        plot_format fmt = k ? PLOT_SVG : PLOT_PNG;
        buf a1 = BUF_INIT, b1 = BUF_INIT, a2 = BUF_INIT, b2 = BUF_INIT;
        assert_int_equal(charts_render(&x->rc, 0, fmt, FONT, &a1, NULL), TZ_OK);
        assert_int_equal(charts_render(&x->rc, 6, fmt, FONT, &b1, NULL), TZ_OK);
        assert_int_equal(charts_render(&x->rc, 6, fmt, FONT, &b2, NULL), TZ_OK);
        assert_int_equal(charts_render(&x->rc, 0, fmt, FONT, &a2, NULL), TZ_OK);
        assert_int_equal(a1.len, a2.len);
        assert_memory_equal(a1.data, a2.data, a1.len);
        assert_int_equal(b1.len, b2.len);
        assert_memory_equal(b1.data, b2.data, b1.len);
        buf_release(&a1), buf_release(&b1), buf_release(&a2), buf_release(&b2);
    }
    fx_free(x);
}

#define BLUE 0x0072B2u   /* Okabe–Ito blue (0, 114, 178) */
#define SKY 0x56B4E9u    /* Okabe–Ito sky blue (86, 180, 233) */

/* Bonus ranking of the small set: bars of 3.00, 2.30, 1.20, 0.50 points in that order,
   their lengths in proportion to the points. Measured as runs of pure blue pixels. */
static void test_bonus_bar_lengths(void **state)
{
    (void)state;
    fixture *x = fx_small();
    buf png = BUF_INIT;
    assert_int_equal(charts_render(&x->rc, 0, PLOT_PNG, FONT, &png, NULL), TZ_OK);
    cairo_surface_t *s = decode(&png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int lengths[8], starts[8], n = 0, in_bar = 0;
    for (int y = 0; y < h; y++) {
        int first = -1, last = -1;
        for (int xx = 0; xx < w; xx++)
            if (pixel(s, xx, y) == BLUE) {
                if (first < 0)
                    first = xx;
                last = xx;
            }
        if (first >= 0 && !in_bar) {
            assert_true(n < 8);
            starts[n] = first;
            lengths[n++] = last - first + 1;
        }
        in_bar = first >= 0;
    }
    cairo_surface_destroy(s);
    assert_int_equal(n, 4);                         /* units with points: 4 of 6 */
    static const double POINTS[4] = {3.00, 2.30, 1.20, 0.50};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(starts[i], starts[0]);     /* one baseline */
        double want = POINTS[i] / POINTS[0] * lengths[0];
        assert_true(fabs(lengths[i] - want) <= 2.0);
    }
    buf_release(&png);
    fx_free(x);
}

#define VERMILION 0xD55E00u   /* Okabe–Ito vermilion (213, 94, 0) */

/* With the default rules (total cap 3.00) the cap is a vermilion line where the top bar
   (3.00 points) ends; the unit at the cap is counted in the subtitle's sentence. */
static void test_bonus_cap_line(void **state)
{
    (void)state;
    fixture *x = fx_small();
    rules *r = NULL;
    buf err = BUF_INIT, png = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    assert_int_equal(rules_total_cap_cents(r), 300);
    x->rc.rules = r;
    assert_int_equal(charts_render(&x->rc, 0, PLOT_PNG, FONT, &png, NULL), TZ_OK);
    cairo_surface_t *s = decode(&png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    /* the end of the top bar: the last blue pixel of the first row with blue */
    int bar_end = -1;
    for (int y = 0; y < h && bar_end < 0; y++)
        for (int xx = 0; xx < w; xx++)
            if (pixel(s, xx, y) == BLUE)
                bar_end = xx;
    /* the column with the most vermilion pixels: the cap line */
    int best_x = -1, best = 0;
    for (int xx = 0; xx < w; xx++) {
        int k = 0;
        for (int y = 0; y < h; y++)
            k += pixel(s, xx, y) == VERMILION;
        if (k > best) {
            best = k;
            best_x = xx;
        }
    }
    cairo_surface_destroy(s);
    assert_true(bar_end > 0);
    assert_true(best > 40);                          /* a line, not a few letters */
    assert_true(abs(best_x - bar_end) <= 3);
    rules_free(r);
    buf_release(&err);
    buf_release(&png);
    fx_free(x);
}

/* The 400-unit set: no wall of 400 bars but the units per band of points, as the report's
   table: 0, (0, 1), [1, 2), [2, 3) in sky blue and the cap 3.00 in vermilion. The counts
   are taken here straight from the fixture's points; the sky columns' heights must be in
   their proportion. */
static void test_bonus_spread(void **state)
{
    (void)state;
    fixture *x = fx_many();
    rules *r = NULL;
    buf err = BUF_INIT, png = BUF_INIT;
    assert_int_equal(rules_load_default(&r, &err), TZ_OK);
    x->rc.rules = r;
    int want[4] = {0};                              /* 0 | (0,1) | [1,2) | [2,3) */
    for (size_t u = 0; u < x->b.n_units; u++) {
        int64_t cents = x->b.units[u].total_cents;
        if (cents == 0)
            want[0]++;
        else if (cents < 300)
            want[1 + cents / 100]++;
    }
    assert_int_equal(charts_render(&x->rc, 0, PLOT_PNG, FONT, &png, NULL), TZ_OK);
    cairo_surface_t *s = decode(&png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int base = -1;                                  /* the lowest row with sky blue */
    for (int y = h - 1; y >= 0 && base < 0; y--)
        for (int xx = 0; xx < w; xx++)
            if (pixel(s, xx, y) == SKY) {
                base = y;
                break;
            }
    assert_true(base > h / 2);
    int heights[8], n = 0;
    for (int xx = 0; xx < w;) {
        if (pixel(s, xx, base) != SKY) {
            xx++;
            continue;
        }
        int a = xx;
        while (xx < w && pixel(s, xx, base) == SKY)
            xx++;
        int y = base;
        while (y > 0 && pixel(s, (a + xx) / 2, y - 1) == SKY)
            y--;
        assert_true(n < 8);
        heights[n++] = base - y + 1;
    }
    cairo_surface_destroy(s);
    int most = 0, j = 0;
    for (int k = 0; k < 4; k++)
        most = want[k] > most ? want[k] : most;
    for (int k = 0; k < 4; k++) {
        if (want[k] == 0)
            continue;                               /* no column drawn */
        assert_true(j < n);
        double ratio = (double)want[k] / most, got = (double)heights[j++];
        double tallest = 0;
        for (int i = 0; i < n; i++)
            tallest = heights[i] > tallest ? heights[i] : tallest;
        assert_true(fabs(got - ratio * tallest) <= 2.0);
    }
    assert_int_equal(j, n);
    rules_free(r);
    buf_release(&err);
    buf_release(&png);
    fx_free(x);
}

/* Hours per active volunteer of the small set: 12.0, 7.5, 6.0, 18.0, 4.5 (hours / active
   volunteers, set in the fixture). Sorted 4.5 6 7.5 12 18: Q1, median and Q3 at positions
   1, 2, 3 of (n − 1)·p are 6, 7.5 and 12. The box (blue, in its own strip above the
   histogram) spans Q1 to Q3, and the median, a short solid vermilion line, sits a quarter
   of the way along it. */
static void test_hours_quartiles(void **state)
{
    (void)state;
    fixture *x = fx_small();
    buf png = BUF_INIT;
    assert_int_equal(charts_render(&x->rc, 5, PLOT_PNG, FONT, &png, NULL), TZ_OK);
    cairo_surface_t *s = decode(&png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    /* the box's top row: the first row with a run of more than 10 blue pixels; the box
       spans its first to its last blue pixel (the median line cuts it in two) */
    int x1 = -1, x3 = -1, top = -1;
    for (int y = 0; y < h && top < 0; y++)
        for (int xx = 0; xx < w; xx++) {
            if (pixel(s, xx, y) != BLUE)
                continue;
            int a = xx;
            while (xx < w && pixel(s, xx, y) == BLUE)
                xx++;
            if (xx - a > 10) {
                top = y;
                x1 = a;
                for (int e = w - 1; e >= xx; e--)
                    if (pixel(s, e, y) == BLUE) {
                        x3 = e;
                        break;
                    }
                if (x3 < 0)
                    x3 = xx - 1;
                break;
            }
        }
    assert_true(top > 0);
    /* the median: the columns with more than 20 vermilion pixels, all near the box */
    double sum = 0, wsum = 0;
    for (int xx = 0; xx < w; xx++) {
        int k = 0;
        for (int y = top - 10; y < top + 40 && y < h; y++)
            k += pixel(s, xx, y) == VERMILION;
        if (k > 20) {
            sum += (double)xx * k;
            wsum += k;
        }
    }
    cairo_surface_destroy(s);
    assert_true(wsum > 0);
    double at = (sum / wsum - x1) / (double)(x3 - x1);
    assert_true(fabs(at - 0.25) < 0.03);
    buf_release(&png);
    fx_free(x);
}

/* Participation histogram of the small set: the rates 10, 20, 25, 40, 75 % fall in the 5 %
   bins 2, 4, 5, 8, 15, one unit each; the unit without party members is left out. */
static void test_participation_bins(void **state)
{
    (void)state;
    fixture *x = fx_small();
    buf png = BUF_INIT;
    assert_int_equal(charts_render(&x->rc, 1, PLOT_PNG, FONT, &png, NULL), TZ_OK);
    cairo_surface_t *s = decode(&png);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    /* the row of pixels just above the axis: every column crosses it */
    int best_y = -1, best = 0;
    for (int y = 0; y < h; y++) {
        int k = 0;
        for (int xx = 0; xx < w; xx++)
            k += pixel(s, xx, y) == SKY;
        if (k >= best) {
            best = k;
            best_y = y;
        }
    }
    double centre[8];
    int n = 0, height[8];
    for (int xx = 0; xx < w;) {
        if (pixel(s, xx, best_y) != SKY) {
            xx++;
            continue;
        }
        int a = xx;
        while (xx < w && pixel(s, xx, best_y) == SKY)
            xx++;
        assert_true(n < 8);
        centre[n] = (a + xx - 1) / 2.0;
        int y = best_y;
        while (y > 0 && pixel(s, (a + xx) / 2, y - 1) == SKY)
            y--;
        height[n++] = best_y - y;
    }
    cairo_surface_destroy(s);
    assert_int_equal(n, 5);
    static const int BIN[5] = {2, 4, 5, 8, 15};
    for (int i = 0; i < 5; i++) {
        double want = centre[0] + (centre[4] - centre[0]) * (BIN[i] - 2) / 13.0;
        assert_true(fabs(centre[i] - want) <= 1.5);
        assert_true(abs(height[i] - height[0]) <= 1);   /* one unit in each */
    }
    buf_release(&png);
    fx_free(x);
}

/* Out of memory at every allocation in turn: each chart fails cleanly with TZ_NOMEM (no
   crash, no leak under the sanitizer run), and draws once memory is back. */
static void test_out_of_memory(void **state)
{
    (void)state;
    fixture *x = fx_small();
    for (size_t i = 0; i < CHARTS_COUNT; i++) {
        tz_status st = TZ_NOMEM;
        long nth;
        /* every allocation among the first 60, then every 7th (the later ones repeat) */
        for (nth = 1; nth < 10000 && st != TZ_OK; nth += nth < 60 ? 1 : 7) {
            buf out = BUF_INIT;
            mem_fail_after(nth);
            st = charts_render(&x->rc, i, nth % 2 ? PLOT_PNG : PLOT_SVG, FONT, &out, NULL);
            mem_fail_after(0);
            assert_true(st == TZ_OK || st == TZ_NOMEM);
            buf_release(&out);
        }
        assert_int_equal(st, TZ_OK);
        assert_true(nth > 2);                         /* some allocation was made and failed */
    }
    fx_free(x);
}

/* charts_write: the files, PNG and SVG for each chart, and the same bytes a second time. */
static void test_write(void **state)
{
    (void)state;
    fixture *x = fx_one();
    char dir[] = "/tmp/tz-charts-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char sub[600], path[700];
    snprintf(sub, sizeof sub, "%s/charts", dir);
    assert_int_equal(charts_write(&x->rc, sub), TZ_OK);
    for (size_t i = 0; i < CHARTS_COUNT; i++)
        for (int k = 0; k < 2; k++) {
            snprintf(path, sizeof path, "%s/%s.%s", sub, CHARTS[i].file, k ? "svg" : "png");
            struct stat st;
            assert_int_equal(stat(path, &st), 0);
            assert_true(st.st_size > 1000);
            unlink(path);
        }
    rmdir(sub);
    /* TAIZHANG_FONT naming a Latin-only face: refused before any file is written */
    setenv("TAIZHANG_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", 1);
    assert_int_equal(charts_write(&x->rc, sub), TZ_CONFIG);
    unsetenv("TAIZHANG_FONT");
    struct stat gone;
    assert_int_equal(stat(sub, &gone), -1);
    /* a directory that cannot be made */
    snprintf(sub, sizeof sub, "%s/missing/charts", dir);
    assert_int_equal(charts_write(&x->rc, sub), TZ_CANTCREAT);
    rmdir(dir);
    fx_free(x);
}

static int setup(void **state)
{
    (void)state;
    buf err = BUF_INIT;
    tz_status st = plot_font_open(NULL, 0, &FONT, &err);
    if (st != TZ_OK)
        fprintf(stderr, "%s\n", err.data ? err.data : "font");
    buf_release(&err);
    return st == TZ_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    plot_font_free(FONT);
    FcFini();   /* the fontconfig route of test_font_missing loaded its configuration */
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cnnum_count),
        cmocka_unit_test(test_cnnum_fixed_and_ticks),
        cmocka_unit_test(test_scale_nice),
        cmocka_unit_test(test_fit_ellipsis),
        cmocka_unit_test(test_font_missing),
        cmocka_unit_test(test_small),
        cmocka_unit_test(test_nothing),
        cmocka_unit_test(test_one),
        cmocka_unit_test(test_zero),
        cmocka_unit_test(test_many),
        cmocka_unit_test(test_order_independent),
        cmocka_unit_test(test_bonus_bar_lengths),
        cmocka_unit_test(test_bonus_cap_line),
        cmocka_unit_test(test_bonus_spread),
        cmocka_unit_test(test_participation_bins),
        cmocka_unit_test(test_hours_quartiles),
        cmocka_unit_test(test_out_of_memory),
        cmocka_unit_test(test_write),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
