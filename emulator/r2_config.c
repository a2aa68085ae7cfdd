/* cfemu: an R2 bucket's stored configuration: lifecycle rules, CORS
 * rules and lock rules (each PUT {rules} replaces the set, GET returns it),
 * Sippy incremental migration (PUT enables it with a source; secret keys
 * are never kept; DELETE disables it), the account's storage metrics, and
 * temporary credentials (random keys, never stored). cfemu stores these
 * settings; it runs no lifecycle or migration jobs. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

/* The rule set kind ("lifecycle", "cors", "lock") from the path. */
static const char *kind_of(struct req *rq)
{
    return rq->segs[5];
}

/* Checks {rules: [...]}: each rule an object; lifecycle and lock rules
 * need a unique id; CORS rules need allowed.methods and allowed.origins. */
static int check_rules(const char *kind, const cJSON *rules, struct resp *rs)
{
    cJSON *r;
    if (!cJSON_IsArray(rules)) {
        env_err(rs, 400, 10040, "The body must be {\"rules\": [...]}");
        return -1;
    }
    cJSON_ArrayForEach(r, rules)
    {
        const char *id = jstr(r, "id");
        cJSON *allowed = cJSON_GetObjectItem(r, "allowed");
        if (!cJSON_IsObject(r)) {
            env_err(rs, 400, 10040, "every rule must be an object");
            return -1;
        }
        if (strcmp(kind, "cors") == 0 &&
            (!cJSON_IsArray(cJSON_GetObjectItem(allowed, "methods")) ||
             !cJSON_IsArray(cJSON_GetObjectItem(allowed, "origins")))) {
            env_err(rs, 400, 10040, "a CORS rule needs allowed.methods and allowed.origins");
            return -1;
        }
        if (strcmp(kind, "cors") != 0 && (!id || !*id)) {
            env_err(rs, 400, 10040, "every %s rule needs an id", kind);
            return -1;
        }
        if (id && cJSON_GetArrayItem(rules, store_index((cJSON *)rules, "id", id)) != r) {
            env_err(rs, 400, 10040, "rule id '%s' is used more than once", id);
            return -1;
        }
    }
    return 0;
}

/* r2c_rules_put: PUT .../{lifecycle|cors|lock} {rules}; result {}. */
void r2c_rules_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *body = b ? req_json(rq) : NULL;
    cJSON *rules = cJSON_GetObjectItem(body, "rules");
    if (b && check_rules(kind_of(rq), rules, rs) == 0) {
        char key[32];
        snprintf(key, sizeof key, "%s_rules", kind_of(rq));
        jset(b, key, cJSON_Duplicate(rules, 1));
        env_ok(rs, 200, cJSON_CreateObject());
    }
    cJSON_Delete(body);
}

/* r2c_rules_get: GET .../{lifecycle|cors|lock} -> {rules}. A bucket has
 * no CORS rules at first (404 code 10059 as Cloudflare answers); the
 * lifecycle and lock lists start empty. */
void r2c_rules_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (!b)
        return;
    char key[32];
    snprintf(key, sizeof key, "%s_rules", kind_of(rq));
    cJSON *rules = cJSON_GetObjectItem(b, key);
    if (!rules && strcmp(kind_of(rq), "cors") == 0) {
        env_err(rs, 404, 10059, "The CORS configuration does not exist.");
        return;
    }
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "rules", rules ? cJSON_Duplicate(rules, 1) : cJSON_CreateArray());
    env_ok(rs, 200, r);
}

/* r2c_cors_delete: DELETE .../cors; result {}. */
void r2c_cors_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (!b)
        return;
    cJSON_DeleteItemFromObject(b, "cors_rules");
    env_ok(rs, 200, cJSON_CreateObject());
}

/* Sippy as the API shows it: keys other than secrets. */
static cJSON *sippy_view(const cJSON *b)
{
    cJSON *s = cJSON_GetObjectItem(b, "sippy");
    cJSON *r = s ? cJSON_Duplicate(s, 1) : cJSON_CreateObject();
    if (!s)
        cJSON_AddBoolToObject(r, "enabled", false);
    return r;
}

/* Copies the public fields of a Sippy endpoint (no secret keys). */
static cJSON *endpoint(const cJSON *from, const char *const *keys, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++)
        if (jstr(from, keys[i]))
            jset_str(o, keys[i], jstr(from, keys[i]));
    return o;
}

/* r2c_sippy_put: PUT .../sippy {source: {provider, bucket, ...},
 * destination: {provider: r2, accessKeyId, secretAccessKey}}. */
void r2c_sippy_put(struct emu *e, struct req *rq, struct resp *rs)
{
    static const char *const src_keys[] = {"provider", "bucket", "region", "bucketUrl",
                                           "container"};
    static const char *const dst_keys[] = {"provider", "accessKeyId", "account", "bucket"};
    cJSON *b = r2_need(e, rq, rs);
    cJSON *body = b ? req_json(rq) : NULL;
    cJSON *src = cJSON_GetObjectItem(body, "source"),
          *dst = cJSON_GetObjectItem(body, "destination");
    const char *prov = jstr(src, "provider");
    if (!b) {
        return;
    } else if (!prov || (strcmp(prov, "aws") != 0 && strcmp(prov, "gcs") != 0 &&
                         strcmp(prov, "s3") != 0 && strcmp(prov, "azure") != 0)) {
        env_err(rs, 400, 10021, "source.provider must be aws, gcs, s3 or azure");
    } else if (!cJSON_IsObject(dst)) {
        env_err(rs, 400, 10021,
                "destination is required ({provider: r2, accessKeyId, secretAccessKey})");
    } else {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddBoolToObject(s, "enabled", true);
        cJSON_AddItemToObject(s, "source", endpoint(src, src_keys, 5));
        cJSON *d = endpoint(dst, dst_keys, 4);
        jset_str(d, "bucket", jstr(b, "name"));
        cJSON_AddItemToObject(s, "destination", d);
        jset(b, "sippy", s);
        env_ok(rs, 200, sippy_view(b));
    }
    cJSON_Delete(body);
}

/* r2c_sippy_get: GET .../sippy -> {enabled, source?, destination?}. */
void r2c_sippy_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (b)
        env_ok(rs, 200, sippy_view(b));
}

/* r2c_sippy_delete: DELETE .../sippy -> {enabled: false}. */
void r2c_sippy_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (!b)
        return;
    cJSON_DeleteItemFromObject(b, "sippy");
    env_ok(rs, 200, sippy_view(b));
}

static void add_class(cJSON *r, const char *name, double objects, double bytes)
{
    cJSON *c = cJSON_AddObjectToObject(r, name);
    const char *const parts[] = {"published", "uploaded"};
    for (int i = 0; i < 2; i++) {
        cJSON *p = cJSON_AddObjectToObject(c, parts[i]);
        cJSON_AddNumberToObject(p, "objects", objects);
        cJSON_AddNumberToObject(p, "payloadSize", bytes);
        cJSON_AddNumberToObject(p, "metadataSize", 0);
    }
}

/* r2c_metrics: GET /r2/metrics -> {standard, infrequentAccess}: objects
 * and bytes stored through the objects API, per storage class. */
void r2c_metrics(struct emu *e, struct req *rq, struct resp *rs)
{
    double n[2] = {0, 0}, bytes[2] = {0, 0};
    cJSON *b, *o;
    cJSON_ArrayForEach(b, store_list(e, rq->account, "r2"))
    {
        int k = strcmp(jstr(b, "storage_class"), "InfrequentAccess") == 0;
        cJSON_ArrayForEach(o, cJSON_GetObjectItem(b, "objects"))
        {
            cJSON *sz = cJSON_GetObjectItem(o, "size");
            n[k]++;
            bytes[k] += cJSON_IsNumber(sz) ? sz->valuedouble : 0;
        }
    }
    cJSON *r = cJSON_CreateObject();
    add_class(r, "standard", n[0], bytes[0]);
    add_class(r, "infrequentAccess", n[1], bytes[1]);
    env_ok(rs, 200, r);
}

/* r2c_temp_credentials: POST /r2/temp-access-credentials {bucket,
 * parentAccessKeyId, permission, ttlSeconds, objects?, prefixes?}. */
void r2c_temp_credentials(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *bucket = jstr(body, "bucket"), *perm = jstr(body, "permission");
    cJSON *ttl = cJSON_GetObjectItem(body, "ttlSeconds");
    if (!bucket || !r2_lookup(e, rq->account, bucket, "default"))
        env_err(rs, 404, 10006, "The specified bucket does not exist.");
    else if (!jstr(body, "parentAccessKeyId"))
        env_err(rs, 400, 10021, "parentAccessKeyId is required");
    else if (!perm ||
             (strcmp(perm, "admin-read-write") != 0 && strcmp(perm, "admin-read-only") != 0 &&
              strcmp(perm, "object-read-write") != 0 && strcmp(perm, "object-read-only") != 0))
        env_err(rs, 400, 10021,
                "permission must be admin-read-write, admin-read-only, object-read-write or "
                "object-read-only");
    else if (!cJSON_IsNumber(ttl) || ttl->valuedouble < 1 || ttl->valuedouble > 604800)
        env_err(rs, 400, 10021, "ttlSeconds must be between 1 and 604800");
    else {
        char key[33], secret[65], token[65];
        store_new_hex(e, key);
        store_new_hex(e, secret);
        store_new_hex(e, secret + 32);
        store_new_hex(e, token);
        store_new_hex(e, token + 32);
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "accessKeyId", key);
        jset_str(r, "secretAccessKey", secret);
        jset_str(r, "sessionToken", token);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}
