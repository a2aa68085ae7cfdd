/* Worker read-back for refresh: GET settings, then GET schedules when the
 * state tracks crons. Only attributes the state already has are replaced. */
#include "runtime/providers/worker_read.h"

#include <string.h>

#include "runtime/providers/worker_meta.h"
#include "runtime/providers/worker_routes.h"

/* worker_read_settings: see worker_read.h. */
enum prov_result worker_read_settings(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->stage = ST_READ_SETTINGS;
    return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/settings", prov_name(op));
}

/* worker_read_start: see worker_read.h. Routes and domains come first. */
enum prov_result worker_read_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    enum prov_result r = worker_routes_read_start(ctx, op);
    return r == PROV_DONE ? worker_read_settings(ctx, op) : r;
}

/* keep_unmodeled records the live bindings the language does not model in
 * extra.kept_bindings (never compared; every upload keeps them). */
static void keep_unmodeled(const struct prov_ctx *ctx, cJSON *entry, const cJSON *binds)
{
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(entry, "extra");
    cJSON *kept = worker_meta_kept(ctx, state_str(entry, "name"), binds);
    if (!extra && cJSON_GetArraySize(kept) == 0) {
        cJSON_Delete(kept);
        return;
    }
    if (!extra)
        extra = cJSON_AddObjectToObject(entry, "extra");
    cJSON_DeleteItemFromObjectCaseSensitive(extra, "kept_bindings");
    if (cJSON_GetArraySize(kept) > 0)
        cJSON_AddItemToObject(extra, "kept_bindings", kept);
    else
        cJSON_Delete(kept);
}

/* read_observability: {enabled, head_sampling_rate} as the program writes
 * it; a worker that never had it set reads as disabled */
static void read_observability(struct prov_op *op, const cJSON *o)
{
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(o, "enabled");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(o, "head_sampling_rate");
    cJSON *v = cJSON_CreateObject();
    cJSON_AddBoolToObject(v, "enabled", cJSON_IsTrue(en));
    cJSON_AddNumberToObject(v, "head_sampling_rate", cJSON_IsNumber(rate) ? rate->valuedouble : 1);
    prov_refresh_attr(op->entry, "observability", v);
}

/* read_subdomain: workers_dev and (when tracked) preview_urls */
static void read_subdomain(struct prov_op *op, const cJSON *res)
{
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(res, "enabled");
    const cJSON *pv = cJSON_GetObjectItemCaseSensitive(res, "previews_enabled");
    if (cJSON_IsBool(en))
        prov_refresh_attr(op->entry, "workers_dev", cJSON_CreateBool(cJSON_IsTrue(en)));
    if (cJSON_IsBool(pv))
        prov_refresh_attr(op->entry, "preview_urls", cJSON_CreateBool(cJSON_IsTrue(pv)));
}

static enum prov_result next_consumer_read(const struct prov_ctx *ctx, struct prov_op *op);

static void read_settings(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *res)
{
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(res, "compatibility_date");
    const cJSON *flags = cJSON_GetObjectItemCaseSensitive(res, "compatibility_flags");
    const cJSON *binds = cJSON_GetObjectItemCaseSensitive(res, "bindings");
    if (cJSON_IsString(date))
        prov_refresh_attr(op->entry, "compatibility_date", cJSON_Duplicate(date, 1));
    if (cJSON_IsArray(flags))
        prov_refresh_attr(op->entry, "compatibility_flags", cJSON_Duplicate(flags, 1));
    if (cJSON_IsArray(binds)) {
        prov_refresh_attr(op->entry, "bindings", worker_meta_bindings(ctx, op->entry, binds));
        keep_unmodeled(ctx, op->entry, binds);
    }
    read_observability(op, cJSON_GetObjectItemCaseSensitive(res, "observability"));
}

/* after_settings: the subdomain when state tracks it, then schedules when
 * state tracks crons, then the consumers */
static enum prov_result after_settings(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = 0;
    if (op->stage == ST_READ_SETTINGS && prov_attr(op->entry, "workers_dev")) {
        op->stage = ST_READ_SUBDOMAIN;
        return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/subdomain", prov_name(op));
    }
    if (op->stage != ST_READ_DO_TAG) {
        enum prov_result r = worker_read_durable_start(ctx, op);
        if (r != PROV_DONE)
            return r;
    }
    if (cJSON_GetArraySize(prov_attr(op->entry, "crons")) == 0)
        return next_consumer_read(ctx, op);
    op->stage = ST_READ_SCHED;
    return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/schedules", prov_name(op));
}

static cJSON *crons_of(const cJSON *res)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(res, "schedules");
    const cJSON *it;
    if (!list)
        list = res;
    cJSON_ArrayForEach(it, list)
    {
        const char *cron = state_str(it, "cron");
        if (cron)
            cJSON_AddItemToArray(out, cJSON_CreateString(cron));
    }
    return out;
}

/* next_consumer_read: GET the consumers of the op->index'th consumed queue,
 * or finish when every one has been read. */
static enum prov_result next_consumer_read(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *want = cJSON_GetArrayItem(prov_attr(op->entry, "consumers"), op->index);
    if (!want)
        return PROV_DONE;
    const char *qid = state_str(
        state_get(ctx->st, state_str(want, "queue") ? state_str(want, "queue") : ""), "id");
    if (!qid) { /* the queue itself is not in state: the consumer cannot exist */
        cJSON_DeleteItemFromArray(
            cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(op->entry, "attrs"),
                                             "consumers"),
            op->index);
        return next_consumer_read(ctx, op);
    }
    op->stage = ST_READ_CONS;
    return prov_request(ctx, op, "GET", NULL, "/queues/%s/consumers", qid);
}

static const cJSON *mine(const cJSON *list, const char *script)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, list)
    {
        const char *s =
            state_str(c, "script_name") ? state_str(c, "script_name") : state_str(c, "script");
        if (s && strcmp(s, script) == 0)
            return c;
    }
    return NULL;
}

/* worker_read_consumer: see worker_read.h. */
void worker_read_consumer(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *list)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(op->entry, "attrs"), "consumers");
    cJSON *want = cJSON_GetArrayItem(arr, op->index);
    const cJSON *live = mine(list, prov_name(op));
    if (!live) {
        cJSON_DeleteItemFromArray(arr, op->index);
        return;
    }
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(live, "settings");
    const char *names[] = {"batch_size", "max_retries", "max_wait_time_ms", "max_concurrency",
                           "retry_delay"};
    for (int k = 0; k < 5; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(set, names[k]);
        bool tracked = cJSON_GetObjectItemCaseSensitive(want, names[k]) != NULL;
        if (cJSON_IsNumber(v) && tracked)
            cJSON_ReplaceItemInObjectCaseSensitive(want, names[k],
                                                   cJSON_CreateNumber(v->valuedouble));
        else if (cJSON_IsNumber(v) && k >= 3 && !(k == 4 && v->valuedouble == 0))
            cJSON_AddNumberToObject(want, names[k], v->valuedouble); /* set out of band */
        else if (!v && k >= 3)
            cJSON_DeleteItemFromObjectCaseSensitive(want, names[k]);
    }
    const char *dlq = state_str(live, "dead_letter_queue");
    const cJSON *q = dlq && dlq[0] ? state_find(ctx->st, "queue", "name", dlq) : NULL;
    cJSON_DeleteItemFromObjectCaseSensitive(want, "dead_letter");
    if (dlq && dlq[0])
        cJSON_AddStringToObject(want, "dead_letter", q ? q->string : dlq);
    op->index++;
}

/* worker_read_schedules: see worker_read.h. */
enum prov_result worker_read_schedules(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = cJSON_GetArraySize(prov_attr(op->entry, "consumers")); /* read already */
    op->stage = ST_READ_SCHED;
    return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/schedules", prov_name(op));
}

/* worker_read_step: see worker_read.h. */
enum prov_result worker_read_step(const struct prov_ctx *ctx, struct prov_op *op,
                                  const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (op->stage == ST_ROUTES_LIST || op->stage == ST_DOMAINS_LIST) {
        enum prov_result r = worker_routes_read_step(ctx, op, c);
        return r == PROV_DONE ? worker_read_settings(ctx, op) : r;
    }
    if (op->stage == ST_READ_SETTINGS && prov_is_404(c)) {
        op->is_gone = true;
        return PROV_DONE;
    }
    if (op->stage == ST_READ_DO || op->stage == ST_READ_DO_TAG) { /* parses its own answer */
        enum prov_result r = worker_read_durable_step(ctx, op, c);
        return r == PROV_DONE ? after_settings(ctx, op) : r;
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_READ_SETTINGS || op->stage == ST_READ_SUBDOMAIN) {
        if (op->stage == ST_READ_SETTINGS)
            read_settings(ctx, op, res);
        else
            read_subdomain(op, res);
        cJSON_Delete(doc);
        return after_settings(ctx, op);
    }
    if (op->stage == ST_READ_SCHED)
        prov_refresh_attr(op->entry, "crons", crons_of(res));
    else
        worker_read_consumer(ctx, op, res);
    cJSON_Delete(doc);
    return next_consumer_read(ctx, op);
}
