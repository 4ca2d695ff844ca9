/* output/outdiff.h — where two versions of an output first differ, told in Chinese for
   the auditor running verify: a CSV table's first differing row and column with both
   values, a PDF's first differing page, another file's first differing byte; and every
   differing key of two manifests.
   May call: base/buf, base/mem, output/json, libc. */
#ifndef TZ_OUTDIFF_H
#define TZ_OUTDIFF_H
#include "base/buf.h"
#include "base/status.h"
#include "output/json.h"

/* Appends to out where the file at ours (OUT's) and the one at theirs (the
   recomputation's) first differ: "第 5 行第 3 列（person_times）OUT 中为“12”，重算为“13”"
   for a .csv, "第 4 页起不同（共 40 页）" for a .pdf (or where outside the pages), "第 1234 字节起不同"
   otherwise; "两者相同" when they do not differ. Returns TZ_OK, TZ_NOINPUT when either
   cannot be read (nothing appended), TZ_NOMEM. */
tz_status outdiff_files(const char *ours, const char *theirs, buf *out);

/* Says whether the member at key path (e.g. "inputs[0].rows", "command.argv[3]") is left
   out of the comparison; element is the object of the array element the path is in (or
   NULL), so that a caller can skip what it has already reported. */
typedef int (*outdiff_skip)(void *ctx, const char *path, const json_value *element);

/* Compares two JSON documents (OUT's manifest and the recomputation's) member by member
   and appends one line per difference to out, each "STATUS KEY：detail\n" with STATUS
   不一致 (both have the key, values differ), 缺少 (only the recomputation has it) or 多出
   (only OUT has it); an array element with a "file" or "path" member is named by it.
   *count is the number of lines. skip may be NULL. Returns TZ_OK or TZ_NOMEM. */
tz_status outdiff_json(const json_value *ours, const json_value *theirs, outdiff_skip skip,
                       void *ctx, buf *out, size_t *count);

#endif
