/* Checks one resource block against its kind's schema: known attributes,
 * types, enums, ranges, required attributes, defaults applied. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/check.h"

/* res_add_attr: see check.h. */
void res_add_attr(struct program *p, struct m_res *r, struct m_attr a)
{
    if (r->n_attrs == r->cap_attrs) {
        r->cap_attrs = r->cap_attrs ? r->cap_attrs * 2 : 8;
        r->attrs = arena_grow(p->arena, r->attrs, r->n_attrs, r->cap_attrs, sizeof *r->attrs);
    }
    r->attrs[r->n_attrs++] = a;
}

static struct m_attr *find(struct m_res *r, const char *name)
{
    for (size_t i = 0; i < r->n_attrs; i++)
        if (r->attrs[i].name == name)
            return &r->attrs[i];
    return NULL;
}

static const char *list_values(struct program *p, const struct sch_attr *a)
{
    char *s = arena_strdup(p->arena, "");
    for (size_t i = 0; i < a->n_values; i++)
        s = arena_printf(p->arena, "%s%s%s", s, i ? ", " : "", a->values[i]);
    return s;
}

/* check_enum_as: v is one of a's values; `what` names one (NULL: a's name) */
static bool check_enum_as(struct program *p, const struct sch_attr *a, const struct val *v,
                          const char *what)
{
    if (!v->known)
        return true;
    for (size_t i = 0; i < a->n_values; i++)
        if (!strcmp(a->values[i], v->s))
            return true;
    const char *s = diag_suggest(v->s, a->values, a->n_values);
    diag_error(p->diag, v->span,
               s ? arena_printf(p->arena, "did you mean '%s'?", s)
                 : arena_printf(p->arena, "expected one of: %s", list_values(p, a)),
               "'%s' is not a valid %s", v->s, what ? what : a->name);
    return false;
}

static bool check_enum(struct program *p, const struct sch_attr *a, const struct val *v)
{
    return check_enum_as(p, a, v, NULL);
}

static bool check_int(struct program *p, const struct sch_attr *a, const struct val *v)
{
    if (!v->known || ((!a->has_min || v->i >= a->min) && (!a->has_max || v->i <= a->max)))
        return true;
    diag_error(p->diag, v->span, NULL, "%s must be between %lld and %lld, found %lld", a->name,
               (long long)a->min, (long long)a->max, (long long)v->i);
    return false;
}

/* check_number: a number within the schema's range (min_d..max_d) */
static bool check_number(struct program *p, const struct sch_attr *a, const struct val *v)
{
    if (!v->known || ((!a->has_min || v->d >= a->min_d) && (!a->has_max || v->d <= a->max_d)))
        return true;
    diag_error(p->diag, v->span, NULL, "%s must be between %s and %s, found %s", a->name,
               arena_number(p->arena, a->min_d), arena_number(p->arena, a->max_d),
               arena_number(p->arena, v->d));
    return false;
}

static enum val_type want_type(enum sch_type t)
{
    switch (t) {
    case SCH_INT:
        return VAL_INT;
    case SCH_NUMBER:
        return VAL_NUMBER;
    case SCH_BOOL:
        return VAL_BOOL;
    case SCH_LIST:
    case SCH_CRON_LIST:
    case SCH_ROUTE_LIST:
    case SCH_HOST_LIST:
    case SCH_ENUM_LIST:
        return VAL_LIST;
    case SCH_ENUM_MAP:
        return VAL_MAP;
    case SCH_QUEUE_REF:
    case SCH_WORKER_REF:
        return VAL_REF;
    default:
        return VAL_STRING;
    }
}

/* is_string_item: is it a string, as every item of a list attribute must be? */
static bool is_string_item(struct program *p, const struct sch_attr *a, const struct val *it)
{
    if (it->type == VAL_STRING)
        return true;
    diag_error(p->diag, it->span, NULL, "%s must be a list of strings, found %s", a->name,
               val_a(it->type));
    return false;
}

static bool check_list(struct program *p, const struct sch_attr *a, const struct val *v)
{
    bool ok = true;
    for (size_t i = 0; i < v->n; i++) {
        const struct val *it = &v->items[i];
        if (!is_string_item(p, a, it)) {
            ok = false;
        } else if (a->type == SCH_CRON_LIST && it->known) {
            ok = names_check_cron(p, it) && ok;
        } else if ((a->type == SCH_ROUTE_LIST || a->type == SCH_HOST_LIST) && it->known) {
            ok = names_check_host(p, it, a->type == SCH_ROUTE_LIST) && ok;
        } else if (it->known) {
            ok = names_check_flag(p, it) && ok;
        }
    }
    return ok;
}

/* [enum, ...]: each a value of the enum, at most once */
static bool check_enum_list(struct program *p, const struct sch_attr *a, const struct val *v)
{
    bool ok = true;
    if (v->n == 0) {
        diag_error(p->diag, v->span,
                   arena_printf(p->arena, "one or more of: %s", list_values(p, a)),
                   "%s must not be empty", a->name);
        return false;
    }
    for (size_t i = 0; i < v->n; i++) {
        const struct val *it = &v->items[i];
        if (!is_string_item(p, a, it)) {
            ok = false;
            continue;
        }
        ok = check_enum_as(p, a, it, arena_printf(p->arena, "entry of %s", a->name)) && ok;
        for (size_t j = 0; j < i && it->known; j++)
            if (v->items[j].type == VAL_STRING && v->items[j].known &&
                !strcmp(v->items[j].s, it->s)) {
                diag_error(p->diag, it->span, "list each value once", "'%s' is listed twice in %s",
                           it->s, a->name);
                ok = false;
            }
    }
    return ok;
}

/* { NAME = enum, ... }: each value of the enum, at most max entries */
static bool check_enum_map(struct program *p, const struct sch_attr *a, const struct val *v)
{
    bool ok = true;
    if (a->has_max && (int64_t)v->n > a->max) {
        diag_error(p->diag, v->span, "Cloudflare refuses more; drop the fields no query filters on",
                   "%s has %zu entries, at most %lld are allowed", a->name, v->n,
                   (long long)a->max);
        ok = false;
    }
    for (size_t i = 0; i < v->n; i++) {
        const struct val *it = &v->items[i];
        if (it->type != VAL_STRING) {
            diag_error(p->diag, it->span, arena_printf(p->arena, "one of: %s", list_values(p, a)),
                       "%s.%s must be a type name string, found %s", a->name, v->keys[i],
                       val_a(it->type));
            ok = false;
        } else if (it->known) {
            ok = check_enum_as(p, a, it,
                               arena_printf(p->arena, "type for %s.%s", a->name, v->keys[i])) &&
                 ok;
        }
    }
    return ok;
}

bool check_value(struct program *p, const struct sch_attr *a, struct val *v)
{
    if (v->type == VAL_ERROR)
        return false;
    if (a->type == SCH_NUMBER && v->type == VAL_INT) { /* 1 where a number goes: 1.0 */
        v->type = VAL_NUMBER;
        v->d = (double)v->i;
    }
    if (v->type == VAL_SECRET) {
        diag_error(p->diag, v->span, "secrets may only flow into a worker's secrets {} block",
                   "secret value cannot be used as '%s'", a->name);
        return false;
    }
    enum val_type t = want_type(a->type);
    if (v->type != t || (t == VAL_REF && v->attr)) {
        if (a->type == SCH_WORKER_REF) {
            diag_error(p->diag, v->span, NULL,
                       "'%s' must be a worker reference (worker.LABEL), found %s", a->name,
                       val_a(v->type));
            return false;
        }
        if (a->type != SCH_QUEUE_REF) {
            diag_error(p->diag, v->span, NULL, "'%s' must be %s, found %s", a->name, val_a(t),
                       val_a(v->type));
            return false;
        }
        diag_error(p->diag, v->span, NULL, "'%s' must be a queue reference (queue.LABEL), found %s",
                   a->name, val_a(v->type));
        return false;
    }
    switch (a->type) {
    case SCH_ENUM:
        return check_enum(p, a, v);
    case SCH_INT:
        return check_int(p, a, v);
    case SCH_NUMBER:
        return check_number(p, a, v);
    case SCH_LIST:
    case SCH_CRON_LIST:
    case SCH_ROUTE_LIST:
    case SCH_HOST_LIST:
        return check_list(p, a, v);
    case SCH_ENUM_LIST:
        return check_enum_list(p, a, v);
    case SCH_ENUM_MAP:
        return check_enum_map(p, a, v);
    case SCH_DATE:
        return !v->known || names_check_date(p, a, v);
    case SCH_QUEUE_REF:
        if (v->res->kind != IR_QUEUE) {
            diag_error(p->diag, v->span, NULL, "'%s' must reference a queue, found %s", a->name,
                       res_display(p, v->res));
            return false;
        }
        return true;
    case SCH_WORKER_REF:
        if (v->res->kind != IR_WORKER) {
            diag_error(p->diag, v->span, NULL, "'%s' must reference a worker, found %s", a->name,
                       res_display(p, v->res));
            return false;
        }
        return true;
    default:
        return true;
    }
}

static void unknown_attr(struct program *p, const struct sch_kind *k, const struct ast_node *e,
                         const char *where)
{
    const char **cands = arena_alloc(p->arena, (k->n_attrs + 3) * sizeof *cands);
    size_t n = 0;
    for (size_t i = 0; i < k->n_attrs; i++)
        cands[n++] = k->attrs[i].name;
    cands[n++] = p->kw.name;
    cands[n++] = p->kw.protect;
    const char *s = diag_suggest(e->str, cands, n);
    diag_error(p->diag, e->name_span, s ? arena_printf(p->arena, "did you mean '%s'?", s) : NULL,
               "unknown attribute '%s' in %s", e->str, where);
}

static bool duplicate(struct program *p, const struct ast_node *blk, const struct ast_node *e)
{
    for (const struct ast_node *o = blk->items.head; o != e; o = o->next)
        if (o->kind == e->kind && o->str == e->str) {
            diag_error(p->diag, e->name_span, NULL, "'%s' is set twice", e->str);
            diag_note(p->diag, o->name_span, "first set here");
            return true;
        }
    return false;
}

/* attr -> NAME = expr, checked against the kind's schema */
static void resource_attr(struct program *p, struct m_res *r, const struct ast_node *e,
                          const char *where)
{
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    if (duplicate(p, r->node, e) || e->str == p->kw.name)
        return; /* name: eval_name checks it */
    struct eval_ctx c = {p, r, NULL, false};
    if (e->str == p->kw.protect) {
        struct val v = eval(&c, e->a);
        static const struct sch_attr protect = {.name = "protect", .type = SCH_BOOL};
        if (check_value(p, &protect, &v))
            r->protect = v.b;
        return;
    }
    const struct sch_attr *a = schema_attr(k, e->str);
    if (!a) {
        unknown_attr(p, k, e, where);
        return;
    }
    struct val v = eval(&c, e->a);
    if (v.type == VAL_NULL)
        return; /* null: as if not set (the default applies) */
    if (!check_value(p, a, &v))
        v = val_make(VAL_ERROR, v.span); /* keep it: no "missing" or default after an error */
    else if (a->type == SCH_WORKER_REF)  /* a durable object comes after its host */
        res_add_edge(p, r, v.res, EDGE_REF, v.span, NULL);
    res_add_attr(p, r, (struct m_attr){a, a->name, v, e->span, false});
}

void check_defaults(struct program *p, int kind)
{
    const struct ast_node *blk = p->defaults[kind];
    if (!blk)
        return;
    const struct sch_kind *k = &p->schema->kinds[kind];
    struct m_attr *out = arena_alloc(p->arena, (blk->items.n + 1) * sizeof *out);
    size_t n = 0;
    const char *where = arena_printf(p->arena, "defaults %s", k->name);
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind == AST_BLOCK || e->str == p->kw.name) {
            diag_error(p->diag, e->name_span, "defaults blocks hold attributes shared by a kind",
                       "'%s' cannot be set in defaults", e->str);
            continue;
        }
        if (e->kind != AST_ATTR || duplicate(p, blk, e))
            continue;
        const struct sch_attr *a = schema_attr(k, e->str);
        struct eval_ctx c = {p, NULL, NULL, false};
        if (!a && e->str != p->kw.protect) {
            unknown_attr(p, k, e, where);
            continue;
        }
        static const struct sch_attr protect = {.name = "protect", .type = SCH_BOOL};
        struct val v = eval(&c, e->a);
        if (check_value(p, a ? a : &protect, &v))
            out[n++] = (struct m_attr){a, a ? a->name : p->kw.protect, v, e->span, true};
    }
    p->default_attrs[kind] = out;
    p->n_default_attrs[kind] = n;
}

static void apply_defaults(struct program *p, struct m_res *r)
{
    for (size_t i = 0; i < p->n_default_attrs[r->kind]; i++) {
        struct m_attr a = p->default_attrs[r->kind][i];
        bool set = a.sch ? find(r, a.name) != NULL : false;
        if (!a.sch) { /* protect */
            bool own = false;
            for (const struct ast_node *e = r->node->items.head; e; e = e->next)
                own = own || (e->kind == AST_ATTR && e->str == p->kw.protect);
            if (!own)
                r->protect = a.v.b;
            continue;
        }
        bool lifted = a.sch->required_unless && find(r, a.sch->required_unless);
        if (!set && !lifted) { /* a preset replaces defaults for dimensions/metric */
            a.span = r->node->span;
            res_add_attr(p, r, a);
        }
    }
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    struct eval_ctx c = {p, NULL, NULL, false};
    for (size_t i = 0; i < k->n_attrs; i++)
        if (k->attrs[i].def && !find(r, k->attrs[i].name))
            res_add_attr(p, r,
                         (struct m_attr){&k->attrs[i], k->attrs[i].name, eval(&c, k->attrs[i].def),
                                         r->node->span, true});
}

static void check_required(struct program *p, struct m_res *r)
{
    const struct sch_kind *k = &p->schema->kinds[r->kind];
    const struct ast_node *lbl = r->node->labels.head;
    for (size_t i = 0; i < k->n_attrs; i++) {
        const struct sch_attr *a = &k->attrs[i];
        bool lifted = a->required_unless && find(r, a->required_unless);
        if (a->required_unless && !lifted && !find(r, a->name))
            diag_error(
                p->diag, lbl->span,
                arena_printf(p->arena, "set '%s', or '%s' instead", a->name, a->required_unless),
                "%s '%s' is missing '%s'", k->name, r->label, a->name);
        else if (a->required && !find(r, a->name))
            diag_error(p->diag, lbl->span, arena_printf(p->arena, "add `%s = ...`", a->name),
                       "%s '%s' is missing required attribute '%s'", k->name, r->label, a->name);
        else if (a->required_unless && lifted && find(r, a->name) && !find(r, a->name)->is_default)
            diag_error(
                p->diag, find(r, a->name)->span,
                arena_printf(p->arena, "'%s' sets it; remove one of them", a->required_unless),
                "'%s' cannot be combined with '%s'", a->name, a->required_unless);
    }
}

static int cmp_attr(const void *a, const void *b)
{
    return strcmp(((const struct m_attr *)a)->name, ((const struct m_attr *)b)->name);
}

void check_resource(struct program *p, struct m_res *r)
{
    const char *where = arena_printf(p->arena, "%s '%s'", ir_kind_name(r->kind), r->label);
    if (check_existing(p, r))
        return; /* a reference: no defaults, nothing required */
    eval_name(p, r);
    for (const struct ast_node *e = r->node->items.head; e; e = e->next) {
        if (e->kind == AST_ATTR)
            resource_attr(p, r, e, where);
        else if (e->kind == AST_BLOCK && r->kind == IR_WORKER)
            check_worker_block(p, r, e);
        else if (e->kind == AST_BLOCK && r->kind == IR_BUCKET)
            check_bucket_block(p, r, e);
        else if (e->kind == AST_BLOCK)
            diag_error(p->diag, e->name_span, "only workers and buckets have nested blocks",
                       "unexpected block '%s' in %s", e->str, where);
    }
    apply_defaults(p, r);
    check_required(p, r);
    if (r->kind == IR_WORKER)
        check_worker_attrs(p, r);
    if (r->n_attrs > 1)
        qsort(r->attrs, r->n_attrs, sizeof *r->attrs, cmp_attr);
}
