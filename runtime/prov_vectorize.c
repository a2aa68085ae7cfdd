/* Vectorize v2 indexes: addressed by name; no update endpoint, so every
 * attribute change is a replace (the planner follows the schema). Attributes:
 * dimensions, metric, preset, description. */
#include "runtime/prov.h"

#include <stdio.h>
#include <string.h>

enum { ST_START, ST_LOOKUP, ST_CREATED, ST_DELETED, ST_READ };

static enum prov_result send(const struct prov_ctx *ctx, struct prov_op *op,
                             const char *method, int stage)
{
    op->stage = stage;
    return prov_request(ctx, op, method, NULL, "/vectorize/v2/indexes/%s", prov_name(op));
}

static enum prov_result post(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    cJSON *cfg = cJSON_CreateObject();
    const cJSON *dim = prov_attr(op->entry, "dimensions");
    const cJSON *metric = prov_attr(op->entry, "metric");
    const cJSON *preset = prov_attr(op->entry, "preset");
    const cJSON *desc = prov_attr(op->entry, "description");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(desc))
        cJSON_AddStringToObject(b, "description", desc->valuestring);
    if (cJSON_IsString(preset)) {
        cJSON_AddStringToObject(cfg, "preset", preset->valuestring);
    } else {
        cJSON_AddNumberToObject(cfg, "dimensions", cJSON_IsNumber(dim) ? dim->valuedouble : 0);
        cJSON_AddStringToObject(cfg, "metric",
                                cJSON_IsString(metric) ? metric->valuestring : "cosine");
    }
    cJSON_AddItemToObject(b, "config", cfg);
    op->stage = ST_CREATED;
    return prov_request(ctx, op, "POST", b, "/vectorize/v2/indexes");
}

static enum prov_result on_created(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_LOST)
        return send(ctx, op, "GET", ST_LOOKUP);
    if (op->stage == ST_LOOKUP && prov_is_404(c))
        return post(ctx, op);
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    cJSON_Delete(doc);
    prov_set_id(op, prov_name(op));
    return PROV_DONE;
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
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(res, "config");
    const cJSON *dim = cJSON_GetObjectItemCaseSensitive(cfg, "dimensions");
    const char *metric = state_str(cfg, "metric");
    const char *desc = state_str(res, "description");
    if (cJSON_IsNumber(dim))
        prov_refresh_attr(op->entry, "dimensions", cJSON_CreateNumber(dim->valuedouble));
    if (metric)
        prov_refresh_attr(op->entry, "metric", cJSON_CreateString(metric));
    if (desc)
        prov_refresh_attr(op->entry, "description", cJSON_CreateString(desc));
    cJSON_Delete(doc);
    return PROV_DONE;
}

/* prov_vectorize: see prov.h. */
enum prov_result prov_vectorize(const struct prov_ctx *ctx, struct prov_op *op,
                                const struct cf_http_completion *c)
{
    if (!c) {
        switch (op->action) {
        case PROV_CREATE: return op->is_adopt ? send(ctx, op, "GET", ST_LOOKUP) : post(ctx, op);
        case PROV_UPDATE: return PROV_DONE; /* nothing is updatable in place */
        case PROV_DELETE: return send(ctx, op, "DELETE", ST_DELETED);
        case PROV_READ: return send(ctx, op, "GET", ST_READ);
        }
    }
    switch (op->stage) {
    case ST_LOOKUP:
    case ST_CREATED: return on_created(ctx, op, c);
    case ST_READ: return on_read(op, c);
    default:
        return prov_is_404(c) || (c->outcome == CF_DONE && c->status < 300)
                   ? PROV_DONE
                   : prov_fail_with(op, c);
    }
}
