/* Fetching the listings a refresh reads from: every page of every kind
 * asked for, all at once on one cf_http (numbered pages after the first in
 * parallel, cursor pages one after another).
 * Ownership: the caller frees the listings with prov_listings_free. */
#ifndef DOME_LISTING_H
#define DOME_LISTING_H

#include <stdbool.h>

#include "runtime/net/cf_http.h"
#include "runtime/providers/prov.h"
#include "runtime/providers/prov_listing.h"

/* What to list: kinds, the account's custom domains, the routes of zones. */
struct listing_want {
    bool kind[IR_N_KINDS];
    bool domains;
    const cJSON *zones; /* zone ids (strings) whose routes to list; borrowed, may be NULL */
};

/* listing_fetch lists each kind with want->kind[kind] set and a lister,
 * and the domains and zone routes asked for. A kind whose pages could not
 * all be read stays incomplete (its entries are then read one by one), as
 * do the domains; a zone whose routes could not be read is not listed in
 * out->zones. */
void listing_fetch(const struct prov_ctx *ctx, struct cf_http *http,
                   const struct listing_want *want, struct prov_listings *out);

/* listing_count is how many requests the last complete listing of a kind
 * of n items needs at the lister's page size (1 for unpaginated lists). */
long listing_pages(const struct prov_lister *l, long n_items);

#endif
