/* The checked program as the runtime sees it: a DAG of resources with
 * concrete, typed attributes for one stack. Produced by lang/ (lower.c),
 * read by runtime/. Everything here lives in the IR arena, which its
 * creator frees as a whole; the runtime never frees a part of it.
 *
 * Invariants lang/ guarantees for a program that checked without errors:
 *   - resources[] is topologically ordered: every resource comes after the
 *     resources it depends on, ignoring bindings marked is_cyclic;
 *   - names are final physical names (naming pattern and stack applied) and
 *     are unique per kind;
 *   - attrs[] holds every schema attribute that has a value (defaults
 *     applied), sorted by name, each with the schema's replace rule;
 *   - no secret plaintext anywhere: a secret is its sealed stack-file form. */
#ifndef DOME_IR_H
#define DOME_IR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/span.h"

/* ORDER KINDS: keep ir_kind and ir_kind_name() in step. */
enum ir_kind {
    IR_DATABASE,       /* D1; id = uuid */
    IR_BUCKET,         /* R2; id = bucket name */
    IR_INDEX,          /* Vectorize v2; id = index name */
    IR_QUEUE,          /* Queues; id = queue_id */
    IR_KV,             /* Workers KV namespace; id = namespace id, name = title */
    IR_DURABLE_OBJECT, /* a Durable Object class of a host worker; id = namespace id */
    IR_WORKER,         /* Workers script; id = script name */
    IR_N_KINDS
};

enum ir_value_type {
    IR_NULL,
    IR_STRING,
    IR_INT,
    IR_BOOL,
    IR_LIST,
    IR_MAP,
    IR_SECRET, /* a secret config value, still sealed */
    IR_REF,    /* a reference to another resource (or one of its attributes) */
    IR_NUMBER  /* a decimal number, sent to the API as a JSON number */
};

struct ir_value {
    enum ir_value_type type;
    union {
        const char *s; /* IR_STRING: NUL-terminated UTF-8 */
        int64_t i;     /* IR_INT */
        double d;      /* IR_NUMBER: finite */
        bool b;        /* IR_BOOL */
        struct {
            struct ir_value *items;
            size_t n_items;
        } list; /* IR_LIST */
        struct {
            const char **keys; /* sorted, unique */
            struct ir_value *values;
            size_t n_entries;
        } map; /* IR_MAP */
        struct {
            const char *config_key; /* the `config` declaration it came from */
            const char *sealed;     /* opaque "v1:..." string from the stack file */
        } secret;                   /* IR_SECRET */
        struct {
            size_t resource;  /* index into ir_program.resources */
            const char *attr; /* "name", "id", ...; NULL = the resource itself */
        } ref;                /* IR_REF */
    } u;
};

struct ir_attr {
    const char *name;      /* schema attribute name, e.g. "location", "dimensions" */
    struct ir_value value; /* never IR_SECRET (secrets only flow into worker secrets) */
    bool forces_replace;   /* schema: a change of this attribute needs delete+create */
    bool is_default;       /* the value came from the schema or a defaults block */
    struct dome_span span; /* where it was set (the resource's span for defaults) */
};

/* ORDER BINDINGS: keep ir_binding_type and ir_binding_type_name() in step. */
enum ir_binding_type {
    IR_BIND_D1,             /* target: a database; API type "d1" */
    IR_BIND_R2,             /* target: a bucket; API type "r2_bucket" */
    IR_BIND_VECTORIZE,      /* target: an index; API type "vectorize" */
    IR_BIND_QUEUE,          /* target: a queue (producer); API type "queue" */
    IR_BIND_KV,             /* target: a KV namespace; API type "kv_namespace" */
    IR_BIND_DURABLE_OBJECT, /* target: a durable_object; "durable_object_namespace" */
    IR_BIND_SERVICE,        /* target: a worker; API type "service" */
    IR_BIND_AI,             /* no target; API type "ai" */
    IR_BIND_PLAIN_TEXT,     /* vars {}: value is IR_STRING; API type "plain_text" */
    IR_BIND_SECRET_TEXT,    /* secrets {}: value is IR_SECRET; API type "secret_text" */
    IR_N_BINDING_TYPES
};

struct ir_binding {
    const char *name; /* the JS variable name, e.g. "DB" */
    enum ir_binding_type type;
    size_t target;           /* resource index; meaningful for D1..SERVICE only */
    bool has_delivery_delay; /* QUEUE: `queue.x { delivery_delay = N }` was written */
    int64_t delivery_delay;  /* seconds a message sent through this binding waits */
    struct ir_value value;   /* PLAIN_TEXT: IR_STRING; SECRET_TEXT: IR_SECRET */
    bool is_cyclic;          /* a service binding that closes a cycle: deployed in phase 2 */
    struct dome_span span;
};

/* consumes queue.x { batch_size = 10 max_retries = 3 dead_letter = queue.y } */
struct ir_consumer {
    size_t queue;            /* resource index of the consumed queue */
    int64_t batch_size;      /* 1..100, default 10 */
    int64_t max_retries;     /* 0..100, default 3 */
    int64_t max_wait_ms;     /* 0..60000, default 5000 (API max_wait_time_ms) */
    int64_t max_concurrency; /* 1..250; -1 when not set (Cloudflare scales on its own) */
    int64_t retry_delay;     /* seconds, 0..43200; -1 when not set */
    bool has_dead_letter;
    size_t dead_letter; /* resource index of the dead-letter queue, if has_dead_letter */
    struct dome_span span;
};

struct ir_resource {
    enum ir_kind kind;
    const char *label;     /* the program's label: `database meta` -> "meta" */
    const char *name;      /* physical Cloudflare name, final */
    struct dome_span span; /* the whole block */
    struct ir_attr *attrs; /* sorted by name; see invariants above */
    size_t n_attrs;
    struct ir_binding *bindings; /* workers: bindings, vars and secrets, in source order */
    size_t n_bindings;
    struct ir_consumer *consumers; /* workers only */
    size_t n_consumers;
    const char **crons; /* workers only: cron trigger expressions */
    size_t n_crons;
    size_t *deps; /* indices of resources this one depends on, sorted, unique */
    size_t n_deps;
    const char *main_path;    /* workers: the entry module, resolved against the program dir */
    bool protect;             /* `protect = true`: never delete or replace */
    const char *existing;     /* `existing = "name-or-id"`: a resource made elsewhere,
                                 looked up at plan time, never created, changed or
                                 deleted; name is this text until it is looked up */
    bool is_deleted;          /* durable_object with `delete = true`: its class and data
                                 are to be deleted; never created or bound */
    const char **create_only; /* every schema attribute of the kind whose change forces a
                                 replace, set here or not */
    size_t n_create_only;
};

struct ir_output {
    const char *name;
    struct ir_value value; /* may hold IR_REF; the runtime resolves it from state */
    bool is_sensitive;     /* derived from a secret: printed as (sensitive) */
    struct dome_span span;
};

/* moved { from to }: the state entry at `from` now belongs to `to`.
 * removed { from }: `from` left the program on purpose; destroy says whether
 * to delete it (true) or only forget it. Addresses are "kind.label". */
struct ir_move {
    const char *from;
    const char *to; /* NULL for removed */
    bool destroy;   /* removed only */
    struct dome_span span;
};

struct ir_program {
    const char *project;           /* project "dome" { ... } */
    const char *stack;             /* the stack this IR was lowered for; never NULL */
    const char *dir;               /* the program directory */
    const char *account_id;        /* from config `account_id` if declared, else NULL */
    const char *secrets_salt;      /* stack file `encryption { salt = "..." }`, or NULL */
    const char *secrets_check;     /* stack file `encryption { check = "..." }`, or NULL */
    struct ir_resource *resources; /* topological order, see invariants */
    size_t n_resources;
    struct ir_output *outputs;
    size_t n_outputs;
    struct ir_move *moves; /* moved and removed blocks, in source order */
    size_t n_moves;
};

/* ir_kind_name returns the language keyword of a kind ("database", ...). */
const char *ir_kind_name(enum ir_kind kind);

/* ir_binding_type_name returns the Cloudflare API binding type ("d1", ...). */
const char *ir_binding_type_name(enum ir_binding_type type);

/* ir_find_attr returns the attribute called name, or NULL. */
const struct ir_attr *ir_find_attr(const struct ir_resource *res, const char *name);

#endif
