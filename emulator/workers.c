/* cfemu: Workers scripts: list (with etags), multipart upload (create or
 * replace, deploys a new version), download, delete (refused while queue
 * consumers exist unless ?force=true), and workers/services/{name}. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

/* ws_lookup: the script record named name (borrowed), or NULL. */
cJSON *ws_lookup(struct emu *e, const char *account, const char *name)
{
    return store_find(store_list(e, account, "workers"), "id", name);
}

/* ws_copy_key: sets to[key] to a copy of from[key], or to dflt (owned; NULL
 * means null) when from has no such key. */
void ws_copy_key(cJSON *to, const cJSON *from, const char *key, cJSON *dflt)
{
    cJSON *v = cJSON_GetObjectItem(from, key);
    cJSON_AddItemToObject(to, key, v ? cJSON_Duplicate(v, 1) : dflt ? dflt : cJSON_CreateNull());
    if (v && dflt)
        cJSON_Delete(dflt);
}

/* ws_render: the API script object (caller frees). A Worker with no
 * deployed version yet (made by POST /workers/workers) has etag "". */
cJSON *ws_render(const cJSON *script)
{
    cJSON *v = ws_current_version(script);
    cJSON *md = cJSON_GetObjectItem(v, "metadata");
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(script, "id"));
    jset_str(r, "tag", jstr(script, "tag"));
    jset_str(r, "etag", v ? jstr(v, "etag") : "");
    ws_copy_key(r, v, "handlers", cJSON_CreateArray());
    cJSON_AddItemToObject(r, "named_handlers", cJSON_CreateArray());
    jset_str(r, "created_on", jstr(script, "created_on"));
    jset_str(r, "modified_on", jstr(script, "modified_on"));
    ws_copy_key(r, md, "compatibility_date", NULL);
    ws_copy_key(r, md, "compatibility_flags", cJSON_CreateArray());
    cJSON_AddBoolToObject(r, "has_assets", false);
    cJSON_AddBoolToObject(r, "has_modules", jstr(md, "main_module") != NULL);
    jset_str(r, "last_deployed_from",
             jstr(script, "last_deployed_from") ? jstr(script, "last_deployed_from") : "api");
    if (jstr(script, "migration_tag"))
        jset_str(r, "migration_tag", jstr(script, "migration_tag"));
    ws_copy_key(r, script, "logpush", cJSON_CreateFalse());
    ws_copy_key(r, script, "observability", NULL);
    ws_copy_key(r, md, "placement", cJSON_CreateObject());
    ws_copy_key(r, script, "tags", cJSON_CreateArray());
    ws_copy_key(r, script, "tail_consumers", cJSON_CreateArray());
    if (cJSON_GetObjectItem(md, "usage_model")) /* omitted when defaulted (OAS24 enum) */
        ws_copy_key(r, md, "usage_model", NULL);
    return r;
}

/* ws_list: GET /workers/scripts (whole array); list items add the
 * script's routes (an upload answer has none). */
void ws_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = cJSON_CreateArray(), *s;
    cJSON_ArrayForEach(s, store_list(e, rq->account, "workers"))
    {
        cJSON *item = ws_render(s);
        cJSON_AddItemToObject(item, "routes", ws_routes_listed(e, rq->account, jstr(s, "id")));
        cJSON_AddItemToArray(all, item);
    }
    env_whole(rs, rq, all);
    cJSON_Delete(all);
}

/* ws_valid_name: whether s is a valid Worker name: 1..63 of [a-z0-9-_],
 * not starting with '-'. */
bool ws_valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > 63 || s[0] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-' ||
              s[i] == '_'))
            return false;
    return true;
}

/* ws_new_script: a new script record named name with no versions and no
 * deployments, workers.dev off (caller owns; not yet in the store). */
cJSON *ws_new_script(struct emu *e, const char *name)
{
    char tag[33], now[40];
    store_new_hex(e, tag);
    store_now(now);
    cJSON *s = cJSON_CreateObject();
    jset_str(s, "id", name);
    jset_str(s, "tag", tag);
    jset_str(s, "created_on", now);
    jset_str(s, "modified_on", now);
    cJSON_AddBoolToObject(s, "logpush", false);
    cJSON_AddItemToObject(s, "tags", cJSON_CreateArray());
    cJSON_AddItemToObject(s, "tail_consumers", cJSON_CreateArray());
    cJSON_AddItemToObject(s, "schedules", cJSON_CreateArray());
    cJSON *sub = cJSON_AddObjectToObject(s, "subdomain");
    cJSON_AddBoolToObject(sub, "enabled", false);
    cJSON_AddBoolToObject(sub, "previews_enabled", false);
    cJSON_AddItemToObject(s, "versions", cJSON_CreateArray());
    cJSON_AddItemToObject(s, "deployments", cJSON_CreateArray());
    return s;
}

/* ws_script_level: moves the script-level fields an upload may carry from the version's
 * metadata onto the script. */
void ws_script_level(cJSON *script, cJSON *v)
{
    static const char *const keys[] = {"logpush", "tags", "tail_consumers", "observability"};
    cJSON *md = cJSON_GetObjectItem(v, "metadata");
    for (size_t i = 0; i < 4; i++) {
        cJSON *x = cJSON_DetachItemFromObject(md, keys[i]);
        if (x)
            jset(script, keys[i], x);
    }
}

/* ws_upload: PUT /workers/scripts/{name}, multipart (metadata + modules).
 * Creates or replaces the script and deploys the new version. */
void ws_upload(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = rq->segs[4];
    if (!ws_valid_name(name)) {
        env_err(rs, 400, 10016,
                "Invalid Worker name '%s': use lowercase letters, digits, "
                "'-' and '_' (at most 63)",
                name);
        return;
    }
    cJSON *script = ws_lookup(e, rq->account, name);
    cJSON *v = ws_build_version(e, rq, rs, script ? ws_current_version(script) : NULL, name);
    cJSON *plan = v ? do_plan(e, rq->account, script, v, rs) : NULL;
    if (!plan) {
        cJSON_Delete(v);
        return;
    }
    if (!script) {
        script = ws_new_script(e, name);
        cJSON_AddItemToArray(store_list(e, rq->account, "workers"), script);
    }
    do_commit(e, rq->account, script, plan);
    jset_str(v, "source", ws_source(rq));
    ws_script_level(script, v);
    ws_add_version(e, script, v);
    ws_deploy(e, script, jstr(v, "id"), ws_source(rq));
    cJSON *r = ws_render(script);
    cJSON_AddNumberToObject(r, "startup_time_ms", 0);
    jset_str(r, "deployment_id", jstr(v, "id"));
    jset_str(r, "entry_point", jstr(cJSON_GetObjectItem(v, "metadata"), "main_module"));
    env_ok(rs, 200, r);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

/* ws_need_version: the script's deployed version (borrowed), or NULL with
 * 404 code 10007 in rs when it has none yet (a Worker made by POST
 * /workers/workers that no upload has filled in). */
cJSON *ws_need_version(const cJSON *script, struct resp *rs)
{
    cJSON *v = ws_current_version(script);
    if (!v)
        env_err(rs, 404, 10007, "Worker '%s' has no deployed version yet", jstr(script, "id"));
    return v;
}

static size_t put(char *out, size_t off, const char *s, size_t n)
{
    if (out)
        memcpy(out + off, s, n);
    return off + n;
}

/* Writes the multipart body of modules into out (NULL = measure). */
static size_t modules_body(const cJSON *mods, const char *boundary, char *out)
{
    size_t off = 0;
    char head[800];
    cJSON *m;
    cJSON_ArrayForEach(m, mods)
    {
        size_t n = 0;
        char *data = b64_decode(jstr(m, "b64"), &n);
        int h = snprintf(head, sizeof head,
                         "--%s\r\nContent-Disposition: form-data; "
                         "name=\"%s\"; filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
                         boundary, jstr(m, "name"), jstr(m, "name"), jstr(m, "content_type"));
        off = put(out, off, head, (size_t)h);
        off = put(out, off, data ? data : "", data ? n : 0);
        off = put(out, off, "\r\n", 2);
        free(data);
    }
    int h = snprintf(head, sizeof head, "--%s--\r\n", boundary);
    return put(out, off, head, (size_t)h);
}

/* ws_download: GET /workers/scripts/{name}: the modules as multipart
 * (no metadata part), or the raw script for a service worker. */
void ws_download(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *v = s ? ws_need_version(s, rs) : NULL;
    if (!v)
        return;
    cJSON *mods = cJSON_GetObjectItem(v, "modules");
    const char *body_part = jstr(cJSON_GetObjectItem(v, "metadata"), "body_part");
    cJSON *m = body_part ? store_find(mods, "name", body_part) : NULL;
    if (m) {
        size_t n = 0;
        char *data = b64_decode(jstr(m, "b64"), &n);
        env_raw(rs, 200, "application/javascript", data, n);
        return;
    }
    const char *boundary = "cfemu-boundary-7d1b3c9e";
    size_t n = modules_body(mods, boundary, NULL);
    char *out = malloc(n + 1);
    if (!out)
        return;
    modules_body(mods, boundary, out);
    char ct[128];
    snprintf(ct, sizeof ct, "multipart/form-data; boundary=%s", boundary);
    env_raw(rs, 200, ct, out, n);
}

/* ws_delete: DELETE /workers/scripts/{name}[?force=true]. */
void ws_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    const char *force = req_query(rq, "force");
    bool forced = force && strcmp(force, "true") == 0;
    if (!s)
        return;
    if (!forced && qc_count_for_script(e, rq->account, rq->segs[4], false) > 0) {
        env_err(rs, 409, 10064,
                "Cannot delete Worker '%s': it is the consumer of a queue; "
                "delete the consumer first or pass ?force=true",
                rq->segs[4]);
        return;
    }
    ws_remove(e, rq->account, rq->segs[4]);
    env_ok(rs, 200, NULL);
}

/* ws_remove: deletes the script named name with its queue consumers, and
 * drops its routes and custom domains (a forced delete). */
void ws_remove(struct emu *e, const char *account, const char *name)
{
    qc_count_for_script(e, account, name, true);
    ws_routes_drop(e, account, name);
    wd_drop_service(e, account, name);
    cJSON *all = store_list(e, account, "workers");
    cJSON_DeleteItemFromArray(all, store_index(all, "id", name));
}

/* ws_service_get: GET /workers/services/{name}; 404 code 10090 when the
 * worker does not exist (wrangler then takes its create path). */
void ws_service_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s) {
        env_err(rs, 404, 10090, "workers.api.error.service_not_found");
        return;
    }
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(s, "id"));
    cJSON *env = cJSON_AddObjectToObject(r, "default_environment");
    jset_str(env, "environment", "production");
    jset_str(env, "created_on", jstr(s, "created_on"));
    jset_str(env, "modified_on", jstr(s, "modified_on"));
    cJSON_AddItemToObject(env, "script", ws_render(s));
    jset_str(r, "created_on", jstr(s, "created_on"));
    jset_str(r, "modified_on", jstr(s, "modified_on"));
    env_ok(rs, 200, r);
}

/* ws_service_delete: DELETE /workers/services/{name}[?force=true] (what
 * `wrangler delete` sends): deletes the worker like the script DELETE;
 * 404 code 10090 when it does not exist. */
void ws_service_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!ws_lookup(e, rq->account, rq->segs[4]))
        env_err(rs, 404, 10090, "workers.api.error.service_not_found");
    else
        ws_delete(e, rq, rs);
}
