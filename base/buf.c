/* base/buf.c — growable byte buffer.
   May call: base/mem, libc. */
#include "base/buf.h"
#include "base/mem.h"

#include <stdio.h>
#include <string.h>

int buf_reserve(buf *b, size_t extra)
{
    if (extra > (size_t)-1 - b->len - 1)
        return -1;
    if (mem_grow(&b->data, &b->cap, b->len + extra + 1, 1) != 0)
        return -1;
    b->data[b->len] = '\0';   /* buf.h: NUL-terminated whenever data is not NULL */
    return 0;
}

int buf_append(buf *b, const void *data, size_t n)
{
    if (buf_reserve(b, n) != 0)
        return -1;
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

int buf_puts(buf *b, const char *s)
{
    return buf_append(b, s, strlen(s));
}

int buf_putc(buf *b, char c)
{
    return buf_append(b, &c, 1);
}

int buf_vprintf(buf *b, const char *fmt, va_list ap)
{
    /* One formatting when the text fits in the room left (the common case), a second
       one into a grown buffer when it does not. */
    va_list ap2;
    va_copy(ap2, ap);
    size_t room = b->data ? b->cap - b->len : 0;
    int n = vsnprintf(room ? b->data + b->len : NULL, room, fmt, ap2);
    va_end(ap2);
    if (n < 0) {
        if (room)
            b->data[b->len] = '\0';
        return -1;
    }
    if ((size_t)n >= room) {
        if (room)
            b->data[b->len] = '\0';
        if (buf_reserve(b, (size_t)n) != 0)
            return -1;
        if (vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap) != n)
            return -1;
    }
    b->len += (size_t)n;
    return 0;
}

int buf_printf(buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = buf_vprintf(b, fmt, ap);
    va_end(ap);
    return r;
}

void buf_clear(buf *b)
{
    b->len = 0;
    if (b->data)
        b->data[0] = '\0';
}

void buf_release(buf *b)
{
    mem_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

char *buf_steal(buf *b)
{
    char *d = b->data;
    if (!d)
        d = mem_strndup("", 0);
    b->data = NULL;
    b->len = b->cap = 0;
    return d;
}
