/* Printing the outputs recorded in a stack's state (runtime/model/outputs.c
 * computes them). */
#ifndef DOME_OUTPUTS_PRINT_H
#define DOME_OUTPUTS_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/store/state.h"

/* outputs_print writes state's outputs as "name = value" lines, or as one
 * JSON object with json set. */
void outputs_print(FILE *out, const struct state *st, bool json);

#endif
