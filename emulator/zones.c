/* cfemu: zones, as far as Workers routes and custom domains need them:
 * create (POST /zones {name, account: {id}}), list with the name,
 * account.id and status filters wrangler uses to find a route's zone,
 * get, delete (with the zone's routes). A zone is active at once. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

/* zone_find: the zone with this id in any account (borrowed), or NULL;
 * *account (when given) is set to the account that owns it. */
cJSON *zone_find(struct emu *e, const char *id, const char **account)
{
    for (int i = 0; id && i < e->o.n_accounts; i++) {
        cJSON *z = store_find(store_list(e, e->o.accounts[i], "zones"), "id", id);
        if (z) {
            if (account)
                *account = e->o.accounts[i];
            return z;
        }
    }
    return NULL;
}

/* zone_by_name: the zone of this account named name, or NULL. */
cJSON *zone_by_name(struct emu *e, const char *account, const char *name)
{
    cJSON *z;
    cJSON_ArrayForEach(z, store_list(e, account, "zones"))
    {
        if (name && strcasecmp(jstr(z, "name"), name) == 0)
            return z;
    }
    return NULL;
}

/* zone_for_host: the account's zone that host is in (the longest zone
 * name host equals or ends with ".NAME"), or NULL. */
cJSON *zone_for_host(struct emu *e, const char *account, const char *host)
{
    cJSON *z, *best = NULL;
    size_t hn = host ? strlen(host) : 0, best_n = 0;
    cJSON_ArrayForEach(z, store_list(e, account, "zones"))
    {
        const char *name = jstr(z, "name");
        size_t n = strlen(name);
        bool in = hn == n
                      ? strcasecmp(host, name) == 0
                      : hn > n && host[hn - n - 1] == '.' && strcasecmp(host + hn - n, name) == 0;
        if (in && n > best_n) {
            best = z;
            best_n = n;
        }
    }
    return best;
}

/* A zone name: at least two dot-separated labels of [a-z0-9-]. */
static bool valid_zone_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 253 || !strchr(s, '.') || s[0] == '.' || s[n - 1] == '.' || strstr(s, ".."))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == '.'))
            return false;
    return true;
}

/* The API view of a zone (caller frees). */
static cJSON *view(struct emu *e, const char *account, const cJSON *z)
{
    (void)e;
    cJSON *r = cJSON_Duplicate(z, 1);
    cJSON *a = cJSON_AddObjectToObject(r, "account");
    jset_str(a, "id", account);
    jset_str(a, "name", account);
    return r;
}

static cJSON *new_zone(struct emu *e, const char *name, const char *type)
{
    char id[33], now[40];
    store_new_hex(e, id);
    store_now(now);
    cJSON *z = cJSON_CreateObject();
    jset_str(z, "id", id);
    jset_str(z, "name", name);
    jset_str(z, "status", "active");
    cJSON_AddBoolToObject(z, "paused", false);
    jset_str(z, "type", type ? type : "full");
    cJSON_AddNumberToObject(z, "development_mode", 0);
    cJSON *ns = cJSON_AddArrayToObject(z, "name_servers");
    cJSON_AddItemToArray(ns, cJSON_CreateString("ada.ns.cloudflare.com"));
    cJSON_AddItemToArray(ns, cJSON_CreateString("bob.ns.cloudflare.com"));
    cJSON_AddNullToObject(z, "original_name_servers");
    cJSON_AddNullToObject(z, "original_registrar");
    cJSON_AddNullToObject(z, "original_dnshost");
    jset_str(z, "created_on", now);
    jset_str(z, "modified_on", now);
    jset_str(z, "activated_on", now);
    cJSON *meta = cJSON_AddObjectToObject(z, "meta");
    cJSON_AddBoolToObject(meta, "phishing_detected", false);
    cJSON *owner = cJSON_AddObjectToObject(z, "owner");
    cJSON_AddNullToObject(owner, "id");
    cJSON *plan = cJSON_AddObjectToObject(z, "plan");
    jset_str(plan, "id", "0feeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
    jset_str(plan, "name", "Free Website");
    cJSON_AddItemToObject(z, "permissions", cJSON_CreateArray());
    return z;
}

/* zone_create: POST /zones {name, account: {id}, type?}. */
void zone_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *name = jstr(body, "name");
    const char *account = jstr(cJSON_GetObjectItem(body, "account"), "id");
    const char *type = jstr(body, "type");
    if (!account || !store_is_account(e, account))
        env_err(rs, 400, 1001, "account.id must be an account of this token");
    else if (!valid_zone_name(name))
        env_err(rs, 400, 1097, "Please ensure you are providing a valid domain name");
    else if (type && strcmp(type, "full") != 0 && strcmp(type, "partial") != 0 &&
             strcmp(type, "secondary") != 0 && strcmp(type, "internal") != 0)
        env_err(rs, 400, 1001, "type must be full, partial, secondary or internal");
    else if (zone_by_name(e, account, name))
        env_err(rs, 400, 1061, "%s already exists", name);
    else {
        cJSON *z = new_zone(e, name, type);
        cJSON_AddItemToArray(store_list(e, account, "zones"), z);
        env_ok(rs, 200, view(e, account, z));
    }
    cJSON_Delete(body);
}

/* zone_list: GET /zones?name&account.id&status&page&per_page (5..50, 20). */
void zone_list(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = req_query(rq, "name"), *acct = req_query(rq, "account.id");
    const char *status = req_query(rq, "status");
    cJSON *out = cJSON_CreateArray(), *z;
    for (int i = 0; i < e->o.n_accounts; i++) {
        const char *a = e->o.accounts[i];
        if (acct && strcmp(acct, a) != 0)
            continue;
        cJSON_ArrayForEach(z, store_list(e, a, "zones"))
        {
            if ((!name || strcasecmp(name, jstr(z, "name")) == 0) &&
                (!status || strcmp(status, jstr(z, "status")) == 0))
                cJSON_AddItemToArray(out, view(e, a, z));
        }
    }
    env_paged(rs, rq, out, 20, 50);
    cJSON_Delete(out);
}

/* zone_need: the zone of segs[1], or NULL after a 404 (code 7003 as for an
 * unknown zone id). */
cJSON *zone_need(struct emu *e, struct req *rq, struct resp *rs, const char **account)
{
    cJSON *z = zone_find(e, rq->segs[1], account);
    if (!z)
        env_err(rs, 404, 7003,
                "Could not route to /zones/%s, perhaps your object identifier "
                "is invalid?",
                rq->segs[1]);
    return z;
}

/* zone_get: GET /zones/{id}. */
void zone_get(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *z = zone_need(e, rq, rs, &account);
    if (z)
        env_ok(rs, 200, view(e, account, z));
}

/* zone_delete: DELETE /zones/{id} -> {id}; its Workers routes and custom
 * domains go with it. */
void zone_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *z = zone_need(e, rq, rs, &account);
    if (!z)
        return;
    char id[40];
    snprintf(id, sizeof id, "%s", jstr(z, "id"));
    const char *kinds[] = {"routes", "domains"};
    for (int k = 0; k < 2; k++) {
        cJSON *arr = store_list(e, account, kinds[k]);
        for (int i = store_index(arr, "zone_id", id); i >= 0; i = store_index(arr, "zone_id", id))
            cJSON_DeleteItemFromArray(arr, i);
    }
    cJSON *zones = store_list(e, account, "zones");
    cJSON_DeleteItemFromArray(zones, store_index(zones, "id", id));
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", id);
    env_ok(rs, 200, r);
}
