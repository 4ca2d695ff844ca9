/* output/assessdoc.h — what the assessment office's documents share (the public notice,
   output/notice, and the sheet per unit, output/unitsheet): their date, their issuing
   body, their PDF settings (fonts, metadata, a /ID from the inputs: same inputs, same
   bytes), the order of the units by points, and the rules' gate in Chinese words.
   May call: base/, input/ledger, pipeline/figures, rules/rules, output/pdf, nettle. */
#ifndef TZ_ASSESSDOC_H
#define TZ_ASSESSDOC_H
#include <stdint.h>
#include "base/buf.h"
#include "output/pdf.h"
#include "output/run.h"

/* "2025年12月31日" for a date in seconds. Returns 0, -1 when out of memory. */
int assessdoc_date_text(buf *out, int64_t seconds);

/* The issuing body: --org, else RUN_DEFAULT_ORG. */
const char *assessdoc_org(const run_context *rc);

/* Fills cfg (zeroed first) for a document titled `title`: metadata, date, and a /ID from
   the inputs' hashes, the rules' text and the title. cfg keeps pointers to title and to
   rc's strings. */
void assessdoc_config(const run_context *rc, const char *title, pdf_config *cfg);

/* The units in the order of the documents: points, highest first, then unit_id; into
   order (rc->ledger->n_units entries). Returns 0, -1 when out of memory. */
int assessdoc_order(const run_context *rc, uint32_t *order);

/* The gate as written in the rules, each figure's key replaced by its Chinese name
   ("服务人次 > 0"), into out; nothing when the rules have no gate. Returns 0, -1 when out
   of memory. */
int assessdoc_gate_text(buf *out, const rules *r);

/* How the points are reckoned, in the order the program follows (docs/rules.md, "怎样算分"),
   as one Chinese paragraph for the report's 考核细则 and the notice: conditions, exact value,
   rounding, the rule's 上限/下限, the total's 总分上限/总分下限 (with this file's values),
   the gate. Returns 0, -1 when out of memory. */
int assessdoc_steps_text(buf *out, const rules *r);

#endif
