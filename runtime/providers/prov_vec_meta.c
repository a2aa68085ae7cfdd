/* Vectorize metadata indexes of an index, after its own steps: list them
 * (GET .../metadata_index/list), then, until they match the program, one
 * change at a time: a field the program drops or types differently is
 * deleted (POST .../metadata_index/delete {propertyName}), a field it adds
 * (or retypes) is created (POST .../metadata_index/create {propertyName,
 * indexType}). A read records the list as the "metadata_indexes" attribute,
 * {field: type}. */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

enum { ST_META_READ = 50, ST_META_CHANGED, MAX_CHANGES = 32 };

/* prov_vec_meta_is_syncing: see prov.h. */
bool prov_vec_meta_is_syncing(const struct prov_op *op)
{
    return op->stage == ST_META_READ || op->stage == ST_META_CHANGED;
}

static enum prov_result send(const struct prov_ctx *ctx, struct prov_op *op, const char *method,
                             cJSON *body, const char *what, int stage)
{
    op->stage = stage;
    return prov_request(ctx, op, method, body, "/vectorize/v2/indexes/%s/metadata_index/%s",
                        prov_name(op), what);
}

/* prov_vec_meta_start: see prov.h. */
enum prov_result prov_vec_meta_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = 0;
    return send(ctx, op, "GET", NULL, "list", ST_META_READ);
}

static int by_property(const void *a, const void *b)
{
    const char *x = state_str(*(const cJSON *const *)a, "propertyName");
    const char *y = state_str(*(const cJSON *const *)b, "propertyName");
    return strcmp(x ? x : "", y ? y : "");
}

/* live_fields: {field: type} of a list answer, by field name as the
 * program's map is */
static cJSON *live_fields(const cJSON *result)
{
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(result, "metadataIndexes"), *m;
    size_t n = 0;
    const cJSON **items = xmalloc(((size_t)cJSON_GetArraySize(list) + 1) * sizeof *items);
    cJSON_ArrayForEach(m, list) items[n++] = m;
    qsort(items, n, sizeof *items, by_property);
    cJSON *out = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        const char *name = state_str(items[i], "propertyName");
        const char *type = state_str(items[i], "indexType");
        if (name && type && !cJSON_GetObjectItemCaseSensitive(out, name))
            cJSON_AddStringToObject(out, name, type);
    }
    free(items);
    return out;
}

static cJSON *field_body(const char *name, const char *type)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "propertyName", name);
    if (type)
        cJSON_AddStringToObject(b, "indexType", type);
    return b;
}

/* next_change: the first delete, else the first create the program needs;
 * PROV_DONE when the live fields are the program's */
static enum prov_result next_change(const struct prov_ctx *ctx, struct prov_op *op,
                                    const cJSON *live, const cJSON *want)
{
    const cJSON *f;
    cJSON_ArrayForEach(f, live)
    {
        const char *w = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(want, f->string));
        if (!w || strcmp(w, cJSON_GetStringValue(f)) != 0)
            return send(ctx, op, "POST", field_body(f->string, NULL), "delete", ST_META_CHANGED);
    }
    cJSON_ArrayForEach(f, want)
    {
        if (cJSON_IsString(f) && !cJSON_GetObjectItemCaseSensitive(live, f->string))
            return send(ctx, op, "POST", field_body(f->string, f->valuestring), "create",
                        ST_META_CHANGED);
    }
    return PROV_DONE;
}

static enum prov_result on_list(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *result)
{
    cJSON *live = live_fields(result);
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(op->entry, "attrs");
    if (op->action == PROV_READ) {
        prov_record_read(op->entry, "metadata_indexes", live);
        return PROV_DONE;
    }
    enum prov_result r =
        next_change(ctx, op, live, cJSON_GetObjectItemCaseSensitive(attrs, "metadata_indexes"));
    cJSON_Delete(live);
    return r;
}

/* prov_vec_meta_step: see prov.h. */
enum prov_result prov_vec_meta_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_META_CHANGED) {
        cJSON_Delete(doc);
        if (++op->index > MAX_CHANGES) {
            snprintf(op->error, sizeof op->error,
                     "metadata indexes of %s still differ after %d changes", prov_name(op),
                     MAX_CHANGES);
            return PROV_FAIL;
        }
        return send(ctx, op, "GET", NULL, "list", ST_META_READ);
    }
    enum prov_result r = on_list(ctx, op, res);
    cJSON_Delete(doc);
    return r;
}
