/* tests/unit/test_idindex.c — input/idindex: when it is usable, and that it answers as
   the map does for every probe (present, absent, wrong shape). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "base/hmap.h"
#include "input/idindex_int.h"

static char keys[4096][24];

/* A map of the given keys (values 0, 1, ...; a repeated key keeps its first value). */
static void fill(hmap *m, const char *const *k, size_t n)
{
    for (size_t i = 0; i < n; i++)
        assert_true(hmap_put(m, k[i], strlen(k[i]), (uint32_t)i, NULL) >= 0);
}

/* Every probe answered by x as by m. */
static void agree(const idindex *x, const hmap *m, const char *const *probes, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        uint32_t want;
        int32_t got = -7;
        int in_map = hmap_get(m, probes[i], strlen(probes[i]), &want);
        int in_index = idindex_get(x, probes[i], strlen(probes[i]), &got);
        assert_int_equal(in_index, in_map);
        if (in_map)
            assert_int_equal(got, (int32_t)want);
    }
}

static void test_shapes(void **state)
{
    (void)state;
    struct { const char *const k[4]; size_t n; int usable; } cases[] = {
        {{"ZY00001", "ZY00002", "ZY00917"}, 3, 1},
        {{"HD2025-00001", "HD2025-00042"}, 2, 1},    /* the prefix holds digits, not at its end */
        {{"00791", "00001", "03345"}, 3, 1},          /* no prefix */
        {{"00791", "00001", "12345"}, 3, 0},          /* 12345 ≥ 4 × 3 + 4096 */
        {{"ZY00001", "ZY0002"}, 2, 0},                /* widths differ */
        {{"ZY00001", "ZX00002"}, 2, 0},               /* prefixes differ */
        {{"ZY00001", "ZY00002A"}, 2, 0},              /* no number at the end */
        {{"ZY1", "ZY9999999"}, 2, 0},                 /* widths differ */
        {{"ZY9999999"}, 1, 0},                        /* the number far above the count */
        {{"ABCDEFGHIJKLMNOPQ1"}, 1, 0},               /* prefix over 16 bytes */
        {{"ZY0123456789"}, 1, 0},                     /* 10 digits */
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        hmap m = HMAP_INIT;
        idindex x;
        fill(&m, cases[c].k, cases[c].n);
        assert_int_equal(idindex_build(&x, &m), TZ_OK);
        assert_int_equal(x.usable, cases[c].usable);
        if (x.usable)
            agree(&x, &m, cases[c].k, cases[c].n);
        idindex_release(&x);
        hmap_release(&m);
    }
    hmap m = HMAP_INIT;
    idindex x;
    assert_int_equal(idindex_build(&x, &m), TZ_OK);     /* empty map */
    assert_int_equal(x.usable, 0);
}

/* 3,000 ids with gaps and one repeated, probed with present, absent, shorter, longer,
   other prefixes and non-digits. */
static void test_same_answers_as_the_map(void **state)
{
    (void)state;
    const char *k[3001];
    for (size_t i = 0; i < 3000; i++) {
        snprintf(keys[i], sizeof keys[i], "ZY%05zu", i * 3 + 1);
        k[i] = keys[i];
    }
    k[3000] = keys[17];                                 /* repeated: the first value stays */
    hmap m = HMAP_INIT;
    fill(&m, k, 3001);
    idindex x;
    assert_int_equal(idindex_build(&x, &m), TZ_OK);
    assert_true(x.usable);
    static char probe[1100][24];
    const char *p[1100];
    size_t n = 0;
    for (size_t i = 0; i < 1000; i++, n++) {
        snprintf(probe[n], sizeof probe[n], "ZY%05zu", i * 7);   /* some there, some not */
        p[n] = probe[n];
    }
    static const char *const odd[] = {"ZY0001", "ZY000001", "ZX00001", "zy00001", "ZY0000a",
                                      "ZY-0001", "", "Z", "ZY", "ZY99999", "00001", "ZY00004 "};
    for (size_t i = 0; i < sizeof odd / sizeof *odd; i++)
        p[n++] = odd[i];
    agree(&x, &m, p, n);
    agree(&x, &m, k, 3001);
    idindex_release(&x);
    hmap_release(&m);
}

/* Built id by id (idindex_put), as a file is read: the same answers as a map filled
   with the same ids in the same order, the first row of a repeated id reported as the
   map reports it, until an id that does not fit, which changes nothing. Random ids of
   one shape with repeats and gaps, then ids of another shape and far numbers. */
static void test_put_as_the_map(void **state)
{
    (void)state;
    unsigned seed = 12345;
    for (int round = 0; round < 20; round++) {
        idindex x = IDINDEX_INIT;
        hmap m = HMAP_INIT;
        size_t n = 0;
        int stopped = 0;
        for (size_t i = 0; i < 4000 && !stopped; i++, n++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = seed >> 8;
            if (round % 2 && i == 1000 + (size_t)round * 50)
                snprintf(keys[n], sizeof keys[n], r % 2 ? "ZX%05u" : "ZY%04u", r % 1000);
            else if (round % 4 == 2 && i == 2000)
                snprintf(keys[n], sizeof keys[n], "ZY%05u", 99999u);     /* far above the count */
            else
                snprintf(keys[n], sizeof keys[n], "ZY%05u", r % 6000);   /* repeats and gaps */
            int32_t first = -7;
            int got = idindex_put(&x, keys[n], strlen(keys[n]), (int32_t)i, &first);
            if (got == -1) {
                stopped = 1;                 /* nothing changed: the map goes on without it */
                break;
            }
            uint32_t was;
            int want = hmap_put(&m, keys[n], strlen(keys[n]), (uint32_t)i, &was);
            assert_int_equal(got, want);
            if (want == 0)
                assert_int_equal(first, (int32_t)was);
        }
        assert_int_equal(stopped, round % 2 || round % 4 == 2);
        assert_int_equal(x.count, m.count);
        x.usable = 1;
        const char *k[4001];
        for (size_t i = 0; i < n; i++)
            k[i] = keys[i];
        static const char *const odd[] = {"ZY0001", "ZY000001", "ZX00001", "ZY99999", "ZY05999", "", "ZY"};
        agree(&x, &m, k, n);
        agree(&x, &m, odd, sizeof odd / sizeof *odd);
        idindex_release(&x);
        hmap_release(&m);
    }
    idindex x = IDINDEX_INIT;
    int32_t first;
    assert_int_equal(idindex_put(&x, "ABC", 3, 0, &first), -1);          /* no number */
    assert_int_equal(idindex_put(&x, "ZY0123456789", 12, 0, &first), -1); /* 10 digits */
    assert_int_equal(x.count, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_same_answers_as_the_map),
        cmocka_unit_test(test_put_as_the_map),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
