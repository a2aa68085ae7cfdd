/* Reads state's resources back from Cloudflare and diffs them against
 * state. Never writes to the API. Kinds with a lister are read by listing
 * their collections first (listing.c); each entry is folded from its list
 * item, and only what a list cannot show is read in detail, concurrently.
 * An entry missing from an exact listing was deleted out of band, as a 404
 * says; one missing from a listing that may have shifted is read in detail. */
#include "runtime/exec/refresh.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/exec/listing.h"
#include "runtime/model/kind.h"

struct reader {
    struct prov_op op;
    size_t item;
};

static void diff(struct refresh_item *it)
{
    it->changed = cJSON_CreateArray();
    if (!it->after)
        return;
    const char *on = state_str(it->before, "name"), *nn = state_str(it->after, "name");
    if (on && nn && strcmp(on, nn) != 0)
        cJSON_AddItemToArray(it->changed, cJSON_CreateString("name"));
    const cJSON *oa = cJSON_GetObjectItemCaseSensitive(it->before, "attrs");
    const cJSON *na = cJSON_GetObjectItemCaseSensitive(it->after, "attrs");
    const cJSON *a;
    cJSON_ArrayForEach(a, oa)
    {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(na, a->string);
        if (!b || !state_same(a, b))
            cJSON_AddItemToArray(it->changed, cJSON_CreateString(a->string));
    }
}

static void settle(struct refresh_result *out, struct reader *rd, enum prov_result res)
{
    struct refresh_item *it = &out->items[rd->item];
    if (res == PROV_FAIL) {
        it->error = xstrdup(rd->op.error[0] ? rd->op.error : "read failed");
        it->after = cJSON_Duplicate(it->before, 1);
        out->n_failed++;
    } else if (rd->op.is_gone) {
        it->after = NULL;
    } else {
        it->after = cJSON_Duplicate(rd->op.entry, 1);
    }
    diff(it);
    if (!it->error && (!it->after || cJSON_GetArraySize(it->changed) > 0))
        out->n_drifted++;
    else if (!it->error && !cJSON_Compare(it->before, it->after, 1))
        out->n_remarked++;
    prov_clear_body(&rd->op);
    cJSON_Delete(rd->op.entry);
    rd->op.entry = NULL;
}

static void step(const struct prov_ctx *ctx, struct cf_http *http, struct refresh_result *out,
                 struct reader *rd, const struct cf_http_completion *c)
{
    enum prov_result res = prov_for(rd->op.kind)(ctx, &rd->op, c);
    if (res == PROV_SEND && cf_http_submit(http, &rd->op.req) == 0)
        return;
    settle(out, rd, res == PROV_SEND ? PROV_FAIL : res);
}

/* collect makes an item for every entry to read and a reader for each one
 * of a known kind (an entry of an unknown kind fails at once). Returns the
 * number of readers. */
static size_t collect(const struct prov_ctx *ctx, struct refresh_result *out, struct reader **rds)
{
    const cJSON *res = state_resources(ctx->st);
    size_t n = (size_t)cJSON_GetArraySize(res), k = 0, n_rds = 0;
    out->items = xcalloc(n + 1, sizeof *out->items);
    *rds = xcalloc(n + 1, sizeof **rds);
    const cJSON *e;
    cJSON_ArrayForEach(e, res)
    {
        if (cJSON_GetObjectItemCaseSensitive(e, "pending"))
            continue;
        struct refresh_item *it = &out->items[k];
        enum ir_kind kind;
        it->key = xstrdup(e->string);
        it->before = cJSON_Duplicate(e, 1);
        if (kind_parse(state_str(e, "kind"), &kind) != 0) {
            it->error = xasprintf("unknown kind '%s' in the state",
                                  state_str(e, "kind") ? state_str(e, "kind") : "");
            it->after = cJSON_Duplicate(e, 1);
            it->changed = cJSON_CreateArray();
            out->n_failed++;
            k++;
            continue;
        }
        struct reader *rd = &(*rds)[n_rds++];
        rd->item = k++;
        rd->op.action = PROV_READ;
        rd->op.kind = kind;
        rd->op.key = it->key;
        rd->op.res = -1;
        rd->op.entry = cJSON_Duplicate(e, 1);
    }
    assert(k <= n && n_rds <= k);
    out->n_items = k;
    return n_rds;
}

/* listed: whether rd's entry is read from its kind's listing */
static bool listed(const struct prov_listings *ls, const struct reader *rd)
{
    const struct prov_lister *l = prov_lister_for(rd->op.kind);
    return l && (!l->covers || l->covers(rd->op.entry)) && prov_listing_complete(ls, rd->op.kind);
}

/* start_listed: fold rd's entry from its list item; a detail read goes on
 * through the kind's step machine */
static void start_listed(const struct prov_ctx *ctx, struct cf_http *http,
                         struct refresh_result *out, struct reader *rd,
                         const struct prov_listings *ls)
{
    const cJSON *item = prov_listing_find(ls, rd->op.kind, state_str(rd->op.entry, "id"));
    enum prov_result res;
    if (!item && !prov_listing_exact(ls, rd->op.kind)) {
        step(ctx, http, out, rd, NULL); /* a numbered page may have shifted: ask */
        out->n_detail++;
        return;
    }
    if (!item) {
        rd->op.is_gone = true;
        settle(out, rd, PROV_DONE);
        return;
    }
    res = prov_lister_for(rd->op.kind)->fold(ctx, &rd->op, item, ls);
    if (res == PROV_SEND) {
        out->n_detail++;
        if (cf_http_submit(http, &rd->op.req) == 0)
            return;
        res = PROV_FAIL;
    }
    settle(out, rd, res);
}

/* add_zones: the zones entry's routes were recorded in, once each */
static void add_zones(cJSON *zones, const cJSON *entry)
{
    const cJSON *r, *z;
    cJSON_ArrayForEach(r, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(entry, "extra"), "routes"))
    {
        const char *zone = state_str(r, "zone_id");
        bool seen = !zone || !zone[0];
        cJSON_ArrayForEach(z, zones) seen = seen || strcmp(z->valuestring, zone) == 0;
        if (!seen)
            cJSON_AddItemToArray(zones, cJSON_CreateString(zone));
    }
}

/* list_kinds: list every kind with two or more entries (one entry is read
 * as cheaply by itself), the queues when a worker consumes one (the queue
 * items carry the consumers), the account's custom domains when a worker
 * has some and the routes of every zone a worker's routes are in */
static void list_kinds(const struct prov_ctx *ctx, struct cf_http *http, const struct reader *rds,
                       size_t n, struct prov_listings *ls)
{
    struct listing_want want = {.zones = NULL};
    size_t per_kind[IR_N_KINDS] = {0};
    cJSON *zones = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        const cJSON *e = rds[i].op.entry;
        if (++per_kind[rds[i].op.kind] >= 2)
            want.kind[rds[i].op.kind] = true;
        if (cJSON_GetArraySize(prov_attr(e, "consumers")) > 0)
            want.kind[IR_QUEUE] = true;
        if (rds[i].op.kind == IR_WORKER && prov_attr(e, "domains"))
            want.domains = true;
        if (rds[i].op.kind == IR_WORKER && prov_attr(e, "routes"))
            add_zones(zones, e);
    }
    if (!want.kind[IR_WORKER]) { /* workers read one by one read their own traffic */
        want.domains = false;
        cJSON_Delete(zones);
        zones = cJSON_CreateArray();
    }
    want.zones = zones;
    listing_fetch(ctx, http, &want, ls);
    cJSON_Delete(zones);
}

/* refresh_read: see refresh.h. */
int refresh_read(const struct prov_ctx *ctx, struct cf_http *http, struct refresh_result *out)
{
    struct reader *rds;
    struct prov_listings ls;
    memset(out, 0, sizeof *out);
    size_t n = collect(ctx, out, &rds);
    list_kinds(ctx, http, rds, n, &ls);
    for (size_t i = 0; i < n; i++) {
        if (listed(&ls, &rds[i])) {
            start_listed(ctx, http, out, &rds[i], &ls);
        } else {
            out->n_detail++;
            step(ctx, http, out, &rds[i], NULL);
        }
    }
    struct cf_http_completion c;
    while (cf_http_next(http, &c) == 1) {
        struct reader *rd = (struct reader *)c.request->user;
        step(ctx, http, out, rd, &c);
        cf_http_completion_free(&c);
    }
    prov_listings_free(&ls);
    free(rds);
    return out->n_failed == 0 ? 0 : -1;
}

/* refresh_estimate: see refresh.h. */
long refresh_estimate(const struct state *st)
{
    long per_kind[IR_N_KINDS] = {0}, detail[IR_N_KINDS] = {0}, n = 0;
    bool domains = false;
    cJSON *zones = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, state_resources(st))
    {
        enum ir_kind kind;
        if (cJSON_GetObjectItemCaseSensitive(e, "pending") ||
            kind_parse(state_str(e, "kind"), &kind) != 0)
            continue;
        const struct prov_lister *l = prov_lister_for(kind);
        per_kind[kind]++;
        domains = domains || (kind == IR_WORKER && prov_attr(e, "domains"));
        if (kind == IR_WORKER && prov_attr(e, "routes"))
            add_zones(zones, e);
        if (!l || (l->covers && !l->covers(e)) || (l->predict && l->predict(e)))
            detail[kind]++;
    }
    for (int k = 0; k < IR_N_KINDS; k++) {
        const struct prov_lister *l = prov_lister_for((enum ir_kind)k);
        if (per_kind[k] == 1 || !l) /* read by itself (list_kinds) */
            n += per_kind[k];
        else if (per_kind[k] > 1)
            n += detail[k] + listing_pages(l, per_kind[k]);
    }
    if (per_kind[IR_WORKER] > 1) /* the traffic listings (list_kinds) */
        n += cJSON_GetArraySize(zones) + (domains ? 1 : 0);
    cJSON_Delete(zones);
    return n;
}

/* refresh_apply: see refresh.h. */
void refresh_apply(struct state *st, const struct refresh_result *r)
{
    for (size_t i = 0; i < r->n_items; i++) {
        const struct refresh_item *it = &r->items[i];
        if (it->error)
            continue;
        if (!it->after)
            state_remove(st, it->key);
        else if (!cJSON_Compare(it->before, it->after, 1)) /* drift, or a new change marker */
            state_put(st, it->key, cJSON_Duplicate(it->after, 1));
    }
}

/* refresh_free: see refresh.h. */
void refresh_free(struct refresh_result *r)
{
    for (size_t i = 0; i < r->n_items; i++) {
        free(r->items[i].key);
        cJSON_Delete(r->items[i].before);
        cJSON_Delete(r->items[i].after);
        cJSON_Delete(r->items[i].changed);
        free(r->items[i].error);
    }
    free(r->items);
    memset(r, 0, sizeof *r);
}
