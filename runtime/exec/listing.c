/* Listing every page of a kind's collection: the first page of each kind
 * at once; numbered pages 2..N together once the first says how many;
 * cursor pages in turn. */
#include "runtime/exec/listing.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

/* what a page lists: a kind (below IR_N_KINDS), the domains or one zone's routes */
enum { SLOT_DOMAINS = IR_N_KINDS, SLOT_ROUTES };

struct page {
    int kind;      /* an enum ir_kind, SLOT_DOMAINS or SLOT_ROUTES */
    int number;    /* numbered paging: this page */
    char zone[80]; /* SLOT_ROUTES: the zone */
    struct cf_request req;
    char path[1400];
};

struct fetch {
    const struct prov_ctx *ctx;
    struct cf_http *http;
    struct prov_listings *out;
    int pending[IR_N_KINDS]; /* pages in flight per kind */
    bool failed[IR_N_KINDS];
};

/* page_size: the per_page=N of the lister's path, or 0 */
static long page_size(const struct prov_lister *l)
{
    const char *p = strstr(l->path, "per_page=");
    return p ? strtol(p + 9, NULL, 10) : 0;
}

/* listing_pages: see listing.h. */
long listing_pages(const struct prov_lister *l, long n_items)
{
    long pp = page_size(l);
    if (l->paging == PROV_PAGE_NONE || pp <= 0)
        return 1;
    return n_items <= 0 ? 1 : (n_items + pp - 1) / pp;
}

/* escape: percent-encode a cursor for a query string */
static void escape(const char *s, char *out, size_t cap)
{
    size_t n = 0;
    for (; *s && n + 4 < cap; s++) {
        unsigned char c = (unsigned char)*s;
        if (isalnum(c) || strchr("-._~", c))
            out[n++] = (char)c;
        else
            n += (size_t)snprintf(out + n, cap - n, "%%%02X", c);
    }
    out[n] = '\0';
}

/* send_page: request one page (number > 0, or cursor for cursor paging) */
static void send_page(struct fetch *f, enum ir_kind kind, int number, const char *cursor)
{
    const struct prov_lister *l = prov_lister_for(kind);
    struct page *p = xcalloc(1, sizeof *p);
    char sep = strchr(l->path, '?') ? '&' : '?', esc[512];
    p->kind = kind;
    p->number = number;
    if (cursor) {
        escape(cursor, esc, sizeof esc);
        snprintf(p->path, sizeof p->path, "/accounts/%s%s%ccursor=%s", f->ctx->account, l->path,
                 sep, esc);
    } else if (number > 1) {
        snprintf(p->path, sizeof p->path, "/accounts/%s%s%cpage=%d", f->ctx->account, l->path, sep,
                 number);
    } else {
        snprintf(p->path, sizeof p->path, "/accounts/%s%s", f->ctx->account, l->path);
    }
    p->req = (struct cf_request){.method = "GET", .path = p->path, .user = p};
    if (cf_http_submit(f->http, &p->req) != 0) {
        f->failed[kind] = true;
        free(p);
        return;
    }
    f->pending[kind]++;
}

/* total_pages: how many numbered pages result_info announces; -1: unknown */
static long total_pages(const cJSON *info)
{
    const cJSON *tp = cJSON_GetObjectItemCaseSensitive(info, "total_pages");
    const cJSON *tc = cJSON_GetObjectItemCaseSensitive(info, "total_count");
    const cJSON *pp = cJSON_GetObjectItemCaseSensitive(info, "per_page");
    if (cJSON_IsNumber(tp))
        return (long)tp->valuedouble;
    if (cJSON_IsNumber(tc) && cJSON_IsNumber(pp) && pp->valuedouble > 0)
        return ((long)tc->valuedouble + (long)pp->valuedouble - 1) / (long)pp->valuedouble;
    return -1;
}

/* send_traffic: the account's domains, or one zone's routes (whole lists) */
static void send_traffic(struct fetch *f, int slot, const char *zone)
{
    struct page *p = xcalloc(1, sizeof *p);
    char esc[240];
    p->kind = slot;
    if (slot == SLOT_ROUTES) {
        snprintf(p->zone, sizeof p->zone, "%s", zone);
        escape(zone, esc, sizeof esc);
        snprintf(p->path, sizeof p->path, "/zones/%s/workers/routes", esc);
    } else {
        snprintf(p->path, sizeof p->path, "/accounts/%s/workers/domains", f->ctx->account);
    }
    p->req = (struct cf_request){.method = "GET", .path = p->path, .user = p};
    if (cf_http_submit(f->http, &p->req) != 0)
        free(p);
}

/* on_traffic: fold a domains or routes answer (route items get their
 * zone_id, which a zone's list does not repeat) */
static void on_traffic(struct fetch *f, struct page *p, const struct cf_http_completion *c)
{
    cJSON *doc = c->outcome == CF_DONE && c->status == 200 && c->body ? cJSON_Parse(c->body) : NULL;
    cJSON *res = cJSON_GetObjectItemCaseSensitive(doc, "result");
    struct prov_listing *l = p->kind == SLOT_ROUTES ? &f->out->routes : &f->out->domains;
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "success")) && cJSON_IsArray(res)) {
        cJSON *items = cJSON_DetachItemViaPointer(doc, res), *it;
        if (!l->items)
            l->items = cJSON_CreateArray();
        while ((it = items->child) != NULL) {
            cJSON_DetachItemViaPointer(items, it);
            if (p->kind == SLOT_ROUTES) {
                cJSON_DeleteItemFromObjectCaseSensitive(it, "zone_id");
                cJSON_AddStringToObject(it, "zone_id", p->zone);
            }
            cJSON_AddItemToArray(l->items, it);
        }
        cJSON_Delete(items);
        if (p->kind == SLOT_ROUTES)
            cJSON_AddItemToArray(f->out->zones, cJSON_CreateString(p->zone));
        else
            l->is_complete = l->is_exact = true;
    }
    cJSON_Delete(doc);
}

/* next_pages: after a page arrived, ask for what follows it */
static void next_pages(struct fetch *f, const struct page *p, const cJSON *doc)
{
    const struct prov_lister *l = prov_lister_for(p->kind);
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "result_info");
    struct prov_listing *out = &f->out->kind[p->kind];
    if (l->paging == PROV_PAGE_CURSOR) {
        const char *cur = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(info, "cursor"));
        if (cur && *cur)
            send_page(f, p->kind, 0, cur);
        return;
    }
    if (l->paging != PROV_PAGE_NUMBER || p->number != 1)
        return;
    long n = total_pages(info);
    if (n < 0) { /* no page count: one page only if it was not full */
        f->failed[p->kind] = cJSON_GetArraySize(out->items) >= page_size(l);
        out->is_exact = !f->failed[p->kind];
        return;
    }
    out->is_exact = n <= 1;
    for (int i = 2; i <= n; i++)
        send_page(f, p->kind, i, NULL);
}

/* on_page: fold one answer into the kind's listing */
static void on_page(struct fetch *f, struct page *p, const struct cf_http_completion *c)
{
    if (p->kind >= IR_N_KINDS) {
        on_traffic(f, p, c);
        return;
    }
    const struct prov_lister *l = prov_lister_for(p->kind);
    cJSON *doc = c->outcome == CF_DONE && c->status == 200 && c->body ? cJSON_Parse(c->body) : NULL;
    cJSON *res = cJSON_GetObjectItemCaseSensitive(doc, "result");
    if (l->array)
        res = cJSON_GetObjectItemCaseSensitive(res, l->array);
    f->pending[p->kind]--;
    if (!cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(doc, "success")) || !cJSON_IsArray(res)) {
        f->failed[p->kind] = true;
        cJSON_Delete(doc);
        return;
    }
    prov_listings_add(f->out, p->kind,
                      cJSON_DetachItemViaPointer(
                          l->array ? cJSON_GetObjectItemCaseSensitive(doc, "result") : doc, res));
    if (!f->failed[p->kind])
        next_pages(f, p, doc);
    cJSON_Delete(doc);
}

/* listing_fetch: see listing.h. */
void listing_fetch(const struct prov_ctx *ctx, struct cf_http *http,
                   const struct listing_want *want, struct prov_listings *out)
{
    struct fetch f = {.ctx = ctx, .http = http, .out = out};
    const cJSON *z;
    memset(out, 0, sizeof *out);
    out->zones = cJSON_CreateArray();
    for (int k = 0; k < IR_N_KINDS; k++) {
        const struct prov_lister *l = prov_lister_for((enum ir_kind)k);
        if (want->kind[k] && l) {
            out->kind[k].is_exact = l->paging != PROV_PAGE_NUMBER;
            send_page(&f, (enum ir_kind)k, 1, NULL);
        }
    }
    if (want->domains)
        send_traffic(&f, SLOT_DOMAINS, NULL);
    cJSON_ArrayForEach(z, want->zones)
    {
        if (cJSON_IsString(z))
            send_traffic(&f, SLOT_ROUTES, z->valuestring);
    }
    struct cf_http_completion c;
    int rc;
    while ((rc = cf_http_next(http, &c)) != 0) {
        if (rc != 1)
            continue; /* an interrupt: the listing is short, let it finish */
        struct page *p = (struct page *)c.request->user;
        on_page(&f, p, &c);
        cf_http_completion_free(&c);
        free(p);
    }
    for (int k = 0; k < IR_N_KINDS; k++) {
        const struct prov_lister *l = prov_lister_for((enum ir_kind)k);
        if (!want->kind[k] || !l || f.failed[k] || !out->kind[k].items)
            continue;
        out->kind[k].is_complete = true;
        prov_listings_index(out, (enum ir_kind)k, l->key_field);
    }
}
