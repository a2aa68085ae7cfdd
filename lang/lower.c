/* Lowers the checked program model to the IR (lang/ir.h) in topological
 * order. Copies every string into the IR arena; never reads the AST after. */
#include <stdlib.h>
#include <string.h>

#include "lang/lower.h"

static const char *cp(struct arena *ir, const char *s)
{
    return s ? arena_strdup(ir, s) : NULL;
}

static struct ir_value value(struct arena *ir, const struct val *v)
{
    struct ir_value out;
    memset(&out, 0, sizeof out);
    out.type = IR_NULL;
    if (!v->known && v->type != VAL_SECRET && v->type != VAL_REF)
        return out;
    switch (v->type) {
    case VAL_STRING:
        out.type = IR_STRING;
        out.u.s = cp(ir, v->s);
        break;
    case VAL_INT:
        out.type = IR_INT;
        out.u.i = v->i;
        break;
    case VAL_NUMBER:
        out.type = IR_NUMBER;
        out.u.d = v->d;
        break;
    case VAL_BOOL:
        out.type = IR_BOOL;
        out.u.b = v->b;
        break;
    case VAL_LIST:
        out.type = IR_LIST;
        out.u.list.items = arena_alloc(ir, (v->n + 1) * sizeof *out.u.list.items);
        out.u.list.n_items = v->n;
        for (size_t i = 0; i < v->n; i++)
            out.u.list.items[i] = value(ir, &v->items[i]);
        break;
    case VAL_MAP:
        out.type = IR_MAP;
        out.u.map.keys = arena_alloc(ir, (v->n + 1) * sizeof *out.u.map.keys);
        out.u.map.values = arena_alloc(ir, (v->n + 1) * sizeof *out.u.map.values);
        out.u.map.n_entries = v->n;
        for (size_t i = 0; i < v->n; i++) {
            out.u.map.keys[i] = cp(ir, v->keys[i]);
            out.u.map.values[i] = value(ir, &v->items[i]);
        }
        break;
    case VAL_SECRET:
        out.type = IR_SECRET;
        out.u.secret.config_key = cp(ir, v->config_key);
        out.u.secret.sealed = v->known ? cp(ir, v->s) : NULL;
        break;
    case VAL_REF:
        out.type = IR_REF;
        out.u.ref.resource = v->res->topo;
        out.u.ref.attr = cp(ir, v->attr);
        break;
    default:
        break;
    }
    return out;
}

static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void lower_deps(struct arena *ir, const struct m_res *r, struct ir_resource *out)
{
    size_t *deps = arena_alloc(ir, (r->n_edges + 1) * sizeof *deps);
    size_t n = 0;
    for (size_t i = 0; i < r->n_edges; i++) {
        const struct m_edge *e = &r->edges[i];
        if (e->to == r || (e->bind && e->bind->is_cyclic))
            continue;
        deps[n++] = e->to->topo;
    }
    qsort(deps, n, sizeof *deps, cmp_size);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || deps[u - 1] != deps[i])
            deps[u++] = deps[i];
    out->deps = deps;
    out->n_deps = u;
}

static void lower_worker(struct arena *ir, const struct m_res *r, struct ir_resource *out)
{
    out->bindings = arena_alloc(ir, (r->n_binds + 1) * sizeof *out->bindings);
    for (size_t i = 0; i < r->n_binds; i++) {
        const struct m_bind *b = &r->binds[i];
        struct ir_binding *o = &out->bindings[out->n_bindings++];
        o->name = cp(ir, b->name);
        o->type = b->type;
        o->target = b->target ? b->target->topo : 0;
        if (b->type == IR_BIND_PLAIN_TEXT || b->type == IR_BIND_SECRET_TEXT)
            o->value = value(ir, &b->v);
        o->is_cyclic = b->is_cyclic;
        o->has_delivery_delay = b->has_delivery_delay;
        o->delivery_delay = b->delivery_delay;
        o->span = b->span;
    }
    out->consumers = arena_alloc(ir, (r->n_consumers + 1) * sizeof *out->consumers);
    for (size_t i = 0; i < r->n_consumers; i++) {
        const struct m_consumer *c = &r->consumers[i];
        out->consumers[out->n_consumers++] =
            (struct ir_consumer){.queue = c->queue->topo,
                                 .batch_size = c->batch_size,
                                 .max_retries = c->max_retries,
                                 .max_wait_ms = c->max_wait_ms,
                                 .max_concurrency = c->max_concurrency,
                                 .retry_delay = c->retry_delay,
                                 .has_dead_letter = c->dead_letter != NULL,
                                 .dead_letter = c->dead_letter ? c->dead_letter->topo : 0,
                                 .span = c->span};
    }
    out->crons = arena_alloc(ir, (r->n_crons + 1) * sizeof *out->crons);
    for (size_t i = 0; i < r->n_crons; i++)
        out->crons[out->n_crons++] = cp(ir, r->crons[i]);
    out->main_path = cp(ir, r->main_path);
}

static void lower_create_only(struct arena *ir, const struct sch_kind *k, struct ir_resource *out)
{
    out->create_only = arena_alloc(ir, (k->n_attrs + 1) * sizeof *out->create_only);
    for (size_t i = 0; i < k->n_attrs; i++)
        if (k->attrs[i].replace)
            out->create_only[out->n_create_only++] = cp(ir, k->attrs[i].name);
}

static void lower_res(struct arena *ir, const struct m_res *r, const struct sch_kind *k,
                      struct ir_resource *out)
{
    lower_create_only(ir, k, out);
    out->kind = r->kind;
    out->label = cp(ir, r->label);
    out->name = cp(ir, r->name);
    out->span = r->node->span;
    out->protect = r->protect;
    out->existing = cp(ir, r->existing);
    for (size_t i = 0; i < r->n_attrs; i++)
        if (r->kind == IR_DURABLE_OBJECT && !strcmp(r->attrs[i].name, "delete") &&
            r->attrs[i].v.type == VAL_BOOL && r->attrs[i].v.b)
            out->is_deleted = true;
    out->attrs = arena_alloc(ir, (r->n_attrs + 1) * sizeof *out->attrs);
    for (size_t i = 0; i < r->n_attrs; i++) {
        const struct m_attr *a = &r->attrs[i];
        out->attrs[out->n_attrs++] = (struct ir_attr){
            cp(ir, a->name), value(ir, &a->v), a->sch && a->sch->replace, a->is_default, a->span};
    }
    if (r->kind == IR_WORKER)
        lower_worker(ir, r, out);
    lower_deps(ir, r, out);
}

static const char *address(struct arena *ir, int kind, const char *label)
{
    return arena_printf(ir, "%s.%s", ir_kind_name((enum ir_kind)kind), label);
}

static void lower_moves(struct arena *ir, const struct program *p, struct ir_program *out)
{
    out->moves = arena_alloc(ir, (p->n_moves + 1) * sizeof *out->moves);
    out->n_moves = p->n_moves;
    for (size_t i = 0; i < p->n_moves; i++) {
        const struct m_move *m = &p->moves[i];
        out->moves[i] = (struct ir_move){
            address(ir, m->from_kind, m->from_label),
            m->is_removed ? NULL : address(ir, m->to_kind, m->to_label), m->destroy, m->span};
    }
}

struct ir_program *lower_program(struct arena *ir, const struct program *p)
{
    struct ir_program *out = arena_alloc(ir, sizeof *out);
    out->project = cp(ir, p->project);
    out->stack = cp(ir, p->stack);
    out->dir = cp(ir, p->dir);
    out->secrets_salt = cp(ir, p->salt);
    out->secrets_check = cp(ir, p->check);
    for (size_t i = 0; i < p->n_configs; i++)
        if (!strcmp(p->configs[i].name, "account_id") && p->configs[i].value.type == VAL_STRING &&
            p->configs[i].has_value && p->configs[i].value.known)
            out->account_id = cp(ir, p->configs[i].value.s);
    out->resources = arena_alloc(ir, (p->n_res + 1) * sizeof *out->resources);
    out->n_resources = p->n_res;
    for (size_t i = 0; i < p->n_res; i++)
        lower_res(ir, p->res[i], &p->schema->kinds[p->res[i]->kind],
                  &out->resources[p->res[i]->topo]);
    out->outputs = arena_alloc(ir, (p->n_outputs + 1) * sizeof *out->outputs);
    for (size_t i = 0; i < p->n_outputs; i++) {
        const struct m_output *o = &p->outputs[i];
        out->outputs[out->n_outputs++] =
            (struct ir_output){cp(ir, o->name), value(ir, &o->v), false, o->span};
    }
    lower_moves(ir, p, out);
    return out;
}
