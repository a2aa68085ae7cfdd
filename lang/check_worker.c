/* Checks a worker's nested blocks: bindings {}, vars {}, secrets {} and
 * consumes queue.x {}; records dependency edges for the cycle check. */
#include <stdio.h>
#include <string.h>

#include "lang/check.h"

static const enum ir_binding_type bind_of_kind[IR_N_KINDS] = {
    IR_BIND_D1,     IR_BIND_R2, IR_BIND_VECTORIZE,
    IR_BIND_QUEUE,  IR_BIND_KV, IR_BIND_DURABLE_OBJECT,
    IR_BIND_SERVICE};

static struct m_bind *add_bind(struct program *p, struct m_res *r, const struct ast_node *e)
{
    for (size_t i = 0; i < r->n_binds; i++)
        if (r->binds[i].name == e->str) {
            diag_error(p->diag, e->name_span, "bindings, vars and secrets share one namespace",
                       "binding name '%s' is used twice in worker '%s'", e->str, r->label);
            diag_note(p->diag, r->binds[i].span, "first used here");
            return NULL;
        }
    if (r->n_binds == r->cap_binds) {
        r->cap_binds = r->cap_binds ? r->cap_binds * 2 : 8;
        r->binds = arena_grow(p->arena, r->binds, r->n_binds, r->cap_binds, sizeof *r->binds);
    }
    struct m_bind *b = &r->binds[r->n_binds++];
    memset(b, 0, sizeof *b);
    b->name = e->str;
    b->span = e->name_span;
    return b;
}

/* written_attr: the value written for attribute name in blk, or NULL */
static const struct ast_node *written_attr(const struct ast_node *blk, const char *name)
{
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind == AST_ATTR && !strcmp(e->str, name))
            return e->a;
    return NULL;
}

/* durable_binding: a binding to a durable_object. Its host binds it without
 * an edge (the host's own upload makes it: no cycle); another worker comes
 * after it. Returns false after an error. */
static bool durable_binding(struct program *p, struct m_res *r, struct m_res *d,
                            const struct ast_node *e)
{
    const struct ast_node *del = written_attr(d->node, "delete");
    const struct ast_node *host = written_attr(d->node, "worker");
    if (del && del->kind == AST_BOOL && del->b) {
        diag_error(p->diag, e->a->span, "remove the binding: the class and its data are deleted",
                   "binding '%s' uses %s, which says delete = true", e->str, res_display(p, d));
        return false;
    }
    bool is_host = host && host->kind == AST_PATH && host->items.n == 2 &&
                   host->items.head->next->str == r->label;
    return is_host;
}

/* producer_settings: the `{ delivery_delay = N }` after a queue binding */
static void producer_settings(struct program *p, struct m_res *r, const struct ast_node *map,
                              struct m_bind *b)
{
    const struct sch_kind *k = &p->schema->producer;
    for (const struct ast_node *e = map->items.head; e; e = e->next) {
        if (e->kind != AST_ATTR)
            continue;
        const struct sch_attr *a = schema_attr(k, e->str);
        if (!a || b->type != IR_BIND_QUEUE) {
            diag_error(p->diag, e->name_span,
                       b->type == IR_BIND_QUEUE ? "a queue binding takes delivery_delay"
                                                : "only queue bindings take settings",
                       "unknown setting '%s' on binding '%s'", e->str, b->name);
            continue;
        }
        struct eval_ctx c = {p, r, NULL, false};
        struct val v = eval(&c, e->a);
        if (v.type == VAL_NULL || !check_value(p, a, &v))
            continue;
        b->has_delivery_delay = true;
        b->delivery_delay = v.known ? v.i : 0;
    }
}

/* bindings { NAME = kind.label | kind.label { settings } | ai | null } */
static void binding(struct program *p, struct m_res *r, const struct ast_node *e)
{
    struct eval_ctx c = {p, r, NULL, false};
    const struct ast_node *settings = e->a->kind == AST_WITH ? e->a->b_ : NULL;
    struct val v = eval(&c, settings ? e->a->a : e->a);
    if (v.type == VAL_ERROR || v.type == VAL_NULL)
        return; /* null leaves the binding out */
    if (v.type == VAL_AI || (v.type == VAL_REF && !v.attr)) {
        bool is_own = false;
        if (v.res && v.res->kind == IR_DURABLE_OBJECT) {
            int errors = p->diag->n_errors;
            is_own = durable_binding(p, r, v.res, e);
            if (p->diag->n_errors != errors)
                return;
        }
        struct m_bind *b = add_bind(p, r, e);
        if (!b)
            return;
        b->type = v.type == VAL_AI ? IR_BIND_AI : bind_of_kind[v.res->kind];
        b->target = v.res;
        b->span = e->span;
        if (v.res && !is_own)
            res_add_edge(p, r, v.res, v.res->kind == IR_WORKER ? EDGE_SERVICE : EDGE_BINDING,
                         e->span, b);
        if (settings)
            producer_settings(p, r, settings, b);
        return;
    }
    diag_error(p->diag, v.span,
               v.type == VAL_SECRET ? "secrets go in the secrets {} block"
                                    : "bind a resource (database.x, bucket.x, index.x, queue.x, "
                                      "kv.x, worker.x) or ai; values go in vars {}",
               "binding '%s' must reference a resource, found %s", e->str,
               v.type == VAL_REF ? "an attribute reference" : val_a(v.type));
}

/* vars { NAME = string | int | bool } */
static void var(struct program *p, struct m_res *r, const struct ast_node *e)
{
    struct eval_ctx c = {p, r, NULL, false};
    struct val v = eval(&c, e->a);
    if (v.type == VAL_ERROR || v.type == VAL_NULL)
        return; /* null leaves the var out */
    if (v.type == VAL_SECRET) {
        diag_error(p->diag, v.span, "move it to the worker's secrets {} block",
                   "secret value cannot flow into vars (they are stored in plain text)");
        return;
    }
    if (v.type == VAL_REF) {
        diag_error(p->diag, v.span, "bind the resource in bindings {} instead",
                   "var '%s' must be known before apply; %s is not", e->str,
                   v.attr ? arena_printf(p->arena, "%s.%s", res_display(p, v.res), v.attr)
                          : res_display(p, v.res));
        return;
    }
    if (v.type != VAL_STRING && v.type != VAL_INT && v.type != VAL_BOOL) {
        diag_error(p->diag, v.span, NULL, "var '%s' must be a string, int or bool, found %s",
                   e->str, val_a(v.type));
        return;
    }
    struct m_bind *b = add_bind(p, r, e);
    if (!b)
        return;
    b->type = IR_BIND_PLAIN_TEXT;
    b->span = e->span;
    if (v.known && v.type == VAL_INT)
        v.s = arena_printf(p->arena, "%lld", (long long)v.i);
    else if (v.known && v.type == VAL_BOOL)
        v.s = v.b ? "true" : "false";
    v.type = VAL_STRING;
    b->v = v;
}

/* secrets { NAME = config.SECRET } */
static void secret(struct program *p, struct m_res *r, const struct ast_node *e)
{
    struct eval_ctx c = {p, r, NULL, false};
    struct val v = eval(&c, e->a);
    if (v.type == VAL_ERROR || v.type == VAL_NULL)
        return; /* null leaves the secret out */
    if (v.type != VAL_SECRET) {
        diag_error(p->diag, v.span, "declare `config NAME: secret` and write config.NAME",
                   "secret '%s' must be a secret config value, found %s", e->str, val_a(v.type));
        return;
    }
    struct m_bind *b = add_bind(p, r, e);
    if (!b)
        return;
    b->type = IR_BIND_SECRET_TEXT;
    b->span = e->span;
    b->v = v;
}

static void entries(struct program *p, struct m_res *r, const struct ast_node *blk,
                    void (*fn)(struct program *, struct m_res *, const struct ast_node *))
{
    if (blk->labels.n)
        diag_error(p->diag, blk->labels.head->span, NULL, "'%s' takes no label", blk->str);
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind == AST_ATTR)
            fn(p, r, e);
        else if (e->kind == AST_BLOCK)
            diag_error(p->diag, e->name_span, NULL, "unexpected block '%s' in %s {}", e->str,
                       blk->str);
    }
}

static int64_t setting(struct program *p, const struct ast_node *blk, const char *name,
                       struct m_res *r, struct val *out)
{
    const struct sch_attr *a =
        schema_attr(&p->schema->consumer, intern_str(p->names, name, strlen(name)));
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind == AST_ATTR && !strcmp(e->str, name)) {
            struct eval_ctx c = {p, r, NULL, false};
            struct val v = eval(&c, e->a);
            if (v.type != VAL_NULL && check_value(p, a, &v)) {
                *out = v;
                return v.known ? v.i : 0;
            }
            break;
        }
    return a->def ? a->def->i : -1; /* -1: not set, Cloudflare decides */
}

static void consumer_settings(struct program *p, struct m_res *r, const struct ast_node *blk,
                              struct m_consumer *m)
{
    const struct sch_kind *k = &p->schema->consumer;
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind == AST_BLOCK || (e->kind == AST_ATTR && !schema_attr(k, e->str))) {
            const char *cands[8];
            for (size_t i = 0; i < k->n_attrs && i < 8; i++)
                cands[i] = k->attrs[i].name;
            const char *s = diag_suggest(e->str, cands, k->n_attrs < 8 ? k->n_attrs : 8);
            diag_error(
                p->diag, e->name_span, s ? arena_printf(p->arena, "did you mean '%s'?", s) : NULL,
                "unknown %s '%s' in consumes", e->kind == AST_BLOCK ? "block" : "setting", e->str);
        }
    }
    struct val v = val_make(VAL_ERROR, blk->span), dl = val_make(VAL_ERROR, blk->span);
    m->batch_size = setting(p, blk, "batch_size", r, &v);
    m->max_retries = setting(p, blk, "max_retries", r, &v);
    m->max_wait_ms = setting(p, blk, "max_wait_ms", r, &v);
    m->max_concurrency = setting(p, blk, "max_concurrency", r, &v);
    m->retry_delay = setting(p, blk, "retry_delay", r, &v);
    setting(p, blk, "dead_letter", r, &dl);
    if (dl.type == VAL_REF) {
        m->dead_letter = dl.res;
        res_add_edge(p, m->queue, dl.res, EDGE_DEAD_LETTER, dl.span, NULL);
    }
}

/* consumes queue.LABEL { batch_size max_retries max_wait_ms dead_letter } */
static void consumes(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    const struct ast_node *l = blk->labels.head;
    if (blk->labels.n != 1 || l->kind != AST_PATH) {
        diag_error(p->diag, l ? l->span : blk->name_span, "write consumes queue.LABEL { ... }",
                   "consumes needs one queue reference");
        return;
    }
    struct eval_ctx c = {p, NULL, NULL, false};
    struct val v = eval(&c, l);
    if (v.type == VAL_ERROR)
        return;
    if (v.type != VAL_REF || v.attr || v.res->kind != IR_QUEUE) {
        diag_error(p->diag, l->span, NULL, "consumes needs a queue, found %s",
                   v.type == VAL_REF ? res_display(p, v.res) : val_type_name(v.type));
        return;
    }
    const struct ast_node *prev = ptrmap_get(&p->consumers, v.res);
    if (prev) {
        diag_error(p->diag, l->span, "a queue has one consumer worker", "%s already has a consumer",
                   res_display(p, v.res));
        diag_note(p->diag, prev->labels.head->span, "first consumed here");
        return;
    }
    ptrmap_put(&p->consumers, v.res, (void *)blk);
    if (r->n_consumers == r->cap_consumers) {
        r->cap_consumers = r->cap_consumers ? r->cap_consumers * 2 : 2;
        r->consumers = arena_grow(p->arena, r->consumers, r->n_consumers, r->cap_consumers,
                                  sizeof *r->consumers);
    }
    struct m_consumer *m = &r->consumers[r->n_consumers++];
    memset(m, 0, sizeof *m);
    m->queue = v.res;
    m->span = blk->span;
    res_add_edge(p, r, v.res, EDGE_CONSUMES, l->span, NULL);
    consumer_settings(p, r, blk, m);
}

void check_worker_block(struct program *p, struct m_res *r, const struct ast_node *blk)
{
    static const char *const names[] = {"bindings", "vars", "secrets", "consumes", "observability"};
    if (blk->str == p->kw.bindings)
        entries(p, r, blk, binding);
    else if (blk->str == p->kw.vars)
        entries(p, r, blk, var);
    else if (blk->str == p->kw.secrets)
        entries(p, r, blk, secret);
    else if (blk->str == p->kw.consumes)
        consumes(p, r, blk);
    else if (!strcmp(blk->str, "observability"))
        check_observability(p, r, blk);
    else {
        const char *s = diag_suggest(blk->str, names, 5);
        diag_error(p->diag, blk->name_span,
                   s ? arena_printf(p->arena, "did you mean '%s'?", s)
                     : "a worker has bindings, vars, secrets, consumes and observability blocks",
                   "unknown block '%s' in worker '%s'", blk->str, r->label);
    }
}
