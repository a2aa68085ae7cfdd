/* Loads the resource schema from stdlib/schema.dome (embedded as a C
 * string) using the ordinary parser. Never touches the network or files. */
#include "lang/schema.h"

#include <string.h>

#include "lang/parse.h"

extern const char stdlib_schema_text[];

static const char *lit_str(const struct ast_node *n)
{
    if (!n || n->kind != AST_STRING || n->items.n > 1)
        return NULL;
    if (n->items.n == 0)
        return "";
    return n->items.head->kind == AST_TEXT ? n->items.head->str : NULL;
}

static const char **lit_str_list(struct arena *a, struct intern *t, const struct ast_node *n,
                                 size_t *count)
{
    *count = 0;
    if (!n || n->kind != AST_LIST)
        return NULL;
    const char **out = arena_alloc(a, (n->items.n + 1) * sizeof *out);
    for (const struct ast_node *e = n->items.head; e; e = e->next) {
        const char *s = lit_str(e);
        if (s)
            out[(*count)++] = intern_str(t, s, strlen(s));
    }
    return out;
}

/* ORDER: enum sch_type */
static const char *const type_names[] = {"string",    "int",        "bool",      "enum",
                                         "list",      "date",       "path",      "cron_list",
                                         "queue_ref", "route_list", "host_list", "worker_ref",
                                         "number",    "enum_list",  "enum_map"};

/* sch_type_name: see schema.h. */
const char *sch_type_name(enum sch_type t)
{
    return (size_t)t < sizeof type_names / sizeof type_names[0] ? type_names[t] : "?";
}

static enum sch_type type_of(const char *s)
{
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        if (s && strcmp(s, type_names[i]) == 0)
            return (enum sch_type)i;
    return SCH_STRING;
}

static enum sch_vtype vtype_of(const char *s)
{
    static const char *const names[] = {"string", "int", "bool", "list", "secret"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (s && strcmp(s, names[i]) == 0)
            return (enum sch_vtype)i;
    return SCH_V_STRING;
}

/* bound: a range limit written as an integer or a decimal number */
static double bound(const struct ast_node *v)
{
    return v->kind == AST_NUMBER ? v->d : (double)v->i;
}

/* attr NAME { type = ... values = [...] min = .. max = .. default = .. replace = .. } */
static void load_attr(struct sch_attr *at, struct arena *a, struct intern *t,
                      const struct ast_node *blk)
{
    at->name = blk->labels.head->items.head->str;
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        const char *k = e->str;
        const struct ast_node *v = e->a;
        if (e->kind != AST_ATTR)
            continue;
        if (!strcmp(k, "type"))
            at->type = type_of(lit_str(v));
        else if (!strcmp(k, "values"))
            at->values = lit_str_list(a, t, v, &at->n_values);
        else if (!strcmp(k, "min"))
            at->has_min = true, at->min = v->i, at->min_d = bound(v);
        else if (!strcmp(k, "max"))
            at->has_max = true, at->max = v->i, at->max_d = bound(v);
        else if (!strcmp(k, "min_date"))
            at->min_date = lit_str(v);
        else if (!strcmp(k, "replace"))
            at->replace = v->b;
        else if (!strcmp(k, "required"))
            at->required = v->b;
        else if (!strcmp(k, "required_unless") && lit_str(v))
            at->required_unless = intern_str(t, lit_str(v), strlen(lit_str(v)));
        else if (!strcmp(k, "default"))
            at->def = v;
        else if (!strcmp(k, "doc"))
            at->doc = lit_str(v);
    }
}

static void load_kind_attr(struct sch_kind *k, struct arena *a, struct intern *t,
                           const struct ast_node *e)
{
    const struct ast_node *v = e->a;
    if (!strcmp(e->str, "binding"))
        k->binding = lit_str(v);
    else if (!strcmp(e->str, "name_pattern"))
        k->name_pattern = lit_str(v);
    else if (!strcmp(e->str, "name_min"))
        k->name_min = v->i;
    else if (!strcmp(e->str, "name_max"))
        k->name_max = v->i;
    else if (!strcmp(e->str, "name_replace"))
        k->name_replace = v->b;
    else if (!strcmp(e->str, "refs"))
        k->refs = lit_str_list(a, t, v, &k->n_refs);
}

/* kind NAME { attribute... attr NAME { ... }... } */
static void load_kind(struct sch_kind *k, struct arena *a, struct intern *t,
                      const struct ast_node *blk)
{
    k->name = blk->labels.head->items.head->str;
    size_t n = 0;
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        n += e->kind == AST_BLOCK;
    k->attrs = arena_alloc(a, (n + 1) * sizeof *k->attrs);
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind == AST_ATTR)
            load_kind_attr(k, a, t, e);
        else if (e->kind == AST_BLOCK && e->labels.n == 1)
            load_attr(&k->attrs[k->n_attrs++], a, t, e);
    }
}

/* function NAME { params = [..] optional = N returns = ".." stack_only = bool } */
static void load_fn(struct sch_fn *f, const struct ast_node *blk)
{
    f->name = blk->labels.head->items.head->str;
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind != AST_ATTR)
            continue;
        if (!strcmp(e->str, "params") && e->a->kind == AST_LIST)
            for (const struct ast_node *p = e->a->items.head; p && f->n_params < 4; p = p->next)
                f->params[f->n_params++] = vtype_of(lit_str(p));
        else if (!strcmp(e->str, "optional"))
            f->n_optional = (size_t)e->a->i;
        else if (!strcmp(e->str, "returns"))
            f->returns = vtype_of(lit_str(e->a));
        else if (!strcmp(e->str, "stack_only"))
            f->stack_only = e->a->b;
    }
}

static int load_block(struct schema *s, struct arena *a, struct intern *t,
                      const struct ast_node *blk)
{
    if (blk->kind != AST_BLOCK || blk->labels.n != 1 || blk->labels.head->kind != AST_PATH)
        return -1;
    const char *label = blk->labels.head->items.head->str;
    if (!strcmp(blk->str, "function")) {
        load_fn(&s->fns[s->n_fns++], blk);
        return 0;
    }
    if (strcmp(blk->str, "kind") != 0)
        return -1;
    struct sch_kind *nested = !strcmp(label, "consumer")        ? &s->consumer
                              : !strcmp(label, "producer")      ? &s->producer
                              : !strcmp(label, "observability") ? &s->observability
                              : !strcmp(label, "notification")  ? &s->notification
                                                                : NULL;
    if (nested) {
        load_kind(nested, a, t, blk);
        return 0;
    }
    for (int k = 0; k < IR_N_KINDS; k++)
        if (!strcmp(label, ir_kind_name((enum ir_kind)k))) {
            load_kind(&s->kinds[k], a, t, blk);
            return 0;
        }
    return -1;
}

int schema_load(struct schema *s, struct arena *a, struct intern *names, struct diag *d)
{
    memset(s, 0, sizeof *s);
    struct src_table tmp;
    src_init(&tmp, a);
    uint32_t idx =
        src_add(&tmp, "<stdlib>/schema.dome", stdlib_schema_text, strlen(stdlib_schema_text));
    struct diag quiet = *d;
    quiet.src = &tmp;
    struct ast_file f;
    if (parse_file(a, names, &quiet, &tmp.files[idx], idx, &f) != 0)
        return -1;
    s->fns = arena_alloc(a, (f.items.n + 1) * sizeof *s->fns);
    for (const struct ast_node *it = f.items.head; it; it = it->next)
        if (load_block(s, a, names, it) != 0) {
            diag_error(d, DOME_NO_SPAN, NULL, "internal error: bad stdlib schema entry");
            return -1;
        }
    for (int k = 0; k < IR_N_KINDS; k++)
        if (!s->kinds[k].name) {
            diag_error(d, DOME_NO_SPAN, NULL, "internal error: stdlib lacks kind %s",
                       ir_kind_name((enum ir_kind)k));
            return -1;
        }
    return 0;
}

const struct sch_attr *schema_attr(const struct sch_kind *k, const char *name)
{
    for (size_t i = 0; i < k->n_attrs; i++)
        if (k->attrs[i].name == name)
            return &k->attrs[i];
    return NULL;
}

const struct sch_fn *schema_fn(const struct schema *s, const char *name)
{
    for (size_t i = 0; i < s->n_fns; i++)
        if (s->fns[i].name == name)
            return &s->fns[i];
    return NULL;
}

int schema_kind_of(const struct schema *s, const char *name)
{
    for (int k = 0; k < IR_N_KINDS; k++)
        if (s->kinds[k].name == name)
            return k;
    return -1;
}
