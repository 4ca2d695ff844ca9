/* base/buf.h — a growable byte buffer (text or binary; may hold NUL bytes).
   May call: base/mem. */
#ifndef TZ_BUF_H
#define TZ_BUF_H
#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
    char *data;     /* always NUL-terminated after a successful call, when not NULL */
    size_t len;
    size_t cap;
} buf;

#define BUF_INIT {NULL, 0, 0}

/* Each returns 0, or -1 when out of memory (the buffer is then unchanged). */
int buf_reserve(buf *b, size_t extra);
int buf_append(buf *b, const void *data, size_t n);
int buf_puts(buf *b, const char *s);
int buf_putc(buf *b, char c);
int buf_printf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int buf_vprintf(buf *b, const char *fmt, va_list ap);

void buf_clear(buf *b);            /* len = 0, keeps the memory */
void buf_release(buf *b);          /* frees the memory; b is BUF_INIT again */
char *buf_steal(buf *b);           /* the data, now the caller's (mem_free); b is reset */

#endif
