/* D1 databases: create (resolved by name when the answer was lost), update of
 * read_replication, delete, read. Attributes: location ->
 * primary_location_hint, jurisdiction, read_replication. */
#include "runtime/prov.h"

#include <stdio.h>
#include <string.h>

enum { ST_START, ST_LOOKUP, ST_CREATED, ST_UPDATED, ST_DELETED, ST_DEL_LOOKUP, ST_READ };

static enum prov_result lookup(const struct prov_ctx *ctx, struct prov_op *op, int next)
{
    op->stage = next;
    return prov_request(ctx, op, "GET", NULL, "/d1/database?name=%s&per_page=1000",
                        prov_name(op));
}

static enum prov_result post(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *jur = prov_attr(op->entry, "jurisdiction");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "primary_location_hint", loc->valuestring);
    if (cJSON_IsString(jur))
        cJSON_AddStringToObject(b, "jurisdiction", jur->valuestring);
    op->stage = ST_CREATED;
    return prov_request(ctx, op, "POST", b, "/d1/database");
}

/* found: the uuid of the database called name in a list result, or NULL. */
static const char *found(const cJSON *list, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *n = state_str(it, "name");
        if (n && strcmp(n, name) == 0)
            return state_str(it, "uuid");
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
        return id ? PROV_DONE : post(ctx, op);
    if (!id)
        return PROV_DONE; /* delete of something that never got created */
    op->stage = ST_DELETED;
    return prov_request(ctx, op, "DELETE", NULL, "/d1/database/%s", prov_id(op));
}

static enum prov_result on_created(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_LOST)
        return lookup(ctx, op, ST_LOOKUP);
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    prov_set_id(op, state_str(res, "uuid"));
    cJSON_Delete(doc);
    return PROV_DONE;
}

static enum prov_result start(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *rr = prov_attr(op->entry, "read_replication");
    switch (op->action) {
    case PROV_CREATE: return op->is_adopt ? lookup(ctx, op, ST_LOOKUP) : post(ctx, op);
    case PROV_UPDATE:
        if (!rr)
            return PROV_DONE;
        cJSON *b = cJSON_CreateObject();
        cJSON *m = cJSON_AddObjectToObject(b, "read_replication");
        cJSON_AddStringToObject(m, "mode", cJSON_IsString(rr) ? rr->valuestring : "disabled");
        op->stage = ST_UPDATED;
        return prov_request(ctx, op, "PUT", b, "/d1/database/%s", prov_id(op));
    case PROV_DELETE:
        if (!prov_id(op))
            return lookup(ctx, op, ST_DEL_LOOKUP);
        op->stage = ST_DELETED;
        return prov_request(ctx, op, "DELETE", NULL, "/d1/database/%s", prov_id(op));
    case PROV_READ:
        op->stage = ST_READ;
        return prov_request(ctx, op, "GET", NULL, "/d1/database/%s", prov_id(op));
    }
    return PROV_FAIL;
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
    const char *name = state_str(res, "name");
    if (name)
        cJSON_ReplaceItemInObjectCaseSensitive(op->entry, "name", cJSON_CreateString(name));
    const cJSON *rr = cJSON_GetObjectItemCaseSensitive(res, "read_replication");
    const char *mode = state_str(rr, "mode");
    if (mode)
        prov_refresh_attr(op->entry, "read_replication", cJSON_CreateString(mode));
    cJSON_Delete(doc);
    return PROV_DONE;
}

/* prov_d1: see prov.h. */
enum prov_result prov_d1(const struct prov_ctx *ctx, struct prov_op *op,
                         const struct cf_http_completion *c)
{
    if (!c)
        return start(ctx, op);
    switch (op->stage) {
    case ST_LOOKUP:
    case ST_DEL_LOOKUP: return on_lookup(ctx, op, c);
    case ST_CREATED: return on_created(ctx, op, c);
    case ST_DELETED:
        return prov_is_404(c) || (c->outcome == CF_DONE && c->status < 300)
                   ? PROV_DONE
                   : prov_fail_with(op, c);
    case ST_READ: return on_read(op, c);
    default: return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}
