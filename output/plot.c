/* output/plot.c — the canvas, Chinese text, scales and axes under the charts.
   May call: base/buf, base/mem, base/utf8, output/cnnum, cairo (image, SVG, FreeType), FreeType,
   fontconfig, libc. */
#include "output/plot.h"
#include "output/fonts.h"
#include "base/mem.h"
#include "base/utf8.h"
#include "output/cnnum.h"

#include <cairo.h>
#include <cairo-ft.h>
#include <cairo-svg.h>
#include <fontconfig/fontconfig.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <math.h>
#include <string.h>
#include <unistd.h>

/* ---- colours ------------------------------------------------------------------------- */

#define RGB(r, g, b) {(r) / 255.0, (g) / 255.0, (b) / 255.0}
const plot_rgb PLOT_BLACK = RGB(0, 0, 0);
const plot_rgb PLOT_ORANGE = RGB(230, 159, 0);
const plot_rgb PLOT_SKY = RGB(86, 180, 233);
const plot_rgb PLOT_GREEN = RGB(0, 158, 115);
const plot_rgb PLOT_YELLOW = RGB(240, 228, 66);
const plot_rgb PLOT_BLUE = RGB(0, 114, 178);
const plot_rgb PLOT_VERMILION = RGB(213, 94, 0);
const plot_rgb PLOT_PURPLE = RGB(204, 121, 167);
const plot_rgb PLOT_GREY = RGB(153, 153, 153);
const plot_rgb PLOT_LIGHT = RGB(224, 224, 224);
const plot_rgb PLOT_TEXT = RGB(34, 34, 34);
const plot_rgb PLOT_MUTED = RGB(102, 102, 102);

/* ---- font ---------------------------------------------------------------------------- */

const char *const PLOT_FONT_FILES[] = {FONTS_SANS_FILE, FONTS_SERIF_FILE, NULL};

#define PACKAGE_HINT "请安装 Debian 软件包 " FONTS_SANS_PACKAGE "（或 " FONTS_SERIF_PACKAGE \
                     "）：apt-get install " FONTS_SANS_PACKAGE

struct plot_font {
    char *file;
    cairo_font_face_t *face;   /* owns the FreeType face through its user data */
    FT_Face ft;                /* valid while face is */
    const char *ellipsis;      /* "…", or "..." when the font lacks U+2026 */
};

/* The FreeType objects live as long as cairo keeps the font face, which may be longer
   than the plot_font (cairo caches faces): they are freed by cairo's destroy callback. */
typedef struct ft_owner { FT_Library lib; FT_Face face; } ft_owner;
static const cairo_user_data_key_t FT_OWNER_KEY;

static void ft_owner_free(void *data)
{
    ft_owner *o = data;
    FT_Done_Face(o->face);
    FT_Done_FreeType(o->lib);
    mem_free(o);
}

/* Characters every chart needs: if a face lacks any, it is not a Chinese face. */
static const uint32_t CHINESE_PROBE[] = {0x4E2D, 0x515A, 0x5458, 0x5FD7, 0x613F, 0x670D,
                                         0x52A1, 0x724C, 0x533A, 0x68F5, 0x4E07};

/* Opens file/index with FreeType and checks it covers Chinese. 1 = usable (*out set),
   0 = not usable, -1 = out of memory. */
static int try_font_file(const char *file, int index, plot_font **out)
{
    if (access(file, R_OK) != 0)
        return 0;
    ft_owner *o = mem_calloc(1, sizeof *o);
    plot_font *f = mem_calloc(1, sizeof *f);
    char *name = mem_strdup(file);
    if (!o || !f || !name) {
        mem_free(o), mem_free(f), mem_free(name);
        return -1;
    }
    if (FT_Init_FreeType(&o->lib) != 0) {
        mem_free(o), mem_free(f), mem_free(name);
        return 0;
    }
    if (FT_New_Face(o->lib, file, index, &o->face) != 0 || !FT_IS_SCALABLE(o->face)) {
        if (o->face)
            FT_Done_Face(o->face);
        FT_Done_FreeType(o->lib);
        mem_free(o), mem_free(f), mem_free(name);
        return 0;
    }
    for (size_t i = 0; i < sizeof CHINESE_PROBE / sizeof CHINESE_PROBE[0]; i++)
        if (FT_Get_Char_Index(o->face, CHINESE_PROBE[i]) == 0) {
            ft_owner_free(o);
            mem_free(f), mem_free(name);
            return 0;
        }
    /* Outlines only: embedded bitmaps would make pixels depend on the size asked. */
    cairo_font_face_t *face = cairo_ft_font_face_create_for_ft_face(
        o->face, FT_LOAD_NO_BITMAP | FT_LOAD_NO_HINTING | FT_LOAD_NO_AUTOHINT);
    if (cairo_font_face_status(face) != CAIRO_STATUS_SUCCESS ||
        cairo_font_face_set_user_data(face, &FT_OWNER_KEY, o, ft_owner_free) !=
            CAIRO_STATUS_SUCCESS) {
        cairo_font_face_destroy(face);
        ft_owner_free(o);
        mem_free(f), mem_free(name);
        return -1;
    }
    f->file = name;
    f->face = face;
    f->ft = o->face;
    f->ellipsis = FT_Get_Char_Index(o->face, 0x2026) ? "\xE2\x80\xA6" : "...";
    *out = f;
    return 1;
}

/* Asks fontconfig for a Simplified Chinese face. Same results as try_font_file. */
static int try_fontconfig(plot_font **out)
{
    if (!FcInit())
        return 0;
    FcPattern *pat = FcNameParse((const FcChar8 *)":lang=zh-cn");
    if (!pat)
        return -1;
    FcConfigSubstitute(NULL, pat, FcMatchPattern);
    FcDefaultSubstitute(pat);
    FcResult res;
    FcPattern *match = FcFontMatch(NULL, pat, &res);
    FcPatternDestroy(pat);
    if (!match)
        return 0;
    FcChar8 *file = NULL;
    int index = 0, r = 0;
    if (FcPatternGetString(match, FC_FILE, 0, &file) == FcResultMatch) {
        if (FcPatternGetInteger(match, FC_INDEX, 0, &index) != FcResultMatch)
            index = 0;
        r = try_font_file((const char *)file, index, out);
    }
    FcPatternDestroy(match);
    return r;
}

tz_status plot_font_open(const char *const *files, int ask_fontconfig, plot_font **out,
                         buf *err)
{
    *out = NULL;
    if (!files)
        files = PLOT_FONT_FILES;
    for (size_t i = 0; files[i]; i++) {
        int r = try_font_file(files[i], 0, out);
        if (r < 0)
            return TZ_NOMEM;
        if (r > 0)
            return TZ_OK;
    }
    if (ask_fontconfig) {
        int r = try_fontconfig(out);
        if (r < 0)
            return TZ_NOMEM;
        if (r > 0)
            return TZ_OK;
    }
    if (buf_puts(err, "找不到含中文字形的字体（已查找") != 0)
        return TZ_NOMEM;
    for (size_t i = 0; files[i]; i++)
        if (buf_printf(err, "%s%s", i ? "、" : "", files[i]) != 0)
            return TZ_NOMEM;
    if (buf_printf(err, "%s），图表中的汉字会显示为方框。%s", ask_fontconfig ?
                   "，并询问了 fontconfig" : "", PACKAGE_HINT) != 0)
        return TZ_NOMEM;
    return TZ_CONFIG;
}

void plot_font_free(plot_font *f)
{
    if (!f)
        return;
    cairo_font_face_destroy(f->face);
    mem_free(f->file);
    mem_free(f);
}

const char *plot_font_file(const plot_font *f)
{
    return f->file;
}

/* ---- canvas -------------------------------------------------------------------------- */

struct plot {
    plot_format format;
    double w, h, scale;
    cairo_surface_t *surface;
    cairo_t *cr;
    const plot_font *font;
    buf svg;                      /* the SVG stream as cairo writes it */
    plot_rect *boxes;
    size_t n_boxes, cap_boxes;
    size_t outside, missing;
    int failed;
};

static cairo_status_t to_buf(void *closure, const unsigned char *data, unsigned int len)
{
    return buf_append(closure, data, len) == 0 ? CAIRO_STATUS_SUCCESS
                                               : CAIRO_STATUS_WRITE_ERROR;
}

tz_status plot_new(plot_format format, double width, double height, double scale,
                   const plot_font *font, plot **out)
{
    *out = NULL;
    plot *p = mem_calloc(1, sizeof *p);
    if (!p)
        return TZ_NOMEM;
    p->format = format;
    p->w = width;
    p->h = height;
    p->scale = format == PLOT_PNG ? scale : 1.0;
    p->font = font;
    p->svg = (buf)BUF_INIT;
    if (format == PLOT_PNG)
        p->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24,
                                                (int)lround(width * p->scale),
                                                (int)lround(height * p->scale));
    else
        p->surface = cairo_svg_surface_create_for_stream(to_buf, &p->svg, width, height);
    p->cr = cairo_create(p->surface);
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS) {
        plot_free(p);
        return TZ_SOFTWARE;
    }
    cairo_scale(p->cr, p->scale, p->scale);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_antialias(fo, CAIRO_ANTIALIAS_GRAY);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_set_font_options(p->cr, fo);
    cairo_font_options_destroy(fo);
    cairo_set_font_face(p->cr, font->face);
    cairo_set_source_rgb(p->cr, 1, 1, 1);
    cairo_paint(p->cr);
    *out = p;
    return TZ_OK;
}

/* cairo numbers an SVG's "surfaceN" (and "imageN") ids from process-wide counters, so a
   drawing's ids depend on what was drawn before it. Renumbers them 1, 2, ... in order of
   first appearance. */
static int renumber_svg(const buf *in, buf *out)
{
    static const char *const PREFIXES[] = {"surface", "image"};
    enum { MAX_IDS = 512 };
    unsigned long seen[2][MAX_IDS];
    size_t n_seen[2] = {0, 0};
    const char *s = in->data, *end = in->data + in->len;
    while (s < end) {
        size_t k, plen = 0;
        for (k = 0; k < 2; k++) {
            plen = strlen(PREFIXES[k]);
            if ((size_t)(end - s) > plen && memcmp(s, PREFIXES[k], plen) == 0 &&
                s[plen] >= '0' && s[plen] <= '9')
                break;
        }
        if (k == 2) {
            if (buf_putc(out, *s++) != 0)
                return -1;
            continue;
        }
        const char *d = s + plen;
        unsigned long id = 0;
        while (d < end && *d >= '0' && *d <= '9')
            id = id * 10 + (unsigned long)(*d++ - '0');
        size_t j;
        for (j = 0; j < n_seen[k] && seen[k][j] != id; j++)
            ;
        if (j == n_seen[k]) {
            if (n_seen[k] == MAX_IDS)
                return -2;
            seen[k][n_seen[k]++] = id;
        }
        if (buf_printf(out, "%s%zu", PREFIXES[k], j + 1) != 0)
            return -1;
        s = d;
    }
    return 0;
}

tz_status plot_finish(plot *p, buf *out)
{
    if (cairo_status(p->cr) != CAIRO_STATUS_SUCCESS || p->failed)
        return p->failed == 2 ? TZ_NOMEM : TZ_SOFTWARE;
    cairo_destroy(p->cr);
    p->cr = NULL;
    if (p->format == PLOT_PNG) {
        cairo_surface_flush(p->surface);
        if (cairo_surface_write_to_png_stream(p->surface, to_buf, out) != CAIRO_STATUS_SUCCESS)
            return TZ_NOMEM;
        return TZ_OK;
    }
    cairo_surface_finish(p->surface);
    if (cairo_surface_status(p->surface) != CAIRO_STATUS_SUCCESS)
        return cairo_surface_status(p->surface) == CAIRO_STATUS_WRITE_ERROR ? TZ_NOMEM
                                                                            : TZ_SOFTWARE;
    int r = renumber_svg(&p->svg, out);
    return r == 0 ? TZ_OK : r == -1 ? TZ_NOMEM : TZ_SOFTWARE;
}

void plot_free(plot *p)
{
    if (!p)
        return;
    if (p->cr)
        cairo_destroy(p->cr);
    if (p->surface)
        cairo_surface_destroy(p->surface);
    buf_release(&p->svg);
    mem_free(p->boxes);
    mem_free(p);
}

double plot_width(const plot *p) { return p->w; }
double plot_height(const plot *p) { return p->h; }
struct _cairo *plot_cairo(plot *p) { return p->cr; }

static int boxes_overlap(const plot_rect *a, const plot_rect *b)
{
    const double slack = 0.25;   /* touching boxes of adjacent rows are fine */
    return a->x + slack < b->x + b->w && b->x + slack < a->x + a->w &&
           a->y + slack < b->y + b->h && b->y + slack < a->y + a->h;
}

void plot_get_check(const plot *p, plot_check *out)
{
    out->texts = p->n_boxes;
    out->outside = p->outside;
    out->missing_glyphs = p->missing;
    out->failed = p->failed || (p->cr && cairo_status(p->cr) != CAIRO_STATUS_SUCCESS);
    out->overlaps = 0;
    for (size_t i = 0; i < p->n_boxes; i++)
        for (size_t j = i + 1; j < p->n_boxes; j++)
            if (boxes_overlap(&p->boxes[i], &p->boxes[j]))
                out->overlaps++;
}

/* ---- text ---------------------------------------------------------------------------- */

/* Next code point of s (UTF-8), advancing *s; U+FFFD for a bad sequence. */
/* The character at *s (NUL-terminated), *s moved past it; U+FFFD for a byte that does
   not begin a well-formed one (base/utf8), *s then moved one byte. */
static uint32_t next_char(const char **s)
{
    uint32_t c;
    size_t len = utf8_decode(*s, strnlen(*s, 4), &c);
    if (len == 0) {
        (*s)++;
        return 0xFFFD;
    }
    *s += len;
    return c;
}

static void count_missing(plot *p, const char *s)
{
    while (*s) {
        uint32_t c = next_char(&s);
        if (c >= 0x20 && FT_Get_Char_Index(p->font->ft, c) == 0)
            p->missing++;
    }
}

static void set_colour(plot *p, plot_rgb c)
{
    cairo_set_source_rgb(p->cr, c.r, c.g, c.b);
}

/* Length of the well-formed UTF-8 sequence at s (1..4), or 0 when it is not one (cairo
   refuses a string with any: overlong forms, surrogates, beyond U+10FFFF, stray bytes). */
static size_t utf8_seq(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n = c >= 0xC2 && c <= 0xDF ? 2 : c >= 0xE0 && c <= 0xEF ? 3
             : c >= 0xF0 && c <= 0xF4 ? 4 : 0;
    if (n == 0)
        return 0;
    for (size_t i = 1; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    if ((c == 0xE0 && s[1] < 0xA0) || (c == 0xED && s[1] > 0x9F) ||
        (c == 0xF0 && s[1] < 0x90) || (c == 0xF4 && s[1] > 0x8F))
        return 0;
    return n;
}

/* s itself when it is well-formed UTF-8; otherwise a copy (mem_free) with each bad byte
   replaced by U+FFFD, or NULL when out of memory. */
static const char *utf8_usable(const char *s, char **copy)
{
    const unsigned char *u = (const unsigned char *)s;
    *copy = NULL;
    size_t i = 0, n;
    while (u[i] && (n = utf8_seq(u + i)) != 0)
        i += n;
    if (!u[i])
        return s;
    buf b = BUF_INIT;
    for (i = 0; u[i];) {
        n = utf8_seq(u + i);
        if ((n ? buf_append(&b, u + i, n) : buf_puts(&b, "\xEF\xBF\xBD")) != 0) {
            buf_release(&b);
            return NULL;
        }
        i += n ? n : 1;
    }
    *copy = buf_steal(&b);
    return *copy;
}

double plot_text_width(plot *p, const char *s, double size)
{
    char *copy;
    if ((s = utf8_usable(s, &copy)) == NULL) {
        p->failed = 2;
        return 0;
    }
    cairo_text_extents_t te;
    cairo_set_font_size(p->cr, size);
    cairo_text_extents(p->cr, s, &te);
    mem_free(copy);
    return te.x_advance;
}

static void record_box(plot *p, plot_rect r)
{
    if (r.x < -0.01 || r.y < -0.01 || r.x + r.w > p->w + 0.01 || r.y + r.h > p->h + 0.01)
        p->outside++;
    if (p->n_boxes == p->cap_boxes &&
        mem_grow(&p->boxes, &p->cap_boxes, p->n_boxes + 1, sizeof *p->boxes) != 0) {
        p->failed = 2;
        return;
    }
    p->boxes[p->n_boxes++] = r;
}

void plot_text(plot *p, double x, double y, plot_anchor a, const plot_style *st, const char *s)
{
    char *copy;
    if (!s || !*s)
        return;
    if ((s = utf8_usable(s, &copy)) == NULL) {
        p->failed = 2;
        return;
    }
    cairo_t *cr = p->cr;
    cairo_font_extents_t fe;
    cairo_text_extents_t te;
    cairo_set_font_size(cr, st->size);
    cairo_font_extents(cr, &fe);
    cairo_text_extents(cr, s, &te);
    double w = te.x_advance;
    /* The box: the em box of the face, which for these CJK faces is ascent + descent. */
    double asc = fe.ascent, desc = fe.descent;
    double h = asc + desc;
    int col = a % 3, row = a / 3;
    double lx = col == 0 ? 0 : col == 1 ? -w / 2 : -w;     /* box left, local frame */
    double ty = row == 0 ? 0 : row == 1 ? -h / 2 : -h;     /* box top, local frame */
    cairo_save(cr);
    cairo_translate(cr, x, y);
    if (st->vertical)
        cairo_rotate(cr, -M_PI / 2);
    if (st->halo) {
        cairo_set_source_rgb(cr, 1, 1, 1);
        cairo_rectangle(cr, lx - 2, ty, w + 4, h);
        cairo_fill(cr);
    }
    cairo_move_to(cr, lx, ty + asc);
    set_colour(p, st->colour);
    if (st->bold) {
        cairo_text_path(cr, s);
        cairo_fill_preserve(cr);
        cairo_set_line_width(cr, st->size * 0.045);
        cairo_stroke(cr);
    } else {
        cairo_show_text(cr, s);
    }
    cairo_restore(cr);
    plot_rect r = st->vertical ? (plot_rect){x + ty, y - lx - w, h, w}
                               : (plot_rect){x + lx, y + ty, w, h};
    record_box(p, r);
    count_missing(p, s);
    mem_free(copy);
}

int plot_fit(plot *p, buf *out, const char *s, double size, double max_width)
{
    if (plot_text_width(p, s, size) <= max_width)
        return buf_puts(out, s);
    const char *ell = p->font->ellipsis;
    buf trial = BUF_INIT;
    size_t lo = 0, hi = strlen(s);   /* lo: a head that fits (possibly empty) */
    /* Binary search over byte lengths, each moved back to a character start. */
    while (lo < hi) {
        size_t mid = lo + (hi - lo + 1) / 2;
        while (mid > lo && ((unsigned char)s[mid] & 0xC0) == 0x80)
            mid--;
        if (mid == lo) {
            /* no character start between lo and the midpoint: try the next one up */
            mid = lo + 1;
            while (mid < hi && ((unsigned char)s[mid] & 0xC0) == 0x80)
                mid++;
        }
        buf_clear(&trial);
        if (buf_append(&trial, s, mid) != 0 || buf_puts(&trial, ell) != 0) {
            buf_release(&trial);
            return -1;
        }
        if (plot_text_width(p, trial.data, size) <= max_width)
            lo = mid;
        else
            hi = mid - 1;
        while (hi > lo && ((unsigned char)s[hi] & 0xC0) == 0x80)
            hi--;
    }
    buf_release(&trial);
    size_t keep = lo;
    while (keep > 0 && s[keep - 1] == ' ')
        keep--;
    if (keep == 0 && plot_text_width(p, ell, size) > max_width)
        return 0;
    if (buf_append(out, s, keep) != 0)
        return -1;
    return buf_puts(out, ell);
}

/* Byte offsets of the character starts of s, and its length at the end. */
static size_t char_starts(const char *s, size_t *starts, size_t max)
{
    size_t n = 0, i = 0;
    for (; s[i] && n < max; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            starts[n++] = i;
    return n;
}

int plot_fit_middle(plot *p, buf *out, const char *s, double size, double max_width)
{
    if (plot_text_width(p, s, size) <= max_width)
        return buf_puts(out, s);
    enum { MAX_CHARS = 256 };
    size_t starts[MAX_CHARS + 1], len = strlen(s);
    size_t n = char_starts(s, starts, MAX_CHARS);
    if (n == MAX_CHARS && s[starts[n - 1]] && len > starts[n - 1] + 4)
        return plot_fit(p, out, s, size, max_width);   /* very long: keep the head only */
    starts[n] = len;
    const char *ell = p->font->ellipsis;
    buf trial = BUF_INIT;
    size_t best = 0;                                   /* characters kept */
    size_t lo = 1, hi = n - 1;
    while (lo <= hi) {
        size_t k = (lo + hi) / 2, head = k * 9 / 20, tail = k - head;
        buf_clear(&trial);
        if (buf_append(&trial, s, starts[head]) != 0 || buf_puts(&trial, ell) != 0 ||
            buf_append(&trial, s + starts[n - tail], len - starts[n - tail]) != 0) {
            buf_release(&trial);
            return -1;
        }
        if (plot_text_width(p, trial.data, size) <= max_width) {
            best = k;
            lo = k + 1;
        } else {
            hi = k - 1;
        }
    }
    buf_release(&trial);
    if (best == 0)
        return plot_fit(p, out, s, size, max_width);
    size_t head = best * 9 / 20, tail = best - head;
    if (buf_append(out, s, starts[head]) != 0 || buf_puts(out, ell) != 0)
        return -1;
    return buf_append(out, s + starts[n - tail], len - starts[n - tail]);
}

/* Draws s shortened by `fit` (an ellipsis at the end or in the middle) to max_width. */
static void text_fitted(plot *p, double x, double y, plot_anchor a, const plot_style *st,
                        const char *s, double max_width,
                        int (*fit)(plot *, buf *, const char *, double, double))
{
    buf b = BUF_INIT;
    if (fit(p, &b, s, st->size, max_width) != 0) {
        p->failed = 2;
        return;
    }
    if (b.data)
        plot_text(p, x, y, a, st, b.data);
    buf_release(&b);
}

void plot_text_fit_middle(plot *p, double x, double y, plot_anchor a, const plot_style *st,
                          const char *s, double max_width)
{
    text_fitted(p, x, y, a, st, s, max_width, plot_fit_middle);
}

void plot_text_fit(plot *p, double x, double y, plot_anchor a, const plot_style *st,
                   const char *s, double max_width)
{
    text_fitted(p, x, y, a, st, s, max_width, plot_fit);
}

/* ---- scales and axes ------------------------------------------------------------------- */

void plot_scale_nice(plot_scale *s, double lo, double hi, int max_ticks, double min_step,
                     double min_hi, double from, double to)
{
    if (!isfinite(lo))
        lo = 0;
    if (!isfinite(hi) || !(hi > lo))
        hi = lo + (min_hi > 0 ? min_hi : 1);
    if (max_ticks < 1)
        max_ticks = 1;
    double raw = (hi - lo) / max_ticks;
    double mag = pow(10.0, floor(log10(raw)));
    static const double MULT[] = {1, 2, 5};
    double step = 0;
    for (int e = 0; e < 40 && step == 0; e++, mag *= 10)
        for (int k = 0; k < 3; k++) {
            double st = MULT[k] * mag;
            if (st < min_step)
                continue;
            double a = floor(lo / st + 1e-9) * st, b = ceil(hi / st - 1e-9) * st;
            if ((b - a) / st <= max_ticks + 1e-9) {
                step = st;
                break;
            }
        }
    if (step == 0)
        step = hi - lo;
    s->step = step;
    s->lo = floor(lo / step + 1e-9) * step;
    s->hi = ceil(hi / step - 1e-9) * step;
    if (s->hi <= s->lo)
        s->hi = s->lo + step;
    s->from = from;
    s->to = to;
    s->wan = cnnum_tick_wan(fmax(fabs(s->lo), fabs(s->hi)));
}

double plot_scale_map(const plot_scale *s, double v)
{
    return s->from + (v - s->lo) / (s->hi - s->lo) * (s->to - s->from);
}

static int tick_label(buf *b, const plot_scale *s, double v, const char *suffix)
{
    buf_clear(b);
    if (cnnum_tick(b, v, s->step, s->wan) != 0)
        return -1;
    return suffix ? buf_puts(b, suffix) : 0;
}

static const plot_style TICK = {.size = 8.0, .colour = RGB(102, 102, 102)};
static const plot_style AXIS_TITLE = {.size = 8.5, .colour = RGB(34, 34, 34)};

static long tick_count(const plot_scale *s)
{
    return lround((s->hi - s->lo) / s->step);
}

void plot_axis_bottom(plot *p, const plot_rect *area, const plot_scale *s, const char *title,
                      const char *suffix)
{
    buf b = BUF_INIT;
    double bottom = area->y + area->h;
    for (long i = 0; i <= tick_count(s); i++) {
        double v = s->lo + (double)i * s->step, x = plot_scale_map(s, v);
        plot_line(p, x, area->y, x, bottom, 0.5, fabs(v) < s->step * 1e-6 ? PLOT_GREY
                                                                              : PLOT_LIGHT, 0);
        if (tick_label(&b, s, v, suffix) != 0) {
            p->failed = 2;
            break;
        }
        plot_text(p, x, bottom + 3, PLOT_TOP, &TICK, b.data);
    }
    buf_release(&b);
    if (title)
        plot_text_fit(p, area->x + area->w / 2, bottom + 16, PLOT_TOP, &AXIS_TITLE, title,
                      area->w);
}

void plot_axis_left(plot *p, const plot_rect *area, const plot_scale *s, const char *title,
                    const char *suffix)
{
    buf b = BUF_INIT;
    double widest = 0;
    for (long i = 0; i <= tick_count(s); i++) {
        double v = s->lo + (double)i * s->step, y = plot_scale_map(s, v);
        plot_line(p, area->x, y, area->x + area->w, y, 0.5,
                  fabs(v) < s->step * 1e-6 ? PLOT_GREY : PLOT_LIGHT, 0);
        if (tick_label(&b, s, v, suffix) != 0) {
            p->failed = 2;
            break;
        }
        plot_text(p, area->x - 4, y, PLOT_RIGHT, &TICK, b.data);
        widest = fmax(widest, plot_text_width(p, b.data, TICK.size));
    }
    buf_release(&b);
    if (title) {
        double x = fmax(area->x - 4 - widest, 2);
        plot_text_fit(p, x, area->y - 7, PLOT_BOTTOM_LEFT, &AXIS_TITLE, title,
                      p->w - x - 4);
    }
}

/* ---- marks --------------------------------------------------------------------------- */

void plot_fill_rect(plot *p, double x, double y, double w, double h, plot_rgb c)
{
    if (w <= 0 || h <= 0)
        return;
    set_colour(p, c);
    cairo_rectangle(p->cr, x, y, w, h);
    cairo_fill(p->cr);
}

void plot_line(plot *p, double x0, double y0, double x1, double y1, double width, plot_rgb c,
               int dashed)
{
    static const double DASH[] = {4.0, 2.5};
    cairo_t *cr = p->cr;
    cairo_save(cr);
    set_colour(p, c);
    cairo_set_line_width(cr, width);
    if (dashed)
        cairo_set_dash(cr, DASH, 2, 0);
    cairo_move_to(cr, x0, y0);
    cairo_line_to(cr, x1, y1);
    cairo_stroke(cr);
    cairo_restore(cr);
}

void plot_dot(plot *p, double x, double y, double r, plot_rgb fill, double alpha)
{
    cairo_t *cr = p->cr;
    cairo_new_path(cr);
    cairo_arc(cr, x, y, r, 0, 2 * M_PI);
    cairo_set_source_rgba(cr, fill.r, fill.g, fill.b, alpha);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, fill.r * 0.7, fill.g * 0.7, fill.b * 0.7);
    cairo_set_line_width(cr, 0.6);
    cairo_stroke(cr);
}

void plot_heading(plot *p, const char *title, const char *subtitle)
{
    static const plot_style T = {.size = 14.0, .colour = RGB(17, 17, 17), .bold = 1};
    static const plot_style S = {.size = 9.0, .colour = RGB(85, 85, 85)};
    plot_text_fit(p, 16, 12, PLOT_TOP_LEFT, &T, title, p->w - 32);
    if (subtitle)
        plot_text_fit(p, 16, 33, PLOT_TOP_LEFT, &S, subtitle, p->w - 32);
}

void plot_footnote(plot *p, const char *note)
{
    static const plot_style N = {.size = 7.0, .colour = RGB(119, 119, 119)};
    plot_text_fit(p, 16, p->h - 6, PLOT_BOTTOM_LEFT, &N, note, p->w - 32);
}

double plot_legend(plot *p, double x, double y, const plot_key *keys, size_t n)
{
    static const plot_style L = {.size = 8.5, .colour = RGB(34, 34, 34)};
    for (size_t i = 0; i < n; i++) {
        if (keys[i].line) {
            plot_line(p, x, y + 5, x + 16, y + 5, 1.8, keys[i].colour, keys[i].dashed);
            x += 20;
        } else {
            plot_fill_rect(p, x, y + 1, 9, 9, keys[i].colour);
            x += 12;
        }
        plot_text(p, x, y + 5.5, PLOT_LEFT, &L, keys[i].label);
        x += plot_text_width(p, keys[i].label, L.size) + 12;
    }
    return x - 12;
}

void plot_empty(plot *p, const plot_rect *area, const char *message)
{
    static const plot_style E = {.size = 11.0, .colour = RGB(102, 102, 102)};
    cairo_t *cr = p->cr;
    cairo_save(cr);
    cairo_set_source_rgb(cr, 0.6, 0.6, 0.6);
    cairo_set_line_width(cr, 0.8);
    static const double DASH[] = {3.0, 3.0};
    cairo_set_dash(cr, DASH, 2, 0);
    cairo_rectangle(cr, area->x, area->y, area->w, area->h);
    cairo_stroke(cr);
    cairo_restore(cr);
    plot_text_fit(p, area->x + area->w / 2, area->y + area->h / 2, PLOT_CENTER, &E, message,
                  area->w - 16);
}
