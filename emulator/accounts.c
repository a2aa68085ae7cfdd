/* cfemu: bearer-token authentication and the identity endpoints clients
 * call first: /user, /user/tokens/verify, /accounts, /accounts/{id},
 * /accounts/{id}/tokens/verify, /memberships. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

#define EPOCH "2024-01-01T00:00:00.000000Z"

static bool is_verify(struct req *rq)
{
    return rq->n_segs >= 2 && strcmp(rq->segs[rq->n_segs - 1], "verify") == 0;
}

/* acct_auth: checks Authorization: Bearer against --token. Returns 0 and
 * sets rq->token_index, or -1 with Cloudflare's error in rs. */
int acct_auth(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *h = req_header(rq, "Authorization");
    if (!h) {
        if (req_header(rq, "X-Auth-Key") || req_header(rq, "X-Auth-Email"))
            env_err(rs, 403, 9103, "Unknown X-Auth-Key or X-Auth-Email");
        else
            env_err(rs, 400, 9106, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
        return -1;
    }
    if (strncmp(h, "Bearer ", 7) != 0) {
        env_err(rs, 400, 6003, "Invalid request headers");
        return -1;
    }
    const char *tok = h + 7;
    while (*tok == ' ')
        tok++;
    for (int i = 0; i < e->o.n_tokens; i++) {
        if (strcmp(e->o.tokens[i], tok) == 0) {
            rq->token_index = i;
            return 0;
        }
    }
    if (is_verify(rq))
        env_err(rs, 401, 1000, "Invalid API Token");
    else
        env_err(rs, 403, 10000, "Authentication error");
    return -1;
}

static void token_id(struct emu *e, int index, char out[33])
{
    uint64_t a = faults_mix(0x70cee ^ (uint64_t)index);
    uint64_t b = faults_mix(a ^ (uint64_t)e->o.n_tokens);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* acct_verify: GET /user/tokens/verify and /accounts/{id}/tokens/verify. */
void acct_verify(struct emu *e, struct req *rq, struct resp *rs)
{
    char id[33];
    token_id(e, rq->token_index, id);
    cJSON *r = cJSON_CreateObject();
    cJSON_AddStringToObject(r, "id", id);
    cJSON_AddStringToObject(r, "status", "active");
    cJSON_AddStringToObject(r, "not_before", "2024-01-01T00:00:00Z");
    cJSON_AddStringToObject(r, "expires_on", "2099-01-01T00:00:00Z");
    env_ok(rs, 200, r);
}

/* acct_user: GET /user, a fixed local user. */
void acct_user(struct emu *e, struct req *rq, struct resp *rs)
{
    (void)e, (void)rq;
    cJSON *u = cJSON_CreateObject();
    cJSON_AddStringToObject(u, "id", "c0ffee00c0ffee00c0ffee00c0ffee00");
    cJSON_AddStringToObject(u, "email", "cfemu@example.com");
    cJSON_AddStringToObject(u, "first_name", "cfemu");
    cJSON_AddStringToObject(u, "last_name", "local");
    cJSON_AddStringToObject(u, "username", "cfemu");
    cJSON_AddBoolToObject(u, "suspended", false);
    cJSON_AddBoolToObject(u, "two_factor_authentication_enabled", false);
    cJSON_AddItemToObject(u, "organizations", cJSON_CreateArray());
    cJSON_AddStringToObject(u, "created_on", EPOCH);
    cJSON_AddStringToObject(u, "modified_on", EPOCH);
    env_ok(rs, 200, u);
}

static cJSON *account_obj(int i, const char *id)
{
    char name[64];
    snprintf(name, sizeof name, "cfemu account %d", i + 1);
    cJSON *a = cJSON_CreateObject();
    cJSON_AddStringToObject(a, "id", id);
    cJSON_AddStringToObject(a, "name", name);
    cJSON_AddStringToObject(a, "type", "standard");
    cJSON *s = cJSON_AddObjectToObject(a, "settings");
    cJSON_AddBoolToObject(s, "enforce_twofactor", false);
    cJSON_AddBoolToObject(s, "api_access_enabled", true);
    cJSON_AddStringToObject(a, "created_on", EPOCH);
    return a;
}

/* acct_list: GET /accounts, every --account, paginated. */
void acct_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = cJSON_CreateArray();
    for (int i = 0; i < e->o.n_accounts; i++)
        cJSON_AddItemToArray(all, account_obj(i, e->o.accounts[i]));
    env_paged(rs, rq, all, 20, 50);
    cJSON_Delete(all);
}

/* acct_get: GET /accounts/{id}. */
void acct_get(struct emu *e, struct req *rq, struct resp *rs)
{
    for (int i = 0; i < e->o.n_accounts; i++)
        if (strcmp(e->o.accounts[i], rq->account) == 0) {
            env_ok(rs, 200, account_obj(i, rq->account));
            return;
        }
    env_err(rs, 403, 10000, "Authentication error");
}

/* acct_memberships: GET /memberships, one accepted Administrator
 * membership per --account, paginated. */
void acct_memberships(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = cJSON_CreateArray();
    for (int i = 0; i < e->o.n_accounts; i++) {
        cJSON *m = cJSON_CreateObject();
        char id[33];
        snprintf(id, sizeof id, "%.24s%08x", e->o.accounts[i], (unsigned)i);
        cJSON_AddStringToObject(m, "id", id);
        cJSON_AddStringToObject(m, "status", "accepted");
        cJSON_AddItemToObject(m, "account", account_obj(i, e->o.accounts[i]));
        cJSON *roles = cJSON_AddArrayToObject(m, "roles");
        cJSON_AddItemToArray(roles, cJSON_CreateString("Administrator"));
        cJSON_AddItemToObject(m, "permissions", cJSON_CreateObject());
        cJSON_AddItemToArray(all, m);
    }
    env_paged(rs, rq, all, 20, 50);
    cJSON_Delete(all);
}
