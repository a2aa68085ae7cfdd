/* Looking up the resources a program refers to with `existing`: one
 * listing per kind (runtime/exec/listing.c), then a match on the lister's
 * id field or name field. */
#include "runtime/exec/references.h"

#include <stdio.h>
#include <string.h>

#include "runtime/exec/listing.h"
#include "runtime/model/desired.h"
#include "runtime/model/kind.h"

/* references_count: see references.h. */
size_t references_count(const struct ir_program *prog)
{
    size_t n = 0;
    for (size_t i = 0; prog && i < prog->n_resources; i++)
        n += prog->resources[i].existing != NULL;
    return n;
}

/* references_is_reference: see references.h. */
bool references_is_reference(const cJSON *entry)
{
    return cJSON_IsString(cJSON_GetObjectItemCaseSensitive(entry, "existing"));
}

/* find: the list item of kind whose id or name is text, or NULL */
static const cJSON *find(const struct prov_listings *ls, enum ir_kind kind, const char *text)
{
    const struct prov_lister *l = prov_lister_for(kind);
    const cJSON *it;
    cJSON_ArrayForEach(it, ls->kind[kind].items)
    {
        const char *id = state_str(it, l->key_field), *name = state_str(it, l->name_field);
        if ((id && !strcmp(id, text)) || (name && !strcmp(name, text)))
            return it;
    }
    return NULL;
}

static cJSON *reference_entry(const struct ir_resource *r, const cJSON *item)
{
    const struct prov_lister *l = prov_lister_for(r->kind);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", kind_name(r->kind));
    cJSON_AddStringToObject(e, "label", r->label);
    cJSON_AddStringToObject(e, "name", state_str(item, l->name_field));
    cJSON_AddStringToObject(e, "id", state_str(item, l->key_field));
    cJSON_AddStringToObject(e, "existing", r->existing);
    cJSON_AddObjectToObject(e, "attrs");
    cJSON_AddArrayToObject(e, "deps");
    cJSON_AddBoolToObject(e, "protect", false);
    return e;
}

static bool declared_reference(const struct ir_program *prog, const char *key)
{
    char k[300];
    for (size_t i = 0; prog && i < prog->n_resources; i++) {
        desired_key(prog, i, k, sizeof k);
        if (prog->resources[i].existing && !strcmp(k, key))
            return true;
    }
    return false;
}

/* references_forget: see references.h. */
int references_forget(struct state *st, const struct ir_program *prog)
{
    int n = 0;
    cJSON *it = state_resources(st)->child;
    while (it) {
        cJSON *next = it->next;
        if (references_is_reference(it) && !declared_reference(prog, it->string)) {
            state_remove(st, it->string);
            n++;
        }
        it = next;
    }
    return n;
}

/* references_resolve: see references.h. */
int references_resolve(const struct prov_ctx *ctx, struct cf_http *http, references_report report,
                       void *arg)
{
    const struct ir_program *prog = ctx->prog;
    struct listing_want want = {0};
    char key[300];
    int n_missing = 0;
    (void)references_forget(ctx->st, prog);
    if (references_count(prog) == 0)
        return 0;
    for (size_t i = 0; i < prog->n_resources; i++)
        if (prog->resources[i].existing)
            want.kind[prog->resources[i].kind] = true;
    struct prov_listings ls;
    listing_fetch(ctx, http, &want, &ls);
    for (size_t i = 0; i < prog->n_resources; i++) {
        const struct ir_resource *r = &prog->resources[i];
        if (!r->existing)
            continue;
        desired_key(prog, i, key, sizeof key);
        const cJSON *item = find(&ls, r->kind, r->existing);
        char msg[768];
        if (item) {
            state_put(ctx->st, key, reference_entry(r, item));
            continue;
        }
        if (!prov_listing_complete(&ls, r->kind))
            snprintf(msg, sizeof msg,
                     "%s: could not list the account's %s resources to look up '%s'", key,
                     kind_name(r->kind), r->existing);
        else
            snprintf(msg, sizeof msg,
                     "%s: no %s named '%s' (or with that id) in the account; `existing` "
                     "refers to a resource made elsewhere: create it there, or fix the name",
                     key, kind_name(r->kind), r->existing);
        report(arg, (long)i, msg);
        n_missing++;
    }
    prov_listings_free(&ls);
    return n_missing;
}
