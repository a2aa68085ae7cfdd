/* moved { from = KIND.OLD  to = KIND.NEW } and removed { from = KIND.LABEL }:
 * what the program says about state addresses it no longer declares. A
 * `moved` block hands the state entry of `from` to `to` (nothing is deleted
 * or created); a `removed` block lets the planner delete `from` (or, with
 * `destroy = false`, only forget it), which it otherwise refuses for a
 * resource that was imported and never applied. */
#include <string.h>

#include "lang/check.h"

/* path_key reads a `KIND.LABEL` path into *kind and *label. Reports and
 * returns false when e is anything else. */
static bool path_key(struct program *p, const struct ast_node *e, const char *what, int *kind,
                     const char **label)
{
    const struct ast_node *k = e && e->kind == AST_PATH ? e->items.head : NULL;
    if (!k || e->items.n != 2) {
        diag_error(p->diag, e ? e->span : (struct dome_span){0},
                   "write KIND.LABEL, e.g. worker.api", "%s must be a resource address", what);
        return false;
    }
    *kind = schema_kind_of(p->schema, k->str);
    if (*kind < 0) {
        diag_error(p->diag, k->span, "the kinds are database, bucket, index, queue and worker",
                   "unknown resource kind '%s'", k->str);
        return false;
    }
    *label = k->next->str;
    return true;
}

static struct m_move *new_move(struct program *p)
{
    if (p->n_moves == p->cap_moves) {
        p->cap_moves = p->cap_moves ? p->cap_moves * 2 : 8;
        p->moves = arena_grow(p->arena, p->moves, p->n_moves, p->cap_moves, sizeof *p->moves);
    }
    return &p->moves[p->n_moves++];
}

/* attrs_of reads the block's `from`, `to` and `destroy` attributes; any
 * other item is reported. */
static void attrs_of(struct program *p, const struct ast_node *it, bool is_removed,
                     const struct ast_node **from, const struct ast_node **to,
                     const struct ast_node **destroy)
{
    for (const struct ast_node *e = it->items.head; e; e = e->next) {
        const struct ast_node **slot = NULL;
        if (e->kind == AST_ATTR && !strcmp(e->str, "from"))
            slot = from;
        else if (e->kind == AST_ATTR && !strcmp(e->str, is_removed ? "destroy" : "to"))
            slot = is_removed ? destroy : to;
        if (slot && *slot)
            diag_error(p->diag, e->name_span, NULL, "'%s' is set twice", e->str);
        else if (slot)
            *slot = e->a;
        else if (e->kind != AST_ERROR)
            diag_error(p->diag, e->name_span,
                       is_removed ? "removed { from = KIND.LABEL  destroy = false }"
                                  : "moved { from = KIND.OLD  to = KIND.NEW }",
                       "unknown %s '%s' in %s", e->kind == AST_BLOCK ? "block" : "attribute",
                       e->str, it->str);
    }
    if (it->labels.n > 0)
        diag_error(p->diag, it->labels.head->span, NULL, "%s takes no label", it->str);
}

/* collect_moved: moved { from = KIND.OLD  to = KIND.NEW } */
void collect_moved(struct program *p, const struct ast_node *it)
{
    const struct ast_node *from = NULL, *to = NULL, *unused = NULL;
    attrs_of(p, it, false, &from, &to, &unused);
    if (!from || !to) {
        diag_error(p->diag, it->name_span, "moved { from = worker.api  to = worker.gateway }",
                   "moved needs both from and to");
        return;
    }
    int fk, tk;
    const char *fl, *tl;
    if (!path_key(p, from, "from", &fk, &fl) || !path_key(p, to, "to", &tk, &tl))
        return;
    if (fk != tk) {
        diag_error(p->diag, to->span, "a resource keeps its kind when it moves",
                   "moved from a %s to a %s", ir_kind_name((enum ir_kind)fk),
                   ir_kind_name((enum ir_kind)tk));
        return;
    }
    if (fl == tl) {
        diag_error(p->diag, to->span, NULL, "moved from and to the same address");
        return;
    }
    struct m_move *m = new_move(p);
    *m = (struct m_move){fk, fl, tk, tl, true, false, it->name_span, from->span, to->span};
}

/* collect_removed: removed { from = KIND.LABEL  [destroy = false] } */
void collect_removed(struct program *p, const struct ast_node *it)
{
    const struct ast_node *from = NULL, *to = NULL, *destroy = NULL;
    attrs_of(p, it, true, &from, &to, &destroy);
    int fk;
    const char *fl;
    if (!from) {
        diag_error(p->diag, it->name_span, "removed { from = worker.old }", "removed needs from");
        return;
    }
    if (!path_key(p, from, "from", &fk, &fl))
        return;
    if (destroy && destroy->kind != AST_BOOL) {
        diag_error(p->diag, destroy->span, "write destroy = true or destroy = false",
                   "destroy must be true or false");
        return;
    }
    struct m_move *m = new_move(p);
    *m = (struct m_move){
        fk, fl, -1, NULL, !destroy || destroy->b, true, it->name_span, from->span, it->name_span};
}

static void key_note(struct program *p, const struct m_move *m, const struct m_move *first)
{
    diag_error(p->diag, m->from_span, "each old address is moved or removed once",
               "%s.%s is already %s", ir_kind_name((enum ir_kind)m->from_kind), m->from_label,
               first->is_removed ? "removed" : "moved");
    diag_note(p->diag, first->from_span, "first here");
}

/* check_moves: a moved `to` is declared; no `from` is still declared; an
 * old address appears in one block only. Runs after every resource block
 * is collected. */
void check_moves(struct program *p)
{
    for (size_t i = 0; i < p->n_moves; i++) {
        const struct m_move *m = &p->moves[i];
        const char *kind = ir_kind_name((enum ir_kind)m->from_kind);
        struct m_res *still = ptrmap_get(&p->labels[m->from_kind], m->from_label);
        if (still) {
            diag_error(p->diag, m->from_span,
                       m->is_removed ? "delete the removed block, or the resource block"
                                     : "rename the resource block to the new label",
                       "%s.%s is still declared", kind, m->from_label);
            diag_note(p->diag, still->node->labels.head->span, "declared here");
        }
        if (!m->is_removed && !ptrmap_get(&p->labels[m->to_kind], m->to_label))
            diag_error(p->diag, m->to_span, "declare the resource it moves to",
                       "%s.%s is not declared", kind, m->to_label);
        for (size_t j = 0; j < i; j++)
            if (p->moves[j].from_kind == m->from_kind && p->moves[j].from_label == m->from_label) {
                key_note(p, m, &p->moves[j]);
                break;
            }
    }
}
