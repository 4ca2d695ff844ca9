/* output/csvw.c — CSV tables for people and spreadsheets.
   May call: base/buf, base/num, libc. */
#include "output/csvw.h"
#include "base/num.h"

#include <errno.h>
#include <inttypes.h>
#include <string.h>

enum { FLUSH_AT = 1 << 20 };   /* bytes held before a table with a sink is written out */

static int check(csvw *w, int r)
{
    if (r != 0)
        w->failed = 1;
    return r;
}

int csvw_begin(csvw *w, int bom)
{
    w->out = (buf)BUF_INIT;
    w->cells_in_row = 0;
    w->failed = 0;
    w->sink = NULL;
    w->write_errno = 0;
    return check(w, bom ? buf_append(&w->out, "\xEF\xBB\xBF", 3) : buf_reserve(&w->out, 0));
}

int csvw_begin_file(csvw *w, FILE *fp, int bom)
{
    int r = csvw_begin(w, bom);
    w->sink = fp;
    return r;
}

int csvw_flush(csvw *w)
{
    if (!w->sink || w->out.len == 0 || w->write_errno)
        return w->write_errno ? -1 : 0;
    errno = 0;
    if (fwrite(w->out.data, 1, w->out.len, w->sink) != w->out.len) {
        w->write_errno = errno ? errno : EIO;
        w->failed = 1;
        return -1;
    }
    buf_clear(&w->out);
    return 0;
}

static int separator(csvw *w)
{
    if (w->cells_in_row++ == 0)
        return 0;
    return check(w, buf_putc(&w->out, ','));
}

int csvw_needs_guard(const char *s, size_t n)
{
    return n > 0 && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' ||
                     s[0] == '\t' || s[0] == '\r');
}

/* The bytes that make a cell quoted: , " CR LF. */
static const unsigned char QUOTED[256] = {[','] = 1, ['"'] = 1, ['\r'] = 1, ['\n'] = 1};

int csvw_text(csvw *w, const char *s, size_t n)
{
    if (separator(w) != 0)
        return -1;
    int guard = csvw_needs_guard(s, n);
    int quote = 0;
    for (size_t i = 0; i < n; i++)
        if (QUOTED[(unsigned char)s[i]]) {
            quote = 1;
            break;
        }
    buf *b = &w->out;
    int r = 0;
    if (quote)
        r |= buf_putc(b, '"');
    if (guard)
        r |= buf_putc(b, '\'');
    if (!quote) {
        r |= buf_append(b, s, n);
    } else {
        size_t start = 0;
        for (size_t i = 0; i < n; i++) {
            if (s[i] == '"') {
                r |= buf_append(b, s + start, i + 1 - start);
                r |= buf_putc(b, '"');
                start = i + 1;
            }
        }
        r |= buf_append(b, s + start, n - start);
        r |= buf_putc(b, '"');
    }
    return check(w, r ? -1 : 0);
}

int csvw_str(csvw *w, const char *s)
{
    return csvw_text(w, s ? s : "", s ? strlen(s) : 0);
}

int csvw_int(csvw *w, int64_t v)
{
    if (separator(w) != 0)
        return -1;
    return check(w, num_format_fixed(&w->out, v, 0));
}

int csvw_fraction(csvw *w, int64_t num, int64_t den, int places)
{
    int64_t q;
    if (den > 0 && num_ratio_scaled(num, den, places, &q) == 0)
        return csvw_fixed(w, q, places);
    return csvw_empty(w);
}

int csvw_fixed(csvw *w, int64_t scaled, int places)
{
    if (separator(w) != 0)
        return -1;
    return check(w, num_format_fixed(&w->out, scaled, places));
}

int csvw_fixed_signed(csvw *w, int64_t scaled, int places)
{
    if (separator(w) != 0)
        return -1;
    if (scaled > 0 && buf_putc(&w->out, '+') != 0)
        return check(w, -1);
    return check(w, num_format_fixed(&w->out, scaled, places));
}

int csvw_empty(csvw *w)
{
    return separator(w);
}

int csvw_end_row(csvw *w)
{
    w->cells_in_row = 0;
    if (check(w, buf_append(&w->out, "\r\n", 2)) != 0)
        return -1;
    return w->sink && w->out.len >= FLUSH_AT ? csvw_flush(w) : 0;
}

int csvw_header(csvw *w, const char *const *names)
{
    for (; *names; names++)
        if (csvw_str(w, *names) != 0)
            return -1;
    return csvw_end_row(w);
}

void csvw_release(csvw *w)
{
    buf_release(&w->out);
}
