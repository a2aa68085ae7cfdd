/* Evaluates expressions to typed values: literals, interpolation, lists,
 * maps, references, config values, operators and the stdlib functions.
 * Reports each error once and returns VAL_ERROR, which never cascades. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/check.h"

struct val val_make(enum val_type t, struct dome_span sp)
{
    struct val v;
    memset(&v, 0, sizeof v);
    v.type = t;
    v.known = true;
    v.span = sp;
    return v;
}

static struct val error_val(struct dome_span sp)
{
    return val_make(VAL_ERROR, sp);
}

const char *val_a(enum val_type t)
{
    static const char *const names[] = {"an error",    "null",           "a string", "an int",
                                        "a bool",      "a list",         "a map",    "a secret",
                                        "a reference", "the ai binding", "a number"};
    return names[t];
}

const char *val_type_name(enum val_type t)
{
    static const char *const names[] = {"error", "null",   "string",    "int", "bool",  "list",
                                        "map",   "secret", "reference", "ai",  "number"};
    return names[t];
}

/* Text of a scalar for interpolation; NULL if v is not a scalar. */
static const char *scalar_text(struct arena *a, const struct val *v)
{
    switch (v->type) {
    case VAL_STRING:
        return v->s;
    case VAL_INT:
        return arena_printf(a, "%lld", (long long)v->i);
    case VAL_NUMBER:
        return arena_number(a, v->d);
    case VAL_BOOL:
        return v->b ? "true" : "false";
    default:
        return NULL;
    }
}

static void append(struct arena *a, char **buf, size_t *len, size_t *cap, const char *s)
{
    size_t l = strlen(s);
    if (*len + l + 1 > *cap) {
        size_t ncap = (*len + l + 1) * 2;
        *buf = arena_grow(a, *buf, *len, ncap, 1);
        *cap = ncap;
    }
    memcpy(*buf + *len, s, l + 1);
    *len += l;
}

static bool interp_part(struct eval_ctx *c, const struct val *v, const char **text)
{
    if (v->type == VAL_ERROR)
        return false;
    if (v->type == VAL_SECRET) {
        diag_error(c->p->diag, v->span, "secrets may only flow into a worker's secrets {} block",
                   "secret value cannot be interpolated into a string");
        return false;
    }
    *text = scalar_text(c->p->arena, v);
    if (!v->known && (v->type == VAL_STRING || v->type == VAL_INT || v->type == VAL_BOOL))
        return true;
    if (!*text) {
        diag_error(c->p->diag, v->span, "only strings, numbers and booleans can be interpolated",
                   "cannot interpolate %s into a string", val_a(v->type));
        return false;
    }
    return true;
}

/* string -> "text ${expr} text" */
static struct val eval_string(struct eval_ctx *c, const struct ast_node *e)
{
    struct val out = val_make(VAL_STRING, e->span);
    char *buf = NULL;
    size_t len = 0, cap = 0;
    bool ok = true;
    append(c->p->arena, &buf, &len, &cap, "");
    for (const struct ast_node *part = e->items.head; part; part = part->next) {
        if (part->kind == AST_TEXT) {
            append(c->p->arena, &buf, &len, &cap, part->str);
            continue;
        }
        struct val v = eval(c, part);
        const char *text = NULL;
        if (!interp_part(c, &v, &text))
            ok = false;
        else if (!v.known)
            out.known = false;
        else
            append(c->p->arena, &buf, &len, &cap, text);
    }
    if (!ok)
        return error_val(e->span);
    out.s = out.known ? buf : NULL;
    return out;
}

/* list -> "[" expr, ... "]" */
static struct val eval_list(struct eval_ctx *c, const struct ast_node *e)
{
    struct val out = val_make(VAL_LIST, e->span);
    out.items = arena_alloc(c->p->arena, (e->items.n + 1) * sizeof *out.items);
    for (const struct ast_node *it = e->items.head; it; it = it->next) {
        struct val v = eval(c, it);
        if (v.type == VAL_ERROR)
            return error_val(e->span);
        out.known = out.known && v.known;
        out.items[out.n++] = v;
    }
    return out;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* map -> "{" key = expr ... "}" (keys sorted in the value) */
static struct val eval_map(struct eval_ctx *c, const struct ast_node *e)
{
    struct val out = val_make(VAL_MAP, e->span);
    size_t n = e->items.n;
    const char **keys = arena_alloc(c->p->arena, (n + 1) * sizeof *keys);
    struct val *vals = arena_alloc(c->p->arena, (n + 1) * sizeof *vals);
    bool ok = true;
    for (const struct ast_node *it = e->items.head; it; it = it->next) {
        if (it->kind == AST_ERROR) {
            ok = false;
            continue;
        }
        for (size_t i = 0; i < out.n; i++)
            if (keys[i] == it->str) {
                diag_error(c->p->diag, it->name_span, NULL, "duplicate key '%s' in map", it->str);
                ok = false;
            }
        struct val v = eval(c, it->a);
        ok = ok && v.type != VAL_ERROR;
        out.known = out.known && v.known;
        keys[out.n] = it->str;
        vals[out.n++] = v;
    }
    if (!ok)
        return error_val(e->span);
    /* sort keys and values together (insertion sort: maps are small) */
    for (size_t i = 1; i < out.n; i++)
        for (size_t j = i; j > 0 && cmp_key(&keys[j - 1], &keys[j]) > 0; j--) {
            const char *tk = keys[j];
            keys[j] = keys[j - 1];
            keys[j - 1] = tk;
            struct val tv = vals[j];
            vals[j] = vals[j - 1];
            vals[j - 1] = tv;
        }
    out.keys = keys;
    out.items = vals;
    return out;
}

static bool want(struct eval_ctx *c, const struct val *v, enum val_type t, const char *what)
{
    if (v->type == VAL_ERROR)
        return false;
    if (v->type == t)
        return true;
    if (v->type == VAL_SECRET)
        diag_error(c->p->diag, v->span, "secrets may only flow into a worker's secrets {} block",
                   "secret value cannot be used in %s", what);
    else
        diag_error(c->p->diag, v->span, NULL, "%s needs %s, found %s", what, val_a(t),
                   val_a(v->type));
    return false;
}

/* cond -> expr "?" expr ":" expr */
static struct val eval_cond(struct eval_ctx *c, const struct ast_node *e)
{
    struct val cond = eval(c, e->a);
    struct val a = eval(c, e->b_);
    struct val b = eval(c, e->c);
    bool ok = want(c, &cond, VAL_BOOL, "a condition");
    if (a.type == VAL_ERROR || b.type == VAL_ERROR || !ok)
        return error_val(e->span);
    if (a.type != b.type && a.type != VAL_NULL && b.type != VAL_NULL) {
        diag_error(c->p->diag, e->span, "both branches must have the same type",
                   "conditional branches differ: %s and %s", val_type_name(a.type),
                   val_type_name(b.type));
        return error_val(e->span);
    }
    if (!cond.known) { /* typed as the branch that is not null */
        struct val out = val_make(a.type == VAL_NULL ? b.type : a.type, e->span);
        out.known = false;
        return out;
    }
    struct val out = cond.b ? a : b;
    out.span = e->span;
    return out;
}

static bool scalar_eq(const struct val *a, const struct val *b)
{
    if (a->type == VAL_STRING)
        return strcmp(a->s, b->s) == 0;
    if (a->type == VAL_INT)
        return a->i == b->i;
    if (a->type == VAL_NUMBER)
        return a->d == b->d;
    return a->b == b->b;
}

static struct val eval_compare(struct eval_ctx *c, const struct ast_node *e, struct val *a,
                               struct val *b)
{
    struct val out = val_make(VAL_BOOL, e->span);
    bool ok = true;
    if (a->type != VAL_STRING && a->type != VAL_INT && a->type != VAL_BOOL && a->type != VAL_NUMBER)
        ok = want(c, a, VAL_STRING, "a comparison");
    else if (b->type != a->type)
        ok = want(c, b, a->type, "this comparison");
    if (!ok)
        return error_val(e->span);
    out.known = a->known && b->known;
    if (out.known)
        out.b = scalar_eq(a, b) == (e->op == AST_OP_EQ);
    return out;
}

/* binary -> expr ("==" | "!=" | "&&" | "||") expr */
static struct val eval_binary(struct eval_ctx *c, const struct ast_node *e)
{
    struct val a = eval(c, e->a);
    struct val b = eval(c, e->b_);
    if (a.type == VAL_ERROR || b.type == VAL_ERROR)
        return error_val(e->span);
    if (e->op == AST_OP_EQ || e->op == AST_OP_NE)
        return eval_compare(c, e, &a, &b);
    const char *what = e->op == AST_OP_AND ? "'&&'" : "'||'";
    bool ok = want(c, &a, VAL_BOOL, what);
    ok = want(c, &b, VAL_BOOL, what) && ok;
    if (!ok)
        return error_val(e->span);
    struct val out = val_make(VAL_BOOL, e->span);
    out.known = a.known && b.known;
    out.b = e->op == AST_OP_AND ? (a.b && b.b) : (a.b || b.b);
    return out;
}

/* not -> "!" expr */
static struct val eval_not(struct eval_ctx *c, const struct ast_node *e)
{
    struct val a = eval(c, e->a);
    if (!want(c, &a, VAL_BOOL, "'!'"))
        return error_val(e->span);
    a.b = !a.b;
    a.span = e->span;
    return a;
}

struct val eval(struct eval_ctx *c, const struct ast_node *e)
{
    switch (e->kind) {
    case AST_INT: {
        struct val v = val_make(VAL_INT, e->span);
        v.i = e->i;
        return v;
    }
    case AST_NUMBER: {
        struct val v = val_make(VAL_NUMBER, e->span);
        v.d = e->d;
        return v;
    }
    case AST_BOOL: {
        struct val v = val_make(VAL_BOOL, e->span);
        v.b = e->b;
        return v;
    }
    case AST_NULL:
        return val_make(VAL_NULL, e->span);
    case AST_STRING:
        return eval_string(c, e);
    case AST_LIST:
        return eval_list(c, e);
    case AST_MAP:
        return eval_map(c, e);
    case AST_PATH:
        return eval_path(c, e);
    case AST_CALL:
        return eval_call(c, e);
    case AST_COND:
        return eval_cond(c, e);
    case AST_BINARY:
        return eval_binary(c, e);
    case AST_NOT:
        return eval_not(c, e);
    case AST_WITH:
        diag_error(c->p->diag, e->b_->span,
                   "settings in { } follow a binding: NAME = queue.x { ... }",
                   "settings are only allowed on a binding in bindings {}");
        return error_val(e->span);
    case AST_PAREN: {
        struct val v = eval(c, e->a);
        v.span = e->span;
        return v;
    }
    default:
        return error_val(e->span);
    }
}
