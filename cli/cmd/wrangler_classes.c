/* The Durable Object classes a worker's [[migrations]] leave it hosting
 * (see wrangler_classes.h). */
#include "cli/cmd/wrangler_classes.h"

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* add_classes sets classes[c] = storage for each name in list. */
static void add_classes(cJSON *classes, const cJSON *list, const char *storage)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, list) if (cJSON_IsString(c))
    {
        cJSON_DeleteItemFromObjectCaseSensitive(classes, c->valuestring);
        cJSON_AddStringToObject(classes, c->valuestring, storage);
    }
}

/* wr_classes_after: see wrangler_classes.h. */
cJSON *wr_classes_after(const cJSON *migrations)
{
    cJSON *classes = cJSON_CreateObject();
    const cJSON *step, *it;
    cJSON_ArrayForEach(step, migrations)
    {
        add_classes(classes, cJSON_GetObjectItemCaseSensitive(step, "new_classes"), "kv");
        add_classes(classes, cJSON_GetObjectItemCaseSensitive(step, "new_sqlite_classes"),
                    "sqlite");
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(step, "renamed_classes"))
        {
            const char *from = str(it, "from"), *to = str(it, "to");
            const char *was = str(classes, from ? from : "");
            if (!to || !was)
                continue;
            cJSON_AddStringToObject(classes, to, was);
            cJSON_DeleteItemFromObjectCaseSensitive(classes, from);
        }
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(step, "deleted_classes"))
            cJSON_DeleteItemFromObjectCaseSensitive(classes, cJSON_GetStringValue(it));
    }
    return classes;
}
