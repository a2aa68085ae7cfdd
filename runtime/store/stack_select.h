/* The selected default stack: .dome/selected beside the program, written by
 * `domec stack select`. --stack and DOME_STACK always win over it.
 * Returned strings are malloc'd; the caller frees them. */
#ifndef DOME_STACK_SELECT_H
#define DOME_STACK_SELECT_H

#include <stddef.h>

#include "runtime/base/compiler.h"

/* stack_selected returns the stack selected for the program in dir, or NULL
 * when none is (or the file is unreadable or empty). The name is returned
 * as written: the caller checks it (lang_stack_name_ok, in cli/). */
char *stack_selected(const char *dir) WARN_UNUSED;

/* stack_selected_into copies dir's selected stack into buf (cap bytes).
 * Returns 0, or -1 when none is selected (buf is then ""). */
int stack_selected_into(const char *dir, char *buf, size_t cap) WARN_UNUSED;

/* stack_select_write records name as dir's selected stack (NULL: clear).
 * Returns 0, or -1 with err filled. */
int stack_select_write(const char *dir, const char *name, char *err, size_t err_len) WARN_UNUSED;

#endif
