/* cfemu: Workers custom domains. The account API (/workers/domains: list
 * with filters, attach with PUT, get, detach) and what `wrangler deploy`
 * calls: /workers/domains/records (the same records), and on a Worker
 * /domains/changeset (what a PUT would change) and /domains/records (PUT
 * {override_scope, override_existing_origin, origins}). A hostname must lie
 * in a zone of the account (404 code 100111) and belongs to one Worker:
 * taking it from another needs override_existing_origin (409 code 100117). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

static cJSON *view(const cJSON *d)
{
    return cJSON_Duplicate(d, 1);
}

/* The zone a hostname is attached in: zone_id, zone_name or the hostname.
 * NULL with rs set. */
static cJSON *zone_of(struct emu *e, const char *account, const char *host, const char *zid,
                      const char *zname, struct resp *rs)
{
    cJSON *z = zid     ? zone_find(e, zid, NULL)
               : zname ? zone_by_name(e, account, zname)
                       : zone_for_host(e, account, host);
    if (z && zone_for_host(e, account, host) != z)
        z = NULL;
    if (!z)
        env_err(rs, 404, 100111,
                "Could not find a zone of this account for hostname '%s': create the zone "
                "first (POST /zones)",
                host);
    return z;
}

static cJSON *new_domain(struct emu *e, const cJSON *zone, const char *host, const char *service,
                         const char *environment)
{
    char id[33], cert[37];
    store_new_hex(e, id);
    store_new_uuid(e, cert);
    cJSON *d = cJSON_CreateObject();
    jset_str(d, "id", id);
    jset_str(d, "hostname", host);
    jset_str(d, "service", service);
    jset_str(d, "environment", environment ? environment : "production");
    jset_str(d, "zone_id", jstr(zone, "id"));
    jset_str(d, "zone_name", jstr(zone, "name"));
    jset_str(d, "cert_id", cert);
    return d;
}

static bool matches(const cJSON *d, struct req *rq)
{
    static const char *const keys[] = {"hostname", "service", "environment", "zone_id",
                                       "zone_name"};
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *want = req_query(rq, keys[i]);
        if (want && strcasecmp(want, jstr(d, keys[i])) != 0)
            return false;
    }
    return true;
}

/* wd_list: GET /workers/domains[/records]?hostname&service&environment&
 * zone_id&zone_name (whole array). */
void wd_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *out = cJSON_CreateArray(), *d;
    cJSON_ArrayForEach(d, store_list(e, rq->account, "domains"))
    {
        if (matches(d, rq))
            cJSON_AddItemToArray(out, view(d));
    }
    env_whole(rs, rq, out);
    cJSON_Delete(out);
}

/* Attaches host to service (replacing its record); the record (borrowed). */
static cJSON *attach(struct emu *e, const char *account, const cJSON *zone, const char *host,
                     const char *service, const char *environment)
{
    cJSON *all = store_list(e, account, "domains");
    cJSON *old = store_find(all, "hostname", host);
    if (old) {
        jset_str(old, "service", service);
        jset_str(old, "environment", environment ? environment : "production");
        return old;
    }
    cJSON *d = new_domain(e, zone, host, service, environment);
    cJSON_AddItemToArray(all, d);
    return d;
}

/* wd_put: PUT /workers/domains {hostname, service, environment?, zone_id?,
 * zone_name?}: attaches (or re-points) the hostname. */
void wd_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *host = jstr(body, "hostname"), *service = jstr(body, "service");
    cJSON *zone = NULL;
    if (!host || !*host || !service || !*service)
        env_err(rs, 400, 10021, "hostname and service are required");
    else if (!ws_lookup(e, rq->account, service))
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    else if ((zone = zone_of(e, rq->account, host, jstr(body, "zone_id"), jstr(body, "zone_name"),
                             rs)) != NULL)
        env_ok(rs, 200,
               view(attach(e, rq->account, zone, host, service, jstr(body, "environment"))));
    cJSON_Delete(body);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs, int seg)
{
    cJSON *d = store_find(store_list(e, rq->account, "domains"), "id", rq->segs[seg]);
    if (!d)
        env_err(rs, 404, 100114, "Domain not found");
    return d;
}

/* wd_get: GET /workers/domains[/records]/{id}. */
void wd_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *d = need(e, rq, rs, rq->n_segs - 1);
    if (d)
        env_ok(rs, 200, view(d));
}

/* wd_delete: DELETE /workers/domains[/records]/{id}; result null. */
void wd_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *d = need(e, rq, rs, rq->n_segs - 1);
    if (!d)
        return;
    cJSON *all = store_list(e, rq->account, "domains");
    cJSON_DeleteItemFromArray(all, store_index(all, "id", rq->segs[rq->n_segs - 1]));
    env_ok(rs, 200, NULL);
}

/* The four lists of a changeset for Worker name and origins. */
struct changes {
    cJSON *added, *removed, *updated, *conflicting;
};

/* Works out a changeset; -1 with rs set (bad origins, unknown zone). */
static int changeset(struct emu *e, const char *account, const char *name, cJSON *origins,
                     bool replace, struct changes *c, struct resp *rs)
{
    cJSON *o, *d;
    if (!cJSON_IsArray(origins)) {
        env_err(rs, 400, 10021, "origins must be an array of {hostname, zone_id?, zone_name?}");
        return -1;
    }
    cJSON_ArrayForEach(o, origins)
    {
        const char *host = jstr(o, "hostname");
        if (!host) {
            env_err(rs, 400, 10021, "every origin needs a hostname");
            return -1;
        }
        if (!zone_of(e, account, host, jstr(o, "zone_id"), jstr(o, "zone_name"), rs))
            return -1;
        cJSON *old = store_find(store_list(e, account, "domains"), "hostname", host);
        cJSON *item = old ? view(old) : cJSON_Duplicate(o, 1);
        if (old)
            cJSON_AddBoolToObject(item, "modified", strcmp(jstr(old, "service"), name) != 0);
        cJSON_AddItemToArray(old ? c->updated : c->added, item);
    }
    cJSON_ArrayForEach(d, store_list(e, account, "domains"))
    {
        bool kept = false;
        cJSON_ArrayForEach(o, origins) kept =
            kept || strcmp(jstr(o, "hostname"), jstr(d, "hostname")) == 0;
        if (replace && !kept && strcmp(jstr(d, "service"), name) == 0)
            cJSON_AddItemToArray(c->removed, view(d));
    }
    return 0;
}

static struct changes new_changes(void)
{
    struct changes c = {cJSON_CreateArray(), cJSON_CreateArray(), cJSON_CreateArray(),
                        cJSON_CreateArray()};
    return c;
}

static void free_changes(struct changes *c)
{
    cJSON_Delete(c->added);
    cJSON_Delete(c->removed);
    cJSON_Delete(c->updated);
    cJSON_Delete(c->conflicting);
}

/* ws_domains_changeset: POST /workers/scripts/{name}/domains/changeset
 * [?replace_state=true] [origins] -> {added, removed, updated, conflicting}. */
void ws_domains_changeset(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *rep = req_query(rq, "replace_state");
    cJSON *body = req_json(rq);
    struct changes c = new_changes();
    if (!ws_lookup(e, rq->account, rq->segs[4])) {
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    } else if (changeset(e, rq->account, rq->segs[4], body, rep && strcmp(rep, "true") == 0, &c,
                         rs) == 0) {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "added", c.added);
        cJSON_AddItemToObject(r, "removed", c.removed);
        cJSON_AddItemToObject(r, "updated", c.updated);
        cJSON_AddItemToObject(r, "conflicting", c.conflicting);
        c = (struct changes){0};
        env_ok(rs, 200, r);
    }
    free_changes(&c);
    cJSON_Delete(body);
}

/* ws_domains_records_put: PUT /workers/scripts/{name}/domains/records
 * {override_scope, override_existing_origin, override_existing_dns_record,
 * origins}: attaches every origin to the Worker; with override_scope the
 * Worker's other domains are detached. Result: the Worker's domains. */
void ws_domains_records_put(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = rq->segs[4];
    cJSON *body = req_json(rq), *it;
    cJSON *origins = cJSON_GetObjectItem(body, "origins");
    bool scope = cJSON_IsTrue(cJSON_GetObjectItem(body, "override_scope"));
    bool steal = cJSON_IsTrue(cJSON_GetObjectItem(body, "override_existing_origin"));
    struct changes c = new_changes();
    if (!ws_lookup(e, rq->account, name)) {
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    } else if (changeset(e, rq->account, name, origins, scope, &c, rs) == 0) {
        cJSON *u = NULL;
        cJSON_ArrayForEach(
            it, c.updated) if (!u && cJSON_IsTrue(cJSON_GetObjectItem(it, "modified"))) u = it;
        if (u && !steal) {
            env_err(rs, 409, 100117,
                    "Hostname '%s' is already attached to Worker '%s'; pass "
                    "override_existing_origin to move it",
                    jstr(u, "hostname"), jstr(u, "service"));
        } else {
            cJSON_ArrayForEach(it, c.removed) wd_drop_one(e, rq->account, jstr(it, "id"));
            cJSON *out = cJSON_CreateArray();
            cJSON_ArrayForEach(it, origins)
            {
                const char *host = jstr(it, "hostname");
                cJSON *z =
                    zone_of(e, rq->account, host, jstr(it, "zone_id"), jstr(it, "zone_name"), rs);
                cJSON_AddItemToArray(out, view(attach(e, rq->account, z, host, name, NULL)));
            }
            env_ok(rs, 200, out);
        }
    }
    free_changes(&c);
    cJSON_Delete(body);
}

/* wd_drop_one: detaches the domain with this id, if any. */
void wd_drop_one(struct emu *e, const char *account, const char *id)
{
    cJSON *all = store_list(e, account, "domains");
    int i = store_index(all, "id", id);
    if (i >= 0)
        cJSON_DeleteItemFromArray(all, i);
}

/* wd_drop_service: detaches every domain of Worker name (its deletion). */
void wd_drop_service(struct emu *e, const char *account, const char *name)
{
    cJSON *all = store_list(e, account, "domains");
    for (int i = cJSON_GetArraySize(all) - 1; i >= 0; i--)
        if (strcmp(jstr(cJSON_GetArrayItem(all, i), "service"), name) == 0)
            cJSON_DeleteItemFromArray(all, i);
}
