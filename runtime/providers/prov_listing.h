/* The listings one refresh fetched: per kind, every item of its collection
 * and an index on the kind's key field, so each state entry finds its item
 * in O(log n). Built by runtime/exec/listing.c, read by the kinds' fold
 * functions through prov_listing_find (prov.h).
 * Ownership: the listings own their items; prov_listings_free frees them. */
#ifndef DOME_PROV_LISTING_H
#define DOME_PROV_LISTING_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"

struct prov_listing_slot {
    const char *key;   /* the item's key field (borrowed from item) */
    const cJSON *item; /* borrowed from the listing's items */
};

struct prov_listing {
    cJSON *items;                    /* every item gathered (an array), NULL: not listed */
    bool is_complete;                /* every page arrived */
    bool is_exact;                   /* complete and a missing item means deleted: one
                                        page, or cursor pages (numbered pages may shift
                                        when the collection changes between them) */
    struct prov_listing_slot *index; /* sorted by key, built by prov_listings_index */
    size_t n_index;
};

/* Besides the kinds' collections, a refresh lists how traffic reaches
 * workers: the custom domains of the account (one list, GET
 * /accounts/{a}/workers/domains) and the routes of each zone a worker's
 * routes were recorded in (GET /zones/{z}/workers/routes, one list per zone
 * covering every worker on it). */
struct prov_listings {
    struct prov_listing kind[IR_N_KINDS];
    struct prov_listing domains; /* {id, hostname, service, zone_id, ...}; items unindexed */
    struct prov_listing routes;  /* {id, pattern, script, zone_id} of the listed zones */
    cJSON *zones;                /* ids (strings) of the zones whose routes were listed */
};

/* prov_listings_add appends the items of one page (an array; consumed) to
 * kind's listing. */
void prov_listings_add(struct prov_listings *ls, enum ir_kind kind, cJSON *items);

/* prov_listings_index sorts kind's items by key_field for lookups; call
 * once every page has been added. */
void prov_listings_index(struct prov_listings *ls, enum ir_kind kind, const char *key_field);

/* prov_listing_exact is true when kind's listing is complete and an entry
 * missing from it was deleted out of band. */
bool prov_listing_exact(const struct prov_listings *ls, enum ir_kind kind);

/* prov_listings_zone_listed is true when zone's routes were listed. */
bool prov_listings_zone_listed(const struct prov_listings *ls, const char *zone);

/* prov_listings_free frees every listing. */
void prov_listings_free(struct prov_listings *ls);

#endif
