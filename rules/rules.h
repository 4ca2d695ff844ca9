/* rules/rules.h — the assessment rules (考核加分): a text file the assessment office edits
   (docs/rules.md), parsed before anything is computed, applied to the per-unit figures.
   Points are exact hundredths (int64 "cents"): each rule's result rounded half up to 0.01
   before its cap, totals summed exactly. May call: base/, input/ledger, pipeline/figures. */
#ifndef TZ_RULES_H
#define TZ_RULES_H
#include <stddef.h>
#include <stdint.h>
#include "base/buf.h"
#include "base/status.h"
#include "pipeline/figures.h"

typedef struct rules rules;

/* Parses a rules file. On TZ_OK *out is the rules (rules_free). On a mistake returns
   TZ_CONFIG and appends to err one line per problem: "FILE:LINE:COLUMN: 中文说明".
   TZ_NOINPUT when the file cannot be read; TZ_NOMEM. */
tz_status rules_load(const char *path, rules **out, buf *err);
/* The same from text in memory; `name` is used in messages. */
tz_status rules_parse(const char *name, const char *text, size_t len, rules **out, buf *err);
/* The default rules (rules/default.rules, embedded in the program at build time);
   source name "(内置默认规则)". Same returns as rules_parse. */
tz_status rules_load_default(rules **out, buf *err);
void rules_free(rules *r);   /* rules_free(NULL) does nothing */

size_t rules_count(const rules *r);
const char *rules_id(const rules *r, size_t i);
const char *rules_label(const rules *r, size_t i);
int64_t rules_cap_cents(const rules *r, size_t i);     /* -1: no cap */
int64_t rules_total_cap_cents(const rules *r);          /* -1: no cap */
const char *rules_source_name(const rules *r);          /* path, or "(内置默认规则)" */
const char *rules_text(const rules *r, size_t *len);   /* the file's bytes, for hashing */
/* Rule i's scoring in words, appended to out: "得分＝独立开展活动数×0.2",
   "党员志愿者参与率≥20%得0.3分；≥30%得0.5分（取达到的最高一档）", with its condition
   first when it has one ("在…时，"). The cap is not included (rules_cap_cents).
   Returns 0, -1 when out of memory (rules/rules_describe.c). */
int rules_describe(const rules *r, size_t i, buf *out);
/* The gate's condition in the same words ("服务人次＞0"); nothing without a gate. */
int rules_describe_gate(const rules *r, buf *out);
/* The gate's condition as written in the file (several gate lines joined by "；"),
   NULL when the rules have no gate. */
const char *rules_gate_text(const rules *r);

/* One unit under one rule: what was read and what it gave. */
typedef struct bonus_line {
    int64_t raw_cents;          /* rounded half up to 0.01, before the rule's cap */
    int64_t capped_cents;       /* after the rule's cap */
    int64_t final_cents;        /* after the total cap (and the gate) */
    char *reads;                /* "activities_independent=3; participation_rate=0.2500":
                                   the figures the rule read, "name=value" joined by "; ";
                                   a value that is no finite decimal reads "1999/9997≈0.199960",
                                   an undefined one "未定义" */
    uint32_t *activities;       /* activity indices that counted, ascending (in the
                                   bonus's blocks: not to be freed on its own) */
    size_t n_activities;
    int reads_activities;       /* 1 when the rule reads an activity count (then the
                                   list above is meaningful even when empty) */
} bonus_line;

typedef struct bonus_unit {
    int gated_out;              /* 1 when the gate gave the unit no points at all */
    char *gate_reads;           /* the figures the gate read (format of bonus_line.reads);
                                   NULL when the rules have no gate */
    int64_t total_cents;        /* after the total cap */
    bonus_line *lines;          /* [rules_count] */
} bonus_unit;

typedef struct bonus {
    const rules *rules;         /* borrowed */
    size_t n_units;
    bonus_unit *units;          /* [n_units], the ledger's order */
    /* The memory of every line's activity list, a few large blocks (tens of megabytes at
       province size: one allocation a list would fault its pages in one by one). */
    uint32_t **blocks;          size_t n_blocks, cap_blocks;
} bonus;

/* Names in activities(category=…, campaign=…) that this year's ledger never uses: such a
   count is 0 for every unit, most likely a typo. Appends one warning a name,
   "FILE:LINE:COLUMN: 中文说明" with the nearest name the ledger does use, to warn and
   returns how many (0 when all are used); -1 when out of memory. Never fatal. */
long rules_unused_names(const rules *r, const ledger *l, buf *warn);

/* Applies the rules to every unit. On TZ_OK *out is the bonus (bonus_free): the units'
   totals add up within int64. TZ_NOMEM; TZ_CONFIG when a rule's arithmetic, a unit's total
   or the sum of all units' totals leaves int64 (a rule multiplying by absurd numbers), then
   rules_apply_err appends "FILE:LINE:1: 中文说明" for the rule and unit to err. */
tz_status rules_apply(const rules *r, const figures *f, bonus **out);
tz_status rules_apply_err(const rules *r, const figures *f, bonus **out, buf *err);
void bonus_free(bonus *b);   /* bonus_free(NULL) does nothing */

/* The number of units whose total is above 0 (0 for NULL). */
int64_t bonus_units_with_points(const bonus *b);

#endif
