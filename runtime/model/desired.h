/* The desired state of one resource, computed from the IR: the same JSON
 * shape as a state entry (see state.h), so planning is a JSON diff. Secret
 * values appear only as keyed hashes. */
#ifndef DOME_DESIRED_H
#define DOME_DESIRED_H

#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"

struct secret_key;

/* desired_entry builds the desired entry of prog->resources[i]:
 * {"kind","label","name","attrs","deps","protect","replace_attrs"}.
 * key opens secrets (may be NULL when the resource has none). Returns a
 * new cJSON the caller deletes, or NULL with err filled (unreadable main
 * module, secret that cannot be opened). */
cJSON *desired_entry(const struct ir_program *prog, size_t i, const struct secret_key *key,
                     char *err, size_t err_len) WARN_UNUSED;

/* desired_value converts an IR value to JSON; references become the
 * target's "kind.label" (plus ".attr"). Returns a new cJSON. */
cJSON *desired_value(const struct ir_program *prog, const struct ir_value *v) WARN_UNUSED;

/* desired_key writes the state key of prog->resources[i] into buf
 * (i < prog->n_resources). */
void desired_key(const struct ir_program *prog, size_t i, char *buf, size_t len);

/* desired_main_path resolves a worker's main module path against the program
 * directory into buf. */
void desired_main_path(const struct ir_program *prog, const struct ir_resource *res, char *buf,
                       size_t len);

#endif
