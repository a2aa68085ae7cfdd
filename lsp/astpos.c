/* ast_chain_at and the schema kind of a block: see astpos.h. */
#include "lsp/astpos.h"

#include <string.h>

static bool holds(const struct ast_node *n, uint32_t off)
{
    return n->span.start <= off && off <= n->span.end;
}

static const struct ast_node *child_at(const struct ast_node *n, uint32_t off)
{
    const struct ast_list *lists[] = {&n->labels, &n->items};
    for (size_t l = 0; l < 2; l++)
        for (const struct ast_node *e = lists[l]->head; e; e = e->next)
            if (holds(e, off))
                return e;
    const struct ast_node *kids[] = {n->a, n->b_, n->c};
    for (size_t k = 0; k < 3; k++)
        if (kids[k] && holds(kids[k], off))
            return kids[k];
    return NULL;
}

void ast_chain_at(struct lang_unit *u, uint32_t file, uint32_t off, struct ast_chain *c)
{
    c->depth = 0;
    size_t n;
    const struct ast_file *files = lang_unit_files(u, &n);
    for (size_t i = 0; i < n; i++) {
        if (files[i].file != file)
            continue;
        const struct ast_node *it = files[i].items.head;
        while (it && !holds(it, off))
            it = it->next;
        while (it && c->depth < AST_CHAIN_MAX) {
            c->n[c->depth++] = it;
            it = child_at(it, off);
        }
    }
}

const struct sch_kind *ast_block_kind(struct program *p, const struct ast_chain *c, size_t i)
{
    const struct ast_node *b = c->n[i];
    if (b->kind != AST_BLOCK)
        return NULL;
    if (b->str == p->kw.consumes)
        return &p->schema->consumer;
    if (!strcmp(b->str, "notify"))
        return &p->schema->notification;
    if (i > 0)
        return NULL;
    int k = schema_kind_of(p->schema, b->str);
    if (k < 0 && b->str == p->kw.defaults && b->labels.head && b->labels.head->kind == AST_PATH)
        k = schema_kind_of(p->schema, b->labels.head->items.head->str);
    return k >= 0 ? &p->schema->kinds[k] : NULL;
}

const struct sch_attr *ast_attr_schema(struct program *p, const struct ast_chain *c, size_t i,
                                       const struct sch_kind **kind)
{
    if (i == 0 || c->n[i]->kind != AST_ATTR)
        return NULL;
    const struct sch_kind *k = ast_block_kind(p, c, i - 1);
    *kind = k;
    return k ? schema_attr(k, c->n[i]->str) : NULL;
}
