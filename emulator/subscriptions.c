/* cfemu: event subscriptions (/event_subscriptions/subscriptions), which
 * deliver platform events (a source such as workersBuilds.worker or r2)
 * to a queue: create, list (page/per_page), get, PATCH, delete. The
 * destination queue must exist; names are unique. cfemu records the
 * subscription; it emits no events. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

/* Checks destination, events, source and name; -1 with rs set. */
static int check(struct emu *e, struct req *rq, cJSON *body, const cJSON *self, struct resp *rs)
{
    cJSON *dst = cJSON_GetObjectItem(body, "destination");
    cJSON *events = cJSON_GetObjectItem(body, "events"), *src = cJSON_GetObjectItem(body, "source");
    const char *name = jstr(body, "name");
    cJSON *same =
        name ? store_find(store_list(e, rq->account, "subscriptions"), "name", name) : NULL;
    if (dst && (!jstr(dst, "queue_id") || !store_find(store_list(e, rq->account, "queues"),
                                                      "queue_id", jstr(dst, "queue_id"))))
        env_err(rs, 404, 11000, "Queue does not exist");
    else if (events && (!cJSON_IsArray(events) || cJSON_GetArraySize(events) == 0))
        env_err(rs, 400, 10021, "events must be a non-empty array of event names");
    else if (src && !jstr(src, "type"))
        env_err(rs, 400, 10021, "source needs a type");
    else if (cJSON_GetObjectItem(body, "name") && (!name || !*name))
        env_err(rs, 400, 10021, "name must be a non-empty string");
    else if (same && same != self)
        env_err(rs, 409, 10022, "A subscription named '%s' already exists", name);
    else
        return 0;
    return -1;
}

/* sub_create: POST {name, enabled, source, destination, events}. */
void sub_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    if (!cJSON_IsObject(body) || !jstr(body, "name") || !cJSON_GetObjectItem(body, "source") ||
        !cJSON_GetObjectItem(body, "destination") || !cJSON_GetObjectItem(body, "events")) {
        env_err(rs, 400, 10021, "name, source, destination and events are required");
    } else if (check(e, rq, body, NULL, rs) == 0) {
        char id[33], now[40];
        store_new_hex(e, id);
        store_now(now);
        cJSON *s = cJSON_CreateObject();
        jset_str(s, "id", id);
        jset_str(s, "name", jstr(body, "name"));
        cJSON_AddBoolToObject(s, "enabled", !cJSON_IsFalse(cJSON_GetObjectItem(body, "enabled")));
        cJSON_AddItemToObject(s, "source", cJSON_Duplicate(cJSON_GetObjectItem(body, "source"), 1));
        cJSON_AddItemToObject(s, "destination",
                              cJSON_Duplicate(cJSON_GetObjectItem(body, "destination"), 1));
        cJSON_AddItemToObject(s, "events", cJSON_Duplicate(cJSON_GetObjectItem(body, "events"), 1));
        jset_str(s, "created_at", now);
        jset_str(s, "modified_at", now);
        cJSON_AddItemToArray(store_list(e, rq->account, "subscriptions"), s);
        env_ok(rs, 200, cJSON_Duplicate(s, 1));
    }
    cJSON_Delete(body);
}

/* sub_list: GET (page/per_page). */
void sub_list(struct emu *e, struct req *rq, struct resp *rs)
{
    env_paged(rs, rq, store_list(e, rq->account, "subscriptions"), 20, 100);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = store_find(store_list(e, rq->account, "subscriptions"), "id", rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10023, "Subscription not found");
    return s;
}

/* sub_get: GET /{id}. */
void sub_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, cJSON_Duplicate(s, 1));
}

/* sub_patch: PATCH /{id} {name?, enabled?, destination?, events?}. */
void sub_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    static const char *const keys[] = {"name", "enabled", "destination", "events"};
    cJSON *s = need(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL;
    if (s && check(e, rq, body, s, rs) == 0) {
        for (size_t i = 0; i < 4; i++) {
            cJSON *x = cJSON_GetObjectItem(body, keys[i]);
            if (x)
                jset(s, keys[i], cJSON_Duplicate(x, 1));
        }
        char now[40];
        store_now(now);
        jset_str(s, "modified_at", now);
        env_ok(rs, 200, cJSON_Duplicate(s, 1));
    }
    cJSON_Delete(body);
}

/* sub_delete: DELETE /{id} -> the deleted subscription. */
void sub_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    cJSON *r = cJSON_Duplicate(s, 1);
    cJSON *all = store_list(e, rq->account, "subscriptions");
    cJSON_DeleteItemFromArray(all, store_index(all, "id", rq->segs[4]));
    env_ok(rs, 200, r);
}
