/* input/csvread.h — CSV records out of UTF-8 text, with the physical line where each
   record starts. libcsv does the parsing (strict: a stray quote is an error, an
   unclosed quote at the end too); this module counts lines, caps field sizes, refuses
   NUL bytes, and goes on after a broken record so that every one is reported.
   May call: base/mem, base/buf, base/status, libcsv. */
#ifndef TZ_CSVREAD_H
#define TZ_CSVREAD_H
#include <stddef.h>
#include <stdint.h>
#include "base/status.h"

/* Longest field accepted: a stray quote must not swallow the rest of a file. */
#define CSVREAD_FIELD_MAX (64u * 1024u)
/* Most fields in one record. */
#define CSVREAD_FIELDS_MAX 1024u

typedef struct csvread_field {
    const char *s;        /* not NUL-terminated; may be "" */
    size_t n;
} csvread_field;

typedef enum csvread_error {
    CSVREAD_SYNTAX,            /* a quote where none may be (strict CSV) */
    CSVREAD_UNCLOSED_QUOTE,    /* a quoted field never closed before the end of the file */
    CSVREAD_FIELD_TOO_LONG,    /* a field over CSVREAD_FIELD_MAX bytes (mostly a stray quote) */
    CSVREAD_TOO_MANY_FIELDS,   /* over CSVREAD_FIELDS_MAX fields */
    CSVREAD_NUL                /* a NUL byte inside a field */
} csvread_error;

/* Called once per record (empty lines are not records; rows of only commas are).
   fields are valid during the call only. Return 0 to go on, any other tz_status to
   stop the read with it. */
typedef tz_status (*csvread_record_fn)(void *ctx, uint32_t line, const csvread_field *fields,
                                       size_t n_fields);
/* Called for each broken record (which is then skipped); line is where it starts.
   Return 0 to go on, any other tz_status to stop. */
typedef tz_status (*csvread_error_fn)(void *ctx, uint32_t line, csvread_error error);

/* Reads all of text. Returns TZ_OK, TZ_NOMEM, or what a callback stopped with.
   Lines end with LF, CRLF, or a CR alone (old Mac exports). */
tz_status csvread_parse(const char *text, size_t len, csvread_record_fn on_record,
                        csvread_error_fn on_error, void *ctx);

/* The same from text[start], a record boundary on physical line first_line (the rest
   of a file whose beginning was read otherwise). */
tz_status csvread_parse_from(const char *text, size_t len, size_t start, uint32_t first_line,
                             csvread_record_fn on_record, csvread_error_fn on_error, void *ctx);

/* One part of a file, for reading parts side by side (input/split.c): text[start..) taken
   as beginning at a record boundary on physical line first_line, read up to the first
   record boundary at or after `end` (a record begun before `end` is read to its end, past
   `end`). more = 0: the end of text is the end of the file; more = 1: the file goes on
   (text then ends at a line start). Stops at the first broken record without reporting
   it. OUT: *stop_at, *stop_line where it stopped; *clean = 1 when it stopped at a record
   boundary (or the end of the file) having met no broken record; -1 when (more = 1) the
   text ended inside a record; else 0: then what it passed to on_record must be thrown
   away and the file read from a known boundary with csvread_parse_from, which reports
   the broken record. Returns TZ_OK, TZ_NOMEM, or what on_record stopped with. */
tz_status csvread_parse_part(const char *text, size_t len, int more, size_t start, size_t end,
                             uint32_t first_line, csvread_record_fn on_record, void *ctx,
                             size_t *stop_at, uint32_t *stop_line, int *clean);

#endif
