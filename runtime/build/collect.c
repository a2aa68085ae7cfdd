/* The unbundled upload: the main module and every module it reaches by
 * relative imports, under the main module's directory, typed by wrangler's
 * module rules. An import that would not be uploaded (outside the
 * directory, no rule, a bare package, a missing file) is a warning:
 * Cloudflare rejects such an upload, and `check` says so first. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/build_int.h"
#include "runtime/build/build_path.h"
#include "runtime/build/js_imports.h"
#include "runtime/build/module_rules.h"
#include "runtime/store/fsutil.h"

static bool is_relative(const char *spec)
{
    return strncmp(spec, "./", 2) == 0 || strncmp(spec, "../", 3) == 0 || spec[0] == '/';
}

static bool have(const struct build_result *r, const char *name)
{
    for (size_t i = 0; i < r->n_mods; i++)
        if (strcmp(r->mods[i].name, name) == 0)
            return true;
    return false;
}

/* resolve: the module name spec names from the module `from` (a name), or
 * NULL with a warning saying why it is not uploaded. */
static char *resolve(const struct build_src *src, struct build_result *r, const char *name_from,
                     const struct js_import *imp)
{
    /* messages name the importer as the program sees it: src/lib/a.js */
    char *main_rel_dir = build_path_dir(src->main_rel);
    char *from = strcmp(main_rel_dir, ".") == 0 ? xstrdup(name_from)
                                                : xasprintf("%s/%s", main_rel_dir, name_from);
    free(main_rel_dir);
    char real[PATH_MAX];
    const char *spec = imp->spec;
    if (!is_relative(spec)) {
        build_warn(r,
                   "worker '%s': %s:%zu imports package '%s', which is not uploaded with "
                   "bundle = false; remove `bundle = false` to bundle it with esbuild",
                   src->label, from, imp->line, spec);
        free(from);
        return NULL;
    }
    char *from_dir = build_path_dir(name_from);
    char *joined =
        spec[0] == '/' ? xstrdup(spec) : xasprintf("%s/%s/%s", src->main_dir, from_dir, spec);
    char *path = build_path_normalize(joined);
    free(from_dir);
    free(joined);
    char *name = NULL;
    if (!realpath(path, real))
        build_warn(r,
                   "worker '%s': %s:%zu imports '%s', but %s does not exist (Workers resolve "
                   "module names exactly: write the file's full name, extension included)",
                   src->label, from, imp->line, spec, path);
    else if (!(name = build_path_under(src->main_dir, real)))
        build_warn(r,
                   "worker '%s': %s:%zu imports '%s', which is outside %s (the main module's "
                   "directory) and is not uploaded; move it under that directory or bundle",
                   src->label, from, imp->line, spec, src->main_dir);
    else if (module_rule_of(name) == MODULE_NONE) {
        build_warn(r,
                   "worker '%s': %s:%zu imports '%s', which matches no module rule (.js .mjs "
                   ".cjs .txt .html .sql .bin .wasm) and is not uploaded",
                   src->label, from, imp->line, spec);
        free(name);
        name = NULL;
    }
    free(path);
    free(from);
    return name;
}

/* add_file reads the module name and appends it; -1 with err. */
static int add_file(const struct build_src *src, struct build_result *r, const char *name,
                    char *err, size_t err_len)
{
    size_t len = 0;
    char *path = fs_join(src->main_dir, name);
    char *data = fs_read_inside(src->prog_dir, path, &len);
    if (!data) {
        snprintf(err, err_len, "worker '%s': cannot read module '%s': %s", src->label, path,
                 errno == EACCES ? "outside the program directory" : strerror(errno));
        free(path);
        return -1;
    }
    build_add_module(r, name, module_content_type(module_rule_of(name)), data, len, path);
    free(path);
    return 0;
}

/* build_collect: see build_int.h. Modules are visited breadth first from
 * the main module; r->mods doubles as the queue. */
int build_collect(const struct build_src *src, struct build_result *r, char *err, size_t err_len)
{
    char *main_name = build_path_under(src->main_dir, src->main);
    r->main_module = main_name;
    if (module_rule_of(main_name) == MODULE_NONE) {
        snprintf(err, err_len,
                 "worker '%s': main module '%s' matches no module rule (.js .mjs .cjs); "
                 "remove `bundle = false` to bundle it with esbuild",
                 src->label, src->main_rel);
        return -1;
    }
    if (add_file(src, r, main_name, err, err_len) != 0)
        return -1;
    for (size_t i = 0; i < r->n_mods; i++) {
        if (!module_is_js(module_rule_of(r->mods[i].name)))
            continue;
        size_t n = 0;
        struct js_import *imps = js_imports(r->mods[i].data, r->mods[i].len, &n);
        int rc = 0;
        for (size_t k = 0; k < n && rc == 0; k++) {
            if (module_is_builtin(imps[k].spec))
                continue;
            char *from = xstrdup(r->mods[i].name);
            char *name = resolve(src, r, from, &imps[k]);
            if (name && !have(r, name))
                rc = add_file(src, r, name, err, err_len);
            free(name);
            free(from);
        }
        js_imports_free(imps, n);
        if (rc != 0)
            return -1;
    }
    return 0;
}
