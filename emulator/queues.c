/* cfemu: Queues (list with page and repeated name filter, create, get,
 * PUT/PATCH, delete — refused while consumers exist). A queue record holds
 * its consumers; producers are derived from workers' queue bindings. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

#define RETENTION_DEFAULT 345600
#define RETENTION_MAX     1209600

static bool valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
              s[i] == '_'))
            return false;
    return true;
}

/* q_by_name: the queue record named name (borrowed), or NULL. */
cJSON *q_by_name(struct emu *e, const char *account, const char *name)
{
    return store_find(store_list(e, account, "queues"), "queue_name", name);
}

static cJSON *default_settings(void)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "delivery_delay", 0);
    cJSON_AddBoolToObject(s, "delivery_paused", false);
    cJSON_AddNumberToObject(s, "message_retention_period", RETENTION_DEFAULT);
    return s;
}

/* q_new: creates and stores a queue named name (valid, unused); borrowed. */
cJSON *q_new(struct emu *e, const char *account, const char *name)
{
    char id[33], now[40];
    store_new_hex(e, id);
    store_now(now);
    cJSON *q = cJSON_CreateObject();
    jset_str(q, "queue_id", id);
    jset_str(q, "queue_name", name);
    jset_str(q, "created_on", now);
    jset_str(q, "modified_on", now);
    cJSON_AddItemToObject(q, "settings", default_settings());
    cJSON_AddItemToObject(q, "consumers", cJSON_CreateArray());
    cJSON_AddItemToArray(store_list(e, account, "queues"), q);
    return q;
}

/* Maps each queue name to the workers whose deployed version has a queue
 * binding to it: {name: ["script", ...]}. Caller frees. */
static cJSON *producer_index(struct emu *e, const char *account)
{
    cJSON *idx = cJSON_CreateObject(), *s, *b;
    cJSON_ArrayForEach(s, store_list(e, account, "workers"))
    {
        cJSON *v = ws_current_version(s);
        cJSON_ArrayForEach(b, cJSON_GetObjectItem(cJSON_GetObjectItem(v, "metadata"), "bindings"))
        {
            const char *t = jstr(b, "type"), *qn = jstr(b, "queue_name");
            if (!t || !qn || strcmp(t, "queue") != 0)
                continue;
            cJSON *list = cJSON_GetObjectItemCaseSensitive(idx, qn);
            if (!list)
                cJSON_AddItemToObject(idx, qn, list = cJSON_CreateArray());
            if (store_index(list, "script", jstr(s, "id")) < 0) {
                cJSON *p = cJSON_CreateObject();
                cJSON_AddStringToObject(p, "type", "worker");
                cJSON_AddStringToObject(p, "script", jstr(s, "id"));
                cJSON_AddItemToArray(list, p);
            }
        }
    }
    return idx;
}

static cJSON *render(const cJSON *q, const cJSON *producers)
{
    cJSON *out = cJSON_Duplicate(q, 1);
    cJSON *cons = cJSON_CreateArray(), *c;
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(q, "consumers"))
        cJSON_AddItemToArray(cons, qc_render(q, c));
    jset(out, "consumers", cons);
    cJSON_AddNumberToObject(out, "consumers_total_count", cJSON_GetArraySize(cons));
    cJSON *p = cJSON_GetObjectItemCaseSensitive(producers, jstr(q, "queue_name"));
    cJSON_AddItemToObject(out, "producers", p ? cJSON_Duplicate(p, 1) : cJSON_CreateArray());
    cJSON_AddNumberToObject(out, "producers_total_count", cJSON_GetArraySize(p));
    return out;
}

/* q_render: the API view of a queue record: consumers, and producers
 * derived from workers' queue bindings (caller frees). */
cJSON *q_render(struct emu *e, const char *account, const cJSON *q)
{
    cJSON *idx = producer_index(e, account);
    cJSON *out = render(q, idx);
    cJSON_Delete(idx);
    return out;
}

/* q_list: GET /queues with page/per_page and repeated name filters. */
void q_list(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *names[EMU_MAX_LIST];
    int n = req_query_all(rq, "name", names, EMU_MAX_LIST);
    cJSON *all = cJSON_CreateArray(), *q, *idx = producer_index(e, rq->account);
    cJSON_ArrayForEach(q, store_list(e, rq->account, "queues"))
    {
        bool keep = n == 0;
        for (int i = 0; i < n && !keep; i++)
            keep = strcmp(names[i], jstr(q, "queue_name")) == 0;
        if (keep)
            cJSON_AddItemToArray(all, render(q, idx));
    }
    env_paged(rs, rq, all, 100, 1000);
    cJSON_Delete(all);
    cJSON_Delete(idx);
}

static int check_name(struct emu *e, struct req *rq, struct resp *rs, const char *name,
                      const cJSON *self)
{
    cJSON *other = name ? q_by_name(e, rq->account, name) : NULL;
    if (!name)
        env_err(rs, 400, 10021, "queue_name is required");
    else if (!valid_name(name))
        env_err(rs, 400, 11003,
                "Invalid queue name '%s': use 1-63 lowercase letters, "
                "digits and dashes",
                name);
    else if (other && other != self)
        env_err(rs, 409, 11009, "A queue with this name already exists");
    else
        return 0;
    return -1;
}

static int check_settings(const cJSON *s, struct resp *rs)
{
    cJSON *d = cJSON_GetObjectItem(s, "delivery_delay");
    cJSON *r = cJSON_GetObjectItem(s, "message_retention_period");
    cJSON *p = cJSON_GetObjectItem(s, "delivery_paused");
    if (s && !cJSON_IsObject(s))
        env_err(rs, 400, 10021, "settings must be an object");
    else if (d && (!cJSON_IsNumber(d) || d->valuedouble < 0 || d->valuedouble > 43200))
        env_err(rs, 400, 10021, "settings.delivery_delay must be 0..43200 seconds");
    else if (r && (!cJSON_IsNumber(r) || r->valuedouble < 60 || r->valuedouble > RETENTION_MAX))
        env_err(rs, 400, 10021, "settings.message_retention_period must be 60..1209600 seconds");
    else if (p && !cJSON_IsBool(p))
        env_err(rs, 400, 10021, "settings.delivery_paused must be a boolean");
    else
        return 0;
    return -1;
}

/* q_create: POST /queues {queue_name, settings?}. */
void q_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *name = jstr(body, "queue_name");
    cJSON *set = cJSON_GetObjectItem(body, "settings"), *it;
    if (check_name(e, rq, rs, name, NULL) == 0 && check_settings(set, rs) == 0) {
        cJSON *q = q_new(e, rq->account, name);
        cJSON_ArrayForEach(it, set)
            jset(cJSON_GetObjectItem(q, "settings"), it->string, cJSON_Duplicate(it, 1));
        env_ok(rs, 200, q_render(e, rq->account, q));
    }
    cJSON_Delete(body);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = store_find(store_list(e, rq->account, "queues"), "queue_id", rq->segs[3]);
    if (!q)
        env_err(rs, 404, 11000, "Queue does not exist");
    return q;
}

/* q_get: GET /queues/{queue_id}. */
void q_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need(e, rq, rs);
    if (q)
        env_ok(rs, 200, q_render(e, rq->account, q));
}

static void update(struct emu *e, struct req *rq, struct resp *rs, bool replace)
{
    cJSON *q = need(e, rq, rs);
    cJSON *body = q ? req_json(rq) : NULL;
    if (!q)
        return;
    const char *name = jstr(body, "queue_name");
    cJSON *s = cJSON_GetObjectItem(body, "settings");
    if (!body)
        env_err(rs, 400, 10021, "The body must be a JSON object");
    else if ((replace || name) && check_name(e, rq, rs, name, q) != 0)
        ;
    else if (check_settings(s, rs) == 0) {
        char now[40];
        store_now(now);
        if (name)
            jset_str(q, "queue_name", name);
        cJSON *cur = cJSON_GetObjectItem(q, "settings"), *it;
        if (replace)
            jset(q, "settings", cur = default_settings());
        cJSON_ArrayForEach(it, s) jset(cur, it->string, cJSON_Duplicate(it, 1));
        jset_str(q, "modified_on", now);
        env_ok(rs, 200, q_render(e, rq->account, q));
    }
    cJSON_Delete(body);
}

/* q_put: PUT /queues/{id} {queue_name, settings} — overwrites settings. */
void q_put(struct emu *e, struct req *rq, struct resp *rs)
{
    update(e, rq, rs, true);
}

/* q_patch: PATCH /queues/{id} — changes only what is sent. */
void q_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    update(e, rq, rs, false);
}

/* q_delete: DELETE /queues/{id}; 409 while the queue has consumers. */
void q_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = need(e, rq, rs);
    if (!q)
        return;
    if (cJSON_GetArraySize(cJSON_GetObjectItem(q, "consumers")) > 0) {
        env_err(rs, 409, 11005, "Queue '%s' still has consumers; delete them first",
                jstr(q, "queue_name"));
        return;
    }
    cJSON *all = store_list(e, rq->account, "queues");
    cJSON_DeleteItemFromArray(all, store_index(all, "queue_id", rq->segs[3]));
    qm_drop_queue(e, rq->account, rq->segs[3]);
    env_ok(rs, 200, NULL);
}
