/* input/encoding.c — per-file encoding detection and conversion to UTF-8.
   Order (docs/ledgers.md): UTF-16 marks are refused; a UTF-8 BOM is stripped; strict
   UTF-8; else strict GB18030 through iconv; else an error.
   May call: base/mem, base/buf, iconv, libc. */
#include "input/encoding.h"
#include "base/mem.h"

#include <errno.h>
#include <stdint.h>
#include <iconv.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <strings.h>

const char *encoding_name(encoding_kind k)
{
    switch (k) {
    case ENCODING_UTF8: return "UTF-8";
    case ENCODING_UTF8_BOM: return "UTF-8-BOM";
    case ENCODING_GB18030: return "GB18030";
    }
    return "UTF-8";
}

int encoding_parse_name(const char *s, encoding_kind *out)
{
    if (strcasecmp(s, "UTF-8") == 0 || strcasecmp(s, "UTF8") == 0) {
        *out = ENCODING_UTF8;
        return 0;
    }
    if (strcasecmp(s, "GB18030") == 0 || strcasecmp(s, "GBK") == 0 ||
        strcasecmp(s, "GB2312") == 0 || strcasecmp(s, "CP936") == 0) {
        *out = ENCODING_GB18030;
        return 0;
    }
    return -1;
}

size_t encoding_utf8_valid_prefix(const char *str, size_t n)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < n) {
        /* ASCII fast path, sixteen or eight bytes at a time, to the first byte that is not */
#ifdef __SSE2__
        while (i + 16 <= n) {
            unsigned m = (unsigned)_mm_movemask_epi8(
                _mm_loadu_si128((const __m128i *)(const void *)(s + i)));
            if (m) {
                i += (size_t)__builtin_ctz(m);
                break;
            }
            i += 16;
        }
#endif
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & 0x8080808080808080ull) {
                while (!(s[i] & 0x80))
                    i++;
                break;
            }
            i += 8;
        }
        if (i >= n)
            break;
        /* runs of the common three-byte characters (lead E1-EC or EE-EF: any two
           continuation bytes follow; E0 and ED have narrower ranges, below) */
        while (i + 2 < n && s[i] >= 0xE1 && s[i] <= 0xEF && s[i] != 0xED &&
               (s[i + 1] & 0xC0) == 0x80 && (s[i + 2] & 0xC0) == 0x80)
            i += 3;
        if (i >= n)
            break;
        unsigned c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t need;
        unsigned lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            if (c == 0xE0) lo = 0xA0;          /* no overlongs */
            if (c == 0xED) hi = 0x9F;          /* no surrogates */
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;          /* nothing above U+10FFFF */
        } else {
            return i;
        }
        if (i + need >= n)
            return i;
        if (s[i + 1] < lo || s[i + 1] > hi)
            return i;
        for (size_t k = 2; k <= need; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                return i;
        i += need + 1;
    }
    return n;
}

/* UTF-16 without a mark still shows itself: ASCII text with a NUL in every other byte. */
static int looks_utf16(const unsigned char *s, size_t n)
{
    if (n >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF)))
        return 1;
    if (n >= 4 && ((s[1] == 0 && s[3] == 0 && s[0] && s[2]) ||
                   (s[0] == 0 && s[2] == 0 && s[1] && s[3])))
        return 1;
    /* A Chinese header has no NUL in its first bytes, but its commas, digits and line
       ends do: NULs all at odd offsets (LE) or all at even ones (BE), and not just one
       or two (a damaged text file). */
    size_t m = n < 4096 ? n : 4096, odd = 0, even = 0;
    for (size_t i = 0; i < m; i++)
        if (s[i] == 0)
            *(i & 1 ? &odd : &even) += 1;
    if ((odd >= 4 && even == 0 && odd * 64 >= m) || (even >= 4 && odd == 0 && even * 64 >= m))
        return 1;
    return 0;
}

/* Strict GB18030 → UTF-8. Returns ENCODING_OK, ENCODING_INVALID (*bad set), or
   ENCODING_NOMEM. */
static encoding_result from_gb18030(const char *data, size_t n, buf *conv, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == (iconv_t)-1)
        return ENCODING_INVALID;
    encoding_result r = ENCODING_OK;
    buf_clear(conv);
    /* Chinese text grows from 2 bytes to 3 in UTF-8; start with 1.5 × and grow. */
    size_t want = n + n / 2 + 16;
    if (buf_reserve(conv, want) != 0) {
        r = ENCODING_NOMEM;
        goto out;
    }
    char *in = (char *)data;
    size_t in_left = n;
    while (in_left > 0) {
        char *o = conv->data + conv->len;
        size_t o_left = conv->cap - conv->len - 1;
        size_t rc = iconv(cd, &in, &in_left, &o, &o_left);
        conv->len = (size_t)(o - conv->data);
        if (rc != (size_t)-1)
            break;
        if (errno == E2BIG) {
            if (buf_reserve(conv, conv->cap) != 0) {
                r = ENCODING_NOMEM;
                goto out;
            }
            continue;
        }
        /* EILSEQ (not GB18030) or EINVAL (cut off at the end) */
        *bad = (size_t)(in - data);
        r = ENCODING_INVALID;
        goto out;
    }
    conv->data[conv->len] = '\0';
out:
    iconv_close(cd);
    return r;
}

/* Whether GB18030 reads all of s (one line). */
static int gb18030_reads(iconv_t cd, const char *s, size_t n)
{
    char out[1024];
    char *in = (char *)s;
    size_t in_left = n;
    iconv(cd, NULL, NULL, NULL, NULL);
    while (in_left > 0) {
        char *o = out;
        size_t o_left = sizeof out;
        if (iconv(cd, &in, &in_left, &o, &o_left) != (size_t)-1)
            return 1;
        if (errno != E2BIG)
            return 0;
    }
    return 1;
}

/* A line that looks like UTF-8: valid, with two three-byte characters or more. */
static int looks_utf8(const char *s, size_t n)
{
    if (encoding_utf8_valid_prefix(s, n) != n)
        return 0;
    size_t three = 0;
    for (size_t i = 0; i < n; i++)
        three += ((unsigned char)s[i] & 0xF0) == 0xE0;
    return three >= 2;
}

int encoding_survey_lines(const char *data, size_t n, int with_gb18030, encoding_survey *s)
{
    memset(s, 0, sizeof *s);
    s->main = ENCODING_GB18030;
    iconv_t cd = with_gb18030 ? iconv_open("UTF-8", "GB18030") : (iconv_t)-1;
    int failed = with_gb18030 && cd == (iconv_t)-1;
    size_t i = n >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
    /* two passes: count, then (knowing the main encoding) list the other lines */
    uint8_t *kinds = NULL;       /* per line: 0 ASCII, 1 UTF-8, 2 GB18030, 3 neither */
    size_t n_lines = 0, cap = 0;
    for (size_t start = i; start < n;) {
        const char *nl = memchr(data + start, '\n', n - start);
        size_t end = nl ? (size_t)(nl - data) : n;
        int high = 0;
        for (size_t k = start; k < end && !high; k++)
            high = (unsigned char)data[k] >= 0x80;
        uint8_t kind = 0;
        if (high) {
            if (looks_utf8(data + start, end - start))
                kind = 1, s->lines_utf8++;
            else if (cd == (iconv_t)-1 || gb18030_reads(cd, data + start, end - start))
                kind = 2, s->lines_gb18030++;
            else
                kind = 3, s->lines_neither++;
        }
        if (mem_grow(&kinds, &cap, n_lines + 1, 1) != 0) {
            failed = 1;
            break;
        }
        kinds[n_lines++] = kind;
        start = end + 1;
    }
    s->main = s->lines_utf8 > s->lines_gb18030 ? ENCODING_UTF8 : ENCODING_GB18030;
    uint8_t main = s->main == ENCODING_UTF8 ? 1 : 2;
    for (size_t l = 0; l < n_lines; l++) {
        if (kinds[l] == 0 || kinds[l] == main)
            continue;
        if (s->n_other == 0)
            s->other_kind = kinds[l] == 1 ? ENCODING_UTF8 : kinds[l] == 2 ? ENCODING_GB18030 : s->main;
        if (s->n_other < ENCODING_SURVEY_SHOWN)
            s->other[s->n_other] = (uint32_t)(l + 1);
        s->n_other++;
    }
    mem_free(kinds);
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    return failed ? -1 : 0;
}

encoding_result encoding_decode(const char *data, size_t n, const encoding_kind *forced,
                                buf *conv, const char **text, size_t *len,
                                encoding_kind *kind, size_t *bad_offset)
{
    const unsigned char *u = (const unsigned char *)data;
    *bad_offset = 0;
    if (looks_utf16(u, n))
        return ENCODING_UTF16;
    int bom = n >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF;
    if (!forced || *forced != ENCODING_GB18030) {
        const char *t = data + (bom ? 3 : 0);
        size_t tn = n - (bom ? 3 : 0);
        size_t ok = encoding_utf8_valid_prefix(t, tn);
        if (ok == tn) {
            *text = t;
            *len = tn;
            *kind = bom ? ENCODING_UTF8_BOM : ENCODING_UTF8;
            return ENCODING_OK;
        }
        /* A BOM says UTF-8 as plainly as --encoding does: no second guess. */
        if (forced || bom) {
            *bad_offset = ok + (bom ? 3 : 0);
            return ENCODING_INVALID;
        }
    }
    size_t bad = 0;
    encoding_result r = from_gb18030(data, n, conv, &bad);
    if (r == ENCODING_OK) {
        *text = conv->data ? conv->data : "";
        *len = conv->len;
        *kind = ENCODING_GB18030;
        return r;
    }
    if (r == ENCODING_INVALID) {
        /* Neither: point at the first byte that the encoding of most lines cannot read
           (a GBK file with one row in UTF-8 fails in that row, not at the header). */
        encoding_survey sv;
        encoding_kind main = ENCODING_GB18030;
        if (!forced && encoding_survey_lines(data, n, 1, &sv) == 0)
            main = sv.main;
        *kind = main;
        *bad_offset = forced || main == ENCODING_GB18030 ? bad : encoding_utf8_valid_prefix(data, n);
    }
    return r;
}
