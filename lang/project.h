/* The project block read on its own (project.c): its name and its state
 * backend, found by parsing alone, for commands that never compile the
 * program (stack ls, stack export...). */
#ifndef DOME_PROJECT_H
#define DOME_PROJECT_H

#include "lang/arena.h"
#include "lang/ast.h"

/* lang_plain_string returns the text of a string literal without
 * interpolation ("x"), or NULL for anything else. */
const char *lang_plain_string(const struct ast_node *n);

/* lang_base_name is the project name of a program without a project
 * block: the base name of its directory (or .dome file, without ".dome");
 * for "." the current directory's. Allocated in a. */
const char *lang_base_name(struct arena *a, const char *path);

#endif
