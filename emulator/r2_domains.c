/* cfemu: an R2 bucket's public domains. The managed r2.dev domain
 * (GET, PUT {enabled}; pub-<bucketId>.r2.dev, off at first) and custom
 * domains (list, attach {domain, zoneId, enabled, minTLS?, ciphers?},
 * get, update, detach). A custom domain must lie in the zone it names and
 * can serve one bucket only (409). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

static const char *const tls_versions[] = {"1.0", "1.1", "1.2", "1.3"};

static uint64_t fnv(uint64_t h, const char *s)
{
    for (; s && *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* The managed-domain view of a bucket: {bucketId, domain, enabled}. The
 * id is derived from the bucket's name, jurisdiction and creation time, so
 * it is the same on every read (and after a restart) before anything is
 * stored; only a PUT stores the switch. Caller frees. */
static cJSON *managed_view(const cJSON *bucket)
{
    uint64_t a = fnv(0xcbf29ce484222325ULL, jstr(bucket, "name"));
    a = fnv(a, jstr(bucket, "jurisdiction"));
    uint64_t b = fnv(a ^ 0x9e3779b97f4a7c15ULL, jstr(bucket, "creation_date"));
    char id[33], domain[64];
    snprintf(id, sizeof id, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
    snprintf(domain, sizeof domain, "pub-%s.r2.dev", id);
    cJSON *m = cJSON_CreateObject();
    jset_str(m, "bucketId", id);
    jset_str(m, "domain", domain);
    cJSON_AddBoolToObject(m, "enabled",
                          cJSON_IsTrue(cJSON_GetObjectItem(bucket, "managed_domain_enabled")));
    return m;
}

/* r2d_managed_get: GET .../domains/managed -> {bucketId, domain, enabled}. */
void r2d_managed_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (b)
        env_ok(rs, 200, managed_view(b));
}

/* r2d_managed_put: PUT .../domains/managed {enabled}. */
void r2d_managed_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *body = b ? req_json(rq) : NULL;
    cJSON *en = cJSON_GetObjectItem(body, "enabled");
    if (b && !cJSON_IsBool(en)) {
        env_err(rs, 400, 10021, "the body must be {\"enabled\": bool}");
    } else if (b) {
        jset(b, "managed_domain_enabled", cJSON_Duplicate(en, 1));
        env_ok(rs, 200, managed_view(b));
    }
    cJSON_Delete(body);
}

static cJSON *customs_of(cJSON *bucket)
{
    cJSON *c = cJSON_GetObjectItem(bucket, "custom_domains");
    return c ? c : cJSON_AddArrayToObject(bucket, "custom_domains");
}

static bool valid_tls(const char *v)
{
    for (size_t i = 0; v && i < 4; i++)
        if (strcmp(v, tls_versions[i]) == 0)
            return true;
    return false;
}

/* The bucket (other than self) a custom domain already serves, or NULL. */
static cJSON *owner_of(struct emu *e, const char *account, const char *domain)
{
    cJSON *b;
    cJSON_ArrayForEach(b, store_list(e, account, "r2"))
    {
        if (store_find(cJSON_GetObjectItem(b, "custom_domains"), "domain", domain))
            return b;
    }
    return NULL;
}

/* Checks the optional fields shared by attach and update; -1 with rs. */
static int check_options(const cJSON *body, struct resp *rs)
{
    cJSON *en = cJSON_GetObjectItem(body, "enabled"), *c = cJSON_GetObjectItem(body, "ciphers");
    const char *tls = jstr(body, "minTLS");
    if (en && !cJSON_IsBool(en))
        env_err(rs, 400, 10021, "enabled must be a boolean");
    else if (cJSON_GetObjectItem(body, "minTLS") && !valid_tls(tls))
        env_err(rs, 400, 10021, "minTLS must be 1.0, 1.1, 1.2 or 1.3");
    else if (c && !cJSON_IsArray(c))
        env_err(rs, 400, 10021, "ciphers must be an array of strings");
    else
        return 0;
    return -1;
}

/* r2d_custom_create: POST .../domains/custom {domain, zoneId, enabled,
 * minTLS?, ciphers?} -> {domain, enabled, minTLS, ciphers}. */
void r2d_custom_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    cJSON *body = b ? req_json(rq) : NULL;
    const char *domain = jstr(body, "domain"), *zid = jstr(body, "zoneId");
    cJSON *zone = zid ? zone_find(e, zid, NULL) : NULL;
    if (!b) {
        return;
    } else if (!domain || !*domain || !zid) {
        env_err(rs, 400, 10021, "domain and zoneId are required");
    } else if (!zone || zone_for_host(e, rq->account, domain) != zone) {
        env_err(rs, 400, 10021, "domain '%s' does not lie in zone '%s'", domain, zid);
    } else if (owner_of(e, rq->account, domain)) {
        env_err(rs, 409, 10068, "The domain '%s' is already attached to a bucket", domain);
    } else if (check_options(body, rs) == 0) {
        cJSON *d = cJSON_CreateObject();
        jset_str(d, "domain", domain);
        jset(d, "enabled", cJSON_CreateBool(!cJSON_IsFalse(cJSON_GetObjectItem(body, "enabled"))));
        jset_str(d, "minTLS", jstr(body, "minTLS") ? jstr(body, "minTLS") : "1.0");
        cJSON *c = cJSON_GetObjectItem(body, "ciphers");
        cJSON_AddItemToObject(d, "ciphers", c ? cJSON_Duplicate(c, 1) : cJSON_CreateArray());
        jset_str(d, "zoneId", jstr(zone, "id"));
        jset_str(d, "zoneName", jstr(zone, "name"));
        cJSON_AddItemToArray(customs_of(b), d);
        cJSON *r = cJSON_Duplicate(d, 1);
        cJSON_DeleteItemFromObject(r, "zoneId");
        cJSON_DeleteItemFromObject(r, "zoneName");
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* The detail view of a custom domain (adds its status). */
static cJSON *detail(const cJSON *d)
{
    cJSON *r = cJSON_Duplicate(d, 1);
    cJSON *st = cJSON_AddObjectToObject(r, "status");
    jset_str(st, "ownership", "active");
    jset_str(st, "ssl", "active");
    return r;
}

/* r2d_custom_list: GET .../domains/custom -> {domains}. */
void r2d_custom_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs), *d;
    if (!b)
        return;
    cJSON *r = cJSON_CreateObject(), *out = cJSON_AddArrayToObject(r, "domains");
    cJSON_ArrayForEach(d, customs_of(b)) cJSON_AddItemToArray(out, detail(d));
    env_ok(rs, 200, r);
}

static cJSON *need_custom(struct emu *e, struct req *rq, struct resp *rs, cJSON **bucket)
{
    *bucket = r2_need(e, rq, rs);
    cJSON *d = *bucket ? store_find(customs_of(*bucket), "domain", rq->segs[7]) : NULL;
    if (*bucket && !d)
        env_err(rs, 404, 10069, "The custom domain '%s' is not attached to this bucket",
                rq->segs[7]);
    return d;
}

/* r2d_custom_get: GET .../domains/custom/{domain}. */
void r2d_custom_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b, *d = need_custom(e, rq, rs, &b);
    if (d)
        env_ok(rs, 200, detail(d));
}

/* r2d_custom_update: PUT .../domains/custom/{domain} {enabled?, minTLS?,
 * ciphers?} -> {domain, enabled, minTLS, ciphers}. */
void r2d_custom_update(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b, *d = need_custom(e, rq, rs, &b);
    cJSON *body = d ? req_json(rq) : NULL;
    if (d && check_options(body, rs) == 0) {
        static const char *const keys[] = {"enabled", "minTLS", "ciphers"};
        for (size_t i = 0; i < 3; i++) {
            cJSON *x = cJSON_GetObjectItem(body, keys[i]);
            if (x)
                jset(d, keys[i], cJSON_Duplicate(x, 1));
        }
        cJSON *r = cJSON_Duplicate(d, 1);
        cJSON_DeleteItemFromObject(r, "zoneId");
        cJSON_DeleteItemFromObject(r, "zoneName");
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* r2d_custom_delete: DELETE .../domains/custom/{domain} -> {domain}. */
void r2d_custom_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b, *d = need_custom(e, rq, rs, &b);
    if (!d)
        return;
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "domain", rq->segs[7]);
    cJSON *all = customs_of(b);
    cJSON_DeleteItemFromArray(all, store_index(all, "domain", rq->segs[7]));
    env_ok(rs, 200, r);
}
