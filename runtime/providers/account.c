/* account_check: three small synchronous GETs on the shared transport. */
#include "runtime/providers/account.h"

#include <stdio.h>
#include <string.h>

#include <cJSON.h>

/* get sends one GET and waits for it. Returns the HTTP status (0 when there
 * was no answer, with err filled) and the parsed body in *doc (caller
 * deletes; NULL when not JSON). */
static long get(struct cf_http *http, const char *path, cJSON **doc, char *err, size_t err_len)
{
    struct cf_request rq = {.method = "GET", .path = path};
    struct cf_http_completion c;
    *doc = NULL;
    if (cf_http_submit(http, &rq) != 0 || cf_http_next(http, &c) != 1) {
        snprintf(err, err_len, "the transport is closed");
        return 0;
    }
    long status = c.outcome == CF_DONE ? c.status : 0;
    if (status == 0)
        snprintf(err, err_len, "no answer from the Cloudflare API (%s)", c.error);
    else if (c.body)
        *doc = cJSON_Parse(c.body);
    cf_http_completion_free(&c);
    return status;
}

/* list_accounts appends "id (name)" for each account the token can use. */
static void list_accounts(struct cf_http *http, char *err, size_t err_len)
{
    cJSON *doc;
    char why[256];
    size_t used = strlen(err);
    if (get(http, "/accounts?per_page=50", &doc, why, sizeof why) != 200) {
        cJSON_Delete(doc);
        return;
    }
    const cJSON *a;
    int n = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(doc, "result"))
    {
        const char *id = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "id"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(a, "name"));
        if (id && used < err_len)
            used += (size_t)snprintf(err + used, err_len - used, "%s\n    %s (%s)",
                                     n++ ? "" : "\n  the token can use:", id, name ? name : "");
    }
    if (n == 0 && used < err_len)
        snprintf(err + used, err_len - used, "\n  the token can use no account");
    cJSON_Delete(doc);
}

/* account_check: see account.h. */
enum account_check account_check(struct cf_http *http, const char *account, char *err,
                                 size_t err_len)
{
    char path[300];
    cJSON *doc;
    snprintf(path, sizeof path, "/accounts/%s", account);
    long status = get(http, path, &doc, err, err_len);
    cJSON_Delete(doc);
    if (status == 0)
        return ACCOUNT_UNREACHABLE;
    if (status == 200)
        return ACCOUNT_OK;
    status = get(http, "/user/tokens/verify", &doc, err, err_len);
    cJSON_Delete(doc);
    if (status == 0)
        return ACCOUNT_UNREACHABLE;
    if (status != 200) {
        snprintf(err, err_len,
                 "the API token was refused (HTTP %ld)\n  help: check CLOUDFLARE_API_TOKEN: "
                 "create a token in the Cloudflare dashboard with access to the account",
                 status);
        return ACCOUNT_BAD_TOKEN;
    }
    snprintf(err, err_len,
             "the API token cannot use account %s\n  help: set CLOUDFLARE_ACCOUNT_ID (or "
             "`config account_id`) to an account the token can use",
             account);
    list_accounts(http, err, err_len);
    return ACCOUNT_NOT_ALLOWED;
}
