/* output/pdf.c — the PDF layer (see pdf.h): libharu driven so that Chinese text comes out
   embedded, extractable and byte-for-byte repeatable.
   May call: base/, output/linebreak, libharu (its public API, and for the font fixes the
   object API of its installed headers: hpdf_objects.h, hpdf_font.h, hpdf_streams.h). */
#include "output/pdf.h"
#include "base/mem.h"
#include "base/text.h"
#include "output/fonts.h"
#include "output/linebreak.h"

#include <hpdf.h>
#include <hpdf_doc.h>
#include <hpdf_font.h>
#include <hpdf_fontdef.h>
#include <hpdf_objects.h>
#include <hpdf_streams.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define UTF8 "UTF-8"
#define CONTENTS_LEADING 21.0
#define CONTENTS_PAGE (-2)

static const struct {
    const char *file, *package;
    int index;
} DEFAULT_FONTS[PDF_FONT_COUNT] = {
    {FONTS_SANS_FILE, FONTS_SANS_PACKAGE, FONTS_SANS_INDEX},
    {FONTS_SERIF_FILE, FONTS_SERIF_PACKAGE, FONTS_SERIF_INDEX},
    {FONTS_SANS_FILE, FONTS_SANS_PACKAGE, FONTS_MONO_INDEX},
};

static const pdf_rgb ACCENT = {0.70, 0.09, 0.09};      /* the red of Party documents */
static const pdf_rgb INK = {0.10, 0.10, 0.10};
static const pdf_rgb GREY = {0.45, 0.45, 0.45};

typedef struct page_rec {
    HPDF_Page page;
    int plain;          /* no header or footer */
    long section;       /* index into heads of the level-1 heading running here, -1 for
                           none, CONTENTS_PAGE for a page of the contents */
} page_rec;

typedef struct heading_rec {
    int level;
    char *text;
    HPDF_Page page;
    double top;
} heading_rec;

typedef struct image_rec {
    char *path;
    HPDF_Image image;
} image_rec;

struct pdf_doc {
    HPDF_Doc hpdf;
    HPDF_Font font[PDF_FONT_COUNT];     /* NULL until loaded (PDF_MONO: when first used) */
    char *font_file[PDF_FONT_COUNT];
    int font_index[PDF_FONT_COUNT];
    uint8_t used[PDF_FONT_COUNT][65536 / 8];
    size_t non_bmp;             /* characters beyond the BMP met (shown as spaces) */
    size_t no_glyph;            /* characters the font has no glyph for */

    int failed;                 /* a libharu error happened: everything fails from now on */
    int counted;                /* counted in hpdf_open_docs (this thread's open documents) */
    unsigned long err_no, err_detail;
    char errmsg[256];

    char *title, *subject, *author, *keywords, *creator, *running_header;
    int64_t date;
    uint8_t id[16];
    int has_id;
    int run_on;

    page_rec *pages;            size_t n_pages, cap_pages;
    HPDF_Page page;             /* the current page, NULL before the first */
    double y;                   /* the cursor: top of the next thing, from the bottom edge */
    int page_fresh;             /* nothing placed on the current page yet */

    heading_rec *heads;         size_t n_heads, cap_heads;
    long section;               /* current level-1 heading, -1 before the first */
    HPDF_Outline outline_l1;    /* the last level-1 bookmark: parent of level 2 */

    int contents_marked;
    size_t contents_at;         /* index in pages where the contents go */
    char *contents_title;
    HPDF_Outline contents_outline;

    pdf_column *cols;           size_t n_cols;
    double *col_width;
    double table_size;
    size_t table_rows;
    int in_table;
    char *plan_caption, *plan_source;   /* pdf_table_plan's, for the next/current table */
    size_t plan_rows;                   /* rows announced, 0: unknown */

    image_rec *images;          size_t n_images, cap_images;
    buf scratch;
};

/* ---- errors and memory ---------------------------------------------------------------- */

/* libharu's allocator has no user data, and libharu may report a failed allocation
   under another code (HPDF_Page_DrawImage says 0x1055, invalid XObject): a failed
   allocation is remembered here, per thread, so that whatever fails after it reads as
   out of memory (exit 71), not as a bug (70). Reset by each HPDF_NewEx. */
static _Thread_local int hpdf_out_of_memory;

static void HPDF_STDCALL on_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user)
{
    pdf_doc *d = user;
    if (d->failed)
        return;
    d->failed = 1;
    if (hpdf_out_of_memory)
        error_no = HPDF_FAILD_TO_ALLOC_MEM;
    d->err_no = (unsigned long)error_no;
    d->err_detail = (unsigned long)detail_no;
    /* cut at a whole character when longer: still a message */
    (void)text_format(d->errmsg, sizeof d->errmsg, "PDF 库 libharu 报告错误 0x%04lX（细节 %lu）",
                      d->err_no, d->err_detail);
}

/* libharu leaks on some of its own out-of-memory paths (HPDF_Page_New keeps the graphics
   state it made when a later allocation fails). Every block it takes is on this thread's
   list, and what HPDF_Free leaves is freed once no document of the thread is open. */
typedef union hpdf_block {
    struct { union hpdf_block *prev, *next; } link;
    max_align_t align;                 /* the block after the header stays aligned */
} hpdf_block;
static _Thread_local hpdf_block *hpdf_blocks;
static _Thread_local int hpdf_open_docs;

static void *HPDF_STDCALL hpdf_alloc(HPDF_UINT size)
{
    hpdf_block *b = mem_alloc(sizeof *b + size);
    if (!b) {
        hpdf_out_of_memory = 1;
        return NULL;
    }
    b->link.prev = NULL;
    b->link.next = hpdf_blocks;
    if (hpdf_blocks)
        hpdf_blocks->link.prev = b;
    hpdf_blocks = b;
    return b + 1;
}

static void HPDF_STDCALL hpdf_free(void *p)
{
    if (!p)
        return;
    hpdf_block *b = (hpdf_block *)p - 1;
    if (b->link.prev)
        b->link.prev->link.next = b->link.next;
    else
        hpdf_blocks = b->link.next;
    if (b->link.next)
        b->link.next->link.prev = b->link.prev;
    mem_free(b);
}

/* After the last open document of the thread is freed: what libharu lost. */
static void hpdf_free_lost(void)
{
    while (hpdf_blocks) {
        hpdf_block *b = hpdf_blocks;
        hpdf_blocks = b->link.next;
        mem_free(b);
    }
}

static tz_status fail(pdf_doc *d, tz_status st, const char *msg)
{
    if (st == TZ_SOFTWARE && hpdf_out_of_memory) {
        st = TZ_NOMEM;
        msg = "内存不足";
    }
    if (st == TZ_NOMEM)
        d->err_no = HPDF_FAILD_TO_ALLOC_MEM;
    if (!d->failed || st == TZ_NOMEM) {
        d->failed = 1;
        (void)text_format(d->errmsg, sizeof d->errmsg, "%s", msg);   /* cut: still a message */
    }
    return st;
}

/* TZ_NOMEM once an allocation for libharu has failed, TZ_SOFTWARE once libharu has
   failed otherwise, else TZ_OK. */
static tz_status check(const pdf_doc *d)
{
    if (hpdf_out_of_memory)
        return TZ_NOMEM;
    if (!d->failed)
        return TZ_OK;
    return d->err_no == HPDF_FAILD_TO_ALLOC_MEM ? TZ_NOMEM : TZ_SOFTWARE;
}

/* A low-level libharu call (streams, dictionaries) failed: those record the error in
   the document without calling the error handler, so an allocation that failed inside
   them shows only in HPDF_GetError. TZ_NOMEM for that, else TZ_SOFTWARE with msg. */
static tz_status lib_call_failed(pdf_doc *d, const char *msg)
{
    if (d->failed)
        return check(d);
    if (HPDF_GetError(d->hpdf) == HPDF_FAILD_TO_ALLOC_MEM)
        return fail(d, TZ_NOMEM, "内存不足");
    return fail(d, TZ_SOFTWARE, msg);
}

const char *pdf_error(const pdf_doc *d)
{
    return d ? d->errmsg : "";
}

size_t pdf_non_bmp_count(const pdf_doc *d)
{
    return d->non_bmp;
}

size_t pdf_missing_glyph_count(const pdf_doc *d)
{
    return d->no_glyph;
}

/* ---- set-up ---------------------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
    return s ? mem_strdup(s) : NULL;
}

/* Loads font f from the file pdf_new recorded. Returns 0, -1 (the document failed). */
static int load_font(pdf_doc *d, pdf_font f)
{
    if (d->font[f])
        return 0;
    if (d->failed)
        return -1;
    const char *name = HPDF_LoadTTFontFromFile2(d->hpdf, d->font_file[f],
                                                (HPDF_UINT)d->font_index[f], HPDF_TRUE);
    if (name)
        d->font[f] = HPDF_GetFont(d->hpdf, name, UTF8);
    if (!d->font[f]) {
        if (!d->failed)
            fail(d, TZ_SOFTWARE, "无法载入字体");
        return -1;
    }
    return 0;
}

tz_status pdf_new(const pdf_config *cfg, pdf_doc **out, buf *err)
{
    tz_status st = TZ_NOMEM;
    *out = NULL;
    pdf_doc *d = mem_calloc(1, sizeof *d);
    if (!d)
        return TZ_NOMEM;
    d->section = -1;
    d->date = cfg->date;
    d->has_id = cfg->has_id;
    d->run_on = cfg->run_on;
    memcpy(d->id, cfg->id, sizeof d->id);
    if ((cfg->title && !(d->title = dup_or_null(cfg->title))) ||
        (cfg->subject && !(d->subject = dup_or_null(cfg->subject))) ||
        (cfg->author && !(d->author = dup_or_null(cfg->author))) ||
        (cfg->keywords && !(d->keywords = dup_or_null(cfg->keywords))) ||
        (cfg->creator && !(d->creator = dup_or_null(cfg->creator))) ||
        (cfg->running_header && !(d->running_header = dup_or_null(cfg->running_header))))
        goto out;

    for (int f = 0; f < PDF_FONT_COUNT; f++) {
        const char *file = cfg->font_file[f] ? cfg->font_file[f] : DEFAULT_FONTS[f].file;
        if (access(file, R_OK) != 0) {
            st = TZ_NOINPUT;
            if (err && buf_printf(err, "找不到字体文件 %s：请安装 Debian 软件包 %s"
                                       "（apt-get install %s）\n", file, DEFAULT_FONTS[f].package,
                                  DEFAULT_FONTS[f].package) != 0)
                st = TZ_NOMEM;
            goto out;
        }
    }

    hpdf_out_of_memory = 0;
    hpdf_open_docs++;
    d->counted = 1;
    d->hpdf = HPDF_NewEx(on_error, hpdf_alloc, hpdf_free, 0, d);
    if (!d->hpdf)
        goto out;
    HPDF_SetCompressionMode(d->hpdf, HPDF_COMP_ALL);
    HPDF_UseUTFEncodings(d->hpdf);
    HPDF_SetCurrentEncoder(d->hpdf, UTF8);
    for (int f = 0; f < PDF_FONT_COUNT; f++) {
        d->font_index[f] = cfg->font_file[f] ? cfg->font_index[f] : DEFAULT_FONTS[f].index;
        if (!(d->font_file[f] = mem_strdup(pdf_font_file(cfg, (pdf_font)f))))
            goto out;
    }
    /* the monospaced face is loaded when first used: a document without a hash does not
       carry it */
    for (int f = 0; f < PDF_FONT_COUNT; f++) {
        if (f == PDF_MONO)
            continue;
        if (load_font(d, (pdf_font)f) != 0) {
            st = d->failed || hpdf_out_of_memory ? check(d) : TZ_SOFTWARE;
            if (err && (st == TZ_NOMEM ? buf_puts(err, "内存不足\n")
                                       : buf_printf(err, "无法载入字体 %s（%s）：需要 TrueType 轮廓的 .ttc 字体\n",
                                                    d->font_file[f], d->errmsg)) != 0)
                st = TZ_NOMEM;
            goto out;
        }
    }
    if (d->failed) {
        st = check(d);
        if (err && buf_printf(err, "%s\n", d->errmsg) != 0)
            st = TZ_NOMEM;
        goto out;
    }
    *out = d;
    return TZ_OK;
out:
    pdf_free(d);
    return st;
}

const char *pdf_font_file(const pdf_config *cfg, pdf_font f)
{
    return cfg && cfg->font_file[f] ? cfg->font_file[f] : DEFAULT_FONTS[f].file;
}

void pdf_free(pdf_doc *d)
{
    if (!d)
        return;
    if (d->hpdf)
        HPDF_Free(d->hpdf);
    if (d->counted && --hpdf_open_docs == 0)
        hpdf_free_lost();
    for (size_t i = 0; i < d->n_heads; i++)
        mem_free(d->heads[i].text);
    mem_free(d->heads);
    for (size_t i = 0; i < d->n_images; i++)
        mem_free(d->images[i].path);
    mem_free(d->images);
    for (size_t i = 0; i < d->n_cols; i++)
        mem_free((char *)d->cols[i].title);
    mem_free(d->cols);
    mem_free(d->col_width);
    mem_free(d->pages);
    mem_free(d->title);
    mem_free(d->subject);
    mem_free(d->author);
    mem_free(d->keywords);
    mem_free(d->creator);
    mem_free(d->running_header);
    mem_free(d->contents_title);
    mem_free(d->plan_caption);
    mem_free(d->plan_source);
    for (int f = 0; f < PDF_FONT_COUNT; f++)
        mem_free(d->font_file[f]);
    buf_release(&d->scratch);
    mem_free(d);
}

/* ---- measuring ---------------------------------------------------------------------- */

static double char_width(pdf_doc *d, pdf_font f, uint32_t cp)
{
    if (cp < 0x20 || cp > 0xFFFF)
        cp = ' ';
    if (load_font(d, f) != 0)
        return 1000;                       /* the document has failed: any width will do */
    return (double)HPDF_Font_GetUnicodeWidth(d->font[f], (HPDF_UNICODE)cp);
}

typedef struct measure_ctx {
    pdf_doc *d;
    pdf_font f;
    double size;
} measure_ctx;

static double measure_cb(void *ctx, uint32_t cp)
{
    measure_ctx *m = ctx;
    return char_width(m->d, m->f, cp) * m->size / 1000.0;
}

double pdf_text_width(pdf_doc *d, pdf_font f, double size, const char *text, size_t len)
{
    double w = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += linebreak_utf8_next(text, len, i, &cp);
        w += char_width(d, f, cp);
    }
    return w * size / 1000.0;
}

/* ---- drawing text ------------------------------------------------------------------- */

static int is_used(const pdf_doc *d, int f, uint32_t cp)
{
    return (d->used[f][cp >> 3] >> (cp & 7)) & 1;
}


/* Copies text[0..len) into the scratch buffer as libharu wants it: NUL-terminated UTF-8,
   control characters and characters beyond the BMP as spaces; records the characters used.
   Sets *n_chars to the number of characters. */
static const char *prepare(pdf_doc *d, pdf_font f, const char *text, size_t len,
                           size_t *n_chars)
{
    buf_clear(&d->scratch);
    size_t n = 0;
    if (load_font(d, f) != 0)
        return NULL;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t k = linebreak_utf8_next(text, len, i, &cp);
        if (cp > 0xFFFF)
            d->non_bmp++;
        if (cp < 0x20 || cp > 0xFFFF || cp == 0xFFFD) {
            if (buf_putc(&d->scratch, ' ') != 0)
                return NULL;
            cp = ' ';
        } else if (buf_append(&d->scratch, text + i, k) != 0) {
            return NULL;
        } else if (!is_used(d, (int)f, cp) && cp != ' ' &&
                   HPDF_TTFontDef_GetGlyphid(((HPDF_FontAttr)d->font[f]->attr)->fontdef,
                                             (HPDF_UINT16)cp) == 0) {
            d->no_glyph++;
        }
        d->used[f][cp >> 3] |= (uint8_t)(1u << (cp & 7));
        n++;
        i += k;
    }
    if (buf_reserve(&d->scratch, 1) != 0)
        return NULL;
    d->scratch.data[d->scratch.len] = '\0';
    *n_chars = n;
    return d->scratch.data;
}

static void set_fill(HPDF_Page p, pdf_rgb c)
{
    HPDF_Page_SetRGBFill(p, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

static void set_stroke(HPDF_Page p, pdf_rgb c)
{
    HPDF_Page_SetRGBStroke(p, (HPDF_REAL)c.r, (HPDF_REAL)c.g, (HPDF_REAL)c.b);
}

/* One line of text with its baseline at y; char_space spreads it (justification). */
static tz_status draw_line(pdf_doc *d, HPDF_Page p, const pdf_style *st, double x,
                           double baseline, const char *text, size_t len, double char_space)
{
    size_t n;
    const char *s = prepare(d, st->font, text, len, &n);
    if (!s)
        return d->failed ? check(d) : fail(d, TZ_NOMEM, "内存不足");
    if (n == 0)
        return check(d);
    set_fill(p, st->color);
    if (st->bold) {
        set_stroke(p, st->color);
        HPDF_Page_SetLineWidth(p, (HPDF_REAL)(st->size * 0.035));
    }
    HPDF_Page_BeginText(p);
    HPDF_Page_SetFontAndSize(p, d->font[st->font], (HPDF_REAL)st->size);
    if (st->bold)
        HPDF_Page_SetTextRenderingMode(p, HPDF_FILL_THEN_STROKE);
    if (char_space != 0)
        HPDF_Page_SetCharSpace(p, (HPDF_REAL)char_space);
    HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)baseline, s);
    if (char_space != 0)
        HPDF_Page_SetCharSpace(p, 0);
    if (st->bold)
        HPDF_Page_SetTextRenderingMode(p, HPDF_FILL);
    HPDF_Page_EndText(p);
    return check(d);
}

static double leading_of(const pdf_style *st)
{
    return st->leading > 0 ? st->leading : st->size * 1.6;
}

/* The baseline of a line whose box (of height leading) starts at top: the glyphs of the
   CJK fonts here sit from about -0.12 em to 0.88 em, so this centres them in the box. */
static double baseline_of(double top, double leading, double size)
{
    return top - leading / 2.0 - size * 0.36;
}

/* Breaks text into lines: the first line `first_width` wide, the rest `width`. The lines'
   starts are offsets into text. On TZ_OK *lines is the caller's (mem_free). */
static tz_status break_lines_ex(pdf_doc *d, const pdf_style *st, const char *text,
                                size_t len, double first_width, double width, unsigned flags,
                                linebreak_line **lines, size_t *n)
{
    measure_ctx m = {d, st->font, st->size};
    linebreak_line *first = NULL, *rest = NULL;
    size_t n_first = 0, n_rest = 0;
    tz_status s = linebreak_lines_ex(text, len, first_width, measure_cb, &m, flags, &first,
                                     &n_first);
    if (s != TZ_OK || n_first <= 1 || first_width == width) {
        *lines = first;
        *n = n_first;
        return s == TZ_OK ? TZ_OK : fail(d, s, "内存不足");
    }
    size_t from = first[0].start + first[0].len;
    s = linebreak_lines_ex(text + from, len - from, width, measure_cb, &m, flags, &rest,
                           &n_rest);
    if (s != TZ_OK)
        goto out;
    if (mem_grow(&first, &n_first, 1 + n_rest, sizeof *first) != 0) {
        s = TZ_NOMEM;
        goto out;
    }
    for (size_t i = 0; i < n_rest; i++) {
        first[1 + i] = rest[i];
        first[1 + i].start += from;
    }
    *lines = first;
    *n = 1 + n_rest;
    first = NULL;
out:
    mem_free(first);
    mem_free(rest);
    return s == TZ_OK ? TZ_OK : fail(d, s, "内存不足");
}

static tz_status break_lines(pdf_doc *d, const pdf_style *st, const char *text, size_t len,
                             double first_width, double width, linebreak_line **lines,
                             size_t *n)
{
    return break_lines_ex(d, st, text, len, first_width, width, 0, lines, n);
}

/* Draws lines[0..n) at x in a box `width` wide, the first line indented, from top down. */
static tz_status draw_lines(pdf_doc *d, HPDF_Page p, const pdf_style *st, const char *text,
                            const linebreak_line *lines, size_t n, double x, double top,
                            double width, int justify_last)
{
    double lead = leading_of(st);
    for (size_t i = 0; i < n; i++) {
        double indent = i == 0 ? st->indent : 0;
        double avail = width - indent, lx = x + indent, cs = 0;
        const linebreak_line *l = &lines[i];
        if (st->align == PDF_CENTER)
            lx += (avail - l->width) / 2.0;
        else if (st->align == PDF_RIGHT)
            lx += avail - l->width;
        else if (l->width > avail || (st->indent > 0 && (i + 1 < n || justify_last))) {
            /* a Chinese paragraph: both edges straight, except its last line */
            size_t chars = 0;
            for (size_t k = 0; k < l->len;) {
                uint32_t cp;
                k += linebreak_utf8_next(text + l->start, l->len, k, &cp);
                chars++;
            }
            /* spread a line to the full width, or squeeze one a widow was pulled into */
            if (chars > 1 && avail - l->width < st->size * 1.5)
                cs = (avail - l->width) / (double)(chars - 1);
        }
        tz_status s = draw_line(d, p, st, lx, baseline_of(top - lead * (double)i, lead,
                                                          st->size),
                                text + l->start, l->len, cs);
        if (s != TZ_OK)
            return s;
    }
    return TZ_OK;
}

/* A paragraph's last line of one or two characters (a widow such as "摊。") is pulled up
   into the line before when that line then needs squeezing by at most 4 %. */
static void pull_widow(pdf_doc *d, const pdf_style *st, const char *text,
                       linebreak_line *lines, size_t *n, double width, double indent)
{
    if (*n < 2)
        return;
    linebreak_line *last = &lines[*n - 1], *prev = &lines[*n - 2];
    size_t chars = 0;
    for (size_t k = 0; k < last->len;) {
        uint32_t cp;
        k += linebreak_utf8_next(text + last->start, last->len, k, &cp);
        chars++;
    }
    double avail = width - (*n == 2 ? indent : 0);
    size_t end = last->start + last->len;
    double joined = pdf_text_width(d, st->font, st->size, text + prev->start, end - prev->start);
    if (chars == 0 || chars > 2 || joined > avail * 1.04)
        return;
    prev->len = end - prev->start;
    prev->width = joined;
    (*n)--;
}

/* ---- pages ---------------------------------------------------------------------------- */

tz_status pdf_page_new(pdf_doc *d, int plain)
{
    if (d->failed)
        return check(d);
    if (mem_grow(&d->pages, &d->cap_pages, d->n_pages + 1, sizeof *d->pages) != 0)
        return fail(d, TZ_NOMEM, "内存不足");
    HPDF_Page p = HPDF_AddPage(d->hpdf);
    if (!p)
        return check(d) != TZ_OK ? check(d) : fail(d, TZ_SOFTWARE, "无法新建页面");
    HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    d->pages[d->n_pages++] = (page_rec){p, plain, d->section};
    d->page = p;
    d->y = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP;
    d->page_fresh = 1;
    return check(d);
}

double pdf_space_left(const pdf_doc *d)
{
    return d->page ? d->y - PDF_MARGIN_BOTTOM : 0;
}

size_t pdf_page_count(const pdf_doc *d)
{
    return d->n_pages;
}

tz_status pdf_need(pdf_doc *d, double height)
{
    if (!d->page || (pdf_space_left(d) < height && !d->page_fresh))
        return pdf_page_new(d, 0);
    return check(d);
}

tz_status pdf_skip(pdf_doc *d, double height)
{
    if (!d->page)
        return pdf_page_new(d, 0);
    if (d->page_fresh)
        return check(d);            /* no space at the top of a page */
    d->y -= height;
    if (d->y < PDF_MARGIN_BOTTOM)
        d->y = PDF_MARGIN_BOTTOM;
    return check(d);
}

tz_status pdf_text(pdf_doc *d, const pdf_style *st, const char *text)
{
    if (d->failed)
        return check(d);
    size_t len = strlen(text);
    linebreak_line *lines = NULL;
    size_t n = 0;
    double lead = leading_of(st);
    /* a last line of one or two characters is pulled up when the line before can take it
       (squeezed by at most 4 %); one left alone after that takes a character down */
    tz_status s = break_lines(d, st, text, len, PDF_CONTENT_WIDTH - st->indent,
                              PDF_CONTENT_WIDTH, &lines, &n);
    if (s != TZ_OK)
        return s;
    pull_widow(d, st, text, lines, &n, PDF_CONTENT_WIDTH, st->indent);
    if (n >= 2 && lines[n - 1].len <= 4) {     /* one character at most: break again */
        size_t chars = 0;
        for (size_t k = 0; k < lines[n - 1].len;) {
            uint32_t cp;
            k += linebreak_utf8_next(text + lines[n - 1].start, lines[n - 1].len, k, &cp);
            chars++;
        }
        if (chars == 1) {
            mem_free(lines);
            if ((s = break_lines_ex(d, st, text, len, PDF_CONTENT_WIDTH - st->indent,
                                    PDF_CONTENT_WIDTH, LINEBREAK_NO_ORPHAN, &lines, &n)) != TZ_OK)
                return s;
        }
    }
    size_t i = 0;
    while (i < n) {
        /* keep at least two lines of a paragraph together at a page's foot */
        if ((s = pdf_need(d, lead * (n - i >= 2 ? 2 : 1))) != TZ_OK)
            goto out;
        size_t fit = (size_t)(pdf_space_left(d) / lead + 1e-6);
        if (fit == 0)
            fit = 1;
        if (fit > n - i)
            fit = n - i;
        /* no single last line alone at the top of the next page */
        if (fit < n - i && n - i - fit == 1 && fit >= 3)
            fit--;
        pdf_style part = *st;
        if (i > 0)
            part.indent = 0;
        /* a break inside the paragraph: the page's last line is justified too */
        if ((s = draw_lines(d, d->page, &part, text, lines + i, fit, PDF_MARGIN_LEFT, d->y,
                            PDF_CONTENT_WIDTH, i + fit < n)) != TZ_OK)
            goto out;
        d->y -= lead * (double)fit;
        d->page_fresh = 0;
        i += fit;
        if (i < n && (s = pdf_page_new(d, 0)) != TZ_OK)
            goto out;
    }
    d->y -= st->space_after;
out:
    mem_free(lines);
    return s;
}

tz_status pdf_text_box(pdf_doc *d, const pdf_style *st, double x, double top, double width,
                       const char *text, double *height)
{
    if (d->failed)
        return check(d);
    if (!d->page && pdf_page_new(d, 0) != TZ_OK)
        return check(d);
    linebreak_line *lines = NULL;
    size_t n = 0;
    tz_status s = break_lines(d, st, text, strlen(text), width - st->indent, width, &lines,
                              &n);
    if (s == TZ_OK)
        s = draw_lines(d, d->page, st, text, lines, n, x, top, width, 0);
    if (height)
        *height = leading_of(st) * (double)n;
    d->page_fresh = 0;
    mem_free(lines);
    return s;
}

/* ---- headings, bookmarks, contents ---------------------------------------------------- */

static HPDF_Destination destination(pdf_doc *d, HPDF_Page p, double top)
{
    HPDF_Destination dst = HPDF_Page_CreateDestination(p);
    if (dst)
        HPDF_Destination_SetXYZ(dst, 0, (HPDF_REAL)top, 1);
    (void)d;
    return dst;
}

void pdf_contents_here(pdf_doc *d, const char *title)
{
    if (d->failed || d->contents_marked)
        return;
    d->contents_marked = 1;
    d->contents_at = d->n_pages;
    d->contents_title = mem_strdup(title);
    if (!d->contents_title) {
        fail(d, TZ_NOMEM, "内存不足");
        return;
    }
    /* created now so that its bookmark comes first; its destination is set at the end */
    d->contents_outline = HPDF_CreateOutline(d->hpdf, NULL, title,
                                             HPDF_GetEncoder(d->hpdf, UTF8));
}

tz_status pdf_heading(pdf_doc *d, int level, const char *text)
{
    static const pdf_style H1 = {PDF_SANS, 16, 26, 0, PDF_LEFT, 1, {0.70, 0.09, 0.09}, 10};
    static const pdf_style H2 = {PDF_SANS, 12.5, 20, 0, PDF_LEFT, 0, {0.15, 0.15, 0.15}, 4};
    static const pdf_style H3 = {PDF_SANS, 11, 18, 0, PDF_LEFT, 0, {0.25, 0.25, 0.25}, 2};
    const pdf_style *st = level <= 1 ? &H1 : level == 2 ? &H2 : &H3;
    tz_status s;
    if (d->failed)
        return check(d);
    if (level <= 1 && d->run_on && d->page && !d->page_fresh && d->section >= 0) {
        if ((s = pdf_skip(d, 18)) != TZ_OK || (s = pdf_need(d, leading_of(st) + 90)) != TZ_OK)
            return s;
    } else if (level <= 1) {
        if (d->page && !d->page_fresh && (s = pdf_page_new(d, 0)) != TZ_OK)
            return s;
        if (!d->page && (s = pdf_page_new(d, 0)) != TZ_OK)
            return s;
    } else {
        /* keep the heading with at least three lines of what follows */
        if ((s = pdf_skip(d, level == 2 ? 8 : 4)) != TZ_OK ||
            (s = pdf_need(d, leading_of(st) + 60)) != TZ_OK)
            return s;
    }
    if (mem_grow(&d->heads, &d->cap_heads, d->n_heads + 1, sizeof *d->heads) != 0)
        return fail(d, TZ_NOMEM, "内存不足");
    char *copy = mem_strdup(text);
    if (!copy)
        return fail(d, TZ_NOMEM, "内存不足");
    d->heads[d->n_heads] = (heading_rec){level, copy, d->page, d->y};
    if (level <= 1) {
        d->section = (long)d->n_heads;
        /* the running title is the chapter a page starts in: one that begins lower on a
           page that was already running names the next page on */
        if (d->page_fresh || d->pages[d->n_pages - 1].section < 0)
            d->pages[d->n_pages - 1].section = d->section;
    }
    d->n_heads++;

    if (level <= 2) {
        HPDF_Outline parent = level <= 1 ? NULL : d->outline_l1;
        HPDF_Outline o = HPDF_CreateOutline(d->hpdf, parent, text,
                                            HPDF_GetEncoder(d->hpdf, UTF8));
        if (o) {
            HPDF_Outline_SetOpened(o, HPDF_FALSE);
            HPDF_Destination dst = destination(d, d->page, d->y + 4);
            if (dst)
                HPDF_Outline_SetDestination(o, dst);
        }
        if (level <= 1)
            d->outline_l1 = o;
    }
    double top = d->y;
    double h = 0;
    if ((s = pdf_text_box(d, st, PDF_MARGIN_LEFT, top, PDF_CONTENT_WIDTH, text, &h)) != TZ_OK)
        return s;
    d->y = top - h;
    if (level <= 1) {
        HPDF_Page p = d->page;
        set_stroke(p, ACCENT);
        HPDF_Page_SetLineWidth(p, 1.2);
        HPDF_Page_MoveTo(p, PDF_MARGIN_LEFT, (HPDF_REAL)(d->y - 2));
        HPDF_Page_LineTo(p, (HPDF_REAL)(PDF_MARGIN_LEFT + PDF_CONTENT_WIDTH),
                         (HPDF_REAL)(d->y - 2));
        HPDF_Page_Stroke(p);
        d->y -= 4;
    }
    d->y -= st->space_after;
    d->page_fresh = 0;
    return check(d);
}

static long page_number(const pdf_doc *d, HPDF_Page p)
{
    for (size_t i = 0; i < d->n_pages; i++)
        if (d->pages[i].page == p)
            return (long)i + 1;
    return 0;
}

static tz_status draw_contents(pdf_doc *d)
{
    static const pdf_style TITLE = {PDF_SANS, 18, 30, 0, PDF_CENTER, 1, {0.70, 0.09, 0.09}, 0};
    static const pdf_style L1 = {PDF_SANS, 12, CONTENTS_LEADING, 0, PDF_LEFT, 0,
                                 {0.10, 0.10, 0.10}, 0};
    static const pdf_style L2 = {PDF_SERIF, 11, CONTENTS_LEADING, 0, PDF_LEFT, 0,
                                 {0.20, 0.20, 0.20}, 0};
    size_t entries = 0;
    for (size_t i = 0; i < d->n_heads; i++)
        entries += d->heads[i].level <= 2;
    double body = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP - PDF_MARGIN_BOTTOM;
    size_t first_page = (size_t)((body - 50) / CONTENTS_LEADING);
    size_t per_page = (size_t)(body / CONTENTS_LEADING);
    size_t k = 1;
    if (entries > first_page)
        k += (entries - first_page + per_page - 1) / per_page;
    if (d->contents_at >= d->n_pages)
        return TZ_OK;                     /* nothing after the mark: no contents */

    /* insert k pages before the first page after the mark */
    if (mem_grow(&d->pages, &d->cap_pages, d->n_pages + k, sizeof *d->pages) != 0)
        return fail(d, TZ_NOMEM, "内存不足");
    HPDF_Page target = d->pages[d->contents_at].page;
    memmove(d->pages + d->contents_at + k, d->pages + d->contents_at,
            (d->n_pages - d->contents_at) * sizeof *d->pages);
    for (size_t i = 0; i < k; i++) {
        HPDF_Page p = HPDF_InsertPage(d->hpdf, target);
        if (!p)
            return lib_call_failed(d, "无法插入目录页");
        HPDF_Page_SetSize(p, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        d->pages[d->contents_at + i] = (page_rec){p, 0, CONTENTS_PAGE};
    }
    d->n_pages += k;
    if (d->contents_outline) {
        HPDF_Destination dst = destination(d, d->pages[d->contents_at].page,
                                           PDF_PAGE_HEIGHT - PDF_MARGIN_TOP);
        if (dst)
            HPDF_Outline_SetDestination(d->contents_outline, dst);
    }

    size_t pi = d->contents_at;
    HPDF_Page p = d->pages[pi].page;
    double y = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP;
    double h;
    tz_status s;
    d->page = p;
    if ((s = pdf_text_box(d, &TITLE, PDF_MARGIN_LEFT, y, PDF_CONTENT_WIDTH,
                          d->contents_title, &h)) != TZ_OK)
        return s;
    y -= 50;
    for (size_t i = 0; i < d->n_heads; i++) {
        const heading_rec *e = &d->heads[i];
        if (e->level > 2)
            continue;
        if (y - CONTENTS_LEADING < PDF_MARGIN_BOTTOM - 1e-6) {
            p = d->pages[++pi].page;
            d->page = p;
            y = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP;
        }
        const pdf_style *st = e->level <= 1 ? &L1 : &L2;
        double indent = e->level <= 1 ? 0 : 2 * L1.size;
        char num[32];
        if (text_format(num, sizeof num, "%ld", page_number(d, e->page)) != 0)
            return fail(d, TZ_SOFTWARE, "目录页码无法写出");
        double num_w = pdf_text_width(d, st->font, st->size, num, strlen(num));
        double right = PDF_MARGIN_LEFT + PDF_CONTENT_WIDTH;
        double text_w = pdf_text_width(d, st->font, st->size, e->text, strlen(e->text));
        double max_w = PDF_CONTENT_WIDTH - indent - num_w - 24;
        size_t len = strlen(e->text);
        if (text_w > max_w) {         /* too long for one line: cut it at a character */
            double w = 0;
            size_t cut = 0;
            while (cut < len) {
                uint32_t cp;
                size_t nb = linebreak_utf8_next(e->text, len, cut, &cp);
                double cw = char_width(d, st->font, cp) * st->size / 1000.0;
                if (w + cw > max_w)
                    break;
                w += cw;
                cut += nb;
            }
            len = cut;
            text_w = w;
        }
        double base = baseline_of(y, CONTENTS_LEADING, st->size);
        if ((s = draw_line(d, p, st, PDF_MARGIN_LEFT + indent, base, e->text, len, 0)) != TZ_OK ||
            (s = draw_line(d, p, st, right - num_w, base, num, strlen(num), 0)) != TZ_OK)
            return s;
        /* dotted leader */
        double from = PDF_MARGIN_LEFT + indent + text_w + 6, to = right - num_w - 6;
        if (to > from) {
            HPDF_Page_SetLineWidth(p, 0.8);
            set_stroke(p, GREY);
            HPDF_Page_SetDash(p, (const HPDF_UINT16[]){1, 3}, 2, 0);
            HPDF_Page_MoveTo(p, (HPDF_REAL)from, (HPDF_REAL)(base + 1));
            HPDF_Page_LineTo(p, (HPDF_REAL)to, (HPDF_REAL)(base + 1));
            HPDF_Page_Stroke(p);
            HPDF_Page_SetDash(p, NULL, 0, 0);
        }
        /* the whole line links to the heading */
        HPDF_Rect r = {(HPDF_REAL)PDF_MARGIN_LEFT, (HPDF_REAL)(y - CONTENTS_LEADING),
                       (HPDF_REAL)right, (HPDF_REAL)y};
        HPDF_Destination dst = destination(d, e->page, e->top + 4);
        if (dst) {
            HPDF_Annotation a = HPDF_Page_CreateLinkAnnot(p, r, dst);
            if (a)
                HPDF_LinkAnnot_SetBorderStyle(a, 0, 0, 0);
        }
        y -= CONTENTS_LEADING;
    }
    return check(d);
}

static tz_status draw_header_footer(pdf_doc *d)
{
    static const pdf_style SMALL = {PDF_SANS, 8.5, 12, 0, PDF_LEFT, 0, {0.40, 0.40, 0.40}, 0};
    for (size_t i = 0; i < d->n_pages; i++) {
        const page_rec *pr = &d->pages[i];
        if (pr->plain)
            continue;
        HPDF_Page p = pr->page;
        double top = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP + 30;
        tz_status s;
        double base = baseline_of(top, 12, SMALL.size);
        if (d->running_header &&
            (s = draw_line(d, p, &SMALL, PDF_MARGIN_LEFT, base, d->running_header,
                           strlen(d->running_header), 0)) != TZ_OK)
            return s;
        const char *sec = pr->section >= 0 ? d->heads[pr->section].text :
                          pr->section == CONTENTS_PAGE ? d->contents_title : "";
        double w = pdf_text_width(d, SMALL.font, SMALL.size, sec, strlen(sec));
        if ((s = draw_line(d, p, &SMALL, PDF_MARGIN_LEFT + PDF_CONTENT_WIDTH - w, base, sec,
                           strlen(sec), 0)) != TZ_OK)
            return s;
        set_stroke(p, ACCENT);
        HPDF_Page_SetLineWidth(p, 0.6);
        HPDF_Page_MoveTo(p, PDF_MARGIN_LEFT, (HPDF_REAL)(top - 14));
        HPDF_Page_LineTo(p, (HPDF_REAL)(PDF_MARGIN_LEFT + PDF_CONTENT_WIDTH),
                         (HPDF_REAL)(top - 14));
        HPDF_Page_Stroke(p);

        char foot[64];
        if (text_format(foot, sizeof foot, "第 %zu 页  共 %zu 页", i + 1, d->n_pages) != 0)
            return fail(d, TZ_SOFTWARE, "页脚无法写出");
        w = pdf_text_width(d, SMALL.font, SMALL.size, foot, strlen(foot));
        if ((s = draw_line(d, p, &SMALL, (PDF_PAGE_WIDTH - w) / 2, PDF_MARGIN_BOTTOM - 30, foot,
                           strlen(foot), 0)) != TZ_OK)
            return s;
    }
    return check(d);
}

/* ---- tables ------------------------------------------------------------------------- */

#define CELL_PAD_X 3.0
#define CELL_PAD_Y 2.5

static const pdf_rgb TABLE_HEAD = {0.70, 0.09, 0.09};
static const pdf_rgb TABLE_ZEBRA = {0.965, 0.955, 0.95};
static const pdf_rgb TABLE_RULE = {0.78, 0.74, 0.72};

static pdf_style cell_style(const pdf_doc *d, pdf_align align, int head, int bold)
{
    /* numbers (right-aligned) in the sans face: UMing's fixed-width digits look typed */
    pdf_style st = {head || align == PDF_RIGHT ? PDF_SANS : PDF_SERIF, d->table_size,
                    d->table_size * 1.35, 0, align, bold, head ? (pdf_rgb){1, 1, 1} : INK, 0};
    return st;
}

static void fill_rect(HPDF_Page p, pdf_rgb c, double x, double y, double w, double h)
{
    set_fill(p, c);
    HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w, (HPDF_REAL)h);
    HPDF_Page_Fill(p);
}

/* Lays out one row: its cells' lines and its height. lines[c]/n[c] are the caller's. */
static tz_status row_layout(pdf_doc *d, const char *const *cells, int head, int bold,
                            linebreak_line **lines, size_t *n, double *height)
{
    size_t most = 1;
    for (size_t c = 0; c < d->n_cols; c++) {
        const char *t = cells[c] ? cells[c] : "";
        pdf_style st = cell_style(d, d->cols[c].align, head, bold);
        double w = d->col_width[c] - 2 * CELL_PAD_X;
        tz_status s = break_lines_ex(d, &st, t, strlen(t), w, w, LINEBREAK_NAMES, &lines[c],
                                     &n[c]);
        if (s != TZ_OK)
            return s;
        /* a cell taller than a page (with its header row) is cut: it could never fit */
        size_t cap = (size_t)((PDF_PAGE_HEIGHT - PDF_MARGIN_TOP - PDF_MARGIN_BOTTOM) /
                              (d->table_size * 1.35)) / 2;
        if (n[c] > cap)
            n[c] = cap;
        if (n[c] > most)
            most = n[c];
    }
    *height = (double)most * d->table_size * 1.35 + 2 * CELL_PAD_Y;
    return TZ_OK;
}

static tz_status row_draw(pdf_doc *d, const char *const *cells, int head, int bold,
                          linebreak_line **lines, const size_t *n, double height, int zebra)
{
    HPDF_Page p = d->page;
    double x = PDF_MARGIN_LEFT, y = d->y;
    if (head)
        fill_rect(p, TABLE_HEAD, x, y - height, PDF_CONTENT_WIDTH, height);
    else if (zebra)
        fill_rect(p, TABLE_ZEBRA, x, y - height, PDF_CONTENT_WIDTH, height);
    for (size_t c = 0; c < d->n_cols; c++) {
        const char *t = cells[c] ? cells[c] : "";
        pdf_style st = cell_style(d, head ? PDF_CENTER : d->cols[c].align, head, bold);
        double lead = leading_of(&st);
        double top = y - CELL_PAD_Y;
        if (head)      /* header cells centred vertically */
            top -= (height - 2 * CELL_PAD_Y - lead * (double)n[c]) / 2;
        tz_status s = draw_lines(d, p, &st, t, lines[c], n[c], x + CELL_PAD_X, top,
                                 d->col_width[c] - 2 * CELL_PAD_X, 0);
        if (s != TZ_OK)
            return s;
        x += d->col_width[c];
    }
    set_stroke(p, TABLE_RULE);
    HPDF_Page_SetLineWidth(p, head ? 0.8 : 0.4);
    HPDF_Page_MoveTo(p, PDF_MARGIN_LEFT, (HPDF_REAL)(y - height));
    HPDF_Page_LineTo(p, (HPDF_REAL)(PDF_MARGIN_LEFT + PDF_CONTENT_WIDTH),
                     (HPDF_REAL)(y - height));
    HPDF_Page_Stroke(p);
    d->y = y - height;
    d->page_fresh = 0;
    return check(d);
}

static void free_row(linebreak_line **lines, size_t n_cols)
{
    for (size_t c = 0; c < n_cols; c++)
        mem_free(lines[c]);
}

/* Draws the header row (titles); with more_height, first makes sure that much fits too. */
static tz_status table_header(pdf_doc *d, double more_height)
{
    const char **titles = mem_calloc(d->n_cols, sizeof *titles);
    linebreak_line **lines = mem_calloc(d->n_cols, sizeof *lines);
    size_t *n = mem_calloc(d->n_cols, sizeof *n);
    double h;
    tz_status s = TZ_NOMEM;
    if (!titles || !lines || !n) {
        s = fail(d, TZ_NOMEM, "内存不足");
        goto out;
    }
    for (size_t c = 0; c < d->n_cols; c++)
        titles[c] = d->cols[c].title;
    if ((s = row_layout(d, titles, 1, 1, lines, n, &h)) != TZ_OK ||
        (s = pdf_need(d, h + more_height)) != TZ_OK)
        goto out;
    s = row_draw(d, titles, 1, 1, lines, n, h, 0);
out:
    if (lines)
        free_row(lines, d->n_cols);
    mem_free(titles);
    mem_free(lines);
    mem_free(n);
    return s;
}

static const pdf_style TABLE_CAPTION = {PDF_SANS, 10.5, 18, 0, PDF_CENTER, 1, {0.10, 0.10, 0.10},
                                        2};
static const pdf_style TABLE_SOURCE = {PDF_SERIF, 8.5, 13, 0, PDF_LEFT, 0, {0.35, 0.35, 0.35}, 0};

static double text_height(pdf_doc *d, const pdf_style *st, const char *text)
{
    if (!text)
        return 0;
    linebreak_line *lines = NULL;
    size_t n = 0;
    if (break_lines(d, st, text, strlen(text), PDF_CONTENT_WIDTH, PDF_CONTENT_WIDTH, &lines,
                    &n) != TZ_OK)
        return 0;
    mem_free(lines);
    return leading_of(st) * (double)n + st->space_after;
}

tz_status pdf_table_plan(pdf_doc *d, const char *caption, const char *source, size_t rows)
{
    if (d->failed)
        return check(d);
    mem_free(d->plan_caption);
    mem_free(d->plan_source);
    d->plan_caption = caption ? mem_strdup(caption) : NULL;
    d->plan_source = source ? mem_strdup(source) : NULL;
    d->plan_rows = rows;
    if ((caption && !d->plan_caption) || (source && !d->plan_source))
        return fail(d, TZ_NOMEM, "内存不足");
    return TZ_OK;
}

/* The height of one single-line body row. */
static double plain_row_height(const pdf_doc *d)
{
    return d->table_size * 1.35 + 2 * CELL_PAD_Y;
}

tz_status pdf_table_begin(pdf_doc *d, const pdf_column *cols, size_t n_cols, double size)
{
    if (d->failed)
        return check(d);
    for (size_t i = 0; i < d->n_cols; i++)
        mem_free((char *)d->cols[i].title);
    mem_free(d->cols);
    mem_free(d->col_width);
    d->n_cols = 0;
    d->cols = mem_calloc(n_cols, sizeof *d->cols);
    d->col_width = mem_calloc(n_cols, sizeof *d->col_width);
    if (!d->cols || !d->col_width)
        return fail(d, TZ_NOMEM, "内存不足");
    double total = 0;
    for (size_t c = 0; c < n_cols; c++)
        total += cols[c].weight > 0 ? cols[c].weight : 1;
    for (size_t c = 0; c < n_cols; c++) {
        d->cols[c] = cols[c];
        d->cols[c].title = mem_strdup(cols[c].title ? cols[c].title : "");
        d->n_cols = c + 1;
        if (!d->cols[c].title)
            return fail(d, TZ_NOMEM, "内存不足");
        d->col_width[c] = PDF_CONTENT_WIDTH * (cols[c].weight > 0 ? cols[c].weight : 1) / total;
    }
    d->table_size = size;
    d->table_rows = 0;
    d->in_table = 1;
    /* the caption, the head and three rows together (a small table whole, with its
       source line) */
    double cap_h = text_height(d, &TABLE_CAPTION, d->plan_caption);
    size_t keep = d->plan_rows == 0 ? 3 : d->plan_rows <= 8 ? d->plan_rows
                                         : 3;
    double more = (double)keep * plain_row_height(d);
    if (d->plan_rows > 0 && d->plan_rows <= 8)
        more += text_height(d, &TABLE_SOURCE, d->plan_source) + 4;
    /* the head's own height is measured by table_header; ask for the caption first */
    tz_status s = pdf_need(d, cap_h + 2 * plain_row_height(d) + more);
    if (s != TZ_OK)
        return s;
    if (d->plan_caption) {
        double h = 0;
        if ((s = pdf_text_box(d, &TABLE_CAPTION, PDF_MARGIN_LEFT, d->y, PDF_CONTENT_WIDTH,
                              d->plan_caption, &h)) != TZ_OK)
            return s;
        d->y -= h + TABLE_CAPTION.space_after;
    }
    return table_header(d, more);
}

tz_status pdf_table_row(pdf_doc *d, const char *const *cells, unsigned flags)
{
    if (d->failed)
        return check(d);
    if (!d->in_table)
        return fail(d, TZ_SOFTWARE, "表格未开始");
    linebreak_line **lines = mem_calloc(d->n_cols, sizeof *lines);
    size_t *n = mem_calloc(d->n_cols, sizeof *n);
    double h;
    tz_status s;
    int bold = (flags & PDF_ROW_BOLD) != 0;
    if (!lines || !n) {
        s = fail(d, TZ_NOMEM, "内存不足");
        goto out;
    }
    if ((s = row_layout(d, cells, 0, bold, lines, n, &h)) != TZ_OK)
        goto out;
    /* rows left with this one; the last keeps the source line with it, and a page break
       is taken early rather than leave fewer than three rows alone on the next page */
    size_t left = d->plan_rows > d->table_rows ? d->plan_rows - d->table_rows : 0;
    double need = h;
    if (left == 1)
        need += text_height(d, &TABLE_SOURCE, d->plan_source) + 4;
    int early = left > 1 && left <= 3 && d->table_rows >= 3 &&
                pdf_space_left(d) < h + (double)(left - 1) * plain_row_height(d) +
                                    text_height(d, &TABLE_SOURCE, d->plan_source) + 4;
    if (pdf_space_left(d) < need || early) {
        if ((s = pdf_page_new(d, 0)) != TZ_OK || (s = table_header(d, need)) != TZ_OK)
            goto out;
    }
    s = row_draw(d, cells, 0, bold, lines, n, h, (int)(d->table_rows % 2));
    d->table_rows++;
out:
    if (lines)
        free_row(lines, d->n_cols);
    mem_free(lines);
    mem_free(n);
    return s;
}

tz_status pdf_table_end(pdf_doc *d)
{
    d->in_table = 0;
    if (d->failed)
        return check(d);
    tz_status s = TZ_OK;
    if (d->plan_source) {
        double h = 0;
        d->y -= 3;
        s = pdf_text_box(d, &TABLE_SOURCE, PDF_MARGIN_LEFT, d->y, PDF_CONTENT_WIDTH,
                         d->plan_source, &h);
        d->y -= h;
    }
    mem_free(d->plan_caption);
    mem_free(d->plan_source);
    d->plan_caption = d->plan_source = NULL;
    d->plan_rows = 0;
    d->y -= 10;
    return s;
}

/* ---- images --------------------------------------------------------------------------- */

tz_status pdf_image_png(pdf_doc *d, const char *path, double width, const char *caption)
{
    static const pdf_style CAPTION = {PDF_SANS, 9.5, 15, 0, PDF_CENTER, 0, {0.3, 0.3, 0.3}, 0};
    if (d->failed)
        return check(d);
    HPDF_Image img = NULL;
    for (size_t i = 0; i < d->n_images; i++)
        if (strcmp(d->images[i].path, path) == 0)
            img = d->images[i].image;
    if (!img) {
        if (access(path, R_OK) != 0) {
            char msg[sizeof d->errmsg];
            (void)text_format(msg, sizeof msg, "无法读取图表文件 %s", path);   /* cut: still says it */
            return fail(d, TZ_NOINPUT, msg);
        }
        if (mem_grow(&d->images, &d->cap_images, d->n_images + 1, sizeof *d->images) != 0)
            return fail(d, TZ_NOMEM, "内存不足");
        img = HPDF_LoadPngImageFromFile(d->hpdf, path);
        if (!img)
            return d->failed ? check(d) : fail(d, TZ_SOFTWARE, "无法载入 PNG 图片");
        char *copy = mem_strdup(path);
        if (!copy)
            return fail(d, TZ_NOMEM, "内存不足");
        d->images[d->n_images++] = (image_rec){copy, img};
    }
    double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
    if (iw <= 0 || ih <= 0)
        return fail(d, TZ_SOFTWARE, "PNG 图片尺寸为零");
    if (width <= 0 || width > PDF_CONTENT_WIDTH)
        width = PDF_CONTENT_WIDTH;
    double height = width * ih / iw;
    double max_h = PDF_PAGE_HEIGHT - PDF_MARGIN_TOP - PDF_MARGIN_BOTTOM - 40;
    if (height > max_h) {
        width *= max_h / height;
        height = max_h;
    }
    double cap_h = caption ? 20 : 0;
    /* Rather than leave more than half a page empty, a chart may shrink to 55 % to fit
       the space left on the page. */
    double room = pdf_space_left(d) - cap_h - 6;
    if (d->page && !d->page_fresh && height > room && room >= 0.55 * height) {
        width *= room / height;
        height = room;
    }
    tz_status s = pdf_need(d, height + cap_h + 6);
    if (s != TZ_OK)
        return s;
    double x = PDF_MARGIN_LEFT + (PDF_CONTENT_WIDTH - width) / 2;
    HPDF_Page_DrawImage(d->page, img, (HPDF_REAL)x, (HPDF_REAL)(d->y - height),
                        (HPDF_REAL)width, (HPDF_REAL)height);
    d->y -= height + 4;
    d->page_fresh = 0;
    if (caption) {
        double h;
        if ((s = pdf_text_box(d, &CAPTION, PDF_MARGIN_LEFT, d->y, PDF_CONTENT_WIDTH, caption,
                              &h)) != TZ_OK)
            return s;
        d->y -= h;
    }
    d->y -= 8;
    return check(d);
}

/* ---- fonts fixed before saving -------------------------------------------------------- */

/* Replaces libharu's ToUnicode stream (its "begincidrange" inside a ToUnicode CMap is not
   valid: poppler warns) with a bfchar map of exactly the characters used. The codes are
   two-byte Unicode values (Identity-H with CID = code point). */
static tz_status fix_to_unicode(pdf_doc *d, int f)
{
    HPDF_Font font = d->font[f];
    HPDF_Dict cmap = HPDF_Dict_GetItem(font, "ToUnicode", HPDF_OCLASS_DICT);
    if (!cmap || !cmap->stream)
        return fail(d, TZ_SOFTWARE, "字体缺少 ToUnicode 表");
    buf b = BUF_INIT;
    tz_status s = TZ_OK;
    /* every append's failure counts: a map cut in the middle must never be written */
    int bad = buf_puts(&b, "/CIDInit /ProcSet findresource begin\n"
                 "12 dict begin\nbegincmap\n"
                 "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
                 "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
                 "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    uint32_t block[100];
    size_t nb = 0;
    for (uint32_t cp = 0; cp <= 0x10000; cp++) {
        int take = cp <= 0xFFFF && is_used(d, f, cp) && !(cp >= 0xD800 && cp <= 0xDFFF);
        if (take)
            block[nb++] = cp;
        if (nb == 100 || (cp == 0x10000 && nb > 0)) {
            bad |= buf_printf(&b, "%zu beginbfchar\n", nb);
            for (size_t i = 0; i < nb; i++)
                bad |= buf_printf(&b, "<%04X> <%04X>\n", (unsigned)block[i], (unsigned)block[i]);
            bad |= buf_puts(&b, "endbfchar\n");
            nb = 0;
        }
    }
    bad |= buf_puts(&b, "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    if (bad) {
        s = fail(d, TZ_NOMEM, "内存不足");
        goto out;
    }
    HPDF_MemStream_FreeData(cmap->stream);
    if (HPDF_Stream_Write(cmap->stream, (const HPDF_BYTE *)b.data, (HPDF_UINT)b.len) != HPDF_OK)
        s = lib_call_failed(d, "无法写入 ToUnicode 表");
    HPDF_Dict_RemoveElement(cmap, "Type");
    HPDF_Dict_RemoveElement(cmap, "CMapName");
    HPDF_Dict_RemoveElement(cmap, "CIDSystemInfo");
    HPDF_Dict_RemoveElement(cmap, "WMode");
    cmap->filter = HPDF_STREAM_FILTER_FLATE_DECODE;
out:
    buf_release(&b);
    return s == TZ_OK ? check(d) : s;
}

/* Rebuilds the descendant font's /W with only the characters used (libharu lists every
   character of the font, ~200 KB uncompressed), and blanks the unused entries of the
   CIDToGIDMap so that it compresses to almost nothing. */
static tz_status fix_widths(pdf_doc *d, int f)
{
    HPDF_Font font = d->font[f];
    HPDF_FontAttr attr = (HPDF_FontAttr)font->attr;
    HPDF_Dict desc = attr->descendant_font;
    HPDF_Array w = HPDF_Array_New(font->mmgr);
    if (!w)
        return fail(d, TZ_NOMEM, "内存不足");
    if (HPDF_Dict_Add(desc, "W", w) != HPDF_OK)
        return lib_call_failed(d, "无法替换字宽表");
    HPDF_Array run = NULL;
    uint32_t prev = 0;
    for (uint32_t cp = 1; cp <= 0xFFFF; cp++) {
        if (!is_used(d, f, cp))
            continue;
        if (!run || cp != prev + 1) {
            run = HPDF_Array_New(font->mmgr);
            if (!run || HPDF_Array_AddNumber(w, (HPDF_INT32)cp) != HPDF_OK ||
                HPDF_Array_Add(w, run) != HPDF_OK)
                return check(d) != TZ_OK ? check(d) : fail(d, TZ_NOMEM, "内存不足");
        }
        if (HPDF_Array_AddNumber(run, (HPDF_INT32)char_width(d, (pdf_font)f, cp)) != HPDF_OK)
            return check(d) != TZ_OK ? check(d) : fail(d, TZ_NOMEM, "内存不足");
        prev = cp;
    }

    HPDF_Dict map = attr->map_stream;
    if (!map || !map->stream)
        return check(d);
    HPDF_UINT size = HPDF_Stream_Size(map->stream);
    uint8_t *bytes = mem_alloc(size ? size : 1);
    if (!bytes)
        return fail(d, TZ_NOMEM, "内存不足");
    HPDF_UINT at = 0, count = HPDF_MemStream_GetBufCount(map->stream);
    for (HPDF_UINT i = 0; i < count; i++) {
        HPDF_UINT len = 0;
        HPDF_BYTE *p = HPDF_MemStream_GetBufPtr(map->stream, i, &len);
        if (!p || at + len > size)
            break;
        memcpy(bytes + at, p, len);
        at += len;
    }
    for (HPDF_UINT cid = 0; 2 * cid + 1 < at; cid++)
        if (!is_used(d, f, cid) || cid == 0)
            bytes[2 * cid] = bytes[2 * cid + 1] = 0;
    HPDF_MemStream_FreeData(map->stream);
    HPDF_STATUS r = HPDF_Stream_Write(map->stream, bytes, at);
    mem_free(bytes);
    if (r != HPDF_OK)
        return lib_call_failed(d, "无法重写 CIDToGIDMap");
    return check(d);
}

/* ---- metadata and saving -------------------------------------------------------------- */

static void set_info(pdf_doc *d, HPDF_InfoType t, const char *v)
{
    if (v)
        HPDF_SetInfoAttr(d->hpdf, t, v);
}

static tz_status set_metadata(pdf_doc *d)
{
    set_info(d, HPDF_INFO_TITLE, d->title);
    set_info(d, HPDF_INFO_SUBJECT, d->subject);
    set_info(d, HPDF_INFO_AUTHOR, d->author);
    set_info(d, HPDF_INFO_KEYWORDS, d->keywords);
    set_info(d, HPDF_INFO_CREATOR, d->creator);
    if (d->date >= 0) {
        time_t t = (time_t)d->date;
        struct tm tm;
        if (!gmtime_r(&t, &tm))
            return fail(d, TZ_SOFTWARE, "日期超出范围");
        HPDF_Date date = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                          tm.tm_sec, 'Z', 0, 0};
        HPDF_SetInfoDateAttr(d->hpdf, HPDF_INFO_CREATION_DATE, date);
        HPDF_SetInfoDateAttr(d->hpdf, HPDF_INFO_MOD_DATE, date);
    }
    if (d->has_id) {
        HPDF_Array id = HPDF_Array_New(d->hpdf->mmgr);
        if (!id || HPDF_Dict_Add(d->hpdf->trailer, "ID", id) != HPDF_OK)
            return check(d) != TZ_OK ? check(d) : fail(d, TZ_NOMEM, "内存不足");
        for (int k = 0; k < 2; k++) {
            HPDF_Binary b = HPDF_Binary_New(d->hpdf->mmgr, d->id, sizeof d->id);
            if (!b || HPDF_Array_Add(id, b) != HPDF_OK)
                return check(d) != TZ_OK ? check(d) : fail(d, TZ_NOMEM, "内存不足");
        }
    }
    return check(d);
}

tz_status pdf_save(pdf_doc *d, const char *path)
{
    tz_status s;
    if (d->failed)
        return check(d);
    if (d->contents_marked && (s = draw_contents(d)) != TZ_OK)
        return s;
    if ((s = draw_header_footer(d)) != TZ_OK)
        return s;
    for (int f = 0; f < PDF_FONT_COUNT; f++) {
        if (!d->font[f])
            continue;                  /* never used, never loaded */
        d->used[f][' ' >> 3] |= 1u << (' ' & 7);
        if ((s = fix_to_unicode(d, f)) != TZ_OK || (s = fix_widths(d, f)) != TZ_OK)
            return s;
    }
    if ((s = set_metadata(d)) != TZ_OK)
        return s;
    if (d->n_heads > 0)            /* the reader opens with the bookmarks shown */
        HPDF_SetPageMode(d->hpdf, HPDF_PAGE_MODE_USE_OUTLINE);
    if (HPDF_SaveToFile(d->hpdf, path) != HPDF_OK || d->failed) {
        char lib[sizeof d->errmsg];
        memcpy(lib, d->errmsg, sizeof lib);
        /* cut at a whole character when longer: still says it */
        (void)text_format(d->errmsg, sizeof d->errmsg, "无法写入 %s（%s）", path, lib);
        if (d->err_no == HPDF_FAILD_TO_ALLOC_MEM || hpdf_out_of_memory)
            return TZ_NOMEM;
        if (d->err_no == HPDF_FILE_OPEN_ERROR)
            return TZ_CANTCREAT;
        if (d->err_no == HPDF_FILE_IO_ERROR)
            return TZ_IOERR;
        return TZ_SOFTWARE;
    }
    return TZ_OK;
}
