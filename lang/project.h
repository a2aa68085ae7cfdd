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

/* lang_parse_items parses every *.dome file directly in dir (syntax errors
 * are left to `domec check`) and calls visit on each top-level item; the
 * nodes live until it returns. 0, or -1 with errno when dir cannot be read. */
int lang_parse_items(const char *dir, void (*visit)(const struct ast_node *it, void *user),
                     void *user);

/* lang_base_name is the project name of a program without a project
 * block: the base name of its directory (or .dome file, without ".dome");
 * for "." the current directory's. Allocated in a. */
const char *lang_base_name(struct arena *a, const char *path);

#endif
