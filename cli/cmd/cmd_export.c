/* domec export wrangler --stack S [--out DIR]: one wrangler.jsonc per
 * worker, written from the program and the stack's state (physical names,
 * recorded ids, every binding), in wrangler's configuration format, so
 * `wrangler dev` and `wrangler deploy --dry-run` read the same worker.
 * Exit 0 written, 1 a resource not applied yet, 2 usage or I/O. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/session.h"
#include "runtime/base/xalloc.h"
#include "runtime/build/build_path.h"
#include "runtime/model/desired.h"
#include "runtime/store/fsutil.h"

static const struct ir_value *attr(const struct ir_resource *r, const char *name)
{
    for (size_t i = 0; i < r->n_attrs; i++)
        if (strcmp(r->attrs[i].name, name) == 0)
            return &r->attrs[i].value;
    return NULL;
}

/* relative_to: path (relative to the program directory, or absolute) as
 * seen from the directory out_dir (absolute), for wrangler's paths. */
static char *relative_to(const char *prog_dir, const char *out_dir, const char *path)
{
    char real[PATH_MAX];
    char *joined = path[0] == '/' ? xstrdup(path) : fs_join(prog_dir, path);
    char *abs = realpath(joined, real) ? xstrdup(real) : build_path_normalize(joined);
    char *rel = build_path_relative(out_dir, abs);
    free(joined);
    free(abs);
    return rel;
}

struct export_ctx {
    struct session *s;
    const char *out_dir; /* the worker's directory, absolute */
    char err[600];
};

/* state_of: the state entry of resource i, or NULL after an error. */
static const cJSON *state_of(struct export_ctx *x, size_t i, const char *field)
{
    char key[300];
    desired_key(x->s->prog, i, key, sizeof key);
    const cJSON *e = state_get(&x->s->st, key);
    if (!e || !state_str(e, field)) {
        snprintf(x->err, sizeof x->err,
                 "%s has no %s in stack '%s' yet: run `domec apply --stack %s` first", key, field,
                 x->s->cl->stack, x->s->cl->stack);
        return NULL;
    }
    return e;
}

static cJSON *array_in(cJSON *o, const char *name)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name);
    return a ? a : cJSON_AddArrayToObject(o, name);
}

static cJSON *object_in(cJSON *o, const char *name)
{
    cJSON *a = cJSON_GetObjectItemCaseSensitive(o, name);
    return a ? a : cJSON_AddObjectToObject(o, name);
}

/* d1: {binding, database_name, database_id, migrations_dir}. */
static int d1(struct export_ctx *x, cJSON *cfg, const struct ir_binding *b)
{
    const struct ir_resource *db = &x->s->prog->resources[b->target];
    const cJSON *e = state_of(x, b->target, "id");
    if (!e)
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "binding", b->name);
    cJSON_AddStringToObject(o, "database_name", state_str(e, "name"));
    cJSON_AddStringToObject(o, "database_id", state_str(e, "id"));
    const struct ir_value *m = attr(db, "migrations");
    if (m && m->type == IR_STRING) {
        char *rel = relative_to(x->s->prog->dir, x->out_dir, m->u.s);
        cJSON_AddStringToObject(o, "migrations_dir", rel);
        free(rel);
    }
    cJSON_AddItemToArray(array_in(cfg, "d1_databases"), o);
    return 0;
}

/* named: a binding wrangler writes as {binding, FIELD: physical name}. */
static int named(struct export_ctx *x, cJSON *arr, const struct ir_binding *b, const char *field)
{
    const cJSON *e = state_of(x, b->target, "name");
    if (!e)
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "binding", b->name);
    cJSON_AddStringToObject(o, field, state_str(e, "name"));
    cJSON_AddItemToArray(arr, o);
    return 0;
}

/* kv: {binding, id}. */
static int kv(struct export_ctx *x, cJSON *cfg, const struct ir_binding *b)
{
    const cJSON *e = state_of(x, b->target, "id");
    if (!e)
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "binding", b->name);
    cJSON_AddStringToObject(o, "id", state_str(e, "id"));
    cJSON_AddItemToArray(array_in(cfg, "kv_namespaces"), o);
    return 0;
}

/* durable: durable_objects.bindings {name, class_name, script_name when
 * another worker hosts the class}. */
static void durable(struct export_ctx *x, cJSON *cfg, const struct ir_binding *b)
{
    const struct ir_resource *d = &x->s->prog->resources[b->target];
    const struct ir_value *cls = attr(d, "class"), *host = attr(d, "worker");
    const char *self = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(cfg, "name"));
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", b->name);
    cJSON_AddStringToObject(o, "class_name", cls && cls->type == IR_STRING ? cls->u.s : "");
    if (host && host->type == IR_REF) {
        const char *script = x->s->prog->resources[host->u.ref.resource].name;
        if (!self || strcmp(self, script) != 0)
            cJSON_AddStringToObject(o, "script_name", script);
    }
    cJSON_AddItemToArray(array_in(object_in(cfg, "durable_objects"), "bindings"), o);
}

static int binding(struct export_ctx *x, cJSON *cfg, const struct ir_binding *b, cJSON *secrets)
{
    switch (b->type) {
    case IR_BIND_D1:
        return d1(x, cfg, b);
    case IR_BIND_R2:
        return named(x, array_in(cfg, "r2_buckets"), b, "bucket_name");
    case IR_BIND_VECTORIZE:
        return named(x, array_in(cfg, "vectorize"), b, "index_name");
    case IR_BIND_QUEUE:
        return named(x, array_in(object_in(cfg, "queues"), "producers"), b, "queue");
    case IR_BIND_SERVICE:
        return named(x, array_in(cfg, "services"), b, "service");
    case IR_BIND_AI:
        cJSON_AddStringToObject(object_in(cfg, "ai"), "binding", b->name);
        return 0;
    case IR_BIND_KV:
        return kv(x, cfg, b);
    case IR_BIND_DURABLE_OBJECT:
        durable(x, cfg, b);
        return 0;
    case IR_BIND_PLAIN_TEXT:
        cJSON_AddStringToObject(object_in(cfg, "vars"), b->name,
                                b->value.type == IR_STRING ? b->value.u.s : "");
        return 0;
    case IR_BIND_SECRET_TEXT:
        cJSON_AddItemToArray(secrets, cJSON_CreateString(b->name));
        return 0;
    case IR_N_BINDING_TYPES:
        break;
    }
    return 0;
}

/* consumer: wrangler's queues.consumers entry (max_batch_timeout in seconds). */
static int consumer(struct export_ctx *x, cJSON *cfg, const struct ir_consumer *c)
{
    const cJSON *q = state_of(x, c->queue, "name");
    const cJSON *dlq = c->has_dead_letter ? state_of(x, c->dead_letter, "name") : NULL;
    if (!q || (c->has_dead_letter && !dlq))
        return -1;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "queue", state_str(q, "name"));
    cJSON_AddNumberToObject(o, "max_batch_size", (double)c->batch_size);
    cJSON_AddNumberToObject(o, "max_retries", (double)c->max_retries);
    cJSON_AddNumberToObject(o, "max_batch_timeout", (double)c->max_wait_ms / 1000.0);
    if (dlq)
        cJSON_AddStringToObject(o, "dead_letter_queue", state_str(dlq, "name"));
    cJSON_AddItemToArray(array_in(object_in(cfg, "queues"), "consumers"), o);
    return 0;
}

/* settings: name, main, dates and flags, build settings, crons. */
static void settings(struct export_ctx *x, cJSON *cfg, const struct ir_resource *r)
{
    cJSON_AddStringToObject(cfg, "name", r->name);
    char *main_rel = relative_to(x->s->prog->dir, x->out_dir, r->main_path);
    cJSON_AddStringToObject(cfg, "main", main_rel);
    free(main_rel);
    const struct ir_value *v;
    if ((v = attr(r, "compatibility_date")) && v->type == IR_STRING)
        cJSON_AddStringToObject(cfg, "compatibility_date", v->u.s);
    if ((v = attr(r, "compatibility_flags")) && v->type == IR_LIST && v->u.list.n_items) {
        cJSON *f = cJSON_AddArrayToObject(cfg, "compatibility_flags");
        for (size_t i = 0; i < v->u.list.n_items; i++)
            cJSON_AddItemToArray(f, cJSON_CreateString(v->u.list.items[i].u.s));
    }
    if ((v = attr(r, "logpush")) && v->type == IR_BOOL && v->u.b)
        cJSON_AddBoolToObject(cfg, "logpush", true);
    if ((v = attr(r, "bundle")) && v->type == IR_BOOL && !v->u.b)
        cJSON_AddBoolToObject(cfg, "no_bundle", true);
    if ((v = attr(r, "upload_source_maps")) && v->type == IR_BOOL && v->u.b)
        cJSON_AddBoolToObject(cfg, "upload_source_maps", true);
    if ((v = attr(r, "build")) && v->type == IR_STRING) {
        cJSON *b = cJSON_AddObjectToObject(cfg, "build");
        cJSON_AddStringToObject(b, "command", v->u.s);
        char *cwd = relative_to(x->s->prog->dir, x->out_dir, ".");
        cJSON_AddStringToObject(b, "cwd", cwd);
        free(cwd);
    }
    if (r->n_crons) {
        cJSON *c = cJSON_AddArrayToObject(cJSON_AddObjectToObject(cfg, "triggers"), "crons");
        for (size_t i = 0; i < r->n_crons; i++)
            cJSON_AddItemToArray(c, cJSON_CreateString(r->crons[i]));
    }
}

/* worker_config: the wrangler configuration of worker r; NULL with x->err. */
static cJSON *worker_config(struct export_ctx *x, const struct ir_resource *r, cJSON *secrets)
{
    cJSON *cfg = cJSON_CreateObject();
    settings(x, cfg, r);
    for (size_t i = 0; i < r->n_bindings; i++)
        if (binding(x, cfg, &r->bindings[i], secrets) != 0) {
            cJSON_Delete(cfg);
            return NULL;
        }
    for (size_t i = 0; i < r->n_consumers; i++)
        if (consumer(x, cfg, &r->consumers[i]) != 0) {
            cJSON_Delete(cfg);
            return NULL;
        }
    return cfg;
}

static int write_config(struct export_ctx *x, const struct ir_resource *r, cJSON *cfg,
                        const cJSON *secrets)
{
    char *json = cJSON_Print(cfg);
    char *names = cJSON_PrintUnformatted(secrets);
    char *text = xasprintf("// worker.%s of stack '%s', written by `domec export wrangler`: "
                           "regenerate it, do not edit.\n%s%s%s%s\n",
                           r->label, x->s->cl->stack,
                           cJSON_GetArraySize(secrets) ? "// secrets (not written; put them in "
                                                         ".dev.vars for wrangler dev): "
                                                       : "",
                           cJSON_GetArraySize(secrets) ? names : "",
                           cJSON_GetArraySize(secrets) ? "\n" : "", json);
    char *path = fs_join(x->out_dir, "wrangler.jsonc");
    int rc = fs_mkdirs(x->out_dir) == 0 ? 0 : -1;
    if (rc != 0)
        snprintf(x->err, sizeof x->err, "cannot create %s: %s", x->out_dir, strerror(errno));
    else
        rc = fs_write_atomic(path, text, strlen(text), 0644, x->err, sizeof x->err);
    if (rc == 0)
        printf("wrote %s\n", path);
    free(path);
    free(text);
    free(names);
    free(json);
    return rc;
}

/* out_root: the absolute directory the workers' directories go in. */
static char *out_root(const struct session *s)
{
    char real[PATH_MAX];
    char *want =
        s->cl->out ? xstrdup(s->cl->out) : xasprintf("%s/wrangler/%s", s->cl->dir, s->cl->stack);
    if (want[0] != '/' && realpath(".", real)) {
        char *abs = xasprintf("%s/%s", real, want);
        free(want);
        want = abs;
    }
    char *norm = build_path_normalize(want);
    free(want);
    return norm;
}

static int export_all(struct session *s)
{
    char *root = out_root(s);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < s->prog->n_resources; i++) {
        const struct ir_resource *r = &s->prog->resources[i];
        if (r->kind != IR_WORKER)
            continue;
        char *dir = fs_join(root, r->label);
        struct export_ctx x = {s, dir, ""};
        cJSON *secrets = cJSON_CreateArray();
        cJSON *cfg = worker_config(&x, r, secrets);
        rc = cfg ? write_config(&x, r, cfg, secrets) : 1;
        if (rc != 0)
            fprintf(stderr, "domec export wrangler: %s\n", x.err);
        cJSON_Delete(cfg);
        cJSON_Delete(secrets);
        free(dir);
    }
    free(root);
    return rc == 0 ? 0 : rc == 1 ? 1 : 2;
}

/* cmd_export_wrangler implements `domec export wrangler`. */
int cmd_export_wrangler(struct opts *o)
{
    struct session s = {.cl = o, .command = "export"};
    int rc = session_load(&s);
    if (rc == 0)
        rc = session_state(&s, false) != 0 ? 2 : export_all(&s);
    session_close(&s);
    return rc;
}
