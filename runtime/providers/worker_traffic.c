/* How traffic reaches a worker, set after each upload: the workers.dev
 * subdomain switch (workers_dev, preview_urls), then its routes and custom
 * domains (worker_routes.c). Read back by worker_read.c. */
#include "runtime/providers/worker_read.h"

#include "runtime/providers/worker_routes.h"

/* subdomain: POST .../subdomain {enabled, previews_enabled?}; previews
 * follow enabled when the program does not set preview_urls. */
static enum prov_result subdomain(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *dev = prov_attr(op->entry, "workers_dev");
    const cJSON *previews = prov_attr(op->entry, "preview_urls");
    if (!cJSON_IsBool(dev))
        return worker_routes_start(ctx, op);
    cJSON *b = cJSON_CreateObject();
    cJSON_AddBoolToObject(b, "enabled", cJSON_IsTrue(dev));
    if (cJSON_IsBool(previews))
        cJSON_AddBoolToObject(b, "previews_enabled", cJSON_IsTrue(previews));
    op->stage = ST_SUBDOMAIN;
    return prov_request(ctx, op, "POST", b, "/workers/scripts/%s/subdomain", prov_name(op));
}

/* worker_traffic_start: see worker_read.h. */
enum prov_result worker_traffic_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    return subdomain(ctx, op);
}

/* worker_traffic_step: see worker_read.h. */
enum prov_result worker_traffic_step(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c)
{
    if (op->stage != ST_SUBDOMAIN)
        return worker_routes_step(ctx, op, c);
    if (!(c->outcome == CF_DONE && c->status < 300))
        return prov_fail_with(op, c);
    return worker_routes_start(ctx, op);
}
