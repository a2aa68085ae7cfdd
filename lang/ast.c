/* Constructors for syntax tree nodes; each grammar action calls one. No
 * checking happens here (that is check.c's job). */
#include "lang/ast.h"

#include <stdlib.h>
#include <string.h>

struct ast_node *ast_new(struct arena *a, enum ast_kind kind, struct dome_span span)
{
    struct ast_node *n = arena_alloc(a, sizeof *n);
    n->kind = kind;
    n->span = span;
    n->name_span = span;
    return n;
}

struct ast_list ast_list_one(struct ast_node *node)
{
    struct ast_list l = {0};
    return ast_list_add(l, node);
}

struct ast_list ast_list_add(struct ast_list l, struct ast_node *node)
{
    if (!node)
        return l;
    node->next = NULL;
    if (l.tail)
        l.tail->next = node;
    else
        l.head = node;
    l.tail = node;
    l.n++;
    return l;
}

struct ast_node *ast_new_block(struct arena *a, struct dome_span span, const char *type,
                               struct dome_span type_span, struct ast_list labels,
                               struct ast_list items)
{
    struct ast_node *n = ast_new(a, AST_BLOCK, span);
    n->str = type;
    n->name_span = type_span;
    n->labels = labels;
    n->items = items;
    return n;
}

struct ast_node *ast_new_named(struct arena *a, enum ast_kind kind, struct dome_span span,
                               const char *name, struct dome_span name_span, struct ast_node *x,
                               struct ast_node *y)
{
    struct ast_node *n = ast_new(a, kind, span);
    n->str = name;
    n->name_span = name_span;
    n->a = x;
    n->b_ = y;
    return n;
}

struct ast_node *ast_new_call(struct arena *a, struct dome_span span, const char *name,
                              struct dome_span name_span, struct ast_list args)
{
    struct ast_node *n = ast_new_named(a, AST_CALL, span, name, name_span, NULL, NULL);
    n->items = args;
    return n;
}

struct ast_node *ast_new_list(struct arena *a, enum ast_kind kind, struct dome_span span,
                              struct ast_list items)
{
    struct ast_node *n = ast_new(a, kind, span);
    n->items = items;
    return n;
}

struct ast_node *ast_new_leaf(struct arena *a, enum ast_kind kind, struct dome_span span,
                              const char *str)
{
    struct ast_node *n = ast_new(a, kind, span);
    n->str = str;
    return n;
}

struct ast_node *ast_new_int(struct arena *a, struct dome_span span, int64_t v)
{
    struct ast_node *n = ast_new(a, AST_INT, span);
    n->i = v;
    return n;
}

struct ast_node *ast_new_number(struct arena *a, struct dome_span span, const char *text,
                                bool negative)
{
    struct ast_node *n = ast_new(a, AST_NUMBER, span);
    n->d = strtod(text, NULL); /* digits '.' digits: always a finite value, the C locale */
    if (negative) {
        n->d = -n->d;
        n->str = arena_printf(a, "-%s", text);
    } else {
        n->str = text;
    }
    return n;
}

struct ast_node *ast_new_bool(struct arena *a, struct dome_span span, bool v)
{
    struct ast_node *n = ast_new(a, AST_BOOL, span);
    n->b = v;
    return n;
}

struct ast_node *ast_new_op(struct arena *a, enum ast_kind kind, enum ast_op op,
                            struct dome_span span, struct ast_node *x, struct ast_node *y,
                            struct ast_node *z)
{
    struct ast_node *n = ast_new(a, kind, span);
    n->op = op;
    n->a = x;
    n->b_ = y;
    n->c = z;
    return n;
}

const char *ast_path_string(struct arena *a, const struct ast_node *path)
{
    size_t len = 0;
    for (const struct ast_node *s = path->items.head; s; s = s->next)
        len += strlen(s->str) + 1;
    char *out = arena_alloc(a, len + 1);
    char *p = out;
    for (const struct ast_node *s = path->items.head; s; s = s->next) {
        if (p != out)
            *p++ = '.';
        size_t l = strlen(s->str);
        memcpy(p, s->str, l);
        p += l;
    }
    *p = '\0';
    return out;
}

struct ast_list ast_string_text(struct arena *a, struct ast_list parts, const char *text,
                                struct dome_span span)
{
    struct ast_node *last = parts.tail;
    if (last && last->kind == AST_TEXT) {
        last->str = arena_printf(a, "%s%s", last->str, text);
        last->span.end = span.end;
        return parts;
    }
    return ast_list_add(parts, ast_new_leaf(a, AST_TEXT, span, text));
}
