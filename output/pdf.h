/* output/pdf.h — the PDF layer under the report: an A4 document that flows Chinese text,
   headings, tables and images down the pages, with bookmarks, a contents page, running
   header and "第 N 页 共 M 页" footer, embedded TrueType fonts, a proper ToUnicode map (so
   pdftotext gives the Chinese back), width arrays cut to the characters used, fixed dates and
   a deterministic /ID (same calls → same bytes). libharu errors are recorded in the document
   (never longjmp, never stdout); after one, every call returns TZ_SOFTWARE and pdf_error()
   says what libharu reported. All allocation, libharu's included, goes through base/mem.
   May call: base/, output/linebreak, libharu. */
#ifndef TZ_PDF_H
#define TZ_PDF_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"

typedef struct pdf_doc pdf_doc;

/* 黑体, 宋体, and a monospaced 黑体 for hashes and command lines (output/fonts.h) */
typedef enum pdf_font { PDF_SANS, PDF_SERIF, PDF_MONO, PDF_FONT_COUNT } pdf_font;
typedef enum pdf_align { PDF_LEFT, PDF_CENTER, PDF_RIGHT } pdf_align;

typedef struct pdf_rgb { double r, g, b; } pdf_rgb;

typedef struct pdf_style {
    pdf_font font;
    double size;          /* pt */
    double leading;       /* line height in pt; 0: 1.6 × size */
    double indent;        /* first-line indent in pt (2 × size for a Chinese paragraph) */
    pdf_align align;
    int bold;             /* simulated: fill and stroke the glyphs */
    pdf_rgb color;
    double space_after;   /* pt below the paragraph */
} pdf_style;

typedef struct pdf_config {
    const char *font_file[PDF_FONT_COUNT];   /* NULL: the Debian fonts of output/fonts.h */
    int font_index[PDF_FONT_COUNT];          /* face in a .ttc (with a font_file given) */
    const char *title, *subject, *author, *keywords, *creator;   /* metadata; may be NULL */
    const char *running_header;              /* left of every page's header; may be NULL */
    int64_t date;                            /* CreationDate/ModDate, seconds since the epoch
                                                (UTC); < 0: none */
    uint8_t id[16];                          /* the /ID: e.g. the start of the inputs' hash */
    int has_id;
    int run_on;                              /* level-1 headings continue on the page
                                                (a report's chapters) instead of starting
                                                a new one (an annex's parts) */
} pdf_config;

/* A4 geometry, in points. */
#define PDF_PAGE_WIDTH 595.276
#define PDF_PAGE_HEIGHT 841.89
#define PDF_MARGIN_LEFT 62.0
#define PDF_MARGIN_RIGHT 62.0
#define PDF_MARGIN_TOP 70.0
#define PDF_MARGIN_BOTTOM 62.0
#define PDF_CONTENT_WIDTH (PDF_PAGE_WIDTH - PDF_MARGIN_LEFT - PDF_MARGIN_RIGHT)

/* Opens a document and loads the fonts. On TZ_OK *out is the document (pdf_free).
   TZ_NOINPUT when a font file is missing (err names the Debian package to install),
   TZ_SOFTWARE when libharu refuses a font, TZ_NOMEM. Nothing is written until pdf_save. */
tz_status pdf_new(const pdf_config *cfg, pdf_doc **out, buf *err);
void pdf_free(pdf_doc *d);

/* The file a font is loaded from: cfg's, or the Debian default when cfg or its entry is
   NULL. For the manifest (output/manifest). Cannot fail. */
const char *pdf_font_file(const pdf_config *cfg, pdf_font f);

/* What went wrong, in Chinese, after a call failed ("" when nothing did). */
const char *pdf_error(const pdf_doc *d);

/* Width in points of text[0..len) in a font and size (characters outside the font count
   as the font's missing width). Cannot fail. */
double pdf_text_width(pdf_doc *d, pdf_font f, double size, const char *text, size_t len);

/* Page flow. pdf_page_new starts a page (plain = no header and footer, e.g. the cover);
   pdf_need starts one when less than `height` pt is left; pdf_skip moves down. */
tz_status pdf_page_new(pdf_doc *d, int plain);
tz_status pdf_need(pdf_doc *d, double height);
tz_status pdf_skip(pdf_doc *d, double height);
double pdf_space_left(const pdf_doc *d);   /* pt above the bottom margin; 0 with no page */
size_t pdf_page_count(const pdf_doc *d);   /* pages so far (final count after pdf_save) */

/* A paragraph: wrapped by output/linebreak, flowing onto new pages as needed. */
tz_status pdf_text(pdf_doc *d, const pdf_style *st, const char *text);

/* Text in a box at a fixed place (x from the left edge, top from the bottom edge), wrapped
   to `width`; no page break. *height (may be NULL) gets the height used. */
tz_status pdf_text_box(pdf_doc *d, const pdf_style *st, double x, double top, double width,
                       const char *text, double *height);

/* A heading: level 1 (section: starts a new page unless the page is still empty, or with
   pdf_config.run_on goes on when the heading and a few lines fit), 2
   (sub-section) or 3 (not in the contents). Adds a bookmark (levels 1–2 nest) and an entry
   of the contents; level 1 also becomes the running title in the page header. */
tz_status pdf_heading(pdf_doc *d, int level, const char *text);

/* Marks where the contents pages go: before the next page started. Call once, after the
   cover. The contents are drawn at pdf_save, when the page numbers are known. */
void pdf_contents_here(pdf_doc *d, const char *title);

/* Tables. Column widths are weights, scaled to the text width. A row that does not fit
   goes to a new page, where the header row is repeated. Cells wrap (names break after
   局、委、办、支部 … where they can, output/linebreak); NULL is empty. Cells of
   right-aligned columns (numbers) are set in the sans face, the others in the serif.
   The head is never left on a page without three rows under it, and a page never carries
   fewer than three rows of a table that began on an earlier one. */
typedef struct pdf_column {
    const char *title;
    double weight;
    pdf_align align;
} pdf_column;

#define PDF_ROW_BOLD 1u      /* a total row */

/* Optional, just before pdf_table_begin: the table's caption ("表1　…", centred above the
   head and kept with it), its source line ("数据来源：…", below the last row and kept
   with it) and the number of rows to come (0: unknown). With the rows known, a table of
   up to 8 rows is kept whole on one page and a page break never leaves fewer than three
   rows on the last page. The strings are copied. TZ_NOMEM. */
tz_status pdf_table_plan(pdf_doc *d, const char *caption, const char *source, size_t rows);
tz_status pdf_table_begin(pdf_doc *d, const pdf_column *cols, size_t n_cols, double size);
tz_status pdf_table_row(pdf_doc *d, const char *const *cells, unsigned flags);
tz_status pdf_table_end(pdf_doc *d);

/* A PNG image, `width` pt wide (0: the text width), centred, with an optional caption
   below. The same file twice is embedded once. TZ_NOINPUT when the file is unreadable. */
tz_status pdf_image_png(pdf_doc *d, const char *path, double width, const char *caption);

/* Draws the contents, headers and footers, fixes the fonts' ToUnicode maps and width
   arrays, sets the metadata and /ID, and writes the file. TZ_CANTCREAT when the file cannot
   be created, TZ_SOFTWARE on a libharu error. The document cannot be used after. */
tz_status pdf_save(pdf_doc *d, const char *path);

/* Characters outside the Basic Multilingual Plane met so far: the fonts cannot show them
   (they print as spaces). */
size_t pdf_non_bmp_count(const pdf_doc *d);

/* Distinct characters (per font) drawn that the font has no glyph for (they show as an
   empty box). */
size_t pdf_missing_glyph_count(const pdf_doc *d);

#endif
