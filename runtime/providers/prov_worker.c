/* Workers: upload (multipart, every binding type, vars and secrets), the
 * traffic settings (worker_traffic.c), queue
 * consumers kept in step with the program, cron schedules; delete removes
 * the consumers first; read compares settings and schedules. An update that
 * only rotates secrets sends them one by one instead (prov_secrets.c). */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <string.h>

#include "runtime/providers/prov_secrets.h"
#include "runtime/providers/worker_meta.h"
#include "runtime/providers/worker_read.h"

static enum prov_result next_consumer(const struct prov_ctx *ctx, struct prov_op *op);
static enum prov_result next_stale(const struct prov_ctx *ctx, struct prov_op *op);

static cJSON *extra_consumers(cJSON *entry)
{
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(entry, "extra");
    if (!extra)
        extra = cJSON_AddObjectToObject(entry, "extra");
    cJSON *c = cJSON_GetObjectItemCaseSensitive(extra, "consumers");
    if (!c)
        c = cJSON_AddArrayToObject(extra, "consumers");
    return c;
}

static const char *queue_id(const struct prov_ctx *ctx, const char *key)
{
    return state_str(prov_target_entry(ctx, key ? key : ""), "id");
}

static const char *queue_name(const struct prov_ctx *ctx, const char *key)
{
    return state_str(prov_target_entry(ctx, key ? key : ""), "name");
}

static enum prov_result upload(const struct prov_ctx *ctx, struct prov_op *op)
{
    prov_request(ctx, op, "PUT", NULL, "/workers/scripts/%s", prov_name(op));
    if (worker_meta_body(ctx, op) != 0)
        return PROV_FAIL;
    op->req.body = op->body;
    op->req.body_len = op->body_len;
    op->req.content_type = op->ctype;
    op->stage = ST_UPLOAD;
    return PROV_SEND;
}

static cJSON *consumer_body(const struct prov_ctx *ctx, const struct prov_op *op, const cJSON *want)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "type", "worker");
    cJSON_AddStringToObject(b, "script_name", prov_name(op));
    const char *dlq = state_str(want, "dead_letter");
    if (dlq && queue_name(ctx, dlq))
        cJSON_AddStringToObject(b, "dead_letter_queue", queue_name(ctx, dlq));
    cJSON *s = cJSON_AddObjectToObject(b, "settings");
    const char *names[] = {"batch_size", "max_retries", "max_wait_time_ms", "max_concurrency",
                           "retry_delay"};
    for (int i = 0; i < 5; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(want, names[i]);
        if (v)
            cJSON_AddItemToObject(s, names[i], cJSON_Duplicate(v, 1));
    }
    return b;
}

/* known: the consumer id recorded for the want'ed queue, if still valid. */
static const char *known(const struct prov_ctx *ctx, struct prov_op *op, const char *qkey)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, extra_consumers(op->entry))
    {
        const char *q = state_str(c, "queue"), *qid = state_str(c, "queue_id");
        const char *cur = queue_id(ctx, qkey);
        const char *id = state_str(c, "consumer_id");
        if (q && qid && cur && strcmp(q, qkey) == 0 && strcmp(qid, cur) == 0)
            return id && id[0] ? id : NULL;
    }
    return NULL;
}

static void remember(const struct prov_ctx *ctx, struct prov_op *op, const char *qkey,
                     const char *cid)
{
    cJSON *arr = extra_consumers(op->entry);
    for (int i = cJSON_GetArraySize(arr) - 1; i >= 0; i--) {
        const char *q = state_str(cJSON_GetArrayItem(arr, i), "queue");
        if (q && strcmp(q, qkey) == 0)
            cJSON_DeleteItemFromArray(arr, i);
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "queue", qkey);
    cJSON_AddStringToObject(o, "queue_id", queue_id(ctx, qkey) ? queue_id(ctx, qkey) : "");
    cJSON_AddStringToObject(o, "consumer_id", cid ? cid : "");
    cJSON_AddItemToArray(arr, o);
}

static const cJSON *current_want(const struct prov_op *op)
{
    return cJSON_GetArrayItem(prov_attr(op->entry, "consumers"), op->index);
}

/* next_consumer: put the consumer of the op->index'th desired queue. */
static enum prov_result next_consumer(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *want = current_want(op);
    if (!want) {
        op->index = 0;
        return next_stale(ctx, op);
    }
    const char *qkey = state_str(want, "queue");
    const char *qid = queue_id(ctx, qkey), *cid = known(ctx, op, qkey);
    if (!qid) {
        snprintf(op->error, sizeof op->error, "consumed queue %s does not exist", qkey);
        return PROV_FAIL;
    }
    if (cid) {
        op->stage = ST_CONS_PUT;
        return prov_request(ctx, op, "PUT", consumer_body(ctx, op, want), "/queues/%s/consumers/%s",
                            qid, cid);
    }
    op->stage = ST_CONS_LIST;
    return prov_request(ctx, op, "GET", NULL, "/queues/%s/consumers", qid);
}

static const char *mine(const cJSON *list, const char *script)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, list)
    {
        const char *s = state_str(c, "script_name");
        if (!s)
            s = state_str(c, "script");
        if (s && strcmp(s, script) == 0)
            return state_str(c, "consumer_id");
    }
    return NULL;
}

static enum prov_result on_cons_list(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const cJSON *want = current_want(op);
    const char *qkey = state_str(want, "queue");
    const char *cid = mine(res, prov_name(op));
    if (cid)
        remember(ctx, op, qkey, cid);
    cJSON_Delete(doc);
    const char *qid = queue_id(ctx, qkey);
    if (cid) {
        op->stage = ST_CONS_PUT;
        return prov_request(ctx, op, "PUT", consumer_body(ctx, op, want), "/queues/%s/consumers/%s",
                            qid, known(ctx, op, qkey));
    }
    op->stage = ST_CONS_POST;
    return prov_request(ctx, op, "POST", consumer_body(ctx, op, want), "/queues/%s/consumers", qid);
}

static enum prov_result on_cons_done(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    const char *qkey = state_str(current_want(op), "queue");
    /* a lost POST, or a recorded consumer deleted out of band: look it up */
    if ((op->stage == ST_CONS_POST && c->outcome == CF_LOST) ||
        (op->stage == ST_CONS_PUT && prov_is_404(c))) {
        if (op->stage == ST_CONS_PUT)
            remember(ctx, op, qkey, NULL);
        op->stage = ST_CONS_LIST;
        return prov_request(ctx, op, "GET", NULL, "/queues/%s/consumers", queue_id(ctx, qkey));
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_CONS_POST)
        remember(ctx, op, qkey, state_str(res, "consumer_id"));
    cJSON_Delete(doc);
    op->index++;
    return next_consumer(ctx, op);
}

static bool wanted(const struct prov_op *op, const char *qkey)
{
    const cJSON *w;
    cJSON_ArrayForEach(w, prov_attr(op->entry, "consumers"))
    {
        const char *q = state_str(w, "queue");
        if (q && strcmp(q, qkey) == 0)
            return true;
    }
    return false;
}

static enum prov_result schedules(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *crons = prov_attr(op->entry, "crons");
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
    bool had = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(extra, "has_crons"));
    if (cJSON_GetArraySize(crons) == 0 && !had)
        return PROV_DONE;
    cJSON_DeleteItemFromObjectCaseSensitive(extra, "has_crons");
    cJSON_AddBoolToObject(extra, "has_crons", cJSON_GetArraySize(crons) > 0);
    cJSON *body = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, crons)
    {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "cron", it->valuestring);
        cJSON_AddItemToArray(body, o);
    }
    op->stage = ST_SCHED;
    return prov_request(ctx, op, "PUT", body, "/workers/scripts/%s/schedules", prov_name(op));
}

static enum prov_result delete_script(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->stage = ST_DELETED;
    return prov_request(ctx, op, "DELETE", NULL, "/workers/scripts/%s?force=true", prov_name(op));
}

/* next_stale: delete recorded consumers the program no longer wants (all of
 * them when deleting the worker), then go on to schedules or the delete. */
static enum prov_result next_stale(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *arr = extra_consumers(op->entry);
    while (op->index < cJSON_GetArraySize(arr)) {
        const cJSON *c = cJSON_GetArrayItem(arr, op->index);
        const char *q = state_str(c, "queue");
        if (op->action != PROV_DELETE && q && wanted(op, q)) {
            op->index++;
            continue;
        }
        op->stage = ST_CONS_DEL;
        return prov_request(ctx, op, "DELETE", NULL, "/queues/%s/consumers/%s",
                            state_str(c, "queue_id"), state_str(c, "consumer_id"));
    }
    return op->action == PROV_DELETE ? delete_script(ctx, op) : schedules(ctx, op);
}

static enum prov_result on_cons_del(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    if (!prov_is_404(c) && !(c->outcome == CF_DONE && c->status < 300))
        return prov_fail_with(op, c);
    cJSON_DeleteItemFromArray(extra_consumers(op->entry), op->index);
    return next_stale(ctx, op);
}

/* then_consumers: once the traffic steps are done, the consumers follow */
static enum prov_result then_consumers(const struct prov_ctx *ctx, struct prov_op *op,
                                       enum prov_result r)
{
    if (r != PROV_DONE)
        return r;
    op->index = 0;
    return next_consumer(ctx, op);
}

/* on_uploaded: the script is in place; its etag and modified_on are
 * recorded so a refresh by listing knows it unchanged (worker_list.c);
 * then the traffic steps (workers.dev, routes, domains) and consumers. */
static enum prov_result on_uploaded(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (!(c->outcome == CF_DONE && c->status < 300))
        return prov_fail_with(op, c);
    if (prov_result_of(op, c, &doc, &res) == 0)
        worker_marker_record(op->entry, res);
    cJSON_Delete(doc);
    prov_set_id(op, prov_name(op));
    op->is_usable = true; /* workers bound to it may upload now */
    return then_consumers(ctx, op, worker_traffic_start(ctx, op));
}

/* prov_worker: see prov.h. */
enum prov_result prov_worker(const struct prov_ctx *ctx, struct prov_op *op,
                             const struct cf_http_completion *c)
{
    if (!c) {
        op->index = 0;
        if (op->action == PROV_DELETE)
            return next_stale(ctx, op);
        if (op->action == PROV_READ)
            return worker_read_start(ctx, op);
        if (prov_secrets_only(ctx, op))
            return prov_secrets_start(ctx, op);
        return upload(ctx, op);
    }
    switch (op->stage) {
    case ST_UPLOAD:
        return on_uploaded(ctx, op, c);
    case ST_EARLY_CREATE:
        return worker_traffic_early_done(op, c);
    case ST_SUBDOMAIN:
    case ST_ZONE_LOOKUP:
    case ST_ROUTES_LIST:
    case ST_ROUTE_PUT:
    case ST_ROUTE_DEL:
    case ST_DOMAINS_LIST:
    case ST_DOMAIN_PUT:
    case ST_DOMAIN_DEL:
        if (op->action == PROV_READ)
            return worker_read_step(ctx, op, c);
        return then_consumers(ctx, op, worker_traffic_step(ctx, op, c));
    case ST_CONS_LIST:
        return on_cons_list(ctx, op, c);
    case ST_CONS_PUT:
    case ST_CONS_POST:
        return on_cons_done(ctx, op, c);
    case ST_CONS_DEL:
        return on_cons_del(ctx, op, c);
    case PROV_ST_SECRET:
        return prov_secrets_step(ctx, op, c);
    case ST_DELETED:
        if (prov_is_404(c)) {
            op->is_gone = true; /* already gone: the executor decides if that is done */
            return PROV_DONE;
        }
        return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    case ST_READ_SETTINGS:
    case ST_READ_SUBDOMAIN:
    case ST_READ_DO:
    case ST_READ_DO_TAG:
    case ST_READ_SCHED:
    case ST_READ_CONS:
        return worker_read_step(ctx, op, c);
    default:
        return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}
