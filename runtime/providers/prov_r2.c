/* R2 buckets: addressed by name (the id is the name); prov_common.c runs
 * the steps. Attributes: location -> locationHint (create only),
 * storage_class -> storageClass / PATCH header, jurisdiction ->
 * cf-r2-jurisdiction header. */
#include "runtime/providers/prov.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

static void jurisdiction_header(struct prov_op *op)
{
    const cJSON *j = prov_attr(op->entry, "jurisdiction");
    int n = 0;
    if (cJSON_IsString(j) && strcmp(j->valuestring, "default") != 0) {
        snprintf(op->header_buf[0], sizeof op->header_buf[0], "cf-r2-jurisdiction: %s",
                 j->valuestring);
        op->headers[n++] = op->header_buf[0];
    }
    op->headers[n] = NULL;
    op->req.headers = op->headers;
}

static cJSON *create_body(const struct prov_op *op)
{
    cJSON *b = cJSON_CreateObject();
    const cJSON *loc = prov_attr(op->entry, "location");
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    cJSON_AddStringToObject(b, "name", prov_name(op));
    if (cJSON_IsString(loc))
        cJSON_AddStringToObject(b, "locationHint", loc->valuestring);
    if (cJSON_IsString(sc))
        cJSON_AddStringToObject(b, "storageClass", sc->valuestring);
    return b;
}

static enum prov_result patch(const struct prov_kind *k, const struct prov_ctx *ctx,
                              struct prov_op *op)
{
    const cJSON *sc = prov_attr(op->entry, "storage_class");
    if (!cJSON_IsString(sc))
        return PROV_DONE;
    prov_kind_send(k, ctx, op, "PATCH", NULL, PROV_ST_UPDATED, true);
    int n = op->headers[0] ? 1 : 0;
    snprintf(op->header_buf[1], sizeof op->header_buf[1], "cf-r2-storage-class: %s",
             sc->valuestring);
    op->headers[n] = op->header_buf[1];
    op->headers[n + 1] = NULL;
    return PROV_SEND;
}

static cJSON *lower_str(const char *s)
{
    char buf[64];
    size_t i = 0;
    for (; s[i] && i < sizeof buf - 1; i++)
        buf[i] = (char)tolower((unsigned char)s[i]);
    buf[i] = '\0';
    return cJSON_CreateString(buf);
}

static void read_back(struct prov_op *op, const cJSON *res)
{
    const char *loc = state_str(res, "location");
    const char *sc = state_str(res, "storage_class");
    if (loc)
        prov_refresh_attr(op->entry, "location", lower_str(loc));
    if (sc)
        prov_refresh_attr(op->entry, "storage_class", cJSON_CreateString(sc));
}

/* prov_r2_kind: see prov.h. */
const struct prov_kind prov_r2_kind = {
    .path = "/r2/buckets",
    .create_body = create_body,
    .update = patch,
    .read = read_back,
    .headers = jurisdiction_header,
};

/* reads_rules: a bucket whose state records notification rules has them
 * read back on every refresh; one without is read at no extra cost */
static bool reads_rules(const cJSON *entry)
{
    return prov_attr(entry, "notifications") != NULL;
}

static enum prov_result fold_r2(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *item,
                                const struct prov_listings *ls)
{
    (void)ls;
    prov_fold_collection(&prov_r2_kind, op, item);
    /* the list does not hold the rules: read them where the state has some */
    return reads_rules(op->entry) ? prov_r2_notify_start(ctx, op) : PROV_DONE;
}

/* covers_default: the listing (sent without cf-r2-jurisdiction) shows only
 * buckets of the default jurisdiction; the others are read one by one. */
static bool covers_default(const cJSON *entry)
{
    const cJSON *j = prov_attr(entry, "jurisdiction");
    return !cJSON_IsString(j) || strcmp(j->valuestring, "default") == 0;
}

/* prov_r2_lister: see prov.h. 1,000 per page is R2's maximum. */
const struct prov_lister prov_r2_lister = {
    .path = "/r2/buckets?per_page=1000",
    .array = "buckets",
    .paging = PROV_PAGE_CURSOR,
    .key_field = "name",
    .name_field = "name",
    .fold = fold_r2,
    .predict = reads_rules,
    .covers = covers_default,
};
