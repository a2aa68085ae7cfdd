/* cfemu: Workers routes. Zone routes (/zones/{id}/workers/routes: list,
 * create, get, update, delete) and the account-level set of one Worker's
 * routes that `wrangler deploy` replaces (PUT, and GET, on
 * /workers/scripts/{name}/routes). A pattern must lie in its zone
 * (400 code 10022) and belongs to one route of the zone (409 code 10020). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

/* The host of a pattern: no scheme, no path, no leading "*." or "*". */
static void pattern_host(const char *pattern, char *out, size_t n)
{
    const char *p = strstr(pattern, "://");
    p = p ? p + 3 : pattern;
    if (strncmp(p, "*.", 2) == 0)
        p += 2;
    else if (*p == '*')
        p++;
    size_t len = strcspn(p, "/");
    snprintf(out, n, "%.*s", (int)(len < n ? len : n - 1), p);
}

static bool in_zone(const char *pattern, const cJSON *zone)
{
    char host[256];
    pattern_host(pattern, host, sizeof host);
    const char *name = jstr(zone, "name");
    size_t hn = strlen(host), n = strlen(name);
    return (hn == n && strcmp(host, name) == 0) ||
           (hn > n && host[hn - n - 1] == '.' && strcmp(host + hn - n, name) == 0);
}

static cJSON *view(const cJSON *r)
{
    cJSON *v = cJSON_CreateObject();
    jset_str(v, "id", jstr(r, "id"));
    jset_str(v, "pattern", jstr(r, "pattern"));
    if (jstr(r, "script"))
        jset_str(v, "script", jstr(r, "script"));
    return v;
}

/* Another route of the zone with this pattern (other than self), or NULL. */
static cJSON *taken(cJSON *routes, const char *zone_id, const char *pattern, const cJSON *self)
{
    cJSON *r;
    cJSON_ArrayForEach(r, routes)
    {
        if (r != self && strcmp(jstr(r, "zone_id"), zone_id) == 0 &&
            strcmp(jstr(r, "pattern"), pattern) == 0)
            return r;
    }
    return NULL;
}

/* Validates {pattern, script?} for zone; 0, or -1 with rs set. */
static int check_route(struct emu *e, const char *account, cJSON *routes, const cJSON *zone,
                       const cJSON *body, const cJSON *self, struct resp *rs)
{
    const char *pattern = jstr(body, "pattern"), *script = jstr(body, "script");
    if (!pattern || !*pattern || strlen(pattern) > 1024)
        env_err(rs, 400, 10021, "pattern is required (a string of at most 1024 bytes)");
    else if (!in_zone(pattern, zone))
        env_err(rs, 400, 10022, "Route pattern '%s' must include zone name '%s'", pattern,
                jstr(zone, "name"));
    else if (taken(routes, jstr(zone, "id"), pattern, self))
        env_err(rs, 409, 10020, "A route with the pattern '%s' already exists in this zone",
                pattern);
    else if (script && !ws_lookup(e, account, script))
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    else
        return 0;
    return -1;
}

static cJSON *new_route(struct emu *e, const cJSON *zone, const char *pattern, const char *script)
{
    char id[33];
    store_new_hex(e, id);
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", id);
    jset_str(r, "pattern", pattern);
    jset_str(r, "script", script);
    jset_str(r, "zone_id", jstr(zone, "id"));
    jset_str(r, "zone_name", jstr(zone, "name"));
    return r;
}

/* zr_list: GET /zones/{zone}/workers/routes (whole array). */
void zr_list(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *zone = zone_need(e, rq, rs, &account), *r;
    if (!zone)
        return;
    cJSON *out = cJSON_CreateArray();
    cJSON_ArrayForEach(r, store_list(e, account, "routes"))
    {
        if (strcmp(jstr(r, "zone_id"), jstr(zone, "id")) == 0)
            cJSON_AddItemToArray(out, view(r));
    }
    env_list(rs, out, NULL);
}

/* zr_create: POST /zones/{zone}/workers/routes {pattern, script?}. */
void zr_create(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *zone = zone_need(e, rq, rs, &account);
    cJSON *body = zone ? req_json(rq) : NULL;
    cJSON *routes = zone ? store_list(e, account, "routes") : NULL;
    if (zone && check_route(e, account, routes, zone, body, NULL, rs) == 0) {
        cJSON *r = new_route(e, zone, jstr(body, "pattern"), jstr(body, "script"));
        cJSON_AddItemToArray(routes, r);
        env_ok(rs, 200, view(r));
    }
    cJSON_Delete(body);
}

static cJSON *need_route(struct emu *e, struct req *rq, struct resp *rs, const char **account)
{
    cJSON *zone = zone_need(e, rq, rs, account);
    cJSON *r = zone ? store_find(store_list(e, *account, "routes"), "id", rq->segs[4]) : NULL;
    if (r && strcmp(jstr(r, "zone_id"), jstr(zone, "id")) != 0)
        r = NULL;
    if (zone && !r)
        env_err(rs, 404, 10005, "workers.api.error.route_not_found");
    return r;
}

/* zr_get: GET /zones/{zone}/workers/routes/{id}. */
void zr_get(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *r = need_route(e, rq, rs, &account);
    if (r)
        env_ok(rs, 200, view(r));
}

/* zr_update: PUT /zones/{zone}/workers/routes/{id} {pattern, script?}. */
void zr_update(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *r = need_route(e, rq, rs, &account);
    cJSON *body = r ? req_json(rq) : NULL;
    cJSON *zone = r ? zone_find(e, rq->segs[1], NULL) : NULL;
    if (r && check_route(e, account, store_list(e, account, "routes"), zone, body, r, rs) == 0) {
        jset_str(r, "pattern", jstr(body, "pattern"));
        jset_str(r, "script", jstr(body, "script"));
        env_ok(rs, 200, view(r));
    }
    cJSON_Delete(body);
}

/* zr_delete: DELETE /zones/{zone}/workers/routes/{id} -> {id}. */
void zr_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *account = NULL;
    cJSON *r = need_route(e, rq, rs, &account);
    if (!r)
        return;
    cJSON *out = cJSON_CreateObject();
    jset_str(out, "id", jstr(r, "id"));
    cJSON *routes = store_list(e, account, "routes");
    cJSON_DeleteItemFromArray(routes, store_index(routes, "id", rq->segs[4]));
    env_ok(rs, 200, out);
}

/* The zone of one entry of a script routes PUT: zone_id, zone_name, or
 * the zone the pattern's host lies in. NULL with rs set. */
static cJSON *zone_of_entry(struct emu *e, const char *account, const cJSON *it, struct resp *rs)
{
    const char *pattern = jstr(it, "pattern"), *zid = jstr(it, "zone_id");
    const char *zname = jstr(it, "zone_name");
    char host[256];
    cJSON *zone = NULL;
    if (!pattern || !*pattern) {
        env_err(rs, 400, 10021, "every route needs a pattern");
        return NULL;
    }
    pattern_host(pattern, host, sizeof host);
    zone = zid     ? zone_find(e, zid, NULL)
           : zname ? zone_by_name(e, account, zname)
                   : zone_for_host(e, account, host);
    if (!zone)
        env_err(rs, 400, 10022,
                "Could not find a zone for route '%s': create the zone first (POST /zones)",
                pattern);
    else if (!in_zone(pattern, zone))
        env_err(rs, 400, 10022, "Route pattern '%s' must include zone name '%s'", pattern,
                jstr(zone, "name"));
    else
        return zone;
    return NULL;
}

static cJSON *script_route_view(const cJSON *r)
{
    cJSON *v = view(r);
    jset_str(v, "zone_id", jstr(r, "zone_id"));
    jset_str(v, "zone_name", jstr(r, "zone_name"));
    return v;
}

static cJSON *routes_of_script(cJSON *routes, const char *script)
{
    cJSON *out = cJSON_CreateArray(), *r;
    cJSON_ArrayForEach(r, routes)
    {
        const char *s = jstr(r, "script");
        if (s && strcmp(s, script) == 0)
            cJSON_AddItemToArray(out, script_route_view(r));
    }
    return out;
}

/* Checks every entry of a script routes PUT; 0, or -1 with rs set. */
static int check_entries(struct emu *e, struct req *rq, cJSON *body, cJSON *routes, struct resp *rs)
{
    cJSON *it;
    if (!cJSON_IsArray(body)) {
        env_err(rs, 400, 10021, "the body must be an array of {pattern, zone_name?, zone_id?}");
        return -1;
    }
    cJSON_ArrayForEach(it, body)
    {
        cJSON *zone = zone_of_entry(e, rq->account, it, rs);
        if (!zone)
            return -1;
        cJSON *other = taken(routes, jstr(zone, "id"), jstr(it, "pattern"), NULL);
        const char *owner = other ? jstr(other, "script") : NULL;
        if (other && (!owner || strcmp(owner, rq->segs[4]) != 0)) {
            env_err(rs, 409, 10020, "The route '%s' is already assigned to Worker '%s'",
                    jstr(it, "pattern"), owner ? owner : "(none)");
            return -1;
        }
    }
    return 0;
}

/* ws_routes_put: PUT /workers/scripts/{name}/routes [{pattern, zone_name?,
 * zone_id?}]: the Worker's routes become exactly these; the result is the
 * new set. */
void ws_routes_put(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = rq->segs[4];
    cJSON *body = ws_lookup(e, rq->account, name) ? req_json(rq) : NULL, *it;
    cJSON *routes = store_list(e, rq->account, "routes");
    if (!ws_lookup(e, rq->account, name)) {
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    } else if (check_entries(e, rq, body, routes, rs) == 0) {
        ws_routes_drop(e, rq->account, name);
        cJSON_ArrayForEach(it, body)
        {
            cJSON *zone = zone_of_entry(e, rq->account, it, rs);
            cJSON_AddItemToArray(routes, new_route(e, zone, jstr(it, "pattern"), name));
        }
        env_ok(rs, 200, routes_of_script(routes, name));
    }
    cJSON_Delete(body);
}

/* ws_routes_get: GET /workers/scripts/{name}/routes. */
void ws_routes_get(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!ws_lookup(e, rq->account, rq->segs[4]))
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    else
        env_ok(rs, 200, routes_of_script(store_list(e, rq->account, "routes"), rq->segs[4]));
}

/* ws_routes_listed: a script list item's "routes": its routes as
 * {id, pattern, script}, or null when it has none (OAS26 list item). */
cJSON *ws_routes_listed(struct emu *e, const char *account, const char *name)
{
    cJSON *out = cJSON_CreateArray(), *r;
    cJSON_ArrayForEach(r, store_list(e, account, "routes"))
    {
        const char *s = jstr(r, "script");
        if (s && strcmp(s, name) == 0)
            cJSON_AddItemToArray(out, view(r));
    }
    if (cJSON_GetArraySize(out) > 0)
        return out;
    cJSON_Delete(out);
    return cJSON_CreateNull();
}

/* ws_routes_drop: removes every route of Worker name (its deletion). */
void ws_routes_drop(struct emu *e, const char *account, const char *name)
{
    cJSON *routes = store_list(e, account, "routes");
    for (int i = cJSON_GetArraySize(routes) - 1; i >= 0; i--) {
        const char *s = jstr(cJSON_GetArrayItem(routes, i), "script");
        if (s && strcmp(s, name) == 0)
            cJSON_DeleteItemFromArray(routes, i);
    }
}
