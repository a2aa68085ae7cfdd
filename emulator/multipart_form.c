/* cfemu: the form encodings the official SDK uses for Worker uploads.
 * It sends an object as bracketed fields (metadata[main_module],
 * metadata[bindings][][type], settings[logpush]) and files as parts named
 * files[]; for a script PUT it even sets Content-Type:
 * application/javascript over the multipart body. These helpers turn such
 * a body back into what the plain form (a JSON part) would have said. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

#define MAX_DEPTH 8

/* mp_ctype: the request's Content-Type, or, when it is not multipart but
 * the body starts with a boundary line, a multipart type naming that
 * boundary (written into buf). */
const char *mp_ctype(struct req *rq, char *buf, size_t n)
{
    const char *ct = req_header(rq, "Content-Type");
    if (ct && strncasecmp(ct, "multipart/", 10) == 0)
        return ct;
    if (!rq->body || rq->body_len < 4 || strncmp(rq->body, "--", 2) != 0)
        return ct;
    size_t len = strcspn(rq->body + 2, "\r\n");
    if (len == 0 || len > 70 || 2 + len >= rq->body_len)
        return ct;
    snprintf(buf, n, "multipart/form-data; boundary=%.*s", (int)len, rq->body + 2);
    return buf;
}

/* Splits "key[a][][b]" after prefix into segments; -1 when it is not one. */
static int segments(const char *name, const char *prefix, char segs[][128], int max)
{
    size_t pl = strlen(prefix);
    const char *p = name + pl;
    int n = 0;
    if (strncmp(name, prefix, pl) != 0 || *p != '[')
        return -1;
    while (*p == '[' && n < max) {
        const char *end = strchr(p, ']');
        if (!end || (size_t)(end - p - 1) >= 128)
            return -1;
        snprintf(segs[n++], 128, "%.*s", (int)(end - p - 1), p + 1);
        p = end + 1;
    }
    return *p == '\0' ? n : -1;
}

/* Keys whose form values are numbers in the JSON form. */
static bool numeric_key(const char *k)
{
    return strcmp(k, "head_sampling_rate") == 0 || strcmp(k, "cpu_ms") == 0 ||
           strcmp(k, "subrequests") == 0;
}

static cJSON *scalar(const char *key, const char *data, size_t len)
{
    char *s = malloc(len + 1);
    if (!s)
        return cJSON_CreateNull();
    memcpy(s, data, len);
    s[len] = '\0';
    cJSON *v = strcmp(s, "true") == 0    ? cJSON_CreateTrue()
               : strcmp(s, "false") == 0 ? cJSON_CreateFalse()
               : numeric_key(key)        ? cJSON_CreateNumber(atof(s))
                                         : cJSON_CreateString(s);
    free(s);
    return v;
}

/* The container a segment leads into: an array when the next one is "". */
static cJSON *container_for(const char *next)
{
    return next[0] == '\0' ? cJSON_CreateArray() : cJSON_CreateObject();
}

/* In an array, the element a field continues: the last object when it does
 * not hold the key yet (or holds it as a container to go deeper into). */
static cJSON *array_slot(cJSON *arr, const char *key, bool deeper)
{
    cJSON *last = cJSON_GetArrayItem(arr, cJSON_GetArraySize(arr) - 1);
    cJSON *have = cJSON_IsObject(last) ? cJSON_GetObjectItem(last, key) : NULL;
    if (cJSON_IsObject(last) &&
        (!have || (deeper && (cJSON_IsObject(have) || cJSON_IsArray(have)))))
        return last;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddItemToArray(arr, o);
    return o;
}

static void set_path(cJSON *root, char segs[][128], int n, cJSON *value)
{
    cJSON *cur = root;
    for (int i = 0; i < n; i++) {
        bool last = i == n - 1;
        if (cJSON_IsArray(cur)) {
            if (last) {
                cJSON_AddItemToArray(cur, value);
                return;
            }
            cur = array_slot(cur, segs[i + 1], i + 1 < n - 1);
            continue;
        }
        cJSON *child = cJSON_GetObjectItem(cur, segs[i]);
        if (last) {
            jset(cur, segs[i], value);
            return;
        }
        if (!child || !(cJSON_IsObject(child) || cJSON_IsArray(child))) {
            child = container_for(segs[i + 1]);
            jset(cur, segs[i], child);
        }
        cur = child;
    }
    cJSON_Delete(value);
}

/* mp_form_object: the object the bracketed fields prefix[...] spell, or
 * NULL when the form has none. Caller frees. */
cJSON *mp_form_object(const struct mp_part *parts, int n, const char *prefix)
{
    cJSON *root = NULL;
    char segs[MAX_DEPTH][128];
    for (int i = 0; i < n; i++) {
        int k = segments(parts[i].name, prefix, segs, MAX_DEPTH);
        if (k <= 0 || parts[i].filename[0])
            continue;
        if (!root)
            root = cJSON_CreateObject();
        set_path(root, segs, k, scalar(segs[k - 1], parts[i].data, parts[i].len));
    }
    return root;
}

/* mp_is_form_field: whether a part is a bracketed field of prefix. */
bool mp_is_form_field(const struct mp_part *p, const char *prefix)
{
    size_t pl = strlen(prefix);
    return strncmp(p->name, prefix, pl) == 0 && p->name[pl] == '[' && !p->filename[0];
}
