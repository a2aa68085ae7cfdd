/* A worker's routes on zones and its custom domains, kept in step with the
 * program after each upload: zones are found by name from the host, routes
 * and domains the worker no longer declares are removed. What was made is
 * recorded in extra.routes / extra.domains ({pattern|hostname, id, zone_id}). */
#ifndef DOME_WORKER_ROUTES_H
#define DOME_WORKER_ROUTES_H

#include "runtime/providers/prov.h"

/* worker_routes_start begins the route and domain steps; PROV_DONE when
 * nothing needs sending. */
enum prov_result worker_routes_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_routes_step handles one answer of those steps. */
enum prov_result worker_routes_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c) WARN_UNUSED;

/* worker_routes_read_start reads the routes and domains back for refresh
 * when the entry tracks them; PROV_DONE when it tracks neither. */
enum prov_result worker_routes_read_start(const struct prov_ctx *ctx,
                                          struct prov_op *op) WARN_UNUSED;

/* worker_routes_read_step folds one answer into routes / domains (the
 * declared order kept, what was added out of band appended); PROV_DONE when
 * both are read. */
enum prov_result worker_routes_read_step(const struct prov_ctx *ctx, struct prov_op *op,
                                         const struct cf_http_completion *c) WARN_UNUSED;

/* worker_routes_fold folds what listings say is live (route items
 * {id, pattern, zone_id} with is_routes, domain items {id, hostname,
 * zone_id} without) into routes / domains and extra, as a read would. */
void worker_routes_fold(struct prov_op *op, bool is_routes, const cJSON *live);

#endif
