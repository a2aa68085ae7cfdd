/* The module specifiers a JavaScript module imports: static imports and
 * re-exports (`import x from "s"`, `import "s"`, `export * from "s"`),
 * dynamic imports with a string literal (`import("s")`) and CommonJS
 * `require("s")`. A token scan, not a parser: comments, strings, template
 * literals and regular expression literals are skipped, so a specifier
 * inside them is never reported. */
#ifndef DOME_JS_IMPORTS_H
#define DOME_JS_IMPORTS_H

#include <stddef.h>

#include "runtime/base/compiler.h"

struct js_import {
    char *spec;  /* the specifier as written */
    size_t line; /* 1-based line of the specifier */
};

/* js_imports scans src[0..len) and returns the imports in source order
 * (*n of them; free with js_imports_free). */
struct js_import *js_imports(const char *src, size_t len, size_t *n) WARN_UNUSED;

void js_imports_free(struct js_import *imps, size_t n);

#endif
