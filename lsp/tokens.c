/* textDocument/semanticTokens/full: kinds, block keywords, labels, config
 * keys, attribute names, functions, numbers and comments, from the syntax
 * tree (the TextMate grammar still colours everything else). */
#include <stdlib.h>
#include <string.h>

#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

enum tok_type { T_KEYWORD, T_TYPE, T_VARIABLE, T_PROPERTY, T_FUNCTION, T_NUMBER, T_COMMENT };
#define MOD_DECLARATION 1

static const char *const type_names[] = {"keyword",  "type",   "variable", "property",
                                         "function", "number", "comment"};

cJSON *tokens_legend(void)
{
    cJSON *l = cJSON_CreateObject();
    cJSON *t = cJSON_AddArrayToObject(l, "tokenTypes");
    for (size_t i = 0; i < sizeof type_names / sizeof type_names[0]; i++)
        cJSON_AddItemToArray(t, cJSON_CreateString(type_names[i]));
    cJSON_AddItemToArray(cJSON_AddArrayToObject(l, "tokenModifiers"),
                         cJSON_CreateString("declaration"));
    return l;
}

struct tok {
    uint32_t start, end;
    int type, mods;
};

struct toks {
    struct tok *t;
    size_t n, cap;
    struct program *p;
};

static void add(struct toks *ts, struct dome_span sp, int type, int mods)
{
    if (sp.end <= sp.start || sp.file == UINT32_MAX)
        return;
    if (ts->n == ts->cap)
        ts->t = xreallocarray(ts->t, ts->cap = ts->cap * 2 + 64, sizeof *ts->t);
    ts->t[ts->n++] = (struct tok){sp.start, sp.end, type, mods};
}

static struct dome_span head(struct dome_span sp, uint32_t len)
{
    sp.end = sp.start + len;
    return sp;
}

static void walk(struct toks *ts, const struct ast_node *n, bool decl_labels);

static void walk_list(struct toks *ts, const struct ast_node *n, bool decl_labels)
{
    for (; n; n = n->next)
        walk(ts, n, decl_labels);
}

static void path(struct toks *ts, const struct ast_node *n, bool decl)
{
    struct program *p = ts->p;
    size_t i = 0;
    bool ref = false;
    for (const struct ast_node *seg = n->items.head; seg; seg = seg->next, i++) {
        if (decl) {
            add(ts, seg->span, T_VARIABLE, MOD_DECLARATION);
        } else if (i == 0) {
            ref = schema_kind_of(p->schema, seg->str) >= 0;
            bool kw = seg->str == p->kw.config || seg->str == p->kw.stack ||
                      seg->str == p->kw.project || seg->str == p->kw.ai;
            if (ref || kw)
                add(ts, seg->span, ref ? T_TYPE : T_KEYWORD, 0);
            ref = ref || seg->str == p->kw.config;
        } else if (ref) {
            add(ts, seg->span, i == 1 ? T_VARIABLE : T_PROPERTY, 0);
        }
    }
}

static void walk(struct toks *ts, const struct ast_node *n, bool decl_labels)
{
    if (!n)
        return;
    switch (n->kind) {
    case AST_BLOCK:
        add(ts, n->name_span, T_KEYWORD, 0);
        for (const struct ast_node *l = n->labels.head; l; l = l->next)
            if (l->kind == AST_PATH)
                path(ts, l, decl_labels && schema_kind_of(ts->p->schema, n->str) >= 0);
        walk_list(ts, n->items.head, false);
        return;
    case AST_ATTR:
        add(ts, n->name_span, T_PROPERTY, 0);
        walk(ts, n->a, false);
        return;
    case AST_CONFIG:
        add(ts, head(n->span, 6), T_KEYWORD, 0);
        add(ts, n->name_span, T_VARIABLE, MOD_DECLARATION);
        if (n->a)
            add(ts, n->a->span, T_TYPE, 0);
        walk(ts, n->b_, false);
        return;
    case AST_OUTPUT:
        add(ts, head(n->span, 6), T_KEYWORD, 0);
        add(ts, n->name_span, T_VARIABLE, MOD_DECLARATION);
        walk(ts, n->a, false);
        return;
    case AST_PATH:
        path(ts, n, false);
        return;
    case AST_CALL:
        add(ts, n->name_span, T_FUNCTION, 0);
        break;
    case AST_INT:
    case AST_NUMBER:
        add(ts, n->span, T_NUMBER, 0);
        return;
    case AST_BOOL:
        add(ts, n->span, T_KEYWORD, 0);
        return;
    default:
        break;
    }
    walk_list(ts, n->items.head, false);
    walk(ts, n->a, false);
    walk(ts, n->b_, false);
    walk(ts, n->c, false);
}

static int by_start(const void *a, const void *b)
{
    const struct tok *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

cJSON *req_semantic_tokens(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    const struct ast_file *af;
    if (!where_document(s, params, &w, &af))
        return NULL;
    struct toks ts = {NULL, 0, 0, lang_unit_program(w.unit)};
    if (af) {
        walk_list(&ts, af->items.head, true);
        for (size_t i = 0; i < af->n_comments; i++)
            add(&ts, af->comments[i], T_COMMENT, 0);
    }
    qsort(ts.t, ts.n, sizeof *ts.t, by_start);
    cJSON *data = cJSON_CreateArray();
    uint32_t prev_line = 0, prev_ch = 0, last_end = 0;
    for (size_t i = 0; i < ts.n; i++) {
        uint32_t l0, c0, l1, c1;
        if (ts.t[i].start < last_end)
            continue; /* overlapping: keep the first */
        text_line_char(w.src, ts.t[i].start, s->utf8, &l0, &c0);
        text_line_char(w.src, ts.t[i].end, s->utf8, &l1, &c1);
        if (l1 != l0)
            continue; /* one line per token */
        uint32_t v[5] = {l0 - prev_line, l0 == prev_line ? c0 - prev_ch : c0, c1 - c0,
                         (uint32_t)ts.t[i].type, (uint32_t)ts.t[i].mods};
        for (int k = 0; k < 5; k++)
            cJSON_AddItemToArray(data, cJSON_CreateNumber(v[k]));
        prev_line = l0;
        prev_ch = c0;
        last_end = ts.t[i].end;
    }
    free(ts.t);
    where_free(&w);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "data", data);
    return r;
}
