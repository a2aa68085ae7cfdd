/* Stack outputs: resolved from the program's `output` declarations against
 * state after an apply, stored in state["outputs"], printed by
 * `domec stack output`. Sensitive outputs are stored and shown as
 * "(sensitive)". */
#ifndef DOME_OUTPUTS_H
#define DOME_OUTPUTS_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/ir.h"
#include "runtime/state.h"

/* outputs_update recomputes state's outputs from prog. Returns true when
 * they changed. */
bool outputs_update(struct state *st, const struct ir_program *prog);

/* outputs_print writes state's outputs as "name = value" lines, or as one
 * JSON object with json set. */
void outputs_print(FILE *out, const struct state *st, bool json);

#endif
