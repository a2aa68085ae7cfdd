/* cfemu: the Versions and Deployments API of a Worker (what `wrangler
 * deploy` uses once the worker exists): versions list/get/upload and
 * deployments list/create. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

/* ws_deployments_get: GET .../deployments -> {deployments: [newest first]}. */
void ws_deployments_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    cJSON *r = cJSON_CreateObject(), *arr = cJSON_AddArrayToObject(r, "deployments");
    cJSON *ds = cJSON_GetObjectItem(s, "deployments");
    for (int i = cJSON_GetArraySize(ds) - 1; i >= 0; i--)
        cJSON_AddItemToArray(arr, cJSON_Duplicate(cJSON_GetArrayItem(ds, i), 1));
    env_ok(rs, 200, r);
}

static int check_split(cJSON *s, cJSON *vs, struct resp *rs)
{
    double total = 0;
    cJSON *x;
    if (!cJSON_IsArray(vs) || cJSON_GetArraySize(vs) == 0 || cJSON_GetArraySize(vs) > 2) {
        env_err(rs, 400, 10021, "versions must list one or two {version_id, percentage}");
        return -1;
    }
    cJSON_ArrayForEach(x, vs)
    {
        const char *id = jstr(x, "version_id");
        cJSON *p = cJSON_GetObjectItem(x, "percentage");
        if (!id || !store_find(cJSON_GetObjectItem(s, "versions"), "id", id)) {
            env_err(rs, 400, 10021, "version '%s' does not exist", id ? id : "");
            return -1;
        }
        if (!cJSON_IsNumber(p) || p->valuedouble < 0 || p->valuedouble > 100) {
            env_err(rs, 400, 10021, "percentage must be a number from 0 to 100");
            return -1;
        }
        total += p->valuedouble;
    }
    if (total < 99.99 || total > 100.01) {
        env_err(rs, 400, 10021, "the percentages must add up to 100");
        return -1;
    }
    return 0;
}

/* ws_deployments_post: POST .../deployments {strategy, versions:[{version_id,
 * percentage}], annotations}. */
void ws_deployments_post(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL;
    const char *strategy = jstr(body, "strategy");
    if (!s)
        return;
    if (!body || (strategy && strcmp(strategy, "percentage") != 0))
        env_err(rs, 400, 10021, "the body must be {strategy: \"percentage\", versions: [...]}");
    else if (check_split(s, cJSON_GetObjectItem(body, "versions"), rs) == 0) {
        cJSON *vs = cJSON_GetObjectItem(body, "versions");
        ws_deploy(e, s, jstr(cJSON_GetArrayItem(vs, 0), "version_id"), ws_source(rq));
        cJSON *ds = cJSON_GetObjectItem(s, "deployments");
        cJSON *d = cJSON_GetArrayItem(ds, cJSON_GetArraySize(ds) - 1);
        jset(d, "versions", cJSON_Duplicate(vs, 1));
        cJSON *ann = cJSON_GetObjectItem(body, "annotations");
        if (cJSON_IsObject(ann))
            jset(d, "annotations", cJSON_Duplicate(ann, 1));
        env_ok(rs, 200, cJSON_Duplicate(d, 1));
    }
    cJSON_Delete(body);
}

/* The API view of a version (caller frees). */
static cJSON *version_view(const cJSON *v)
{
    cJSON *md = cJSON_GetObjectItem(v, "metadata");
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(v, "id"));
    cJSON_AddItemToObject(r, "number", cJSON_Duplicate(cJSON_GetObjectItem(v, "number"), 1));
    cJSON *m = cJSON_AddObjectToObject(r, "metadata");
    jset_str(m, "author_email", "cfemu@example.com");
    jset_str(m, "author_id", "c0ffee00c0ffee00c0ffee00c0ffee00");
    jset_str(m, "created_on", jstr(v, "created_on"));
    jset_str(m, "modified_on", jstr(v, "created_on"));
    jset_str(m, "source", jstr(v, "source") ? jstr(v, "source") : "api");
    cJSON_AddBoolToObject(m, "hasPreview", false);
    cJSON_AddItemToObject(r, "annotations",
                          cJSON_Duplicate(cJSON_GetObjectItem(v, "annotations"), 1));
    cJSON *res = cJSON_AddObjectToObject(r, "resources");
    cJSON *sc = cJSON_AddObjectToObject(res, "script");
    jset_str(sc, "etag", jstr(v, "etag"));
    cJSON_AddItemToObject(sc, "handlers", cJSON_Duplicate(cJSON_GetObjectItem(v, "handlers"), 1));
    cJSON_AddItemToObject(res, "bindings", cJSON_Duplicate(cJSON_GetObjectItem(md, "bindings"), 1));
    cJSON *rt = cJSON_AddObjectToObject(res, "script_runtime");
    const char *keys[] = {"compatibility_date", "compatibility_flags", "usage_model", "limits"};
    for (int i = 0; i < 4; i++) {
        cJSON *x = cJSON_GetObjectItem(md, keys[i]);
        if (x)
            cJSON_AddItemToObject(rt, keys[i], cJSON_Duplicate(x, 1));
    }
    return r;
}

/* ws_versions_list: GET .../versions -> {items: [newest first]}. */
void ws_versions_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    cJSON *r = cJSON_CreateObject(), *items = cJSON_AddArrayToObject(r, "items");
    cJSON *vs = cJSON_GetObjectItem(s, "versions");
    int page = req_int(rq, "page", 1);
    for (int i = cJSON_GetArraySize(vs) - 1; i >= 0 && page <= 1; i--)
        cJSON_AddItemToArray(items, version_view(cJSON_GetArrayItem(vs, i)));
    env_ok(rs, 200, r);
}

/* ws_version_get: GET .../versions/{version_id}. */
void ws_version_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *v = s ? store_find(cJSON_GetObjectItem(s, "versions"), "id", rq->segs[6]) : NULL;
    if (s && !v)
        env_err(rs, 404, 10007, "workers.api.error.version_not_found");
    else if (v)
        env_ok(rs, 200, version_view(v));
}

/* ws_versions_post: POST .../versions, multipart like the script upload;
 * the version is stored but not deployed. */
void ws_versions_post(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *v = s ? ws_build_version(e, rq, rs, ws_current_version(s), rq->segs[4]) : NULL;
    cJSON *plan = v ? do_plan(e, rq->account, s, v, rs) : NULL;
    if (!plan) {
        cJSON_Delete(v);
        return;
    }
    do_commit(e, rq->account, s, plan);
    jset_str(v, "source", ws_source(rq));
    ws_script_level(s, v);
    ws_add_version(e, s, v);
    cJSON *r = version_view(v);
    cJSON_AddNumberToObject(r, "startup_time_ms", 0);
    env_ok(rs, 200, r);
}
