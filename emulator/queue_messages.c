/* cfemu: messages of a queue through the v4 API: push and batch push
 * (text or json; delay_seconds), peek, pull (leases with a visibility
 * timeout), ack and retry by lease, purge by ref, purge of the whole queue
 * with its status, and backlog metrics. Messages live in their own list
 * ("queue_messages"), not in the queue record. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "emulator/emu.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)(ts.tv_nsec / 1000000);
}

static cJSON *need_queue(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = store_find(store_list(e, rq->account, "queues"), "queue_id", rq->segs[3]);
    if (!q)
        env_err(rs, 404, 11000, "Queue does not exist");
    return q;
}

static bool of_queue(const cJSON *m, const char *qid)
{
    return strcmp(jstr(m, "queue_id"), qid) == 0;
}

static void metrics(struct emu *e, struct req *rq, cJSON *out)
{
    double count = 0, bytes = 0, oldest = 0;
    cJSON *m;
    cJSON_ArrayForEach(m, store_list(e, rq->account, "queue_messages"))
    {
        if (!of_queue(m, rq->segs[3]))
            continue;
        cJSON *ts = cJSON_GetObjectItem(m, "timestamp_ms");
        count++;
        bytes += (double)strlen(jstr(m, "body"));
        if (oldest == 0 || ts->valuedouble < oldest)
            oldest = ts->valuedouble;
    }
    cJSON_AddNumberToObject(out, "backlog_count", count);
    cJSON_AddNumberToObject(out, "backlog_bytes", bytes);
    cJSON_AddNumberToObject(out, "oldest_message_timestamp_ms", oldest);
}

static cJSON *metrics_meta(struct emu *e, struct req *rq)
{
    cJSON *r = cJSON_CreateObject();
    metrics(e, rq, cJSON_AddObjectToObject(cJSON_AddObjectToObject(r, "metadata"), "metrics"));
    return r;
}

/* Appends one message {body, content_type?, delay_seconds?}; -1 if bad. */
static int add_message(struct emu *e, struct req *rq, const cJSON *msg, double delay_s)
{
    cJSON *body = cJSON_GetObjectItem(msg, "body");
    const char *ct = jstr(msg, "content_type");
    cJSON *d = cJSON_GetObjectItem(msg, "delay_seconds");
    if (!body || (ct && strcmp(ct, "text") != 0 && strcmp(ct, "json") != 0))
        return -1;
    char id[33];
    store_new_hex(e, id);
    char *text = cJSON_IsString(body) && (!ct || strcmp(ct, "text") == 0)
                     ? strdup(body->valuestring)
                     : cJSON_PrintUnformatted(body);
    cJSON *m = cJSON_CreateObject();
    jset_str(m, "queue_id", rq->segs[3]);
    jset_str(m, "id", id);
    jset_str(m, "body", text ? text : "");
    free(text);
    jset_str(m, "content_type", ct ? ct : cJSON_IsString(body) ? "text" : "json");
    cJSON_AddNumberToObject(m, "attempts", 0);
    double t = now_ms();
    cJSON_AddNumberToObject(m, "timestamp_ms", t);
    cJSON_AddNumberToObject(m, "visible_at",
                            t + 1000.0 * (cJSON_IsNumber(d) ? d->valuedouble : delay_s));
    cJSON_AddItemToArray(store_list(e, rq->account, "queue_messages"), m);
    return 0;
}

/* qm_push: POST /queues/{id}/messages {body, content_type?, delay_seconds?}. */
void qm_push(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL;
    if (q && add_message(e, rq, body, 0) != 0)
        env_err(rs, 400, 11010, "a message needs a body; content_type is text or json");
    else if (q)
        env_ok(rs, 200, metrics_meta(e, rq));
    cJSON_Delete(body);
}

/* qm_batch: POST /queues/{id}/messages/batch {messages (<= 100),
 * delay_seconds?}. */
void qm_batch(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL, *m;
    cJSON *msgs = cJSON_GetObjectItem(body, "messages");
    cJSON *d = cJSON_GetObjectItem(body, "delay_seconds");
    bool ok = cJSON_IsArray(msgs) && cJSON_GetArraySize(msgs) <= 100;
    cJSON_ArrayForEach(m, msgs) ok = ok && cJSON_GetObjectItem(m, "body") != NULL;
    if (q && !ok) {
        env_err(rs, 400, 11010, "messages must be an array of at most 100 {body} objects");
    } else if (q) {
        cJSON_ArrayForEach(m, msgs) add_message(e, rq, m, cJSON_IsNumber(d) ? d->valuedouble : 0);
        env_ok(rs, 200, metrics_meta(e, rq));
    }
    cJSON_Delete(body);
}

static cJSON *message_view(const cJSON *m, bool leased)
{
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(m, "id"));
    cJSON_AddItemToObject(r, "attempts", cJSON_Duplicate(cJSON_GetObjectItem(m, "attempts"), 1));
    jset_str(r, "body", jstr(m, "body"));
    cJSON *md = cJSON_AddObjectToObject(r, "metadata");
    jset_str(md, "CF-Content-Type", jstr(m, "content_type"));
    cJSON_AddItemToObject(r, "timestamp_ms",
                          cJSON_Duplicate(cJSON_GetObjectItem(m, "timestamp_ms"), 1));
    if (leased)
        jset_str(r, "lease_id", jstr(m, "lease_id"));
    else
        jset_str(r, "ref", jstr(m, "id"));
    return r;
}

static int batch_size(cJSON *body, struct resp *rs)
{
    cJSON *b = cJSON_GetObjectItem(body, "batch_size");
    int n = cJSON_IsNumber(b) ? b->valueint : 1;
    if (n < 1 || n > 100) {
        env_err(rs, 400, 11010, "batch_size must be between 1 and 100");
        return -1;
    }
    return n;
}

/* qm_peek: POST .../messages/peek {batch_size?}: visible messages, not leased. */
void qm_peek(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL, *m;
    int n = q ? batch_size(body, rs) : -1;
    if (n > 0) {
        cJSON *r = cJSON_CreateObject(), *out = cJSON_AddArrayToObject(r, "messages");
        double t = now_ms();
        cJSON_ArrayForEach(m, store_list(e, rq->account, "queue_messages"))
        {
            if (of_queue(m, rq->segs[3]) && cJSON_GetArraySize(out) < n &&
                cJSON_GetObjectItem(m, "visible_at")->valuedouble <= t)
                cJSON_AddItemToArray(out, message_view(m, false));
        }
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* qm_pull: POST .../messages/pull {batch_size?, visibility_timeout_ms?}:
 * leases visible messages for the timeout (30 s by default). */
void qm_pull(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL, *m;
    int n = q ? batch_size(body, rs) : -1;
    cJSON *vt = cJSON_GetObjectItem(body, "visibility_timeout_ms");
    if (n > 0) {
        cJSON *r = cJSON_CreateObject(), *out = cJSON_AddArrayToObject(r, "messages");
        double t = now_ms(), hide = cJSON_IsNumber(vt) ? vt->valuedouble : 30000;
        cJSON_ArrayForEach(m, store_list(e, rq->account, "queue_messages"))
        {
            if (!of_queue(m, rq->segs[3]) || cJSON_GetArraySize(out) >= n ||
                cJSON_GetObjectItem(m, "visible_at")->valuedouble > t)
                continue;
            char lease[33];
            store_new_hex(e, lease);
            jset_str(m, "lease_id", lease);
            cJSON_SetNumberValue(cJSON_GetObjectItem(m, "visible_at"), t + hide);
            cJSON *att = cJSON_GetObjectItem(m, "attempts");
            cJSON_SetNumberValue(att, att->valuedouble + 1);
            cJSON_AddItemToArray(out, message_view(m, true));
        }
        metrics(e, rq, r);
        cJSON_AddNumberToObject(r, "message_backlog_count",
                                cJSON_GetObjectItem(r, "backlog_count")->valuedouble);
        cJSON_DeleteItemFromObject(r, "backlog_count");
        cJSON_DeleteItemFromObject(r, "backlog_bytes");
        cJSON_DeleteItemFromObject(r, "oldest_message_timestamp_ms");
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* The index of the message of this queue with key == value, or -1. */
static int find_msg(cJSON *all, struct req *rq, const char *key, const char *value)
{
    int i = 0;
    cJSON *m;
    cJSON_ArrayForEach(m, all)
    {
        const char *v = jstr(m, key);
        if (of_queue(m, rq->segs[3]) && v && value && strcmp(v, value) == 0)
            return i;
        i++;
    }
    return -1;
}

/* qm_ack: POST .../messages/ack {acks: [{lease_id}], retries: [{lease_id,
 * delay_seconds?}]} -> {ackCount, retryCount, warnings}. */
void qm_ack(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL, *x;
    cJSON *all = store_list(e, rq->account, "queue_messages");
    int acked = 0, retried = 0;
    if (!q)
        return;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(body, "acks"))
    {
        int i = find_msg(all, rq, "lease_id", jstr(x, "lease_id"));
        if (i >= 0) {
            cJSON_DeleteItemFromArray(all, i);
            acked++;
        }
    }
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(body, "retries"))
    {
        int i = find_msg(all, rq, "lease_id", jstr(x, "lease_id"));
        cJSON *d = cJSON_GetObjectItem(x, "delay_seconds");
        if (i >= 0) {
            cJSON *m = cJSON_GetArrayItem(all, i);
            cJSON_DeleteItemFromObject(m, "lease_id");
            cJSON_SetNumberValue(cJSON_GetObjectItem(m, "visible_at"),
                                 now_ms() + 1000.0 * (cJSON_IsNumber(d) ? d->valuedouble : 0));
            retried++;
        }
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "ackCount", acked);
    cJSON_AddNumberToObject(r, "retryCount", retried);
    cJSON_AddObjectToObject(r, "warnings");
    env_ok(rs, 200, r);
    cJSON_Delete(body);
}

/* qm_purge_refs: POST .../messages/purge {refs: [{ref}]}: deletes those
 * messages -> {errors: [] , warnings: {}} (one error per unknown ref). */
void qm_purge_refs(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL, *x;
    cJSON *refs = cJSON_GetObjectItem(body, "refs");
    if (q && !cJSON_IsArray(refs)) {
        env_err(rs, 400, 11010, "refs must be an array of {ref}");
    } else if (q) {
        cJSON *all = store_list(e, rq->account, "queue_messages");
        cJSON *r = cJSON_CreateObject(), *errs = cJSON_AddArrayToObject(r, "errors");
        cJSON_AddObjectToObject(r, "warnings");
        cJSON_ArrayForEach(x, refs)
        {
            int i = find_msg(all, rq, "id", jstr(x, "ref"));
            if (i >= 0) {
                cJSON_DeleteItemFromArray(all, i);
            } else {
                cJSON *err = cJSON_CreateObject();
                jset_str(err, "message", "no message with this ref");
                cJSON_AddItemToArray(errs, err);
            }
        }
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* qm_purge_start: POST /queues/{id}/purge {delete_messages_permanently}:
 * drops every message at once; the queue record is not touched. */
void qm_purge_start(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL;
    if (!q)
        return;
    if (!cJSON_IsTrue(cJSON_GetObjectItem(body, "delete_messages_permanently"))) {
        env_err(rs, 400, 11010, "delete_messages_permanently must be true to purge a queue");
        cJSON_Delete(body);
        return;
    }
    cJSON *all = store_list(e, rq->account, "queue_messages");
    for (int i = cJSON_GetArraySize(all) - 1; i >= 0; i--)
        if (of_queue(cJSON_GetArrayItem(all, i), rq->segs[3]))
            cJSON_DeleteItemFromArray(all, i);
    char now[40];
    store_now(now);
    cJSON *purges = store_list(e, rq->account, "queue_purges");
    cJSON_DeleteItemFromArray(purges, store_index(purges, "queue_id", rq->segs[3]));
    cJSON *p = cJSON_CreateObject();
    jset_str(p, "queue_id", rq->segs[3]);
    jset_str(p, "started_at", now);
    cJSON_AddItemToArray(purges, p);
    env_ok(rs, 200, q_render(e, rq->account, q));
    cJSON_Delete(body);
}

/* qm_purge_status: GET /queues/{id}/purge -> {completed: "true", started_at}. */
void qm_purge_status(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!need_queue(e, rq, rs))
        return;
    cJSON *p = store_find(store_list(e, rq->account, "queue_purges"), "queue_id", rq->segs[3]);
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "completed", "true");
    if (p)
        jset_str(r, "started_at", jstr(p, "started_at"));
    env_ok(rs, 200, r);
}

/* qm_metrics: GET /queues/{id}/metrics -> {backlog_count, backlog_bytes,
 * oldest_message_timestamp_ms}. */
void qm_metrics(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!need_queue(e, rq, rs))
        return;
    cJSON *r = cJSON_CreateObject();
    metrics(e, rq, r);
    env_ok(rs, 200, r);
}

/* qm_drop_queue: forgets the messages of a deleted queue. */
void qm_drop_queue(struct emu *e, const char *account, const char *queue_id)
{
    cJSON *all = store_list(e, account, "queue_messages");
    for (int i = cJSON_GetArraySize(all) - 1; i >= 0; i--)
        if (of_queue(cJSON_GetArrayItem(all, i), queue_id))
            cJSON_DeleteItemFromArray(all, i);
    cJSON *purges = store_list(e, account, "queue_purges");
    cJSON_DeleteItemFromArray(purges, store_index(purges, "queue_id", queue_id));
}
