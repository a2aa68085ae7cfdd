/* textDocument/definition, references, documentHighlight, prepareRename
 * and rename of resource labels and config keys. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lsp/nav.h"
#include "lsp/rpc.h"
#include "runtime/base/xalloc.h"
#include "runtime/store/paths.h"
#include "runtime/store/state.h"

cJSON *req_definition(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    struct sym sy;
    cJSON *r = NULL;
    if (!where_of(s, params, &w))
        return NULL;
    if (symbol_at(&w, &sy)) {
        struct occurrences o;
        occurrences_of(s, w.dir, &sy, &o);
        for (size_t i = 0; i < o.n && !r; i++)
            if (o.o[i].sym.is_def)
                r = location_json(s, o.o[i].src, o.o[i].sym.start, o.o[i].sym.end);
        occurrences_free(&o);
    }
    where_free(&w);
    return r;
}

static bool include_declaration(const cJSON *params)
{
    const cJSON *ctx = cJSON_GetObjectItemCaseSensitive(params, "context");
    return !cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(ctx, "includeDeclaration"));
}

cJSON *req_references(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    struct sym sy;
    if (!where_of(s, params, &w))
        return NULL;
    cJSON *r = cJSON_CreateArray();
    if (symbol_at(&w, &sy)) {
        struct occurrences o;
        occurrences_of(s, w.dir, &sy, &o);
        bool decl = include_declaration(params);
        for (size_t i = 0; i < o.n; i++)
            if (decl || !o.o[i].sym.is_def)
                cJSON_AddItemToArray(
                    r, location_json(s, o.o[i].src, o.o[i].sym.start, o.o[i].sym.end));
        occurrences_free(&o);
    }
    where_free(&w);
    return r;
}

cJSON *req_document_highlight(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    struct sym sy;
    if (!where_of(s, params, &w))
        return NULL;
    cJSON *r = cJSON_CreateArray();
    if (symbol_at(&w, &sy)) {
        struct occurrences o;
        occurrences_of(s, w.dir, &sy, &o);
        for (size_t i = 0; i < o.n; i++) {
            if (o.o[i].src != w.src)
                continue;
            cJSON *h = cJSON_CreateObject();
            cJSON_AddItemToObject(h, "range",
                                  text_range(w.src, o.o[i].sym.start, o.o[i].sym.end, s->utf8));
            cJSON_AddNumberToObject(h, "kind", o.o[i].sym.is_def ? 3 : 2);
            cJSON_AddItemToArray(r, h);
        }
        occurrences_free(&o);
    }
    where_free(&w);
    return r;
}

cJSON *req_prepare_rename(struct lsp_server *s, const cJSON *params)
{
    struct lsp_where w;
    struct sym sy;
    cJSON *r = NULL;
    if (!where_of(s, params, &w))
        return NULL;
    if (symbol_at(&w, &sy)) {
        r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "range", text_range(w.src, sy.start, sy.end, s->utf8));
        cJSON_AddStringToObject(r, "placeholder", sy.name);
    }
    where_free(&w);
    return r;
}

/* A label or key: letters, digits and '_', not starting with a digit. */
static bool valid_name(const char *n)
{
    if (!n || !*n || isdigit((unsigned char)*n))
        return false;
    for (; *n; n++)
        if (!isalnum((unsigned char)*n) && *n != '_')
            return false;
    return true;
}

/* The stacks whose state records kind.label: a rename changes its address. */
static char *deployed_in(struct lsp_server *s, const char *dir, const char *address)
{
    char *found = NULL;
    char *dome = dome_dir(dir);
    char **stacks = program_stacks(s, dir);
    for (size_t i = 0; stacks[i]; i++) {
        char *path = dome_stack_file(dome, stacks[i], DOME_STATE), *owned = NULL;
        size_t len;
        struct stat st;
        const char *text = stat(path, &st) == 0 ? program_text(s, path, &len, &owned) : NULL;
        char err[256];
        cJSON *root = text ? state_parse(text, len, stacks[i], err, sizeof err) : NULL;
        const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "resources");
        if (cJSON_GetObjectItemCaseSensitive(res, address)) {
            char *more = xasprintf("%s%s%s", found ? found : "", found ? " " : "", stacks[i]);
            free(found);
            found = more;
        }
        cJSON_Delete(root);
        free(owned);
        free(path);
    }
    lang_free_list(stacks);
    free(dome);
    return found;
}

/* Warns that renaming a deployed resource changes its state address. */
static void warn_deployed(struct lsp_server *s, const char *dir, const struct sym *sy,
                          const char *new_name)
{
    const char *kind = ir_kind_name((enum ir_kind)sy->kind);
    char *address = xasprintf("%s.%s", kind, sy->name);
    char *stacks = deployed_in(s, dir, address);
    if (stacks) {
        char *first = xstrndup(stacks, strcspn(stacks, " "));
        char *msg =
            xasprintf("%s is deployed (stack: %s). Renaming it in the program makes the next "
                      "apply delete it and create %s.%s. To keep the resource, rename its "
                      "state address instead: domec state mv %s %s.%s --stack %s",
                      address, stacks, kind, new_name, address, kind, new_name, first);
        cJSON *p = cJSON_CreateObject();
        cJSON_AddNumberToObject(p, "type", 2);
        cJSON_AddStringToObject(p, "message", msg);
        rpc_notify(s->out, "window/showMessage", p);
        free(msg);
        free(first);
        free(stacks);
    }
    free(address);
}

cJSON *req_rename(struct lsp_server *s, const cJSON *params)
{
    const cJSON *nn = cJSON_GetObjectItemCaseSensitive(params, "newName");
    const char *new_name = cJSON_IsString(nn) ? nn->valuestring : NULL;
    struct lsp_where w;
    struct sym sy;
    if (!valid_name(new_name)) {
        s->error_code = RPC_INVALID_PARAMS;
        s->error_reason =
            "a label or config key is letters, digits and _, not starting with a digit";
        return NULL;
    }
    if (!where_of(s, params, &w))
        return NULL;
    cJSON *r = NULL;
    if (symbol_at(&w, &sy)) {
        r = cJSON_CreateObject();
        cJSON *changes = cJSON_AddObjectToObject(r, "changes");
        struct occurrences o;
        occurrences_of(s, w.dir, &sy, &o);
        for (size_t i = 0; i < o.n; i++) {
            char *uri = uri_of_source(s, o.o[i].src->path);
            cJSON *edits = cJSON_GetObjectItemCaseSensitive(changes, uri);
            if (!edits)
                edits = cJSON_AddArrayToObject(changes, uri);
            cJSON *e = cJSON_CreateObject();
            cJSON_AddItemToObject(
                e, "range", text_range(o.o[i].src, o.o[i].sym.start, o.o[i].sym.end, s->utf8));
            cJSON_AddStringToObject(e, "newText", new_name);
            cJSON_AddItemToArray(edits, e);
            free(uri);
        }
        occurrences_free(&o);
        if (sy.kind != SYM_CONFIG)
            warn_deployed(s, w.dir, &sy, new_name);
    }
    where_free(&w);
    return r;
}
