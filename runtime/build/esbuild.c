/* The bundled upload: the real esbuild, run the way wrangler runs it for
 * Workers (deployment-bundle/bundle.ts): ES module output, target es2024,
 * the workerd/worker/browser conditions, JSX in .js files, NODE_ENV
 * defined, cloudflare:* external, node:* external when nodejs_compat or
 * nodejs_als is on. Files the module rules match (text, data, wasm) stay
 * external and go up as their own modules, named by their path under the
 * main module's directory (esbuild's metafile says who imports them). */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cJSON.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/build_int.h"
#include "runtime/build/build_path.h"
#include "runtime/build/module_rules.h"
#include "runtime/build/run_cmd.h"
#include "runtime/store/fsutil.h"

/* find_esbuild: the program's node_modules/.bin/esbuild, else the first
 * esbuild on PATH; malloc'd, or NULL. */
static char *find_esbuild(const char *prog_dir)
{
    char *local = xasprintf("%s/node_modules/.bin/esbuild", prog_dir);
    if (access(local, X_OK) == 0)
        return local;
    free(local);
    const char *path = getenv("PATH");
    char *copy = xstrdup(path ? path : ""), *save = NULL;
    char *found = NULL;
    for (char *d = strtok_r(copy, ":", &save); d && !found; d = strtok_r(NULL, ":", &save)) {
        char *cand = xasprintf("%s/esbuild", d[0] ? d : ".");
        if (access(cand, X_OK) == 0)
            found = cand;
        else
            free(cand);
    }
    free(copy);
    return found;
}

struct argv_buf {
    char *items[40];
    size_t n;
};

static void arg(struct argv_buf *a, char *s)
{
    if (a->n + 1 < sizeof a->items / sizeof a->items[0])
        a->items[a->n++] = s;
    else
        free(s);
}

static char *stem_of(const char *main)
{
    const char *base = strrchr(main, '/');
    base = base ? base + 1 : main;
    const char *dot = strrchr(base, '.');
    return dot && dot != base ? xstrndup(base, (size_t)(dot - base)) : xstrdup(base);
}

static void build_argv(struct argv_buf *a, const char *esbuild, const struct build_src *src,
                       const char *out_dir, const char *stem, bool node_external,
                       const char *compat_date)
{
    static const char *const fixed[] = {"--bundle",
                                        "--format=esm",
                                        "--target=es2024",
                                        "--conditions=workerd,worker,browser",
                                        "--sourcemap",
                                        "--log-level=error",
                                        "--loader:.js=jsx",
                                        "--loader:.mjs=jsx",
                                        "--loader:.cjs=jsx",
                                        "--external:__STATIC_CONTENT_MANIFEST",
                                        "--external:cloudflare:*",
                                        "--external:*.wasm",
                                        "--external:*.txt",
                                        "--external:*.html",
                                        "--external:*.sql",
                                        "--external:*.bin",
                                        "--define:process.env.NODE_ENV=\"production\"",
                                        "--define:global.process.env.NODE_ENV=\"production\"",
                                        "--define:globalThis.process.env.NODE_ENV=\"production\""};
    arg(a, xstrdup(esbuild));
    arg(a, xstrdup(src->main_rel));
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
        arg(a, xstrdup(fixed[i]));
    if (node_external)
        arg(a, xstrdup("--external:node:*"));
    /* wrangler defines navigator.userAgent from the date workerd has it */
    if (compat_date && strcmp(compat_date, "2022-03-21") >= 0)
        arg(a, xstrdup("--define:navigator.userAgent=\"Cloudflare-Workers\""));
    arg(a, xasprintf("--outdir=%s", out_dir));
    arg(a, xasprintf("--entry-names=%s", stem));
    arg(a, xasprintf("--metafile=%s/meta.json", out_dir));
    a->items[a->n] = NULL;
}

/* ------------------------------------------------------------------ */
/* external modules: the metafile's external imports the rules match  */

struct rename {
    char *literal; /* as written in the source and kept by esbuild */
    char *name;    /* the module name under the main's directory */
};

struct renames {
    struct rename *items;
    size_t n;
};

static void renames_free(struct renames *rs)
{
    for (size_t i = 0; i < rs->n; i++) {
        free(rs->items[i].literal);
        free(rs->items[i].name);
    }
    free(rs->items);
}

/* note_external records that importer (relative to prog_dir) imports the
 * module file literal; -1 with err when it cannot be uploaded. */
static int note_external(const struct build_src *src, struct build_result *r, struct renames *rs,
                         const char *importer, const char *literal, char *err, size_t err_len)
{
    char real[PATH_MAX];
    char *idir = build_path_dir(importer);
    char *joined = xasprintf("%s/%s/%s", src->prog_dir, idir, literal);
    char *path = build_path_normalize(joined);
    char *name = realpath(path, real) ? build_path_under(src->main_dir, real) : NULL;
    int rc = 0;
    free(idir);
    free(joined);
    if (!name) {
        snprintf(
            err, err_len, "worker '%s': %s imports '%s', but %s %s; module files must be under %s",
            src->label, importer, literal, path,
            access(path, F_OK) == 0 ? "is outside the main module's directory" : "does not exist",
            src->main_dir);
        free(path);
        return -1;
    }
    for (size_t i = 0; i < rs->n && rc == 0; i++)
        if (strcmp(rs->items[i].literal, literal) == 0 && strcmp(rs->items[i].name, name) != 0) {
            snprintf(err, err_len,
                     "worker '%s': '%s' names two different files (%s and %s) from different "
                     "directories; import one of them by another relative path",
                     src->label, literal, rs->items[i].name, name);
            rc = -1;
        }
    bool seen = false;
    for (size_t i = 0; i < rs->n; i++)
        seen = seen || strcmp(rs->items[i].literal, literal) == 0;
    if (rc == 0 && !seen) {
        rs->items = xreallocarray(rs->items, rs->n + 1, sizeof *rs->items);
        rs->items[rs->n++] = (struct rename){xstrdup(literal), xstrdup(name)};
        bool have = false;
        for (size_t i = 0; i < r->n_mods; i++)
            have = have || strcmp(r->mods[i].name, name) == 0;
        size_t len = 0;
        char *data = have ? NULL : fs_read_inside(src->prog_dir, real, &len);
        if (!have && !data) {
            snprintf(err, err_len, "worker '%s': cannot read module '%s': %s", src->label, real,
                     strerror(errno));
            rc = -1;
        } else if (!have) {
            build_add_module(r, name, module_content_type(module_rule_of(name)), data, len, real);
        }
    }
    free(name);
    free(path);
    return rc;
}

/* externals walks the metafile's inputs for external imports of module
 * files (relative paths the rules match). */
static int externals(const struct build_src *src, const cJSON *meta, struct build_result *r,
                     struct renames *rs, char *err, size_t err_len)
{
    const cJSON *in, *imp;
    cJSON_ArrayForEach(in, cJSON_GetObjectItemCaseSensitive(meta, "inputs"))
    {
        cJSON_ArrayForEach(imp, cJSON_GetObjectItemCaseSensitive(in, "imports"))
        {
            const char *p = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(imp, "path"));
            if (!p || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(imp, "external")) ||
                module_is_js(module_rule_of(p)) || module_rule_of(p) == MODULE_NONE ||
                (strncmp(p, "./", 2) != 0 && strncmp(p, "../", 3) != 0))
                continue;
            if (note_external(src, r, rs, in->string, p, err, err_len) != 0)
                return -1;
        }
    }
    return 0;
}

/* rewrite: the bundle with each kept module path replaced by "./NAME", the
 * module's name as the runtime resolves it from the bundle at the root. */
static char *rewrite(const char *code, size_t *len, const struct renames *rs)
{
    static const char *const lead[] = {"from ", "import ", "import(", "require("};
    char *out = xstrndup(code, *len);
    for (size_t i = 0; i < rs->n; i++) {
        for (size_t k = 0; k < sizeof lead / sizeof lead[0]; k++) {
            char *from = xasprintf("%s\"%s\"", lead[k], rs->items[i].literal);
            char *to = xasprintf("%s\"./%s\"", lead[k], rs->items[i].name);
            size_t fl = strlen(from), tl = strlen(to);
            for (char *p = strstr(out, from); p; p = strstr(p + tl, from)) {
                size_t off = (size_t)(p - out), n = strlen(out);
                char *grown = xmalloc(n - fl + tl + 1);
                memcpy(grown, out, off);
                memcpy(grown + off, to, tl);
                memcpy(grown + off + tl, out + off + fl, n - off - fl + 1);
                free(out);
                out = grown;
                p = out + off;
            }
            free(from);
            free(to);
        }
    }
    *len = strlen(out);
    return out;
}

/* ------------------------------------------------------------------ */
/* the source map, made independent of where esbuild wrote it          */

/* source_map: esbuild's map with "file" set to the main module's name and
 * every source made relative to the main module's directory (as wrangler
 * does), so the bytes do not depend on the temporary directory. */
static char *source_map(const struct build_src *src, const char *out_dir, const char *raw,
                        const char *main_name, size_t *len)
{
    cJSON *map = cJSON_Parse(raw);
    if (!map)
        return NULL;
    cJSON_DeleteItemFromObjectCaseSensitive(map, "sourceRoot");
    cJSON_DeleteItemFromObjectCaseSensitive(map, "file");
    cJSON_AddStringToObject(map, "file", main_name);
    cJSON *s;
    cJSON_ArrayForEach(s, cJSON_GetObjectItemCaseSensitive(map, "sources"))
    {
        if (!cJSON_IsString(s))
            continue;
        char *joined = xasprintf("%s/%s", out_dir, s->valuestring);
        char *abs = build_path_normalize(joined);
        char *rel = build_path_relative(src->main_dir, abs);
        cJSON_SetValuestring(s, rel);
        free(joined);
        free(abs);
        free(rel);
    }
    char *out = cJSON_PrintUnformatted(map);
    cJSON_Delete(map);
    *len = strlen(out);
    return out;
}

/* ------------------------------------------------------------------ */

static void remove_outputs(const char *out_dir, const char *stem)
{
    static const char *const fmt[] = {"%s/%s.js", "%s/%s.js.map", "%s/meta.json%.0s"};
    for (size_t i = 0; i < 3; i++) {
        char *p = xasprintf(fmt[i], out_dir, stem);
        unlink(p);
        free(p);
    }
    rmdir(out_dir);
}

static char *read_output(const char *out_dir, const char *file, size_t *len)
{
    char *p = fs_join(out_dir, file);
    char *data = fs_read_all(p, len);
    free(p);
    return data;
}

/* bundle_outputs reads what esbuild wrote and fills r. */
static int bundle_outputs(const struct build_src *src, const char *out_dir, const char *stem,
                          bool source_maps, struct build_result *r, char *err, size_t err_len)
{
    size_t len = 0, map_len = 0, meta_len = 0;
    char *js_name = xasprintf("%s.js", stem), *map_name = xasprintf("%s.js.map", stem);
    char *code = read_output(out_dir, js_name, &len);
    char *raw_map = read_output(out_dir, map_name, &map_len);
    char *meta_text = read_output(out_dir, "meta.json", &meta_len);
    cJSON *meta = meta_text ? cJSON_Parse(meta_text) : NULL;
    struct renames rs = {0};
    int rc = -1;
    r->main_module = xstrdup(js_name);
    build_add_module(r, js_name, module_content_type(MODULE_ESM), NULL, 0, NULL);
    if (!code || !meta)
        snprintf(err, err_len, "worker '%s': esbuild wrote no bundle for %s", src->label,
                 src->main_rel);
    else if (externals(src, meta, r, &rs, err, err_len) == 0) {
        r->mods[0].data = rewrite(code, &len, &rs);
        r->mods[0].len = len;
        rc = 0;
    }
    if (rc == 0 && source_maps && raw_map) {
        size_t n = 0;
        char *m = source_map(src, out_dir, raw_map, js_name, &n);
        if (m)
            build_add_module(r, map_name, "application/source-map", m, n, NULL);
    }
    renames_free(&rs);
    cJSON_Delete(meta);
    free(meta_text);
    free(raw_map);
    free(code);
    free(js_name);
    free(map_name);
    return rc;
}

/* build_esbuild: see build_int.h. */
int build_esbuild(const struct build_src *src, bool node_external, bool source_maps,
                  const char *compat_date, struct build_result *r, char *err, size_t err_len)
{
    char *esbuild = find_esbuild(src->prog_dir);
    if (!esbuild) {
        snprintf(err, err_len,
                 "worker '%s': %s needs bundling, and esbuild was not found in "
                 "%s/node_modules/.bin or on PATH; install it with `npm install --save-dev "
                 "esbuild` in the program directory (or set `bundle = false` for plain "
                 "JavaScript modules)",
                 src->label, src->main_rel, src->prog_dir);
        return -1;
    }
    const char *tmp = getenv("TMPDIR");
    char *out_dir = xasprintf("%s/domec-esbuild-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
    if (!mkdtemp(out_dir)) {
        snprintf(err, err_len, "worker '%s': cannot create a directory for esbuild: %s", src->label,
                 strerror(errno));
        free(out_dir);
        free(esbuild);
        return -1;
    }
    char *stem = stem_of(src->main_rel);
    struct argv_buf a = {0};
    struct run_cmd_result res = {0};
    build_argv(&a, esbuild, src, out_dir, stem, node_external, compat_date);
    int rc = run_cmd(src->prog_dir, a.items, &res, err, err_len);
    if (rc == 0 && res.status != 0) {
        snprintf(err, err_len, "worker '%s': esbuild (%s) could not bundle %s:\n%s", src->label,
                 esbuild, src->main_rel, run_cmd_tail(res.output, 1500));
        rc = -1;
    }
    if (rc == 0)
        rc = bundle_outputs(src, out_dir, stem, source_maps, r, err, err_len);
    r->is_bundled = true;
    run_cmd_result_free(&res);
    remove_outputs(out_dir, stem);
    for (size_t i = 0; i < a.n; i++)
        free(a.items[i]);
    free(stem);
    free(out_dir);
    free(esbuild);
    return rc;
}
