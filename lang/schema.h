/* The resource schema, loaded from the embedded stdlib/schema.dome. Every
 * string is interned in the compilation's table; the schema lives in its arena. */
#ifndef DOME_SCHEMA_H
#define DOME_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/intern.h"
#include "lang/ir.h"

enum sch_type {
    SCH_STRING,
    SCH_INT,
    SCH_BOOL,
    SCH_ENUM,
    SCH_LIST,       /* list of strings */
    SCH_DATE,       /* "YYYY-MM-DD", a real past date >= min_date */
    SCH_PATH,       /* a file relative to the program directory */
    SCH_CRON_LIST,  /* list of cron expressions */
    SCH_QUEUE_REF,  /* queue.LABEL */
    SCH_ROUTE_LIST, /* list of route patterns: "host/path*" */
    SCH_HOST_LIST,  /* list of host names: "api.example.com" */
    SCH_WORKER_REF, /* worker.LABEL */
    SCH_NUMBER,     /* a decimal number (an integer is accepted): 0.1, 1 */
    SCH_ENUM_LIST,  /* list of enum values, each at most once */
    SCH_ENUM_MAP    /* map of NAME = enum value; max: most entries */
};

/* sch_type_name: the type's name as stdlib/schema.dome writes it */
const char *sch_type_name(enum sch_type t);

struct sch_attr {
    const char *name; /* interned */
    enum sch_type type;
    const char **values; /* SCH_ENUM, SCH_ENUM_LIST, SCH_ENUM_MAP */
    size_t n_values;
    bool has_min, has_max;
    int64_t min, max;     /* SCH_INT range, inclusive */
    double min_d, max_d;  /* the same range as numbers (SCH_NUMBER; may be 0.5) */
    const char *min_date; /* SCH_DATE */
    bool replace;         /* a change forces delete + create */
    bool required;
    const char *required_unless; /* attribute that lifts `required`, or NULL */
    const struct ast_node *def;  /* default literal, or NULL */
    const char *doc;             /* one line for editors, or NULL */
};

struct sch_kind {
    const char *name; /* "database", ...; interned */
    const char *binding;
    const char *name_pattern; /* POSIX ERE for the physical name */
    int64_t name_min, name_max;
    bool name_replace;
    const char **refs; /* attributes readable as kind.label.attr */
    size_t n_refs;
    struct sch_attr *attrs;
    size_t n_attrs;
};

enum sch_vtype { SCH_V_STRING, SCH_V_INT, SCH_V_BOOL, SCH_V_LIST, SCH_V_SECRET };

struct sch_fn {
    const char *name;
    enum sch_vtype params[4];
    size_t n_params;
    size_t n_optional;
    enum sch_vtype returns;
    bool stack_only;
};

struct schema {
    struct sch_kind kinds[IR_N_KINDS]; /* ORDER KINDS */
    struct sch_kind consumer;          /* settings of `consumes` blocks */
    struct sch_kind producer;          /* settings after a queue binding: queue.x { ... } */
    struct sch_kind observability;     /* a worker's observability { ... } block */
    struct sch_kind notification;      /* a bucket's notify queue.x { ... } block */
    struct sch_fn *fns;
    size_t n_fns;
};

/* schema_load parses the embedded stdlib into s. Returns 0, or -1 after
 * printing the problem (an internal error: the stdlib is part of domec). */
int schema_load(struct schema *s, struct arena *a, struct intern *names, struct diag *d);

/* schema_attr finds an attribute of kind by interned name, or NULL. */
const struct sch_attr *schema_attr(const struct sch_kind *k, const char *name);

/* schema_fn finds a function by interned name, or NULL. */
const struct sch_fn *schema_fn(const struct schema *s, const char *name);

/* schema_kind_of returns the kind index for an interned name, or -1. */
int schema_kind_of(const struct schema *s, const char *name);

#endif
