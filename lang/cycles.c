/* Finds dependency cycles by depth-first search over bindings, consumers,
 * dead-letter queues and attribute references. A cycle of service bindings
 * only is a note (its closing binding is marked is_cyclic for a two-phase
 * deploy); any other cycle is an error. Also fixes the topological order. */
#include <stdio.h>
#include <string.h>

#include "lang/check.h"

struct search {
    struct program *p;
    struct m_res **stack;  /* resources on the current path */
    struct m_edge **edges; /* edges[i] leads from stack[i] to stack[i+1] */
    size_t depth;
    size_t next_topo;
};

static const char *verb(enum m_edge_why why)
{
    switch (why) {
    case EDGE_SERVICE:
    case EDGE_BINDING:
        return "binds";
    case EDGE_CONSUMES:
        return "consumes";
    case EDGE_DEAD_LETTER:
        return "dead-letters into";
    default:
        return "references";
    }
}

static void report(struct search *s, size_t from, struct m_edge *closing)
{
    struct program *p = s->p;
    bool service_only = closing->why == EDGE_SERVICE;
    const char *path = res_display(p, s->stack[from]);
    for (size_t i = from; i < s->depth; i++) {
        struct m_edge *e = i + 1 < s->depth ? s->edges[i] : closing;
        service_only = service_only && e->why == EDGE_SERVICE;
        path = arena_printf(p->arena, "%s -> %s", path, res_display(p, e->to));
    }
    if (service_only) {
        closing->bind->is_cyclic = true;
        diag_emit(p->diag, DIAG_NOTE, closing->span,
                  arena_printf(p->arena,
                               "service bindings form a cycle: %s; apply will deploy it in two "
                               "phases (binding '%s' is added in the second)",
                               path, closing->bind->name),
                  NULL);
        return;
    }
    diag_error(p->diag, closing->span, "break the cycle by removing one of these dependencies",
               "dependency cycle: %s", path);
    for (size_t i = from; i < s->depth; i++) {
        struct m_edge *e = i + 1 < s->depth ? s->edges[i] : closing;
        diag_note(p->diag, e->span, "%s %s %s here", res_display(p, s->stack[i]), verb(e->why),
                  res_display(p, e->to));
    }
}

static void visit(struct search *s, struct m_res *r)
{
    r->mark = 1;
    s->stack[s->depth++] = r;
    for (size_t i = 0; i < r->n_edges; i++) {
        struct m_edge *e = &r->edges[i];
        if (e->to->mark == 0) {
            s->edges[s->depth - 1] = e;
            visit(s, e->to);
        } else if (e->to->mark == 1) {
            size_t from = 0;
            while (s->stack[from] != e->to)
                from++;
            report(s, from, e);
        }
    }
    r->mark = 2;
    r->topo = s->next_topo++;
    s->depth--;
}

void cycles_check(struct program *p)
{
    struct search s = {p, NULL, NULL, 0, 0};
    s.stack = arena_alloc(p->arena, (p->n_res + 1) * sizeof *s.stack);
    s.edges = arena_alloc(p->arena, (p->n_res + 1) * sizeof *s.edges);
    for (size_t i = 0; i < p->n_res; i++)
        if (p->res[i]->mark == 0)
            visit(&s, p->res[i]);
}
