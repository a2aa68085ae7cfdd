/* import --discover: lists every supported resource kind of the account
 * (D1, R2, Vectorize, Queues, KV, Workers) as stub entries, labelled after their
 * physical names (lower case, '-' -> '_', made unique per kind). */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/import/import.h"
#include "runtime/model/kind.h"

struct lister {
    enum ir_kind kind;
    const char *path;   /* list endpoint below the account */
    const char *array;  /* where the list sits in result ("" = result itself) */
    const char *id_key; /* field holding the id */
    const char *name_key;
};

/* ORDER KINDS */
static const struct lister listers[IR_N_KINDS] = {
    {IR_DATABASE, "/d1/database?per_page=1000", "", "uuid", "name"},
    {IR_BUCKET, "/r2/buckets?per_page=1000", "buckets", "name", "name"},
    {IR_INDEX, "/vectorize/v2/indexes", "", "name", "name"},
    {IR_QUEUE, "/queues?per_page=1000", "", "queue_id", "queue_name"},
    {IR_KV, "/storage/kv/namespaces?per_page=100", "", "id", "title"},
    {IR_DURABLE_OBJECT, "/workers/durable_objects/namespaces?per_page=1000", "", "id", "name"},
    {IR_WORKER, "/workers/scripts", "", "id", "id"},
};

/* A label from a physical name: [a-z0-9_], starting with a letter. */
static void label_of(const char *name, char *out, size_t cap)
{
    size_t n = 0;
    if (!isalpha((unsigned char)name[0]) && cap > 2)
        out[n++] = 'r';
    for (; *name && n + 1 < cap; name++) {
        unsigned char c = (unsigned char)*name;
        out[n++] = isalnum(c) ? (char)tolower(c) : '_';
    }
    out[n] = '\0';
}

static void add_stub(struct state *st, enum ir_kind kind, const char *id, const char *name)
{
    char label[160], key[200];
    label_of(name, label, sizeof label - 8);
    size_t base = strlen(label);
    for (int i = 2; kind_key(key, sizeof key, kind, label), state_get(st, key); i++)
        snprintf(label + base, sizeof label - base, "_%d", i);
    state_put(st, key, import_stub(kind, label, id, name));
}

/* more_pages: result_info says a later page exists */
static bool more_pages(const cJSON *doc, int page)
{
    const cJSON *info = cJSON_GetObjectItemCaseSensitive(doc, "result_info");
    const cJSON *total = cJSON_GetObjectItemCaseSensitive(info, "total_pages");
    return cJSON_IsNumber(total) && total->valuedouble > page;
}

static long list_page(const struct prov_ctx *ctx, struct cf_http *http, const struct lister *l,
                      int page, bool *more, char *err, size_t err_len)
{
    char path[300];
    snprintf(path, sizeof path, "%s", l->path);
    if (page > 1)
        snprintf(path, sizeof path, "%s&page=%d", l->path, page);
    cJSON *doc = import_get(ctx, http, path, err, err_len);
    if (!doc)
        return -1;
    *more = strchr(l->path, '?') && more_pages(doc, page);
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(doc, "result"), *it;
    if (*l->array)
        res = cJSON_GetObjectItemCaseSensitive(res, l->array);
    long n = 0;
    cJSON_ArrayForEach(it, res)
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, l->id_key));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, l->name_key));
        if (id && name) {
            add_stub(ctx->st, l->kind, id, name);
            n++;
        }
    }
    cJSON_Delete(doc);
    return n;
}

/* list_kind lists every page of one kind (lists with a query take &page=N) */
static long list_kind(const struct prov_ctx *ctx, struct cf_http *http, const struct lister *l,
                      char *err, size_t err_len)
{
    long total = 0;
    bool more = true;
    for (int page = 1; more && page < 10000; page++) {
        long n = list_page(ctx, http, l, page, &more, err, err_len);
        if (n < 0)
            return -1;
        total += n;
    }
    return total;
}

/* discover_list: see runtime/import/import.h. */
long discover_list(const struct prov_ctx *ctx, struct cf_http *http, struct state *st, char *err,
                   size_t err_len)
{
    struct prov_ctx c = *ctx;
    long total = 0;
    c.st = st;
    for (int k = 0; k < IR_N_KINDS; k++) {
        long n = list_kind(&c, http, &listers[k], err, err_len);
        if (n < 0)
            return -1;
        total += n;
    }
    return total;
}
