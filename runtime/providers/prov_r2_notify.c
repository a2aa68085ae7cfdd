/* R2 event notification rules of a bucket, after its own steps: read the
 * bucket's configuration (GET /event_notifications/r2/{bucket}/configuration),
 * then, until it matches the program, one change at a time: a queue whose
 * rules differ loses them all (DELETE .../queues/{queue_id}), a queue that
 * has none gets the program's (PUT .../queues/{queue_id} {rules}). Reading
 * again after each change keeps this right when someone else changed the
 * rules meanwhile. A read records what Cloudflare holds as the
 * "notifications" attribute (runtime/model/r2_rules.h). */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <string.h>

#include "runtime/model/r2_rules.h"

enum { ST_NOTIFY_READ = 40, ST_NOTIFY_CHANGED, MAX_CHANGES = 64 };

/* prov_r2_notify_is_syncing: see prov.h. */
bool prov_r2_notify_is_syncing(const struct prov_op *op)
{
    return op->stage == ST_NOTIFY_READ || op->stage == ST_NOTIFY_CHANGED;
}

static enum prov_result send(const struct prov_ctx *ctx, struct prov_op *op, const char *method,
                             cJSON *body, const char *queue_id, int stage)
{
    op->stage = stage;
    if (queue_id)
        prov_request(ctx, op, method, body, "/event_notifications/r2/%s/configuration/queues/%s",
                     prov_name(op), queue_id);
    else
        prov_request(ctx, op, method, body, "/event_notifications/r2/%s/configuration",
                     prov_name(op));
    if (prov_r2_kind.headers) /* a bucket in a jurisdiction is addressed with its header */
        prov_r2_kind.headers(op);
    return PROV_SEND;
}

/* prov_r2_notify_start: see prov.h. */
enum prov_result prov_r2_notify_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = 0;
    return send(ctx, op, "GET", NULL, NULL, ST_NOTIFY_READ);
}

/* queue_key: the state key of the queue with this id ("queue.label"), or
 * "queue:NAME" for a queue this stack does not manage */
static void queue_key(const struct prov_ctx *ctx, const cJSON *q, char *buf, size_t len)
{
    const cJSON *e =
        state_find(ctx->st, "queue", "id", state_str(q, "queueId") ? state_str(q, "queueId") : "");
    const char *label = e ? state_str(e, "label") : NULL;
    const char *name = state_str(q, "queueName");
    if (label)
        snprintf(buf, len, "queue.%s", label);
    else
        snprintf(buf, len, "queue:%s", name && *name ? name : state_str(q, "queueId"));
}

/* read_rules: the rules of a configuration answer, as the program writes them */
static cJSON *read_rules(const struct prov_ctx *ctx, const cJSON *queues)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *q, *r;
    char key[300];
    cJSON_ArrayForEach(q, queues)
    {
        queue_key(ctx, q, key, sizeof key);
        cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(q, "rules"))
        {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddItemToObject(o, "events",
                                  r2_rules_events(cJSON_GetObjectItemCaseSensitive(r, "actions")));
            const char *prefix = state_str(r, "prefix"), *suffix = state_str(r, "suffix");
            if (prefix && *prefix)
                cJSON_AddStringToObject(o, "prefix", prefix);
            cJSON_AddStringToObject(o, "queue", key);
            if (suffix && *suffix)
                cJSON_AddStringToObject(o, "suffix", suffix);
            cJSON_AddItemToArray(out, o);
        }
    }
    r2_rules_canonical(out);
    return out;
}

/* of_queue: the rules of rules sent to the queue key (new array) */
static cJSON *of_queue(const cJSON *rules, const char *key)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        const char *q = state_str(r, "queue");
        if (q && strcmp(q, key) == 0)
            cJSON_AddItemToArray(out, cJSON_Duplicate(r, 1));
    }
    return out;
}

static bool same_rules(const cJSON *a, const cJSON *b, const char *key)
{
    cJSON *x = of_queue(a, key), *y = of_queue(b, key);
    bool same = cJSON_Compare(x, y, 1);
    cJSON_Delete(x);
    cJSON_Delete(y);
    return same;
}

/* drop_differing: DELETE the rules of the first queue whose live rules are
 * not the program's; PROV_DONE when there is none */
static enum prov_result drop_differing(const struct prov_ctx *ctx, struct prov_op *op,
                                       const cJSON *queues, const cJSON *live, const cJSON *want)
{
    const cJSON *q;
    char key[300];
    cJSON_ArrayForEach(q, queues)
    {
        queue_key(ctx, q, key, sizeof key);
        if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(q, "rules")) > 0 &&
            !same_rules(live, want, key))
            return send(ctx, op, "DELETE", NULL, state_str(q, "queueId"), ST_NOTIFY_CHANGED);
    }
    return PROV_DONE;
}

/* add_missing: PUT the rules of the first queue of the program that has none
 * live; PROV_DONE when there is none */
static enum prov_result add_missing(const struct prov_ctx *ctx, struct prov_op *op,
                                    const cJSON *live, const cJSON *want)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, want)
    {
        const char *key = state_str(r, "queue");
        cJSON *has = of_queue(live, key ? key : "");
        int n = cJSON_GetArraySize(has);
        cJSON_Delete(has);
        if (!key || n > 0)
            continue;
        const char *id = state_str(prov_target_entry(ctx, key), "id");
        if (!id) {
            snprintf(op->error, sizeof op->error,
                     "notification rule: %s has no queue id in the state (apply it first)", key);
            return PROV_FAIL;
        }
        cJSON *body = cJSON_CreateObject();
        cJSON_AddItemToObject(body, "rules", r2_rules_api(want, key));
        return send(ctx, op, "PUT", body, id, ST_NOTIFY_CHANGED);
    }
    return PROV_DONE;
}

/* on_config: the configuration as read; a read records it, a create or
 * update sends the next change */
static enum prov_result on_config(const struct prov_ctx *ctx, struct prov_op *op,
                                  const cJSON *result)
{
    const cJSON *queues = cJSON_GetObjectItemCaseSensitive(result, "queues");
    cJSON *live = read_rules(ctx, queues);
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(op->entry, "attrs");
    if (op->action == PROV_READ) {
        prov_record_read(op->entry, "notifications", live);
        return PROV_DONE;
    }
    cJSON *want = cJSON_GetObjectItemCaseSensitive(attrs, "notifications");
    cJSON *none = cJSON_CreateArray();
    if (!want)
        want = none;
    enum prov_result r = drop_differing(ctx, op, queues, live, want);
    if (r == PROV_DONE)
        r = add_missing(ctx, op, live, want);
    cJSON_Delete(live);
    cJSON_Delete(none);
    return r;
}

/* prov_r2_notify_step: see prov.h. */
enum prov_result prov_r2_notify_step(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_NOTIFY_CHANGED) {
        cJSON_Delete(doc);
        if (++op->index > MAX_CHANGES) {
            snprintf(op->error, sizeof op->error,
                     "notification rules of bucket %s still differ after %d changes", prov_name(op),
                     MAX_CHANGES);
            return PROV_FAIL;
        }
        return send(ctx, op, "GET", NULL, NULL, ST_NOTIFY_READ);
    }
    enum prov_result r = on_config(ctx, op, res);
    cJSON_Delete(doc);
    return r;
}
