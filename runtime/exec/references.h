/* References to resources the program does not manage
 * (`database legacy { existing = "legacy-db" }`): looked up at plan time
 * by name or id, recorded in the state as references ("existing"), never
 * created, changed or deleted. */
#ifndef DOME_REFERENCES_H
#define DOME_REFERENCES_H

#include <stdbool.h>
#include <stddef.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"
#include "runtime/providers/prov.h"
#include "runtime/store/state.h"

/* references_count is how many resources of prog are references. */
size_t references_count(const struct ir_program *prog);

/* references_report receives one reference that could not be looked up:
 * its resource index in the IR and why. */
typedef void (*references_report)(void *arg, long res, const char *msg);

/* references_resolve lists the kinds ctx->prog refers to and finds each
 * reference by id or name; its entry in ctx->st (in memory: the caller
 * decides whether to save) becomes {kind, label, name, id, existing,
 * attrs: {}, deps: [], protect: false}, which bindings read its id from.
 * Reference entries the program no longer declares are dropped (forgotten;
 * the resource stays). Returns how many references were not found (each
 * handed to report), 0 when every one was. */
int references_resolve(const struct prov_ctx *ctx, struct cf_http *http, references_report report,
                       void *arg) WARN_UNUSED;

/* references_forget drops from st every reference entry prog does not
 * declare as a reference (prog NULL, for destroy: every one); the
 * resources stay on Cloudflare. Returns how many were dropped. */
int references_forget(struct state *st, const struct ir_program *prog);

/* references_is_reference: the state entry records a reference. */
bool references_is_reference(const cJSON *entry);

#endif
