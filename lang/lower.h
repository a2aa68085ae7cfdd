/* Lowering: checked program model -> IR. The IR lives in its own arena,
 * which the caller owns; nothing in it points into the AST arena. */
#ifndef DOME_LOWER_H
#define DOME_LOWER_H

#include "lang/check.h"

/* lower_program builds the IR of a program that checked without errors. */
struct ir_program *lower_program(struct arena *ir, const struct program *p);

#endif
