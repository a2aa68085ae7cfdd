/* cfemu: a Worker's secrets (secret_text/secret_key bindings of the
 * deployed version; values are never stored or returned) and cron
 * schedules. */
#include <ctype.h>
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

/* The script of the path with a deployed version to add secrets to, or
 * NULL with 404 code 10007 in rs (no such script, or no version yet). */
static cJSON *need_deployed(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    return s && ws_need_version(s, rs) ? s : NULL;
}

static bool is_secret(const cJSON *b)
{
    const char *t = jstr(b, "type");
    return t && (strcmp(t, "secret_text") == 0 || strcmp(t, "secret_key") == 0);
}

static cJSON *secret_view(const cJSON *b)
{
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "name", jstr(b, "name"));
    jset_str(r, "type", jstr(b, "type"));
    return r;
}

static cJSON *bindings_of(cJSON *s)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(ws_current_version(s), "metadata"), "bindings");
}

/* ws_secrets_list: GET .../secrets -> [{name, type}]. */
void ws_secrets_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs), *b;
    if (!s)
        return;
    cJSON *all = cJSON_CreateArray();
    cJSON_ArrayForEach(b, bindings_of(s)) if (is_secret(b))
        cJSON_AddItemToArray(all, secret_view(b));
    env_whole(rs, rq, all);
    cJSON_Delete(all);
}

/* Applies one secret (obj = {name?, type, text}, NULL = delete) to binds.
 * Returns 0, or -1 with rs set. */
static int apply(cJSON *binds, const char *name, const cJSON *obj, struct resp *rs)
{
    int i = store_index(binds, "name", name);
    cJSON *old = i >= 0 ? cJSON_GetArrayItem(binds, i) : NULL;
    const char *type = obj ? jstr(obj, "type") : NULL;
    if (!type)
        type = "secret_text";
    if (old && !is_secret(old)) {
        env_err(rs, 400, 10021, "binding name '%s' is already used by a non-secret binding", name);
        return -1;
    }
    if (obj && strcmp(type, "secret_text") == 0 && !jstr(obj, "text")) {
        env_err(rs, 400, 10021, "secret '%s' needs \"text\" (a string)", name);
        return -1;
    }
    if (obj && strcmp(type, "secret_text") != 0 && strcmp(type, "secret_key") != 0) {
        env_err(rs, 400, 10021, "secret type must be secret_text or secret_key");
        return -1;
    }
    if (i >= 0)
        cJSON_DeleteItemFromArray(binds, i);
    if (obj) {
        cJSON *b = cJSON_CreateObject();
        jset_str(b, "name", name);
        jset_str(b, "type", type);
        cJSON_AddItemToArray(binds, b);
    }
    return 0;
}

static void redeploy_with(struct emu *e, cJSON *s, cJSON *binds, const char *source)
{
    cJSON *cur = ws_current_version(s);
    cJSON *meta = cJSON_Duplicate(cJSON_GetObjectItem(cur, "metadata"), 1);
    jset(meta, "bindings", binds);
    ws_redeploy(e, s, meta, cJSON_Duplicate(cJSON_GetObjectItem(cur, "modules"), 1), source);
    cJSON_Delete(meta);
}

/* ws_secret_put: PUT .../secrets {name, type, text}: deploys a new version
 * with the secret; the result has no text. 404 code 10007 for a Worker with
 * no version yet. */
void ws_secret_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need_deployed(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL;
    const char *name = jstr(body, "name");
    if (!s)
        return;
    cJSON *binds = cJSON_Duplicate(bindings_of(s), 1);
    if (!name || !*name)
        env_err(rs, 400, 10021, "the body must be {name, type: \"secret_text\", text}");
    else if (apply(binds, name, body, rs) == 0) {
        redeploy_with(e, s, binds, ws_source(rq));
        binds = NULL;
        env_ok(rs, 200, secret_view(store_find(bindings_of(s), "name", name)));
    }
    cJSON_Delete(binds);
    cJSON_Delete(body);
}

/* The secrets as a map {name: {name, type}} (the secrets-bulk answer). */
static cJSON *secrets_map(cJSON *s)
{
    cJSON *r = cJSON_CreateObject(), *b;
    cJSON_ArrayForEach(b, bindings_of(s))
    {
        if (is_secret(b))
            cJSON_AddItemToObject(r, jstr(b, "name"), secret_view(b));
    }
    return r;
}

/* Applies {secrets: {name: secret | null}} (a JSON merge patch); the
 * answer is the resulting list, or with as_map the map of secrets. 404
 * code 10007 for a Worker with no version yet. */
static void patch_secrets(struct emu *e, struct req *rq, struct resp *rs, bool as_map)
{
    cJSON *s = need_deployed(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL, *it;
    cJSON *secrets = cJSON_GetObjectItem(body, "secrets");
    if (!s)
        return;
    cJSON *binds = cJSON_Duplicate(bindings_of(s), 1);
    int rc = cJSON_IsObject(secrets) ? 0 : -1;
    if (rc != 0)
        env_err(rs, 400, 10021, "the body must be {\"secrets\": {name: {type, text} | null}}");
    cJSON_ArrayForEach(it, secrets) if (rc == 0) rc =
        apply(binds, it->string, cJSON_IsNull(it) ? NULL : it, rs);
    if (rc == 0) {
        redeploy_with(e, s, binds, ws_source(rq));
        binds = NULL;
        if (as_map)
            env_ok(rs, 200, secrets_map(s));
        else
            ws_secrets_list(e, rq, rs);
    }
    cJSON_Delete(binds);
    cJSON_Delete(body);
}

/* ws_secrets_patch: PATCH .../secrets {secrets: {name: secret | null}};
 * returns the resulting list. */
void ws_secrets_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    patch_secrets(e, rq, rs, false);
}

/* ws_secrets_bulk: PATCH .../secrets-bulk, the same patch; returns the
 * secrets as a map by name, as the SDK expects. */
void ws_secrets_bulk(struct emu *e, struct req *rq, struct resp *rs)
{
    patch_secrets(e, rq, rs, true);
}

static cJSON *need_secret(struct emu *e, struct req *rq, struct resp *rs, cJSON **s)
{
    *s = need(e, rq, rs);
    cJSON *b = *s ? store_find(bindings_of(*s), "name", rq->segs[6]) : NULL;
    if (*s && (!b || !is_secret(b))) {
        env_err(rs, 404, 10056, "Secret '%s' not found", rq->segs[6]);
        return NULL;
    }
    return b;
}

/* ws_secret_get: GET .../secrets/{name} -> {name, type}. */
void ws_secret_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s, *b = need_secret(e, rq, rs, &s);
    if (b)
        env_ok(rs, 200, secret_view(b));
}

/* ws_secret_delete: DELETE .../secrets/{name}; deploys a version without it. */
void ws_secret_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s, *b = need_secret(e, rq, rs, &s);
    if (!b)
        return;
    cJSON *binds = cJSON_Duplicate(bindings_of(s), 1);
    cJSON_DeleteItemFromArray(binds, store_index(binds, "name", rq->segs[6]));
    redeploy_with(e, s, binds, ws_source(rq));
    env_ok(rs, 200, NULL);
}

static bool valid_cron(const char *c)
{
    int fields = 0;
    bool in = false;
    for (const char *p = c; p && *p; p++) {
        if (*p == ' ') {
            in = false;
            continue;
        }
        if (!isalnum((unsigned char)*p) && !strchr("*/,-?#", *p))
            return false;
        if (!in)
            fields++;
        in = true;
    }
    return fields == 5;
}

static cJSON *schedules_view(const cJSON *s)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "schedules", cJSON_Duplicate(cJSON_GetObjectItem(s, "schedules"), 1));
    return r;
}

/* ws_schedules_get: GET .../schedules -> {schedules: [{cron, created_on, modified_on}]}. */
void ws_schedules_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, schedules_view(s));
}

/* ws_schedules_put: PUT .../schedules [{"cron": "..."}] replaces the cron
 * triggers (at most 5; each five fields). */
void ws_schedules_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL, *it;
    cJSON *list = cJSON_IsObject(body) ? cJSON_GetObjectItem(body, "schedules") : body;
    if (!s)
        return;
    bool ok = cJSON_IsArray(list) && cJSON_GetArraySize(list) <= 5;
    cJSON_ArrayForEach(it, list) ok = ok && valid_cron(jstr(it, "cron"));
    if (!ok) {
        env_err(rs, 400, 10021,
                "expected up to 5 items [{\"cron\": \"* * * * *\"}] with "
                "five-field cron expressions");
    } else {
        char now[40];
        store_now(now);
        cJSON *out = cJSON_CreateArray();
        cJSON_ArrayForEach(it, list)
        {
            cJSON *c = cJSON_CreateObject();
            jset_str(c, "cron", jstr(it, "cron"));
            jset_str(c, "created_on", now);
            jset_str(c, "modified_on", now);
            cJSON_AddItemToArray(out, c);
        }
        jset(s, "schedules", out);
        env_ok(rs, 200, schedules_view(s));
    }
    cJSON_Delete(body);
}
