/* Reading a host worker's Durable Object classes back (refresh, import):
 * the namespaces the script hosts become attrs.durable_objects, and the
 * script's migration tag extra.do_tag, so the next upload's migration
 * starts from what Cloudflare really has. Only for entries that track
 * durable_objects (hosts, and import stubs). */
#include "runtime/providers/worker_read.h"

#include <stdlib.h>
#include <string.h>

static int by_class(const void *a, const void *b)
{
    const char *x = state_str(*(const cJSON *const *)a, "class");
    const char *y = state_str(*(const cJSON *const *)b, "class");
    return strcmp(x ? x : "", y ? y : "");
}

/* classes_of: [{class, storage}] of the namespaces script hosts, sorted */
static cJSON *classes_of(const cJSON *list, const char *script)
{
    const cJSON *it;
    cJSON *items[256];
    int n = 0;
    cJSON_ArrayForEach(it, list)
    {
        const char *s = state_str(it, "script"), *c = state_str(it, "class");
        if (!s || !c || strcmp(s, script) != 0 || n == 256)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "class", c);
        cJSON_AddStringToObject(
            o, "storage",
            cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "use_sqlite")) ? "sqlite" : "kv");
        items[n++] = o;
    }
    qsort(items, (size_t)n, sizeof *items, by_class);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, items[i]);
    return arr;
}

static void set_tag(struct prov_op *op, const cJSON *scripts)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, scripts)
    {
        const char *id = state_str(it, "id"), *tag = state_str(it, "migration_tag");
        if (!id || strcmp(id, prov_name(op)) != 0)
            continue;
        cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
        if (!extra)
            extra = cJSON_AddObjectToObject(op->entry, "extra");
        cJSON_DeleteItemFromObjectCaseSensitive(extra, "do_tag");
        if (tag && *tag)
            cJSON_AddStringToObject(extra, "do_tag", tag);
    }
}

/* worker_read_durable_start: see worker_read.h. */
enum prov_result worker_read_durable_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(op->entry, "attrs"),
                                          "durable_objects"))
        return PROV_DONE;
    op->stage = ST_READ_DO;
    return prov_request(ctx, op, "GET", NULL, "/workers/durable_objects/namespaces?per_page=1000");
}

/* worker_read_durable_step: see worker_read.h. */
enum prov_result worker_read_durable_step(const struct prov_ctx *ctx, struct prov_op *op,
                                          const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_READ_DO) {
        prov_refresh_attr(op->entry, "durable_objects", classes_of(res, prov_name(op)));
        cJSON_Delete(doc);
        op->stage = ST_READ_DO_TAG;
        return prov_request(ctx, op, "GET", NULL, "/workers/scripts");
    }
    set_tag(op, res);
    cJSON_Delete(doc);
    return PROV_DONE;
}
