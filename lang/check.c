/* Checks a whole program: collects declarations (project, config, defaults,
 * resources, outputs) from every file, then runs the per-resource, naming,
 * stack and cycle checks. Reports every independent error. */
#include <stdio.h>
#include <string.h>

#include "lang/check.h"
#include "lang/project.h"

static const char *const top_blocks[] = {
    "project", "config", "defaults",       "output", "database", "bucket", "index",
    "queue",   "kv",     "durable_object", "worker", "moved",    "removed"};

static const char *suggest_hint(struct program *p, const char *name, const char *const *c, size_t n)
{
    const char *s = diag_suggest(name, c, n);
    return s ? arena_printf(p->arena, "did you mean '%s'?", s) : NULL;
}

static const char *label_ident(const struct ast_node *blk)
{
    const struct ast_node *l = blk->labels.head;
    if (blk->labels.n != 1 || l->kind != AST_PATH || l->items.n != 1)
        return NULL;
    return l->items.head->str;
}

/* config NAME: TYPE [= DEFAULT] */
static void collect_config(struct program *p, const struct ast_node *it)
{
    static const char *const types[] = {"string", "int", "bool", "list", "secret"};
    static const enum val_type vt[] = {VAL_STRING, VAL_INT, VAL_BOOL, VAL_LIST, VAL_SECRET};
    for (size_t i = 0; i < p->n_configs; i++)
        if (p->configs[i].name == it->str) {
            diag_error(p->diag, it->name_span, NULL, "config '%s' is declared twice", it->str);
            diag_note(p->diag, p->configs[i].decl->name_span, "first declared here");
            return;
        }
    struct m_config *c = &p->configs[p->n_configs++];
    memset(c, 0, sizeof *c);
    c->name = it->str;
    c->decl = it;
    c->type = VAL_ERROR;
    for (size_t i = 0; i < 5; i++)
        if (!strcmp(it->a->str, types[i]))
            c->type = vt[i];
    if (c->type == VAL_ERROR)
        diag_error(p->diag, it->a->span, suggest_hint(p, it->a->str, types, 5),
                   "unknown type '%s'; the types are string, int, bool, list and secret",
                   it->a->str);
}

static void config_default(struct program *p, struct m_config *c)
{
    const struct ast_node *def = c->decl->b_;
    if (!def || c->type == VAL_ERROR)
        return;
    if (c->type == VAL_SECRET) {
        diag_error(
            p->diag, def->span,
            arena_printf(p->arena, "set it per stack: domec config set %s --secret", c->name),
            "a secret config value cannot have a default in the program");
        return;
    }
    struct eval_ctx ec = {p, NULL, NULL, false};
    struct val v = eval(&ec, def);
    if (v.type == VAL_ERROR)
        return;
    if (v.type != c->type) {
        c->has_value = true; /* reported: do not ask the stack for it */
        diag_error(p->diag, def->span, NULL, "default of config '%s' must be %s, found %s", c->name,
                   val_a(c->type), val_a(v.type));
        return;
    }
    c->value = v;
    c->has_value = true;
}

/* backend = "local" | "postgres": where the state lives (lang_project reads
 * it before anything is compiled, so it must be a plain string) */
static void check_backend(struct program *p, const struct ast_node *e)
{
    const char *v = lang_plain_string(e->a);
    if (!v || (strcmp(v, "local") && strcmp(v, "postgres")))
        diag_error(p->diag, e->a ? e->a->span : e->name_span,
                   "write backend = \"local\" (files in .dome/) or backend = \"postgres\" "
                   "(DOME_BACKEND_URL; see docs/team.md)",
                   "the project's backend must be the plain string \"local\" or \"postgres\"");
}

/* project "NAME" { naming = "...", backend = "..." } */
static void collect_project(struct program *p, const struct ast_node *it,
                            const struct ast_node **seen)
{
    if (*seen) {
        diag_error(p->diag, it->name_span, "a program has one project block",
                   "project is declared twice");
        diag_note(p->diag, (*seen)->name_span, "first declared here");
        return;
    }
    *seen = it;
    const struct ast_node *l = it->labels.head;
    if (it->labels.n != 1 || l->kind != AST_STRING || l->items.n != 1 ||
        l->items.head->kind != AST_TEXT)
        diag_error(p->diag, l ? l->span : it->name_span, "write project \"NAME\" { ... }",
                   "project needs one plain string name");
    else
        p->project = l->items.head->str;
    for (const struct ast_node *e = it->items.head; e; e = e->next) {
        if (e->kind == AST_ATTR && !strcmp(e->str, "naming"))
            p->naming = e->a;
        else if (e->kind == AST_ATTR && !strcmp(e->str, "backend"))
            check_backend(p, e);
        else if (e->kind != AST_ERROR)
            diag_error(p->diag, e->name_span,
                       "the project block holds `naming = \"...\"` and `backend = \"...\"`",
                       "unknown %s '%s' in project", e->kind == AST_BLOCK ? "block" : "attribute",
                       e->str);
    }
}

/* defaults KIND { attr = value ... } */
static void collect_defaults(struct program *p, const struct ast_node *it)
{
    const char *k = label_ident(it);
    int kind = k ? schema_kind_of(p->schema, k) : -1;
    if (kind < 0) {
        diag_error(p->diag, it->labels.head ? it->labels.head->span : it->name_span,
                   k ? suggest_hint(p, k, top_blocks + 4, 7) : "write defaults KIND { ... }",
                   "defaults needs a resource kind (database, bucket, index, queue, kv, "
                   "durable_object, worker)");
        return;
    }
    if (p->defaults[kind]) {
        diag_error(p->diag, it->name_span, NULL, "defaults for %s are declared twice", k);
        diag_note(p->diag, p->defaults[kind]->name_span, "first declared here");
        return;
    }
    p->defaults[kind] = it;
}

/* KIND LABEL { ... } */
static void collect_resource(struct program *p, const struct ast_node *it, int kind)
{
    const char *label = label_ident(it);
    if (!label) {
        diag_error(p->diag, it->labels.head ? it->labels.head->span : it->name_span,
                   arena_printf(p->arena, "write %s LABEL { ... }", it->str),
                   "a %s needs one plain label", it->str);
        return;
    }
    struct m_res *old = ptrmap_get(&p->labels[kind], label);
    struct m_res *r = arena_alloc(p->arena, sizeof *r);
    r->kind = (enum ir_kind)kind;
    r->label = label;
    r->node = it;
    if (old) {
        diag_error(p->diag, it->labels.head->span, "labels must be unique per kind",
                   "duplicate %s '%s'", it->str, label);
        diag_note(p->diag, old->node->labels.head->span, "first declared here");
        if (p->n_dups == p->cap_dups) {
            p->cap_dups = p->cap_dups ? p->cap_dups * 2 : 4;
            p->dups = arena_grow(p->arena, p->dups, p->n_dups, p->cap_dups, sizeof *p->dups);
        }
        p->dups[p->n_dups++] = r; /* still checked: its errors are independent */
        return;
    }
    r->index = p->n_res;
    if (p->n_res == p->cap_res) {
        p->cap_res = p->cap_res ? p->cap_res * 2 : 64;
        p->res = arena_grow(p->arena, p->res, p->n_res, p->cap_res, sizeof *p->res);
    }
    p->res[p->n_res++] = r;
    ptrmap_put(&p->labels[kind], label, r);
}

static void collect_output(struct program *p, const struct ast_node *it)
{
    for (size_t i = 0; i < p->n_outputs; i++)
        if (p->outputs[i].name == it->str) {
            diag_error(p->diag, it->name_span, NULL, "output '%s' is declared twice", it->str);
            diag_note(p->diag, p->outputs[i].span, "first declared here");
            return;
        }
    struct m_output *o = &p->outputs[p->n_outputs++];
    o->name = it->str;
    o->span = it->name_span;
    o->node = it;
}

static void collect_block(struct program *p, const struct ast_node *it,
                          const struct ast_node **project)
{
    int kind = schema_kind_of(p->schema, it->str);
    if (kind >= 0)
        collect_resource(p, it, kind);
    else if (it->str == p->kw.project)
        collect_project(p, it, project);
    else if (it->str == p->kw.defaults)
        collect_defaults(p, it);
    else if (!strcmp(it->str, "moved"))
        collect_moved(p, it);
    else if (!strcmp(it->str, "removed"))
        collect_removed(p, it);
    else if (it->str == p->kw.config || it->str == p->kw.encryption)
        diag_error(p->diag, it->name_span, "put it in the stack's file, stacks/<stack>.dome",
                   "`%s {}` blocks belong in stack files", it->str);
    else
        diag_error(p->diag, it->name_span, suggest_hint(p, it->str, top_blocks, 13),
                   "unknown block type '%s'", it->str);
}

static void collect(struct program *p, struct ast_file *files, size_t n_files)
{
    size_t n_items = 0;
    for (size_t f = 0; f < n_files; f++)
        n_items += files[f].items.n;
    p->configs = arena_alloc(p->arena, (n_items + 1) * sizeof *p->configs);
    p->outputs = arena_alloc(p->arena, (n_items + 1) * sizeof *p->outputs);
    const struct ast_node *project = NULL;
    for (size_t f = 0; f < n_files; f++)
        for (const struct ast_node *it = files[f].items.head; it; it = it->next) {
            if (it->kind == AST_CONFIG)
                collect_config(p, it);
            else if (it->kind == AST_OUTPUT)
                collect_output(p, it);
            else if (it->kind == AST_BLOCK)
                collect_block(p, it, &project);
        }
}

static void check_naming(struct program *p)
{
    if (!p->naming)
        return;
    int before = p->diag->n_errors;
    struct eval_ctx c = {p, NULL, "name", false};
    struct val v = eval(&c, p->naming);
    if (v.type != VAL_STRING && v.type != VAL_ERROR)
        diag_error(p->diag, v.span, NULL, "naming must be a string, found %s", val_a(v.type));
    if (p->diag->n_errors != before) {
        p->naming = NULL;
        p->naming_failed = true;
    }
}

static void check_output(struct program *p, struct m_output *o)
{
    struct eval_ctx c = {p, NULL, NULL, false};
    o->v = eval(&c, o->node->a);
    if (o->v.type == VAL_SECRET)
        diag_error(p->diag, o->v.span, "outputs are printed; secrets may only flow into secrets {}",
                   "output '%s' would expose a secret value", o->name);
    else if (o->v.type == VAL_AI)
        diag_error(p->diag, o->v.span, NULL, "output '%s' cannot hold the ai binding", o->name);
}

void check_program(struct program *p, struct ast_file *files, size_t n_files)
{
    collect(p, files, n_files);
    for (size_t i = 0; i < p->n_configs; i++)
        config_default(p, &p->configs[i]);
    check_naming(p);
}

void check_program_rest(struct program *p)
{
    for (int k = 0; k < IR_N_KINDS; k++)
        check_defaults(p, k);
    for (size_t i = 0; i < p->n_res; i++)
        check_resource(p, p->res[i]);
    for (size_t i = 0; i < p->n_dups; i++)
        check_resource(p, p->dups[i]);
    check_names(p);
    check_traffic(p);
    for (size_t i = 0; i < p->n_outputs; i++)
        check_output(p, &p->outputs[i]);
    check_moves(p);
    cycles_check(p);
}
