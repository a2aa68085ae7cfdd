/* textDocument/formatting through the formatter of `domec fmt`: one edit
 * replacing the document, none when it is formatted already or has syntax
 * errors (the diagnostics show those). */
#include <stdlib.h>
#include <string.h>

#include "lang/fmt.h"
#include "lsp/nav.h"

cJSON *req_formatting(struct lsp_server *s, const cJSON *params)
{
    const cJSON *uri = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(params, "textDocument"), "uri");
    struct lsp_doc *d = doc_find(s, cJSON_IsString(uri) ? uri->valuestring : NULL);
    if (!d)
        return NULL;
    cJSON *edits = cJSON_CreateArray();
    char *out = fmt_source(d->path, d->text, d->len, NULL);
    if (out && strcmp(out, d->text) != 0) {
        struct src_table t;
        struct arena a;
        arena_init(&a);
        src_init(&t, &a);
        src_add(&t, d->path, d->text, d->len);
        cJSON *e = cJSON_CreateObject();
        cJSON_AddItemToObject(e, "range", text_range(&t.files[0], 0, (uint32_t)d->len, s->utf8));
        cJSON_AddStringToObject(e, "newText", out);
        cJSON_AddItemToArray(edits, e);
        arena_free(&a);
    }
    free(out);
    return edits;
}
