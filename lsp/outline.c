/* textDocument/documentSymbol (the outline: blocks, their attributes and
 * nested blocks, config declarations, outputs) and foldingRange (every
 * block, list and map that spans lines). */
#include <stdlib.h>
#include <string.h>

#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

enum {
    SK_NAMESPACE = 3,
    SK_PROPERTY = 7,
    SK_VARIABLE = 13,
    SK_CONSTANT = 14,
    SK_OBJECT = 19,
    SK_STRUCT = 23
};

/* "type label..." of a block, the text of its labels as written. */
static char *block_title(const struct src_file *f, const struct ast_node *b)
{
    char *t = xstrdup(b->str);
    for (const struct ast_node *l = b->labels.head; l; l = l->next) {
        char *n =
            xasprintf("%s %.*s", t, (int)(l->span.end - l->span.start), f->text + l->span.start);
        free(t);
        t = n;
    }
    return t;
}

static cJSON *symbol(struct lsp_server *s, const struct src_file *f, const char *name, int kind,
                     const struct ast_node *n, const char *detail)
{
    cJSON *sy = cJSON_CreateObject();
    cJSON_AddStringToObject(sy, "name", name && *name ? name : "?");
    if (detail)
        cJSON_AddStringToObject(sy, "detail", detail);
    cJSON_AddNumberToObject(sy, "kind", kind);
    cJSON_AddItemToObject(sy, "range", text_range(f, n->span.start, n->span.end, s->utf8));
    struct dome_span sel = n->name_span.end > n->name_span.start ? n->name_span : n->span;
    cJSON_AddItemToObject(sy, "selectionRange", text_range(f, sel.start, sel.end, s->utf8));
    return sy;
}

static cJSON *entries(struct lsp_server *s, struct program *p, const struct src_file *f,
                      const struct ast_list *items, int depth);

static cJSON *node_symbol(struct lsp_server *s, struct program *p, const struct src_file *f,
                          const struct ast_node *n, int depth)
{
    if (n->kind == AST_ATTR)
        return symbol(s, f, n->str, SK_PROPERTY, n, NULL);
    if (n->kind == AST_CONFIG)
        return symbol(s, f, n->str, SK_CONSTANT, n, "config");
    if (n->kind == AST_OUTPUT)
        return symbol(s, f, n->str, SK_VARIABLE, n, "output");
    if (n->kind != AST_BLOCK)
        return NULL;
    char *title = block_title(f, n);
    int kind = depth == 0 && schema_kind_of(p->schema, n->str) >= 0 ? SK_OBJECT
               : n->str == p->kw.project                            ? SK_NAMESPACE
                                                                    : SK_STRUCT;
    cJSON *sy = symbol(s, f, title, kind, n, NULL);
    free(title);
    if (depth < 8)
        cJSON_AddItemToObject(sy, "children", entries(s, p, f, &n->items, depth + 1));
    return sy;
}

static cJSON *entries(struct lsp_server *s, struct program *p, const struct src_file *f,
                      const struct ast_list *items, int depth)
{
    cJSON *list = cJSON_CreateArray();
    for (const struct ast_node *n = items->head; n; n = n->next) {
        cJSON *sy = node_symbol(s, p, f, n, depth);
        if (sy)
            cJSON_AddItemToArray(list, sy);
    }
    return list;
}

/* The parsed file of w (in w's unit). */
static const struct ast_file *file_of(const struct lsp_where *w)
{
    size_t n;
    const struct ast_file *files = lang_unit_files(w->unit, &n);
    for (size_t i = 0; i < n; i++)
        if (files[i].file == w->file)
            return &files[i];
    return NULL;
}

/* Resolves the document without a position (symbols, folding, tokens). */
static bool where_doc(struct lsp_server *s, const cJSON *params, struct lsp_where *w)
{
    cJSON *copy = cJSON_Duplicate(params, true);
    cJSON_DeleteItemFromObject(copy, "position");
    cJSON *pos = cJSON_AddObjectToObject(copy, "position");
    cJSON_AddNumberToObject(pos, "line", 0);
    cJSON_AddNumberToObject(pos, "character", 0);
    bool ok = where_of(s, copy, w);
    cJSON_Delete(copy);
    return ok;
}

cJSON *req_document_symbol(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    if (!where_doc(s, params, &w))
        return NULL;
    const struct ast_file *af = file_of(&w);
    cJSON *r =
        af ? entries(s, lang_unit_program(w.unit), w.src, &af->items, 0) : cJSON_CreateArray();
    where_free(&w);
    return r;
}

static void fold(struct lsp_server *s, const struct src_file *f, const struct ast_node *n,
                 cJSON *out)
{
    for (; n; n = n->next) {
        if (n->kind == AST_BLOCK || n->kind == AST_LIST || n->kind == AST_MAP) {
            cJSON *a = text_position(f, n->span.start, s->utf8);
            cJSON *b = text_position(f, n->span.end, s->utf8);
            int l0 = cJSON_GetObjectItem(a, "line")->valueint;
            int l1 = cJSON_GetObjectItem(b, "line")->valueint;
            if (l1 > l0) {
                cJSON *r = cJSON_CreateObject();
                cJSON_AddNumberToObject(r, "startLine", l0);
                cJSON_AddNumberToObject(r, "endLine", l1 - 1);
                cJSON_AddItemToArray(out, r);
            }
            cJSON_Delete(a);
            cJSON_Delete(b);
        }
        fold(s, f, n->items.head, out);
        if (n->kind == AST_ATTR)
            fold(s, f, n->a, out);
    }
}

cJSON *req_folding_range(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    if (!where_doc(s, params, &w))
        return NULL;
    const struct ast_file *af = file_of(&w);
    cJSON *r = cJSON_CreateArray();
    if (af)
        fold(s, w.src, af->items.head, r);
    where_free(&w);
    return r;
}

bool where_document(struct lsp_server *s, const cJSON *params, struct lsp_where *w,
                    const struct ast_file **af)
{
    if (!where_doc(s, params, w))
        return false;
    *af = file_of(w);
    return true;
}
