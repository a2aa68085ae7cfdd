/* The project block read on its own (project.c): its name and its state
 * backend, found by parsing alone, for commands that never compile the
 * program (stack ls, stack export...). */
#ifndef DOME_PROJECT_H
#define DOME_PROJECT_H

#include "lang/ast.h"

/* lang_plain_string returns the text of a string literal without
 * interpolation ("x"), or NULL for anything else. */
const char *lang_plain_string(const struct ast_node *n);

#endif
