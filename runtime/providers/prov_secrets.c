/* Worker secret rotation: detect an update that changes secret values only,
 * then PUT each changed secret (unsealed only while its body is built,
 * wiped as soon as the answer arrives). */
#include "runtime/providers/prov_secrets.h"

#include <string.h>

#include "runtime/providers/worker_meta.h"

static bool is_secret(const cJSON *b)
{
    const char *t = state_str(b, "type");
    return t && strcmp(t, "secret_text") == 0;
}

/* unhashed: a copy of entry's attrs without the secret bindings' hashes */
static cJSON *unhashed(const cJSON *entry)
{
    cJSON *a = cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(entry, "attrs"), 1);
    cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(a, "bindings"))
    {
        if (is_secret(b))
            cJSON_DeleteItemFromObjectCaseSensitive(b, "hash");
    }
    return a;
}

static const char *old_hash(const cJSON *cur, const char *name)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, prov_attr(cur, "bindings"))
    {
        const char *n = state_str(b, "name");
        if (n && strcmp(n, name) == 0 && is_secret(b))
            return state_str(b, "hash");
    }
    return NULL;
}

/* next_changed: index (>= from) of the next secret binding whose hash
 * differs from the current state's, or -1. */
static int next_changed(const cJSON *cur, const cJSON *entry, int from)
{
    const cJSON *binds = prov_attr(entry, "bindings");
    for (int i = from; i < cJSON_GetArraySize(binds); i++) {
        const cJSON *b = cJSON_GetArrayItem(binds, i);
        const char *name = state_str(b, "name"), *h = state_str(b, "hash");
        const char *was = name ? old_hash(cur, name) : NULL;
        if (is_secret(b) && name && (!h || !was || strcmp(h, was) != 0))
            return i;
    }
    return -1;
}

/* prov_secrets_only: see prov_secrets.h. */
bool prov_secrets_only(const struct prov_ctx *ctx, const struct prov_op *op)
{
    const cJSON *cur = state_get(ctx->st, op->key);
    const char *name = state_str(cur, "name");
    if (op->action != PROV_UPDATE || !cur || !name || strcmp(name, prov_name(op)) != 0 ||
        cJSON_GetObjectItemCaseSensitive(cur, "pending") || !prov_id(op))
        return false;
    cJSON *was = unhashed(cur), *now = unhashed(op->entry);
    bool same = was && now && cJSON_Compare(was, now, true);
    cJSON_Delete(was);
    cJSON_Delete(now);
    return same && next_changed(cur, op->entry, 0) >= 0;
}

static enum prov_result put_secret(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *b = cJSON_GetArrayItem(prov_attr(op->entry, "bindings"), op->index);
    prov_request(ctx, op, "PUT", NULL, "/workers/scripts/%s/secrets", prov_name(op));
    if (worker_meta_secret_body(ctx, op, state_str(b, "name")) != 0)
        return PROV_FAIL;
    op->stage = PROV_ST_SECRET;
    return PROV_SEND;
}

/* prov_secrets_start: see prov_secrets.h. */
enum prov_result prov_secrets_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->index = next_changed(state_get(ctx->st, op->key), op->entry, 0);
    if (op->index < 0)
        return PROV_DONE;
    return put_secret(ctx, op);
}

/* prov_secrets_step: see prov_secrets.h. */
enum prov_result prov_secrets_step(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    prov_clear_body(op);
    op->req.body = NULL;
    op->req.body_len = 0;
    if (!(c->outcome == CF_DONE && c->status < 300))
        return prov_fail_with(op, c);
    op->index = next_changed(state_get(ctx->st, op->key), op->entry, op->index + 1);
    if (op->index < 0)
        return PROV_DONE;
    return put_secret(ctx, op);
}
