/* Worker upload metadata and multipart body; mapping of API bindings back
 * to state form. Secret plaintext lives only in the request body. */
#include "runtime/providers/worker_meta.h"
#include "runtime/providers/worker_migrations.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/build.h"
#include "runtime/model/desired.h"
#include "runtime/store/fsutil.h"
#include "runtime/model/kind.h"
#include "runtime/secrets/secret.h"

static const char *target_field(const char *type)
{
    if (strcmp(type, "d1") == 0)
        return "database_id";
    if (strcmp(type, "r2_bucket") == 0)
        return "bucket_name";
    if (strcmp(type, "vectorize") == 0)
        return "index_name";
    if (strcmp(type, "queue") == 0)
        return "queue_name";
    if (strcmp(type, "kv_namespace") == 0)
        return "namespace_id";
    if (strcmp(type, "service") == 0)
        return "service";
    return NULL;
}

/* by_id: the binding names its target by id (D1, KV), not by name */
static bool by_id(const char *type)
{
    return strcmp(type, "d1") == 0 || strcmp(type, "kv_namespace") == 0;
}

static int secret_text(const struct prov_ctx *ctx, const struct prov_op *op, const char *name,
                       cJSON *out, char *err, size_t err_len)
{
    assert(!ctx->prog || op->res < (long)ctx->prog->n_resources);
    const struct ir_resource *res =
        ctx->prog && op->res >= 0 ? &ctx->prog->resources[op->res] : NULL;
    for (size_t i = 0; res && i < res->n_bindings; i++) {
        const struct ir_binding *b = &res->bindings[i];
        if (b->type != IR_BIND_SECRET_TEXT || strcmp(b->name, name) != 0)
            continue;
        struct secret_plain plain = {0};
        if (!ctx->key) {
            snprintf(err, err_len, "secret '%s' needs DOME_PASSPHRASE or DOME_SECRETS_KEY_FILE",
                     name);
            return -1;
        }
        if (secret_unseal(ctx->key, b->value.u.secret.config_key, b->value.u.secret.sealed, &plain,
                          err, err_len) != 0)
            return -1;
        cJSON_AddStringToObject(out, "text", plain.data);
        secret_plain_free(&plain);
        return 0;
    }
    snprintf(err, err_len, "secret '%s' is not in the program", name);
    return -1;
}

static int binding_out(const struct prov_ctx *ctx, const struct prov_op *op, const cJSON *b,
                       cJSON *out, char *err, size_t err_len)
{
    const char *type = state_str(b, "type"), *name = state_str(b, "name");
    const char *field = target_field(type);
    cJSON_AddStringToObject(out, "type", type);
    cJSON_AddStringToObject(out, "name", name);
    if (field) {
        const char *tkey = state_str(b, "target");
        const cJSON *t = prov_target_entry(ctx, tkey ? tkey : "");
        const char *v = by_id(type) ? state_str(t, "id") : state_str(t, "name");
        if (!v) {
            snprintf(err, err_len, "binding '%s': %s does not exist yet", name, tkey);
            return -1;
        }
        cJSON_AddStringToObject(out, field, v);
        const cJSON *dd = cJSON_GetObjectItemCaseSensitive(b, "delivery_delay");
        if (cJSON_IsNumber(dd))
            cJSON_AddNumberToObject(out, "delivery_delay", dd->valuedouble);
    } else if (strcmp(type, "durable_object_namespace") == 0) {
        const char *script = state_str(b, "script_name");
        cJSON_AddStringToObject(out, "class_name",
                                state_str(b, "class_name") ? state_str(b, "class_name") : "");
        if (script) /* another worker hosts it; the host's own binding names no script */
            cJSON_AddStringToObject(out, "script_name", script);
    } else if (strcmp(type, "plain_text") == 0) {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(b, "text");
        cJSON_AddStringToObject(out, "text", cJSON_IsString(t) ? t->valuestring : "");
    } else if (strcmp(type, "secret_text") == 0) {
        return secret_text(ctx, op, name, out, err, err_len);
    }
    return 0;
}

static void wipe_secrets(cJSON *bindings)
{
    cJSON *b;
    cJSON_ArrayForEach(b, bindings)
    {
        cJSON *t = cJSON_GetObjectItemCaseSensitive(b, "text");
        const char *type = state_str(b, "type");
        if (type && strcmp(type, "secret_text") == 0 && cJSON_IsString(t))
            sodium_memzero(t->valuestring, strlen(t->valuestring));
    }
}

static void copy_attr(const cJSON *entry, cJSON *meta, const char *from, const char *to)
{
    const cJSON *v = prov_attr(entry, from);
    if (v)
        cJSON_AddItemToObject(meta, to, cJSON_Duplicate(v, 1));
}

/* keep_types: metadata.keep_bindings, the types of the kept bindings of
 * entry (extra.kept_bindings), so an upload keeps what domec cannot model. */
static void keep_types(const cJSON *entry, cJSON *meta)
{
    const cJSON *kept = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(entry, "extra"), "kept_bindings");
    const cJSON *b;
    cJSON *types = NULL;
    cJSON_ArrayForEach(b, kept)
    {
        const char *t = state_str(b, "type");
        bool seen = false;
        const cJSON *x;
        cJSON_ArrayForEach(x, types) seen = seen || !strcmp(x->valuestring, t ? t : "");
        if (!t || seen)
            continue;
        if (!types)
            types = cJSON_AddArrayToObject(meta, "keep_bindings");
        cJSON_AddItemToArray(types, cJSON_CreateString(t));
    }
}

static cJSON *metadata(const struct prov_ctx *ctx, struct prov_op *op, char *err, size_t err_len)
{
    cJSON *meta = cJSON_CreateObject();
    const cJSON *mm = prov_attr(op->entry, "main_module");
    cJSON_AddStringToObject(meta, "main_module", cJSON_IsString(mm) ? mm->valuestring : "index.js");
    copy_attr(op->entry, meta, "compatibility_date", "compatibility_date");
    copy_attr(op->entry, meta, "compatibility_flags", "compatibility_flags");
    copy_attr(op->entry, meta, "logpush", "logpush");
    copy_attr(op->entry, meta, "usage_model", "usage_model");
    if (prov_attr(op->entry, "observability"))
        copy_attr(op->entry, meta, "observability", "observability");
    else /* as wrangler does for a configuration without [observability] */
        cJSON_AddItemToObject(meta, "observability", cJSON_Parse("{\"enabled\":false}"));
    keep_types(op->entry, meta);
    worker_migrations(ctx, op, meta);
    cJSON *out = cJSON_AddArrayToObject(meta, "bindings");
    const cJSON *b;
    cJSON_ArrayForEach(b, prov_attr(op->entry, "bindings"))
    {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToArray(out, o);
        if (binding_out(ctx, op, b, o, err, err_len) != 0) {
            wipe_secrets(out);
            cJSON_Delete(meta);
            return NULL;
        }
    }
    return meta;
}

/* changed_module: the first module whose bytes differ from the plan's
 * "modules" hashes, for the error message. */
static const char *changed_module(const cJSON *entry, const struct build_result *b)
{
    const cJSON *planned = prov_attr(entry, "modules");
    cJSON *now = build_module_hashes(b);
    const char *which = "a module file was edited";
    const cJSON *m;
    cJSON_ArrayForEach(m, now)
    {
        const char *was = state_str(planned, m->string);
        for (size_t i = 0; planned && i < b->n_mods; i++)
            if ((!was || strcmp(was, m->valuestring) != 0) && !strcmp(b->mods[i].name, m->string))
                which = b->mods[i].name;
    }
    cJSON_Delete(now);
    return which;
}

/* upload_modules builds the worker's modules again and checks they are
 * the ones the plan was made from (its code_hash). */
static int upload_modules(const struct prov_ctx *ctx, struct prov_op *op, struct build_result *b)
{
    char hex[65];
    if (!ctx->prog || op->res < 0) {
        snprintf(op->error, sizeof op->error, "no program to read the worker's code from");
        return -1;
    }
    assert((size_t)op->res < ctx->prog->n_resources);
    if (build_worker(ctx->prog->dir, &ctx->prog->resources[op->res], BUILD_UPLOAD, b, op->error,
                     sizeof op->error) != 0)
        return -1;
    build_code_hash(b, hex);
    const char *planned =
        state_str(cJSON_GetObjectItemCaseSensitive(op->entry, "attrs"), "code_hash");
    if (planned && strcmp(planned, hex) != 0) {
        snprintf(op->error, sizeof op->error,
                 "the worker's code changed after the plan was made (%s); run the command "
                 "again to plan the new code",
                 changed_module(op->entry, b));
        build_result_free(b);
        return -1;
    }
    return 0;
}

/* put copies n bytes to out at *len (with out NULL it only counts them) */
static void put(char *out, size_t *len, const char *data, size_t n)
{
    if (out)
        memcpy(out + *len, data, n);
    *len += n;
}

/* write_body lays the multipart body out (metadata part, then every
 * module) into out, or only counts its bytes when out is NULL; returns its
 * length. Written straight into the one buffer that is sent, so the
 * secrets the metadata may carry are never copied anywhere else. */
static size_t write_body(char *out, const char *bnd, const char *json, const struct build_result *b)
{
    char head[1200];
    size_t len = 0;
    int n = snprintf(head, sizeof head,
                     "--%s\r\nContent-Disposition: form-data; name=\"metadata\"\r\n"
                     "Content-Type: application/json\r\n\r\n",
                     bnd);
    put(out, &len, head, (size_t)n);
    put(out, &len, json, strlen(json));
    for (size_t i = 0; i < b->n_mods; i++) {
        n = snprintf(head, sizeof head,
                     "\r\n--%s\r\nContent-Disposition: form-data; name=\"%s\"; "
                     "filename=\"%s\"\r\nContent-Type: %s\r\n\r\n",
                     bnd, b->mods[i].name, b->mods[i].name, b->mods[i].content_type);
        put(out, &len, head, n < (int)sizeof head ? (size_t)n : sizeof head - 1);
        put(out, &len, b->mods[i].data, b->mods[i].len);
    }
    n = snprintf(head, sizeof head, "\r\n--%s--\r\n", bnd);
    put(out, &len, head, (size_t)n);
    return len;
}

/* assemble writes the multipart body into op->body, which is wiped when it
 * is released (op->is_secret_body). */
static void assemble(struct prov_op *op, const char *bnd, const char *json,
                     const struct build_result *b)
{
    size_t len = write_body(NULL, bnd, json, b);
    op->body = xmalloc(len + 1);
    (void)write_body(op->body, bnd, json, b);
    op->body[len] = '\0';
    op->body_len = len;
    op->is_secret_body = true;
}

/* worker_meta_body: see worker_meta.h. */
int worker_meta_body(const struct prov_ctx *ctx, struct prov_op *op)
{
    char bnd[40];
    unsigned char rnd[12];
    struct build_result b;
    if (sodium_init() < 0) {
        snprintf(op->error, sizeof op->error, "libsodium failed to initialise");
        return -1;
    }
    if (upload_modules(ctx, op, &b) != 0)
        return -1;
    cJSON *meta = metadata(ctx, op, op->error, sizeof op->error);
    if (!meta) {
        build_result_free(&b);
        return -1;
    }
    char *json = cJSON_PrintUnformatted(meta); /* never NULL: cJSON allocates with xmalloc */
    wipe_secrets(cJSON_GetObjectItemCaseSensitive(meta, "bindings"));
    cJSON_Delete(meta);
    randombytes_buf(rnd, sizeof rnd);
    snprintf(bnd, sizeof bnd, "domec");
    sodium_bin2hex(bnd + 5, sizeof bnd - 5, rnd, sizeof rnd);
    assemble(op, bnd, json, &b);
    sodium_memzero(json, strlen(json));
    free(json);
    build_result_free(&b);
    snprintf(op->ctype, sizeof op->ctype, "multipart/form-data; boundary=%s", bnd);
    return 0;
}

/* worker_meta_secret_body: see worker_meta.h. */
int worker_meta_secret_body(const struct prov_ctx *ctx, struct prov_op *op, const char *name)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "type", "secret_text");
    if (secret_text(ctx, op, name, o, op->error, sizeof op->error) != 0) {
        cJSON_Delete(o);
        return -1;
    }
    prov_clear_body(op);
    op->body = cJSON_PrintUnformatted(o);
    cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "text");
    sodium_memzero(t->valuestring, strlen(t->valuestring));
    cJSON_Delete(o);
    if (!op->body) {
        snprintf(op->error, sizeof op->error, "out of memory building secret '%s'", name);
        return -1;
    }
    op->body_len = strlen(op->body);
    op->is_secret_body = true;
    snprintf(op->ctype, sizeof op->ctype, "application/json");
    op->req.content_type = op->ctype;
    op->req.body = op->body;
    op->req.body_len = op->body_len;
    return 0;
}

/* target_entry: the state entry a binding of type names by value, or NULL */
static const cJSON *target_entry(const struct prov_ctx *ctx, const char *type, const char *value)
{
    const char *kind = strcmp(type, "d1") == 0          ? "database"
                       : strcmp(type, "r2_bucket") == 0 ? "bucket"
                       : strcmp(type, "vectorize") == 0 ? "index"
                       : strcmp(type, "queue") == 0     ? "queue"
                       : by_id(type)                    ? "kv"
                                                        : "worker";
    const char *member = by_id(type) ? "id" : "name";
    return state_find(ctx->st, kind, member, value);
}

/* durable_target: the durable_object entry of class cls hosted by script
 * (the binding worker itself, self, when the binding names no script) */
static const cJSON *durable_target(const struct prov_ctx *ctx, const char *self, const cJSON *api)
{
    const char *cls = state_str(api, "class_name"), *script = state_str(api, "script_name");
    const cJSON *e;
    cJSON_ArrayForEach(e, state_resources(ctx->st))
    {
        const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(e, "attrs");
        const char *kind = state_str(e, "kind"), *c = state_str(attrs, "class");
        const cJSON *host =
            prov_target_entry(ctx, state_str(attrs, "worker") ? state_str(attrs, "worker") : "");
        const char *hname = host ? state_str(host, "name") : state_str(attrs, "worker");
        if (kind && !strcmp(kind, "durable_object") && c && cls && !strcmp(c, cls) && hname &&
            !strcmp(hname, script ? script : self))
            return e;
        char ns[600]; /* an import stub not read yet: Cloudflare's SCRIPT_CLASS name */
        snprintf(ns, sizeof ns, "%s_%s", script ? script : self, cls ? cls : "");
        if (kind && !strcmp(kind, "durable_object") && state_str(e, "name") &&
            !strcmp(state_str(e, "name"), ns))
            return e;
    }
    return NULL;
}

/* api_target: the id or name an API binding names its target by, or NULL */
static const char *api_target(const cJSON *api)
{
    const char *type = state_str(api, "type");
    const char *field = type ? target_field(type) : NULL;
    const char *v = field ? state_str(api, field) : NULL;
    if (field && !v && strcmp(type, "d1") == 0)
        v = state_str(api, "id");
    return v;
}

/* is_unresolved: a modeled binding whose target is not in state (a worker
 * imported before what it binds): kept as it is, never stripped */
static bool is_unresolved(const struct prov_ctx *ctx, const char *self, const cJSON *api)
{
    const char *type = state_str(api, "type");
    if (type && !strcmp(type, "durable_object_namespace"))
        return !durable_target(ctx, self, api);
    if (!type || !target_field(type))
        return false;
    const char *v = api_target(api);
    return !v || !target_entry(ctx, type, v);
}

static const char *key_of(const struct prov_ctx *ctx, const char *type, const char *value)
{
    const cJSON *e = target_entry(ctx, type, value);
    return e ? e->string : value;
}

static const cJSON *old_binding(const cJSON *entry, const char *name)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, prov_attr(entry, "bindings"))
    {
        const char *n = state_str(b, "name");
        if (n && strcmp(n, name) == 0)
            return b;
    }
    return NULL;
}

static cJSON *binding_in(const struct prov_ctx *ctx, const cJSON *entry, const cJSON *api)
{
    const char *type = state_str(api, "type"), *name = state_str(api, "name");
    if (!type || !name)
        return NULL;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", name);
    cJSON_AddStringToObject(o, "type", type);
    if (!strcmp(type, "durable_object_namespace")) {
        const cJSON *t = durable_target(ctx, state_str(entry, "name"), api);
        const char *script = state_str(api, "script_name");
        cJSON_AddStringToObject(o, "target", t ? t->string : "?");
        cJSON_AddStringToObject(o, "class_name", state_str(api, "class_name"));
        if (script && strcmp(script, state_str(entry, "name") ? state_str(entry, "name") : ""))
            cJSON_AddStringToObject(o, "script_name", script);
        return o;
    }
    const char *field = target_field(type);
    const char *v = api_target(api);
    const cJSON *dd = cJSON_GetObjectItemCaseSensitive(api, "delivery_delay");
    if (field)
        cJSON_AddStringToObject(o, "target", key_of(ctx, type, v ? v : "?"));
    if (field && cJSON_IsNumber(dd))
        cJSON_AddNumberToObject(o, "delivery_delay", dd->valuedouble);
    else if (strcmp(type, "plain_text") == 0)
        cJSON_AddStringToObject(o, "text", state_str(api, "text") ? state_str(api, "text") : "");
    else if (strcmp(type, "secret_text") == 0) {
        const char *h = state_str(old_binding(entry, name), "hash");
        cJSON_AddStringToObject(o, "hash", h ? h : "(unknown)");
    }
    return o;
}

static int by_name(const void *a, const void *b)
{
    const char *x = state_str(*(const cJSON *const *)a, "name");
    const char *y = state_str(*(const cJSON *const *)b, "name");
    return strcmp(x ? x : "", y ? y : "");
}

/* worker_meta_is_modeled: see worker_meta.h. */
bool worker_meta_is_modeled(const char *type)
{
    static const char *const modeled[] = {"d1",         "r2_bucket",    "vectorize",
                                          "queue",      "kv_namespace", "durable_object_namespace",
                                          "service",    "ai",           "plain_text",
                                          "secret_text"};
    for (size_t i = 0; type && i < sizeof modeled / sizeof modeled[0]; i++)
        if (!strcmp(type, modeled[i]))
            return true;
    return false;
}

/* worker_meta_kept: see worker_meta.h. */
cJSON *worker_meta_kept(const struct prov_ctx *ctx, const char *self, const cJSON *api_bindings)
{
    cJSON *kept = cJSON_CreateArray();
    const cJSON *b;
    cJSON_ArrayForEach(b, api_bindings)
    {
        const char *type = state_str(b, "type"), *name = state_str(b, "name");
        if (!type || !name || (worker_meta_is_modeled(type) && !is_unresolved(ctx, self, b)))
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "name", name);
        cJSON_AddStringToObject(o, "type", type);
        if (worker_meta_is_modeled(type) && api_target(b)) /* what to import */
            cJSON_AddStringToObject(o, "target", api_target(b));
        cJSON_AddItemToArray(kept, o);
    }
    return kept;
}

/* worker_meta_bindings: see worker_meta.h. */
cJSON *worker_meta_bindings(const struct prov_ctx *ctx, const cJSON *entry,
                            const cJSON *api_bindings)
{
    int n = cJSON_GetArraySize(api_bindings), k = 0;
    cJSON **items = xcalloc((size_t)n + 1, sizeof *items);
    const cJSON *b;
    cJSON_ArrayForEach(b, api_bindings)
    {
        if (!worker_meta_is_modeled(state_str(b, "type")) ||
            is_unresolved(ctx, state_str(entry, "name"), b))
            continue; /* kept as extra.kept_bindings, never compared */
        cJSON *o = binding_in(ctx, entry, b);
        if (o)
            items[k++] = o;
    }
    qsort(items, (size_t)k, sizeof *items, by_name);
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < k; i++)
        cJSON_AddItemToArray(arr, items[i]);
    free(items);
    return arr;
}
