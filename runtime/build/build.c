/* Which way a worker is built, the build command, the code hash (see
 * build.h). */
#include "runtime/build/build.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/build_int.h"
#include "runtime/build/build_path.h"
#include "runtime/build/js_imports.h"
#include "runtime/build/module_rules.h"
#include "runtime/build/run_cmd.h"
#include "runtime/store/fsutil.h"

/* build_add_module: see build_int.h. */
void build_add_module(struct build_result *r, const char *name, const char *content_type,
                      char *data, size_t len, const char *source)
{
    r->mods = xreallocarray(r->mods, r->n_mods + 1, sizeof *r->mods);
    r->mods[r->n_mods++] = (struct build_module){xstrdup(name), content_type, data, len,
                                                 source ? xstrdup(source) : NULL};
}

/* build_warn: see build_int.h. */
void build_warn(struct build_result *r, const char *fmt, ...)
{
    char buf[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->warnings = xreallocarray(r->warnings, r->n_warnings + 1, sizeof *r->warnings);
    r->warnings[r->n_warnings++] = xstrdup(buf);
}

/* build_result_free: see build.h. */
void build_result_free(struct build_result *r)
{
    for (size_t i = 0; i < r->n_mods; i++) {
        free(r->mods[i].name);
        free(r->mods[i].data);
        free(r->mods[i].source);
    }
    for (size_t i = 0; i < r->n_warnings; i++)
        free(r->warnings[i]);
    free(r->mods);
    free(r->warnings);
    free(r->main_module);
    memset(r, 0, sizeof *r);
}

static const struct ir_value *attr_value(const struct ir_resource *res, const char *name)
{
    for (size_t i = 0; i < res->n_attrs; i++)
        if (strcmp(res->attrs[i].name, name) == 0)
            return &res->attrs[i].value;
    return NULL;
}

static const char *attr_string(const struct ir_resource *res, const char *name)
{
    const struct ir_value *v = attr_value(res, name);
    return v && v->type == IR_STRING ? v->u.s : NULL;
}

static bool has_flag(const struct ir_resource *res, const char *flag)
{
    const struct ir_value *v = attr_value(res, "compatibility_flags");
    for (size_t i = 0; v && v->type == IR_LIST && i < v->u.list.n_items; i++)
        if (v->u.list.items[i].type == IR_STRING && strcmp(v->u.list.items[i].u.s, flag) == 0)
            return true;
    return false;
}

/* imports_more: the main module imports something besides builtins. */
static bool imports_more(const char *main)
{
    size_t len = 0, n = 0;
    char *code = fs_read_all(main, &len);
    if (!code)
        return false; /* the collector reports the read error */
    struct js_import *imps = js_imports(code, len, &n);
    bool more = false;
    for (size_t i = 0; i < n; i++)
        more = more || !module_is_builtin(imps[i].spec);
    js_imports_free(imps, n);
    free(code);
    return more;
}

static bool wants_bundle(const struct ir_resource *res, const char *main)
{
    const struct ir_value *b = attr_value(res, "bundle");
    if (b && b->type == IR_BOOL)
        return b->u.b;
    return module_is_source_only(main) || imports_more(main);
}

/* run_build runs the worker's `build` command with sh in the program directory. */
static int run_build(const struct build_src *src, const char *cmd, char *err, size_t err_len)
{
    char sh[] = "sh", dash_c[] = "-c";
    char *line = xstrdup(cmd);
    char *argv[] = {sh, dash_c, line, NULL};
    struct run_cmd_result res = {0};
    int rc = run_cmd(src->prog_dir, argv, &res, err, err_len);
    free(line);
    if (rc == 0 && res.status != 0) {
        snprintf(err, err_len,
                 "worker '%s': build command `%s` failed with exit status %d in %s:\n%s",
                 src->label, cmd, res.status, src->prog_dir, run_cmd_tail(res.output, 1500));
        rc = -1;
    }
    run_cmd_result_free(&res);
    return rc;
}

/* paths resolves the program and main module paths (symlinks followed). */
static int paths(const char *prog_dir, const struct ir_resource *res, char *prog, char *main,
                 char **main_dir, char **main_rel, char *err, size_t err_len)
{
    if (!realpath(prog_dir, prog)) {
        snprintf(err, err_len, "cannot open the program directory '%s': %s", prog_dir,
                 strerror(errno));
        return -1;
    }
    if (!res->main_path || !realpath(res->main_path, main)) {
        snprintf(err, err_len, "worker '%s': cannot read main module '%s': %s", res->label,
                 res->main_path ? res->main_path : "(none)", strerror(errno));
        return -1;
    }
    *main_rel = build_path_under(prog, main);
    if (!*main_rel) {
        snprintf(err, err_len,
                 "worker '%s': cannot read main module '%s': outside the program directory",
                 res->label, res->main_path);
        return -1;
    }
    *main_dir = build_path_dir(main);
    return 0;
}

/* build_worker: see build.h. */
int build_worker(const char *prog_dir, const struct ir_resource *res, enum build_step step,
                 struct build_result *out, char *err, size_t err_len)
{
    char prog[PATH_MAX], main[PATH_MAX];
    char *main_dir = NULL, *main_rel = NULL;
    const char *cmd = attr_string(res, "build");
    memset(out, 0, sizeof *out);
    if (step == BUILD_PLAN && cmd) {
        if (!realpath(prog_dir, prog)) {
            snprintf(err, err_len, "cannot open the program directory '%s': %s", prog_dir,
                     strerror(errno));
            return -1;
        }
        struct build_src pre = {.label = res->label, .prog_dir = prog};
        if (run_build(&pre, cmd, err, err_len) != 0)
            return -1;
    }
    if (paths(prog_dir, res, prog, main, &main_dir, &main_rel, err, err_len) != 0) {
        free(main_rel);
        return -1;
    }
    struct build_src src = {res->label, prog, main, main_dir, main_rel};
    int rc = 0;
    if (!wants_bundle(res, main)) {
        rc = build_collect(&src, out, err, err_len);
    } else if (step != BUILD_CHECK) {
        const struct ir_value *maps = attr_value(res, "upload_source_maps");
        rc = build_esbuild(&src, has_flag(res, "nodejs_compat") || has_flag(res, "nodejs_als"),
                           maps && maps->type == IR_BOOL && maps->u.b,
                           attr_string(res, "compatibility_date"), out, err, err_len);
    } else {
        out->is_bundled = true;
    }
    free(main_dir);
    free(main_rel);
    if (rc != 0)
        build_result_free(out);
    return rc;
}

static int by_module_name(const void *a, const void *b)
{
    const struct build_module *x = *(const struct build_module *const *)a;
    const struct build_module *y = *(const struct build_module *const *)b;
    return strcmp(x->name, y->name);
}

/* build_code_hash: see build.h. Many modules: SHA-256 over
 * "name\0content-type\0<sha256 of bytes>" for each, in name order. */
void build_code_hash(const struct build_result *r, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES], mh[crypto_hash_sha256_BYTES];
    if (r->n_mods == 1) {
        crypto_hash_sha256(h, (const unsigned char *)r->mods[0].data, r->mods[0].len);
        sodium_bin2hex(hex, 65, h, sizeof h);
        return;
    }
    const struct build_module **sorted = xcalloc(r->n_mods + 1, sizeof *sorted);
    for (size_t i = 0; i < r->n_mods; i++)
        sorted[i] = &r->mods[i];
    qsort(sorted, r->n_mods, sizeof *sorted, by_module_name);
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (size_t i = 0; i < r->n_mods; i++) {
        const struct build_module *m = sorted[i];
        crypto_hash_sha256(mh, (const unsigned char *)m->data, m->len);
        crypto_hash_sha256_update(&st, (const unsigned char *)m->name, strlen(m->name) + 1);
        crypto_hash_sha256_update(&st, (const unsigned char *)m->content_type,
                                  strlen(m->content_type) + 1);
        crypto_hash_sha256_update(&st, mh, sizeof mh);
    }
    crypto_hash_sha256_final(&st, h);
    free(sorted);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* build_module_hashes: see build.h. */
cJSON *build_module_hashes(const struct build_result *r)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof h + 1];
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < r->n_mods; i++) {
        crypto_hash_sha256(h, (const unsigned char *)r->mods[i].data, r->mods[i].len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        hex[16] = '\0';
        cJSON_AddStringToObject(o, r->mods[i].name, hex);
    }
    return o;
}
