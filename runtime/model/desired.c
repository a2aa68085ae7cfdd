/* IR -> desired state entries: attribute values as JSON, worker bindings,
 * consumers, crons, code hash and secret hashes. Never keeps plaintext. */
#include "runtime/model/desired.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/build.h"
#include "runtime/build/migrations.h"
#include "runtime/store/state.h"
#include "runtime/store/fsutil.h"
#include "runtime/model/kind.h"
#include "runtime/model/r2_rules.h"
#include "runtime/secrets/secret.h"

/* desired_key: see desired.h. */
void desired_key(const struct ir_program *prog, size_t i, char *buf, size_t len)
{
    assert(i < prog->n_resources); /* references and targets index the IR's resources */
    kind_key(buf, len, prog->resources[i].kind, prog->resources[i].label);
}

/* desired_value: see desired.h. */
cJSON *desired_value(const struct ir_program *prog, const struct ir_value *v)
{
    char key[300];
    cJSON *o;
    switch (v->type) {
    case IR_STRING:
        return cJSON_CreateString(v->u.s ? v->u.s : "");
    case IR_INT:
        return cJSON_CreateNumber((double)v->u.i);
    case IR_NUMBER:
        return cJSON_CreateNumber(v->u.d);
    case IR_BOOL:
        return cJSON_CreateBool(v->u.b);
    case IR_LIST:
        o = cJSON_CreateArray();
        for (size_t k = 0; k < v->u.list.n_items; k++)
            cJSON_AddItemToArray(o, desired_value(prog, &v->u.list.items[k]));
        return o;
    case IR_MAP:
        o = cJSON_CreateObject();
        for (size_t k = 0; k < v->u.map.n_entries; k++)
            cJSON_AddItemToObject(o, v->u.map.keys[k], desired_value(prog, &v->u.map.values[k]));
        return o;
    case IR_REF:
        desired_key(prog, v->u.ref.resource, key, sizeof key);
        if (v->u.ref.attr) {
            size_t n = strlen(key);
            snprintf(key + n, sizeof key - n, ".%s", v->u.ref.attr);
        }
        return cJSON_CreateString(key);
    case IR_SECRET:
        return cJSON_CreateString("(sensitive)");
    case IR_NULL:
        break;
    }
    return cJSON_CreateNull();
}

/* desired_main_path: see desired.h. */
void desired_main_path(const struct ir_program *prog, const struct ir_resource *res, char *buf,
                       size_t len)
{
    (void)prog; /* lang/ already resolved main_path against the program dir (ir.h) */
    snprintf(buf, len, "%s", res->main_path ? res->main_path : "");
}

/* code_attrs builds the worker's upload (running its build command) and
 * records what stands for it: code_hash, main_module and, when more than
 * one module goes up, each module's hash ("modules", so a plan can name
 * the changed ones; derived, so a state that never recorded it is no
 * change by itself). */
static int code_attrs(const struct ir_program *prog, const struct ir_resource *res, cJSON *e,
                      cJSON *attrs, char *err, size_t err_len)
{
    struct build_result b;
    char hex[65];
    if (build_worker(prog->dir, res, BUILD_PLAN, &b, err, err_len) != 0)
        return -1;
    build_code_hash(&b, hex);
    cJSON_AddStringToObject(attrs, "code_hash", hex);
    cJSON_AddStringToObject(attrs, "main_module", b.main_module);
    if (b.n_mods > 1) {
        cJSON_AddItemToObject(attrs, "modules", build_module_hashes(&b));
        cJSON *derived = cJSON_GetObjectItemCaseSensitive(e, "derived");
        if (!derived)
            derived = cJSON_AddArrayToObject(e, "derived");
        cJSON_AddItemToArray(derived, cJSON_CreateString("modules"));
    }
    build_result_free(&b);
    return 0;
}

static cJSON *secret_binding_hash(const struct ir_binding *b, const struct secret_key *key,
                                  char *err, size_t err_len)
{
    struct secret_plain plain = {0};
    char why[256] = "";
    if (!key) {
        snprintf(err, err_len,
                 "secret '%s' needs the stack's secrets key: set DOME_PASSPHRASE or "
                 "DOME_SECRETS_KEY_FILE",
                 b->name);
        return NULL;
    }
    if (secret_unseal(key, b->value.u.secret.config_key, b->value.u.secret.sealed, &plain, why,
                      sizeof why) != 0) {
        snprintf(err, err_len, "secret '%s': %s", b->name, why);
        return NULL;
    }
    char *h = secret_hash(key, b->name, &plain);
    secret_plain_free(&plain);
    if (!h) {
        snprintf(err, err_len, "secret '%s': cannot hash the value", b->name);
        return NULL;
    }
    cJSON *s = cJSON_CreateString(h);
    free(h);
    return s;
}

/* durable_host: the IR index of durable object d's host worker, or -1 */
static long durable_host(const struct ir_resource *d)
{
    const struct ir_attr *w = ir_find_attr(d, "worker");
    return w && w->value.type == IR_REF ? (long)w->value.u.ref.resource : -1;
}

static const char *attr_str(const struct ir_resource *r, const char *name)
{
    const struct ir_attr *a = ir_find_attr(r, name);
    return a && a->value.type == IR_STRING ? a->value.u.s : NULL;
}

/* durable_binding: class_name, and script_name when another worker hosts it */
static void durable_binding(const struct ir_program *prog, const struct ir_binding *b, size_t self,
                            cJSON *o)
{
    const struct ir_resource *d = &prog->resources[b->target];
    long host = durable_host(d);
    const char *cls = attr_str(d, "class");
    cJSON_AddStringToObject(o, "class_name", cls ? cls : "");
    if (host >= 0 && (size_t)host != self)
        cJSON_AddStringToObject(o, "script_name", prog->resources[host].name);
}

/* durable_classes: the classes a worker hosts, [{class, storage}] by class */
static cJSON *durable_classes(const struct ir_program *prog, size_t self)
{
    cJSON *arr = NULL;
    for (size_t i = 0; i < prog->n_resources; i++) {
        const struct ir_resource *d = &prog->resources[i];
        if (d->kind != IR_DURABLE_OBJECT || d->is_deleted || durable_host(d) != (long)self)
            continue;
        if (!arr)
            arr = cJSON_CreateArray();
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "class", attr_str(d, "class") ? attr_str(d, "class") : "");
        cJSON_AddStringToObject(o, "storage",
                                attr_str(d, "storage") ? attr_str(d, "storage") : "sqlite");
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *binding_json(const struct ir_program *prog, const struct ir_binding *b, size_t self,
                           const struct secret_key *key, char *err, size_t err_len)
{
    char target[300];
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", b->name);
    cJSON_AddStringToObject(o, "type", kind_binding_type(b->type));
    if (b->type <= IR_BIND_SERVICE) {
        desired_key(prog, b->target, target, sizeof target);
        cJSON_AddStringToObject(o, "target", target);
        if (b->has_delivery_delay)
            cJSON_AddNumberToObject(o, "delivery_delay", (double)b->delivery_delay);
        if (b->type == IR_BIND_DURABLE_OBJECT)
            durable_binding(prog, b, self, o);
    } else if (b->type == IR_BIND_PLAIN_TEXT) {
        cJSON_AddItemToObject(o, "text", desired_value(prog, &b->value));
    } else if (b->type == IR_BIND_SECRET_TEXT) {
        cJSON *h = secret_binding_hash(b, key, err, err_len);
        if (!h) {
            cJSON_Delete(o);
            return NULL;
        }
        cJSON_AddItemToObject(o, "hash", h);
    }
    return o;
}

static int by_name(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    const char *nx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "name"));
    const char *ny = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(y, "name"));
    if (!nx)
        nx = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "queue"));
    if (!ny)
        ny = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(y, "queue"));
    return strcmp(nx ? nx : "", ny ? ny : "");
}

/* sorted: an array of objects by "name" (or "queue") */
static cJSON *sorted(cJSON *arr)
{
    return state_sort_array(arr, by_name);
}

static int by_class(const void *a, const void *b)
{
    const char *x =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(*(const cJSON *const *)a, "class"));
    const char *y =
        cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(*(const cJSON *const *)b, "class"));
    return strcmp(x ? x : "", y ? y : "");
}

static cJSON *sorted_by_class(cJSON *arr)
{
    return state_sort_array(arr, by_class);
}

static cJSON *consumers_json(const struct ir_program *prog, const struct ir_resource *res)
{
    char key[300];
    cJSON *arr = cJSON_CreateArray();
    for (size_t k = 0; k < res->n_consumers; k++) {
        const struct ir_consumer *c = &res->consumers[k];
        cJSON *o = cJSON_CreateObject();
        desired_key(prog, c->queue, key, sizeof key);
        cJSON_AddStringToObject(o, "queue", key);
        cJSON_AddNumberToObject(o, "batch_size", (double)c->batch_size);
        cJSON_AddNumberToObject(o, "max_retries", (double)c->max_retries);
        cJSON_AddNumberToObject(o, "max_wait_time_ms", (double)c->max_wait_ms);
        if (c->max_concurrency >= 0)
            cJSON_AddNumberToObject(o, "max_concurrency", (double)c->max_concurrency);
        if (c->retry_delay >= 0)
            cJSON_AddNumberToObject(o, "retry_delay", (double)c->retry_delay);
        if (c->has_dead_letter) {
            desired_key(prog, c->dead_letter, key, sizeof key);
            cJSON_AddStringToObject(o, "dead_letter", key);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return sorted(arr);
}

static int worker_attrs(const struct ir_program *prog, size_t self, cJSON *e, cJSON *attrs,
                        const struct secret_key *key, char *err, size_t err_len)
{
    const struct ir_resource *res = &prog->resources[self];
    if (code_attrs(prog, res, e, attrs, err, err_len) != 0)
        return -1;
    cJSON *binds = cJSON_CreateArray();
    cJSON_AddItemToObject(attrs, "bindings", binds);
    for (size_t k = 0; k < res->n_bindings; k++) {
        cJSON *b = binding_json(prog, &res->bindings[k], self, key, err, err_len);
        if (!b)
            return -1;
        cJSON_AddItemToArray(binds, b);
    }
    sorted(binds);
    cJSON_AddItemToObject(attrs, "consumers", consumers_json(prog, res));
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, "crons");
    cJSON *crons = cJSON_CreateArray();
    for (size_t k = 0; k < res->n_crons; k++)
        cJSON_AddItemToArray(crons, cJSON_CreateString(res->crons[k]));
    cJSON_AddItemToObject(attrs, "crons", crons);
    cJSON *classes = durable_classes(prog, self);
    if (classes) /* only for hosts: other workers' entries stay as they were */
        cJSON_AddItemToObject(attrs, "durable_objects", sorted_by_class(classes));
    return 0;
}

/* Vectorize presets and the index they make (Cloudflare's Vectorize docs):
 * the live index reports only dimensions and metric. */
static const struct {
    const char *name;
    int dimensions;
} presets[] = {
    {"@cf/baai/bge-small-en-v1.5", 384},     {"@cf/baai/bge-base-en-v1.5", 768},
    {"@cf/baai/bge-large-en-v1.5", 1024},    {"openai/text-embedding-ada-002", 1536},
    {"cohere/embed-multilingual-v2.0", 768},
};

/* preset_attrs: an index made from a preset gets the dimensions and metric
 * the preset stands for, listed as "derived" (plan.c: no change where the
 * state never recorded them). */
static void preset_attrs(cJSON *e, cJSON *attrs)
{
    const char *preset = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attrs, "preset"));
    for (size_t i = 0; preset && i < sizeof presets / sizeof presets[0]; i++) {
        if (strcmp(preset, presets[i].name) != 0)
            continue;
        cJSON *derived = cJSON_AddArrayToObject(e, "derived");
        if (!cJSON_GetObjectItemCaseSensitive(attrs, "dimensions")) {
            cJSON_AddNumberToObject(attrs, "dimensions", presets[i].dimensions);
            cJSON_AddItemToArray(derived, cJSON_CreateString("dimensions"));
        }
        if (!cJSON_GetObjectItemCaseSensitive(attrs, "metric")) {
            cJSON_AddStringToObject(attrs, "metric", "cosine");
            cJSON_AddItemToArray(derived, cJSON_CreateString("metric"));
        }
    }
}

/* durable_name: HOST_CLASS, as Cloudflare names a Durable Object namespace */
static void durable_name(const struct ir_program *prog, const struct ir_resource *d, cJSON *e)
{
    long host = durable_host(d);
    const char *cls = attr_str(d, "class");
    if (host < 0 || !cls)
        return;
    char name[600];
    snprintf(name, sizeof name, "%s_%s", prog->resources[host].name, cls);
    cJSON_ReplaceItemInObjectCaseSensitive(e, "name", cJSON_CreateString(name));
}

static void add_deps(const struct ir_program *prog, const struct ir_resource *res, cJSON *e)
{
    char key[300];
    cJSON *deps = cJSON_CreateArray();
    for (size_t k = 0; k < res->n_deps; k++) {
        desired_key(prog, res->deps[k], key, sizeof key);
        cJSON_AddItemToArray(deps, cJSON_CreateString(key));
    }
    cJSON_AddItemToObject(e, "deps", deps);
}

/* migration_attrs: a database's `migrations` directory becomes the
 * {"file": "sha256"} of its migration files: a new file is a change (to
 * apply), and the state keeps what each applied file held. */
static int migration_attrs(const struct ir_program *prog, const struct ir_resource *res,
                           cJSON *attrs, char *err, size_t err_len)
{
    const char *dir = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(attrs, "migrations"));
    struct migration *m;
    size_t n;
    char why[900];
    if (!dir)
        return 0;
    if (migrations_read(prog->dir, dir, &m, &n, why, sizeof why) != 0) {
        snprintf(err, err_len, "database '%s': %s", res->label, why);
        return -1;
    }
    cJSON_ReplaceItemInObjectCaseSensitive(attrs, "migrations", migrations_hashes(m, n));
    migrations_free(m, n);
    return 0;
}

/* is_code_source: attributes that say where the code comes from; what
 * they produce is the code_hash, so they are never compared themselves. */
static bool is_code_source(const char *attr)
{
    static const char *const names[] = {"name", "main", "bundle", "build", "upload_source_maps"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(attr, names[i]) == 0)
            return true;
    return false;
}

/* desired_entry: see desired.h. */
cJSON *desired_entry(const struct ir_program *prog, size_t i, const struct secret_key *key,
                     char *err, size_t err_len)
{
    const struct ir_resource *res = &prog->resources[i];
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", kind_name(res->kind));
    cJSON_AddStringToObject(e, "label", res->label);
    cJSON_AddStringToObject(e, "name", res->name);
    if (res->kind == IR_DURABLE_OBJECT) /* the namespace's name on Cloudflare */
        durable_name(prog, res, e);
    cJSON *attrs = cJSON_AddObjectToObject(e, "attrs");
    cJSON *repl = cJSON_CreateArray();
    for (size_t k = 0; k < res->n_attrs; k++) {
        const struct ir_attr *a = &res->attrs[k];
        if (is_code_source(a->name) ||
            (res->kind == IR_DURABLE_OBJECT && strcmp(a->name, "delete") == 0))
            continue;
        cJSON_AddItemToObject(attrs, a->name, desired_value(prog, &a->value));
        if (a->forces_replace)
            cJSON_AddItemToArray(repl, cJSON_CreateString(a->name));
    }
    cJSON_AddItemToObject(e, "replace_attrs", repl);
    cJSON_AddItemToObject(e, "create_only",
                          cJSON_CreateStringArray(res->create_only, (int)res->n_create_only));
    if (res->kind == IR_INDEX)
        preset_attrs(e, attrs);
    if (res->kind == IR_BUCKET) /* the order a read-back has */
        r2_rules_canonical(cJSON_GetObjectItemCaseSensitive(attrs, "notifications"));
    if (res->kind == IR_DATABASE && migration_attrs(prog, res, attrs, err, err_len) != 0) {
        cJSON_Delete(e);
        return NULL;
    }
    if (res->kind == IR_WORKER && worker_attrs(prog, i, e, attrs, key, err, err_len) != 0) {
        cJSON_Delete(e);
        return NULL;
    }
    add_deps(prog, res, e);
    cJSON_AddBoolToObject(e, "protect", res->protect);
    return e;
}
