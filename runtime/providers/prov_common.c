/* The step machine shared by the kinds with a collection path (D1, R2,
 * Vectorize, Queues): create by POST (resolved by lookup when the answer was
 * lost), lookup by name, read, delete. Kinds supply bodies and read-back. */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <string.h>

/* ref: how k addresses one resource: its id, or its name */
static const char *ref(const struct prov_kind *k, const struct prov_op *op)
{
    return k->id_field ? prov_id(op) : prov_name(op);
}

static enum prov_result with_headers(const struct prov_kind *k, struct prov_op *op)
{
    if (k->headers)
        k->headers(op);
    return PROV_SEND;
}

/* prov_kind_send: see prov.h. */
enum prov_result prov_kind_send(const struct prov_kind *k, const struct prov_ctx *ctx,
                                struct prov_op *op, const char *method, cJSON *body, int stage,
                                bool is_one)
{
    op->stage = stage;
    if (is_one)
        prov_request(ctx, op, method, body, "%s/%s", k->path, ref(k, op));
    else
        prov_request(ctx, op, method, body, "%s", k->path);
    return with_headers(k, op);
}

/* lookup: GET the resource by name, or list the collection by name */
static enum prov_result lookup(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op, int stage)
{
    if (!k->id_field)
        return prov_kind_send(k, ctx, op, "GET", NULL, stage, true);
    op->stage = stage;
    prov_request(ctx, op, "GET", NULL, "%s?name=%s%s", k->path, prov_name(op), k->list_query);
    return with_headers(k, op);
}

static enum prov_result post(const struct prov_kind *k, const struct prov_ctx *ctx,
                             struct prov_op *op)
{
    return prov_kind_send(k, ctx, op, "POST", k->create_body(op), PROV_ST_CREATED, false);
}

static enum prov_result exists(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op)
{
    return k->after_create ? k->after_create(k, ctx, op) : PROV_DONE;
}

/* list_id: the id of the item called name in a list result, or NULL */
static const char *list_id(const struct prov_kind *k, const cJSON *list, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *n = state_str(it, k->name_field);
        if (n && strcmp(n, name) == 0)
            return state_str(it, k->id_field);
    }
    return NULL;
}

/* on_list: a lookup by listing, before a create (adopt) or a delete */
static enum prov_result on_list(const struct prov_kind *k, const struct prov_ctx *ctx,
                                struct prov_op *op, const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const char *id = list_id(k, res, prov_name(op));
    bool is_found = id != NULL;
    if (is_found)
        prov_set_id(op, id);
    cJSON_Delete(doc);
    if (op->stage == PROV_ST_LOOKUP)
        return is_found ? exists(k, ctx, op) : post(k, ctx, op);
    if (!is_found) { /* delete of something that never got created */
        op->is_gone = true;
        return PROV_DONE;
    }
    return prov_kind_send(k, ctx, op, "DELETE", NULL, PROV_ST_DELETED, true);
}

/* on_created: a POST's answer, or the answer of a GET by name */
static enum prov_result on_created(const struct prov_kind *k, const struct prov_ctx *ctx,
                                   struct prov_op *op, const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    /* a lost or unreadable answer to the POST: find out by name whether it took */
    if (op->stage == PROV_ST_CREATED && (c->outcome == CF_LOST || prov_is_garbled(c)))
        return ++op->index <= 3 ? lookup(k, ctx, op, PROV_ST_LOOKUP) : prov_fail_with(op, c);
    if (op->stage == PROV_ST_LOOKUP && prov_is_404(c))
        return post(k, ctx, op);
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const char *id = k->id_field ? state_str(res, k->id_field) : prov_name(op);
    if (!id || !*id) { /* a success without the id: never record an empty one */
        cJSON_Delete(doc);
        return op->stage == PROV_ST_CREATED ? lookup(k, ctx, op, PROV_ST_LOOKUP)
                                            : prov_fail_with(op, c);
    }
    prov_set_id(op, id);
    cJSON_Delete(doc);
    return exists(k, ctx, op);
}

static enum prov_result on_read(const struct prov_kind *k, struct prov_op *op,
                                const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_is_404(c)) {
        op->is_gone = true;
        return PROV_DONE;
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    enum prov_result r = prov_fold_collection(k, op, res);
    cJSON_Delete(doc);
    return r;
}

/* prov_fold_collection: see prov.h. */
enum prov_result prov_fold_collection(const struct prov_kind *k, struct prov_op *op,
                                      const cJSON *item)
{
    const char *name = k->id_field ? state_str(item, k->name_field) : NULL;
    if (name)
        cJSON_ReplaceItemInObjectCaseSensitive(op->entry, "name", cJSON_CreateString(name));
    k->read(op, item);
    return PROV_DONE;
}

static enum prov_result start(const struct prov_kind *k, const struct prov_ctx *ctx,
                              struct prov_op *op)
{
    switch (op->action) {
    case PROV_CREATE:
        return op->is_adopt ? lookup(k, ctx, op, PROV_ST_LOOKUP) : post(k, ctx, op);
    case PROV_UPDATE:
        return k->update ? k->update(k, ctx, op) : PROV_DONE;
    case PROV_DELETE:
        if (k->id_field && !prov_id(op))
            return lookup(k, ctx, op, PROV_ST_DEL_LOOKUP);
        return prov_kind_send(k, ctx, op, "DELETE", NULL, PROV_ST_DELETED, true);
    case PROV_READ:
        return prov_kind_send(k, ctx, op, "GET", NULL, PROV_ST_READ, true);
    }
    return PROV_FAIL;
}

/* prov_kind_step: see prov.h. */
enum prov_result prov_kind_step(const struct prov_kind *k, const struct prov_ctx *ctx,
                                struct prov_op *op, const struct cf_http_completion *c)
{
    if (!c)
        return start(k, ctx, op);
    switch (op->stage) {
    case PROV_ST_LOOKUP:
        return k->id_field ? on_list(k, ctx, op, c) : on_created(k, ctx, op, c);
    case PROV_ST_DEL_LOOKUP:
        return on_list(k, ctx, op, c);
    case PROV_ST_CREATED:
        return on_created(k, ctx, op, c);
    case PROV_ST_READ:
        return on_read(k, op, c);
    case PROV_ST_DELETED:
        if (prov_is_404(c)) {
            op->is_gone = true; /* already gone: the executor decides if that is done */
            return PROV_DONE;
        }
        /* fall through */
    default:
        return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}

/* d1_step: a database's steps, then its migrations once it exists. */
static enum prov_result d1_step(const struct prov_ctx *ctx, struct prov_op *op,
                                const struct cf_http_completion *c)
{
    if (c && prov_d1_is_migrating(op))
        return prov_d1_migrate_step(ctx, op, c);
    enum prov_result r = prov_kind_step(&prov_d1_kind, ctx, op, c);
    if (r == PROV_DONE && !op->is_gone && (op->action == PROV_CREATE || op->action == PROV_UPDATE))
        return prov_d1_migrate_start(ctx, op);
    return r;
}

/* bucket_step: a bucket's steps, then its event notification rules. An
 * update always brings them in line (the program may have dropped the
 * last one); a create or a read only where there are rules (import asks
 * for them with a null "notifications"), so buckets without rules cost
 * nothing more. */
static enum prov_result bucket_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c)
{
    if (c && prov_r2_notify_is_syncing(op))
        return prov_r2_notify_step(ctx, op, c);
    enum prov_result r = prov_kind_step(&prov_r2_kind, ctx, op, c);
    bool has_rules = prov_attr(op->entry, "notifications") != NULL;
    if (r == PROV_DONE && !op->is_gone && op->action != PROV_DELETE &&
        (op->action == PROV_UPDATE || has_rules || op->is_adopt))
        return prov_r2_notify_start(ctx, op);
    return r;
}

/* index_step: an index's steps, then its metadata indexes (as bucket_step) */
static enum prov_result index_step(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    if (c && prov_vec_meta_is_syncing(op))
        return prov_vec_meta_step(ctx, op, c);
    enum prov_result r = prov_kind_step(&prov_vectorize_kind, ctx, op, c);
    bool has_fields = prov_attr(op->entry, "metadata_indexes") != NULL;
    if (r == PROV_DONE && !op->is_gone && op->action != PROV_DELETE &&
        (op->action == PROV_UPDATE || has_fields || op->is_adopt))
        return prov_vec_meta_start(ctx, op);
    return r;
}

/* prov_collection: see prov.h. */
enum prov_result prov_collection(const struct prov_ctx *ctx, struct prov_op *op,
                                 const struct cf_http_completion *c)
{
    switch (op->kind) {
    case IR_DATABASE:
        return d1_step(ctx, op, c);
    case IR_BUCKET:
        return bucket_step(ctx, op, c);
    case IR_INDEX:
        return index_step(ctx, op, c);
    case IR_QUEUE:
        return prov_kind_step(&prov_queue_kind, ctx, op, c);
    case IR_KV:
        return prov_kind_step(&prov_kv_kind, ctx, op, c);
    default:
        snprintf(op->error, sizeof op->error, "%s: not a collection kind", op->key);
        return PROV_FAIL;
    }
}
