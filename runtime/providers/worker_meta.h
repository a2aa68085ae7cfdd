/* Worker upload bodies and settings read-back: the multipart/form-data body
 * of PUT /workers/scripts/{name} (metadata + the main module) and the
 * normalization of GET .../settings bindings into state's binding shape. */
#ifndef DOME_WORKER_META_H
#define DOME_WORKER_META_H

#include <stddef.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"

#include "runtime/providers/prov.h"

/* worker_meta_body builds the upload body for op->entry into op->body and
 * sets op->req's content type (multipart with a fresh boundary). Secrets
 * are unsealed here and exist only inside the body (op->is_secret_body).
 * Returns 0, or -1 with op->error filled. */
int worker_meta_body(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;

/* worker_meta_secret_body builds the JSON body of
 * PUT /workers/scripts/{name}/secrets for the secret binding called name:
 * {"name","type":"secret_text","text"}. The value is unsealed only here and
 * lives only in op->body (op->is_secret_body, wiped when replaced); the
 * caller has already set op->req with prov_request. Returns 0, or -1 with
 * op->error filled (no key, wrong passphrase, secret not in the program). */
int worker_meta_secret_body(const struct prov_ctx *ctx, struct prov_op *op,
                            const char *name) WARN_UNUSED;

/* worker_meta_is_modeled: does the language model bindings of this API
 * type? Others (analytics_engine, ...) are kept as they are on upload. */
bool worker_meta_is_modeled(const char *type);

/* worker_meta_kept returns [{name, type}] of the bindings in api_bindings
 * the language does not model, or whose target is not in state (a worker
 * imported before what it binds), as a new cJSON array for
 * extra.kept_bindings: every upload asks Cloudflare to keep them
 * (metadata.keep_bindings) until the program declares them. */
cJSON *worker_meta_kept(const struct prov_ctx *ctx, const char *self, const cJSON *api_bindings);

/* worker_meta_bindings converts settings.bindings from the API into state's
 * sorted binding list, taking secret hashes from entry's current bindings.
 * Returns a new array. */
cJSON *worker_meta_bindings(const struct prov_ctx *ctx, const cJSON *entry,
                            const cJSON *api_bindings) WARN_UNUSED;

#endif
