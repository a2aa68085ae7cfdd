/* Helpers shared by the stack subcommands: which stacks exist, the stack's
 * .dome paths, taking its lock and opening its state with messages printed.
 * Returned strings and lists are malloc'd; the caller frees them. */
#ifndef DOME_STACK_COMMON_H
#define DOME_STACK_COMMON_H

#include <stdbool.h>

#include "cli/args.h"
#include "runtime/store/lock.h"
#include "runtime/store/state.h"

/* stack_names lists the stacks of the program in o->dir (stacks/NAME.dome,
 * or a state in its backend), sorted, NULL-terminated; free with
 * stack_names_free. NULL with err filled when the backend cannot be read
 * (an unreachable database). */
char **stack_names(const struct opts *o, char *err, size_t err_len);

/* stack_names_free frees a list from stack_names. */
void stack_names_free(char **names);

/* stack_check_name checks a stack name given to cmd (stack init, select,
 * rm) against the one rule, lang_stack_name_ok; prints why not and returns
 * 2, else 0. */
int stack_check_name(const char *cmd, const char *name);

/* stack_exists: 1 when stack has a stack file or a state, 0 when it has
 * neither, -1 with err filled when the backend cannot be read. */
int stack_exists(const struct opts *o, const char *stack, char *err, size_t err_len);

/* stack_open_locked takes the stack's lock (waiting --lock-timeout) in
 * o's backend and opens its state; prints the error (with cmd) and returns
 * -1 on failure, releasing what it took. */
int stack_open_locked(const char *cmd, const struct opts *o, const char *stack, struct lock *lk,
                      struct state *st);

/* stack_save saves st (new serial) and prints errors; 0 or -1. */
int stack_save(const char *cmd, struct state *st);

/* stack_count_resources is the number of resources in st. */
int stack_count_resources(const struct state *st);

#include <stddef.h>
#include <cJSON.h>

/* stack_read_stdin reads all of stdin (malloc'd, NUL-terminated; the caller
 * frees it); NULL when out of memory. (cli/stack/stack_export.c) */
char *stack_read_stdin(size_t *len);

/* stack_valid_doc checks that doc is a domec state for stack (another
 * stack's only with force); prints why not and returns -1, else 0. */
int stack_valid_doc(const cJSON *doc, const char *stack, bool force);

/* stack_replace_doc makes st hold the document doc (consumed): resources go
 * through state_put/state_remove so the state's index stays right. */
void stack_replace_doc(struct state *st, cJSON *doc);

/* stack_copy_state fills dst (zeroed first; free with state_close) with a
 * copy of src's resources, indexed. */
void stack_copy_state(struct state *dst, const struct state *src);

/* stack_stamp records in doc ("update": {command, serial}) the command that
 * writes it as serial, for `stack history`. (cli/stack/stack_history.c) */
void stack_stamp(cJSON *doc, const char *command, long serial);

#endif
