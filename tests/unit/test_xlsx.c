/* tests/unit/test_xlsx.c — output/xlsx on CSV tables written here by hand: the workbook is
   opened with a small reader of its zip (the central directory, zlib's inflate) and its
   sheet XML searched for the cells the contract promises: ids as text with leading zeros,
   the guard apostrophe gone from text a spreadsheet would take for a formula, numbers as
   numbers, empty cells absent, a 合计 row outside the filter, a text longer than a cell
   holds cut with where the whole text is, a literal _xHHHH_ escaped; a table not as
   tables_write writes it refused; every allocation failure an error, never a crash. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "base/buf.h"
#include "base/mem.h"
#include "output/xlsx.h"

/* ---- reading the workbook back ---- */

static uint32_t le16(const unsigned char *p) { return p[0] | (uint32_t)p[1] << 8; }
static uint32_t le32(const unsigned char *p) { return le16(p) | le16(p + 2) << 16; }

/* The part `name` of the zip file at path, inflated, NUL-terminated (free it); NULL when
   absent. */
static char *zip_part(const char *path, const char *name)
{
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    fseek(fp, 0, SEEK_END);
    long size = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    unsigned char *z = malloc((size_t)size);
    assert_non_null(z);
    assert_int_equal(fread(z, 1, (size_t)size, fp), (size_t)size);
    fclose(fp);
    long eocd = size - 22;
    while (eocd >= 0 && le32(z + eocd) != 0x06054b50)
        eocd--;
    assert_true(eocd >= 0);
    const unsigned char *e = z + le32(z + eocd + 16);
    char *out = NULL;
    for (uint32_t i = 0; i < le16(z + eocd + 10) && !out; i++) {
        assert_int_equal(le32(e), 0x02014b50);
        uint32_t method = le16(e + 10), csize = le32(e + 20), usize = le32(e + 24);
        uint32_t nlen = le16(e + 28), xlen = le16(e + 30), clen = le16(e + 32);
        const unsigned char *local = z + le32(e + 42);
        if (nlen == strlen(name) && memcmp(e + 46, name, nlen) == 0) {
            const unsigned char *data = local + 30 + le16(local + 26) + le16(local + 28);
            out = malloc(usize + 1);
            assert_non_null(out);
            if (method == 0) {
                memcpy(out, data, usize);
            } else {
                assert_int_equal(method, 8);
                z_stream s = {0};
                assert_int_equal(inflateInit2(&s, -15), Z_OK);
                s.next_in = (unsigned char *)data;
                s.avail_in = csize;
                s.next_out = (unsigned char *)out;
                s.avail_out = usize;
                assert_int_equal(inflate(&s, Z_FINISH), Z_STREAM_END);
                inflateEnd(&s);
            }
            out[usize] = '\0';
        }
        e += 46 + nlen + xlen + clen;
    }
    free(z);
    return out;
}

/* ---- a folder of tables ---- */

static void put_file(const char *dir, const char *name, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void remove_all(const char *dir)
{
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

static ledger no_ledger;
static run_options no_options;

static tz_status write_book(const char *dir)
{
    run_context rc;
    memset(&rc, 0, sizeof rc);
    no_ledger.year = 2025;             /* no activity, no demand: no data date */
    rc.opt = &no_options;
    rc.ledger = &no_ledger;
    return xlsx_write(&rc, dir);
}

static void make_dir(char *dir, size_t size)
{
    snprintf(dir, size, "/tmp/tz-xlsx-XXXXXX");
    assert_non_null(mkdtemp(dir));
    char sub[600];
    snprintf(sub, sizeof sub, "%s/tables", dir);
    assert_int_equal(mkdir(sub, 0777), 0);
}

static const char UNITS[] =
    "\xEF\xBB\xBF"
    "unit_id,unit_name,hours,bonus_points,remark\r\n"
    "00017,'=1+1,12.5,3.00,_x0041_\r\n"
    "00018,\"名称,带逗号\"\"引号\"\"\",0.0,,'x\r\n"
    "合计,,12.5,3.00,\r\n";

static void test_cells(void **state)
{
    (void)state;
    char dir[64], path[600];
    make_dir(dir, sizeof dir);
    put_file(dir, "tables/units.csv", UNITS);
    /* validation.csv: a message longer than a cell holds */
    buf v = BUF_INIT;
    assert_int_equal(buf_puts(&v, "file,line,column,severity,code,message,value\r\n"
                                  "units.csv,007,2,error,unit.id,"), 0);
    for (int i = 0; i < 40000; i++)
        assert_int_equal(buf_putc(&v, 'a'), 0);
    assert_int_equal(buf_puts(&v, ",'-5\r\n"), 0);
    put_file(dir, "validation.csv", v.data);
    buf_release(&v);

    assert_int_equal(write_book(dir), TZ_OK);
    snprintf(path, sizeof path, "%s/" XLSX_NAME, dir);

    char *book = zip_part(path, "xl/workbook.xml");
    assert_non_null(book);
    /* only the tables present, in TABLES' order */
    assert_non_null(strstr(book, "<sheet name=\"各单位\" sheetId=\"1\""));
    assert_non_null(strstr(book, "<sheet name=\"数据问题\" sheetId=\"2\""));
    assert_null(strstr(book, "汇总"));
    free(book);

    char *units = zip_part(path, "xl/worksheets/sheet1.xml");
    assert_non_null(units);
    assert_null(strstr(units, "<f>"));
    /* the Chinese names over the keys; a column the description lacks keeps its key */
    assert_non_null(strstr(units, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>单位编号</t>"));
    assert_non_null(strstr(units, "<c r=\"D1\" s=\"1\" t=\"inlineStr\"><is><t>考核加分</t>"));
    assert_non_null(strstr(units, "<c r=\"E1\" s=\"1\" t=\"inlineStr\"><is><t>remark</t>"));
    assert_non_null(strstr(units, "<c r=\"A2\" s=\"2\" t=\"inlineStr\"><is><t>unit_id</t>"));
    /* the id as text; the guard taken off; numbers; an empty cell absent */
    assert_non_null(strstr(units, "<c r=\"A3\" s=\"3\" t=\"inlineStr\"><is><t>00017</t>"));
    assert_non_null(strstr(units, "<c r=\"B3\" t=\"inlineStr\"><is><t>=1+1</t>"));
    assert_non_null(strstr(units, "<c r=\"C3\" s=\"4\"><v>12.5</v>"));
    assert_non_null(strstr(units, "<c r=\"D3\" s=\"5\"><v>3</v>"));
    assert_non_null(strstr(units, "<c r=\"E3\" t=\"inlineStr\"><is><t>_x005F_x0041_</t>"));
    assert_non_null(strstr(units, "<t>名称,带逗号\"引号\"</t>"));
    assert_non_null(strstr(units, "<c r=\"C4\" s=\"4\"><v>0</v>"));
    assert_null(strstr(units, "r=\"D4\""));
    /* "'x" is not a guard: kept as it is */
    assert_non_null(strstr(units, "<c r=\"E4\" t=\"inlineStr\"><is><t>'x</t>"));
    /* the 合计 row: bold styles of its own, outside the filter */
    assert_non_null(strstr(units, "<c r=\"A5\" s=\"6\" t=\"inlineStr\"><is><t>合计</t>"));
    assert_non_null(strstr(units, "<autoFilter ref=\"A2:E4\"/>"));
    assert_non_null(strstr(units, "<pane ySplit=\"2\" topLeftCell=\"A3\" activePane=\"bottomLeft\" state=\"frozen\"/>"));
    assert_non_null(strstr(units, "<sheetPr><pageSetUpPr fitToPage=\"1\"/></sheetPr>"));
    assert_non_null(strstr(units, "<pageSetup paperSize=\"9\" fitToHeight=\"0\" orientation=\"landscape\"/>"));
    free(units);

    char *styles = zip_part(path, "xl/styles.xml");
    assert_non_null(styles);
    assert_non_null(strstr(styles, "formatCode=\"0.0\""));
    assert_non_null(strstr(styles, "formatCode=\"0.00\"") || strstr(styles, "numFmtId=\"2\""));
    free(styles);

    char *problems = zip_part(path, "xl/worksheets/sheet2.xml");
    assert_non_null(problems);
    /* 32767 characters: 32745 of the message, then 22 saying where the rest is */
    const char *cut = strstr(problems, "……（全文见 validation.csv）</t>");
    assert_non_null(cut);
    size_t run = 0;
    while (cut - run > problems && cut[-(long)run - 1] == 'a')
        run++;
    assert_int_equal(run, 32745);
    assert_non_null(strstr(problems, "<t>-5</t>"));          /* text, the guard taken off */
    assert_non_null(strstr(problems, "<c r=\"B3\" t=\"inlineStr\"><is><t>007</t>"));  /* not 7 */
    const char *c3 = strstr(problems, "<c r=\"C3\" s=\"");  /* a number, whatever its style's index */
    assert_non_null(c3);
    assert_true(strncmp(strchr(c3 + 14, '"'), "\"><v>2</v></c>", 14) == 0);
    free(problems);

    char *core = zip_part(path, "docProps/core.xml");
    assert_non_null(core);      /* no data date: the first second of 1970, never the clock */
    assert_non_null(strstr(core, "<dcterms:created xsi:type=\"dcterms:W3CDTF\">1970-01-01T00:00:01Z<"));
    free(core);
    remove_all(dir);
}

static void test_same_bytes(void **state)
{
    (void)state;
    char a[64], b[64], pa[600];
    make_dir(a, sizeof a);
    make_dir(b, sizeof b);
    put_file(a, "tables/units.csv", UNITS);
    put_file(b, "tables/units.csv", UNITS);
    assert_int_equal(write_book(a), TZ_OK);
    sleep(1);                   /* a clock that moved on changes nothing */
    assert_int_equal(write_book(b), TZ_OK);
    snprintf(pa, sizeof pa, "cmp -s %s/" XLSX_NAME " %s/" XLSX_NAME, a, b);
    assert_int_equal(system(pa), 0);
    remove_all(a);
    remove_all(b);
}

static void test_not_ours(void **state)
{
    (void)state;
    char dir[64];
    make_dir(dir, sizeof dir);
    /* a row with fewer cells than the header */
    put_file(dir, "tables/units.csv", "unit_id,unit_name\r\n00017\r\n");
    assert_int_equal(write_book(dir), TZ_SOFTWARE);
    put_file(dir, "tables/units.csv", "unit_id,unit_name\r\n\"00017,x\r\n");
    assert_int_equal(write_book(dir), TZ_SOFTWARE);          /* a quote never closed */
    put_file(dir, "tables/units.csv", "");
    assert_int_equal(write_book(dir), TZ_SOFTWARE);          /* no header */
    remove_all(dir);
}

static void test_out_of_memory(void **state)
{
    (void)state;
    char dir[64];
    make_dir(dir, sizeof dir);
    put_file(dir, "tables/units.csv", UNITS);
    put_file(dir, "validation.csv", "file,line\r\nunits.csv,7\r\n");
    tz_status st = TZ_NOMEM;
    long n;
    for (n = 1; n < 1000 && st != TZ_OK; n++) {
        mem_fail_after(n);
        st = write_book(dir);
        mem_fail_after(0);
        assert_true(st == TZ_OK || st == TZ_NOMEM);
    }
    assert_int_equal(st, TZ_OK);
    remove_all(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cells),
        cmocka_unit_test(test_same_bytes),
        cmocka_unit_test(test_not_ours),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
