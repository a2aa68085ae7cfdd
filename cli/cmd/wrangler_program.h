/* The .dome program and stack files `domec import --from-wrangler` writes
 * for a wrangler model (wrangler_model.h). */
#ifndef DOME_WRANGLER_PROGRAM_H
#define DOME_WRANGLER_PROGRAM_H

#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "cli/cmd/wrangler_model.h"

/* wrangler_program writes the program (project project). live(arg, r)
 * gives the state entry read from the account for resource r of the top
 * stack (an index's dimensions and metric come from it), or NULL. Returns
 * 0, or -1 with err. */
int wrangler_program(FILE *out, const struct wr_model *m, const char *project,
                     const cJSON *(*live)(void *arg, const struct wr_res *r), void *arg, char *err,
                     size_t err_len);

/* wrangler_stack_file writes stack s's file: its config values. */
void wrangler_stack_file(FILE *out, const struct wr_model *m, size_t s);

#endif
