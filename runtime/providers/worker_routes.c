/* Routes and custom domains of a worker: see worker_routes.h. */
#include "runtime/providers/worker_routes.h"

#include "runtime/providers/worker_read.h"

/* worker_routes_start: see worker_routes.h. */
enum prov_result worker_routes_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    (void)ctx;
    (void)op;
    return PROV_DONE;
}

/* worker_routes_step: see worker_routes.h. */
enum prov_result worker_routes_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    (void)ctx;
    return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
}
