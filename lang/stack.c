/* Checks a stack file (stacks/<stack>.dome): its config {} values against
 * the program's config declarations, and its encryption {} block. Secret
 * values stay sealed: lang only checks their "v1:" form. */
#include <stdio.h>
#include <string.h>

#include "lang/check.h"

static struct m_config *find_config(struct program *p, const char *name)
{
    for (size_t i = 0; i < p->n_configs; i++)
        if (p->configs[i].name == name)
            return &p->configs[i];
    return NULL;
}

static void unknown_key(struct program *p, const struct ast_node *e)
{
    const char **cands = arena_alloc(p->arena, (p->n_configs + 1) * sizeof *cands);
    for (size_t i = 0; i < p->n_configs; i++)
        cands[i] = p->configs[i].name;
    const char *s = diag_suggest(e->str, cands, p->n_configs);
    diag_error(p->diag, e->name_span,
               s ? arena_printf(p->arena, "did you mean '%s'?", s)
                 : "declare it in the program with `config NAME: TYPE`",
               "stack '%s' sets '%s', which the program does not declare", p->stack, e->str);
}

static const char *seal_hint(struct program *p, const char *key)
{
    return arena_printf(p->arena, "use `domec config set %s --secret --stack %s`", key, p->stack);
}

static bool secret_value(struct program *p, struct m_config *cf, const struct val *v)
{
    if (v->type != VAL_SECRET) {
        diag_error(p->diag, v->span, seal_hint(p, cf->name),
                   "config '%s' is a secret; its value must be sealed, not %s", cf->name,
                   val_a(v->type));
        return false;
    }
    if (v->known && strncmp(v->s, "v1:", 3) != 0) {
        diag_error(p->diag, v->span, seal_hint(p, cf->name),
                   "secret value for '%s' is not sealed (sealed values start with \"v1:\")",
                   cf->name);
        return false;
    }
    return true;
}

/* config { KEY = value ... } */
static void config_entry(struct program *p, const struct ast_node *blk, const struct ast_node *e)
{
    struct m_config *cf = find_config(p, e->str);
    if (!cf) {
        unknown_key(p, e);
        return;
    }
    for (const struct ast_node *o = blk->items.head; o != e; o = o->next)
        if (o->kind == AST_ATTR && o->str == e->str) {
            diag_error(p->diag, e->name_span, NULL, "'%s' is set twice", e->str);
            diag_note(p->diag, o->name_span, "first set here");
            return;
        }
    struct eval_ctx c = {p, NULL, NULL, true};
    struct val v = eval(&c, e->a);
    cf->has_value = true; /* set, even if wrongly: never reported as missing */
    if (v.type == VAL_ERROR || cf->type == VAL_ERROR)
        return;
    if (cf->type == VAL_SECRET) {
        if (!secret_value(p, cf, &v))
            return;
        v.config_key = cf->name;
    } else if (v.type != cf->type) {
        diag_error(p->diag, v.span,
                   v.type == VAL_SECRET ? "only `config NAME: secret` values are sealed" : NULL,
                   "config '%s' is %s, but stack '%s' gives %s", cf->name, val_a(cf->type),
                   p->stack, val_a(v.type));
        diag_note(p->diag, cf->decl->span, "declared here");
        return;
    }
    cf->value = v;
    cf->has_value = true;
}

/* encryption { salt = "..." check = "..." } */
static void encryption(struct program *p, const struct ast_node *blk)
{
    for (const struct ast_node *e = blk->items.head; e; e = e->next) {
        if (e->kind != AST_ATTR)
            continue;
        struct eval_ctx c = {p, NULL, NULL, true};
        struct val v = eval(&c, e->a);
        bool is_salt = !strcmp(e->str, "salt"), is_check = !strcmp(e->str, "check");
        if (!is_salt && !is_check)
            diag_error(p->diag, e->name_span, "encryption {} holds salt and check",
                       "unknown attribute '%s' in encryption", e->str);
        else if (v.type != VAL_STRING && v.type != VAL_ERROR)
            diag_error(p->diag, v.span, NULL, "'%s' must be a string, found %s", e->str,
                       val_a(v.type));
        else if (v.type == VAL_STRING && is_salt)
            p->salt = v.s;
        else if (v.type == VAL_STRING)
            p->check = v.s;
    }
}

void stack_apply(struct program *p, const struct ast_file *f)
{
    for (const struct ast_node *it = f->items.head; it; it = it->next) {
        if (it->kind == AST_ERROR)
            continue;
        if (it->kind == AST_BLOCK && it->str == p->kw.config && !it->labels.n) {
            for (const struct ast_node *e = it->items.head; e; e = e->next)
                if (e->kind == AST_ATTR)
                    config_entry(p, it, e);
        } else if (it->kind == AST_BLOCK && it->str == p->kw.encryption && !it->labels.n) {
            encryption(p, it);
        } else {
            diag_error(p->diag, it->name_span,
                       "a stack file holds `config { ... }` and `encryption { ... }`",
                       "unexpected '%s' in a stack file", it->str);
        }
    }
}

void stack_missing(struct program *p, const struct ast_file *f)
{
    if (f && f->n_syntax_errors)
        return; /* the entry may be in the part that did not parse */
    struct dome_span at = DOME_NO_SPAN;
    if (f) {
        at = (struct dome_span){f->file, 0, 0};
        for (const struct ast_node *it = f->items.head; it; it = it->next)
            if (it->kind == AST_BLOCK && it->str == p->kw.config)
                at = it->name_span;
    }
    for (size_t i = 0; i < p->n_configs; i++) {
        struct m_config *cf = &p->configs[i];
        if (cf->has_value || cf->type == VAL_ERROR)
            continue;
        diag_error(
            p->diag, cf->decl->span,
            cf->type == VAL_SECRET
                ? seal_hint(p, cf->name)
                : arena_printf(p->arena, "add `%s = ...` to stacks/%s.dome", cf->name, p->stack),
            "stack '%s' is missing config value '%s'", p->stack, cf->name);
        if (f)
            diag_note(p->diag, at, "stack '%s' is configured here", p->stack);
    }
}
