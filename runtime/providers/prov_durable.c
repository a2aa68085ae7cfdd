/* Durable Object namespaces. The host worker's upload creates, renames and
 * deletes classes (its migrations, worker_migrations.c); this provider only
 * finds the namespace the upload made, by host script and class, to record
 * its id, and reads it back. A delete sends nothing: the host's upload with
 * deleted_classes, or the host's own deletion, removes the class. */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <string.h>

enum { ST_DO_LIST = 1 };

/* host_name: the physical name of the host worker the entry names */
static const char *host_name(const struct prov_ctx *ctx, const struct prov_op *op)
{
    const char *key = cJSON_GetStringValue(prov_attr(op->entry, "worker"));
    const cJSON *host = key ? prov_target_entry(ctx, key) : NULL;
    return host ? state_str(host, "name") : key; /* an imported entry names the script */
}

static const cJSON *find(const cJSON *list, const char *script, const char *cls)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *s = state_str(it, "script"), *c = state_str(it, "class");
        if (s && c && script && cls && !strcmp(s, script) && !strcmp(c, cls))
            return it;
    }
    return NULL;
}

/* by_id: the namespace with the entry's id (an imported stub knows only it) */
static const cJSON *by_id(const cJSON *list, const char *id)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *i = state_str(it, "id");
        if (i && id && !strcmp(i, id))
            return it;
    }
    return NULL;
}

static void read_back(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *ns)
{
    const char *script = state_str(ns, "script");
    const cJSON *host = script ? state_find(ctx->st, "worker", "name", script) : NULL;
    prov_set_id(op, state_str(ns, "id"));
    prov_refresh_attr(op->entry, "class", cJSON_CreateString(state_str(ns, "class")));
    prov_refresh_attr(op->entry, "worker", cJSON_CreateString(host ? host->string : script));
    prov_refresh_attr(
        op->entry, "storage",
        cJSON_CreateString(
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(ns, "use_sqlite")) ? "sqlite" : "kv"));
}

static enum prov_result on_list(const struct prov_ctx *ctx, struct prov_op *op,
                                const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const char *cls = cJSON_GetStringValue(prov_attr(op->entry, "class"));
    const char *script = host_name(ctx, op);
    const cJSON *ns = find(res, script, cls);
    if (!ns && op->action == PROV_READ)
        ns = by_id(res, prov_id(op));
    enum prov_result r = PROV_DONE;
    if (ns)
        read_back(ctx, op, ns);
    else if (op->action == PROV_READ)
        op->is_gone = true;
    else {
        snprintf(op->error, sizeof op->error,
                 "%s: the upload of worker '%s' did not create Durable Object class '%s' "
                 "(does its code export it?)",
                 op->key, script ? script : "?", cls ? cls : "?");
        r = PROV_FAIL;
    }
    cJSON_Delete(doc);
    return r;
}

/* prov_durable: see prov.h. */
enum prov_result prov_durable(const struct prov_ctx *ctx, struct prov_op *op,
                              const struct cf_http_completion *c)
{
    if (c)
        return on_list(ctx, op, c);
    if (op->action == PROV_DELETE)
        return PROV_DONE;
    op->stage = ST_DO_LIST;
    return prov_request(ctx, op, "GET", NULL, "/workers/durable_objects/namespaces?per_page=1000");
}

/* a list item is the namespace, as the read finds it in the same list */
static enum prov_result fold_durable(const struct prov_ctx *ctx, struct prov_op *op,
                                     const cJSON *item, const struct prov_listings *ls)
{
    (void)ls;
    read_back(ctx, op, item);
    return PROV_DONE;
}

/* prov_durable_lister: see prov.h. */
const struct prov_lister prov_durable_lister = {
    .path = "/workers/durable_objects/namespaces?per_page=1000",
    .paging = PROV_PAGE_NUMBER,
    .key_field = "id",
    .name_field = "name",
    .fold = fold_durable,
};
