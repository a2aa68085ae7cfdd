/* References to resources the program does not manage:
 * `database legacy { existing = "legacy-db" }`. Such a block names a
 * resource made elsewhere (by name or id); it may be bound and referenced
 * but never created, changed or deleted, so it sets nothing else. */
#include <string.h>

#include "lang/check.h"

/* existing_attr: the block's `existing = ...` entry, or NULL */
static const struct ast_node *existing_attr(struct program *p, const struct m_res *r)
{
    const char *kw = intern_str(p->names, "existing", 8);
    for (const struct ast_node *e = r->node->items.head; e; e = e->next)
        if (e->kind == AST_ATTR && e->str == kw)
            return e;
    return NULL;
}

/* check_existing: see check.h. */
bool check_existing(struct program *p, struct m_res *r)
{
    const struct ast_node *at = existing_attr(p, r);
    if (!at)
        return false;
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    const struct sch_attr *a = schema_attr(k, at->str);
    if (!a) {
        diag_error(p->diag, at->name_span,
                   "only databases, buckets, indexes, queues and KV namespaces can be referenced",
                   "%s '%s' cannot refer to an existing resource", k->name, r->label);
        return false;
    }
    struct eval_ctx c = {p, r, NULL, false};
    struct val v = eval(&c, at->a);
    if (v.type == VAL_NULL)
        return false; /* null: an ordinary, managed block */
    if (check_value(p, a, &v) && v.known && v.s[0] == '\0') {
        diag_error(p->diag, v.span, "write the resource's name or id", "existing is empty");
        v = val_make(VAL_ERROR, v.span);
    }
    for (const struct ast_node *e = r->node->items.head; e; e = e->next)
        if (e != at && e->kind != AST_ERROR)
            diag_error(p->diag, e->name_span,
                       arena_printf(p->arena,
                                    "a block with `existing` only refers to a %s managed "
                                    "elsewhere; remove '%s', or remove `existing` to manage it",
                                    k->name, e->str),
                       "'%s' cannot be set on %s '%s', which refers to an existing %s", e->str,
                       k->name, r->label, k->name);
    r->existing = v.type == VAL_STRING ? v.s : NULL;
    r->is_reference = true;
    r->name = v.type == VAL_STRING && v.known ? v.s : NULL; /* what it is looked up by */
    r->name_state = 2;
    res_add_attr(p, r, (struct m_attr){a, a->name, v, at->span, false});
    return true;
}
