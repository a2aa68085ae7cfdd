/* Helpers over the IR (lang/ir.h): names of kinds and binding types, and
 * attribute lookup. Pure functions over constant tables. */
#include "lang/ir.h"

#include <string.h>

/* ORDER KINDS */
static const char *const kind_names[IR_N_KINDS] = {"database", "bucket",         "index", "queue",
                                                   "kv",       "durable_object", "worker"};

/* ORDER BINDINGS */
static const char *const binding_names[IR_N_BINDING_TYPES] = {
    "d1",      "r2_bucket", "vectorize",  "queue",      "kv_namespace", "durable_object_namespace",
    "service", "ai",        "plain_text", "secret_text"};

const char *ir_kind_name(enum ir_kind kind)
{
    return (unsigned)kind < IR_N_KINDS ? kind_names[kind] : "?";
}

const char *ir_binding_type_name(enum ir_binding_type type)
{
    return (unsigned)type < IR_N_BINDING_TYPES ? binding_names[type] : "?";
}

const struct ir_attr *ir_find_attr(const struct ir_resource *res, const char *name)
{
    for (size_t i = 0; i < res->n_attrs; i++)
        if (strcmp(res->attrs[i].name, name) == 0)
            return &res->attrs[i];
    return NULL;
}
