/* How traffic reaches a worker, set after each upload: the workers.dev
 * subdomain switch (workers_dev, preview_urls), then its routes and custom
 * domains (worker_routes.c). Read back by worker_read.c.
 *
 * A script uploaded through the API starts with workers.dev off, so the
 * switch is one more round trip after the upload. For a new worker that
 * waits on its bindings, the executor runs the early step here first: the
 * worker is created with its switch set while its dependencies are being
 * made, and the switch after the upload is left out. */
#include "runtime/providers/worker_read.h"

#include "runtime/providers/worker_routes.h"

/* switch_body: {enabled, previews_enabled?} from workers_dev and
 * preview_urls (previews follow enabled when the program does not set
 * preview_urls), or NULL when the program sets no switch. */
static cJSON *switch_body(const struct prov_op *op)
{
    const cJSON *dev = prov_attr(op->entry, "workers_dev");
    const cJSON *previews = prov_attr(op->entry, "preview_urls");
    if (!cJSON_IsBool(dev))
        return NULL;
    cJSON *b = cJSON_CreateObject();
    cJSON_AddBoolToObject(b, "enabled", cJSON_IsTrue(dev));
    if (cJSON_IsBool(previews))
        cJSON_AddBoolToObject(b, "previews_enabled", cJSON_IsTrue(previews));
    return b;
}

/* subdomain: POST .../subdomain with the switch, unless the early create
 * set it already. */
static enum prov_result subdomain(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *b = op->is_created_early ? NULL : switch_body(op);
    if (!b)
        return worker_routes_start(ctx, op);
    op->stage = ST_SUBDOMAIN;
    return prov_request(ctx, op, "POST", b, "/workers/scripts/%s/subdomain", prov_name(op));
}

/* worker_traffic_early: see worker_read.h. */
enum prov_result worker_traffic_early(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *sw = op->action == PROV_CREATE ? switch_body(op) : NULL;
    if (!sw)
        return PROV_WAIT;
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "name", prov_name(op));
    cJSON_AddItemToObject(b, "subdomain", sw);
    op->stage = ST_EARLY_CREATE;
    return prov_request(ctx, op, "POST", b, "/workers/workers");
}

/* worker_traffic_early_done: see worker_read.h. */
enum prov_result worker_traffic_early_done(struct prov_op *op, const struct cf_http_completion *c)
{
    bool answered = c->outcome == CF_DONE;
    op->is_created_early = answered && c->status < 300;
    op->is_early_sent = !answered || c->status < 400 || c->status >= 500;
    op->stage = 0;
    return PROV_WAIT;
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
