/* cfemu: R2 buckets (cursor-paginated list as {buckets:[...]}, create with
 * locationHint/storageClass and the cf-r2-jurisdiction header, get, PATCH
 * storage class via cf-r2-storage-class, delete). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

static const char *const hints[] = {"apac", "eeur", "enam", "weur", "wnam", "oc"};

static bool valid_name(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 3 || n > 63)
        return false;
    for (size_t i = 0; i < n; i++) {
        bool alnum = islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]);
        if (!alnum && !(s[i] == '-' && i > 0 && i < n - 1))
            return false;
    }
    return true;
}

static const char *jurisdiction(struct req *rq)
{
    const char *j = req_header(rq, "cf-r2-jurisdiction");
    return j && *j ? j : "default";
}

static bool valid_jurisdiction(const char *j)
{
    return strcasecmp(j, "default") == 0 || strcasecmp(j, "eu") == 0 ||
           strcasecmp(j, "fedramp") == 0;
}

/* r2_lookup: the bucket with this name in jurisdiction jur (borrowed), or NULL. */
cJSON *r2_lookup(struct emu *e, const char *account, const char *name, const char *jur)
{
    cJSON *b;
    cJSON_ArrayForEach(b, store_list(e, account, "r2"))
    {
        if (strcmp(jstr(b, "name"), name) == 0 &&
            strcasecmp(jstr(b, "jurisdiction"), jur ? jur : "default") == 0)
            return b;
    }
    return NULL;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(jstr(*(cJSON *const *)a, "name"), jstr(*(cJSON *const *)b, "name"));
}

/* Fills v with the visible buckets sorted by name; returns how many. */
static int visible(struct emu *e, struct req *rq, cJSON **v, int max)
{
    const char *jur = jurisdiction(rq), *contains = req_query(rq, "name_contains");
    int n = 0;
    cJSON *b;
    cJSON_ArrayForEach(b, store_list(e, rq->account, "r2"))
    {
        if (n < max && strcasecmp(jstr(b, "jurisdiction"), jur) == 0 &&
            (!contains || strstr(jstr(b, "name"), contains)))
            v[n++] = b;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_name);
    return n;
}

static bool after(const char *name, const char *mark, bool desc)
{
    if (!mark || !*mark)
        return true;
    int c = strcmp(name, mark);
    return desc ? c < 0 : c > 0;
}

/* r2_list: GET /r2/buckets with cursor, per_page, start_after,
 * name_contains and direction; result {buckets}, result_info {cursor, per_page}. */
void r2_list(struct emu *e, struct req *rq, struct resp *rs)
{
    int cap = cJSON_GetArraySize(store_list(e, rq->account, "r2")) + 1;
    cJSON **v = calloc((size_t)cap, sizeof *v);
    int n = v ? visible(e, rq, v, cap) : 0;
    int pp = req_int(rq, "per_page", 20);
    const char *dir = req_query(rq, "direction");
    bool desc = dir && strcmp(dir, "desc") == 0;
    const char *mark = req_query(rq, "cursor");
    if (!mark || !*mark)
        mark = req_query(rq, "start_after");
    pp = pp < 1 ? 1 : pp > 1000 ? 1000 : pp;
    cJSON *out = cJSON_CreateArray();
    const char *last = NULL;
    int taken = 0, remaining = 0;
    for (int k = 0; k < n; k++) {
        cJSON *b = v[desc ? n - 1 - k : k];
        if (!after(jstr(b, "name"), mark, desc))
            continue;
        if (taken < pp) {
            cJSON_AddItemToArray(out, cJSON_Duplicate(b, 1));
            last = jstr(b, "name");
            taken++;
        } else {
            remaining++;
        }
    }
    cJSON *res = cJSON_CreateObject();
    cJSON_AddItemToObject(res, "buckets", out);
    cJSON *info = cJSON_CreateObject();
    cJSON_AddStringToObject(info, "cursor", remaining && last ? last : "");
    cJSON_AddNumberToObject(info, "per_page", pp);
    env_list(rs, res, info);
    free(v);
}

static bool in_hints(const char *h)
{
    for (size_t i = 0; i < 6; i++)
        if (strcasecmp(h, hints[i]) == 0)
            return true;
    return false;
}

static bool valid_class(const char *c)
{
    return c && (strcmp(c, "Standard") == 0 || strcmp(c, "InfrequentAccess") == 0);
}

static int check_create(struct emu *e, struct req *rq, struct resp *rs, cJSON *body)
{
    const char *name = jstr(body, "name"), *hint = jstr(body, "locationHint");
    cJSON *cls = cJSON_GetObjectItem(body, "storageClass");
    if (!name || !valid_name(name))
        env_err(rs, 400, 10005, "The specified bucket name is not valid.");
    else if (!valid_jurisdiction(jurisdiction(rq)))
        env_err(rs, 400, 10021, "cf-r2-jurisdiction must be default, eu or fedramp");
    else if (cJSON_GetObjectItem(body, "locationHint") && (!hint || !in_hints(hint)))
        env_err(rs, 400, 10021, "locationHint must be one of apac, eeur, enam, weur, wnam, oc");
    else if (cls && !valid_class(cls->valuestring))
        env_err(rs, 400, 10021, "storageClass must be Standard or InfrequentAccess");
    else if (r2_lookup(e, rq->account, name, jurisdiction(rq)))
        env_err(rs, 409, 10073, "The bucket you tried to create already exists, and you own it.");
    else
        return 0;
    return -1;
}

/* r2_create: POST /r2/buckets {name, locationHint?, storageClass?}. */
void r2_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    if (!body || check_create(e, rq, rs, body) != 0) {
        if (!body)
            env_err(rs, 400, 10021, "The request body must be a JSON object with \"name\"");
        cJSON_Delete(body);
        return;
    }
    char now[40], loc[8] = "enam";
    const char *hint = jstr(body, "locationHint");
    const char *cls = jstr(body, "storageClass");
    store_now(now);
    for (size_t i = 0; hint && hint[i] && i < 7; i++)
        loc[i] = (char)tolower((unsigned char)hint[i]), loc[i + 1] = 0;
    cJSON *b = cJSON_CreateObject();
    jset_str(b, "name", jstr(body, "name"));
    jset_str(b, "creation_date", now);
    jset_str(b, "location", loc);
    jset_str(b, "storage_class", cls ? cls : "Standard");
    jset_str(b, "jurisdiction", jurisdiction(rq));
    cJSON_AddItemToArray(store_list(e, rq->account, "r2"), b);
    cJSON_Delete(body);
    env_ok(rs, 200, cJSON_Duplicate(b, 1));
}

/* r2_need: the bucket segs[4] names in the request's jurisdiction
 * (borrowed), or NULL after a 404 code 10006. */
cJSON *r2_need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_lookup(e, rq->account, rq->segs[4], jurisdiction(rq));
    if (!b)
        env_err(rs, 404, 10006, "The specified bucket does not exist.");
    return b;
}

/* r2_get: GET /r2/buckets/{name}. */
void r2_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (b)
        env_ok(rs, 200, cJSON_Duplicate(b, 1));
}

/* r2_patch: PATCH /r2/buckets/{name} with header cf-r2-storage-class. */
void r2_patch(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    const char *cls = req_header(rq, "cf-r2-storage-class");
    if (!b)
        return;
    if (!valid_class(cls)) {
        env_err(rs, 400, 10021, "Header cf-r2-storage-class must be Standard or InfrequentAccess");
        return;
    }
    jset_str(b, "storage_class", cls);
    env_ok(rs, 200, cJSON_Duplicate(b, 1));
}

/* r2_delete: DELETE /r2/buckets/{name}; result {}. */
void r2_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    if (!b)
        return;
    cJSON *all = store_list(e, rq->account, "r2");
    int i = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, all)
    {
        if (it == b)
            break;
        i++;
    }
    cJSON_DeleteItemFromArray(all, i);
    env_ok(rs, 200, cJSON_CreateObject());
}
