/* cfemu: the vectors of a Vectorize index: insert (an existing id is kept)
 * and upsert (it is replaced) from NDJSON, query (cosine, euclidean or
 * dot-product score; topK, namespace, metadata filter, returnValues,
 * returnMetadata), get_by_ids, delete_by_ids and a cursor list of ids. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

static int dims_of(const cJSON *ix)
{
    cJSON *d = cJSON_GetObjectItem(cJSON_GetObjectItem(ix, "config"), "dimensions");
    return cJSON_IsNumber(d) ? d->valueint : 0;
}

/* Checks one vector line; NULL when good, else why not. */
static const char *bad_vector(const cJSON *v, int dims)
{
    const char *id = jstr(v, "id");
    cJSON *vals = cJSON_GetObjectItem(v, "values"), *x;
    cJSON *md = cJSON_GetObjectItem(v, "metadata"), *ns = cJSON_GetObjectItem(v, "namespace");
    if (!cJSON_IsObject(v) || !id || !*id || strlen(id) > 64)
        return "every vector needs an id of 1 to 64 bytes";
    if (!cJSON_IsArray(vals) || cJSON_GetArraySize(vals) != dims)
        return "a vector's values must be an array of as many numbers as the index has dimensions";
    cJSON_ArrayForEach(x, vals) if (!cJSON_IsNumber(x)) return "values must be numbers";
    if (md && !cJSON_IsObject(md))
        return "metadata must be an object";
    if (ns && (!cJSON_IsString(ns) || strlen(ns->valuestring) > 64))
        return "namespace must be a string of at most 64 bytes";
    return NULL;
}

/* Parses an NDJSON body into an array of vectors; NULL with rs set.
 * discard drops unparsable lines instead of refusing the request. */
static cJSON *parse_lines(struct req *rq, int dims, bool discard, struct resp *rs)
{
    cJSON *out = cJSON_CreateArray();
    const char *p = rq->body ? rq->body : "", *end = p + rq->body_len;
    int line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        line++;
        cJSON *v = n > 0 ? json_parse(p, n) : NULL;
        const char *why = v ? bad_vector(v, dims) : n > 0 ? "not a JSON object" : NULL;
        if (why && !discard) {
            env_err(rs, 400, 40008, "vectorize.invalid_vector: line %d: %s", line, why);
            cJSON_Delete(v);
            cJSON_Delete(out);
            return NULL;
        }
        if (v && !why)
            cJSON_AddItemToArray(out, v);
        else
            cJSON_Delete(v);
        p += n + (nl ? 1 : 0);
    }
    if (cJSON_GetArraySize(out) == 0) {
        env_err(rs, 400, 40008, "vectorize.invalid_vector: the body holds no vectors (NDJSON)");
        cJSON_Delete(out);
        return NULL;
    }
    return out;
}

static void write_vectors(struct emu *e, struct req *rq, struct resp *rs, bool replace)
{
    cJSON *ix = vec_need(e, rq, rs);
    const char *ub = req_query(rq, "unparsable-behavior");
    cJSON *lines = ix ? parse_lines(rq, dims_of(ix), ub && strcmp(ub, "discard") == 0, rs) : NULL;
    if (!lines)
        return;
    cJSON *d = vec_data(e, rq->account, rq->segs[5]);
    cJSON *vs = cJSON_GetObjectItem(d, "vectors");
    cJSON *v;
    while ((v = cJSON_DetachItemFromArray(lines, 0)) != NULL) {
        int at = store_index(vs, "id", jstr(v, "id"));
        if (at >= 0 && replace)
            cJSON_ReplaceItemInArray(vs, at, v);
        else if (at < 0)
            cJSON_AddItemToArray(vs, v);
        else
            cJSON_Delete(v);
    }
    cJSON_Delete(lines);
    env_ok(rs, 200, vec_mutation(e, d));
}

/* vec_insert: POST .../insert (NDJSON); existing ids are left as they are. */
void vec_insert(struct emu *e, struct req *rq, struct resp *rs)
{
    write_vectors(e, rq, rs, false);
}

/* vec_upsert: POST .../upsert (NDJSON); existing ids are replaced. */
void vec_upsert(struct emu *e, struct req *rq, struct resp *rs)
{
    write_vectors(e, rq, rs, true);
}

static double score(const char *metric, const cJSON *a, const cJSON *b)
{
    double dot = 0, na = 0, nb = 0, dist = 0;
    for (const cJSON *x = a->child, *y = b->child; x && y; x = x->next, y = y->next) {
        dot += x->valuedouble * y->valuedouble;
        na += x->valuedouble * x->valuedouble;
        nb += y->valuedouble * y->valuedouble;
        dist += (x->valuedouble - y->valuedouble) * (x->valuedouble - y->valuedouble);
    }
    if (strcmp(metric, "euclidean") == 0)
        return sqrt(dist);
    if (strcmp(metric, "dot-product") == 0)
        return dot;
    return na > 0 && nb > 0 ? dot / (sqrt(na) * sqrt(nb)) : 0;
}

/* One filter condition on a metadata value: $eq $ne $in $nin $lt $lte $gt
 * $gte, or a bare value meaning $eq. */
static bool compare(const cJSON *have, const char *op, const cJSON *want)
{
    if (strcmp(op, "$in") == 0 || strcmp(op, "$nin") == 0) {
        bool in = false;
        cJSON *w;
        cJSON_ArrayForEach(w, want) in = in || (have && cJSON_Compare(have, w, true));
        return op[1] == 'i' ? in : !in;
    }
    bool eq = have && cJSON_Compare(have, want, true);
    if (strcmp(op, "$eq") == 0)
        return eq;
    if (strcmp(op, "$ne") == 0)
        return !eq;
    int c = cJSON_IsNumber(have) && cJSON_IsNumber(want)
                ? (have->valuedouble > want->valuedouble) - (have->valuedouble < want->valuedouble)
            : cJSON_IsString(have) && cJSON_IsString(want)
                ? strcmp(have->valuestring, want->valuestring)
                : 2;
    if (c == 2)
        return false;
    return strcmp(op, "$lt") == 0    ? c < 0
           : strcmp(op, "$lte") == 0 ? c <= 0
           : strcmp(op, "$gt") == 0  ? c > 0
           : strcmp(op, "$gte") == 0 ? c >= 0
                                     : false;
}

static bool passes(const cJSON *v, const cJSON *filter)
{
    cJSON *md = cJSON_GetObjectItem(v, "metadata"), *f, *op;
    cJSON_ArrayForEach(f, filter)
    {
        cJSON *have = cJSON_GetObjectItem(md, f->string);
        if (!cJSON_IsObject(f)) {
            if (!compare(have, "$eq", f))
                return false;
            continue;
        }
        cJSON_ArrayForEach(op, f) if (!compare(have, op->string, op)) return false;
    }
    return true;
}

struct scored {
    const cJSON *v;
    double s;
    bool asc; /* euclidean: smaller is closer */
};

static int cmp_scored(const void *a, const void *b)
{
    const struct scored *x = a, *y = b;
    double d = x->asc ? x->s - y->s : y->s - x->s;
    return (d > 0) - (d < 0);
}

/* The metadata a match returns: all of it, or with "indexed" only the
 * properties that have a metadata index. */
static cJSON *returned_metadata(const cJSON *md, const char *mode, const cJSON *metas)
{
    cJSON *out = cJSON_Duplicate(md, 1);
    for (int i = cJSON_GetArraySize(out) - 1; strcmp(mode, "indexed") == 0 && i >= 0; i--) {
        const char *k = cJSON_GetArrayItem(out, i)->string;
        if (!store_find((cJSON *)metas, "propertyName", k))
            cJSON_DeleteItemFromObject(out, k);
    }
    return out;
}

static cJSON *match_view(const struct scored *m, bool values, const char *md_mode,
                         const cJSON *metas)
{
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(m->v, "id"));
    cJSON_AddNumberToObject(r, "score", m->s);
    if (values)
        cJSON_AddItemToObject(r, "values", cJSON_Duplicate(cJSON_GetObjectItem(m->v, "values"), 1));
    if (md_mode && strcmp(md_mode, "none") != 0 && cJSON_GetObjectItem(m->v, "metadata"))
        cJSON_AddItemToObject(
            r, "metadata",
            returned_metadata(cJSON_GetObjectItem(m->v, "metadata"), md_mode, metas));
    if (jstr(m->v, "namespace"))
        jset_str(r, "namespace", jstr(m->v, "namespace"));
    return r;
}

/* Checks a query body; the vector, or NULL with rs set. */
static cJSON *query_vector(cJSON *body, int dims, int *top_k, struct resp *rs)
{
    cJSON *vec = cJSON_GetObjectItem(body, "vector"), *k = cJSON_GetObjectItem(body, "topK");
    const char *md = jstr(body, "returnMetadata");
    *top_k = cJSON_IsNumber(k) ? k->valueint : 5;
    if (!cJSON_IsArray(vec) || cJSON_GetArraySize(vec) != dims)
        env_err(rs, 400, 40006,
                "vectorize.invalid_query: vector must be an array of %d numbers (the index's "
                "dimensions)",
                dims);
    else if (*top_k < 1 || *top_k > 100)
        env_err(rs, 400, 40006, "vectorize.invalid_query: topK must be between 1 and 100");
    else if (md && strcmp(md, "none") != 0 && strcmp(md, "indexed") != 0 && strcmp(md, "all") != 0)
        env_err(rs, 400, 40006,
                "vectorize.invalid_query: returnMetadata must be none, indexed or all");
    else
        return vec;
    return NULL;
}

/* vec_query: POST .../query {vector, topK?, filter?, namespace?,
 * returnValues?, returnMetadata?} -> {count, matches}. */
void vec_query(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    cJSON *body = ix ? req_json(rq) : NULL, *v;
    int top_k = 5;
    cJSON *vec = ix ? query_vector(body, dims_of(ix), &top_k, rs) : NULL;
    if (vec) {
        const char *metric = jstr(cJSON_GetObjectItem(ix, "config"), "metric");
        const char *ns = jstr(body, "namespace");
        cJSON *d = vec_data(e, rq->account, rq->segs[5]);
        cJSON *vs = cJSON_GetObjectItem(d, "vectors");
        struct scored *m = calloc((size_t)cJSON_GetArraySize(vs) + 1, sizeof *m);
        int n = 0;
        cJSON_ArrayForEach(v, vs)
        {
            const char *vns = jstr(v, "namespace");
            if (m && (!ns || (vns && strcmp(ns, vns) == 0)) &&
                passes(v, cJSON_GetObjectItem(body, "filter")))
                m[n++] = (struct scored){v, score(metric, vec, cJSON_GetObjectItem(v, "values")),
                                         strcmp(metric, "euclidean") == 0};
        }
        qsort(m, (size_t)n, sizeof *m, cmp_scored);
        cJSON *r = cJSON_CreateObject(), *out = cJSON_CreateArray();
        for (int i = 0; i < n && i < top_k; i++)
            cJSON_AddItemToArray(
                out, match_view(&m[i], cJSON_IsTrue(cJSON_GetObjectItem(body, "returnValues")),
                                jstr(body, "returnMetadata"),
                                cJSON_GetObjectItem(d, "metadata_indexes")));
        cJSON_AddNumberToObject(r, "count", cJSON_GetArraySize(out));
        cJSON_AddItemToObject(r, "matches", out);
        free(m);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* The ids of a get/delete body: an array of strings; NULL with rs set. */
static cJSON *ids_of(cJSON *body, struct resp *rs)
{
    cJSON *ids = cJSON_GetObjectItem(body, "ids"), *x;
    bool ok = cJSON_IsArray(ids) && cJSON_GetArraySize(ids) <= 1000;
    cJSON_ArrayForEach(x, ids) ok = ok && cJSON_IsString(x);
    if (!ok)
        env_err(rs, 400, 40026,
                "vectorize.invalid_body: ids must be an array of at most 1000 strings");
    return ok ? ids : NULL;
}

/* vec_get_by_ids: POST .../get_by_ids {ids} -> [vector] (missing skipped). */
void vec_get_by_ids(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    cJSON *body = ix ? req_json(rq) : NULL;
    cJSON *ids = ix ? ids_of(body, rs) : NULL, *id;
    if (ids) {
        cJSON *vs = cJSON_GetObjectItem(vec_data(e, rq->account, rq->segs[5]), "vectors");
        cJSON *out = cJSON_CreateArray();
        cJSON_ArrayForEach(id, ids)
        {
            cJSON *v = store_find(vs, "id", id->valuestring);
            if (v)
                cJSON_AddItemToArray(out, cJSON_Duplicate(v, 1));
        }
        env_ok(rs, 200, out);
    }
    cJSON_Delete(body);
}

/* vec_delete_by_ids: POST .../delete_by_ids {ids} -> {mutationId}. */
void vec_delete_by_ids(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ix = vec_need(e, rq, rs);
    cJSON *body = ix ? req_json(rq) : NULL;
    cJSON *ids = ix ? ids_of(body, rs) : NULL, *id;
    if (ids) {
        cJSON *d = vec_data(e, rq->account, rq->segs[5]);
        cJSON *vs = cJSON_GetObjectItem(d, "vectors");
        cJSON_ArrayForEach(id, ids)
        {
            int at = store_index(vs, "id", id->valuestring);
            if (at >= 0)
                cJSON_DeleteItemFromArray(vs, at);
        }
        env_ok(rs, 200, vec_mutation(e, d));
    }
    cJSON_Delete(body);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(jstr(*(cJSON *const *)a, "id"), jstr(*(cJSON *const *)b, "id"));
}

/* vec_list_vectors: GET .../list?count(1..1000, 100)&cursor: ids in order;
 * the cursor is the last id returned. */
void vec_list_vectors(struct emu *e, struct req *rq, struct resp *rs)
{
    if (!vec_need(e, rq, rs))
        return;
    int count = req_int(rq, "count", 100);
    if (count < 1 || count > 1000) {
        env_err(rs, 400, 40006, "vectorize.invalid_query: count must be between 1 and 1000");
        return;
    }
    const char *cursor = req_query(rq, "cursor");
    cJSON *vs = cJSON_GetObjectItem(vec_data(e, rq->account, rq->segs[5]), "vectors"), *v;
    int total = cJSON_GetArraySize(vs), n = 0;
    cJSON **all = calloc((size_t)total + 1, sizeof *all);
    cJSON_ArrayForEach(v, vs) if (all && (!cursor || strcmp(jstr(v, "id"), cursor) > 0)) all[n++] =
        v;
    if (all)
        qsort(all, (size_t)n, sizeof *all, cmp_id);
    cJSON *r = cJSON_CreateObject(), *out = cJSON_CreateArray();
    for (int i = 0; i < n && i < count; i++) {
        cJSON *x = cJSON_CreateObject();
        jset_str(x, "id", jstr(all[i], "id"));
        cJSON_AddItemToArray(out, x);
    }
    cJSON_AddNumberToObject(r, "count", cJSON_GetArraySize(out));
    cJSON_AddNumberToObject(r, "totalCount", total);
    cJSON_AddBoolToObject(r, "isTruncated", n > count);
    jset_str(r, "nextCursor", n > count ? jstr(all[count - 1], "id") : NULL);
    cJSON_AddNullToObject(r, "cursorExpirationTimestamp");
    cJSON_AddItemToObject(r, "vectors", out);
    free(all);
    env_ok(rs, 200, r);
}
