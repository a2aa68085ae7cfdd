/* The stdlib functions (env, file, lower, upper, join, replace, secret) and
 * physical-name computation. file() reads relative to the program dir. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/check.h"

static const enum val_type vtypes[] = {VAL_STRING, VAL_INT, VAL_BOOL, VAL_LIST, VAL_SECRET};

static struct val err(struct dome_span sp)
{
    return val_make(VAL_ERROR, sp);
}

static struct val str(struct dome_span sp, const char *s)
{
    struct val v = val_make(VAL_STRING, sp);
    v.s = s;
    return v;
}

static const char *read_file(struct program *p, const char *rel)
{
    const char *path = rel[0] == '/' ? rel : arena_printf(p->arena, "%s/%s", p->dir, rel);
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char buf[65536];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    return arena_strndup(p->arena, buf, n);
}

static char *replace_all(struct arena *a, const char *s, const char *from, const char *to)
{
    size_t lf = strlen(from), lt = strlen(to), n = 0;
    for (const char *q = s; lf && (q = strstr(q, from)); q += lf)
        n++;
    char *out = arena_alloc(a, strlen(s) + n * lt + 1), *o = out;
    while (*s) {
        if (lf && strncmp(s, from, lf) == 0) {
            memcpy(o, to, lt);
            o += lt;
            s += lf;
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static struct val call_join(struct program *p, struct dome_span sp, struct val *args)
{
    size_t len = 1;
    for (size_t i = 0; i < args[1].n; i++) {
        if (args[1].items[i].type != VAL_STRING) {
            diag_error(p->diag, args[1].items[i].span, NULL,
                       "join() needs a list of strings, found %s", val_a(args[1].items[i].type));
            return err(sp);
        }
        len += strlen(args[1].items[i].s) + strlen(args[0].s);
    }
    char *out = arena_alloc(p->arena, len);
    for (size_t i = 0; i < args[1].n; i++) {
        if (i)
            strcat(out, args[0].s);
        strcat(out, args[1].items[i].s);
    }
    return str(sp, out);
}

static struct val call_env(struct program *p, const struct ast_node *e, struct val *args, size_t n)
{
    const char *v = getenv(args[0].s);
    if (v)
        return str(e->span, arena_strdup(p->arena, v));
    if (n > 1)
        return str(e->span, args[1].s);
    diag_error(p->diag, e->span,
               arena_printf(p->arena, "set it, or give a default: env(\"%s\", \"...\")", args[0].s),
               "environment variable '%s' is not set", args[0].s);
    return err(e->span);
}

static struct val apply(struct eval_ctx *c, const struct ast_node *e, struct val *args, size_t n)
{
    struct program *p = c->p;
    const char *f = e->str;
    if (!strcmp(f, "env"))
        return call_env(p, e, args, n);
    if (!strcmp(f, "file") && !p->check_files) { /* in-memory checks read no files */
        struct val v = val_make(VAL_STRING, e->span);
        v.known = false;
        return v;
    }
    if (!strcmp(f, "file")) {
        const char *text = read_file(p, args[0].s);
        if (text)
            return str(e->span, text);
        diag_error(p->diag, args[0].span, "paths are relative to the program directory",
                   "cannot read file '%s'", args[0].s);
        return err(e->span);
    }
    if (!strcmp(f, "lower") || !strcmp(f, "upper")) {
        char *s = arena_strdup(p->arena, args[0].s);
        for (char *q = s; *q; q++)
            *q = (char)(f[0] == 'l' ? tolower((unsigned char)*q) : toupper((unsigned char)*q));
        return str(e->span, s);
    }
    if (!strcmp(f, "join"))
        return call_join(p, e->span, args);
    if (!strcmp(f, "replace"))
        return str(e->span, replace_all(p->arena, args[0].s, args[1].s, args[2].s));
    struct val v = val_make(VAL_SECRET, e->span); /* secret("v1:...") */
    v.s = args[0].s;
    return v;
}

static bool check_args(struct eval_ctx *c, const struct ast_node *e, const struct sch_fn *fn,
                       struct val *args, bool *known)
{
    struct program *p = c->p;
    size_t n = e->items.n, i = 0;
    bool ok = true;
    if (n > fn->n_params || n + fn->n_optional < fn->n_params) {
        diag_error(p->diag, e->span, NULL, "%s() takes %zu argument%s, found %zu", fn->name,
                   fn->n_params, fn->n_params == 1 ? "" : "s", n);
        ok = false;
    }
    for (const struct ast_node *a = e->items.head; a; a = a->next, i++) {
        args[i] = eval(c, a);
        enum val_type want = i < fn->n_params ? vtypes[fn->params[i]] : VAL_ERROR;
        if (args[i].type == VAL_ERROR || want == VAL_ERROR) {
            ok = false;
        } else if (args[i].type == VAL_SECRET) {
            diag_error(p->diag, args[i].span,
                       "secrets may only flow into a worker's secrets {} block",
                       "secret value cannot be passed to %s()", fn->name);
            ok = false;
        } else if (args[i].type != want) {
            diag_error(p->diag, args[i].span, NULL, "argument %zu of %s() must be %s, found %s",
                       i + 1, fn->name, val_a(want), val_a(args[i].type));
            ok = false;
        }
        *known = *known && args[i].known;
    }
    return ok;
}

struct val eval_call(struct eval_ctx *c, const struct ast_node *e)
{
    struct program *p = c->p;
    const struct sch_fn *fn = schema_fn(p->schema, e->str);
    if (!fn) {
        const char *cands[16];
        size_t n = 0;
        for (size_t i = 0; i < p->schema->n_fns && n < 16; i++)
            cands[n++] = p->schema->fns[i].name;
        const char *s = diag_suggest(e->str, cands, n);
        diag_error(p->diag, e->name_span,
                   s ? arena_printf(p->arena, "did you mean '%s'?", s)
                     : "the functions are env, file, lower, upper, join and replace",
                   "unknown function '%s'", e->str);
        return err(e->span);
    }
    if (fn->stack_only && !c->in_stack_file) {
        diag_error(p->diag, e->name_span,
                   "declare `config NAME: secret` and set it with `domec config set NAME "
                   "--secret`",
                   "secret() can only be used in stack files");
        return err(e->span);
    }
    struct val args[8];
    bool known = true;
    if (e->items.n > 8 || !check_args(c, e, fn, args, &known))
        return err(e->span);
    if (!known) {
        struct val v = val_make(vtypes[fn->returns], e->span);
        v.known = false;
        return v;
    }
    return apply(c, e, args, e->items.n);
}

static const struct ast_node *find_attr(const struct ast_node *blk, const char *name)
{
    for (const struct ast_node *e = blk->items.head; e; e = e->next)
        if (e->kind == AST_ATTR && e->str == name)
            return e;
    return NULL;
}

static const char *compute_name(struct program *p, struct m_res *r)
{
    struct eval_ctx c = {p, r, NULL, false};
    const struct ast_node *at = find_attr(r->node, p->kw.name);
    if (at) {
        r->name_span = at->a->span;
        struct val v = eval(&c, at->a);
        if (v.type == VAL_STRING)
            return v.known ? v.s : NULL;
        if (v.type == VAL_SECRET)
            diag_error(p->diag, v.span, "secrets may only flow into a worker's secrets {} block",
                       "secret value cannot be used as a name");
        else if (v.type != VAL_ERROR)
            diag_error(p->diag, v.span, NULL, "'name' must be a string, found %s", val_a(v.type));
        return NULL;
    }
    r->name_span = r->node->labels.head ? r->node->labels.head->span : r->node->span;
    char *label = arena_strdup(p->arena, r->label);
    for (char *q = label; *q; q++)
        if (*q == '_')
            *q = '-';
    if (!p->naming)
        return p->naming_failed ? NULL
                                : arena_printf(p->arena, "%s-%s-%s", p->project, label, p->stack);
    c.name_var = label;
    c.from = NULL;
    struct val v = eval(&c, p->naming);
    return v.type == VAL_STRING && v.known ? v.s : NULL;
}

const char *eval_name(struct program *p, struct m_res *r)
{
    if (r->name_state == 2)
        return r->name;
    if (r->name_state == 1)
        return NULL; /* a reference cycle: cycles_check reports it */
    r->name_state = 1;
    r->name = compute_name(p, r);
    r->name_state = 2;
    return r->name;
}
