/* Resource kinds as the runtime names them in state and plans ("database",
 * "bucket", ...), independent of lang/ so state files can be read alone. */
#ifndef DOME_KIND_H
#define DOME_KIND_H

#include <stdbool.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"

/* kind_name returns the keyword of a kind ("database", ...); "?" if unknown. */
const char *kind_name(enum ir_kind kind);

/* kind_parse maps a keyword back to a kind. Returns 0, or -1 if unknown
 * (or NULL). */
int kind_parse(const char *name, enum ir_kind *out) WARN_UNUSED;

/* kind_key writes "kind.label" into buf (the state key of a resource). */
void kind_key(char *buf, size_t len, enum ir_kind kind, const char *label);

/* kind_holds_data tells whether a resource of the kind stores what its
 * users put in it (rows, objects, vectors, messages): deleting or
 * replacing it loses that data, so plans mark it and ask for the stack's
 * name to be typed. */
bool kind_holds_data(enum ir_kind kind);

/* kind_binding_type returns the Cloudflare API type of a binding ("d1", ...). */
const char *kind_binding_type(enum ir_binding_type type);

#endif
