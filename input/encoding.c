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
        /* Neither: point at the first byte that is not UTF-8 unless GB18030 was forced. */
        *bad_offset = forced ? bad : encoding_utf8_valid_prefix(data, n);
    }
    return r;
}
