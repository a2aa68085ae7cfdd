/* Graphviz DOT rendering of a checked program's resource graph. Writes to a
 * caller-owned FILE; allocates nothing that outlives the call. */
#ifndef DOME_GRAPH_H
#define DOME_GRAPH_H

#include <stdio.h>

#include "lang/ir.h"

/* graph_dot writes the IR as a DOT digraph: one node per resource (shape by
 * kind), one edge per binding (labelled with its name), consumer and
 * dead-letter queue; cyclic bindings are red and dashed. */
void graph_dot(const struct ir_program *ir, FILE *out);

#endif
