/* R2 buckets: addressed by name (the id is the name); prov_common.c runs
 * the steps. Attributes: location -> locationHint (create only),
 * storage_class -> storageClass / PATCH header, jurisdiction ->
 * cf-r2-jurisdiction header. */
#include "runtime/providers/prov.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

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

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "locationHint", loc->valuestring);
    if (cJSON_IsString(sc))
        cJSON_AddStringToObject(b, "storageClass", sc->valuestring);
    return b;
}

static enum prov_result patch(const struct prov_kind *k, const struct prov_ctx *ctx,
                              struct prov_op *op)
{
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    if (!cJSON_IsString(sc))
        return PROV_DONE;
    prov_kind_send(k, ctx, op, "PATCH", NULL, PROV_ST_UPDATED, true);
    int n = op->headers[0] ? 1 : 0;
    snprintf(op->header_buf[1], sizeof op->header_buf[1], "cf-r2-storage-class: %s",
             sc->valuestring);
    op->headers[n] = op->header_buf[1];
    op->headers[n + 1] = NULL;
    return PROV_SEND;
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

static void read_back(struct prov_op *op, const cJSON *res)
{
    const char *loc = state_str(res, "location");
    const char *sc = state_str(res, "storage_class");
    if (loc)
        prov_refresh_attr(op->entry, "location", lower_str(loc));
    if (sc)
        prov_refresh_attr(op->entry, "storage_class", cJSON_CreateString(sc));
}

/* prov_r2_kind: see prov.h. */
const struct prov_kind prov_r2_kind = {
    .path = "/r2/buckets",
    .create_body = create_body,
    .update = patch,
    .read = read_back,
    .headers = jurisdiction_header,
};
