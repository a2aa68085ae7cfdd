/* Listings of one refresh: items per kind, indexed by key for lookups. */
#include "runtime/providers/prov_listing.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/providers/prov.h"

/* prov_listings_add: see prov_listing.h. */
void prov_listings_add(struct prov_listings *ls, enum ir_kind kind, cJSON *items)
{
    struct prov_listing *l = &ls->kind[kind];
    if (!l->items)
        l->items = cJSON_CreateArray();
    while (items && items->child) {
        cJSON *it = cJSON_DetachItemViaPointer(items, items->child);
        cJSON_AddItemToArray(l->items, it);
    }
    cJSON_Delete(items);
}

static int by_key(const void *a, const void *b)
{
    const struct prov_listing_slot *x = a, *y = b;
    return strcmp(x->key, y->key);
}

/* prov_listings_index: see prov_listing.h. Items without the key field are
 * left out: no entry can match them. */
void prov_listings_index(struct prov_listings *ls, enum ir_kind kind, const char *key_field)
{
    struct prov_listing *l = &ls->kind[kind];
    size_t n = (size_t)cJSON_GetArraySize(l->items), k = 0;
    free(l->index);
    l->index = xcalloc(n + 1, sizeof *l->index);
    const cJSON *it;
    cJSON_ArrayForEach(it, l->items)
    {
        const char *key = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, key_field));
        if (key)
            l->index[k++] = (struct prov_listing_slot){key, it};
    }
    qsort(l->index, k, sizeof *l->index, by_key);
    l->n_index = k;
}

/* prov_listing_find: see prov.h. */
const cJSON *prov_listing_find(const struct prov_listings *ls, enum ir_kind kind, const char *key)
{
    if (!ls || !key || !prov_listing_complete(ls, kind))
        return NULL;
    const struct prov_listing *l = &ls->kind[kind];
    struct prov_listing_slot want = {key, NULL};
    const struct prov_listing_slot *hit =
        bsearch(&want, l->index, l->n_index, sizeof *l->index, by_key);
    return hit ? hit->item : NULL;
}

/* prov_listing_complete: see prov.h. */
bool prov_listing_complete(const struct prov_listings *ls, enum ir_kind kind)
{
    return ls && (unsigned)kind < IR_N_KINDS && ls->kind[kind].is_complete &&
           ls->kind[kind].index != NULL;
}

/* prov_listing_exact: see prov_listing.h. */
bool prov_listing_exact(const struct prov_listings *ls, enum ir_kind kind)
{
    return prov_listing_complete(ls, kind) && ls->kind[kind].is_exact;
}

/* prov_listings_zone_listed: see prov_listing.h. */
bool prov_listings_zone_listed(const struct prov_listings *ls, const char *zone)
{
    const cJSON *z;
    if (!ls)
        return false;
    cJSON_ArrayForEach(z, ls->zones)
    {
        if (zone && cJSON_IsString(z) && strcmp(z->valuestring, zone) == 0)
            return true;
    }
    return false;
}

/* prov_listings_free: see prov_listing.h. */
void prov_listings_free(struct prov_listings *ls)
{
    for (int k = 0; k < IR_N_KINDS; k++) {
        cJSON_Delete(ls->kind[k].items);
        free(ls->kind[k].index);
    }
    cJSON_Delete(ls->domains.items);
    cJSON_Delete(ls->routes.items);
    cJSON_Delete(ls->zones);
    memset(ls, 0, sizeof *ls);
}
