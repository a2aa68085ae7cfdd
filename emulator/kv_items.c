/* cfemu: Workers KV keys and values of a namespace: write (raw body or
 * multipart value+metadata, expiration/expiration_ttl), read (raw bytes),
 * metadata, delete, key listing (prefix, limit, cursor) and the bulk
 * endpoints (write, delete, get). Values are kept base64 in the state. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "emulator/emu.h"

#define KV_MIN_TTL 60

/* A key is 1..512 bytes and neither "." nor "..". */
static bool valid_key(const char *k)
{
    return k && *k && strlen(k) <= 512 && strcmp(k, ".") != 0 && strcmp(k, "..") != 0;
}

static cJSON *items_of(cJSON *ns)
{
    return cJSON_GetObjectItem(ns, "items");
}

static bool expired(const cJSON *it)
{
    cJSON *x = cJSON_GetObjectItem(it, "expiration");
    return cJSON_IsNumber(x) && x->valuedouble <= (double)time(NULL);
}

/* The live item named key (borrowed), or NULL (expired items are dropped). */
static cJSON *find_item(cJSON *ns, const char *key)
{
    cJSON *items = items_of(ns);
    int i = store_index(items, "name", key);
    if (i >= 0 && expired(cJSON_GetArrayItem(items, i))) {
        cJSON_DeleteItemFromArray(items, i);
        i = -1;
    }
    return i < 0 ? NULL : cJSON_GetArrayItem(items, i);
}

/* Works out the absolute expiration from expiration / expiration_ttl
 * (strings from a query, or numbers from a bulk item). 0 = none; -1 with
 * rs set when invalid. */
static double expiry(const cJSON *exp, const cJSON *ttl, struct resp *rs)
{
    double now = (double)time(NULL);
    double e = cJSON_IsNumber(exp)   ? exp->valuedouble
               : cJSON_IsString(exp) ? atof(exp->valuestring)
                                     : 0;
    double t = cJSON_IsNumber(ttl)   ? ttl->valuedouble
               : cJSON_IsString(ttl) ? atof(ttl->valuestring)
                                     : 0;
    if (ttl && t < KV_MIN_TTL) {
        env_err(rs, 400, 10016,
                "Invalid expiration_ttl of %.0f. Expiration TTL must be at least %d.", t,
                KV_MIN_TTL);
        return -1;
    }
    if (exp && e < now + KV_MIN_TTL) {
        env_err(rs, 400, 10016,
                "Invalid expiration of %.0f. Expiration times must be at least %d seconds in "
                "the future.",
                e, KV_MIN_TTL);
        return -1;
    }
    return ttl ? now + t : exp ? e : 0;
}

/* Stores key = data (metadata: a JSON value or NULL, owned). */
static void put_item(cJSON *ns, const char *key, const char *data, size_t len, cJSON *metadata,
                     double expiration)
{
    cJSON *items = items_of(ns);
    int i = store_index(items, "name", key);
    cJSON *it = cJSON_CreateObject();
    char *b = b64_encode(data, len);
    jset_str(it, "name", key);
    jset_str(it, "b64", b ? b : "");
    free(b);
    if (metadata)
        cJSON_AddItemToObject(it, "metadata", metadata);
    if (expiration > 0)
        cJSON_AddNumberToObject(it, "expiration", expiration);
    if (i >= 0)
        cJSON_ReplaceItemInArray(items, i, it);
    else
        cJSON_AddItemToArray(items, it);
}

static cJSON *query_value(struct req *rq, const char *key)
{
    const char *v = req_query(rq, key);
    return v ? cJSON_CreateString(v) : NULL;
}

/* The value and metadata of a write: multipart parts "value" and
 * "metadata", or the raw body. -1 with rs set. */
static int value_of(struct req *rq, struct resp *rs, const char **data, size_t *len,
                    cJSON **metadata)
{
    const char *ct = req_header(rq, "Content-Type");
    *data = rq->body ? rq->body : "";
    *len = rq->body_len;
    *metadata = NULL;
    if (!ct || strncasecmp(ct, "multipart/", 10) != 0)
        return 0;
    struct mp_part parts[4];
    char err[200];
    int n = mp_parse(ct, *data, *len, parts, 4, err, sizeof err);
    const struct mp_part *v = n > 0 ? mp_find(parts, n, "value") : NULL;
    const struct mp_part *m = n > 0 ? mp_find(parts, n, "metadata") : NULL;
    if (!v) {
        env_err(rs, 400, 10001, "a multipart write needs a part named 'value'");
        return -1;
    }
    if (m && !(*metadata = json_parse(m->data, m->len))) {
        env_err(rs, 400, 10026, "metadata must be valid JSON");
        return -1;
    }
    *data = v->data;
    *len = v->len;
    return 0;
}

/* kv_value_put: PUT .../values/{key...}[?expiration|expiration_ttl]. */
void kv_value_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    char *key = ns ? req_rest(rq, 7) : NULL;
    const char *data;
    size_t len;
    cJSON *md = NULL, *exp = query_value(rq, "expiration"),
          *ttl = query_value(rq, "expiration_ttl");
    if (ns && !valid_key(key)) {
        env_err(rs, 400, 10019, "Invalid key name: keys are 1 to 512 bytes, not '.' or '..'");
    } else if (ns && value_of(rq, rs, &data, &len, &md) == 0) {
        double x = expiry(exp, ttl, rs);
        if (x >= 0) {
            put_item(ns, key, data, len, md, x);
            md = NULL;
            env_ok(rs, 200, cJSON_CreateObject());
        }
    }
    cJSON_Delete(md);
    cJSON_Delete(exp);
    cJSON_Delete(ttl);
    free(key);
}

/* The item named by the path (from segment 7), or NULL after a 404 10009. */
static cJSON *need_item(struct emu *e, struct req *rq, struct resp *rs, cJSON **ns, int *index)
{
    *ns = kv_need(e, rq, rs);
    char *key = *ns ? req_rest(rq, 7) : NULL;
    cJSON *it = *ns ? find_item(*ns, key) : NULL;
    if (*ns && !it)
        env_err(rs, 404, 10009, "get: 'key not found'");
    if (it && index)
        *index = store_index(items_of(*ns), "name", key);
    free(key);
    return it;
}

/* kv_value_get: GET .../values/{key}: the raw bytes (expiration header). */
void kv_value_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns, *it = need_item(e, rq, rs, &ns, NULL);
    if (!it)
        return;
    size_t n = 0;
    char *data = b64_decode(jstr(it, "b64"), &n);
    env_raw(rs, 200, "application/octet-stream", data, n);
    cJSON *x = cJSON_GetObjectItem(it, "expiration");
    if (cJSON_IsNumber(x)) {
        char v[32];
        snprintf(v, sizeof v, "%.0f", x->valuedouble);
        env_header(rs, "expiration", v);
    }
}

/* kv_metadata_get: GET .../metadata/{key}: the metadata (null when none). */
void kv_metadata_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns, *it = need_item(e, rq, rs, &ns, NULL);
    if (it)
        env_ok(rs, 200, cJSON_Duplicate(cJSON_GetObjectItem(it, "metadata"), 1));
}

/* kv_value_delete: DELETE .../values/{key}; deleting a missing key succeeds. */
void kv_value_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    char *key = ns ? req_rest(rq, 7) : NULL;
    if (ns) {
        cJSON_DeleteItemFromArray(items_of(ns), store_index(items_of(ns), "name", key));
        env_ok(rs, 200, cJSON_CreateObject());
    }
    free(key);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(jstr(*(cJSON *const *)a, "name"), jstr(*(cJSON *const *)b, "name"));
}

static cJSON *key_view(const cJSON *it)
{
    cJSON *k = cJSON_CreateObject();
    jset_str(k, "name", jstr(it, "name"));
    cJSON *x = cJSON_GetObjectItem(it, "expiration");
    if (x)
        cJSON_AddItemToObject(k, "expiration", cJSON_Duplicate(x, 1));
    x = cJSON_GetObjectItem(it, "metadata");
    if (x)
        cJSON_AddItemToObject(k, "metadata", cJSON_Duplicate(x, 1));
    return k;
}

/* kv_keys: GET .../keys?prefix&limit(10..1000, 1000)&cursor: keys in
 * byte order; the cursor is the last key returned. */
void kv_keys(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    if (!ns)
        return;
    int limit = req_int(rq, "limit", 1000);
    if (limit < 10 || limit > 1000) {
        env_err(rs, 400, 10021, "Invalid key limit %d: must be between 10 and 1000", limit);
        return;
    }
    const char *prefix = req_query(rq, "prefix"), *cursor = req_query(rq, "cursor");
    int cap = cJSON_GetArraySize(items_of(ns)), n = 0;
    cJSON **v = calloc((size_t)cap + 1, sizeof *v), *it;
    cJSON_ArrayForEach(it, items_of(ns))
    {
        const char *name = jstr(it, "name");
        if (v && !expired(it) && (!prefix || strncmp(name, prefix, strlen(prefix)) == 0) &&
            (!cursor || !*cursor || strcmp(name, cursor) > 0))
            v[n++] = it;
    }
    if (v)
        qsort(v, (size_t)n, sizeof *v, cmp_name);
    cJSON *out = cJSON_CreateArray();
    for (int i = 0; i < n && i < limit; i++)
        cJSON_AddItemToArray(out, key_view(v[i]));
    cJSON *info = cJSON_CreateObject();
    cJSON_AddNumberToObject(info, "count", cJSON_GetArraySize(out));
    jset_str(info, "cursor", n > limit ? jstr(v[limit - 1], "name") : "");
    free(v);
    env_list(rs, out, info);
}

/* Writes one bulk item; NULL when done, else why it was refused. */
static const char *bulk_put_one(cJSON *ns, const cJSON *item, struct resp *scratch)
{
    const char *key = jstr(item, "key"), *value = jstr(item, "value");
    cJSON *b64 = cJSON_GetObjectItem(item, "base64");
    if (!valid_key(key) || !value)
        return "each item needs a valid key and a string value";
    double x = expiry(cJSON_GetObjectItem(item, "expiration"),
                      cJSON_GetObjectItem(item, "expiration_ttl"), scratch);
    if (x < 0)
        return "invalid expiration";
    cJSON *md = cJSON_Duplicate(cJSON_GetObjectItem(item, "metadata"), 1);
    if (cJSON_IsTrue(b64)) {
        size_t n = 0;
        char *raw = b64_decode(value, &n);
        put_item(ns, key, raw ? raw : "", raw ? n : 0, md, x);
        free(raw);
    } else {
        put_item(ns, key, value, strlen(value), md, x);
    }
    return NULL;
}

static cJSON *bulk_result(int ok, cJSON *failed)
{
    cJSON *r = cJSON_CreateObject();
    cJSON_AddNumberToObject(r, "successful_key_count", ok);
    cJSON_AddItemToObject(r, "unsuccessful_keys", failed);
    return r;
}

/* kv_bulk_put: PUT .../bulk [{key, value, base64?, expiration?,
 * expiration_ttl?, metadata?}] (at most 10000). */
void kv_bulk_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    cJSON *body = ns ? req_json(rq) : NULL, *item;
    if (!ns)
        return;
    if (!cJSON_IsArray(body) || cJSON_GetArraySize(body) > 10000) {
        env_err(rs, 400, 10026, "the body must be an array of at most 10000 {key, value} objects");
    } else {
        int ok = 0;
        cJSON *failed = cJSON_CreateArray();
        struct resp scratch = {0};
        cJSON_ArrayForEach(item, body)
        {
            if (bulk_put_one(ns, item, &scratch) == NULL)
                ok++;
            else
                cJSON_AddItemToArray(
                    failed, cJSON_CreateString(jstr(item, "key") ? jstr(item, "key") : ""));
        }
        free(scratch.body);
        env_ok(rs, 200, bulk_result(ok, failed));
    }
    cJSON_Delete(body);
}

/* kv_bulk_delete: POST .../bulk/delete ["key", ...]. */
void kv_bulk_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    cJSON *body = ns ? req_json(rq) : NULL, *k;
    if (!ns)
        return;
    if (!cJSON_IsArray(body) || cJSON_GetArraySize(body) > 10000) {
        env_err(rs, 400, 10026, "the body must be an array of at most 10000 key names");
    } else {
        int ok = 0;
        cJSON_ArrayForEach(k, body)
        {
            if (!cJSON_IsString(k))
                continue;
            cJSON_DeleteItemFromArray(items_of(ns),
                                      store_index(items_of(ns), "name", k->valuestring));
            ok++;
        }
        env_ok(rs, 200, bulk_result(ok, cJSON_CreateArray()));
    }
    cJSON_Delete(body);
}

/* The value of an item as a bulk get returns it: text, or parsed JSON. */
static cJSON *bulk_value(const cJSON *it, bool as_json)
{
    size_t n = 0;
    char *raw = b64_decode(jstr(it, "b64"), &n);
    cJSON *v = as_json && raw ? json_parse(raw, n) : NULL;
    if (!v)
        v = cJSON_CreateString(raw ? raw : "");
    free(raw);
    return v;
}

/* kv_bulk_get: POST .../bulk/get {keys (<= 100), type: text|json,
 * withMetadata}: {values: {key: value | {value, metadata, expiration}}};
 * a missing key maps to null. */
void kv_bulk_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    cJSON *body = ns ? req_json(rq) : NULL, *k;
    cJSON *keys = cJSON_GetObjectItem(body, "keys");
    const char *type = jstr(body, "type");
    bool with_md = cJSON_IsTrue(cJSON_GetObjectItem(body, "withMetadata"));
    if (!ns) {
        return;
    } else if (!cJSON_IsArray(keys) || cJSON_GetArraySize(keys) > 100) {
        env_err(rs, 400, 10026, "keys must be an array of at most 100 key names");
    } else if (type && strcmp(type, "text") != 0 && strcmp(type, "json") != 0) {
        env_err(rs, 400, 10026, "type must be text or json");
    } else {
        cJSON *values = cJSON_CreateObject();
        cJSON_ArrayForEach(k, keys)
        {
            cJSON *it = cJSON_IsString(k) ? find_item(ns, k->valuestring) : NULL;
            cJSON *v = it ? bulk_value(it, type && strcmp(type, "json") == 0) : cJSON_CreateNull();
            if (it && with_md) {
                cJSON *w = cJSON_CreateObject();
                cJSON_AddItemToObject(w, "value", v);
                cJSON *md = cJSON_GetObjectItem(it, "metadata");
                cJSON_AddItemToObject(w, "metadata",
                                      md ? cJSON_Duplicate(md, 1) : cJSON_CreateNull());
                cJSON *x = cJSON_GetObjectItem(it, "expiration");
                if (x)
                    cJSON_AddItemToObject(w, "expiration", cJSON_Duplicate(x, 1));
                v = w;
            }
            if (cJSON_IsString(k))
                cJSON_AddItemToObject(values, k->valuestring, v);
            else
                cJSON_Delete(v);
        }
        cJSON *r = cJSON_CreateObject();
        cJSON_AddItemToObject(r, "values", values);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}
