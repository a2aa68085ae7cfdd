/* cfemu: the Cloudflare v4 response envelope ({success, errors, messages,
 * result, result_info}), error bodies, and page/per_page pagination. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

static void set_json(struct resp *rs, int status, cJSON *env)
{
    free(rs->body);
    rs->body = cJSON_PrintUnformatted(env);
    rs->len = rs->body ? strlen(rs->body) : 0;
    rs->status = status;
    snprintf(rs->content_type, sizeof rs->content_type, "application/json");
    cJSON_Delete(env);
}

static cJSON *envelope(bool success)
{
    cJSON *env = cJSON_CreateObject();
    cJSON_AddBoolToObject(env, "success", success);
    cJSON_AddItemToObject(env, "errors", cJSON_CreateArray());
    cJSON_AddItemToObject(env, "messages", cJSON_CreateArray());
    return env;
}

/* env_ok: a success envelope around result (ownership taken; NULL gives
 * "result": null). */
void env_ok(struct resp *rs, int status, cJSON *result)
{
    cJSON *env = envelope(true);
    cJSON_AddItemToObject(env, "result", result ? result : cJSON_CreateNull());
    set_json(rs, status, env);
}

/* env_list: a 200 success envelope with result = items and result_info =
 * info (both owned; info may be NULL). */
void env_list(struct resp *rs, cJSON *items, cJSON *info)
{
    cJSON *env = envelope(true);
    cJSON_AddItemToObject(env, "result", items);
    if (info)
        cJSON_AddItemToObject(env, "result_info", info);
    set_json(rs, 200, env);
}

/* env_err: a failure envelope with one error {code, message}; 409s carry
 * x-should-retry: false so SDKs do not retry a conflict. */
void env_err(struct resp *rs, int status, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    cJSON *env = envelope(false);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddNumberToObject(e, "code", code);
    cJSON_AddStringToObject(e, "message", msg);
    cJSON_AddItemToArray(cJSON_GetObjectItem(env, "errors"), e);
    cJSON_AddNullToObject(env, "result");
    set_json(rs, status, env);
    if (status == 409 || status == 400 || status == 404)
        env_header(rs, "x-should-retry", "false");
}

/* env_raw: a non-JSON body (ownership of body taken). */
void env_raw(struct resp *rs, int status, const char *ctype, char *body, size_t len)
{
    free(rs->body);
    rs->body = body;
    rs->len = len;
    rs->status = status;
    snprintf(rs->content_type, sizeof rs->content_type, "%s", ctype);
}

/* env_header: adds (or replaces) a response header; silently ignores
 * headers beyond EMU_MAX_HEADERS. */
void env_header(struct resp *rs, const char *name, const char *value)
{
    int i;
    for (i = 0; i < rs->n_h; i++)
        if (strcmp(rs->h[i].name, name) == 0)
            break;
    if (i == EMU_MAX_HEADERS)
        return;
    snprintf(rs->h[i].name, sizeof rs->h[i].name, "%s", name);
    snprintf(rs->h[i].value, sizeof rs->h[i].value, "%s", value);
    if (i == rs->n_h)
        rs->n_h++;
}

static cJSON *slice(cJSON *items, int from, int count)
{
    cJSON *out = cJSON_CreateArray();
    int i = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        if (i >= from && i < from + count)
            cJSON_AddItemToArray(out, cJSON_Duplicate(it, 1));
        i++;
    }
    return out;
}

/* env_paged: page/per_page pagination of items (borrowed). Past the end
 * the result is an empty array, so paginating clients stop. */
void env_paged(struct resp *rs, struct req *rq, cJSON *items, int def_pp, int max_pp)
{
    int page = req_int(rq, "page", 1);
    int pp = req_int(rq, "per_page", def_pp);
    int total = cJSON_GetArraySize(items);
    if (page < 1)
        page = 1;
    if (pp < 1)
        pp = 1;
    if (pp > max_pp)
        pp = max_pp;
    long from = (long)(page - 1) * pp;
    cJSON *out = slice(items, from > total ? total : (int)from, pp);
    cJSON *info = cJSON_CreateObject();
    cJSON_AddNumberToObject(info, "count", cJSON_GetArraySize(out));
    cJSON_AddNumberToObject(info, "page", page);
    cJSON_AddNumberToObject(info, "per_page", pp);
    cJSON_AddNumberToObject(info, "total_count", total);
    cJSON_AddNumberToObject(info, "total_pages", total ? (total + pp - 1) / pp : 1);
    env_list(rs, out, info);
}

/* env_whole: an unpaginated list (items borrowed). A client asking for
 * page 2 or later gets an empty array, so it terminates. */
void env_whole(struct resp *rs, struct req *rq, cJSON *items)
{
    int page = req_int(rq, "page", 1);
    cJSON *out = page > 1 ? cJSON_CreateArray() : cJSON_Duplicate(items, 1);
    cJSON *info = cJSON_CreateObject();
    int n = cJSON_GetArraySize(out);
    cJSON_AddNumberToObject(info, "count", n);
    cJSON_AddNumberToObject(info, "page", page < 1 ? 1 : page);
    cJSON_AddNumberToObject(info, "per_page", n > 20 ? n : 20);
    cJSON_AddNumberToObject(info, "total_count", cJSON_GetArraySize(items));
    cJSON_AddNumberToObject(info, "total_pages", 1);
    env_list(rs, out, info);
}
