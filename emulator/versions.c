/* cfemu: Worker versions. An upload (script PUT, versions POST, content
 * PUT, settings PATCH, secret changes) builds an immutable version: its
 * metadata, bindings and modules; a deployment points at versions. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

#define MAX_PARTS     64
#define KEEP_VERSIONS 10

static const char *const module_types[] = {
    "application/javascript+module",
    "text/javascript+module",
    "application/javascript",
    "text/javascript",
    "application/wasm",
    "text/plain",
    "application/octet-stream",
    "application/source-map",
    "text/x-python",
    "text/x-python-requirement",
    "application/json",
};

static bool known_type(const char *ct)
{
    size_t n = strcspn(ct, "; ");
    for (size_t i = 0; i < sizeof module_types / sizeof module_types[0]; i++)
        if (strlen(module_types[i]) == n && strncmp(ct, module_types[i], n) == 0)
            return true;
    return false;
}

static cJSON *module_obj(const char *name, const char *ctype, const char *data, size_t len)
{
    cJSON *m = cJSON_CreateObject();
    char *b = b64_encode(data, len);
    jset_str(m, "name", name);
    jset_str(m, "content_type", ctype);
    jset_str(m, "b64", b ? b : "");
    free(b);
    return m;
}

/* Converts the non-metadata parts into module objects; NULL with rs set. */
static cJSON *modules_of(const struct mp_part *parts, int n, struct resp *rs)
{
    cJSON *mods = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        const struct mp_part *p = &parts[i];
        if (strcmp(p->name, "metadata") == 0)
            continue;
        const char *ct = p->ctype[0] ? p->ctype : "application/javascript+module";
        if (!known_type(ct)) {
            env_err(rs, 400, 10021, "module '%s' has unsupported content type '%s'", p->name, ct);
            cJSON_Delete(mods);
            return NULL;
        }
        cJSON_AddItemToArray(mods, module_obj(p->name, ct, p->data, p->len));
    }
    return mods;
}

static bool valid_date(const char *d)
{
    if (!d || strlen(d) != 10 || d[4] != '-' || d[7] != '-')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && !isdigit((unsigned char)d[i]))
            return false;
    int m = atoi(d + 5), day = atoi(d + 8);
    return m >= 1 && m <= 12 && day >= 1 && day <= 31;
}

/* ws_check_meta: validates entry module and compatibility fields of an
 * upload's metadata against its modules; 0, or -1 with rs set. */
int ws_check_meta(cJSON *meta, cJSON *mods, struct resp *rs)
{
    const char *entry = jstr(meta, "main_module");
    if (!entry)
        entry = jstr(meta, "body_part");
    cJSON *date = cJSON_GetObjectItem(meta, "compatibility_date");
    cJSON *flags = cJSON_GetObjectItem(meta, "compatibility_flags"), *f;
    if (!entry)
        env_err(rs, 400, 10021, "metadata needs main_module (ES modules) or body_part");
    else if (!store_find(mods, "name", entry))
        env_err(rs, 400, 10021, "Uncaught Error: No such module \"%s\".", entry);
    else if (date && !valid_date(cJSON_IsString(date) ? date->valuestring : NULL))
        env_err(rs, 400, 10021, "compatibility_date must be a date YYYY-MM-DD");
    else if (flags && !cJSON_IsArray(flags))
        env_err(rs, 400, 10021, "compatibility_flags must be an array of strings");
    else if (ws_check_observability(cJSON_GetObjectItem(meta, "observability"), rs) != 0)
        return -1;
    else {
        cJSON_ArrayForEach(f, flags) if (!cJSON_IsString(f))
        {
            env_err(rs, 400, 10021, "compatibility_flags must be an array of strings");
            return -1;
        }
        return 0;
    }
    return -1;
}

static cJSON *prev_bindings(const cJSON *prev)
{
    return cJSON_GetObjectItem(cJSON_GetObjectItem(prev, "metadata"), "bindings");
}

/* Resolves inherit bindings and keep_bindings against prev; -1 with rs. */
static int inherit(struct req *rq, cJSON *meta, cJSON *binds, const cJSON *prev, struct resp *rs)
{
    const char *strict = req_query(rq, "bindings_inherit");
    cJSON *old = prev_bindings(prev), *b, *k;
    for (int i = cJSON_GetArraySize(binds) - 1; i >= 0; i--) {
        b = cJSON_GetArrayItem(binds, i);
        const char *t = jstr(b, "type"), *name = jstr(b, "name"), *from = jstr(b, "old_name");
        if (!t || strcmp(t, "inherit") != 0 || !name)
            continue;
        cJSON *src = store_find(old, "name", from ? from : name);
        if (!src && strict && strcmp(strict, "strict") == 0) {
            env_err(rs, 400, 10021,
                    "binding '%s' cannot be inherited: the previous version has "
                    "no binding '%s'",
                    name, from ? from : name);
            return -1;
        }
        if (src) {
            cJSON *copy = cJSON_Duplicate(src, 1);
            jset_str(copy, "name", name);
            cJSON_ReplaceItemInArray(binds, i, copy);
        } else {
            cJSON_DeleteItemFromArray(binds, i);
        }
    }
    cJSON_ArrayForEach(k, cJSON_GetObjectItem(meta, "keep_bindings"))
    {
        cJSON_ArrayForEach(b, old)
        {
            const char *t = jstr(b, "type");
            if (cJSON_IsString(k) && t && strcmp(t, k->valuestring) == 0 &&
                !store_find(binds, "name", jstr(b, "name")))
                cJSON_AddItemToArray(binds, cJSON_Duplicate(b, 1));
        }
    }
    return 0;
}

/* ws_strip_secrets: removes secret values from bindings. */
void ws_strip_secrets(cJSON *binds)
{
    cJSON *b;
    cJSON_ArrayForEach(b, binds)
    {
        const char *t = jstr(b, "type");
        if (t && (strcmp(t, "secret_text") == 0 || strcmp(t, "secret_key") == 0)) {
            cJSON_DeleteItemFromObject(b, "text");
            cJSON_DeleteItemFromObject(b, "key_base64");
            cJSON_DeleteItemFromObject(b, "key_jwk");
        }
    }
}

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

/* Sets etag (64 hex, changes with any module byte) and handlers. */
static void finish(cJSON *v)
{
    uint64_t h[4] = {0xcbf29ce484222325ULL, 1, 2, 3};
    cJSON *m, *handlers = cJSON_CreateArray();
    static const char *const names[] = {"fetch", "queue", "scheduled", "email", "tail"};
    cJSON_ArrayForEach(m, cJSON_GetObjectItem(v, "modules"))
    {
        const char *b = jstr(m, "b64"), *n = jstr(m, "name"), *ct = jstr(m, "content_type");
        for (int i = 0; i < 4; i++)
            h[i] = fnv(
                fnv(fnv(h[i] ^ (uint64_t)i * 0x9e3779b97f4a7c15ULL, n, strlen(n)), ct, strlen(ct)),
                b, strlen(b));
    }
    const char *entry = jstr(cJSON_GetObjectItem(v, "metadata"), "main_module");
    if (!entry)
        entry = jstr(cJSON_GetObjectItem(v, "metadata"), "body_part");
    cJSON *main = store_find(cJSON_GetObjectItem(v, "modules"), "name", entry);
    size_t len = 0;
    char *src = main ? b64_decode(jstr(main, "b64"), &len) : NULL;
    for (size_t i = 0; i < 5; i++)
        if (src && strstr(src, names[i]))
            cJSON_AddItemToArray(handlers, cJSON_CreateString(names[i]));
    if (cJSON_GetArraySize(handlers) == 0)
        cJSON_AddItemToArray(handlers, cJSON_CreateString("fetch"));
    free(src);
    char etag[65];
    snprintf(etag, sizeof etag, "%016llx%016llx%016llx%016llx", (unsigned long long)h[0],
             (unsigned long long)h[1], (unsigned long long)h[2], (unsigned long long)h[3]);
    jset_str(v, "etag", etag);
    jset(v, "handlers", handlers);
}

static const char *const version_keys[] = {
    "main_module", "body_part", "compatibility_date", "compatibility_flags",
    "limits",      "placement", "usage_model",        "bindings",
    "logpush",     "tags",      "tail_consumers",     "observability",
    "migrations", /* taken out again by do_plan */
};

/* ws_make_version: a new version from metadata (keys copied) and modules
 * (owned). The caller validates first. Caller owns the result. */
cJSON *ws_make_version(struct emu *e, const cJSON *meta, cJSON *mods)
{
    char id[37], now[40];
    store_new_uuid(e, id);
    store_now(now);
    cJSON *v = cJSON_CreateObject(), *md = cJSON_CreateObject();
    jset_str(v, "id", id);
    jset_str(v, "created_on", now);
    for (size_t i = 0; i < sizeof version_keys / sizeof version_keys[0]; i++) {
        cJSON *x = cJSON_GetObjectItem(meta, version_keys[i]);
        if (x)
            cJSON_AddItemToObject(md, version_keys[i], cJSON_Duplicate(x, 1));
    }
    if (!cJSON_GetObjectItem(md, "bindings"))
        cJSON_AddItemToObject(md, "bindings", cJSON_CreateArray());
    cJSON_AddItemToObject(v, "metadata", md);
    cJSON_AddItemToObject(v, "modules", mods);
    cJSON *ann = cJSON_GetObjectItem(meta, "annotations");
    cJSON_AddItemToObject(v, "annotations", ann ? cJSON_Duplicate(ann, 1) : cJSON_CreateObject());
    finish(v);
    return v;
}

/* ws_parse_upload: splits a multipart upload into *meta (the part named
 * metadata, parsed; NULL when absent and !need_meta) and *mods (module
 * objects). Both caller-owned. Returns 0, or -1 with rs set. */
int ws_parse_upload(struct req *rq, struct resp *rs, cJSON **meta, cJSON **mods, bool need_meta)
{
    struct mp_part parts[MAX_PARTS];
    char err[200];
    const char *ct = req_header(rq, "Content-Type");
    int n = mp_parse(ct, rq->body ? rq->body : "", rq->body_len, parts, MAX_PARTS, err, sizeof err);
    if (n < 0) {
        env_err(rs, 400, 10001, "Unsupported or malformed upload: %s", err);
        return -1;
    }
    const struct mp_part *mp = mp_find(parts, n, "metadata");
    *meta = mp ? json_parse(mp->data, mp->len) : NULL;
    if (!mp && !need_meta) {
        *meta = NULL;
    } else if (!cJSON_IsObject(*meta)) {
        env_err(rs, 400, 10021,
                mp ? "the metadata part is not a JSON object"
                   : "the upload has no part named 'metadata'");
        cJSON_Delete(*meta);
        return -1;
    }
    *mods = modules_of(parts, n, rs);
    if (!*mods)
        cJSON_Delete(*meta);
    return *mods ? 0 : -1;
}

/* ws_build_version: validates a multipart upload (metadata part found by
 * name, modules with content types, every binding) against the previous
 * version prev (may be NULL) of worker self. Returns the new version
 * (caller owns), or NULL with Cloudflare's error in rs. */
cJSON *ws_build_version(struct emu *e, struct req *rq, struct resp *rs, const cJSON *prev,
                        const char *self)
{
    cJSON *meta, *mods, *v = NULL;
    if (ws_parse_upload(rq, rs, &meta, &mods, true) != 0)
        return NULL;
    cJSON *binds = cJSON_GetObjectItem(meta, "bindings");
    if (!binds)
        cJSON_AddItemToObject(meta, "bindings", binds = cJSON_CreateArray());
    if (ws_check_meta(meta, mods, rs) == 0 && cJSON_IsArray(binds) &&
        ws_check_bindings(e, rq->account, self, binds, rs) == 0 &&
        inherit(rq, meta, binds, prev, rs) == 0) {
        ws_strip_secrets(binds);
        v = ws_make_version(e, meta, mods);
        mods = NULL;
    } else if (!cJSON_IsArray(binds)) {
        env_err(rs, 400, 10021, "bindings must be an array");
    }
    cJSON_Delete(mods);
    cJSON_Delete(meta);
    return v;
}

static bool deployed(const cJSON *script, const char *vid)
{
    cJSON *d =
        cJSON_GetArrayItem(cJSON_GetObjectItem(script, "deployments"),
                           cJSON_GetArraySize(cJSON_GetObjectItem(script, "deployments")) - 1);
    cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(d, "versions"))
    {
        const char *id = jstr(x, "version_id");
        if (id && strcmp(id, vid) == 0)
            return true;
    }
    return false;
}

/* ws_add_version: appends v (owned) to script with the next number, keeps
 * at most KEEP_VERSIONS (never a deployed one). Returns v (borrowed). */
cJSON *ws_add_version(struct emu *e, cJSON *script, cJSON *v)
{
    (void)e;
    cJSON *vs = cJSON_GetObjectItem(script, "versions");
    cJSON *last = cJSON_GetArrayItem(vs, cJSON_GetArraySize(vs) - 1);
    cJSON *num = cJSON_GetObjectItem(last, "number");
    cJSON_AddNumberToObject(v, "number", cJSON_IsNumber(num) ? num->valuedouble + 1 : 1);
    cJSON_AddItemToArray(vs, v);
    for (int i = 0; cJSON_GetArraySize(vs) > KEEP_VERSIONS && i < cJSON_GetArraySize(vs) - 1;) {
        if (deployed(script, jstr(cJSON_GetArrayItem(vs, i), "id")))
            i++;
        else
            cJSON_DeleteItemFromArray(vs, i);
    }
    return v;
}

/* ws_source: who made a change: "wrangler" for wrangler's requests (its
 * User-Agent is wrangler/VERSION), else "api" (what Cloudflare reports in
 * deployments, versions and last_deployed_from). */
const char *ws_source(struct req *rq)
{
    const char *ua = req_header(rq, "User-Agent");
    return ua && strncmp(ua, "wrangler/", 9) == 0 ? "wrangler" : "api";
}

/* ws_deploy: makes version_id take 100% of traffic (a new deployment made
 * by source). */
void ws_deploy(struct emu *e, cJSON *script, const char *version_id, const char *source)
{
    char id[37], now[40];
    store_new_uuid(e, id);
    store_now(now);
    cJSON *d = cJSON_CreateObject();
    jset_str(d, "id", id);
    jset_str(d, "created_on", now);
    jset_str(d, "source", source);
    jset_str(script, "last_deployed_from", source);
    jset_str(d, "strategy", "percentage");
    jset_str(d, "author_email", "cfemu@example.com");
    cJSON *v = cJSON_CreateObject();
    jset_str(v, "version_id", version_id);
    cJSON_AddNumberToObject(v, "percentage", 100);
    cJSON_AddItemToArray(cJSON_AddArrayToObject(d, "versions"), v);
    cJSON_AddItemToObject(d, "annotations", cJSON_CreateObject());
    cJSON_AddItemToArray(cJSON_GetObjectItem(script, "deployments"), d);
    jset_str(script, "modified_on", now);
}

/* ws_current_version: the version serving most traffic in the latest
 * deployment (borrowed), or NULL when the script has none. */
cJSON *ws_current_version(const cJSON *script)
{
    cJSON *ds = cJSON_GetObjectItem(script, "deployments");
    cJSON *d = cJSON_GetArrayItem(ds, cJSON_GetArraySize(ds) - 1), *x;
    const char *best = NULL;
    double pct = -1;
    cJSON_ArrayForEach(x, cJSON_GetObjectItem(d, "versions"))
    {
        cJSON *p = cJSON_GetObjectItem(x, "percentage");
        if (cJSON_IsNumber(p) && p->valuedouble > pct) {
            pct = p->valuedouble;
            best = jstr(x, "version_id");
        }
    }
    return best ? store_find(cJSON_GetObjectItem(script, "versions"), "id", best) : NULL;
}
