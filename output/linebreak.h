/* output/linebreak.h — breaks Chinese (and mixed Chinese/Latin) text into lines that fit a
   width, the way Chinese typesetting expects: a line may break between any two characters,
   except that closing punctuation (，。、；：？！）》” …) never starts a line, opening
   punctuation (（《“ …) never ends one, runs of Latin letters, digits and their joiners
   (12.5%, 2025-03-05, HPDF_Save) stay together, and —— / …… are not split. Spaces are break
   points and vanish at the ends of lines; "\n" forces a break.
   The widths come from a callback, so the module knows nothing of fonts or PDF.
   May call: base/mem, base/status. */
#ifndef TZ_LINEBREAK_H
#define TZ_LINEBREAK_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"

/* Width of one character (a Unicode code point), in the caller's unit. */
typedef double (*linebreak_width_fn)(void *ctx, uint32_t cp);

typedef struct linebreak_line {
    size_t start;    /* byte offset of the line's first character in the text */
    size_t len;      /* bytes, spaces at either end left out */
    double width;    /* sum of the widths of its characters */
} linebreak_line;

/* Breaks text[0..len) into lines no wider than max_width. A single character (or an
   unbreakable run longer than the line) that is wider than max_width is split per
   character, and a character wider than the line gets a line of its own, so the result
   always covers the whole text. Empty text gives one empty line. On TZ_OK *lines is an
   array of *n_lines lines (mem_free); TZ_NOMEM leaves nothing allocated. */
tz_status linebreak_lines(const char *text, size_t len, double max_width,
                          linebreak_width_fn width, void *ctx,
                          linebreak_line **lines, size_t *n_lines);

/* Options of linebreak_lines_ex. */
#define LINEBREAK_NAMES 1u   /* narrow table cells of names: where the line is full, break
                                after a character that ends a part of an organisation's
                                name (局 委 办 厅 院 所 部 处 科 室 站 队 组 会 社 中心 盟 旗
                                县 区 市 …, or a closing mark) when that keeps at least a third
                                of the line, and never leave one character alone on the last
                                line ("服务/队" becomes "服/务队" … "党支/部" → "党/支部") */

#define LINEBREAK_NO_ORPHAN 2u  /* a paragraph: its last line never holds one character
                                   alone (孤字): the break before it moves back one place */

/* linebreak_lines with options (LINEBREAK_*, or 0: the same as linebreak_lines). */
tz_status linebreak_lines_ex(const char *text, size_t len, double max_width,
                             linebreak_width_fn width, void *ctx, unsigned flags,
                             linebreak_line **lines, size_t *n_lines);

/* Decodes the UTF-8 character at s[i] (i < len). Sets *cp and returns its length in bytes
   (1–4). A malformed byte gives U+FFFD and length 1. */
size_t linebreak_utf8_next(const char *s, size_t len, size_t i, uint32_t *cp);

/* Classes used by the rules above, exposed for tests. */
int linebreak_is_closing(uint32_t cp);   /* may not start a line */
int linebreak_is_opening(uint32_t cp);   /* may not end a line */

#endif
