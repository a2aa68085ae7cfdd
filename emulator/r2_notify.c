/* cfemu: R2 event notifications: rules that send a bucket's object events
 * to a queue (/event_notifications/r2/{bucket}/configuration[/queues/{id}]).
 * PUT adds rules for one queue, GET lists them per queue with rule ids,
 * DELETE removes some ({ruleIds}) or all of a queue's rules. The bucket
 * and the queue must exist; a rule that overlaps one of the same queue
 * (same prefix and suffix, a shared action) is refused with 409. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

static const char *const actions[] = {"PutObject", "CopyObject", "DeleteObject",
                                      "CompleteMultipartUpload", "LifecycleDeletion"};

static bool known_action(const cJSON *a)
{
    for (size_t i = 0; cJSON_IsString(a) && i < sizeof actions / sizeof actions[0]; i++)
        if (strcmp(a->valuestring, actions[i]) == 0)
            return true;
    return false;
}

/* The bucket's configuration: [{queueId, rules}] (borrowed; created). */
static cJSON *config_of(cJSON *bucket)
{
    cJSON *c = cJSON_GetObjectItem(bucket, "notifications");
    return c ? c : cJSON_AddArrayToObject(bucket, "notifications");
}

static cJSON *need_queue(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *q = store_find(store_list(e, rq->account, "queues"), "queue_id", rq->segs[7]);
    if (!q)
        env_err(rs, 404, 11000, "Queue does not exist");
    return q;
}

static cJSON *queue_view(struct emu *e, struct req *rq, const cJSON *entry)
{
    cJSON *q = store_find(store_list(e, rq->account, "queues"), "queue_id", jstr(entry, "queueId"));
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "queueId", jstr(entry, "queueId"));
    jset_str(r, "queueName", q ? jstr(q, "queue_name") : "");
    cJSON_AddItemToObject(r, "rules", cJSON_Duplicate(cJSON_GetObjectItem(entry, "rules"), 1));
    return r;
}

/* r2n_list: GET .../configuration -> {bucketName, queues: [...]}. */
void r2n_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs), *entry;
    if (!b)
        return;
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "bucketName", jstr(b, "name"));
    cJSON *qs = cJSON_AddArrayToObject(r, "queues");
    cJSON_ArrayForEach(entry, config_of(b)) cJSON_AddItemToArray(qs, queue_view(e, rq, entry));
    env_ok(rs, 200, r);
}

/* r2n_get: GET .../configuration/queues/{queue_id} -> {queueId, queueName,
 * rules}; 404 when the queue has no rules on this bucket. */
void r2n_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *entry = b ? store_find(config_of(b), "queueId", rq->segs[7]) : NULL;
    if (b && !entry)
        env_err(rs, 404, 11000, "No event notification configuration for this queue");
    else if (entry)
        env_ok(rs, 200, queue_view(e, rq, entry));
}

static bool same_str(const cJSON *a, const cJSON *b, const char *key)
{
    const char *x = jstr(a, key), *y = jstr(b, key);
    return strcmp(x ? x : "", y ? y : "") == 0;
}

static bool overlaps(const cJSON *a, const cJSON *b)
{
    cJSON *x, *y;
    if (!same_str(a, b, "prefix") || !same_str(a, b, "suffix"))
        return false;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(a, "actions"))
    {
        cJSON_ArrayForEach(
            y, cJSON_GetObjectItem(b, "actions")) if (strcmp(x->valuestring, y->valuestring) ==
                                                      0) return true;
    }
    return false;
}

/* Checks the rules of a PUT against themselves and existing; -1 with rs. */
static int check_rules(const cJSON *rules, const cJSON *existing, struct resp *rs)
{
    cJSON *r, *a, *o;
    if (!cJSON_IsArray(rules) || cJSON_GetArraySize(rules) == 0) {
        env_err(rs, 400, 10021, "rules must be a non-empty array of {actions, prefix?, suffix?}");
        return -1;
    }
    cJSON_ArrayForEach(r, rules)
    {
        cJSON *acts = cJSON_GetObjectItem(r, "actions");
        if (!cJSON_IsArray(acts) || cJSON_GetArraySize(acts) == 0) {
            env_err(rs, 400, 10021, "every rule needs a non-empty actions array");
            return -1;
        }
        cJSON_ArrayForEach(a, acts) if (!known_action(a))
        {
            env_err(rs, 400, 10021,
                    "unknown action: use PutObject, CopyObject, DeleteObject, "
                    "CompleteMultipartUpload or LifecycleDeletion");
            return -1;
        }
        cJSON_ArrayForEach(o, existing) if (overlaps(r, o))
        {
            env_err(rs, 409, 11020,
                    "An event notification rule with the same prefix, suffix and action already "
                    "sends to this queue");
            return -1;
        }
    }
    return 0;
}

static cJSON *stored_rule(struct emu *e, const cJSON *r)
{
    char id[37], now[40];
    store_new_uuid(e, id);
    store_now(now);
    cJSON *s = cJSON_CreateObject();
    jset_str(s, "ruleId", id);
    jset_str(s, "createdAt", now);
    jset_str(s, "prefix", jstr(r, "prefix") ? jstr(r, "prefix") : "");
    jset_str(s, "suffix", jstr(r, "suffix") ? jstr(r, "suffix") : "");
    cJSON_AddItemToObject(s, "actions", cJSON_Duplicate(cJSON_GetObjectItem(r, "actions"), 1));
    if (jstr(r, "description"))
        jset_str(s, "description", jstr(r, "description"));
    return s;
}

/* r2n_put: PUT .../configuration/queues/{queue_id} {rules}; result {}. */
void r2n_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *q = b ? need_queue(e, rq, rs) : NULL;
    cJSON *body = q ? req_json(rq) : NULL, *r;
    cJSON *entry = q ? store_find(config_of(b), "queueId", rq->segs[7]) : NULL;
    cJSON *rules = cJSON_GetObjectItem(body, "rules");
    if (q && check_rules(rules, cJSON_GetObjectItem(entry, "rules"), rs) == 0) {
        if (!entry) {
            entry = cJSON_CreateObject();
            jset_str(entry, "queueId", rq->segs[7]);
            cJSON_AddArrayToObject(entry, "rules");
            cJSON_AddItemToArray(config_of(b), entry);
        }
        cJSON_ArrayForEach(r, rules)
            cJSON_AddItemToArray(cJSON_GetObjectItem(entry, "rules"), stored_rule(e, r));
        env_ok(rs, 200, cJSON_CreateObject());
    }
    cJSON_Delete(body);
}

/* r2n_delete: DELETE .../configuration/queues/{queue_id} [{ruleIds}]:
 * those rules, or every rule of the queue; result {}. */
void r2n_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *cfg = b ? config_of(b) : NULL;
    int at = b ? store_index(cfg, "queueId", rq->segs[7]) : -1;
    cJSON *body = at >= 0 ? req_json(rq) : NULL, *id;
    cJSON *ids = cJSON_GetObjectItem(body, "ruleIds");
    if (b && at < 0) {
        env_err(rs, 404, 11000, "No event notification configuration for this queue");
    } else if (b && cJSON_GetArraySize(ids) > 0) {
        cJSON *rules = cJSON_GetObjectItem(cJSON_GetArrayItem(cfg, at), "rules");
        cJSON_ArrayForEach(id, ids) if (cJSON_IsString(id) &&
                                        store_index(rules, "ruleId", id->valuestring) < 0)
        {
            env_err(rs, 404, 11000, "No rule with id '%s' for this queue", id->valuestring);
            cJSON_Delete(body);
            return;
        }
        cJSON_ArrayForEach(id, ids) cJSON_DeleteItemFromArray(
            rules, store_index(rules, "ruleId", cJSON_IsString(id) ? id->valuestring : ""));
        if (cJSON_GetArraySize(rules) == 0)
            cJSON_DeleteItemFromArray(cfg, at);
        env_ok(rs, 200, cJSON_CreateObject());
    } else if (b) {
        cJSON_DeleteItemFromArray(cfg, at);
        env_ok(rs, 200, cJSON_CreateObject());
    }
    cJSON_Delete(body);
}
