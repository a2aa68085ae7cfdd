/* cfemu: queue consumers (list, create, get, PUT = update or create,
 * delete). Results carry the worker as both `script` (what the live API
 * returns) and `script_name`; a missing dead-letter queue is created. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

struct limit {
    const char *key;
    double lo, hi;
};

static const struct limit limits[] = {
    {"batch_size", 1, 100},      {"max_retries", 0, 100},   {"max_wait_time_ms", 0, 60000},
    {"max_concurrency", 1, 250}, {"retry_delay", 0, 43200}, {"visibility_timeout_ms", 0, 43200000},
};

/* qc_render: the API view of consumer c of queue (caller frees). */
cJSON *qc_render(const cJSON *queue, const cJSON *c)
{
    cJSON *out = cJSON_Duplicate(c, 1);
    jset_str(out, "queue_name", jstr(queue, "queue_name"));
    jset_str(out, "queue_id", jstr(queue, "queue_id"));
    const char *script = jstr(c, "script_name");
    if (script)
        jset_str(out, "script", script);
    return out;
}

static cJSON *need_queue(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = store_find(store_list(e, rq->account, "queues"), "queue_id", rq->segs[3]);
    if (!q)
        env_err(rs, 404, 11000, "Queue does not exist");
    return q;
}

/* qc_list: GET /queues/{id}/consumers. */
void qc_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs), *c;
    if (!q)
        return;
    cJSON *all = cJSON_CreateArray();
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(q, "consumers"))
        cJSON_AddItemToArray(all, qc_render(q, c));
    env_whole(rs, rq, all);
    cJSON_Delete(all);
}

static int check_settings(const cJSON *s, struct resp *rs)
{
    if (s && !cJSON_IsObject(s)) {
        env_err(rs, 400, 10021, "settings must be an object");
        return -1;
    }
    for (size_t i = 0; i < sizeof limits / sizeof limits[0]; i++) {
        const cJSON *v = cJSON_GetObjectItem(s, limits[i].key);
        if (!v || cJSON_IsNull(v))
            continue;
        if (!cJSON_IsNumber(v) || v->valuedouble < limits[i].lo || v->valuedouble > limits[i].hi) {
            env_err(rs, 400, 10021, "settings.%s must be a number from %g to %g", limits[i].key,
                    limits[i].lo, limits[i].hi);
            return -1;
        }
    }
    return 0;
}

static const char *script_of(const cJSON *body)
{
    const char *s = jstr(body, "script_name");
    return s ? s : jstr(body, "script");
}

/* Validates a consumer body; returns its type or NULL with rs set. */
static const char *check_body(struct emu *e, struct req *rq, struct resp *rs, const cJSON *q,
                              const cJSON *body)
{
    const char *type = jstr(body, "type");
    const char *script = script_of(body), *dlq = jstr(body, "dead_letter_queue");
    if (!type)
        type = script ? "worker" : NULL;
    if (!body || !type || (strcmp(type, "worker") != 0 && strcmp(type, "http_pull") != 0))
        env_err(rs, 400, 10021, "type must be \"worker\" or \"http_pull\"");
    else if (strcmp(type, "worker") == 0 && !script)
        env_err(rs, 400, 10021, "script_name is required for a worker consumer");
    else if (strcmp(type, "worker") == 0 && !ws_lookup(e, rq->account, script))
        env_err(rs, 404, 10007, "Worker '%s' does not exist", script);
    else if (dlq && *dlq && strcmp(dlq, jstr(q, "queue_name")) == 0)
        env_err(rs, 400, 10021, "dead_letter_queue must differ from the queue itself");
    else if (check_settings(cJSON_GetObjectItem(body, "settings"), rs) == 0)
        return type;
    return NULL;
}

static cJSON *default_settings(const char *type)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "batch_size", 10);
    cJSON_AddNumberToObject(s, "max_retries", 3);
    if (strcmp(type, "worker") == 0)
        cJSON_AddNumberToObject(s, "max_wait_time_ms", 5000);
    else
        cJSON_AddNumberToObject(s, "visibility_timeout_ms", 30000);
    cJSON_AddNumberToObject(s, "retry_delay", 0);
    return s;
}

/* Writes body's fields into consumer c (type already validated). */
static void fill(struct emu *e, struct req *rq, cJSON *c, const cJSON *body, const char *type)
{
    const char *dlq = jstr(body, "dead_letter_queue");
    jset_str(c, "type", type);
    if (strcmp(type, "worker") == 0)
        jset_str(c, "script_name", script_of(body));
    else
        cJSON_DeleteItemFromObject(c, "script_name");
    jset_str(c, "dead_letter_queue", dlq ? dlq : "");
    if (dlq && *dlq && !q_by_name(e, rq->account, dlq))
        q_new(e, rq->account, dlq);
    cJSON *s = default_settings(type), *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(body, "settings")) if (!cJSON_IsNull(it))
        jset(s, it->string, cJSON_Duplicate(it, 1));
    jset(c, "settings", s);
}

static cJSON *add(struct emu *e, struct req *rq, cJSON *q, const cJSON *body, const char *type,
                  const char *id)
{
    char hex[33], now[40];
    if (!id) {
        store_new_hex(e, hex);
        id = hex;
    }
    store_now(now);
    cJSON *c = cJSON_CreateObject();
    jset_str(c, "consumer_id", id);
    jset_str(c, "created_on", now);
    fill(e, rq, c, body, type);
    cJSON_AddItemToArray(cJSON_GetObjectItem(q, "consumers"), c);
    return c;
}

/* qc_create: POST /queues/{id}/consumers; one consumer per queue (409). */
void qc_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL;
    const char *type = q ? check_body(e, rq, rs, q, body) : NULL;
    if (type && cJSON_GetArraySize(cJSON_GetObjectItem(q, "consumers")) > 0)
        env_err(rs, 400, 11004, "Queue '%s' already has a consumer", jstr(q, "queue_name"));
    else if (type)
        env_ok(rs, 200, qc_render(q, add(e, rq, q, body, type, NULL)));
    cJSON_Delete(body);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs, cJSON **q)
{
    *q = need_queue(e, rq, rs);
    cJSON *c =
        *q ? store_find(cJSON_GetObjectItem(*q, "consumers"), "consumer_id", rq->segs[5]) : NULL;
    if (*q && !c)
        env_err(rs, 404, 11001, "Consumer does not exist");
    return c;
}

/* qc_get: GET /queues/{id}/consumers/{consumer_id}. */
void qc_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q, *c = need(e, rq, rs, &q);
    if (c)
        env_ok(rs, 200, qc_render(q, c));
}

/* qc_put: PUT /queues/{id}/consumers/{consumer_id}: updates the consumer,
 * or creates it when it does not exist. */
void qc_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need_queue(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL;
    const char *type = q ? check_body(e, rq, rs, q, body) : NULL;
    cJSON *cons = q ? cJSON_GetObjectItem(q, "consumers") : NULL;
    cJSON *c = type ? store_find(cons, "consumer_id", rq->segs[5]) : NULL;
    if (c) {
        fill(e, rq, c, body, type);
        env_ok(rs, 200, qc_render(q, c));
    } else if (type && cJSON_GetArraySize(cons) > 0) {
        env_err(rs, 400, 11004, "Queue '%s' already has a consumer", jstr(q, "queue_name"));
    } else if (type) {
        env_ok(rs, 200,
               qc_render(
                   q, add(e, rq, q, body, type, strlen(rq->segs[5]) == 32 ? rq->segs[5] : NULL)));
    }
    cJSON_Delete(body);
}

/* qc_delete: DELETE /queues/{id}/consumers/{consumer_id}; result null. */
void qc_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q, *c = need(e, rq, rs, &q);
    if (!c)
        return;
    cJSON *cons = cJSON_GetObjectItem(q, "consumers");
    cJSON_DeleteItemFromArray(cons, store_index(cons, "consumer_id", rq->segs[5]));
    env_ok(rs, 200, NULL);
}

/* qc_count_for_script: how many consumers name script as their worker;
 * when remove is set they are deleted too. */
int qc_count_for_script(struct emu *e, const char *account, const char *script, bool remove)
{
    int n = 0;
    cJSON *q;
    cJSON_ArrayForEach(q, store_list(e, account, "queues"))
    {
        cJSON *cons = cJSON_GetObjectItem(q, "consumers");
        int i;
        while ((i = store_index(cons, "script_name", script)) >= 0) {
            n++;
            if (!remove)
                break;
            cJSON_DeleteItemFromArray(cons, i);
        }
    }
    return n;
}

/* ws_queue_consumers: GET /workers/scripts/{name}/queue-consumers: every
 * consumer whose worker is this script. */
void ws_queue_consumers(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!ws_lookup(e, rq->account, rq->segs[4])) {
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
        return;
    }
    cJSON *all = cJSON_CreateArray(), *q, *c;
    cJSON_ArrayForEach(q, store_list(e, rq->account, "queues"))
    {
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(q, "consumers"))
        {
            const char *s = jstr(c, "script_name");
            if (s && strcmp(s, rq->segs[4]) == 0)
                cJSON_AddItemToArray(all, qc_render(q, c));
        }
    }
    env_whole(rs, rq, all);
    cJSON_Delete(all);
}
