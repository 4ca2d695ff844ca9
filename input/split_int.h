/* input/split_int.h — a ledger file read on all cores, with the same rows, line numbers,
   ids and problems, in the same order, as one reading front to back (input/split.c).
   Private to the input stage. May call: base (all), input (all). */
#ifndef TZ_SPLIT_INT_H
#define TZ_SPLIT_INT_H
#include <stddef.h>
#include "base/status.h"
#include "input/load_int.h"

/* Reads the records of text[0..len) into st (the file st->kind) with
   `threads` threads, as csvread_parse(text, len, rows_record, rows_csv_error, st) would.
   Returns TZ_OK, TZ_NOMEM, or what rows_record stopped with. */
tz_status split_parse(load_state *st, const char *text, size_t len, int threads);

/* The file st->kind at path read in windows (bounded memory), hashed on a thread of its
   own, on `threads` threads, when it is larger than one window and UTF-8 (with or without
   BOM): then *handled = 1 and meta's bytes, sha256 and encoding are set. Otherwise
   *handled = 0 and st is as before, for the whole reading (which reports GB18030, UTF-16,
   unreadable files as usual). Returns TZ_OK, TZ_NOMEM, or what rows_record stopped with. */
tz_status split_load(load_state *st, const char *path, int threads, ledger_file *meta,
                     int *handled);

/* Bytes of text per part: 1 MiB, or TZ_SPLIT_CHUNK from the environment (tests). */
size_t split_chunk_size(void);

#endif
