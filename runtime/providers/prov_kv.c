/* Workers KV namespaces: create by title (resolved by listing when the
 * answer was lost), rename in place by PUT, delete, read (prov_common.c runs
 * the steps). The namespace's title is its physical name; it has no other
 * attributes. */
#include "runtime/providers/prov.h"

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "title", prov_name(op));
    return b;
}

/* update: the title is the only thing a namespace can change */
static enum prov_result update(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op)
{
    return prov_kind_send(k, ctx, op, "PUT", create_body(op), PROV_ST_UPDATED, true);
}

static void read_back(struct prov_op *op, const cJSON *res)
{
    (void)op; /* the title is read as the name by prov_common.c */
    (void)res;
}

/* prov_kv_kind: see prov.h. The list has no name filter: "?name=" is
 * ignored by the API, and one page of 100 (its maximum) is searched. */
const struct prov_kind prov_kv_kind = {
    .path = "/storage/kv/namespaces",
    .id_field = "id",
    .name_field = "title",
    .list_query = "&per_page=100",
    .create_body = create_body,
    .update = update,
    .read = read_back,
};

/* a list item is the namespace itself, as a GET answers it */
static enum prov_result fold_kv(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *item,
                                const struct prov_listings *ls)
{
    (void)ctx, (void)ls;
    return prov_fold_collection(&prov_kv_kind, op, item);
}

/* prov_kv_lister: see prov.h. Pages of 1,000, the API's largest. */
const struct prov_lister prov_kv_lister = {
    .path = "/storage/kv/namespaces?per_page=1000",
    .paging = PROV_PAGE_NUMBER,
    .key_field = "id",
    .name_field = "title",
    .fold = fold_kv,
};
