/* Shared provider helpers: building requests below the account path,
 * reading Cloudflare envelopes and their error lists, entry accessors. */
#include "runtime/providers/prov.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/providers/worker_read.h"

/* prov_for: see prov.h. */
prov_fn prov_for(enum ir_kind kind)
{
    assert((unsigned)kind < IR_N_KINDS);
    switch (kind) {
    case IR_DATABASE:
    case IR_BUCKET:
    case IR_INDEX:
    case IR_QUEUE:
    case IR_KV:
        return prov_collection;
    case IR_DURABLE_OBJECT:
        return prov_durable;
    default:
        return prov_worker;
    }
}

/* prov_early_for: see prov.h. */
prov_early_fn prov_early_for(enum ir_kind kind)
{
    return kind == IR_WORKER ? worker_traffic_early : NULL;
}

/* prov_lister_for: see prov.h. A new kind that can be listed adds its
 * lister here. */
const struct prov_lister *prov_lister_for(enum ir_kind kind)
{
    switch (kind) {
    case IR_DATABASE:
        return &prov_d1_lister;
    case IR_BUCKET:
        return &prov_r2_lister;
    case IR_INDEX:
        return &prov_vectorize_lister;
    case IR_QUEUE:
        return &prov_queue_lister;
    case IR_KV:
        return &prov_kv_lister;
    case IR_DURABLE_OBJECT:
        return &prov_durable_lister;
    case IR_WORKER:
        return &prov_worker_lister;
    default:
        return NULL;
    }
}

/* prov_clear_body: see prov.h. */
void prov_clear_body(struct prov_op *op)
{
    if (op->body && op->is_secret_body)
        sodium_memzero(op->body, op->body_len);
    free(op->body);
    op->body = NULL;
    op->body_len = 0;
    op->is_secret_body = false;
}

/* prov_request: see prov.h. */
enum prov_result prov_request(const struct prov_ctx *ctx, struct prov_op *op, const char *method,
                              cJSON *json, const char *fmt, ...)
{
    char sub[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(sub, sizeof sub, fmt, ap);
    va_end(ap);
    snprintf(op->path, sizeof op->path, "/accounts/%s%s", ctx->account, sub);
    prov_clear_body(op);
    memset(&op->req, 0, sizeof op->req);
    op->req.method = method;
    op->req.path = op->path;
    op->req.user = op;
    if (json) {
        op->body = cJSON_PrintUnformatted(json); /* never NULL: cJSON allocates with xmalloc */
        assert(op->body != NULL);
        op->body_len = strlen(op->body);
        cJSON_Delete(json);
        snprintf(op->ctype, sizeof op->ctype, "application/json");
        op->req.content_type = op->ctype;
        op->req.body = op->body;
        op->req.body_len = op->body_len;
    }
    op->headers[0] = NULL;
    return PROV_SEND;
}

static void describe_errors(struct prov_op *op, long status, const cJSON *doc)
{
    size_t used = (size_t)snprintf(op->error, sizeof op->error, "HTTP %ld", status);
    const cJSON *errs = cJSON_GetObjectItemCaseSensitive(doc, "errors");
    const cJSON *e;
    cJSON_ArrayForEach(e, errs)
    {
        const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
        const char *msg = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "message"));
        if (used >= sizeof op->error)
            break;
        used +=
            (size_t)snprintf(op->error + used, sizeof op->error - used, ", Cloudflare error %d: %s",
                             cJSON_IsNumber(code) ? code->valueint : 0, msg ? msg : "");
    }
    if ((status == 401 || status == 403) && used < sizeof op->error)
        snprintf(op->error + used, sizeof op->error - used,
                 " (check the token in CLOUDFLARE_API_TOKEN and the account in "
                 "CLOUDFLARE_ACCOUNT_ID)");
}

/* prov_result_of: see prov.h. */
int prov_result_of(struct prov_op *op, const struct cf_http_completion *c, cJSON **doc,
                   cJSON **result)
{
    *doc = NULL;
    *result = NULL;
    if (c->outcome == CF_LOST) {
        snprintf(op->error, sizeof op->error, "%s %s: the answer was lost (%s)", c->request->method,
                 c->request->path, c->error);
        return -1;
    }
    if (c->outcome == CF_FAILED) {
        snprintf(op->error, sizeof op->error, "%s %s: no answer after %d attempts (%s)",
                 c->request->method, c->request->path, c->attempts, c->error);
        return -1;
    }
    if (prov_is_garbled(c)) {
        snprintf(op->error, sizeof op->error,
                 "%s %s: HTTP %ld with an answer that is not Cloudflare's JSON (HTML or cut "
                 "short); whether it took effect is unknown",
                 c->request->method, c->request->path, c->status);
        return -1;
    }
    *doc = c->body ? cJSON_Parse(c->body) : NULL;
    const cJSON *ok = cJSON_GetObjectItemCaseSensitive(*doc, "success");
    if (c->status >= 200 && c->status < 300 && (!*doc || !cJSON_IsFalse(ok))) {
        *result = cJSON_GetObjectItemCaseSensitive(*doc, "result");
        return 0;
    }
    describe_errors(op, c->status, *doc);
    cJSON_Delete(*doc);
    *doc = NULL;
    return -1;
}

/* prov_is_garbled: see prov.h. */
bool prov_is_garbled(const struct cf_http_completion *c)
{
    if (c->outcome != CF_DONE || c->status < 200 || c->status >= 300 || c->status == 204)
        return false;
    cJSON *doc = c->body ? cJSON_Parse(c->body) : NULL;
    bool ok = cJSON_IsObject(doc) && cJSON_IsBool(cJSON_GetObjectItemCaseSensitive(doc, "success"));
    cJSON_Delete(doc);
    return !ok;
}

/* prov_fail_with: see prov.h. */
enum prov_result prov_fail_with(struct prov_op *op, const struct cf_http_completion *c)
{
    cJSON *doc, *result;
    if (prov_result_of(op, c, &doc, &result) == 0) {
        snprintf(op->error, sizeof op->error, "HTTP %ld: unexpected answer", c->status);
        cJSON_Delete(doc);
    }
    return PROV_FAIL;
}

/* prov_is_404: see prov.h. */
bool prov_is_404(const struct cf_http_completion *c)
{
    return c->outcome == CF_DONE && c->status == 404;
}

/* prov_attr: see prov.h. */
const cJSON *prov_attr(const cJSON *entry, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "attrs"), name);
}

/* prov_set_id: see prov.h. */
void prov_set_id(struct prov_op *op, const char *id)
{
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, "id");
    cJSON_AddStringToObject(op->entry, "id", id ? id : "");
}

/* prov_id: see prov.h. */
const char *prov_id(const struct prov_op *op)
{
    const char *id = state_str(op->entry, "id");
    return id && id[0] ? id : NULL;
}

/* prov_name: see prov.h. */
const char *prov_name(const struct prov_op *op)
{
    const char *n = state_str(op->entry, "name");
    return n ? n : "";
}

/* prov_refresh_attr: see prov.h. */
void prov_refresh_attr(cJSON *entry, const char *name, cJSON *value)
{
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs");
    if (!value)
        return;
    if (attrs && cJSON_GetObjectItemCaseSensitive(attrs, name))
        cJSON_ReplaceItemInObjectCaseSensitive(attrs, name, value);
    else
        cJSON_Delete(value);
}

/* prov_record_read: see prov.h. */
void prov_record_read(cJSON *entry, const char *name, cJSON *value)
{
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs");
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, name);
    if (attrs && cJSON_GetArraySize(value) > 0)
        cJSON_AddItemToObject(attrs, name, value);
    else
        cJSON_Delete(value);
}

/* prov_target_entry: see prov.h. */
const cJSON *prov_target_entry(const struct prov_ctx *ctx, const char *key)
{
    return state_get(ctx->st, key);
}
