/* Queues: create by name (resolved by listing when the answer was lost),
 * rename and settings by PATCH, delete, read (prov_common.c runs the steps).
 * Attributes delivery_delay, delivery_paused and message_retention_period
 * go to "settings". */
#include "runtime/providers/prov.h"

#include <stdbool.h>
#include <string.h>

static const char *const settings_attrs[] = {"delivery_delay", "delivery_paused",
                                             "message_retention_period"};
#define N_SETTINGS (sizeof settings_attrs / sizeof settings_attrs[0])

static cJSON *settings_of(const cJSON *entry)
{
    cJSON *s = NULL;
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const cJSON *v = prov_attr(entry, settings_attrs[i]);
        if (!v)
            continue;
        if (!s)
            s = cJSON_CreateObject();
        cJSON_AddItemToObject(s, settings_attrs[i], cJSON_Duplicate(v, 1));
    }
    return s;
}

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "queue_name", prov_name(op));
    return b;
}

/* is_default: a new queue already has these settings (Cloudflare's defaults) */
static bool is_default(const cJSON *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, s)
    {
        double v = cJSON_IsNumber(it) ? it->valuedouble : -1;
        bool dflt = (strcmp(it->string, "delivery_delay") == 0 && v == 0) ||
                    (strcmp(it->string, "message_retention_period") == 0 && v == 345600) ||
                    (strcmp(it->string, "delivery_paused") == 0 && cJSON_IsFalse(it));
        if (!dflt)
            return false;
    }
    return true;
}

/* update sends name and settings; after a create, only settings that differ
 * from a new queue's defaults. */
static enum prov_result update(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op)
{
    cJSON *s = settings_of(op->entry);
    if (op->action == PROV_CREATE && (!s || is_default(s))) {
        cJSON_Delete(s);
        return PROV_DONE;
    }
    cJSON *b = create_body(op);
    if (s)
        cJSON_AddItemToObject(b, "settings", s);
    return prov_kind_send(k, ctx, op, "PATCH", b, PROV_ST_UPDATED, true);
}

static void read_back(struct prov_op *op, const cJSON *res)
{
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(res, "settings");
    for (size_t i = 0; i < N_SETTINGS; i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(s, settings_attrs[i]);
        if (v)
            prov_refresh_attr(op->entry, settings_attrs[i], cJSON_Duplicate(v, 1));
    }
}

/* prov_queue_kind: see prov.h. */
const struct prov_kind prov_queue_kind = {
    .path = "/queues",
    .id_field = "queue_id",
    .name_field = "queue_name",
    .list_query = "",
    .create_body = create_body,
    .update = update,
    .after_create = update,
    .read = read_back,
};

/* a list item is the queue with its settings, as a GET answers it */
static enum prov_result fold_queue(const struct prov_ctx *ctx, struct prov_op *op,
                                   const cJSON *item, const struct prov_listings *ls)
{
    (void)ctx, (void)ls;
    return prov_fold_collection(&prov_queue_kind, op, item);
}

/* prov_queue_lister: see prov.h. Items carry settings and consumers (the
 * workers' consumer reads use them: worker_list.c). */
const struct prov_lister prov_queue_lister = {
    .path = "/queues?per_page=1000",
    .paging = PROV_PAGE_NUMBER,
    .key_field = "queue_id",
    .name_field = "queue_name",
    .fold = fold_queue,
};
