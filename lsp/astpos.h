/* The syntax nodes around a position: the chain from a top-level item down
 * to the innermost node whose span holds the offset. */
#ifndef DOME_LSP_ASTPOS_H
#define DOME_LSP_ASTPOS_H

#include "lang/analysis.h"

#define AST_CHAIN_MAX 32

struct ast_chain {
    const struct ast_node *n[AST_CHAIN_MAX];
    size_t depth;
};

/* ast_chain_at fills c for offset off of source file `file` of u; depth 0
 * when off is outside every item (the top level). */
void ast_chain_at(struct lang_unit *u, uint32_t file, uint32_t off, struct ast_chain *c);

/* ast_attr_schema returns the schema attribute an AST_ATTR at chain level
 * i names (in a resource, defaults or consumes block), or NULL; *kind
 * gets the schema kind the attribute belongs to. */
const struct sch_attr *ast_attr_schema(struct program *p, const struct ast_chain *c, size_t i,
                                       const struct sch_kind **kind);

/* ast_block_kind returns the schema kind whose attributes a block holds
 * (resource block, `defaults KIND`, `consumes`), or NULL. */
const struct sch_kind *ast_block_kind(struct program *p, const struct ast_chain *c, size_t i);

#endif
