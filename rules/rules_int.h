/* rules/rules_int.h — the rules module's private types: the parsed rules as an
   expression tree in one array, shared by rules_parse.c (builds it) and rules_eval.c
   (applies it). Not for other modules: they use rules/rules.h.
   May call: base/, rules/rat. */
#ifndef TZ_RULES_INT_H
#define TZ_RULES_INT_H
#include <stddef.h>
#include <stdint.h>
#include "rules/rat.h"
#include "rules/rules.h"

typedef enum {
    N_NUM,           /* value */
    N_FIGURE,        /* index: column of FIGURES_UNIT_COLUMNS */
    N_COUNT,         /* index: into rules.counts — activities(...) */
    N_NEG, N_ADD, N_SUB, N_MUL, N_DIV,
    N_MIN, N_MAX,    /* args: [first, first + n) of rules.args */
    N_LT, N_LE, N_GT, N_GE, N_EQ, N_NE,
    N_AND, N_OR, N_NOT
} node_kind;

typedef struct node {
    node_kind kind;
    rat value;
    int32_t index;
    int32_t a, b;            /* operands, -1 when absent */
    uint32_t first, n;       /* min/max arguments */
} node;

/* activities(category="…", campaign="…"): the unit's activities (led or participated)
   that match every filter given. */
typedef struct count_spec {
    char *category;          /* NULL: any */
    char *campaign;          /* NULL: any */
    char *text;              /* as it reads in the audit: activities(campaign=十个全覆盖) */
    uint32_t line, col;      /* where it is first written, for warnings */
} count_spec;

/* What a rule reads: a figure column or a count. */
typedef struct read_ref {
    int is_count;
    int32_t index;
} read_ref;

typedef struct tier {
    node_kind op;            /* N_GE, N_GT, N_LE or N_LT */
    rat threshold;
    int32_t points;          /* node */
} tier;

typedef struct rule {
    char *id, *label;
    uint32_t line;
    int32_t points;          /* node, or -1 when the rule has tiers */
    int32_t tier_subject;    /* node, or -1 */
    tier *tiers;             size_t n_tiers, cap_tiers;
    int32_t when;            /* node (all `when` lines joined by and), or -1 */
    int64_t cap_cents;       /* -1: no cap */
    read_ref *reads;         size_t n_reads, cap_reads;
} rule;

struct rules {
    char *name;              /* file name for messages and the audit */
    char *text;              size_t text_len;
    rule *rules;             size_t n_rules, cap_rules;
    node *nodes;             size_t n_nodes, cap_nodes;
    int32_t *args;           size_t n_args, cap_args;
    count_spec *counts;      size_t n_counts, cap_counts;
    int64_t total_cap_cents; /* -1: no cap */
    int32_t gate;            /* node, or -1 */
    char *gate_text;         /* the gate's condition as written, NULL without a gate */
    read_ref *gate_reads;    size_t n_gate_reads, cap_gate_reads;
};

#endif
