/* Evaluates references (stack, project, ai, config.x, kind.label[.attr]),
 * stdlib function calls, and physical names. Reports unknown names with a
 * "did you mean" hint; never reads secrets (only their sealed form). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/check.h"

static const char *seg(const struct ast_node *path, size_t i)
{
    const struct ast_node *s = path->items.head;
    while (i-- && s)
        s = s->next;
    return s ? s->str : NULL;
}

static struct dome_span seg_span(const struct ast_node *path, size_t i)
{
    const struct ast_node *s = path->items.head;
    while (i-- && s)
        s = s->next;
    return s ? s->span : path->span;
}

const char *res_display(struct program *p, const struct m_res *r)
{
    return arena_printf(p->arena, "%s.%s", ir_kind_name(r->kind), r->label);
}

void res_add_edge(struct program *p, struct m_res *r, struct m_res *to, enum m_edge_why why,
                  struct dome_span span, struct m_bind *bind)
{
    if (r->n_edges == r->cap_edges) {
        r->cap_edges = r->cap_edges ? r->cap_edges * 2 : 4;
        r->edges = arena_grow(p->arena, r->edges, r->n_edges, r->cap_edges, sizeof *r->edges);
    }
    r->edges[r->n_edges++] = (struct m_edge){to, why, span, bind};
}

static struct val err(struct dome_span sp)
{
    return val_make(VAL_ERROR, sp);
}

/* config.NAME */
static struct val eval_config(struct eval_ctx *c, const struct ast_node *e)
{
    struct program *p = c->p;
    const char *name = seg(e, 1);
    if (!name || e->items.n > 2) {
        diag_error(p->diag, e->span, "write config.NAME", "'config' needs one name after it");
        return err(e->span);
    }
    for (size_t i = 0; i < p->n_configs; i++) {
        struct m_config *cf = &p->configs[i];
        if (cf->name != name)
            continue;
        cf->is_used = true;
        if (cf->type == VAL_ERROR)
            return err(e->span);
        struct val v = cf->has_value ? cf->value : val_make(cf->type, e->span);
        v.known = cf->has_value && cf->value.known;
        v.span = e->span;
        if (cf->type == VAL_SECRET) {
            v.type = VAL_SECRET;
            v.config_key = cf->name;
        }
        return v;
    }
    const char **cands = arena_alloc(p->arena, (p->n_configs + 1) * sizeof *cands);
    for (size_t i = 0; i < p->n_configs; i++)
        cands[i] = p->configs[i].name;
    const char *s = diag_suggest(name, cands, p->n_configs);
    diag_error(p->diag, seg_span(e, 1),
               s ? arena_printf(p->arena, "did you mean 'config.%s'?", s)
                 : "declare it with `config NAME: TYPE`",
               "unknown config value '%s'", name);
    return err(e->span);
}

static const char *wrong_kind_hint(struct program *p, const char *label, int kind)
{
    for (int k = 0; k < IR_N_KINDS; k++)
        if (k != kind && ptrmap_get(&p->labels[k], label))
            return arena_printf(p->arena, "did you mean '%s.%s'?", ir_kind_name((enum ir_kind)k),
                                label);
    const char **cands = arena_alloc(p->arena, (p->n_res + 1) * sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < p->n_res; i++)
        if ((int)p->res[i]->kind == kind)
            cands[n++] = p->res[i]->label;
    const char *s = diag_suggest(label, cands, n);
    return s ? arena_printf(p->arena, "did you mean '%s.%s'?", ir_kind_name((enum ir_kind)kind), s)
             : NULL;
}

/* kind.label.attr: name (known at check time) or a runtime attribute (id) */
static struct val eval_res_attr(struct eval_ctx *c, const struct ast_node *e, struct m_res *r)
{
    struct program *p = c->p;
    const char *attr = seg(e, 2);
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    bool found = false;
    for (size_t i = 0; i < k->n_refs; i++)
        found = found || k->refs[i] == attr;
    if (!found || e->items.n > 3) {
        const char *s = diag_suggest(attr, k->refs, k->n_refs);
        const char *avail = "";
        for (size_t i = 0; i < k->n_refs; i++)
            avail = arena_printf(p->arena, "%s%s%s", avail, i ? ", " : "", k->refs[i]);
        diag_error(p->diag, seg_span(e, 2),
                   s ? arena_printf(p->arena, "did you mean '%s'?", s)
                     : arena_printf(p->arena, "a %s exposes: %s", k->name, avail),
                   "%s has no attribute '%s' to reference", res_display(p, r), attr);
        return err(e->span);
    }
    if (c->from)
        res_add_edge(p, c->from, r, EDGE_REF, e->span, NULL);
    if (attr != p->kw.name) {
        struct val v = val_make(VAL_REF, e->span);
        v.res = r;
        v.attr = attr;
        return v;
    }
    struct val v = val_make(VAL_STRING, e->span);
    v.s = eval_name(p, r);
    v.known = v.s != NULL;
    return v;
}

/* kind.label[.attr] */
static struct val eval_res(struct eval_ctx *c, const struct ast_node *e, int kind)
{
    struct program *p = c->p;
    const char *label = seg(e, 1);
    if (!label) {
        diag_error(p->diag, e->span, arena_printf(p->arena, "write %s.LABEL", seg(e, 0)),
                   "a reference to a %s needs a label", seg(e, 0));
        return err(e->span);
    }
    struct m_res *r = ptrmap_get(&p->labels[kind], label);
    if (!r) {
        diag_error(p->diag, e->span, wrong_kind_hint(p, label, kind), "no %s called '%s'",
                   seg(e, 0), label);
        return err(e->span);
    }
    if (e->items.n >= 3)
        return eval_res_attr(c, e, r);
    struct val v = val_make(VAL_REF, e->span);
    v.res = r;
    return v;
}

static struct val string_val(struct dome_span sp, const char *s)
{
    struct val v = val_make(VAL_STRING, sp);
    v.s = s;
    return v;
}

static struct val unknown_name(struct eval_ctx *c, const struct ast_node *e, const char *first)
{
    struct program *p = c->p;
    const char *cands[IR_N_KINDS + 5] = {"stack", "project", "config", "ai"};
    size_t n = 4;
    if (c->name_var)
        cands[n++] = "name";
    for (int k = 0; k < IR_N_KINDS; k++)
        cands[n++] = ir_kind_name((enum ir_kind)k);
    const char *s = diag_suggest(first, cands, n);
    const char *hint = s ? arena_printf(p->arena, "did you mean '%s'?", s) : NULL;
    for (int k = 0; !hint && k < IR_N_KINDS; k++) /* a bare label: jobs for queue.jobs */
        if (ptrmap_get(&p->labels[k], first))
            hint = arena_printf(p->arena, "did you mean '%s.%s'?", ir_kind_name((enum ir_kind)k),
                                first);
    diag_error(p->diag, seg_span(e, 0), hint, "unknown name '%s'", first);
    return err(e->span);
}

struct val eval_path(struct eval_ctx *c, const struct ast_node *e)
{
    struct program *p = c->p;
    const char *first = seg(e, 0);
    bool single = e->items.n == 1;
    if (first == p->kw.config)
        return eval_config(c, e);
    int kind = schema_kind_of(p->schema, first);
    if (kind >= 0)
        return eval_res(c, e, kind);
    if (!single) {
        if (first == p->kw.stack || first == p->kw.project || first == p->kw.ai)
            diag_error(p->diag, e->span, NULL, "'%s' has no attributes", first);
        else
            return unknown_name(c, e, first);
        return err(e->span);
    }
    if (first == p->kw.stack)
        return string_val(e->span, p->stack);
    if (first == p->kw.project)
        return string_val(e->span, p->project);
    if (first == p->kw.ai)
        return val_make(VAL_AI, e->span);
    if (c->name_var && first == p->kw.name)
        return string_val(e->span, c->name_var);
    return unknown_name(c, e, first);
}
