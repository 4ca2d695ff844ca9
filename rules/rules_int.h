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
    char *text;              /* the line as written from the comparison on: "≥ 30% → 0.5" */
} tier;

/* One `条件` line of a rule: its tree, its text as written and the figures it reads. */
typedef struct condition {
    int32_t node;
    char *text;
    read_ref *reads;         size_t n_reads, cap_reads;
} condition;

/* One `等次` line: the grade a unit gets with at least min_cents points (the highest
   grade it reaches), and at most share_permille of the units (-1: no limit). */
typedef struct grade_def {
    char *name;
    int64_t min_cents;
    int32_t share_permille;  /* 300: 30.0 %; -1: no limit */
    uint32_t line;
} grade_def;

typedef struct rule {
    char *id, *label;
    uint32_t line;
    int32_t points;          /* node, or -1 when the rule has tiers */
    int32_t tier_subject;    /* node, or -1 */
    tier *tiers;             size_t n_tiers, cap_tiers;
    condition *conds;        size_t n_conds, cap_conds;   /* every `when` line */
    int64_t cap_cents;       /* -1: no cap */
    int64_t floor_cents;     /* RULES_NO_FLOOR: no floor */
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
    int64_t total_floor_cents; /* 0 unless the file says otherwise */
    grade_def *grades;       size_t n_grades, cap_grades;   /* highest first */
    int32_t gate;            /* node, or -1 */
    char *gate_text;         /* the gate's condition as written, NULL without a gate */
    read_ref *gate_reads;    size_t n_gate_reads, cap_gate_reads;
};

#endif
