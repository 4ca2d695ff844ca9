/* output/json.h — a small JSON writer and a strict, bounded JSON reader, enough for the
   manifest (output/manifest): objects, arrays, strings, whole numbers, true/false/null.
   The writer is deterministic (keys in the order the caller gives them, two-space
   indentation, "\n" line ends); the reader refuses anything outside that subset
   (fractions, exponents, duplicate keys, invalid UTF-8, trailing bytes) and is bounded in
   nesting depth and size, since a manifest on disk is untrusted.
   May call: base/buf, base/mem. */
#ifndef TZ_JSON_H
#define TZ_JSON_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"

#define JSON_MAX_DEPTH 32
#define JSON_MAX_TEXT (16u << 20)     /* bytes the reader accepts */

/* ---- writer ---- */
typedef struct json_writer {
    buf *out;
    int depth;
    int count[JSON_MAX_DEPTH];       /* members written so far at each open level */
    int after_key;                   /* a key was written; its value comes next */
    int failed;                      /* sticky: out of memory or misuse (depth) */
} json_writer;

/* Starts writing into out (appends). Cannot fail. */
void json_writer_init(json_writer *w, buf *out);

/* Each appends one token; returns 0, or -1 (and w->failed) when out of memory or when
   nesting exceeds JSON_MAX_DEPTH. Inside an object, call json_key before each value. */
int json_object_begin(json_writer *w);
int json_object_end(json_writer *w);
int json_array_begin(json_writer *w);
int json_array_end(json_writer *w);
int json_key(json_writer *w, const char *key);
/* A string of n bytes. Control characters, '"' and '\' are escaped; bytes that are not
   valid UTF-8 are written as U+FFFD (JSON text must be UTF-8). */
int json_string(json_writer *w, const char *s, size_t n);
int json_cstring(json_writer *w, const char *s);      /* NULL writes null */
int json_int(json_writer *w, int64_t v);
int json_bool(json_writer *w, int v);
int json_null(json_writer *w);
/* Ends the document with a newline. Returns 0, or -1 when anything failed on the way or
   a container is still open. */
int json_writer_finish(json_writer *w);

/* ---- reader ---- */
typedef enum { JSON_NULL, JSON_BOOL, JSON_INT, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value {
    json_type type;
    int64_t number;                  /* JSON_INT; JSON_BOOL: 0 or 1 */
    char *string;                    /* JSON_STRING: decoded, NUL-terminated */
    size_t length;                   /* its bytes (it may hold NUL) */
    char *key;                       /* a member of an object: its key; else NULL */
    struct json_value *items;        /* JSON_ARRAY / JSON_OBJECT: elements or members */
    size_t n_items;
} json_value;

/* Parses text. On TZ_OK *out is the document (json_free). On malformed text returns
   TZ_DATAERR and appends "line L column C: what is wrong" (English, for auditors and
   developers) to err; TZ_NOMEM. */
tz_status json_parse(const char *text, size_t len, json_value **out, buf *err);
void json_free(json_value *v);

/* The member of an object by key, or NULL (also when v is not an object or is NULL). */
const json_value *json_get(const json_value *v, const char *key);
/* The member's string when it is a string, else NULL. */
const char *json_get_string(const json_value *v, const char *key);
/* 0 and *out when the member is a whole number, else -1. */
int json_get_int(const json_value *v, const char *key, int64_t *out);

#endif
