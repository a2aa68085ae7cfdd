/* wrangler's default module rules (deployment-bundle/rules.ts and its
 * ESModule/CommonJS defaults for unbundled workers) and the content types
 * wrangler uploads each module type with. */
#include "runtime/build/module_rules.h"

#include <string.h>

static const struct {
    const char *ext;
    enum module_type type;
} rules[] = {
    {".js", MODULE_ESM},   {".mjs", MODULE_ESM},   {".cjs", MODULE_COMMONJS},
    {".txt", MODULE_TEXT}, {".html", MODULE_TEXT}, {".sql", MODULE_TEXT},
    {".bin", MODULE_DATA}, {".wasm", MODULE_WASM},
};

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* module_rule_of: see module_rules.h. */
enum module_type module_rule_of(const char *path)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (ends_with(path, rules[i].ext))
            return rules[i].type;
    return MODULE_NONE;
}

/* module_content_type: see module_rules.h. */
const char *module_content_type(enum module_type t)
{
    switch (t) {
    case MODULE_ESM:
        return "application/javascript+module";
    case MODULE_COMMONJS:
        return "application/javascript";
    case MODULE_TEXT:
        return "text/plain";
    case MODULE_DATA:
        return "application/octet-stream";
    case MODULE_WASM:
        return "application/wasm";
    case MODULE_NONE:
        break;
    }
    return "application/octet-stream";
}

/* module_is_js: see module_rules.h. */
bool module_is_js(enum module_type t)
{
    return t == MODULE_ESM || t == MODULE_COMMONJS;
}

/* module_is_source_only: see module_rules.h. */
bool module_is_source_only(const char *path)
{
    static const char *const exts[] = {".ts", ".tsx", ".mts", ".cts", ".jsx"};
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++)
        if (ends_with(path, exts[i]))
            return true;
    return false;
}

/* module_is_builtin: see module_rules.h. */
bool module_is_builtin(const char *spec)
{
    return strncmp(spec, "node:", 5) == 0 || strncmp(spec, "cloudflare:", 11) == 0;
}
