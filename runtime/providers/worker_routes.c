/* Routes and custom domains of a worker: see worker_routes.h. Routes are
 * set in one request (PUT .../routes: the worker's routes become exactly
 * the declared ones, each zone found from the pattern's host); domains are
 * listed, those no longer declared detached, the missing ones attached. */
#include "runtime/providers/worker_routes.h"

#include <stdio.h>
#include <string.h>

#include "runtime/providers/worker_read.h"

static cJSON *extra_list(cJSON *entry, const char *name)
{
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(entry, "extra");
    if (!extra)
        extra = cJSON_AddObjectToObject(entry, "extra");
    cJSON *l = cJSON_GetObjectItemCaseSensitive(extra, name);
    if (!l)
        l = cJSON_AddArrayToObject(extra, name);
    return l;
}

/* tracked: the program declares attr, or state recorded some of it */
static bool tracked(const struct prov_op *op, const char *attr)
{
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
    return prov_attr(op->entry, attr) ||
           cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(extra, attr)) > 0;
}

static bool has_str(const cJSON *arr, const char *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        if (cJSON_IsString(it) && s && strcmp(it->valuestring, s) == 0)
            return true;
    }
    return false;
}

/* no_zone fills op->error for a route or domain whose zone is not in the
 * account, keeping Cloudflare's own message (it names the pattern). */
static enum prov_result no_zone(struct prov_op *op, const struct cf_http_completion *c,
                                const char *kind, const char *what)
{
    char cf[sizeof op->error];
    enum prov_result r = prov_fail_with(op, c);
    snprintf(cf, sizeof cf, "%s", op->error);
    snprintf(op->error, sizeof op->error,
             "worker %s: %s %.250s: no zone of the account holds its host; the zone must exist in "
             "the account "
             "(add it in Cloudflare, then apply again) (%.400s)",
             prov_name(op), kind, what, cf);
    return r;
}

static enum prov_result domains_list(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!tracked(op, "domains"))
        return PROV_DONE;
    op->stage = ST_DOMAINS_LIST;
    return prov_request(ctx, op, "GET", NULL, "/workers/domains?service=%s", prov_name(op));
}

static enum prov_result routes_put(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!tracked(op, "routes"))
        return domains_list(ctx, op);
    cJSON *body = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, prov_attr(op->entry, "routes"))
    {
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "pattern", it->valuestring);
        cJSON_AddItemToArray(body, r);
    }
    op->stage = ST_ROUTE_PUT;
    return prov_request(ctx, op, "PUT", body, "/workers/scripts/%s/routes", prov_name(op));
}

/* record: extra[name] becomes [{key, id, zone_id}] from a list answer */
static void record(struct prov_op *op, const char *name, const char *key, const cJSON *res)
{
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
    cJSON_DeleteItemFromObjectCaseSensitive(extra, name);
    cJSON *out = extra_list(op->entry, name);
    const cJSON *it;
    cJSON_ArrayForEach(it, res)
    {
        cJSON *o = cJSON_CreateObject();
        const char *names[] = {key, "id", "zone_id"};
        for (int i = 0; i < 3; i++)
            cJSON_AddStringToObject(o, names[i],
                                    state_str(it, names[i]) ? state_str(it, names[i]) : "");
        cJSON_AddItemToArray(out, o);
    }
}

/* failed_route names the declared route Cloudflare's error is about (the
 * message quotes it), or every declared route when it quotes none */
static const char *failed_route(struct prov_op *op, const struct cf_http_completion *c)
{
    const cJSON *it, *routes = prov_attr(op->entry, "routes");
    static const char every[] = "one of its routes";
    if (prov_fail_with(op, c) != PROV_FAIL)
        return every;
    cJSON_ArrayForEach(it, routes)
    {
        if (strstr(op->error, it->valuestring))
            return it->valuestring;
    }
    return cJSON_GetArraySize(routes) == 1 ? cJSON_GetArrayItem(routes, 0)->valuestring : every;
}

static enum prov_result on_routes_put(const struct prov_ctx *ctx, struct prov_op *op,
                                      const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_DONE && c->status == 400)
        return no_zone(op, c, "route", failed_route(op, c));
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    record(op, "routes", "pattern", res);
    cJSON_Delete(doc);
    return domains_list(ctx, op);
}

static enum prov_result next_domain_put(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *want = cJSON_GetArrayItem(prov_attr(op->entry, "domains"), op->index);
    if (!want)
        return PROV_DONE;
    const cJSON *have;
    cJSON_ArrayForEach(have, extra_list(op->entry, "domains"))
    {
        const char *h = state_str(have, "hostname");
        if (h && strcmp(h, want->valuestring) == 0) {
            op->index++;
            return next_domain_put(ctx, op);
        }
    }
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "hostname", want->valuestring);
    cJSON_AddStringToObject(b, "service", prov_name(op));
    cJSON_AddStringToObject(b, "environment", "production");
    op->stage = ST_DOMAIN_PUT;
    return prov_request(ctx, op, "PUT", b, "/workers/domains");
}

/* next_domain_del: detach the attached domains the program no longer
 * declares, then attach the missing ones */
static enum prov_result next_domain_del(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *have = extra_list(op->entry, "domains");
    const cJSON *want = prov_attr(op->entry, "domains");
    while (op->index < cJSON_GetArraySize(have)) {
        const cJSON *d = cJSON_GetArrayItem(have, op->index);
        if (has_str(want, state_str(d, "hostname"))) {
            op->index++;
            continue;
        }
        op->stage = ST_DOMAIN_DEL;
        return prov_request(ctx, op, "DELETE", NULL, "/workers/domains/%s", state_str(d, "id"));
    }
    op->index = 0;
    return next_domain_put(ctx, op);
}

static enum prov_result on_domain(const struct prov_ctx *ctx, struct prov_op *op,
                                  const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (op->stage == ST_DOMAIN_DEL) {
        if (!prov_is_404(c) && !(c->outcome == CF_DONE && c->status < 300))
            return prov_fail_with(op, c);
        cJSON_DeleteItemFromArray(extra_list(op->entry, "domains"), op->index);
        return next_domain_del(ctx, op);
    }
    if (prov_is_404(c)) {
        const cJSON *d = cJSON_GetArrayItem(prov_attr(op->entry, "domains"), op->index);
        return no_zone(op, c, "custom domain", d->valuestring);
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemReferenceToArray(one, res);
    cJSON *before = cJSON_Duplicate(extra_list(op->entry, "domains"), 1);
    record(op, "domains", "hostname", one);
    cJSON *now = extra_list(op->entry, "domains");
    while (cJSON_GetArraySize(before) > 0)
        cJSON_AddItemToArray(now, cJSON_DetachItemFromArray(before, 0));
    cJSON_Delete(before);
    cJSON_Delete(one);
    cJSON_Delete(doc);
    op->index++;
    return next_domain_put(ctx, op);
}

/* worker_routes_start: see worker_routes.h. */
enum prov_result worker_routes_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = 0;
    return routes_put(ctx, op);
}

/* worker_routes_step: see worker_routes.h. */
enum prov_result worker_routes_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    switch (op->stage) {
    case ST_ROUTE_PUT:
        return on_routes_put(ctx, op, c);
    case ST_DOMAINS_LIST:
        if (prov_result_of(op, c, &doc, &res) != 0)
            return PROV_FAIL;
        record(op, "domains", "hostname", res);
        cJSON_Delete(doc);
        op->index = 0;
        return next_domain_del(ctx, op);
    case ST_DOMAIN_PUT:
    case ST_DOMAIN_DEL:
        return on_domain(ctx, op, c);
    default:
        return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}

/* live_of: the declared order kept for what is still live, then what was
 * added out of band */
static cJSON *live_of(const cJSON *declared, const cJSON *res, const char *key)
{
    cJSON *live = cJSON_CreateArray(), *out = cJSON_CreateArray();
    const cJSON *it;
    cJSON_ArrayForEach(it, res)
    {
        if (state_str(it, key))
            cJSON_AddItemToArray(live, cJSON_CreateString(state_str(it, key)));
    }
    cJSON_ArrayForEach(it, declared)
    {
        if (has_str(live, it->valuestring))
            cJSON_AddItemToArray(out, cJSON_CreateString(it->valuestring));
    }
    cJSON_ArrayForEach(it, live)
    {
        if (!has_str(out, it->valuestring))
            cJSON_AddItemToArray(out, cJSON_CreateString(it->valuestring));
    }
    cJSON_Delete(live);
    return out;
}

static enum prov_result read_domains(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!prov_attr(op->entry, "domains"))
        return PROV_DONE;
    op->stage = ST_DOMAINS_LIST;
    return prov_request(ctx, op, "GET", NULL, "/workers/domains?service=%s", prov_name(op));
}

/* worker_routes_read_start: see worker_routes.h. */
enum prov_result worker_routes_read_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!prov_attr(op->entry, "routes"))
        return read_domains(ctx, op);
    op->stage = ST_ROUTES_LIST;
    return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/routes", prov_name(op));
}

/* worker_routes_read_step: see worker_routes.h. */
enum prov_result worker_routes_read_step(const struct prov_ctx *ctx, struct prov_op *op,
                                         const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_is_404(c)) /* the script is gone: the settings read says so */
        return op->stage == ST_ROUTES_LIST ? read_domains(ctx, op) : PROV_DONE;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    bool is_routes = op->stage == ST_ROUTES_LIST;
    worker_routes_fold(op, is_routes, res);
    cJSON_Delete(doc);
    return is_routes ? read_domains(ctx, op) : PROV_DONE;
}

/* worker_routes_fold: see worker_routes.h. */
void worker_routes_fold(struct prov_op *op, bool is_routes, const cJSON *live)
{
    const char *attr = is_routes ? "routes" : "domains";
    const char *key = is_routes ? "pattern" : "hostname";
    prov_refresh_attr(op->entry, attr, live_of(prov_attr(op->entry, attr), live, key));
    record(op, attr, key, live);
}
