/* input/problem.h — the validation problems of one read: where, how bad, what to fix.
   Every problem is kept (never only the first). Messages are in Chinese, for clerks.
   May call: base/mem, base/buf. */
#ifndef TZ_PROBLEM_H
#define TZ_PROBLEM_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

typedef enum problem_severity {
    SEV_ERROR,     /* the row cannot be used */
    SEV_WARNING,   /* the row is used but looks wrong */
    SEV_NOTICE     /* for information (e.g. unknown columns ignored) */
} problem_severity;

typedef struct problem {
    char *file;          /* file name as in the ledger folder, e.g. "participation.csv" */
    uint32_t line;       /* physical line where the record starts, 1-based; 0 = whole file */
    uint32_t column;     /* 1-based column of the field; 0 = whole row */
    problem_severity severity;
    const char *code;    /* stable code, e.g. "number.invalid" (static string) */
    char *message;       /* Chinese, with what to fix */
    char *value;         /* the offending value (personal data already masked), or "" */
} problem;

typedef struct problem_list {
    problem *items;
    size_t count, cap;
    size_t errors, warnings, notices;
} problem_list;

/* Adds a problem; the strings are copied. The message is printf-formatted.
   Returns 0, or -1 when out of memory. */
int problem_add(problem_list *l, const char *file, uint32_t line, uint32_t column,
                problem_severity sev, const char *code, const char *value, size_t value_len,
                const char *fmt, ...) __attribute__((format(printf, 9, 10)));

/* The same with a va_list. */
int problem_vadd(problem_list *l, const char *file, uint32_t line, uint32_t column,
                 problem_severity sev, const char *code, const char *value, size_t value_len,
                 const char *fmt, va_list ap) __attribute__((format(printf, 9, 0)));

/* Sorts by file order given (index in files[], unknown names last), line, column, code. */
void problem_sort(problem_list *l, const char *const *file_order, size_t n_files);

/* The order of validation.csv: file name in byte order, line, column, code, value, message.
   Negative, zero or positive, as strcmp. */
int problem_compare(const problem *x, const problem *y);

const char *problem_severity_name(problem_severity s);   /* "error", "warning", "notice" */

void problem_list_release(problem_list *l);

#endif
