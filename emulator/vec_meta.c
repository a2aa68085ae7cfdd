/* cfemu: the data side of a Vectorize index: its record {index, vectors,
 * metadata_indexes, mutation, mutated_on} (kept apart from the index, so
 * index views stay as Cloudflare shows them), metadata indexes (create,
 * list, delete; at most 10, string|number|boolean) and /info. Every
 * change is a mutation with a UUID, applied at once. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

#define MAX_META_INDEXES 10

/* vec_need: the index segs[5] names (borrowed), or NULL after a 404. */
cJSON *vec_need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = store_find(store_list(e, rq->account, "vectorize"), "name", rq->segs[5]);
    if (!ix)
        env_err(rs, 404, 3000, "vectorize.index.not_found: index '%s' not found", rq->segs[5]);
    return ix;
}

/* vec_data: the data record of index name (borrowed; created). */
cJSON *vec_data(struct emu *e, const char *account, const char *name)
{
    cJSON *all = store_list(e, account, "vectorize_data");
    cJSON *d = store_find(all, "index", name);
    if (!d) {
        d = cJSON_CreateObject();
        jset_str(d, "index", name);
        cJSON_AddArrayToObject(d, "vectors");
        cJSON_AddArrayToObject(d, "metadata_indexes");
        cJSON_AddItemToArray(all, d);
    }
    return d;
}

/* vec_drop_data: forgets the data of index name (its deletion). */
void vec_drop_data(struct emu *e, const char *account, const char *name)
{
    cJSON *all = store_list(e, account, "vectorize_data");
    int i = store_index(all, "index", name);
    if (i >= 0)
        cJSON_DeleteItemFromArray(all, i);
}

/* vec_mutation: records a new mutation on d; the result {mutationId}. */
cJSON *vec_mutation(struct emu *e, cJSON *d)
{
    char id[37], now[40];
    store_new_uuid(e, id);
    store_now(now);
    jset_str(d, "mutation", id);
    jset_str(d, "mutated_on", now);
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "mutationId", id);
    return r;
}

/* vec_meta_create: POST .../metadata_index/create {propertyName, indexType}. */
void vec_meta_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    cJSON *body = ix ? req_json(rq) : NULL;
    const char *prop = jstr(body, "propertyName"), *type = jstr(body, "indexType");
    cJSON *d = ix ? vec_data(e, rq->account, rq->segs[5]) : NULL;
    cJSON *metas = cJSON_GetObjectItem(d, "metadata_indexes");
    if (!ix) {
        cJSON_Delete(body);
        return;
    }
    if (!prop || !*prop || strlen(prop) > 64)
        env_err(rs, 400, 40026, "vectorize.invalid_body: propertyName must be 1 to 64 bytes");
    else if (!type || (strcmp(type, "string") != 0 && strcmp(type, "number") != 0 &&
                       strcmp(type, "boolean") != 0))
        env_err(rs, 400, 40026,
                "vectorize.invalid_body: indexType must be string, number or boolean");
    else if (store_find(metas, "propertyName", prop))
        env_err(rs, 409, 40020,
                "vectorize.metadata_index.duplicate: a metadata index on '%s' already exists",
                prop);
    else if (cJSON_GetArraySize(metas) >= MAX_META_INDEXES)
        env_err(rs, 400, 40021,
                "vectorize.metadata_index.limit: an index has at most %d metadata indexes",
                MAX_META_INDEXES);
    else {
        cJSON *m = cJSON_CreateObject();
        jset_str(m, "propertyName", prop);
        jset_str(m, "indexType", type);
        cJSON_AddItemToArray(metas, m);
        env_ok(rs, 200, vec_mutation(e, d));
    }
    cJSON_Delete(body);
}

/* vec_meta_list: GET .../metadata_index/list -> {metadataIndexes}. */
void vec_meta_list(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!vec_need(e, rq, rs))
        return;
    cJSON *d = vec_data(e, rq->account, rq->segs[5]);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(r, "metadataIndexes",
                          cJSON_Duplicate(cJSON_GetObjectItem(d, "metadata_indexes"), 1));
    env_ok(rs, 200, r);
}

/* vec_meta_delete: POST .../metadata_index/delete {propertyName}. */
void vec_meta_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    cJSON *body = ix ? req_json(rq) : NULL;
    cJSON *d = ix ? vec_data(e, rq->account, rq->segs[5]) : NULL;
    cJSON *metas = cJSON_GetObjectItem(d, "metadata_indexes");
    int i = ix ? store_index(metas, "propertyName", jstr(body, "propertyName")) : -1;
    if (ix && i < 0) {
        env_err(rs, 404, 40022, "vectorize.metadata_index.not_found: no metadata index on '%s'",
                jstr(body, "propertyName") ? jstr(body, "propertyName") : "");
    } else if (ix) {
        cJSON_DeleteItemFromArray(metas, i);
        env_ok(rs, 200, vec_mutation(e, d));
    }
    cJSON_Delete(body);
}

/* vec_info: GET .../info -> {dimensions, vectorCount,
 * processedUpToDatetime, processedUpToMutation}. */
void vec_info(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    if (!ix)
        return;
    cJSON *d = vec_data(e, rq->account, rq->segs[5]);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddItemToObject(
        r, "dimensions",
        cJSON_Duplicate(cJSON_GetObjectItem(cJSON_GetObjectItem(ix, "config"), "dimensions"), 1));
    cJSON_AddNumberToObject(r, "vectorCount",
                            cJSON_GetArraySize(cJSON_GetObjectItem(d, "vectors")));
    jset_str(r, "processedUpToDatetime", jstr(d, "mutated_on"));
    if (jstr(d, "mutation"))
        jset_str(r, "processedUpToMutation", jstr(d, "mutation"));
    env_ok(rs, 200, r);
}
