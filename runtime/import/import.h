/* Adopting existing Cloudflare resources: stub state entries, read back
 * through the providers (as refresh does) into the shape apply writes, the
 * worker's code fetched next to the program, and the account listing that
 * `import --discover` starts from. Entries and lists are cJSON the caller
 * deletes; nothing here prints. */
#ifndef DOME_IMPORT_H
#define DOME_IMPORT_H

#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"
#include "runtime/providers/prov.h"
#include "runtime/store/state.h"

/* import_stub returns a state entry for kind.label with id (and name, which
 * may be NULL for kinds addressed by id: it is read back), holding every
 * attribute domec tracks for the kind, still unread (null). */
cJSON *import_stub(enum ir_kind kind, const char *label, const char *id,
                   const char *name) WARN_UNUSED;

/* import_read reads every entry of ctx->st back from the API, replacing it
 * with what was read and dropping attributes the API did not give. An entry
 * that does not exist or cannot be read is removed, with a line naming it
 * appended to *errors (malloc'd text, caller frees). Returns the count of
 * failures. */
int import_read(const struct prov_ctx *ctx, struct cf_http *http, char **errors) WARN_UNUSED;

/* import_worker_code fetches worker entry's main module into
 * <dir>/imported/<script>/index.js and records its code_hash and
 * main_module; *rel gets the path relative to dir (malloc'd). 0 or -1. */
int import_worker_code(const struct prov_ctx *ctx, struct cf_http *http, const char *dir,
                       cJSON *entry, char **rel, char *err, size_t err_len) WARN_UNUSED;

/* import_consumers lists the consumers of every queue in ctx->st and adds
 * each one to the (non-pending) worker entry it runs, as apply records them.
 * A queue whose consumers cannot be listed is skipped. */
void import_consumers(const struct prov_ctx *ctx, struct cf_http *http);

/* discover_list lists every supported resource of the account into st as
 * stubs labelled after their names (made unique). Returns the count, or -1
 * with err filled. */
long discover_list(const struct prov_ctx *ctx, struct cf_http *http, struct state *st, char *err,
                   size_t err_len) WARN_UNUSED;

/* import_get sends GET path (below the account) and returns the parsed
 * envelope (caller deletes) or NULL with err filled. */
cJSON *import_get(const struct prov_ctx *ctx, struct cf_http *http, const char *path, char *err,
                  size_t err_len) WARN_UNUSED;

/* import_get_raw sends GET path (below the account) and stores the raw
 * answer in *raw (malloc'd, NUL-terminated; caller frees) and its length in
 * *raw_len. Returns 0, or -1 with err filled (*raw is then NULL). */
int import_get_raw(const struct prov_ctx *ctx, struct cf_http *http, const char *path, char **raw,
                   size_t *raw_len, char *err, size_t err_len) WARN_UNUSED;

/* import_print_block writes the .dome block that matches entry (main_rel:
 * a worker's main module path) to out. */
void import_print_block(FILE *out, const cJSON *entry, const char *main_rel);

#endif
