/* cfemu: objects in an R2 bucket through the v4 API (objects list with
 * prefix, delimiter, start_after, per_page and cursor; upload with PUT;
 * download; delete). Bodies are kept base64 in the bucket record, so this
 * suits the small objects tests and demos use. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

static cJSON *objects_of(cJSON *bucket)
{
    cJSON *o = cJSON_GetObjectItem(bucket, "objects");
    return o ? o : cJSON_AddArrayToObject(bucket, "objects");
}

static cJSON *object_view(const cJSON *o, const char *storage_class)
{
    cJSON *r = cJSON_CreateObject();
    static const char *const keys[] = {"key", "etag", "last_modified"};
    for (int i = 0; i < 3; i++)
        jset_str(r, keys[i], jstr(o, keys[i]));
    cJSON_AddItemToObject(r, "size", cJSON_Duplicate(cJSON_GetObjectItem(o, "size"), 1));
    cJSON *hm = cJSON_AddObjectToObject(r, "http_metadata");
    jset_str(hm, "contentType", jstr(o, "content_type"));
    cJSON_AddItemToObject(r, "custom_metadata", cJSON_CreateObject());
    jset_str(r, "storage_class", storage_class);
    return r;
}

static uint64_t fnv(const char *s, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
    return h;
}

/* r2o_upload: PUT .../objects/{key...} (raw body). */
void r2o_upload(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs);
    char *key = b ? req_rest(rq, 6) : NULL;
    if (b && (!key || !*key || strlen(key) > 1024)) {
        env_err(rs, 400, 10021, "object keys are 1 to 1024 bytes");
    } else if (b) {
        const char *data = rq->body ? rq->body : "";
        char etag[40], now[40];
        snprintf(etag, sizeof etag, "%016llx", (unsigned long long)fnv(data, rq->body_len));
        store_now(now);
        char *b64 = b64_encode(data, rq->body_len);
        const char *ct = req_header(rq, "Content-Type");
        cJSON *o = cJSON_CreateObject();
        jset_str(o, "key", key);
        jset_str(o, "etag", etag);
        jset_str(o, "last_modified", now);
        cJSON_AddNumberToObject(o, "size", (double)rq->body_len);
        jset_str(o, "content_type", ct ? ct : "application/octet-stream");
        jset_str(o, "b64", b64 ? b64 : "");
        free(b64);
        cJSON *all = objects_of(b);
        int at = store_index(all, "key", key);
        if (at >= 0)
            cJSON_ReplaceItemInArray(all, at, o);
        else
            cJSON_AddItemToArray(all, o);
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "key", key);
        jset_str(r, "etag", etag);
        char size[32];
        snprintf(size, sizeof size, "%zu", rq->body_len);
        jset_str(r, "size", size);
        jset_str(r, "uploaded", now);
        jset_str(r, "storage_class", jstr(b, "storage_class"));
        env_ok(rs, 200, r);
    }
    free(key);
}

static cJSON *need_object(struct emu *e, struct req *rq, struct resp *rs, cJSON **bucket)
{
    *bucket = r2_need(e, rq, rs);
    char *key = *bucket ? req_rest(rq, 6) : NULL;
    cJSON *o = *bucket ? store_find(objects_of(*bucket), "key", key) : NULL;
    if (*bucket && !o)
        env_err(rs, 404, 10007, "The specified key does not exist.");
    free(key);
    return o;
}

/* r2o_get: GET .../objects/{key...}: the body, with its content type. */
void r2o_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b, *o = need_object(e, rq, rs, &b);
    if (!o)
        return;
    size_t n = 0;
    char *data = b64_decode(jstr(o, "b64"), &n);
    env_raw(rs, 200, jstr(o, "content_type"), data, n);
    env_header(rs, "etag", jstr(o, "etag"));
}

/* r2o_delete: DELETE .../objects/{key...} -> {key}. */
void r2o_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b, *o = need_object(e, rq, rs, &b);
    if (!o)
        return;
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "key", jstr(o, "key"));
    cJSON *all = objects_of(b);
    cJSON_DeleteItemFromArray(all, store_index(all, "key", jstr(o, "key")));
    env_ok(rs, 200, r);
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(jstr(*(cJSON *const *)a, "key"), jstr(*(cJSON *const *)b, "key"));
}

/* Whether key is cut at the delimiter after prefix (a "directory"). */
static bool delimited(const char *key, const char *prefix, const char *delim)
{
    return delim && *delim && strstr(key + (prefix ? strlen(prefix) : 0), delim) != NULL;
}

/* r2o_list: GET .../objects?prefix&delimiter&start_after&cursor&per_page
 * (1..1000, 1000): objects in key order; result_info {cursor,
 * is_truncated, per_page, delimited}. */
void r2o_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *b = r2_need(e, rq, rs), *o;
    if (!b)
        return;
    const char *prefix = req_query(rq, "prefix"), *delim = req_query(rq, "delimiter");
    const char *after = req_query(rq, "cursor");
    if (!after || !*after)
        after = req_query(rq, "start_after");
    int pp = req_int(rq, "per_page", 1000);
    pp = pp < 1 ? 1 : pp > 1000 ? 1000 : pp;
    cJSON *all = objects_of(b);
    int n = 0;
    cJSON **v = calloc((size_t)cJSON_GetArraySize(all) + 1, sizeof *v);
    cJSON_ArrayForEach(o, all)
    {
        const char *k = jstr(o, "key");
        if (v && (!prefix || strncmp(k, prefix, strlen(prefix)) == 0) &&
            (!after || strcmp(k, after) > 0))
            v[n++] = o;
    }
    if (v)
        qsort(v, (size_t)n, sizeof *v, cmp_key);
    cJSON *out = cJSON_CreateArray(), *dirs = cJSON_CreateArray();
    int i = 0;
    for (; i < n && cJSON_GetArraySize(out) < pp; i++) {
        const char *k = jstr(v[i], "key");
        if (delimited(k, prefix, delim))
            cJSON_AddItemToArray(dirs, cJSON_CreateString(k));
        else
            cJSON_AddItemToArray(out, object_view(v[i], jstr(b, "storage_class")));
    }
    cJSON *info = cJSON_CreateObject();
    jset_str(info, "cursor", i < n && i > 0 ? jstr(v[i - 1], "key") : "");
    cJSON_AddBoolToObject(info, "is_truncated", i < n);
    cJSON_AddNumberToObject(info, "per_page", pp);
    cJSON_AddItemToObject(info, "delimited", dirs);
    free(v);
    env_list(rs, out, info);
}
