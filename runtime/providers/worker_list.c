/* Workers by listing: the scripts list says, through each script's etag and
 * modified_on, which scripts changed since they were last read; only those
 * are read in detail (settings). Consumers come from the queue listing
 * (each queue item carries its consumers), schedules are read only for
 * workers with cron triggers (no listing shows them). */
#include <string.h>

#include "runtime/providers/prov.h"
#include "runtime/providers/prov_listing.h"
#include "runtime/providers/worker_read.h"
#include "runtime/providers/worker_routes.h"

static cJSON *extra_of(cJSON *entry)
{
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(entry, "extra");
    return extra ? extra : cJSON_AddObjectToObject(entry, "extra");
}

static bool same_str(const cJSON *a, const cJSON *b, const char *member)
{
    const char *x = state_str(a, member), *y = state_str(b, member);
    return x && y && strcmp(x, y) == 0;
}

/* worker_marker_record: see worker_read.h. */
void worker_marker_record(cJSON *entry, const cJSON *script)
{
    const char *etag = state_str(script, "etag"), *mod = state_str(script, "modified_on");
    if (!etag || !mod)
        return;
    cJSON *extra = extra_of(entry);
    cJSON_DeleteItemFromObjectCaseSensitive(extra, "etag");
    cJSON_DeleteItemFromObjectCaseSensitive(extra, "modified_on");
    cJSON_AddStringToObject(extra, "etag", etag);
    cJSON_AddStringToObject(extra, "modified_on", mod);
}

/* fold_consumers: every wanted consumer from its queue's list item. False
 * when the queues were not listed completely (the detail read does it). */
static bool fold_consumers(const struct prov_ctx *ctx, struct prov_op *op,
                           const struct prov_listings *ls)
{
    const cJSON *wants = prov_attr(op->entry, "consumers");
    if (cJSON_GetArraySize(wants) == 0)
        return true;
    if (!prov_listing_complete(ls, IR_QUEUE))
        return false;
    op->index = 0;
    while (op->index < cJSON_GetArraySize(wants)) {
        const char *qkey = state_str(cJSON_GetArrayItem(wants, op->index), "queue");
        const char *qid = state_str(state_get(ctx->st, qkey ? qkey : ""), "id");
        const cJSON *q = prov_listing_find(ls, IR_QUEUE, qid);
        /* a queue gone (or never in state) has no consumer: an empty list drops the want */
        worker_read_consumer(ctx, op, cJSON_GetObjectItemCaseSensitive(q, "consumers"));
    }
    return true;
}

/* routes_zoned: every zone the entry's routes were recorded in (at least
 * one) had its routes listed */
static bool routes_zoned(const cJSON *entry, const struct prov_listings *ls)
{
    const cJSON *r, *recorded = cJSON_GetObjectItemCaseSensitive(
                        cJSON_GetObjectItemCaseSensitive(entry, "extra"), "routes");
    if (cJSON_GetArraySize(recorded) == 0)
        return false;
    cJSON_ArrayForEach(r, recorded)
    {
        if (!prov_listings_zone_listed(ls, state_str(r, "zone_id")))
            return false;
    }
    return true;
}

/* mine: the items of list whose member field names this worker, and (for
 * routes) lie in a zone its routes were recorded in */
static cJSON *mine(const cJSON *list, const char *field, const char *name, const cJSON *zones)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *it, *z;
    cJSON_ArrayForEach(it, list)
    {
        const char *who = state_str(it, field), *zone = state_str(it, "zone_id");
        bool in_zone = !zones;
        cJSON_ArrayForEach(z, zones) in_zone = in_zone || same_str(z, it, "zone_id");
        if (who && strcmp(who, name) == 0 && in_zone && zone)
            cJSON_AddItemReferenceToArray(out, (cJSON *)it);
    }
    return out;
}

/* fold_traffic: routes from their zones' listings, custom domains from the
 * account's. False when a listing needed is missing (the detail read then
 * reads them per worker). */
static bool fold_traffic(struct prov_op *op, const struct prov_listings *ls)
{
    bool routes = prov_attr(op->entry, "routes") != NULL;
    bool domains = prov_attr(op->entry, "domains") != NULL;
    if ((routes && !routes_zoned(op->entry, ls)) || (domains && !ls->domains.is_complete))
        return false;
    if (routes) {
        cJSON *zones =
            cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(
                                cJSON_GetObjectItemCaseSensitive(op->entry, "extra"), "routes"),
                            1);
        cJSON *live = mine(ls->routes.items, "script", prov_name(op), zones);
        worker_routes_fold(op, true, live);
        cJSON_Delete(live);
        cJSON_Delete(zones);
    }
    if (domains) {
        cJSON *live = mine(ls->domains.items, "service", prov_name(op), NULL);
        worker_routes_fold(op, false, live);
        cJSON_Delete(live);
    }
    return true;
}

/* fold_worker: routes and domains come from their listings; an unchanged
 * script (same etag and modified_on as recorded) keeps its settings; a
 * changed one, or one never listed before, is read in detail. */
static enum prov_result fold_worker(const struct prov_ctx *ctx, struct prov_op *op,
                                    const cJSON *item, const struct prov_listings *ls)
{
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
    bool is_same = same_str(extra, item, "etag") && same_str(extra, item, "modified_on");
    worker_marker_record(op->entry, item);
    if (!fold_traffic(op, ls))
        return worker_read_start(ctx, op);
    if (!is_same || !fold_consumers(ctx, op, ls))
        return worker_read_settings(ctx, op);
    if (cJSON_GetArraySize(prov_attr(op->entry, "crons")) > 0)
        return worker_read_schedules(ctx, op);
    return PROV_DONE;
}

/* a worker never listed before (no etag recorded) is read in detail, as is
 * one whose routes were recorded in no zone; one with cron triggers has its
 * schedules read */
static bool predict_worker(const cJSON *entry)
{
    const cJSON *extra = cJSON_GetObjectItemCaseSensitive(entry, "extra");
    return !state_str(extra, "etag") ||
           (prov_attr(entry, "routes") &&
            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(extra, "routes")) == 0) ||
           cJSON_GetArraySize(prov_attr(entry, "crons")) > 0;
}

/* prov_worker_lister: see prov.h. The scripts list is not paginated. */
const struct prov_lister prov_worker_lister = {
    .path = "/workers/scripts",
    .paging = PROV_PAGE_NONE,
    .key_field = "id",
    .name_field = "id",
    .fold = fold_worker,
    .predict = predict_worker,
};
