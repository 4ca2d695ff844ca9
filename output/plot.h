/* output/plot.h — the drawing layer under the charts: a canvas that renders the same
   drawing to PNG (opaque white RGB24) or SVG with repeatable bytes, Chinese text through a
   font file loaded with FreeType, text fitted with an ellipsis and every text box tracked
   against the canvas, linear scales with round ticks, axes, bars, legends.
   Coordinates are points (1/72 in), origin top left; PNG pixels = points × scale.
   Not thread-safe (cairo's text is not): one thread draws.
   May call: base, output/cnnum, cairo, cairo-ft, FreeType, fontconfig, libc. */
#ifndef TZ_PLOT_H
#define TZ_PLOT_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"

/* ---- font ---------------------------------------------------------------------------- */

typedef struct plot_font plot_font;

/* The font files tried in order (each a TrueType collection, face 0), NULL-terminated:
   WenQuanYi Zen Hei (fonts-wqy-zenhei), then AR PL UMing (fonts-arphic-uming). */
extern const char *const PLOT_FONT_FILES[];

/* Opens the first of `files` (NULL: PLOT_FONT_FILES) that exists and holds Chinese
   glyphs; when none does and `ask_fontconfig` is set, asks fontconfig for a zh-cn face and
   accepts it only if its glyphs really cover Chinese (fontconfig otherwise falls back to a
   Latin face without a word). On TZ_OK *out is the font (plot_font_free). On failure
   returns TZ_CONFIG and appends to err a message (Chinese) naming the Debian packages to
   install; TZ_NOMEM. */
tz_status plot_font_open(const char *const *files, int ask_fontconfig, plot_font **out,
                         buf *err);
void plot_font_free(plot_font *f);
const char *plot_font_file(const plot_font *f);     /* the file in use, for the manifest */

/* ---- canvas -------------------------------------------------------------------------- */

typedef enum { PLOT_PNG, PLOT_SVG } plot_format;

typedef struct plot plot;

typedef struct plot_rgb { double r, g, b; } plot_rgb;

/* Okabe–Ito colours, readable by colour-blind readers, and the greys of the frame. */
extern const plot_rgb PLOT_BLACK, PLOT_ORANGE, PLOT_SKY, PLOT_GREEN, PLOT_YELLOW, PLOT_BLUE,
                      PLOT_VERMILION, PLOT_PURPLE, PLOT_GREY, PLOT_LIGHT, PLOT_TEXT, PLOT_MUTED;

typedef struct plot_rect { double x, y, w, h; } plot_rect;

/* A new canvas width × height points, white. PNG: scale pixels per point. On TZ_OK *out
   is the canvas (plot_free); TZ_NOMEM, TZ_SOFTWARE when cairo fails. The font is
   borrowed and must outlive the canvas. */
tz_status plot_new(plot_format format, double width, double height, double scale,
                   const plot_font *font, plot **out);

/* Finishes the drawing and appends its file bytes (PNG or SVG) to out. The SVG's ids are
   renumbered in order of appearance, so they do not depend on what the process drew
   before. Returns TZ_OK, TZ_NOMEM, TZ_SOFTWARE (cairo failed while drawing). The canvas
   cannot be drawn on afterwards. */
tz_status plot_finish(plot *p, buf *out);
void plot_free(plot *p);

double plot_width(const plot *p);
double plot_height(const plot *p);
struct _cairo *plot_cairo(plot *p);   /* for shapes the layer does not offer */

/* What the drawing did that a test or a caller should know. */
typedef struct plot_check {
    size_t texts;                 /* text boxes drawn */
    size_t outside;               /* of those, reaching outside the canvas */
    size_t overlaps;              /* pairs of text boxes that overlap */
    size_t missing_glyphs;        /* characters the font does not have (drawn as boxes) */
    int failed;                   /* out of memory or a cairo error on the way */
} plot_check;
void plot_get_check(const plot *p, plot_check *out);

/* ---- text ---------------------------------------------------------------------------- */

typedef enum {
    PLOT_TOP_LEFT, PLOT_TOP, PLOT_TOP_RIGHT,
    PLOT_LEFT, PLOT_CENTER, PLOT_RIGHT,           /* vertically centred */
    PLOT_BOTTOM_LEFT, PLOT_BOTTOM, PLOT_BOTTOM_RIGHT
} plot_anchor;

typedef struct plot_style {
    double size;                  /* points */
    plot_rgb colour;
    int bold;
    int vertical;                 /* turned 90° counter-clockwise (y-axis titles) */
    int halo;                     /* a white box behind the text, over lines and bars */
} plot_style;

/* Advance width of s (UTF-8) at `size`. */
double plot_text_width(plot *p, const char *s, double size);

/* Draws s with its box anchored at (x, y) and records the box for plot_get_check.
   The box is the font's ascent to descent over the advance width. */
void plot_text(plot *p, double x, double y, plot_anchor a, const plot_style *st, const char *s);

/* Like plot_text, but first shortens s to fit max_width, ending it with "…". */
void plot_text_fit(plot *p, double x, double y, plot_anchor a, const plot_style *st,
                   const char *s, double max_width);

/* Appends to out the longest head of s (whole characters) that, followed by "…", fits
   max_width at `size`; s itself when it fits. Returns 0, -1 (memory). */
int plot_fit(plot *p, buf *out, const char *s, double size, double max_width);

/* Like plot_fit, but keeps the head and the tail and puts "…" in the middle: for names
   whose distinguishing part may be at either end ("锡林郭勒盟…第三党支部"). */
int plot_fit_middle(plot *p, buf *out, const char *s, double size, double max_width);
void plot_text_fit_middle(plot *p, double x, double y, plot_anchor a, const plot_style *st,
                          const char *s, double max_width);

/* ---- scales and axes ------------------------------------------------------------------- */

typedef struct plot_scale {
    double lo, hi;                /* the domain, widened to whole ticks */
    double step;                  /* between ticks */
    double from, to;              /* the range on the canvas (to < from for a y axis) */
    int wan;                      /* tick labels in 万 */
} plot_scale;

/* A scale over [lo, hi] with at most max_ticks intervals of a round step (1, 2, 5 × 10^k;
   at least min_step). An empty or zero domain becomes [lo, lo + min_hi]. */
void plot_scale_nice(plot_scale *s, double lo, double hi, int max_ticks, double min_step,
                     double min_hi, double from, double to);
double plot_scale_map(const plot_scale *s, double v);

/* Value axis along the bottom of `area` (vertical grid lines, tick labels under it, title
   centred below), or along its left side (horizontal grid lines, labels to the left, title
   turned). Suffix is appended to each tick label ("%"), or NULL. */
void plot_axis_bottom(plot *p, const plot_rect *area, const plot_scale *s, const char *title,
                      const char *suffix);
void plot_axis_left(plot *p, const plot_rect *area, const plot_scale *s, const char *title,
                    const char *suffix);

/* ---- marks --------------------------------------------------------------------------- */

void plot_fill_rect(plot *p, double x, double y, double w, double h, plot_rgb c);
void plot_line(plot *p, double x0, double y0, double x1, double y1, double width, plot_rgb c,
               int dashed);
void plot_dot(plot *p, double x, double y, double r, plot_rgb fill, double alpha);

/* Title (bold) and subtitle in the top band, a source note at the bottom left. The title
   and subtitle are fitted to the width. */
void plot_heading(plot *p, const char *title, const char *subtitle);
void plot_footnote(plot *p, const char *note);

/* A legend row at (x, y) (top left), one swatch per item: `line` draws a line swatch
   instead of a square. Returns the legend's right edge. */
typedef struct plot_key { const char *label; plot_rgb colour; int line; int dashed; } plot_key;
double plot_legend(plot *p, double x, double y, const plot_key *keys, size_t n);

/* A message centred in area, for a chart without data. */
void plot_empty(plot *p, const plot_rect *area, const char *message);

#endif
