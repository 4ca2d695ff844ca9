/* input/problem.c — the list of validation problems of one read.
   May call: base/mem, base/buf, libc. */
#include "input/problem.h"
#include "base/buf.h"
#include "base/mem.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int problem_add(problem_list *l, const char *file, uint32_t line, uint32_t column,
                problem_severity sev, const char *code, const char *value, size_t value_len,
                const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = problem_vadd(l, file, line, column, sev, code, value, value_len, fmt, ap);
    va_end(ap);
    return r;
}

static int digit(char c)
{
    return c >= '0' && c <= '9';
}

/* d[a..a+len) are digits of a plausible date: YYYYMMDD (len 8, 1900..2099) or YYMMDD. */
static int plausible_birth(const char *d, int len)
{
    int k = 0, y = 0;
    if (len == 8) {
        y = (d[0] - '0') * 1000 + (d[1] - '0') * 100 + (d[2] - '0') * 10 + (d[3] - '0');
        if (y < 1900 || y > 2099)
            return 0;
        k = 4;
    } else {
        k = 2;
    }
    int m = (d[k] - '0') * 10 + (d[k + 1] - '0'), day = (d[k + 2] - '0') * 10 + (d[k + 3] - '0');
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* Personal data that landed where it does not belong (a phone number in a date column,
   an ID number pushed past the header by a stray comma) must not reach a message or a
   value shown to anyone. In place: a run of digits (single '-' or ' ' between digits
   allowed) shaped like a mobile number (11 digits 1[3-9]..., or 86 and those 11) keeps
   its first 3 and last 4 digits; one shaped like a resident ID number (17 digits and a
   digit or X, or 15 digits, with a plausible birth date) its first 6 and last 4. The
   rest become '*', as field_mask_phone and field_mask_idcard do. Plain runs first, then
   runs with separators (so that "第 3 行 13812345678" is caught by the first pass). */
static void scrub_pass(char *s, size_t n, int separators)
{
    for (size_t i = 0; i < n;) {
        if (!digit(s[i]) || (i > 0 && digit(s[i - 1]))) {
            i++;
            continue;
        }
        size_t pos[20];
        char d[20];
        int count = 0;
        size_t j = i;
        while (j < n && count < 20) {
            if (digit(s[j]) || ((s[j] == 'X' || s[j] == 'x') && count == 17)) {
                d[count] = s[j];
                pos[count++] = j++;
                if (d[count - 1] == 'X' || d[count - 1] == 'x')
                    break;
            } else if (separators && (s[j] == '-' || s[j] == ' ') && j + 1 < n && digit(s[j + 1]) &&
                       count > 0) {
                j++;
            } else {
                break;
            }
        }
        int long_run = count == 20 || (j < n && digit(s[j]));
        int from = 0, to = 0;      /* digit indices [from, to) to mask */
        if (!long_run) {
            if (count == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9') {
                from = 3; to = 7;
            } else if (count == 13 && d[0] == '8' && d[1] == '6' && d[2] == '1' && d[3] >= '3' &&
                       d[3] <= '9') {
                from = 5; to = 9;
            } else if (count == 18 && plausible_birth(d + 6, 8)) {
                from = 6; to = 14;
            } else if (count == 15 && d[14] != 'X' && d[14] != 'x' && plausible_birth(d + 6, 6)) {
                from = 6; to = 11;
            }
        }
        for (int k = from; k < to; k++)
            s[pos[k]] = '*';
        while (j < n && (digit(s[j]) || s[j] == 'X' || s[j] == 'x'))
            j++;
        i = j > i ? j : i + 1;
    }
}

static void scrub_personal(char *s, size_t n)
{
    scrub_pass(s, n, 0);
    scrub_pass(s, n, 1);
}

int problem_vadd(problem_list *l, const char *file, uint32_t line, uint32_t column,
                 problem_severity sev, const char *code, const char *value, size_t value_len,
                 const char *fmt, va_list ap)
{
    if (mem_grow(&l->items, &l->cap, l->count + 1, sizeof *l->items) != 0)
        return -1;
    problem *p = &l->items[l->count];
    memset(p, 0, sizeof *p);
    buf msg = BUF_INIT;
    int r = buf_vprintf(&msg, fmt, ap);
    p->file = mem_strdup(file ? file : "");
    p->value = mem_strndup(value ? value : "", value ? value_len : 0);
    if (r != 0 || !msg.data || !p->file || !p->value) {
        buf_release(&msg);
        mem_free(p->file);
        mem_free(p->value);
        return -1;
    }
    p->message = buf_steal(&msg);
    scrub_personal(p->message, strlen(p->message));
    scrub_personal(p->value, value ? value_len : 0);
    p->line = line;
    p->column = column;
    p->severity = sev;
    p->code = code;
    l->count++;
    switch (sev) {
    case SEV_ERROR: l->errors++; break;
    case SEV_WARNING: l->warnings++; break;
    case SEV_NOTICE: l->notices++; break;
    }
    return 0;
}

/* qsort has no context argument: the file order lives here during one sort (per
   thread, so that two ledgers can be loaded at once). */
static _Thread_local const char *const *sort_order;
static _Thread_local size_t sort_n;

static size_t file_rank(const char *file)
{
    for (size_t i = 0; i < sort_n; i++)
        if (strcmp(sort_order[i], file) == 0)
            return i;
    return sort_n;
}

static int compare(const void *a, const void *b)
{
    const problem *x = a, *y = b;
    size_t rx = file_rank(x->file), ry = file_rank(y->file);
    if (rx != ry)
        return rx < ry ? -1 : 1;
    return problem_compare(x, y);
}

int problem_compare(const problem *x, const problem *y)
{
    int c = strcmp(x->file, y->file);
    if (c)
        return c;
    if (x->line != y->line)
        return x->line < y->line ? -1 : 1;
    if (x->column != y->column)
        return x->column < y->column ? -1 : 1;
    c = strcmp(x->code, y->code);
    if (c)
        return c;
    c = strcmp(x->value, y->value);
    if (c)
        return c;
    return strcmp(x->message, y->message);
}

void problem_sort(problem_list *l, const char *const *file_order, size_t n_files)
{
    if (l->count < 2)
        return;
    sort_order = file_order;
    sort_n = n_files;
    qsort(l->items, l->count, sizeof *l->items, compare);
    sort_order = NULL;
    sort_n = 0;
}

const char *problem_severity_name(problem_severity s)
{
    switch (s) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_NOTICE: return "notice";
    }
    return "error";
}

void problem_list_release(problem_list *l)
{
    for (size_t i = 0; i < l->count; i++) {
        mem_free(l->items[i].file);
        mem_free(l->items[i].message);
        mem_free(l->items[i].value);
    }
    mem_free(l->items);
    memset(l, 0, sizeof *l);
}
