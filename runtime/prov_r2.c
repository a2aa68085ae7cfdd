/* R2 buckets: addressed by name (the id is the name). Attributes: location
 * -> locationHint (create only), storage_class -> storageClass / PATCH
 * header, jurisdiction -> cf-r2-jurisdiction header. */
#include "runtime/prov.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

enum { ST_START, ST_LOOKUP, ST_CREATED, ST_UPDATED, ST_DELETED, ST_READ };

static void jurisdiction_header(struct prov_op *op)
{
    const cJSON *j = prov_attr(op->entry, "jurisdiction");
    int n = 0;
    if (cJSON_IsString(j) && strcmp(j->valuestring, "default") != 0) {
        snprintf(op->header_buf[0], sizeof op->header_buf[0], "cf-r2-jurisdiction: %s",
                 j->valuestring);
        op->headers[n++] = op->header_buf[0];
    }
    op->headers[n] = NULL;
    op->req.headers = op->headers;
}

static enum prov_result send(const struct prov_ctx *ctx, struct prov_op *op,
                             const char *method, cJSON *body, int stage)
{
    op->stage = stage;
    if (stage == ST_CREATED)
        prov_request(ctx, op, method, body, "/r2/buckets");
    else
        prov_request(ctx, op, method, body, "/r2/buckets/%s", prov_name(op));
    jurisdiction_header(op);
    return PROV_SEND;
}

static enum prov_result post(const struct prov_ctx *ctx, struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "locationHint", loc->valuestring);
    if (cJSON_IsString(sc))
        cJSON_AddStringToObject(b, "storageClass", sc->valuestring);
    return send(ctx, op, "POST", b, ST_CREATED);
}

static enum prov_result patch(const struct prov_ctx *ctx, struct prov_op *op)
{
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    if (!cJSON_IsString(sc))
        return PROV_DONE;
    send(ctx, op, "PATCH", NULL, ST_UPDATED);
    int n = op->headers[0] ? 1 : 0;
    snprintf(op->header_buf[1], sizeof op->header_buf[1], "cf-r2-storage-class: %s",
             sc->valuestring);
    op->headers[n] = op->header_buf[1];
    op->headers[n + 1] = NULL;
    return PROV_SEND;
}

static enum prov_result on_created(const struct prov_ctx *ctx, struct prov_op *op,
                                   const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_LOST)
        return send(ctx, op, "GET", NULL, ST_LOOKUP);
    if (op->stage == ST_LOOKUP) {
        if (prov_is_404(c))
            return post(ctx, op);
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    cJSON_Delete(doc);
    prov_set_id(op, prov_name(op));
    return PROV_DONE;
}

static cJSON *lower_str(const char *s)
{
    char buf[64];
    size_t i = 0;
    for (; s[i] && i < sizeof buf - 1; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
    return cJSON_CreateString(buf);
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
    const char *loc = state_str(res, "location");
    const char *sc = state_str(res, "storage_class");
    if (loc)
        prov_refresh_attr(op->entry, "location", lower_str(loc));
    if (sc)
        prov_refresh_attr(op->entry, "storage_class", cJSON_CreateString(sc));
    cJSON_Delete(doc);
    return PROV_DONE;
}

/* prov_r2: see prov.h. */
enum prov_result prov_r2(const struct prov_ctx *ctx, struct prov_op *op,
                         const struct cf_http_completion *c)
{
    if (!c) {
        switch (op->action) {
        case PROV_CREATE:
            return op->is_adopt ? send(ctx, op, "GET", NULL, ST_LOOKUP) : post(ctx, op);
        case PROV_UPDATE: return patch(ctx, op);
        case PROV_DELETE: return send(ctx, op, "DELETE", NULL, ST_DELETED);
        case PROV_READ: return send(ctx, op, "GET", NULL, ST_READ);
        }
    }
    switch (op->stage) {
    case ST_LOOKUP:
    case ST_CREATED: return on_created(ctx, op, c);
    case ST_READ: return on_read(op, c);
    case ST_DELETED:
        if (prov_is_404(c))
            return PROV_DONE;
        /* fall through */
    default: return c->outcome == CF_DONE && c->status < 300 ? PROV_DONE : prov_fail_with(op, c);
    }
}
