/* D1 databases: create (resolved by name when the answer was lost), update of
 * read_replication, delete, read (prov_common.c runs the steps). Attributes:
 * location -> primary_location_hint, jurisdiction, read_replication. */
#include <string.h>

#include "runtime/providers/prov.h"

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *jur = prov_attr(op->entry, "jurisdiction");
    const cJSON *rr = prov_attr(op->entry, "read_replication");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "primary_location_hint", loc->valuestring);
    if (cJSON_IsString(jur))
        cJSON_AddStringToObject(b, "jurisdiction", jur->valuestring);
    if (cJSON_IsString(rr)) /* the create body takes it too (OAS26) */
        cJSON_AddStringToObject(cJSON_AddObjectToObject(b, "read_replication"), "mode",
                                rr->valuestring);
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

/* needs_detail: whether a database's read_replication is read in detail.
 * No D1 listing shows it (a list item holds uuid, name, created_at,
 * version, jurisdiction; version is the storage backend, not a change
 * counter), so a listing refresh reads it only where it is not the default:
 * replication the program asked for ("auto") and that was turned off out
 * of band is found; replication turned on out of band on a database kept at
 * the default ("disabled") is not (docs/cli.md, "Reads by listing"). An
 * entry that records no mode yet (an import) is read, so it gets one. */
static bool needs_detail(const cJSON *entry)
{
    const char *mode = cJSON_GetStringValue(prov_attr(entry, "read_replication"));
    return !mode || strcmp(mode, "disabled") != 0;
}

/* fold_d1: the name from the list item; read_replication by a detail read
 * only where needs_detail says so (a list item never shows it) */
static enum prov_result fold_d1(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *item,
                                const struct prov_listings *ls)
{
    (void)ls;
    enum prov_result r = prov_fold_collection(&prov_d1_kind, op, item);
    const cJSON *rr = cJSON_GetObjectItemCaseSensitive(item, "read_replication");
    if (rr) { /* a listing that does show it (none does today) is taken as a read */
        read_back(op, item);
        return r;
    }
    if (needs_detail(op->entry))
        return prov_kind_send(&prov_d1_kind, ctx, op, "GET", NULL, PROV_ST_READ, true);
    return r;
}

/* prov_d1_lister: see prov.h. 10,000 per page is D1's maximum. */
const struct prov_lister prov_d1_lister = {
    .path = "/d1/database?per_page=10000",
    .paging = PROV_PAGE_NUMBER,
    .key_field = "uuid",
    .name_field = "name",
    .fold = fold_d1,
    .predict = needs_detail,
};
