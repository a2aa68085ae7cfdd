/* cfemu: Vectorize v2 indexes (list, create with dimensions+metric or a
 * preset, get, delete). There is no update: every change is a replace. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

struct preset {
    const char *name;
    int dims;
};

static const struct preset presets[] = {
    {"@cf/baai/bge-small-en-v1.5", 384},     {"@cf/baai/bge-base-en-v1.5", 768},
    {"@cf/baai/bge-large-en-v1.5", 1024},    {"openai/text-embedding-ada-002", 1536},
    {"cohere/embed-multilingual-v2.0", 768},
};

/* ^([a-z]+[a-z0-9_-]*[a-z0-9]+)$, at most 64 bytes */
static bool valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 2 || n > 64 || !islower((unsigned char)s[0]))
        return false;
    char last = s[n - 1];
    if (!(islower((unsigned char)last) || isdigit((unsigned char)last)))
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '_' ||
              s[i] == '-'))
            return false;
    return true;
}

static bool valid_metric(const char *m)
{
    return m && (strcmp(m, "cosine") == 0 || strcmp(m, "euclidean") == 0 ||
                 strcmp(m, "dot-product") == 0);
}

/* Normalises body.config into {dimensions, metric}; NULL with rs set. */
static cJSON *config_of(cJSON *body, struct resp *rs)
{
    cJSON *cfg = cJSON_GetObjectItem(body, "config");
    const char *preset = jstr(cfg, "preset");
    cJSON *dims = cJSON_GetObjectItem(cfg, "dimensions");
    const char *metric = jstr(cfg, "metric");
    cJSON *out = cJSON_CreateObject();
    if (preset) {
        for (size_t i = 0; i < sizeof presets / sizeof presets[0]; i++)
            if (strcmp(preset, presets[i].name) == 0) {
                cJSON_AddNumberToObject(out, "dimensions", presets[i].dims);
                cJSON_AddStringToObject(out, "metric", "cosine");
                return out;
            }
        env_err(rs, 400, 40007, "vectorize.invalid_config: unknown preset '%s'", preset);
    } else if (!cJSON_IsObject(cfg)) {
        env_err(rs, 400, 40007,
                "vectorize.invalid_config: config is required "
                "({dimensions, metric} or {preset})");
    } else if (!cJSON_IsNumber(dims) || dims->valuedouble != (int)dims->valuedouble ||
               dims->valueint < 1 || dims->valueint > 1536) {
        env_err(rs, 400, 40007,
                "vectorize.invalid_config: dimensions must be an integer "
                "between 1 and 1536");
    } else if (!valid_metric(metric)) {
        env_err(rs, 400, 40007,
                "vectorize.invalid_config: metric must be cosine, euclidean "
                "or dot-product");
    } else {
        cJSON_AddNumberToObject(out, "dimensions", dims->valueint);
        cJSON_AddStringToObject(out, "metric", metric);
        return out;
    }
    cJSON_Delete(out);
    return NULL;
}

/* vec_list: GET /vectorize/v2/indexes (whole array). */
void vec_list(struct emu *e, struct req *rq, struct resp *rs)
{
    env_whole(rs, rq, store_list(e, rq->account, "vectorize"));
}

static cJSON *make_index(const char *name, cJSON *body, cJSON *cfg)
{
    char now[40];
    store_now(now);
    cJSON *ix = cJSON_CreateObject();
    jset_str(ix, "name", name);
    jset_str(ix, "description", jstr(body, "description") ? jstr(body, "description") : "");
    cJSON_AddItemToObject(ix, "config", cfg);
    jset_str(ix, "created_on", now);
    jset_str(ix, "modified_on", now);
    return ix;
}

/* vec_create: POST /vectorize/v2/indexes {name, description?, config}. */
void vec_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *name = jstr(body, "name");
    cJSON *all = store_list(e, rq->account, "vectorize");
    cJSON *cfg = NULL;
    if (!body)
        env_err(rs, 400, 40026, "vectorize.invalid_body: the body must be a JSON object");
    else if (!valid_name(name))
        env_err(rs, 400, 40001,
                "vectorize.invalid_name: index names are lowercase letters, "
                "digits, '-' and '_', start with a letter, at most 64 bytes");
    else if (store_find(all, "name", name))
        env_err(rs, 409, 3002, "vectorize.index.duplicate_name: an index named '%s' already exists",
                name);
    else if (cJSON_GetObjectItem(body, "description") && !jstr(body, "description"))
        env_err(rs, 400, 40026, "vectorize.invalid_body: description must be a string");
    else if ((cfg = config_of(body, rs)) != NULL) {
        cJSON *ix = make_index(name, body, cfg);
        cJSON_AddItemToArray(all, ix);
        env_ok(rs, 200, cJSON_Duplicate(ix, 1));
    }
    cJSON_Delete(body);
}

/* vec_get: GET /vectorize/v2/indexes/{name}. */
void vec_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = store_find(store_list(e, rq->account, "vectorize"), "name", rq->segs[5]);
    if (ix)
        env_ok(rs, 200, cJSON_Duplicate(ix, 1));
    else
        env_err(rs, 404, 3000, "vectorize.index.not_found: index '%s' not found", rq->segs[5]);
}

/* vec_delete: DELETE /vectorize/v2/indexes/{name}; result null. */
void vec_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = store_list(e, rq->account, "vectorize");
    int i = store_index(all, "name", rq->segs[5]);
    if (i < 0) {
        env_err(rs, 404, 3000, "vectorize.index.not_found: index '%s' not found", rq->segs[5]);
        return;
    }
    cJSON_DeleteItemFromArray(all, i);
    vec_drop_data(e, rq->account, rq->segs[5]);
    env_ok(rs, 200, NULL);
}
