/* Queues: create by name (resolved by listing when the answer was lost),
 * rename and settings by PATCH, delete, read. Attributes delivery_delay,
 * delivery_paused and message_retention_period go to "settings". */
#include "runtime/prov.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

enum { ST_START, ST_LOOKUP, ST_CREATED, ST_UPDATED, ST_DELETED, ST_DEL_LOOKUP, ST_READ };

static const char *const settings_attrs[] = {"delivery_delay", "delivery_paused",
                                             "message_retention_period"};
#define N_SETTINGS (sizeof settings_attrs / sizeof settings_attrs[0])

static cJSON *settings_of(const cJSON *entry)
{
    cJSON *s = NULL;
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const cJSON *v = prov_attr(entry, settings_attrs[i]);
        if (!v)
            continue;
        if (!s)
            s = cJSON_CreateObject();
        cJSON_AddItemToObject(s, settings_attrs[i], cJSON_Duplicate(v, 1));
    }
    return s;
}

static enum prov_result lookup(const struct prov_ctx *ctx, struct prov_op *op, int stage)
{
    op->stage = stage;
    return prov_request(ctx, op, "GET", NULL, "/queues?name=%s", prov_name(op));
}

static enum prov_result post(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "queue_name", prov_name(op));
    op->stage = ST_CREATED;
    return prov_request(ctx, op, "POST", b, "/queues");
}

/* is_default: a new queue already has these settings (Cloudflare's defaults) */
static bool is_default(const cJSON *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, s)
    {
        double v = cJSON_IsNumber(it) ? it->valuedouble : -1;
        bool dflt = (strcmp(it->string, "delivery_delay") == 0 && v == 0) ||
                    (strcmp(it->string, "message_retention_period") == 0 && v == 345600) ||
                    (strcmp(it->string, "delivery_paused") == 0 && cJSON_IsFalse(it));
        if (!dflt)
            return false;
    }
    return true;
}

/* update sends name and settings; after a create, only settings that differ
 * from a new queue's defaults. */
static enum prov_result update(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *s = settings_of(op->entry);
    if (op->action == PROV_CREATE && (!s || is_default(s))) {
        cJSON_Delete(s);
        return PROV_DONE;
    }
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "queue_name", prov_name(op));
    if (s)
        cJSON_AddItemToObject(b, "settings", s);
    op->stage = ST_UPDATED;
    return prov_request(ctx, op, "PATCH", b, "/queues/%s", prov_id(op));
}

static const char *found(const cJSON *list, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *n = state_str(it, "queue_name");
        if (n && strcmp(n, name) == 0)
            return state_str(it, "queue_id");
    }
    return NULL;
}

static enum prov_result on_lookup(const struct prov_ctx *ctx, struct prov_op *op,
                                  const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const char *id = found(res, prov_name(op));
    if (id)
        prov_set_id(op, id);
    cJSON_Delete(doc);
    if (op->stage == ST_LOOKUP)
        return id ? update(ctx, op) : post(ctx, op);
    if (!id)
        return PROV_DONE;
    op->stage = ST_DELETED;
    return prov_request(ctx, op, "DELETE", NULL, "/queues/%s", prov_id(op));
}

static enum prov_result on_created(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_LOST)
        return lookup(ctx, op, ST_LOOKUP);
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    prov_set_id(op, state_str(res, "queue_id"));
    cJSON_Delete(doc);
    return update(ctx, op);
}

static enum prov_result on_read(struct prov_op *op, const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (prov_is_404(c)) {
        op->is_gone = true;
        return PROV_DONE;
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    const char *name = state_str(res, "queue_name");
    if (name)
        cJSON_ReplaceItemInObjectCaseSensitive(op->entry, "name", cJSON_CreateString(name));
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(res, "settings");
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, settings_attrs[i]);
        if (v)
            prov_refresh_attr(op->entry, settings_attrs[i], cJSON_Duplicate(v, 1));
    }
    cJSON_Delete(doc);
    return PROV_DONE;
}

static enum prov_result start(const struct prov_ctx *ctx, struct prov_op *op)
{
    switch (op->action) {
    case PROV_CREATE: return op->is_adopt ? lookup(ctx, op, ST_LOOKUP) : post(ctx, op);
    case PROV_UPDATE: return update(ctx, op);
    case PROV_DELETE:
        if (!prov_id(op))
            return lookup(ctx, op, ST_DEL_LOOKUP);
        op->stage = ST_DELETED;
        return prov_request(ctx, op, "DELETE", NULL, "/queues/%s", prov_id(op));
    case PROV_READ:
        op->stage = ST_READ;
        return prov_request(ctx, op, "GET", NULL, "/queues/%s", prov_id(op));
    }
    return PROV_FAIL;
}

/* prov_queue: see prov.h. */
enum prov_result prov_queue(const struct prov_ctx *ctx, struct prov_op *op,
                            const struct cf_http_completion *c)
{
    if (!c)
        return start(ctx, op);
    switch (op->stage) {
    case ST_LOOKUP:
    case ST_DEL_LOOKUP: return on_lookup(ctx, op, c);
    case ST_CREATED: return on_created(ctx, op, c);
    case ST_READ: return on_read(op, c);
    case ST_DELETED:
        if (prov_is_404(c))
            return PROV_DONE;
        /* fall through */
    default: return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}
