/* output/bonus_audit.c — tables/bonus_audit.csv (see bonus_audit.h).
   May call: base/, output/csvw, output/tables (the column type), rules/rules, pipeline/figures, input/ledger. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "output/bonus_audit.h"

const tables_column BONUS_AUDIT_COLUMNS[] = {
    {"unit_id", "单位编号", TABLES_ID, 0, NULL},
    {"rule_id", "规则编号", TABLES_ID, 0, NULL},
    {"rule_label", "规则名称", TABLES_TEXT, 0, NULL},
    {"figures_read", "读取的数字", TABLES_TEXT, 0, NULL},
    {"raw_points", "原始得分", TABLES_DECIMAL, 2, NULL},
    {"capped_points", "单项封顶后得分", TABLES_DECIMAL, 2, NULL},
    {"final_points", "计入总分的得分", TABLES_DECIMAL, 2, NULL},
    {"activities_counted", "计入的活动编号", TABLES_TEXT, 0, NULL},
    {"gate", "门槛条件", TABLES_TEXT, 0, NULL},
    {NULL, NULL, TABLES_END, 0, NULL},
};

typedef struct unit_key { const char *id; size_t index; } unit_key;

static int by_unit_id(const void *a, const void *b)
{
    return strcmp(((const unit_key *)a)->id, ((const unit_key *)b)->id);
}

/* "通过：person_times=12" / "未通过：person_times=0" / "" without a gate. */
static int gate_cell(csvw *w, buf *scratch, const bonus_unit *bu)
{
    if (!bu->gate_reads)
        return csvw_empty(w);
    buf_clear(scratch);
    int bad = buf_puts(scratch, bu->gated_out ? "未通过：" : "通过：") ||
              buf_puts(scratch, bu->gate_reads);
    return bad ? -1 : csvw_text(w, scratch->data, scratch->len);
}

/* What the activities cells need of each activity id, found once: its length and whether
   it is plain (nothing a CSV cell quotes: , " CR LF). */
typedef struct id_info {
    uint32_t *len;
    uint8_t *plain;
    size_t *at;                 /* where the id starts in text */
    char *text;                 /* the ids one after another, each from a multiple of 16,
                                   with room to read 16 bytes at a time past any id's end */
} id_info;

enum { CHUNK = 16 };

/* The activity ids, space separated. A cell of plain ids not starting with a character
   the spreadsheet guard changes is copied straight into the table (what csvw_text would
   write); any other through csvw_text. A cell may hold thousands of ids. */
static int activities_cell(csvw *w, buf *scratch, const bonus_line *line, const ledger *l,
                           const id_info *ids)
{
    size_t total = 0;
    int plain = 1;
    for (size_t k = 0; k < line->n_activities; k++) {
        uint32_t a = line->activities[k];
        total += ids->len[a] + (k > 0);
        plain &= ids->plain[a];
    }
    uint32_t first = line->n_activities ? line->activities[0] : 0;
    if (plain && (line->n_activities == 0 ||
                  !csvw_needs_guard(l->activities[first].id, ids->len[first]))) {
        /* 16 bytes at a time, the last chunk of each id running into the room reserved
           past the cell and overwritten by what follows */
        if (csvw_empty(w) != 0 || buf_reserve(&w->out, total + CHUNK) != 0)
            return -1;
        char *o = w->out.data + w->out.len;
        for (size_t k = 0; k < line->n_activities; k++) {
            uint32_t a = line->activities[k];
            const char *src = ids->text + ids->at[a];
            if (k > 0)
                *o++ = ' ';
            for (size_t c = 0; c < ids->len[a]; c += CHUNK)
                memcpy(o + c, src + c, CHUNK);
            o += ids->len[a];
        }
        w->out.len += total;
        w->out.data[w->out.len] = '\0';
        return 0;
    }
    buf_clear(scratch);
    int bad = buf_reserve(scratch, total);
    for (size_t k = 0; k < line->n_activities && !bad; k++) {
        uint32_t a = line->activities[k];
        bad |= (k && buf_putc(scratch, ' ') != 0) ||
               buf_append(scratch, l->activities[a].id, ids->len[a]) != 0;
    }
    return bad ? -1 : csvw_text(w, scratch->data, scratch->len);
}

int bonus_audit_table(csvw *w, const bonus *b, const figures *f)
{
    const ledger *l = f->ledger;
    const rules *r = b->rules;
    buf scratch = BUF_INIT;
    id_info ids = {NULL, NULL, NULL, NULL};
    unit_key *order = mem_alloc((b->n_units ? b->n_units : 1) * sizeof *order);
    ids.len = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *ids.len);
    ids.plain = mem_alloc(l->n_activities ? l->n_activities : 1);
    ids.at = mem_alloc((l->n_activities ? l->n_activities : 1) * sizeof *ids.at);
    if (!order || !ids.len || !ids.plain || !ids.at || tables_header(w, BONUS_AUDIT_COLUMNS, SIZE_MAX) != 0)
        goto fail;
    size_t text_len = 0;
    for (size_t a = 0; a < l->n_activities; a++) {
        const char *id = l->activities[a].id;
        size_t n = strlen(id);
        ids.len[a] = (uint32_t)n;
        ids.plain[a] = n <= UINT32_MAX && strcspn(id, ",\"\r\n") == n;
        ids.at[a] = text_len;
        text_len += (n + CHUNK - 1) / CHUNK * CHUNK;
    }
    ids.text = mem_calloc(text_len + CHUNK, 1);
    if (!ids.text)
        goto fail;
    for (size_t a = 0; a < l->n_activities; a++)
        memcpy(ids.text + ids.at[a], l->activities[a].id, ids.len[a]);
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
            if (activities_cell(w, &scratch, line, l, &ids) != 0 || gate_cell(w, &scratch, bu) != 0)
                w->failed = 1;
            csvw_end_row(w);
        }
    }
    goto out;
fail:
    w->failed = 1;
out:
    mem_free(order);
    mem_free(ids.len);
    mem_free(ids.plain);
    mem_free(ids.at);
    mem_free(ids.text);
    buf_release(&scratch);
    return w->failed ? -1 : 0;
}
