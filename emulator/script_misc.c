/* cfemu: the smaller Worker script endpoints the SDK reaches: one
 * deployment (get; delete, refused for the active one), tails (create one
 * live-tail session, get it, delete it; cfemu streams nothing), the
 * account's script search, and an assets upload session (a JWT and the
 * buckets of hashes the client should upload). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "emulator/emu.h"

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

static cJSON *need_deployment(struct emu *e, struct req *rq, struct resp *rs, cJSON **script)
{
    *script = need(e, rq, rs);
    cJSON *d =
        *script ? store_find(cJSON_GetObjectItem(*script, "deployments"), "id", rq->segs[6]) : NULL;
    if (*script && !d)
        env_err(rs, 404, 10241, "workers.api.error.deployment_not_found");
    return d;
}

/* ws_deployment_get: GET .../deployments/{id}. */
void ws_deployment_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s, *d = need_deployment(e, rq, rs, &s);
    if (d)
        env_ok(rs, 200, cJSON_Duplicate(d, 1));
}

/* ws_deployment_delete: DELETE .../deployments/{id}: an older deployment
 * is forgotten; the latest one serves traffic and is refused (400). */
void ws_deployment_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s, *d = need_deployment(e, rq, rs, &s);
    if (!d)
        return;
    cJSON *ds = cJSON_GetObjectItem(s, "deployments");
    int at = store_index(ds, "id", rq->segs[6]);
    if (at == cJSON_GetArraySize(ds) - 1) {
        env_err(rs, 400, 10239,
                "Cannot delete the active deployment: deploy another version first");
        return;
    }
    cJSON_DeleteItemFromArray(ds, at);
    env_ok(rs, 200, NULL);
}

static cJSON *tail_view(const cJSON *t)
{
    return cJSON_Duplicate(t, 1);
}

/* ws_tail_create: POST .../tails -> {id, url, expires_at}: a session that
 * lasts 6 hours (one per Worker: a new one replaces it). */
void ws_tail_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    char id[33], url[128], exp[40];
    store_new_hex(e, id);
    snprintf(url, sizeof url, "wss://tail.developers.workers.dev/%s", id);
    time_t t = time(NULL) + 6 * 3600;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(exp, sizeof exp, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON *tail = cJSON_CreateObject();
    jset_str(tail, "id", id);
    jset_str(tail, "url", url);
    jset_str(tail, "expires_at", exp);
    jset(s, "tail", tail);
    env_ok(rs, 200, tail_view(tail));
}

/* ws_tail_get: GET .../tails -> the session, or 404 when there is none. */
void ws_tail_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *t = s ? cJSON_GetObjectItem(s, "tail") : NULL;
    if (s && !t)
        env_err(rs, 404, 10057, "workers.api.error.tail_not_found");
    else if (t)
        env_ok(rs, 200, tail_view(t));
}

/* ws_tail_delete: DELETE .../tails/{id}. */
void ws_tail_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *t = s ? cJSON_GetObjectItem(s, "tail") : NULL;
    if (s && (!t || strcmp(jstr(t, "id"), rq->segs[6]) != 0)) {
        env_err(rs, 404, 10057, "workers.api.error.tail_not_found");
    } else if (t) {
        cJSON_DeleteItemFromObject(s, "tail");
        env_ok(rs, 200, NULL);
    }
}

static cJSON *search_view(const cJSON *s)
{
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(s, "tag"));
    jset_str(r, "script_name", jstr(s, "id"));
    jset_str(r, "service_name", jstr(s, "id"));
    jset_str(r, "environment_name", "production");
    cJSON_AddBoolToObject(r, "environment_is_default", true);
    jset_str(r, "created_on", jstr(s, "created_on"));
    jset_str(r, "modified_on", jstr(s, "modified_on"));
    return r;
}

/* ws_scripts_search: GET /workers/scripts-search?name&id&order_by&page&
 * per_page: scripts whose name contains name (or whose tag is id). */
void ws_scripts_search(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = req_query(rq, "name"), *id = req_query(rq, "id");
    const char *order = req_query(rq, "order_by");
    if (order && strcmp(order, "created_on") != 0 && strcmp(order, "modified_on") != 0 &&
        strcmp(order, "name") != 0) {
        env_err(rs, 400, 10021, "order_by must be created_on, modified_on or name");
        return;
    }
    cJSON *out = cJSON_CreateArray(), *s;
    cJSON_ArrayForEach(s, store_list(e, rq->account, "workers"))
    {
        if ((!name || strstr(jstr(s, "id"), name)) && (!id || strcmp(jstr(s, "tag"), id) == 0))
            cJSON_AddItemToArray(out, search_view(s));
    }
    env_paged(rs, rq, out, 20, 100);
    cJSON_Delete(out);
}

/* ws_assets_session: POST .../assets-upload-session {manifest: {path:
 * {hash, size}}} -> {jwt, buckets}: every hash not seen before is to be
 * uploaded, in buckets of at most 10. */
void ws_assets_session(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL, *it;
    cJSON *manifest = cJSON_GetObjectItem(body, "manifest");
    if (s && !cJSON_IsObject(manifest)) {
        env_err(rs, 400, 10021, "manifest must be an object {path: {hash, size}}");
    } else if (s) {
        cJSON *r = cJSON_CreateObject(), *buckets = cJSON_AddArrayToObject(r, "buckets");
        cJSON *cur = NULL;
        cJSON_ArrayForEach(it, manifest)
        {
            const char *hash = jstr(it, "hash");
            if (!hash)
                continue;
            if (!cur || cJSON_GetArraySize(cur) == 10) {
                cur = cJSON_CreateArray();
                cJSON_AddItemToArray(buckets, cur);
            }
            cJSON_AddItemToArray(cur, cJSON_CreateString(hash));
        }
        char jwt[80];
        store_new_hex(e, jwt);
        snprintf(jwt + 32, sizeof jwt - 32, ".cfemu-assets-session");
        jset_str(r, "jwt", jwt);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}
