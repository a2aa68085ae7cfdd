/* The checked program model shared by the checker passes (check*.c, eval.c,
 * stack.c, cycles.c) and lower.c. Everything lives in the compilation arena. */
#ifndef DOME_CHECK_H
#define DOME_CHECK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/intern.h"
#include "lang/ir.h"
#include "lang/schema.h"

enum val_type {
    VAL_ERROR, /* already reported: never causes another message */
    VAL_NULL,
    VAL_STRING,
    VAL_INT,
    VAL_BOOL,
    VAL_LIST,
    VAL_MAP,
    VAL_SECRET,
    VAL_REF,
    VAL_AI,    /* the `ai` binding */
    VAL_NUMBER /* a decimal number (d) */
};

struct m_res;

struct val {
    enum val_type type;
    bool known;            /* false: typed but only known with a stack (config) */
    struct dome_span span; /* where the value was written */
    const char *s;         /* STRING text; SECRET sealed text (may be NULL) */
    int64_t i;
    double d; /* NUMBER */
    bool b;
    struct val *items; /* LIST items, MAP values */
    const char **keys; /* MAP keys, sorted */
    size_t n;
    const char *config_key; /* SECRET: the config declaration */
    struct m_res *res;      /* REF target */
    const char *attr;       /* REF attribute or NULL */
};

struct m_config {
    const char *name;
    const struct ast_node *decl;
    enum val_type type; /* declared: STRING INT BOOL LIST SECRET (ERROR if unknown type) */
    struct val value;   /* default, then the stack's value */
    bool has_value;
    bool is_used;
};

struct m_attr {
    const struct sch_attr *sch; /* NULL for name/protect */
    const char *name;
    struct val v;
    struct dome_span span;
    bool is_default;
};

enum m_edge_why { EDGE_SERVICE, EDGE_BINDING, EDGE_CONSUMES, EDGE_DEAD_LETTER, EDGE_REF };

struct m_bind {
    const char *name;
    enum ir_binding_type type;
    struct m_res *target; /* D1..SERVICE */
    struct val v;         /* PLAIN_TEXT / SECRET_TEXT */
    struct dome_span span;
    bool is_cyclic;
    bool has_delivery_delay; /* QUEUE: `queue.x { delivery_delay = N }` */
    int64_t delivery_delay;
};

struct m_edge {
    struct m_res *to;
    enum m_edge_why why;
    struct dome_span span;
    struct m_bind *bind; /* EDGE_SERVICE */
};

struct m_consumer {
    struct m_res *queue;
    int64_t batch_size, max_retries, max_wait_ms;
    int64_t max_concurrency, retry_delay; /* -1: not set */
    struct m_res *dead_letter;
    struct dome_span span;
};

struct m_res {
    enum ir_kind kind;
    const char *label;
    const struct ast_node *node;
    size_t index;     /* position in program.res */
    const char *name; /* physical name; NULL while unknown */
    struct dome_span name_span;
    int name_state; /* 0 not computed, 1 computing, 2 done */
    struct m_attr *attrs;
    size_t n_attrs, cap_attrs;
    struct m_bind *binds;
    size_t n_binds, cap_binds;
    struct m_consumer *consumers;
    size_t n_consumers, cap_consumers;
    struct m_edge *edges;
    size_t n_edges, cap_edges;
    const char **crons;
    size_t n_crons;
    const char *main_path;
    bool protect;
    bool is_reference;    /* `existing = ...`: looked up, never managed (existing.c) */
    const char *existing; /* its name or id; NULL until known (a config value) */
    int mark;             /* cycle search: 0 new, 1 on stack, 2 done */
    size_t topo;          /* position in topological order */
};

/* moved { from to } or removed { from destroy }: see lang/moves.c. */
struct m_move {
    int from_kind;
    const char *from_label; /* interned */
    int to_kind;            /* -1 for removed */
    const char *to_label;   /* NULL for removed */
    bool destroy;           /* removed: delete the resource (default), else only forget it */
    bool is_removed;
    struct dome_span span, from_span, to_span;
};

struct m_output {
    const char *name;
    const struct ast_node *node;
    struct val v;
    struct dome_span span;
};

struct program {
    struct arena *arena;
    struct intern *names;
    struct diag *diag;
    const struct schema *schema;
    const char *dir;   /* program directory ("." for a lone buffer) */
    const char *stack; /* never NULL: "dev" when checking without a stack */
    bool has_stack;    /* a --stack was given */
    bool check_files;  /* worker main files must exist; file() reads files */
    const char *project;
    const struct ast_node *naming; /* the project's naming expression or NULL */
    bool naming_failed;            /* naming had errors: physical names are unknown */
    struct m_config *configs;
    size_t n_configs;
    struct m_res **res;
    size_t n_res, cap_res;
    struct ptrmap labels[IR_N_KINDS]; /* label -> m_res */
    struct m_res **dups;              /* blocks with a duplicate label: checked, never lowered */
    size_t n_dups, cap_dups;
    const struct ast_node *defaults[IR_N_KINDS];
    struct m_attr *default_attrs[IR_N_KINDS]; /* evaluated defaults blocks */
    size_t n_default_attrs[IR_N_KINDS];
    struct ptrmap consumers;  /* queue m_res -> consuming block (one consumer per queue) */
    struct ptrmap main_files; /* interned path -> 1 exists, 2 missing (one stat per path) */
    struct m_output *outputs;
    size_t n_outputs;
    struct m_move *moves; /* moved and removed blocks, in source order */
    size_t n_moves, cap_moves;
    const char *salt, *check; /* stack file encryption block */
    struct {                  /* interned keywords */
        const char *project, *config, *defaults, *output, *stack, *ai, *name, *protect;
        const char *bindings, *vars, *secrets, *consumes, *encryption, *main, *crons;
        const char *kinds[IR_N_KINDS];
    } kw;
};

/* collect_moved / collect_removed record a top-level moved or removed
 * block; check_moves checks them once every resource is known (moves.c). */
void collect_moved(struct program *p, const struct ast_node *it);
void collect_removed(struct program *p, const struct ast_node *it);
void check_moves(struct program *p);

/* Evaluation context of one expression. */
struct eval_ctx {
    struct program *p;
    struct m_res *from;   /* resource being checked (for reference edges) or NULL */
    const char *name_var; /* value of `${name}` in the naming pattern, or NULL */
    bool in_stack_file;   /* secret("...") allowed */
};

/* eval evaluates expression e; errors are reported and give VAL_ERROR. */
struct val eval(struct eval_ctx *c, const struct ast_node *e);

/* val_make returns a known value of type t at sp (zeroed payload). */
struct val val_make(enum val_type t, struct dome_span sp);

/* eval_path evaluates a reference: stack, project, ai, config.x, kind.label[.attr]. */
struct val eval_path(struct eval_ctx *c, const struct ast_node *e);

/* eval_call evaluates a stdlib function call. */
struct val eval_call(struct eval_ctx *c, const struct ast_node *e);

/* val_a names a value type with its article ("an int", "a string"). */
const char *val_a(enum val_type t);

/* val_type_name names a value type for messages ("string", "int", ...). */
const char *val_type_name(enum val_type t);

/* eval_name computes the physical name of r (once). NULL when unknown. */
const char *eval_name(struct program *p, struct m_res *r);

/* check_program runs every check over the parsed files; errors go to diag. */
void check_program(struct program *p, struct ast_file *files, size_t n_files);

/* check_program_rest runs the checks that need the stack's values:
 * defaults, resources, names, outputs and cycles. */
void check_program_rest(struct program *p);

/* check_defaults evaluates and validates the `defaults KIND {}` block. */
void check_defaults(struct program *p, int kind);

/* check_existing checks a block that refers to an existing resource
 * (`existing = "name-or-id"`): nothing else may be set. Returns false when
 * the block has no `existing` (an ordinary, managed block). */
bool check_existing(struct program *p, struct m_res *r);

/* check_resource checks one resource block (attributes, defaults). */
void check_resource(struct program *p, struct m_res *r);

/* check_worker_block checks a worker's nested blocks (bindings, vars, secrets, consumes).
 */
void check_worker_block(struct program *p, struct m_res *r, const struct ast_node *blk);

/* check_bucket_block checks a bucket's nested blocks: notify queue.x { }
 * (R2 event notification rules, check_notify.c). */
void check_bucket_block(struct program *p, struct m_res *r, const struct ast_node *blk);

/* check_worker_attrs validates worker-only attributes (main, date, crons). */
void check_worker_attrs(struct program *p, struct m_res *r);

/* check_value validates v against a schema attribute; false after an error.
 * An integer given where the schema wants a number becomes that number. */
bool check_value(struct program *p, const struct sch_attr *a, struct val *v);

/* check_names validates physical names (Cloudflare rules) and uniqueness. */
void check_names(struct program *p);

/* names_check_cron / names_check_flag / names_check_date validate one
 * known string value; false after reporting an error. */
bool names_check_cron(struct program *p, const struct val *v);
bool names_check_flag(struct program *p, const struct val *v);
bool names_check_date(struct program *p, const struct sch_attr *a, const struct val *v);

/* names_check_host validates a route pattern (is_route: "host/path", the
 * host may start with "*") or a custom domain's host name (traffic.c). */
bool names_check_host(struct program *p, const struct val *v, bool is_route);

/* check_observability checks a worker's observability { } block and
 * records it as the worker's "observability" attribute (traffic.c). */
void check_observability(struct program *p, struct m_res *r, const struct ast_node *blk);

/* check_traffic checks what routes and domains say together, across
 * every worker: a host both routed and a custom domain, duplicates (traffic.c). */
void check_traffic(struct program *p);

/* res_add_attr appends an attribute to r (check_res.c). */
void res_add_attr(struct program *p, struct m_res *r, struct m_attr a);

/* stack_apply checks a stack file and stores its config values. */
void stack_apply(struct program *p, const struct ast_file *f);

/* stack_missing reports config values the stack must set but does not. */
void stack_missing(struct program *p, const struct ast_file *f);

/* cycles_check finds dependency cycles: errors, or notes for service-only
 * cycles whose closing binding it marks is_cyclic. */
void cycles_check(struct program *p);

/* res_add_edge records that r depends on `to`. */
void res_add_edge(struct program *p, struct m_res *r, struct m_res *to, enum m_edge_why why,
                  struct dome_span span, struct m_bind *bind);

/* res_display returns "kind.label" for messages. */
const char *res_display(struct program *p, const struct m_res *r);

#endif
