/* input/encoding.h — the text encoding of one ledger file: detection (UTF-8 with or
   without BOM, else GB18030), forcing, and conversion to UTF-8.
   May call: base/mem, base/buf, iconv (libc). */
#ifndef TZ_ENCODING_H
#define TZ_ENCODING_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"

typedef enum encoding_kind {
    ENCODING_UTF8,        /* "UTF-8" */
    ENCODING_UTF8_BOM,    /* "UTF-8-BOM": UTF-8 that began with EF BB BF (stripped) */
    ENCODING_GB18030      /* "GB18030" (covers GBK and GB2312) */
} encoding_kind;

typedef enum encoding_result {
    ENCODING_OK,
    ENCODING_UTF16,       /* starts FF FE / FE FF, or looks like UTF-16: "Unicode text" */
    ENCODING_INVALID,     /* neither valid UTF-8 nor valid GB18030 (or not the forced one) */
    ENCODING_NOMEM
} encoding_result;

/* The name used in ledger_file.encoding: "UTF-8", "UTF-8-BOM", "GB18030". */
const char *encoding_name(encoding_kind k);

/* Parses a --encoding value: "UTF-8"/"UTF8" → ENCODING_UTF8, "GB18030"/"GBK"/"GB2312"
   → ENCODING_GB18030 (case-insensitive). Returns 0, or -1 when unknown. */
int encoding_parse_name(const char *s, encoding_kind *out);

/* Length of the longest prefix of s that is valid UTF-8 (strict: no overlongs, no
   surrogates, nothing above U+10FFFF). Equals n when all of s is valid. */
size_t encoding_utf8_valid_prefix(const char *s, size_t n);

/* How the lines of a file look, for a file that mixes encodings (one row pasted from
   another export) or that neither encoding reads. A line counts only when it has bytes
   above 0x7F; it looks like UTF-8 when it is valid UTF-8 with at least two three-byte
   characters (Chinese in UTF-8; a GBK line is seldom valid UTF-8 by chance), else like
   GB18030 when GB18030 reads it, else neither. */
#define ENCODING_SURVEY_SHOWN 5
typedef struct encoding_survey {
    encoding_kind main;           /* ENCODING_UTF8 when more lines look like it, else GB18030 */
    size_t lines_utf8, lines_gb18030, lines_neither;
    size_t n_other;               /* lines that look like neither main nor ASCII */
    uint32_t other[ENCODING_SURVEY_SHOWN];   /* the first of them (1-based line numbers) */
    encoding_kind other_kind;     /* what the first of them looks like (main when neither) */
} encoding_survey;

/* Surveys the lines of data (a UTF-8 BOM is skipped). with_gb18030 0 skips the GB18030
   test of each line (every line without UTF-8's look then counts as GB18030). Returns 0,
   or -1 when iconv cannot be opened (the survey is then by UTF-8 alone). */
int encoding_survey_lines(const char *data, size_t n, int with_gb18030, encoding_survey *s);

/* Decodes a whole file. forced is NULL to detect (strip a UTF-8 BOM; strict UTF-8; else
   strict GB18030), else the encoding to use (a BOM is still stripped for UTF-8).
   On ENCODING_OK, OUT: *text and *len are the UTF-8 text — either inside data (no copy) or in
   conv (the caller releases conv either way) — and *kind the encoding used.
   On ENCODING_INVALID, OUT: *bad_offset is the byte offset in data of the first byte that
   could not be decoded (for the line number in the message) in *kind: the forced
   encoding, else the one most of the lines look like (encoding_survey_lines). */
encoding_result encoding_decode(const char *data, size_t n, const encoding_kind *forced,
                                buf *conv, const char **text, size_t *len,
                                encoding_kind *kind, size_t *bad_offset);

#endif
