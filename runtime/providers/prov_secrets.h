/* Secret rotation for workers: when an update changes only secret values,
 * each changed secret is sent by PUT .../secrets instead of re-uploading
 * the whole script. Part of the worker step machine (prov_worker.c). */
#ifndef DOME_PROV_SECRETS_H
#define DOME_PROV_SECRETS_H

#include <stdbool.h>

#include "runtime/providers/prov.h"

/* The step-machine stage of a secret PUT (beyond the worker_stage values). */
enum { PROV_ST_SECRET = 100 };

/* prov_secrets_only is true when op (a worker update) differs from the
 * worker's current state entry only in the hashes of secret_text bindings
 * (same name, code, bindings, vars, settings, consumers and crons) and at
 * least one hash changed. */
bool prov_secrets_only(const struct prov_ctx *ctx, const struct prov_op *op);

/* prov_secrets_start sends the first changed secret. Returns PROV_SEND, or
 * PROV_FAIL with op->error filled (the secret cannot be opened). */
enum prov_result prov_secrets_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* prov_secrets_step handles a secret PUT's answer: wipes the sent body,
 * then sends the next changed secret or finishes (PROV_DONE; the executor
 * records the new hashes in state). A failed PUT is PROV_FAIL. */
enum prov_result prov_secrets_step(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c) WARN_UNUSED;

#endif
