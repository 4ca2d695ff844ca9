/* output/charts.h — the year in pictures: nine charts, each showing one breakdown a
   leader reads, written as PNG (opaque white, A4 width at 2x) and SVG into OUT/charts/.
   The same figures give the same bytes. The PDF report embeds the PNGs with the titles
   listed here. May call: base, input/ledger, pipeline/figures, pipeline/run, rules/rules,
   output/plot, output/cnnum, GSL, libc. */
#ifndef TZ_CHARTS_H
#define TZ_CHARTS_H
#include <stddef.h>
#include "base/buf.h"
#include "base/status.h"
#include "output/plot.h"
#include "output/run.h"

typedef struct charts_chart {
    const char *file;        /* "01-bonus": the files are file.png and file.svg */
    const char *title;       /* what it shows, in Chinese ("各单位党员志愿者参与率分布"): the
                                chart's heading and the report's caption (图N　title), typed
                                only here */
    double width, height;    /* points, the largest size; the PNG is CHARTS_SCALE times as
                                many pixels. Charts of rows (1, 3, 8) are shorter when there
                                are few rows: charts_height gives the height drawn. */
} charts_chart;

#define CHARTS_SCALE 2.0
extern const charts_chart CHARTS[];
extern const size_t CHARTS_COUNT;

/* Writes every chart as dir/FILE.png and dir/FILE.svg, creating dir (one level) when
   missing. Opens the Chinese font first (PLOT_FONT_FILES, then fontconfig; or only the
   file named by the environment variable TAIZHANG_FONT) and fails without writing anything
   when there is none (TZ_CONFIG, the message names the package to install). Returns
   TZ_CANTCREAT when dir or a file cannot be created, TZ_IOERR when a write fails,
   TZ_NOMEM, TZ_SOFTWARE.
   Prints one "taizhang: " line on standard error for each failure, and a warning when a
   unit name holds characters the font lacks. Draws on the calling thread only. */
tz_status charts_write(const run_context *rc, const char *dir);

/* The height in points chart i is drawn at for this run (at most CHARTS[i].height). */
double charts_height(const run_context *rc, size_t i);

/* Draws chart i (index into CHARTS) and appends its PNG or SVG bytes to out. When check
   is not NULL it receives what the drawing layer saw (text outside the canvas, overlaps).
   TZ_NOMEM, TZ_SOFTWARE. For charts_write and tests. */
tz_status charts_render(const run_context *rc, size_t i, plot_format format,
                        const plot_font *font, buf *out, plot_check *check);

#endif
