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
