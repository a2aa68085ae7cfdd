/* cfemu: a Worker's settings (GET; PATCH with a multipart `settings` part),
 * script-settings (script-level: logpush, observability, tags,
 * tail_consumers) and content (PUT modules only; GET content/v2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

static const char *const script_keys[] = {"logpush", "observability", "tags", "tail_consumers"};
static const char *const version_keys[] = {"bindings", "compatibility_date", "compatibility_flags",
                                           "limits",   "placement",          "usage_model"};

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

/* ws_redeploy: stores a new version (meta copied, mods owned) and deploys it. */
void ws_redeploy(struct emu *e, cJSON *script, cJSON *meta, cJSON *mods, const char *source)
{
    cJSON *v = ws_make_version(e, meta, mods);
    cJSON_DeleteItemFromObject(cJSON_GetObjectItem(v, "metadata"), "migrations");
    jset_str(v, "source", source);
    ws_add_version(e, script, v);
    ws_deploy(e, script, jstr(v, "id"), source);
}

/* The settings of script s: the script-level keys, and with_version the
 * deployed version's too (empty bindings and flags for a Worker with no
 * version yet). Caller frees. */
static cJSON *settings_view(const cJSON *s, bool with_version)
{
    cJSON *md = cJSON_GetObjectItem(ws_current_version(s), "metadata");
    cJSON *r = cJSON_CreateObject();
    for (size_t i = 0; with_version && i < 6; i++) {
        cJSON *x = cJSON_GetObjectItem(md, version_keys[i]);
        if (x)
            cJSON_AddItemToObject(r, version_keys[i], cJSON_Duplicate(x, 1));
    }
    if (with_version && !cJSON_GetObjectItem(r, "bindings"))
        cJSON_AddItemToObject(r, "bindings", cJSON_CreateArray());
    if (with_version && !cJSON_GetObjectItem(r, "compatibility_flags"))
        cJSON_AddItemToObject(r, "compatibility_flags", cJSON_CreateArray());
    for (size_t i = 0; i < 4; i++) {
        cJSON *x = cJSON_GetObjectItem(s, script_keys[i]);
        cJSON_AddItemToObject(r, script_keys[i], x ? cJSON_Duplicate(x, 1) : cJSON_CreateNull());
    }
    return r;
}

/* ws_settings_get: GET .../settings. */
void ws_settings_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, settings_view(s, true));
}

/* The settings object of a PATCH: the multipart part `settings`, or a JSON
 * body. Caller frees; NULL with rs set. */
static cJSON *patch_body(struct req *rq, struct resp *rs)
{
    char sniffed[128];
    const char *ct = mp_ctype(rq, sniffed, sizeof sniffed);
    cJSON *p = NULL;
    if (ct && strncmp(ct, "multipart/", 10) == 0) {
        struct mp_part parts[16];
        char err[200];
        int n = mp_parse(ct, rq->body ? rq->body : "", rq->body_len, parts, 16, err, sizeof err);
        const struct mp_part *sp = n > 0 ? mp_find(parts, n, "settings") : NULL;
        p = sp      ? json_parse(sp->data, sp->len)
            : n > 0 ? mp_form_object(parts, n, "settings")
                    : NULL;
    } else {
        p = req_json(rq);
    }
    if (!cJSON_IsObject(p)) {
        env_err(rs, 400, 10021, "expected a multipart part named 'settings' holding a JSON object");
        cJSON_Delete(p);
        return NULL;
    }
    return p;
}

/* A secret_text binding sent without text keeps the current value. */
static void inherit_secrets(cJSON *binds, const cJSON *old)
{
    cJSON *b;
    cJSON_ArrayForEach(b, binds)
    {
        const char *t = jstr(b, "type");
        if (t && strcmp(t, "secret_text") == 0 && !cJSON_GetObjectItem(b, "text") &&
            store_find((cJSON *)old, "name", jstr(b, "name")))
            jset_str(b, "type", "inherit");
    }
}

/* Resolves bindings of type inherit against the current ones. */
static void resolve_inherit(cJSON *binds, const cJSON *old)
{
    cJSON *b;
    for (int i = 0; (b = cJSON_GetArrayItem(binds, i)) != NULL; i++) {
        const char *t = jstr(b, "type");
        cJSON *src = t && strcmp(t, "inherit") == 0
                         ? store_find((cJSON *)old, "name", jstr(b, "name"))
                         : NULL;
        if (src)
            cJSON_ReplaceItemInArray(binds, i, cJSON_Duplicate(src, 1));
    }
}

/* Whether the PATCH body p sends a version-level key. */
static bool sends_version_keys(const cJSON *p)
{
    for (size_t i = 0; i < 6; i++)
        if (cJSON_GetObjectItem(p, version_keys[i]))
            return true;
    return false;
}

/* Applies version-level changes (new version when any); -1 with rs set
 * (404 code 10007 for a Worker with no version to change). Bindings are
 * validated only when the PATCH sends them. */
static int patch_version(struct emu *e, struct req *rq, struct resp *rs, cJSON *s, cJSON *p)
{
    if (!sends_version_keys(p))
        return 0;
    cJSON *cur = ws_need_version(s, rs);
    if (!cur)
        return -1;
    cJSON *old = cJSON_GetObjectItem(cJSON_GetObjectItem(cur, "metadata"), "bindings");
    cJSON *meta = cJSON_Duplicate(cJSON_GetObjectItem(cur, "metadata"), 1);
    for (size_t i = 0; i < 6; i++) {
        cJSON *x = cJSON_GetObjectItem(p, version_keys[i]);
        if (x)
            jset(meta, version_keys[i], cJSON_Duplicate(x, 1));
    }
    cJSON *binds = cJSON_GetObjectItem(meta, "bindings");
    cJSON *mods = cJSON_Duplicate(cJSON_GetObjectItem(cur, "modules"), 1);
    bool new_binds = cJSON_GetObjectItem(p, "bindings") != NULL;
    if (new_binds)
        inherit_secrets(binds, old);
    int rc = ws_check_meta(meta, mods, rs) == 0 &&
                     (!new_binds || ws_check_bindings(e, rq->account, rq->segs[4], binds, rs) == 0)
                 ? 0
                 : -1;
    if (rc == 0) {
        resolve_inherit(binds, old);
        ws_strip_secrets(binds);
        ws_redeploy(e, s, meta, mods, ws_source(rq));
        mods = NULL;
    }
    cJSON_Delete(mods);
    cJSON_Delete(meta);
    return rc;
}

/* ws_apply_script_keys: copies the script-level keys p sends (logpush,
 * observability, tags, tail_consumers) onto script s. */
void ws_apply_script_keys(cJSON *s, const cJSON *p)
{
    for (size_t i = 0; i < 4; i++) {
        cJSON *x = cJSON_GetObjectItem(p, script_keys[i]);
        if (x)
            jset(s, script_keys[i], cJSON_Duplicate(x, 1));
    }
}

/* ws_settings_patch: PATCH .../settings (multipart part `settings`). Sent
 * fields replace the old ones; version-level changes deploy a new version. */
void ws_settings_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *p = s ? patch_body(rq, rs) : NULL;
    if (!p)
        return;
    if (ws_check_observability(cJSON_GetObjectItem(p, "observability"), rs) == 0 &&
        patch_version(e, rq, rs, s, p) == 0) {
        ws_apply_script_keys(s, p);
        env_ok(rs, 200, settings_view(s, true));
    }
    cJSON_Delete(p);
}

/* ws_script_settings_get: GET .../script-settings. */
void ws_script_settings_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, settings_view(s, false));
}

/* ws_script_settings_patch: PATCH .../script-settings (JSON). */
void ws_script_settings_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *p = s ? req_json(rq) : NULL;
    if (!s)
        return;
    if (!cJSON_IsObject(p)) {
        env_err(rs, 400, 10021, "the body must be a JSON object");
    } else if (ws_check_observability(cJSON_GetObjectItem(p, "observability"), rs) == 0) {
        ws_apply_script_keys(s, p);
        env_ok(rs, 200, settings_view(s, false));
    }
    cJSON_Delete(p);
}

/* ws_content_put: PUT .../content: new modules, same bindings and settings
 * (a Worker with no version yet gets its first one, without bindings).
 * The entry module comes from a metadata part or the CF-WORKER-MAIN-MODULE-PART
 * / CF-WORKER-BODY-PART header. */
void ws_content_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs), *meta = NULL, *mods = NULL;
    if (!s || ws_parse_upload(rq, rs, &meta, &mods, false) != 0)
        return;
    cJSON *cur = cJSON_GetObjectItem(ws_current_version(s), "metadata");
    cJSON *md = cur ? cJSON_Duplicate(cur, 1) : cJSON_CreateObject(); /* first version */
    const char *mm =
        meta ? jstr(meta, "main_module") : req_header(rq, "CF-WORKER-MAIN-MODULE-PART");
    const char *bp = meta ? jstr(meta, "body_part") : req_header(rq, "CF-WORKER-BODY-PART");
    if (mm || bp) {
        cJSON_DeleteItemFromObject(md, "main_module");
        cJSON_DeleteItemFromObject(md, "body_part");
        jset_str(md, mm ? "main_module" : "body_part", mm ? mm : bp);
    }
    if (ws_check_meta(md, mods, rs) == 0) {
        ws_redeploy(e, s, md, mods, ws_source(rq));
        mods = NULL;
        env_ok(rs, 200, ws_render(s));
    }
    cJSON_Delete(mods);
    cJSON_Delete(md);
    cJSON_Delete(meta);
}

/* ws_content_get: GET .../content/v2[?module=NAME]: one module, raw. */
void ws_content_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *v = s ? ws_need_version(s, rs) : NULL;
    if (!v)
        return;
    const char *name = req_query(rq, "module");
    cJSON *md = cJSON_GetObjectItem(v, "metadata");
    if (!name)
        name = jstr(md, "main_module") ? jstr(md, "main_module") : jstr(md, "body_part");
    cJSON *m = store_find(cJSON_GetObjectItem(v, "modules"), "name", name);
    if (!m) {
        env_err(rs, 404, 10007, "module '%s' not found", name ? name : "");
        return;
    }
    size_t n = 0;
    char *data = b64_decode(jstr(m, "b64"), &n);
    env_raw(rs, 200, jstr(m, "content_type"), data, n);
    env_header(rs, "cf-entrypoint", jstr(m, "name"));
}
