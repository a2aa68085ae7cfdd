/* Vectorize v2 indexes: addressed by name; no update endpoint, so every
 * attribute change is a replace (the planner follows the schema); the steps
 * are prov_common.c's. Attributes: dimensions, metric, preset, description;
 * metadata_indexes are changed in place (prov_vec_meta.c). */
#include "runtime/providers/prov.h"

static cJSON *create_body(const struct prov_op *op)
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
    return b;
}

static void read_back(struct prov_op *op, const cJSON *res)
{
    const cJSON *cfg = cJSON_GetObjectItemCaseSensitive(res, "config");
    const cJSON *dim = cJSON_GetObjectItemCaseSensitive(cfg, "dimensions");
    const char *metric = state_str(cfg, "metric");
    const char *desc = state_str(res, "description");
    if (cJSON_IsNumber(dim))
        prov_refresh_attr(op->entry, "dimensions", cJSON_CreateNumber(dim->valuedouble));
    if (metric)
        prov_refresh_attr(op->entry, "metric", cJSON_CreateString(metric));
    if (desc && *desc)
        prov_refresh_attr(op->entry, "description", cJSON_CreateString(desc));
    else /* "" is no description, as the program writes it: no attribute */
        cJSON_DeleteItemFromObjectCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(op->entry, "attrs"), "description");
}

/* prov_vectorize_kind: see prov.h. */
const struct prov_kind prov_vectorize_kind = {
    .path = "/vectorize/v2/indexes",
    .create_body = create_body,
    .read = read_back, /* no .update: only metadata_indexes change in place, after the
                          index's steps (prov_vec_meta.c) */
};

/* reads_fields: an index whose state records metadata indexes has them read
 * back on every refresh; one without is read at no extra cost */
static bool reads_fields(const cJSON *entry)
{
    return prov_attr(entry, "metadata_indexes") != NULL;
}

/* a list item is the index itself, as a GET answers it */
static enum prov_result fold_vectorize(const struct prov_ctx *ctx, struct prov_op *op,
                                       const cJSON *item, const struct prov_listings *ls)
{
    (void)ls;
    prov_fold_collection(&prov_vectorize_kind, op, item);
    /* the list does not hold the metadata indexes: read them where the
     * state has some */
    return reads_fields(op->entry) ? prov_vec_meta_start(ctx, op) : PROV_DONE;
}

/* prov_vectorize_lister: see prov.h. The v2 list is not paginated. */
const struct prov_lister prov_vectorize_lister = {
    .path = "/vectorize/v2/indexes",
    .paging = PROV_PAGE_NONE,
    .key_field = "name",
    .name_field = "name",
    .fold = fold_vectorize,
    .predict = reads_fields,
};
