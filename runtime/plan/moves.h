/* Moves: state entries handed to a new address before planning, so that a
 * relabelled resource is never deleted and created again. A move comes from
 * a `moved { from to }` block, or is inferred: a declared resource missing
 * from the state takes over the undeclared entry of the same kind and the
 * same physical name. `removed { from destroy = false }` forgets an entry.
 * Applied to the in-memory state; apply saves it with the rest. */
#ifndef DOME_PLAN_MOVES_H
#define DOME_PLAN_MOVES_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ir.h"
#include "runtime/store/state.h"

struct plan_move {
    char *from, *to;  /* "kind.label"; to is NULL for a forgotten entry */
    bool is_inferred; /* found by physical name, not written in a moved block */
};

struct plan_moves {
    struct plan_move *items;
    size_t n;
};

/* plan_moves_apply renames (and forgets) state entries as prog says, filling
 * out (free with plan_moves_free). Returns 0; -1 with err filled when a
 * moved block names two addresses that are both in the state. */
int plan_moves_apply(struct state *st, const struct ir_program *prog, struct plan_moves *out,
                     char *err, size_t err_len);

/* plan_moves_free frees the list. */
void plan_moves_free(struct plan_moves *m);

#endif
