/* Durable Object migrations of a host worker's upload, computed from what
 * state records (attrs.durable_objects and extra.do_tag of the entry before
 * this apply) and what the program declares: new classes with their
 * storage, renames (`renamed_from`), transfers from another host (the
 * block names a new `worker`), deletions (`delete = true` blocks). */
#ifndef DOME_WORKER_MIGRATIONS_H
#define DOME_WORKER_MIGRATIONS_H

#include "runtime/providers/prov.h"

/* worker_migrations adds metadata.migrations {old_tag, new_tag, ...} to meta
 * when the classes change, and records the new tag in op->entry's
 * extra.do_tag. Nothing when they do not. */
void worker_migrations(const struct prov_ctx *ctx, struct prov_op *op, cJSON *meta);

#endif
