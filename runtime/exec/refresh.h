/* Refresh: reads every resource in state from the API (by listing where a
 * kind can be listed, then detail reads all at once on one cf_http) and
 * reports drift: attributes changed out of band, resources
 * deleted out of band. The result owns its JSON. */
#ifndef DOME_REFRESH_H
#define DOME_REFRESH_H

#include <stddef.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"
#include "runtime/providers/prov.h"

struct refresh_item {
    char *key;
    cJSON *before;  /* state entry (copy) */
    cJSON *after;   /* entry as read back; NULL when deleted out of band */
    cJSON *changed; /* names of attributes that differ ("name" included) */
    char *error;    /* the read failed: why (after == before then) */
};

struct refresh_result {
    struct refresh_item *items;
    size_t n_items;
    int n_drifted; /* changed or gone */
    int n_failed;
    int n_remarked; /* not drifted, but what says a resource changed (a
                       worker's etag) is new: worth saving */
    int n_detail;   /* entries read one by one (beyond the listings) */
};

/* refresh_read reads every entry of ctx->st (pending ones are skipped).
 * Returns 0 when every read succeeded, -1 otherwise (items carry errors). */
int refresh_read(const struct prov_ctx *ctx, struct cf_http *http,
                 struct refresh_result *out) WARN_UNUSED;

/* refresh_estimate is how many requests refresh_read of st is expected to
 * send: the listing pages plus the entries that will be read in detail. */
long refresh_estimate(const struct state *st) WARN_UNUSED;

/* refresh_apply writes what was read into st: changed entries replaced
 * (also when only a change marker is new), gone ones removed. */
void refresh_apply(struct state *st, const struct refresh_result *r);

/* refresh_free frees a result. */
void refresh_free(struct refresh_result *r);

#endif
