/* tests/unit/test_pdf.c — output/pdf, the layout layer. Expected values come from other
   routes: character widths from the font file through FreeType, page contents through
   poppler's pdftotext/pdffonts/pdfinfo, page counts from the geometry worked by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cairo.h>
#include <ft2build.h>
#include FT_FREETYPE_H
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/buf.h"
#include "base/mem.h"
#include "output/pdf.h"

static char dir[] = "/tmp/tz_test_pdf_XXXXXX";

/* Output of a shell command (stdout, and stderr when want_err), as a NUL-ended string. */
static char *run(const char *cmd)
{
    FILE *p = popen(cmd, "r");
    assert_non_null(p);
    buf b = BUF_INIT;
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
        assert_int_equal(buf_append(&b, chunk, n), 0);
    pclose(p);
    assert_int_equal(buf_reserve(&b, 1), 0);
    b.data[b.len] = '\0';
    return buf_steal(&b);
}

/* The value of "Key:   value" in pdfinfo's output (a static copy), "" when absent. */
static const char *field(const char *out, const char *key)
{
    static char v[256];
    const char *p = strstr(out, key);
    v[0] = '\0';
    if (!p)
        return v;
    p += strlen(key);
    while (*p == ' ')
        p++;
    size_t n = strcspn(p, "\n");
    if (n >= sizeof v)
        n = sizeof v - 1;
    memcpy(v, p, n);
    v[n] = '\0';
    return v;
}

/* The text of one page with every space and line end taken out (the layout's spacing is
   not what is tested), poppler's warnings included. */
static char *page_text(const char *pdf, int page)
{
    char cmd[512];
    snprintf(cmd, sizeof cmd, "pdftotext -f %d -l %d '%s' - 2>&1 | tr -d ' \\n'", page, page,
             pdf);
    return run(cmd);
}

static void test_widths_match_freetype(void **state)
{
    (void)state;
    pdf_config cfg = {0};
    cfg.date = -1;
    pdf_doc *d = NULL;
    assert_int_equal(pdf_new(&cfg, &d, NULL), TZ_OK);

    FT_Library lib;
    FT_Face face;
    assert_int_equal(FT_Init_FreeType(&lib), 0);
    assert_int_equal(FT_New_Face(lib, "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, &face),
                     0);
    const uint32_t chars[] = {0x5168 /* 全 */, '1', 'A', ' ', 0xFF0C /* ， */};
    const char *utf8[] = {"全", "1", "A", " ", "，"};
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        FT_UInt g = FT_Get_Char_Index(face, chars[i]);
        assert_int_equal(FT_Load_Glyph(face, g, FT_LOAD_NO_SCALE), 0);
        /* libharu rounds the advance to 1/1000 em, as PDF widths are */
        double want = (double)(int)((double)face->glyph->metrics.horiAdvance * 1000.0 /
                                    face->units_per_EM) * 12.0 / 1000.0;
        double got = pdf_text_width(d, PDF_SANS, 12, utf8[i], strlen(utf8[i]));
        assert_true(got > want - 0.02 && got < want + 0.02);
    }
    /* 𠮷 is beyond the BMP; අ (U+0D85, Sinhala) has no glyph in the font (FreeType says
       so): each is counted once however often it is drawn */
    assert_int_equal(FT_Get_Char_Index(face, 0x0D85), 0);
    pdf_style st = {PDF_SANS, 10, 0, 0, PDF_LEFT, 0, {0, 0, 0}, 0};
    assert_int_equal(pdf_text(d, &st, "吉𠮷 අ අ 全"), TZ_OK);
    assert_int_equal(pdf_non_bmp_count(d), 1);
    assert_int_equal(pdf_missing_glyph_count(d), 1);
    FT_Done_Face(face);
    FT_Done_FreeType(lib);
    pdf_free(d);
}

/* A small chart: a white 300×150 RGB PNG with one red bar. */
static void make_png(const char *path)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, 300, 150);
    cairo_t *cr = cairo_create(s);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.8, 0.1, 0.1);
    cairo_rectangle(cr, 20, 30, 200, 60);
    cairo_fill(cr);
    cairo_destroy(cr);
    assert_int_equal(cairo_surface_write_to_png(s, path), CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
}

/* A document: cover, contents, two sections, a 100-row table, an image. */
static void build(const char *path, const char *png)
{
    pdf_config cfg = {0};
    cfg.title = "测试报告标题";
    cfg.subject = "版面测试";
    cfg.running_header = "测试报告";
    cfg.date = 1767139200;   /* 2025-12-31 00:00:00 UTC */
    memcpy(cfg.id, "0123456789abcdef", 16);
    cfg.has_id = 1;
    pdf_doc *d = NULL;
    buf err = BUF_INIT;
    assert_int_equal(pdf_new(&cfg, &d, &err), TZ_OK);
    pdf_style big = {PDF_SANS, 24, 36, 0, PDF_CENTER, 1, {0.7, 0.1, 0.1}, 0};
    pdf_style body = {PDF_SERIF, 11, 20, 22, PDF_LEFT, 0, {0, 0, 0}, 6};

    assert_int_equal(pdf_page_new(d, 1), TZ_OK);
    assert_int_equal(pdf_text_box(d, &big, PDF_MARGIN_LEFT, 600, PDF_CONTENT_WIDTH, "封面标题",
                                  NULL), TZ_OK);
    pdf_contents_here(d, "目  录");
    assert_int_equal(pdf_heading(d, 1, "一、第一部分"), TZ_OK);
    assert_int_equal(pdf_text(d, &body, "全年共开展志愿服务活动 1234 次，参与党员志愿者 5678 "
                              "人次，服务时长 9012.5 小时，受益群众 34567 人。"), TZ_OK);
    assert_int_equal(pdf_image_png(d, png, 300, "图 1 测试图"), TZ_OK);
    assert_int_equal(pdf_heading(d, 1, "二、第二部分"), TZ_OK);
    assert_int_equal(pdf_heading(d, 2, "（一）表格"), TZ_OK);
    const pdf_column cols[] = {{"序号", 1, PDF_RIGHT}, {"单位名称", 4, PDF_LEFT},
                               {"数量", 1.5, PDF_RIGHT}};
    assert_int_equal(pdf_table_begin(d, cols, 3, 10), TZ_OK);
    for (int i = 1; i <= 100; i++) {
        char a[16], b[64], c[16];
        snprintf(a, sizeof a, "%d", i);
        snprintf(b, sizeof b, "第%03d号单位", i);
        snprintf(c, sizeof c, "%d", i * 7);
        const char *cells[] = {a, b, c};
        assert_int_equal(pdf_table_row(d, cells, 0), TZ_OK);
    }
    assert_int_equal(pdf_table_end(d), TZ_OK);
    assert_int_equal(pdf_save(d, path), TZ_OK);
    pdf_free(d);
    buf_release(&err);
}

static void test_document(void **state)
{
    (void)state;
    char a[128], b[128], png[128], cmd[512];
    snprintf(a, sizeof a, "%s/a.pdf", dir);
    snprintf(b, sizeof b, "%s/b.pdf", dir);
    snprintf(png, sizeof png, "%s/chart.png", dir);
    make_png(png);
    build(a, png);
    build(b, png);

    /* byte-identical */
    snprintf(cmd, sizeof cmd, "cmp -s '%s' '%s' && echo same", a, b);
    char *out = run(cmd);
    assert_string_equal(out, "same\n");
    free(out);

    /* Pages: cover 1, contents 2, section one 3, section two from 4. A table row is
       10 × 1.35 + 5 = 18.5 pt; a page holds 841.89 − 70 − 62 = 709.89 pt: the section
       heading takes 26 + 4 + 10 = 40, the sub-heading 8 + 20 + 4 = 32, the header row 18.5,
       so page 4 holds (709.89 − 40 − 32 − 18.5) / 18.5 = 33 rows; later pages
       (709.89 − 18.5) / 18.5 = 37 rows: 33 + 37 = 70, the last 30 rows on page 6. */
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", a);
    out = run(cmd);
    assert_string_equal(field(out, "Pages:"), "6");
    assert_string_equal(field(out, "Title:"), "测试报告标题");
    assert_string_equal(field(out, "Subject:"), "版面测试");
    assert_string_equal(field(out, "CreationDate:"), "Wed Dec 31 00:00:00 2025 UTC");
    assert_null(strstr(out, "Warning"));
    free(out);

    snprintf(cmd, sizeof cmd, "pdffonts '%s' 2>&1", a);
    out = run(cmd);
    assert_null(strstr(out, " no "));                 /* every font embedded */
    assert_non_null(strstr(out, "CID TrueType"));
    free(out);

    out = page_text(a, 2);                             /* the contents */
    assert_null(strstr(out, "Warning"));
    assert_non_null(strstr(out, "目录"));
    assert_non_null(strstr(out, "一、第一部分"));
    assert_non_null(strstr(out, "（一）表格"));
    free(out);
    out = page_text(a, 3);
    assert_non_null(strstr(out, "全年共开展志愿服务活动1234次"));
    assert_non_null(strstr(out, "图1测试图"));
    assert_non_null(strstr(out, "第3页共6页"));
    free(out);
    /* the table's header is repeated on each of its pages; rows 33/34 and 70/71 split */
    out = page_text(a, 4);
    assert_non_null(strstr(out, "单位名称"));
    assert_non_null(strstr(out, "第033号单位"));
    assert_null(strstr(out, "第034号单位"));
    free(out);
    out = page_text(a, 5);
    assert_non_null(strstr(out, "单位名称"));
    assert_non_null(strstr(out, "第034号单位"));
    assert_non_null(strstr(out, "第070号单位"));
    assert_null(strstr(out, "第071号单位"));
    free(out);
    out = page_text(a, 6);
    assert_non_null(strstr(out, "单位名称"));
    assert_non_null(strstr(out, "第100号单位"));
    assert_non_null(strstr(out, "二、第二部分"));     /* running header */
    free(out);
}

/* A cell far taller than a page is cut to half a page instead of running off it; a word
   longer than its column is split per character. */
static void test_overlong_cell(void **state)
{
    (void)state;
    pdf_config cfg = {0};
    cfg.date = -1;
    pdf_doc *d = NULL;
    assert_int_equal(pdf_new(&cfg, &d, NULL), TZ_OK);
    buf big = BUF_INIT;
    for (int i = 0; i < 3000; i++)
        buf_puts(&big, "很");
    buf_puts(&big, "Pneumonoultramicroscopicsilicovolcanoconiosis");
    const pdf_column cols[] = {{"说明", 1, PDF_LEFT}, {"值", 1, PDF_LEFT}};
    const char *cells[] = {big.data, "Pneumonoultramicroscopicsilicovolcanoconiosis"};
    assert_int_equal(pdf_table_begin(d, cols, 2, 10), TZ_OK);
    assert_int_equal(pdf_table_row(d, cells, 0), TZ_OK);
    assert_int_equal(pdf_table_row(d, cells, 0), TZ_OK);
    assert_int_equal(pdf_table_end(d), TZ_OK);
    /* each row: 26 lines (half of 709.89 / 13.5 = 52) = 356 pt: two rows do not fit one
       page with the header (18.5 + 2 × 356 > 709.89): two pages */
    char path[128], cmd[256];
    snprintf(path, sizeof path, "%s/long.pdf", dir);
    assert_int_equal(pdf_save(d, path), TZ_OK);
    pdf_free(d);
    snprintf(cmd, sizeof cmd, "pdfinfo '%s' 2>&1", path);
    char *out = run(cmd);
    assert_string_equal(field(out, "Pages:"), "2");
    free(out);
    buf_release(&big);
}

/* A widow: 48 characters of 10 pt in a 471 pt line break 47 + 1; the last one is pulled
   up (480 pt squeezed into 471, under 4 %). 50 characters (47 + 3) are left alone. */
static void test_widow_pulled_up(void **state)
{
    (void)state;
    pdf_config cfg = {0};
    cfg.date = -1;
    pdf_doc *d = NULL;
    assert_int_equal(pdf_new(&cfg, &d, NULL), TZ_OK);
    pdf_style st = {PDF_SANS, 10, 16, 0, PDF_LEFT, 0, {0, 0, 0}, 0};
    buf a = BUF_INIT, b = BUF_INIT;
    for (int i = 0; i < 47; i++) {
        buf_puts(&a, "国");
        buf_puts(&b, "民");
    }
    buf_puts(&a, "家");
    buf_puts(&b, "甲乙丙");
    assert_int_equal(pdf_text(d, &st, a.data), TZ_OK);
    assert_int_equal(pdf_text(d, &st, b.data), TZ_OK);
    char path[128], cmd[256];
    snprintf(path, sizeof path, "%s/widow.pdf", dir);
    assert_int_equal(pdf_save(d, path), TZ_OK);
    pdf_free(d);
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - | grep -c '国国家$'", path);
    char *out = run(cmd);
    assert_string_equal(out, "1\n");
    free(out);
    snprintf(cmd, sizeof cmd, "pdftotext -layout '%s' - | grep -c '^ *甲乙丙$'", path);
    out = run(cmd);
    assert_string_equal(out, "1\n");
    free(out);
    buf_release(&a);
    buf_release(&b);
}

/* A page holds (841.89 − 70 − 62) / 16 = 44 lines of 16 pt. After 41 lines, 3 fit; a
   paragraph of 4 lines would leave its last line alone on the next page, so it breaks
   2 + 2 instead. */
static void test_no_lone_line_over_a_page(void **state)
{
    (void)state;
    pdf_config cfg = {0};
    cfg.date = -1;
    pdf_doc *d = NULL;
    assert_int_equal(pdf_new(&cfg, &d, NULL), TZ_OK);
    pdf_style st = {PDF_SANS, 10, 16, 0, PDF_LEFT, 0, {0, 0, 0}, 0};
    buf a = BUF_INIT, b = BUF_INIT;
    for (int i = 0; i < 47 * 41; i++)
        buf_puts(&a, "国");
    const char *marks[] = {"甲", "乙", "丙", "丁"};
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 47; i++)
            buf_puts(&b, marks[k]);
    assert_int_equal(pdf_text(d, &st, a.data), TZ_OK);
    assert_int_equal(pdf_text(d, &st, b.data), TZ_OK);
    char path[128];
    snprintf(path, sizeof path, "%s/lone.pdf", dir);
    assert_int_equal(pdf_save(d, path), TZ_OK);
    pdf_free(d);
    char *p1 = page_text(path, 1), *p2 = page_text(path, 2);
    assert_non_null(strstr(p1, "乙"));
    assert_null(strstr(p1, "丙"));
    assert_non_null(strstr(p2, "丙"));
    assert_non_null(strstr(p2, "丁"));
    free(p1);
    free(p2);
    buf_release(&a);
    buf_release(&b);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return getenv("TZ_KEEP") ? 0 : system(cmd) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_widths_match_freetype),
        cmocka_unit_test(test_document),
        cmocka_unit_test(test_overlong_cell),
        cmocka_unit_test(test_widow_pulled_up),
        cmocka_unit_test(test_no_lone_line_over_a_page),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
