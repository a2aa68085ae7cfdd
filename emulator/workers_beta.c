/* cfemu: Cloudflare's beta Workers API, A/workers/workers: create a Worker
 * before its code exists (a script record with no version and no
 * deployment, which a later PUT /workers/scripts/{name} upload fills in),
 * get it by id (the script's tag) or name, list and delete. The answers
 * follow the cloudflare SDK's `Worker` type. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

#define CONFLICT_CODE 10034 /* chosen by cfemu: no source gives one */

/* The Worker whose id (its tag) or name is id (borrowed), or NULL. */
static cJSON *by_id(struct emu *e, const char *account, const char *id)
{
    cJSON *s = store_find(store_list(e, account, "workers"), "tag", id);
    return s ? s : ws_lookup(e, account, id);
}

/* The Worker the path names (segs[4]), or NULL with 404 code 10007. */
static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = by_id(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

/* The resources that depend on a Worker, by kind: cfemu reports none. */
static cJSON *references(void)
{
    static const char *const kinds[] = {"dispatch_namespace_outbounds", "domains",
                                        "durable_objects", "queues", "workers"};
    cJSON *r = cJSON_CreateObject();
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        cJSON_AddItemToObject(r, kinds[i], cJSON_CreateArray());
    return r;
}

/* When script s was last deployed, or NULL when it never was. */
static const char *deployed_on(const cJSON *s)
{
    cJSON *ds = cJSON_GetObjectItem(s, "deployments");
    return jstr(cJSON_GetArrayItem(ds, cJSON_GetArraySize(ds) - 1), "created_on");
}

/* The API Worker object of script s (caller frees). */
static cJSON *worker_view(const cJSON *s)
{
    cJSON *r = cJSON_CreateObject();
    cJSON *obs = cJSON_GetObjectItem(s, "observability");
    jset_str(r, "id", jstr(s, "tag"));
    jset_str(r, "name", jstr(s, "id"));
    jset_str(r, "created_on", jstr(s, "created_on"));
    jset_str(r, "updated_on", jstr(s, "modified_on"));
    jset_str(r, "deployed_on", deployed_on(s));
    ws_copy_key(r, s, "logpush", cJSON_CreateFalse());
    if (cJSON_IsObject(obs))
        cJSON_AddItemToObject(r, "observability", cJSON_Duplicate(obs, 1));
    else
        cJSON_AddBoolToObject(cJSON_AddObjectToObject(r, "observability"), "enabled", false);
    ws_copy_key(r, s, "subdomain", cJSON_CreateObject());
    ws_copy_key(r, s, "tags", cJSON_CreateArray());
    ws_copy_key(r, s, "tail_consumers", cJSON_CreateArray());
    cJSON_AddItemToObject(r, "references", references());
    return r;
}

/* Whether x is a string. */
static bool is_string(const cJSON *x)
{
    return cJSON_IsString(x);
}

/* Whether x is a tail consumer {name: string}. */
static bool is_consumer(const cJSON *x)
{
    return jstr(x, "name") != NULL;
}

/* Whether body[key] is absent, or an array whose every item passes test. */
static bool all_items(const cJSON *body, const char *key, bool (*test)(const cJSON *))
{
    cJSON *arr = cJSON_GetObjectItem(body, key), *it;
    if (!arr)
        return true;
    if (!cJSON_IsArray(arr))
        return false;
    cJSON_ArrayForEach(it, arr) if (!test(it)) return false;
    return true;
}

/* Validates a create body (normalising its observability); 0, or -1 with
 * 400 code 10021 in rs. */
static int check_body(cJSON *body, struct resp *rs)
{
    const char *name = jstr(body, "name");
    cJSON *logpush = cJSON_GetObjectItem(body, "logpush");
    cJSON *sub = cJSON_GetObjectItem(body, "subdomain");
    if (!cJSON_IsObject(body))
        env_err(rs, 400, 10021, "the body must be a JSON object with a name");
    else if (!name)
        env_err(rs, 400, 10021, "name is required (a string)");
    else if (!ws_valid_name(name))
        env_err(rs, 400, 10021,
                "Invalid Worker name '%s': use lowercase letters, digits, '-' and '_' "
                "(at most 63)",
                name);
    else if (logpush && !cJSON_IsBool(logpush))
        env_err(rs, 400, 10021, "logpush must be a boolean");
    else if (sub && !ws_subdomain_apply(NULL, sub))
        env_err(rs, 400, 10021,
                "subdomain must be {\"enabled\"?: bool, \"previews_enabled\"?: bool}");
    else if (!all_items(body, "tags", is_string))
        env_err(rs, 400, 10021, "tags must be an array of strings");
    else if (!all_items(body, "tail_consumers", is_consumer))
        env_err(rs, 400, 10021, "tail_consumers must be an array of {\"name\": string}");
    else
        return ws_check_observability(cJSON_GetObjectItem(body, "observability"), rs);
    return -1;
}

/* Stores a new Worker named name with the settings of a checked create
 * body; returns it (borrowed). */
static cJSON *create(struct emu *e, const char *account, const char *name, const cJSON *body)
{
    cJSON *s = ws_new_script(e, name);
    ws_apply_script_keys(s, body);
    ws_subdomain_apply(cJSON_GetObjectItem(s, "subdomain"), cJSON_GetObjectItem(body, "subdomain"));
    cJSON_AddItemToArray(store_list(e, account, "workers"), s);
    return s;
}

/* wb_create: POST A/workers/workers {name, subdomain?, logpush?,
 * observability?, tags?, tail_consumers?}: a Worker with no version yet
 * (what a script upload would create, minus the version); a name in use
 * is 409. */
void wb_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *name = jstr(body, "name");
    int rc = check_body(body, rs);
    if (rc == 0 && ws_lookup(e, rq->account, name))
        env_err(rs, 409, CONFLICT_CODE, "a Worker named %s already exists", name);
    else if (rc == 0)
        env_ok(rs, 200, worker_view(create(e, rq->account, name, body)));
    cJSON_Delete(body);
}

/* wb_list: GET A/workers/workers (page/per_page), in creation order. */
void wb_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = cJSON_CreateArray(), *s;
    cJSON_ArrayForEach(s, store_list(e, rq->account, "workers"))
        cJSON_AddItemToArray(all, worker_view(s));
    env_paged(rs, rq, all, 20, 100);
    cJSON_Delete(all);
}

/* wb_get: GET A/workers/workers/{id or name}. */
void wb_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, worker_view(s));
}

/* wb_delete: DELETE A/workers/workers/{id or name}: deletes the Worker as
 * a forced script delete does (its queue consumers, routes and custom
 * domains go with it); result null. */
void wb_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    ws_remove(e, rq->account, jstr(s, "id"));
    env_ok(rs, 200, NULL);
}
