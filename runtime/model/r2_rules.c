/* R2 event notification rules: events <-> actions, canonical order. */
#include "runtime/model/r2_rules.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/store/state.h"

static const char *const create_actions[] = {"PutObject", "CopyObject", "CompleteMultipartUpload"};
static const char *const delete_actions[] = {"DeleteObject", "LifecycleDeletion"};
#define N_OF(a) (sizeof a / sizeof a[0])

static const char *str_of(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s ? s : "";
}

static int by_string(const void *a, const void *b)
{
    const char *x = cJSON_GetStringValue(*(const cJSON *const *)a);
    const char *y = cJSON_GetStringValue(*(const cJSON *const *)b);
    return strcmp(x ? x : "", y ? y : "");
}

static int by_rule(const void *a, const void *b)
{
    const cJSON *x = *(const cJSON *const *)a, *y = *(const cJSON *const *)b;
    static const char *const keys[] = {"queue", "prefix", "suffix"};
    for (size_t i = 0; i < N_OF(keys); i++) {
        int c = strcmp(str_of(x, keys[i]), str_of(y, keys[i]));
        if (c)
            return c;
    }
    return 0;
}

/* r2_rules_canonical: see r2_rules.h. */
void r2_rules_canonical(cJSON *rules)
{
    cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        state_sort_array(cJSON_GetObjectItemCaseSensitive(r, "events"), by_string);
        if (!*str_of(r, "prefix")) /* "" filters nothing, as Cloudflare reads it back */
            cJSON_DeleteItemFromObjectCaseSensitive(r, "prefix");
        if (!*str_of(r, "suffix"))
            cJSON_DeleteItemFromObjectCaseSensitive(r, "suffix");
    }
    state_sort_array(rules, by_rule);
}

static void add_all(cJSON *arr, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(names[i]));
}

/* r2_rules_actions: see r2_rules.h. */
cJSON *r2_rules_actions(const cJSON *events)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *e;
    cJSON_ArrayForEach(e, events)
    {
        const char *s = cJSON_GetStringValue(e);
        if (s && strcmp(s, "object-create") == 0)
            add_all(out, create_actions, N_OF(create_actions));
        else if (s && strcmp(s, "object-delete") == 0)
            add_all(out, delete_actions, N_OF(delete_actions));
        else if (s) /* an action read back by its own name */
            cJSON_AddItemToArray(out, cJSON_CreateString(s));
    }
    return out;
}

static bool has_action(const cJSON *actions, const char *name)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, actions) if (cJSON_IsString(a) &&
                                       strcmp(a->valuestring, name) == 0) return true;
    return false;
}

static bool has_all(const cJSON *actions, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!has_action(actions, names[i]))
            return false;
    return true;
}

static bool in_names(const char *s, const char *const *names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return true;
    return false;
}

/* r2_rules_events: see r2_rules.h. */
cJSON *r2_rules_events(const cJSON *actions)
{
    cJSON *out = cJSON_CreateArray();
    bool creates = has_all(actions, create_actions, N_OF(create_actions));
    bool deletes = has_all(actions, delete_actions, N_OF(delete_actions));
    if (creates)
        cJSON_AddItemToArray(out, cJSON_CreateString("object-create"));
    if (deletes)
        cJSON_AddItemToArray(out, cJSON_CreateString("object-delete"));
    const cJSON *a;
    cJSON_ArrayForEach(a, actions)
    {
        if (!cJSON_IsString(a) ||
            (creates && in_names(a->valuestring, create_actions, N_OF(create_actions))) ||
            (deletes && in_names(a->valuestring, delete_actions, N_OF(delete_actions))))
            continue;
        cJSON_AddItemToArray(out, cJSON_CreateString(a->valuestring));
    }
    state_sort_array(out, by_string);
    return out;
}

/* r2_rules_api: see r2_rules.h. */
cJSON *r2_rules_api(const cJSON *rules, const char *key)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        if (strcmp(str_of(r, "queue"), key) != 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "actions",
                              r2_rules_actions(cJSON_GetObjectItemCaseSensitive(r, "events")));
        if (*str_of(r, "prefix"))
            cJSON_AddStringToObject(o, "prefix", str_of(r, "prefix"));
        if (*str_of(r, "suffix"))
            cJSON_AddStringToObject(o, "suffix", str_of(r, "suffix"));
        cJSON_AddItemToArray(out, o);
    }
    return out;
}
