/* A worker's upload, built from its program files: the modules Cloudflare
 * receives (name, content type, bytes) and the hash that stands for them.
 * Three ways, like wrangler's defaults:
 *   - bundled: esbuild (the program's node_modules/.bin or PATH) bundles the
 *     main module into one ES module; files matched by the module rules
 *     (text, data, wasm) stay separate modules, and the source map goes up
 *     when upload_source_maps is set;
 *   - unbundled (`bundle = false`, or a .js/.mjs main that imports nothing
 *     but builtins): the main module plus every module it reaches under its
 *     directory, each typed by the module rules;
 *   - `build = "CMD"` first runs CMD in the program directory (plan time).
 * Nothing here prints; every failure is a message in err. */
#ifndef DOME_BUILD_H
#define DOME_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"

/* One module of an upload. name is the multipart part name, relative to
 * the main module's directory ("index.js", "data/words.txt"). */
struct build_module {
    char *name;
    const char *content_type; /* static: "application/javascript+module", ... */
    char *data;
    size_t len;
    char *source; /* the file it came from (absolute), NULL for esbuild output */
};

struct build_result {
    char *main_module; /* the entry module's name; also mods[0].name */
    struct build_module *mods;
    size_t n_mods;
    bool is_bundled;
    char **warnings; /* import problems `check` reports (unbundled only) */
    size_t n_warnings;
};

enum build_step {
    BUILD_CHECK,  /* collect only: no build command, no esbuild (for `check`) */
    BUILD_PLAN,   /* run the build command, then collect or bundle */
    BUILD_UPLOAD, /* collect or bundle again (the command ran at plan time) */
};

/* build_worker builds the upload of worker res of the program in prog_dir.
 * Returns 0 with out filled (free with build_result_free), or -1 with err
 * saying what failed, where, and how to fix it. */
int build_worker(const char *prog_dir, const struct ir_resource *res, enum build_step step,
                 struct build_result *out, char *err, size_t err_len) WARN_UNUSED;

void build_result_free(struct build_result *r);

/* build_code_hash writes the hex SHA-256 that stands for the whole upload
 * into hex[65]: of the main module's bytes when it is the only module (the
 * hash a single-file worker always had), else of every module's name,
 * content type and bytes. */
void build_code_hash(const struct build_result *r, char hex[65]);

/* build_module_hashes: {"name": "first 16 hex of SHA-256"} for every
 * module, so a plan can say which modules changed. New cJSON. */
cJSON *build_module_hashes(const struct build_result *r) WARN_UNUSED;

#endif
