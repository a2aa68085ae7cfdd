/* textDocument/codeAction: a quick fix for every diagnostic whose help is
 * "did you mean 'X'?": replace the name under the diagnostic by X (the
 * whole reference when X is a dotted kind.label or config.key). */
#include <stdlib.h>
#include <string.h>

#include "lsp/astpos.h"
#include "lsp/nav.h"
#include "runtime/base/xalloc.h"

/* The X of "did you mean 'X'?" in msg, malloc'd, or NULL. */
static char *suggestion(const char *msg)
{
    static const char lead[] = "did you mean '";
    const char *a = msg ? strstr(msg, lead) : NULL;
    if (!a)
        return NULL;
    a += sizeof lead - 1;
    const char *b = strstr(a, "'?");
    return b && b > a ? xstrndup(a, (size_t)(b - a)) : NULL;
}

/* The path node that holds the span [start, end), if any. */
static const struct ast_node *path_around(struct lsp_where *w, uint32_t start)
{
    struct ast_chain c;
    ast_chain_at(w->unit, w->file, start, &c);
    for (size_t i = c.depth; i-- > 0;)
        if (c.n[i]->kind == AST_PATH)
            return c.n[i];
    return NULL;
}

static cJSON *fix(struct lsp_server *s, struct lsp_where *w, const cJSON *diag)
{
    const cJSON *msg = cJSON_GetObjectItemCaseSensitive(diag, "message");
    char *x = suggestion(cJSON_IsString(msg) ? msg->valuestring : NULL);
    const cJSON *range = cJSON_GetObjectItemCaseSensitive(diag, "range");
    uint32_t start, end;
    if (!x ||
        !text_pos_offset(cJSON_GetObjectItem(range, "start"), w->src->text, w->src->len, s->utf8,
                         &start) ||
        !text_pos_offset(cJSON_GetObjectItem(range, "end"), w->src->text, w->src->len, s->utf8,
                         &end)) {
        free(x);
        return NULL;
    }
    const struct ast_node *path = strchr(x, '.') ? path_around(w, start) : NULL;
    if (path) {
        start = path->span.start;
        end = path->span.end;
    }
    cJSON *a = cJSON_CreateObject();
    char *title = xasprintf("Change to '%s'", x);
    cJSON_AddStringToObject(a, "title", title);
    free(title);
    cJSON_AddStringToObject(a, "kind", "quickfix");
    cJSON_AddBoolToObject(a, "isPreferred", true);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(a, "diagnostics"), cJSON_Duplicate(diag, true));
    cJSON *changes = cJSON_AddObjectToObject(cJSON_AddObjectToObject(a, "edit"), "changes");
    char *uri = uri_of_source(s, w->src->path);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddItemToObject(e, "range", text_range(w->src, start, end, s->utf8));
    cJSON_AddStringToObject(e, "newText", x);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(changes, uri), e);
    free(uri);
    free(x);
    return a;
}

cJSON *req_code_action(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    const struct ast_file *af;
    if (!where_document(s, params, &w, &af))
        return NULL;
    cJSON *r = cJSON_CreateArray();
    const cJSON *d;
    cJSON_ArrayForEach(d, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(params, "context"), "diagnostics"))
    {
        cJSON *a = fix(s, &w, d);
        if (a)
            cJSON_AddItemToArray(r, a);
    }
    where_free(&w);
    return r;
}
