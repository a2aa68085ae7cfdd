/* Import: stub entries, reading them back with the providers' read step
 * (via refresh), and a synchronous GET for listing and worker code. */
#include "runtime/import/import.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/model/kind.h"
#include "runtime/exec/refresh.h"

/* The attributes state tracks per kind (ORDER KINDS). */
static const char *const tracked[IR_N_KINDS][11] = {
    {"read_replication", NULL},
    {"jurisdiction", "location", "storage_class", "notifications", NULL},
    {"description", "dimensions", "metric", "metadata_indexes", NULL},
    {"delivery_delay", "message_retention_period", NULL},
    {NULL},
    {"class", "worker", "storage", NULL},
    {"compatibility_date", "compatibility_flags", "bindings", "crons", "workers_dev",
     "observability", "durable_objects", "routes", "domains", NULL},
};

/* What the API never reports (ORDER KINDS): recorded as "unknown", so the
 * program's value is adopted on the next apply instead of planning a
 * replace (plan.c). */
static const char *const unreadable[IR_N_KINDS][2] = {
    {"location", NULL}, {NULL}, {"preset", NULL}, {NULL}, {NULL}, {NULL}, {NULL},
};

/* import_stub: see runtime/import/import.h. */
cJSON *import_stub(enum ir_kind kind, const char *label, const char *id, const char *name)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", kind_name(kind));
    cJSON_AddStringToObject(e, "label", label);
    cJSON_AddStringToObject(e, "name", name ? name : id);
    cJSON_AddStringToObject(e, "id", id);
    cJSON *attrs = cJSON_AddObjectToObject(e, "attrs");
    for (size_t i = 0; tracked[kind][i]; i++)
        cJSON_AddNullToObject(attrs, tracked[kind][i]);
    if (kind == IR_WORKER) { /* a non-empty cron list makes the read fetch schedules */
        cJSON_ReplaceItemInObject(attrs, "crons",
                                  cJSON_CreateStringArray((const char *[]){"?"}, 1));
        cJSON_AddFalseToObject(attrs, "logpush");
        cJSON_AddItemToObject(attrs, "consumers", cJSON_CreateArray());
    }
    cJSON_AddItemToObject(e, "deps", cJSON_CreateArray());
    cJSON_AddFalseToObject(e, "protect");
    cJSON_AddTrueToObject(e, "imported"); /* until an apply of a program declaring it */
    if (unreadable[kind][0])
        cJSON_AddItemToObject(e, "unknown", cJSON_CreateStringArray(unreadable[kind], 1));
    return e;
}

static void drop_nulls(cJSON *entry)
{
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs");
    const char *kind = state_str(entry, "kind");
    cJSON *j = cJSON_GetObjectItemCaseSensitive(attrs, "jurisdiction");
    if (kind && !strcmp(kind, "bucket") && cJSON_IsNull(j)) /* read without a jurisdiction */
        cJSON_ReplaceItemInObject(attrs, "jurisdiction", cJSON_CreateString("default"));
    cJSON *a = attrs ? attrs->child : NULL;
    while (a) {
        cJSON *next = a->next;
        if (cJSON_IsNull(a))
            cJSON_DeleteItemFromObjectCaseSensitive(attrs, a->string);
        a = next;
    }
    cJSON *obs = cJSON_GetObjectItemCaseSensitive(attrs, "observability");
    if (obs && !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obs, "enabled")))
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, "observability"); /* as without the block */
    cJSON *classes = cJSON_GetObjectItemCaseSensitive(attrs, "durable_objects");
    if (classes && cJSON_GetArraySize(classes) == 0) /* not a host: nothing to track */
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, "durable_objects");
    const char *traffic[] = {"routes", "domains"}; /* none: as without the attribute */
    for (int i = 0; i < 2; i++)
        if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(attrs, traffic[i])) == 0)
            cJSON_DeleteItemFromObjectCaseSensitive(attrs, traffic[i]);
    cJSON *crons = cJSON_GetObjectItemCaseSensitive(attrs, "crons");
    if (cJSON_GetArraySize(crons) == 1 && !strcmp(cJSON_GetArrayItem(crons, 0)->valuestring, "?"))
        cJSON_ReplaceItemInObject(attrs, "crons", cJSON_CreateArray());
}

static void append_error(char **errors, const char *key, const char *why)
{
    size_t old = *errors ? strlen(*errors) : 0, n = old + strlen(key) + strlen(why) + 8;
    char *e = xrealloc(*errors, n);
    snprintf(e + old, n - old, "%s: %s\n", key, why);
    *errors = e;
}

/* import_read: see runtime/import/import.h. */
int import_read(const struct prov_ctx *ctx, struct cf_http *http, char **errors)
{
    struct refresh_result r;
    if (refresh_read(ctx, http, &r) != 0) {
        /* some reads failed: their items carry the error, reported below */
    }
    int failed = 0;
    for (size_t i = 0; i < r.n_items; i++) {
        struct refresh_item *it = &r.items[i];
        if (it->error || !it->after) {
            append_error(errors, it->key, it->error ? it->error : "not found in the account");
            state_remove(ctx->st, it->key);
            failed++;
            continue;
        }
        cJSON *e = cJSON_Duplicate(it->after, 1);
        drop_nulls(e);
        state_put(ctx->st, it->key, e);
    }
    refresh_free(&r);
    return failed;
}

/* get: GET path; the parsed envelope, or with raw set the raw body in *raw */
static cJSON *get(const struct prov_ctx *ctx, struct cf_http *http, const char *path, char **raw,
                  size_t *raw_len, char *err, size_t err_len)
{
    char full[1200];
    snprintf(full, sizeof full, "/accounts/%s%s", ctx->account, path);
    struct cf_request req = {.method = "GET", .path = full};
    struct cf_http_completion c;
    cJSON *doc = NULL;
    if (cf_http_submit(http, &req) != 0 || cf_http_next(http, &c) != 1) {
        snprintf(err, err_len, "GET %s: transport closed", path);
        return NULL;
    }
    if (c.outcome != CF_DONE || c.status >= 300)
        snprintf(err, err_len, "GET %s: %s", path,
                 c.outcome != CF_DONE ? c.error
                 : c.body             ? c.body
                                      : "HTTP error");
    else if (raw && !c.body)
        snprintf(err, err_len, "GET %s: the answer is empty", path);
    else if (raw) {
        *raw = c.body;
        *raw_len = c.body_len;
        c.body = NULL;
    } else if (!(doc = c.body ? cJSON_Parse(c.body) : NULL))
        snprintf(err, err_len, "GET %s: the answer is not JSON", path);
    cf_http_completion_free(&c);
    return doc;
}

/* import_get: see runtime/import/import.h. */
cJSON *import_get(const struct prov_ctx *ctx, struct cf_http *http, const char *path, char *err,
                  size_t err_len)
{
    return get(ctx, http, path, NULL, NULL, err, err_len);
}

/* import_get_raw: see runtime/import/import.h. */
int import_get_raw(const struct prov_ctx *ctx, struct cf_http *http, const char *path, char **raw,
                   size_t *raw_len, char *err, size_t err_len)
{
    *raw = NULL;
    cJSON *none = get(ctx, http, path, raw, raw_len, err, err_len);
    assert(none == NULL); /* with raw, get() hands back the body instead */
    cJSON_Delete(none);
    return *raw ? 0 : -1;
}
