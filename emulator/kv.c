/* cfemu: Workers KV namespaces: create (unique title), list (page/per_page,
 * order id|title, direction), get, rename (PUT), delete (with its keys).
 * Keys and values live in kv_items.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

/* kv_lookup: the namespace with this id (borrowed), or NULL. */
cJSON *kv_lookup(struct emu *e, const char *account, const char *id)
{
    return store_find(store_list(e, account, "kv"), "id", id);
}

/* kv_need: the namespace named by segs[5], or NULL after a 404 (10013). */
cJSON *kv_need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_lookup(e, rq->account, rq->segs[5]);
    if (!ns)
        env_err(rs, 404, 10013, "get namespace: 'namespace not found'");
    return ns;
}

/* The API view of a namespace (caller frees): items stay private. */
static cJSON *view(const cJSON *ns)
{
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(ns, "id"));
    jset_str(r, "title", jstr(ns, "title"));
    cJSON_AddBoolToObject(r, "supports_url_encoding", true);
    if (jstr(ns, "jurisdiction"))
        jset_str(r, "jurisdiction", jstr(ns, "jurisdiction"));
    return r;
}

/* The title of a create/rename body: 1..512 bytes, unique in the account
 * (other than self). NULL with rs set. */
static const char *check_title(struct emu *e, struct req *rq, struct resp *rs, cJSON *body,
                               const cJSON *self)
{
    const char *title = jstr(body, "title");
    cJSON *same = title ? store_find(store_list(e, rq->account, "kv"), "title", title) : NULL;
    if (!cJSON_IsObject(body))
        env_err(rs, 400, 10026, "could not parse request body: expected a JSON object");
    else if (!title || !*title)
        env_err(rs, 400, 10019, "title is required: a string of 1 to 512 bytes");
    else if (strlen(title) > 512)
        env_err(rs, 400, 10019, "title is at most 512 bytes");
    else if (same && same != self)
        env_err(rs, 400, 10014,
                "create namespace: 'a namespace with this account ID and title already exists'");
    else
        return title;
    return NULL;
}

/* kv_create: POST /storage/kv/namespaces {title, jurisdiction?}. */
void kv_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *title = check_title(e, rq, rs, body, NULL);
    const char *jur = jstr(body, "jurisdiction");
    if (title && jur && strcmp(jur, "eu") != 0 && strcmp(jur, "fedramp") != 0 &&
        strcmp(jur, "us") != 0) {
        env_err(rs, 400, 10021, "jurisdiction must be eu, fedramp or us");
    } else if (title) {
        char id[33];
        store_new_hex(e, id);
        cJSON *ns = cJSON_CreateObject();
        jset_str(ns, "id", id);
        jset_str(ns, "title", title);
        if (jur)
            jset_str(ns, "jurisdiction", jur);
        cJSON_AddItemToObject(ns, "items", cJSON_CreateArray());
        cJSON_AddItemToArray(store_list(e, rq->account, "kv"), ns);
        env_ok(rs, 200, view(ns));
    }
    cJSON_Delete(body);
}

struct order {
    const char *key;
    bool desc;
};

static int cmp_by(const cJSON *a, const cJSON *b, const struct order *o)
{
    int c = strcmp(jstr(a, o->key), jstr(b, o->key));
    return o->desc ? -c : c;
}

/* Sorts the views in place (insertion sort: lists are small). */
static void sort_views(cJSON *arr, const struct order *o)
{
    int n = cJSON_GetArraySize(arr);
    for (int i = 1; i < n; i++) {
        for (int j = i; j > 0; j--) {
            cJSON *a = cJSON_GetArrayItem(arr, j - 1), *b = cJSON_GetArrayItem(arr, j);
            if (cmp_by(a, b, o) <= 0)
                break;
            cJSON_DetachItemViaPointer(arr, b);
            cJSON_InsertItemInArray(arr, j - 1, b);
        }
    }
}

/* kv_list: GET /storage/kv/namespaces?page&per_page(5..1000, 20)&order&direction. */
void kv_list(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *order = req_query(rq, "order"), *dir = req_query(rq, "direction");
    if (order && strcmp(order, "id") != 0 && strcmp(order, "title") != 0) {
        env_err(rs, 400, 10021, "order must be id or title");
        return;
    }
    if (dir && strcmp(dir, "asc") != 0 && strcmp(dir, "desc") != 0) {
        env_err(rs, 400, 10021, "direction must be asc or desc");
        return;
    }
    cJSON *all = cJSON_CreateArray(), *ns;
    cJSON_ArrayForEach(ns, store_list(e, rq->account, "kv")) cJSON_AddItemToArray(all, view(ns));
    struct order o = {order ? order : "id", dir && strcmp(dir, "desc") == 0};
    if (order || dir)
        sort_views(all, &o);
    env_paged(rs, rq, all, 20, 1000);
    cJSON_Delete(all);
}

/* kv_get: GET /storage/kv/namespaces/{id}. */
void kv_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    if (ns)
        env_ok(rs, 200, view(ns));
}

/* kv_rename: PUT /storage/kv/namespaces/{id} {title}; the renamed namespace. */
void kv_rename(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *ns = kv_need(e, rq, rs);
    cJSON *body = ns ? req_json(rq) : NULL;
    const char *title = ns ? check_title(e, rq, rs, body, ns) : NULL;
    if (title) {
        jset_str(ns, "title", title);
        env_ok(rs, 200, view(ns));
    }
    cJSON_Delete(body);
}

/* kv_delete: DELETE /storage/kv/namespaces/{id}; result {}. */
void kv_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = store_list(e, rq->account, "kv");
    int i = store_index(all, "id", rq->segs[5]);
    if (i < 0) {
        env_err(rs, 404, 10013, "remove namespace: 'namespace not found'");
        return;
    }
    cJSON_DeleteItemFromArray(all, i);
    env_ok(rs, 200, cJSON_CreateObject());
}
