/* Queue consumers for import: a worker's `consumes` blocks live on the
 * queues, so each queue's consumers are listed and attached to the imported
 * worker that they run, in the shape apply records (attrs.consumers and
 * extra.consumers, sorted by queue). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/import/import.h"

/* The state key of the entry of kind whose `member` equals value, or NULL. */
static const char *key_where(const struct state *st, const char *kind, const char *member,
                             const char *value)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, state_resources(st))
    {
        const char *k = state_str(e, "kind"), *v = state_str(e, member);
        if (k && v && value && !strcmp(k, kind) && !strcmp(v, value))
            return e->string;
    }
    return NULL;
}

static int by_queue(const void *a, const void *b)
{
    const char *x = state_str(*(const cJSON *const *)a, "queue");
    const char *y = state_str(*(const cJSON *const *)b, "queue");
    return strcmp(x ? x : "", y ? y : "");
}

/* Adds consumer c of queue qkey (id qid) to the imported worker it runs. */
static void attach(struct state *st, const char *qkey, const char *qid, const cJSON *c)
{
    const char *script =
        state_str(c, "script") ? state_str(c, "script") : state_str(c, "script_name");
    const char *wkey = key_where(st, "worker", "name", script);
    cJSON *w = wkey ? state_get(st, wkey) : NULL;
    if (!w || cJSON_GetObjectItemCaseSensitive(w, "pending"))
        return;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(c, "settings");
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "queue", qkey);
    const char *nums[] = {"batch_size", "max_retries", "max_wait_time_ms"};
    for (size_t i = 0; i < 3; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, nums[i]);
        cJSON_AddNumberToObject(o, nums[i], cJSON_IsNumber(v) ? v->valuedouble : 0);
    }
    const cJSON *mc = cJSON_GetObjectItemCaseSensitive(s, "max_concurrency");
    const cJSON *rd = cJSON_GetObjectItemCaseSensitive(s, "retry_delay");
    if (cJSON_IsNumber(mc)) /* optional: only what was set */
        cJSON_AddNumberToObject(o, "max_concurrency", mc->valuedouble);
    if (cJSON_IsNumber(rd) && rd->valuedouble != 0)
        cJSON_AddNumberToObject(o, "retry_delay", rd->valuedouble);
    const char *dlq = key_where(st, "queue", "name", state_str(c, "dead_letter_queue"));
    if (dlq)
        cJSON_AddStringToObject(o, "dead_letter", dlq);
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(w, "attrs");
    cJSON *list = cJSON_GetObjectItemCaseSensitive(attrs, "consumers");
    cJSON_AddItemToArray(list, o);
    state_sort_array(list, by_queue);
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(w, "extra");
    if (!extra)
        extra = cJSON_AddObjectToObject(w, "extra");
    cJSON *ex = cJSON_GetObjectItemCaseSensitive(extra, "consumers");
    if (!ex)
        ex = cJSON_AddArrayToObject(extra, "consumers");
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "queue", qkey);
    cJSON_AddStringToObject(r, "queue_id", qid);
    cJSON_AddStringToObject(r, "consumer_id",
                            state_str(c, "consumer_id") ? state_str(c, "consumer_id") : "");
    cJSON_AddItemToArray(ex, r);
}

/* import_consumers: see runtime/import/import.h. */
void import_consumers(const struct prov_ctx *ctx, struct cf_http *http)
{
    const cJSON *q;
    char path[300], err[256];
    cJSON_ArrayForEach(q, state_resources(ctx->st))
    {
        const char *kind = state_str(q, "kind"), *id = state_str(q, "id");
        if (!kind || strcmp(kind, "queue") || !id)
            continue;
        snprintf(path, sizeof path, "/queues/%s/consumers", id);
        cJSON *doc = import_get(ctx, http, path, err, sizeof err);
        const cJSON *c;
        cJSON_ArrayForEach(c, cJSON_GetObjectItemCaseSensitive(doc, "result"))
            attach(ctx->st, q->string, id, c);
        cJSON_Delete(doc);
    }
}
