/* Stack outputs: resolved from the program's `output` declarations against
 * state after an apply, stored in state["outputs"], printed by
 * `domec stack output` (cli/view/outputs_print.c). Sensitive outputs are stored and shown as
 * "(sensitive)". */
#ifndef DOME_OUTPUTS_H
#define DOME_OUTPUTS_H

#include <stdbool.h>

#include "lang/ir.h"
#include "runtime/store/state.h"

/* outputs_update recomputes state's outputs from prog. Returns true when
 * they changed. */
bool outputs_update(struct state *st, const struct ir_program *prog);

#endif
