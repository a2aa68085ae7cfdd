/* Reading a worker back for refresh: settings (bindings, compatibility) and
 * cron schedules, normalized into the state entry's shape. Shares the
 * worker step-machine stages with prov_worker.c. */
#ifndef DOME_WORKER_READ_H
#define DOME_WORKER_READ_H

#include "runtime/providers/prov.h"

enum worker_stage {
    ST_UPLOAD = 1,
    ST_CONS_LIST,
    ST_CONS_PUT,
    ST_CONS_POST,
    ST_CONS_DEL,
    ST_SCHED,
    ST_DELETED,
    ST_READ_SETTINGS,
    ST_READ_SCHED,
    ST_READ_CONS,
    ST_SUBDOMAIN,
    ST_READ_SUBDOMAIN,
    ST_ZONE_LOOKUP,
    ST_ROUTES_LIST,
    ST_ROUTE_PUT,
    ST_ROUTE_DEL,
    ST_DOMAINS_LIST,
    ST_DOMAIN_PUT,
    ST_DOMAIN_DEL,
    ST_READ_DO,
    ST_READ_DO_TAG,
    ST_EARLY_CREATE
};

/* worker_read_durable_start reads a host's Durable Object classes back
 * when the entry tracks durable_objects; PROV_DONE when it does not
 * (worker_read_durable.c). */
enum prov_result worker_read_durable_start(const struct prov_ctx *ctx,
                                           struct prov_op *op) WARN_UNUSED;

/* worker_read_durable_step handles the namespace list and the script list
 * (for the migration tag); PROV_DONE when both are read. */
enum prov_result worker_read_durable_step(const struct prov_ctx *ctx, struct prov_op *op,
                                          const struct cf_http_completion *c) WARN_UNUSED;

/* worker_traffic_start runs after an upload: the workers.dev subdomain
 * switch, then routes and custom domains (worker_traffic.c). PROV_DONE when
 * nothing is left to send. */
enum prov_result worker_traffic_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_traffic_early is a new worker's early step (prov_early_fn): the
 * worker created ahead of its upload, its workers.dev switch set, by
 * POST /workers/workers (Cloudflare's Workers API). PROV_WAIT when the
 * program sets no switch. */
enum prov_result worker_traffic_early(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_traffic_early_done takes that request's answer: op->is_created_early
 * when it was created, op->is_early_sent unless Cloudflare refused it (a
 * worker of that name exists, say: the upload then takes it over and the
 * switch follows it as usual). Returns PROV_WAIT. */
enum prov_result worker_traffic_early_done(struct prov_op *op,
                                           const struct cf_http_completion *c) WARN_UNUSED;

/* worker_traffic_step handles the answers of those requests; PROV_DONE when
 * every one has been made. */
enum prov_result worker_traffic_step(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c) WARN_UNUSED;

/* worker_read_start sends GET .../settings. Returns PROV_SEND. */
enum prov_result worker_read_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_read_settings sends GET .../settings: a detail read whose routes
 * and domains were folded from listings already. Returns PROV_SEND. */
enum prov_result worker_read_settings(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_read_step handles the settings, schedules and queue-consumer
 * answers: a 404 marks the worker gone; values read overwrite the tracked
 * attributes (a consumer missing from its queue drops out of "consumers"). */
enum prov_result worker_read_step(const struct prov_ctx *ctx, struct prov_op *op,
                                  const struct cf_http_completion *c) WARN_UNUSED;

/* worker_read_consumer folds the live consumer of the op->index'th wanted
 * queue, found (or not) in list (that queue's consumers), into the entry:
 * settings and dead-letter queue replaced, the want dropped when the
 * worker no longer consumes the queue; op->index moves past a kept want. */
void worker_read_consumer(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *list);

/* worker_read_schedules sends GET .../schedules alone (settings and
 * consumers already folded from listings). Returns PROV_SEND. */
enum prov_result worker_read_schedules(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_marker_record stores what says whether a script changed (its
 * etag and modified_on, from a list item or an upload answer) in the
 * entry's extra. */
void worker_marker_record(cJSON *entry, const cJSON *script);

#endif
