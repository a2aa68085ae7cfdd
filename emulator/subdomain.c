/* cfemu: workers.dev: the account's subdomain (GET, PUT to choose it,
 * DELETE) and each Worker's subdomain switch ({enabled, previews_enabled}:
 * GET, POST, DELETE). An account starts with the subdomain
 * cfemu-<first 8 hex of its id>, so wrangler can deploy to workers.dev. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

/* The account's subdomain record {subdomain: name|null} (borrowed). It is
 * stored only once chosen or deleted; until then it is the default. */
static cJSON *record(struct emu *e, const char *account, bool store)
{
    cJSON *arr = store_list(e, account, "workers_subdomain");
    if (cJSON_GetArraySize(arr) == 0 && store) {
        char sub[64];
        snprintf(sub, sizeof sub, "cfemu-%.8s", account);
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "subdomain", sub);
        cJSON_AddItemToArray(arr, r);
    }
    return cJSON_GetArrayItem(arr, 0);
}

/* ws_account_subdomain: GET /workers/subdomain -> {subdomain}; 404 code
 * 10007 once deleted. */
void ws_account_subdomain(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *r = record(e, rq->account, false);
    char sub[64];
    snprintf(sub, sizeof sub, "cfemu-%.8s", rq->account);
    if (r && !jstr(r, "subdomain")) {
        env_err(rs, 404, 10007, "workers.api.error.subdomain_not_found");
        return;
    }
    cJSON *out = cJSON_CreateObject();
    jset_str(out, "subdomain", r ? jstr(r, "subdomain") : sub);
    env_ok(rs, 200, out);
}

/* A subdomain label: 1..63 of [a-z0-9-], not starting or ending with '-'. */
static bool valid_label(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n < 1 || n > 63 || s[0] == '-' || s[n - 1] == '-')
        return false;
    for (size_t i = 0; i < n; i++)
        if (!(islower((unsigned char)s[i]) || isdigit((unsigned char)s[i]) || s[i] == '-'))
            return false;
    return true;
}

/* ws_account_subdomain_put: PUT /workers/subdomain {subdomain}. */
void ws_account_subdomain_put(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *sub = jstr(body, "subdomain");
    if (!valid_label(sub)) {
        env_err(rs, 400, 10032,
                "subdomain must be 1 to 63 lowercase letters, digits or '-', not starting "
                "or ending with '-'");
    } else {
        cJSON *r = record(e, rq->account, true);
        jset_str(r, "subdomain", sub);
        env_ok(rs, 200, cJSON_Duplicate(r, 1));
    }
    cJSON_Delete(body);
}

/* ws_account_subdomain_delete: DELETE /workers/subdomain; result null. */
void ws_account_subdomain_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *r = record(e, rq->account, true);
    if (!jstr(r, "subdomain")) {
        env_err(rs, 404, 10007, "workers.api.error.subdomain_not_found");
        return;
    }
    jset_str(r, "subdomain", NULL);
    env_ok(rs, 200, NULL);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = ws_lookup(e, rq->account, rq->segs[4]);
    if (!s)
        env_err(rs, 404, 10007, "workers.api.error.script_not_found");
    return s;
}

/* ws_subdomain_get: GET .../subdomain -> {enabled, previews_enabled}. */
void ws_subdomain_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (s)
        env_ok(rs, 200, cJSON_Duplicate(cJSON_GetObjectItem(s, "subdomain"), 1));
}

/* ws_subdomain_apply: sets a Worker's switch sub {enabled,
 * previews_enabled} from body {enabled?, previews_enabled?}; previews
 * follow enabled when not sent. With sub NULL it only checks body. False,
 * changing nothing, when body is not an object or a sent field is not a
 * boolean. */
bool ws_subdomain_apply(cJSON *sub, const cJSON *body)
{
    cJSON *en = cJSON_GetObjectItem(body, "enabled");
    cJSON *pv = cJSON_GetObjectItem(body, "previews_enabled");
    if (!cJSON_IsObject(body) || (en && !cJSON_IsBool(en)) || (pv && !cJSON_IsBool(pv)))
        return false;
    if (sub && en)
        jset(sub, "enabled", cJSON_Duplicate(en, 1));
    if (sub && (pv || en))
        jset(sub, "previews_enabled", cJSON_Duplicate(pv ? pv : en, 1));
    return true;
}

/* ws_subdomain_post: POST .../subdomain {enabled, previews_enabled?};
 * previews follow enabled when not sent. */
void ws_subdomain_post(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    cJSON *body = s ? req_json(rq) : NULL;
    cJSON *sub = cJSON_GetObjectItem(s, "subdomain");
    if (!s)
        return;
    if (!cJSON_IsBool(cJSON_GetObjectItem(body, "enabled")) || !ws_subdomain_apply(sub, body))
        env_err(rs, 400, 10021,
                "the body must be {\"enabled\": bool, \"previews_enabled\"?: bool}");
    else
        env_ok(rs, 200, cJSON_Duplicate(sub, 1));
    cJSON_Delete(body);
}

/* ws_subdomain_delete: DELETE .../subdomain: workers.dev and previews off. */
void ws_subdomain_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s = need(e, rq, rs);
    if (!s)
        return;
    cJSON *sub = cJSON_GetObjectItem(s, "subdomain");
    jset(sub, "enabled", cJSON_CreateFalse());
    jset(sub, "previews_enabled", cJSON_CreateFalse());
    env_ok(rs, 200, cJSON_Duplicate(sub, 1));
}
