/* wrangler's default module rules: which files become which module type,
 * and the multipart content type each type is uploaded with. */
#ifndef DOME_MODULE_RULES_H
#define DOME_MODULE_RULES_H

#include <stdbool.h>

enum module_type {
    MODULE_NONE,     /* no rule matches: not uploadable */
    MODULE_ESM,      /* .js, .mjs */
    MODULE_COMMONJS, /* .cjs */
    MODULE_TEXT,     /* .txt, .html, .sql */
    MODULE_DATA,     /* .bin */
    MODULE_WASM,     /* .wasm */
};

/* module_rule_of: the type the file name path gets by its extension. */
enum module_type module_rule_of(const char *path);

/* module_content_type: the part's Content-Type for a module type. */
const char *module_content_type(enum module_type t);

/* module_is_js: ESM or CommonJS (its imports are followed). */
bool module_is_js(enum module_type t);

/* module_is_source_only: a TypeScript or JSX file (needs bundling). */
bool module_is_source_only(const char *path);

/* module_is_builtin: a "node:" or "cloudflare:" specifier the runtime provides. */
bool module_is_builtin(const char *spec);

#endif
