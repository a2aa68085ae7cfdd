/* Kind keywords for state keys and plan output. ORDER KINDS: same order as
 * enum ir_kind in lang/ir.h. */
#include "runtime/model/kind.h"

#include <stdio.h>
#include <string.h>

static const char *const kind_names[IR_N_KINDS] = {"database", "bucket",         "index", "queue",
                                                   "kv",       "durable_object", "worker"};

/* The kinds that store data (kind_holds_data). A new kind that stores
 * data adds itself here. */
static const bool kind_data[IR_N_KINDS] = {
    [IR_DATABASE] = true,       /* D1 rows */
    [IR_BUCKET] = true,         /* R2 objects */
    [IR_INDEX] = true,          /* Vectorize vectors */
    [IR_QUEUE] = true,          /* messages not yet delivered */
    [IR_KV] = true,             /* KV keys and values */
    [IR_DURABLE_OBJECT] = true, /* the class's stored objects */
};

/* kind_holds_data: see kind.h. */
bool kind_holds_data(enum ir_kind kind)
{
    return (unsigned)kind < IR_N_KINDS && kind_data[kind];
}

/* kind_name: see kind.h. */
const char *kind_name(enum ir_kind kind)
{
    return (unsigned)kind < IR_N_KINDS ? kind_names[kind] : "?";
}

/* kind_parse: see kind.h. */
int kind_parse(const char *name, enum ir_kind *out)
{
    if (!name)
        return -1;
    for (int k = 0; k < IR_N_KINDS; k++) {
        if (strcmp(kind_names[k], name) == 0) {
            *out = (enum ir_kind)k;
            return 0;
        }
    }
    return -1;
}

/* kind_key: see kind.h. */
void kind_key(char *buf, size_t len, enum ir_kind kind, const char *label)
{
    snprintf(buf, len, "%s.%s", kind_name(kind), label);
}

/* ORDER BINDINGS: same order as enum ir_binding_type. */
static const char *const binding_types[IR_N_BINDING_TYPES] = {
    "d1",      "r2_bucket", "vectorize",  "queue",      "kv_namespace", "durable_object_namespace",
    "service", "ai",        "plain_text", "secret_text"};

/* kind_binding_type: see kind.h. */
const char *kind_binding_type(enum ir_binding_type type)
{
    return (unsigned)type < IR_N_BINDING_TYPES ? binding_types[type] : "?";
}
