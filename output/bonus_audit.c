/* output/bonus_audit.c — tables/bonus_audit.csv (see bonus_audit.h).
   May call: base/, output/csvw, rules/rules, pipeline/figures, input/ledger. */
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "output/bonus_audit.h"

const char *const BONUS_AUDIT_COLUMNS[] = {
    "unit_id", "rule_id", "rule_label", "figures_read", "raw_points", "capped_points",
    "final_points", "activities_counted", "gate", NULL,
};

typedef struct unit_key { const char *id; size_t index; } unit_key;

static int by_unit_id(const void *a, const void *b)
{
    return strcmp(((const unit_key *)a)->id, ((const unit_key *)b)->id);
}

/* "通过：person_times=12" / "未通过：person_times=0" / "" without a gate. */
static int gate_cell(csvw *w, const bonus_unit *bu)
{
    if (!bu->gate_reads)
        return csvw_empty(w);
    buf b = BUF_INIT;
    int bad = buf_printf(&b, "%s：%s", bu->gated_out ? "未通过" : "通过", bu->gate_reads);
    bad |= bad ? 0 : csvw_text(w, b.data, b.len);
    buf_release(&b);
    return bad ? -1 : 0;
}

static int activities_cell(csvw *w, const bonus_line *line, const ledger *l)
{
    buf b = BUF_INIT;
    int bad = buf_puts(&b, "");
    for (size_t k = 0; k < line->n_activities && !bad; k++)
        bad |= (k && buf_putc(&b, ' ') != 0) || buf_puts(&b, l->activities[line->activities[k]].id) != 0;
    bad |= bad ? 0 : csvw_text(w, b.data, b.len);
    buf_release(&b);
    return bad ? -1 : 0;
}

int bonus_audit_table(csvw *w, const bonus *b, const figures *f)
{
    const ledger *l = f->ledger;
    const rules *r = b->rules;
    unit_key *order = mem_alloc((b->n_units ? b->n_units : 1) * sizeof *order);
    if (!order || csvw_header(w, BONUS_AUDIT_COLUMNS) != 0) {
        mem_free(order);
        return -1;
    }
    for (size_t u = 0; u < b->n_units; u++) {
        order[u].id = l->units[u].id;
        order[u].index = u;
    }
    qsort(order, b->n_units, sizeof *order, by_unit_id);
    for (size_t k = 0; k < b->n_units && !w->failed; k++) {
        size_t u = order[k].index;
        const bonus_unit *bu = &b->units[u];
        for (size_t i = 0; i < rules_count(r); i++) {
            const bonus_line *line = &bu->lines[i];
            csvw_str(w, l->units[u].id);
            csvw_str(w, rules_id(r, i));
            csvw_str(w, rules_label(r, i));
            csvw_str(w, line->reads);
            csvw_fixed(w, line->raw_cents, 2);
            csvw_fixed(w, line->capped_cents, 2);
            csvw_fixed(w, line->final_cents, 2);
            if (activities_cell(w, line, l) != 0 || gate_cell(w, bu) != 0)
                w->failed = 1;
            csvw_end_row(w);
        }
    }
    mem_free(order);
    return w->failed ? -1 : 0;
}
