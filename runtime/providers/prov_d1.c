/* D1 databases: create (resolved by name when the answer was lost), update of
 * read_replication, delete, read (prov_common.c runs the steps). Attributes:
 * location -> primary_location_hint, jurisdiction, read_replication. */
#include "runtime/providers/prov.h"

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *jur = prov_attr(op->entry, "jurisdiction");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "primary_location_hint", loc->valuestring);
    if (cJSON_IsString(jur))
        cJSON_AddStringToObject(b, "jurisdiction", jur->valuestring);
    return b;
}

static enum prov_result update(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op)
{
    const cJSON *rr = prov_attr(op->entry, "read_replication");
    if (!rr)
        return PROV_DONE;
    cJSON *b = cJSON_CreateObject();
    cJSON *m = cJSON_AddObjectToObject(b, "read_replication");
    cJSON_AddStringToObject(m, "mode", cJSON_IsString(rr) ? rr->valuestring : "disabled");
    return prov_kind_send(k, ctx, op, "PUT", b, PROV_ST_UPDATED, true);
}

static void read_back(struct prov_op *op, const cJSON *res)
{
    const cJSON *rr = cJSON_GetObjectItemCaseSensitive(res, "read_replication");
    const char *mode = state_str(rr, "mode");
    if (mode)
        prov_refresh_attr(op->entry, "read_replication", cJSON_CreateString(mode));
}

/* prov_d1_kind: see prov.h. */
const struct prov_kind prov_d1_kind = {
    .path = "/d1/database",
    .id_field = "uuid",
    .name_field = "name",
    .list_query = "&per_page=1000",
    .create_body = create_body,
    .update = update,
    .read = read_back,
};
