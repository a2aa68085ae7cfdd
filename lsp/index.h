/* Where each resource label and config key is declared and referenced in a
 * checked program, found by walking its syntax trees: a path kind.label...
 * whose first segment is any kind of the schema (so a new kind needs no
 * code here), config.KEY, a stack file's `config { KEY = ... }`. */
#ifndef DOME_LSP_INDEX_H
#define DOME_LSP_INDEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lang/analysis.h"

#define SYM_CONFIG (-1) /* sym.kind of a config key; else a resource kind */

struct sym {
    int kind;
    const char *name; /* interned label or key */
    uint32_t file, start, end;
    bool is_def;
    const struct ast_node *node; /* definition: the block or config declaration */
    const struct ast_node *path; /* reference: the path it sits in */
};

struct sym_index {
    struct sym *s;
    size_t n, cap;
};

/* index_build lists every occurrence in the unit's files (stack_file: the
 * index of the stack file, or UINT32_MAX). Free with index_free. */
void index_build(struct sym_index *ix, struct lang_unit *u);
void index_free(struct sym_index *ix);

/* index_at returns the occurrence at offset off of file (its end counts,
 * so a cursor right after a name finds it), or NULL. */
const struct sym *index_at(const struct sym_index *ix, uint32_t file, uint32_t off);

/* index_def returns the definition of (kind, name), or NULL. */
const struct sym *index_def(const struct sym_index *ix, int kind, const char *name);

/* index_same: a and b name the same thing. Names are compared as text, so
 * occurrences of two units (two stacks) match. */
bool index_same(const struct sym *a, const struct sym *b);

#endif
