/* import --discover: lists every kind that can be listed (prov_lister_for)
 * with the same listings refresh reads from (every page, at the largest
 * page size) and makes a stub entry of each item, labelled after its
 * physical name (lower case, '-' -> '_', made unique per kind). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/exec/listing.h"
#include "runtime/import/import.h"
#include "runtime/model/kind.h"

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

static long stub_kind(struct state *st, enum ir_kind kind, const struct prov_listing *l)
{
    const struct prov_lister *lister = prov_lister_for(kind);
    long n = 0;
    const cJSON *it;
    cJSON_ArrayForEach(it, l->items)
    {
        const char *id =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, lister->key_field));
        const char *name =
            cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(it, lister->name_field));
        if (id && name) {
            add_stub(st, kind, id, name);
            n++;
        }
    }
    return n;
}

/* discover_list: see runtime/import/import.h. */
long discover_list(const struct prov_ctx *ctx, struct cf_http *http, struct state *st, char *err,
                   size_t err_len)
{
    struct listing_want want = {.zones = NULL};
    struct prov_listings ls;
    long total = 0;
    for (int k = 0; k < IR_N_KINDS; k++)
        want.kind[k] = prov_lister_for((enum ir_kind)k) != NULL;
    listing_fetch(ctx, http, &want, &ls);
    for (int k = 0; k < IR_N_KINDS && total >= 0; k++) {
        if (!want.kind[k])
            continue;
        if (!ls.kind[k].is_complete) {
            snprintf(err, err_len,
                     "cannot list every %s of the account (run with --verbose to see the answers)",
                     kind_name((enum ir_kind)k));
            total = -1;
        } else {
            total += stub_kind(st, (enum ir_kind)k, &ls.kind[k]);
        }
    }
    prov_listings_free(&ls);
    return total;
}
