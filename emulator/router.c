/* cfemu: the route table and dispatch: cfemu-only endpoints (/__cfemu/...),
 * then route match (7003 when none), authentication, rate limit, account
 * check, and the product handler. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "emulator/emu.h"

struct route {
    const char *method;
    const char *pattern; /* segments below /client/v4; '*' matches one */
    emu_handler fn;
};

#define SCRIPT "accounts/*/workers/scripts/*"
static const struct route routes[] = {
    {"GET", "user", acct_user},
    {"GET", "user/tokens/verify", acct_verify},
    {"GET", "accounts", acct_list},
    {"GET", "memberships", acct_memberships},
    {"GET", "accounts/*", acct_get},
    {"GET", "accounts/*/tokens/verify", acct_verify},
    {"GET", "accounts/*/d1/database", d1_list},
    {"POST", "accounts/*/d1/database", d1_create},
    {"GET", "accounts/*/d1/database/*", d1_get},
    {"PUT", "accounts/*/d1/database/*", d1_update},
    {"PATCH", "accounts/*/d1/database/*", d1_update},
    {"DELETE", "accounts/*/d1/database/*", d1_delete},
    {"POST", "accounts/*/d1/database/*/query", d1_query},
    {"POST", "accounts/*/d1/database/*/raw", d1_raw},
    {"POST", "accounts/*/d1/database/*/export", d1_export},
    {"POST", "accounts/*/d1/database/*/import", d1_import},
    {"GET", "accounts/*/d1/database/*/time_travel/bookmark", d1_tt_bookmark},
    {"POST", "accounts/*/d1/database/*/time_travel/restore", d1_tt_restore},
    {"GET", "accounts/*/r2/buckets", r2_list},
    {"POST", "accounts/*/r2/buckets", r2_create},
    {"GET", "accounts/*/r2/buckets/*", r2_get},
    {"PATCH", "accounts/*/r2/buckets/*", r2_patch},
    {"DELETE", "accounts/*/r2/buckets/*", r2_delete},
#define BUCKET "accounts/*/r2/buckets/*"
    {"GET", BUCKET "/lifecycle", r2c_rules_get},
    {"PUT", BUCKET "/lifecycle", r2c_rules_put},
    {"GET", BUCKET "/cors", r2c_rules_get},
    {"PUT", BUCKET "/cors", r2c_rules_put},
    {"DELETE", BUCKET "/cors", r2c_cors_delete},
    {"GET", BUCKET "/lock", r2c_rules_get},
    {"PUT", BUCKET "/lock", r2c_rules_put},
    {"GET", BUCKET "/sippy", r2c_sippy_get},
    {"PUT", BUCKET "/sippy", r2c_sippy_put},
    {"DELETE", BUCKET "/sippy", r2c_sippy_delete},
    {"GET", BUCKET "/objects", r2o_list},
    {"GET", BUCKET "/objects/**", r2o_get},
    {"PUT", BUCKET "/objects/**", r2o_upload},
    {"DELETE", BUCKET "/objects/**", r2o_delete},
    {"GET", "accounts/*/r2/metrics", r2c_metrics},
    {"POST", "accounts/*/r2/temp-access-credentials", r2c_temp_credentials},
    {"PUT", "accounts/*/slurper/source/connectivity-precheck", slurp_precheck},
    {"PUT", "accounts/*/slurper/target/connectivity-precheck", slurp_precheck},
    {"POST", "accounts/*/slurper/jobs", slurp_create},
    {"GET", "accounts/*/slurper/jobs", slurp_list},
    {"PUT", "accounts/*/slurper/jobs/abortAll", slurp_abort_all},
    {"GET", "accounts/*/slurper/jobs/*", slurp_get},
    {"GET", "accounts/*/slurper/jobs/*/progress", slurp_progress},
    {"GET", "accounts/*/slurper/jobs/*/logs", slurp_logs},
    {"PUT", "accounts/*/slurper/jobs/*/pause", slurp_pause},
    {"PUT", "accounts/*/slurper/jobs/*/resume", slurp_resume},
    {"PUT", "accounts/*/slurper/jobs/*/abort", slurp_abort},
    {"GET", BUCKET "/domains/managed", r2d_managed_get},
    {"PUT", BUCKET "/domains/managed", r2d_managed_put},
    {"GET", BUCKET "/domains/custom", r2d_custom_list},
    {"POST", BUCKET "/domains/custom", r2d_custom_create},
    {"GET", BUCKET "/domains/custom/*", r2d_custom_get},
    {"PUT", BUCKET "/domains/custom/*", r2d_custom_update},
    {"DELETE", BUCKET "/domains/custom/*", r2d_custom_delete},
#define R2N "accounts/*/event_notifications/r2/*/configuration"
    {"GET", R2N, r2n_list},
    {"GET", R2N "/queues/*", r2n_get},
    {"PUT", R2N "/queues/*", r2n_put},
    {"DELETE", R2N "/queues/*", r2n_delete},
    {"GET", "accounts/*/vectorize/v2/indexes", vec_list},
    {"POST", "accounts/*/vectorize/v2/indexes", vec_create},
    {"GET", "accounts/*/vectorize/v2/indexes/*", vec_get},
    {"DELETE", "accounts/*/vectorize/v2/indexes/*", vec_delete},
#define VEC "accounts/*/vectorize/v2/indexes/*"
    {"POST", VEC "/metadata_index/create", vec_meta_create},
    {"GET", VEC "/metadata_index/list", vec_meta_list},
    {"POST", VEC "/metadata_index/delete", vec_meta_delete},
    {"GET", VEC "/info", vec_info},
    {"POST", VEC "/insert", vec_insert},
    {"POST", VEC "/upsert", vec_upsert},
    {"POST", VEC "/query", vec_query},
    {"POST", VEC "/get_by_ids", vec_get_by_ids},
    {"POST", VEC "/delete_by_ids", vec_delete_by_ids},
    {"GET", VEC "/list", vec_list_vectors},
    {"GET", "accounts/*/queues", q_list},
    {"POST", "accounts/*/queues", q_create},
    {"GET", "accounts/*/queues/*", q_get},
    {"PUT", "accounts/*/queues/*", q_put},
    {"PATCH", "accounts/*/queues/*", q_patch},
    {"DELETE", "accounts/*/queues/*", q_delete},
    {"POST", "accounts/*/queues/*/messages", qm_push},
    {"POST", "accounts/*/queues/*/messages/batch", qm_batch},
    {"POST", "accounts/*/queues/*/messages/peek", qm_peek},
    {"POST", "accounts/*/queues/*/messages/pull", qm_pull},
    {"POST", "accounts/*/queues/*/messages/ack", qm_ack},
    {"POST", "accounts/*/queues/*/messages/purge", qm_purge_refs},
    {"POST", "accounts/*/queues/*/purge", qm_purge_start},
    {"GET", "accounts/*/queues/*/purge", qm_purge_status},
    {"GET", "accounts/*/queues/*/metrics", qm_metrics},
    {"GET", "accounts/*/event_subscriptions/subscriptions", sub_list},
    {"POST", "accounts/*/event_subscriptions/subscriptions", sub_create},
    {"GET", "accounts/*/event_subscriptions/subscriptions/*", sub_get},
    {"PATCH", "accounts/*/event_subscriptions/subscriptions/*", sub_patch},
    {"DELETE", "accounts/*/event_subscriptions/subscriptions/*", sub_delete},
    {"GET", "accounts/*/queues/*/consumers", qc_list},
    {"POST", "accounts/*/queues/*/consumers", qc_create},
    {"GET", "accounts/*/queues/*/consumers/*", qc_get},
    {"PUT", "accounts/*/queues/*/consumers/*", qc_put},
    {"DELETE", "accounts/*/queues/*/consumers/*", qc_delete},
#define KV "accounts/*/storage/kv/namespaces"
    {"GET", KV, kv_list},
    {"POST", KV, kv_create},
    {"GET", KV "/*", kv_get},
    {"PUT", KV "/*", kv_rename},
    {"DELETE", KV "/*", kv_delete},
    {"GET", KV "/*/keys", kv_keys},
    {"PUT", KV "/*/bulk", kv_bulk_put},
    {"DELETE", KV "/*/bulk", kv_bulk_delete},
    {"POST", KV "/*/bulk/delete", kv_bulk_delete},
    {"POST", KV "/*/bulk/get", kv_bulk_get},
    {"GET", KV "/*/values/**", kv_value_get},
    {"PUT", KV "/*/values/**", kv_value_put},
    {"DELETE", KV "/*/values/**", kv_value_delete},
    {"GET", KV "/*/metadata/**", kv_metadata_get},
    {"GET", "zones", zone_list},
    {"POST", "zones", zone_create},
    {"GET", "zones/*", zone_get},
    {"DELETE", "zones/*", zone_delete},
    {"GET", "zones/*/workers/routes", zr_list},
    {"POST", "zones/*/workers/routes", zr_create},
    {"GET", "zones/*/workers/routes/*", zr_get},
    {"PUT", "zones/*/workers/routes/*", zr_update},
    {"DELETE", "zones/*/workers/routes/*", zr_delete},
    {"GET", "accounts/*/workers/domains/records", wd_list},
    {"GET", "accounts/*/workers/domains/records/*", wd_get},
    {"DELETE", "accounts/*/workers/domains/records/*", wd_delete},
    {"GET", "accounts/*/workers/domains", wd_list},
    {"PUT", "accounts/*/workers/domains", wd_put},
    {"GET", "accounts/*/workers/domains/*", wd_get},
    {"DELETE", "accounts/*/workers/domains/*", wd_delete},
    {"GET", "accounts/*/workers/workers", wb_list},
    {"POST", "accounts/*/workers/workers", wb_create},
    {"GET", "accounts/*/workers/workers/*", wb_get},
    {"DELETE", "accounts/*/workers/workers/*", wb_delete},
    {"GET", "accounts/*/workers/scripts", ws_list},
    {"GET", "accounts/*/workers/scripts-search", ws_scripts_search},
    {"GET", "accounts/*/workers/durable_objects/namespaces", do_ns_list},
    {"GET", "accounts/*/workers/durable_objects/namespaces/*/objects", do_objects_list},
    {"GET", "accounts/*/workers/subdomain", ws_account_subdomain},
    {"PUT", "accounts/*/workers/subdomain", ws_account_subdomain_put},
    {"DELETE", "accounts/*/workers/subdomain", ws_account_subdomain_delete},
    {"GET", "accounts/*/workers/services/*", ws_service_get},
    {"DELETE", "accounts/*/workers/services/*", ws_service_delete},
    {"PUT", SCRIPT, ws_upload},
    {"GET", SCRIPT, ws_download},
    {"DELETE", SCRIPT, ws_delete},
    {"GET", SCRIPT "/settings", ws_settings_get},
    {"PATCH", SCRIPT "/settings", ws_settings_patch},
    {"GET", SCRIPT "/script-settings", ws_script_settings_get},
    {"PATCH", SCRIPT "/script-settings", ws_script_settings_patch},
    {"PUT", SCRIPT "/content", ws_content_put},
    {"GET", SCRIPT "/content/v2", ws_content_get},
    {"GET", SCRIPT "/secrets", ws_secrets_list},
    {"PUT", SCRIPT "/secrets", ws_secret_put},
    {"PATCH", SCRIPT "/secrets", ws_secrets_patch},
    {"PATCH", SCRIPT "/secrets-bulk", ws_secrets_bulk},
    {"GET", SCRIPT "/secrets/*", ws_secret_get},
    {"DELETE", SCRIPT "/secrets/*", ws_secret_delete},
    {"GET", SCRIPT "/schedules", ws_schedules_get},
    {"PUT", SCRIPT "/schedules", ws_schedules_put},
    {"GET", SCRIPT "/deployments", ws_deployments_get},
    {"POST", SCRIPT "/deployments", ws_deployments_post},
    {"GET", SCRIPT "/deployments/*", ws_deployment_get},
    {"DELETE", SCRIPT "/deployments/*", ws_deployment_delete},
    {"POST", SCRIPT "/tails", ws_tail_create},
    {"GET", SCRIPT "/tails", ws_tail_get},
    {"DELETE", SCRIPT "/tails/*", ws_tail_delete},
    {"POST", SCRIPT "/assets-upload-session", ws_assets_session},
    {"GET", SCRIPT "/versions", ws_versions_list},
    {"POST", SCRIPT "/versions", ws_versions_post},
    {"GET", SCRIPT "/versions/*", ws_version_get},
    {"GET", SCRIPT "/subdomain", ws_subdomain_get},
    {"POST", SCRIPT "/subdomain", ws_subdomain_post},
    {"DELETE", SCRIPT "/subdomain", ws_subdomain_delete},
    {"GET", SCRIPT "/queue-consumers", ws_queue_consumers},
    {"GET", SCRIPT "/routes", ws_routes_get},
    {"PUT", SCRIPT "/routes", ws_routes_put},
    {"POST", SCRIPT "/domains/changeset", ws_domains_changeset},
    {"PUT", SCRIPT "/domains/records", ws_domains_records_put},
};

static bool match(const char *pattern, struct req *rq)
{
    int i = 0;
    const char *p = pattern;
    while (*p) {
        const char *slash = strchr(p, '/');
        size_t n = slash ? (size_t)(slash - p) : strlen(p);
        if (i >= rq->n_segs)
            return false;
        if (n == 2 && strncmp(p, "**", 2) == 0) /* the rest: one or more segments */
            return true;
        if (!(n == 1 && *p == '*') && (strlen(rq->segs[i]) != n || strncmp(rq->segs[i], p, n) != 0))
            return false;
        i++;
        p += n + (slash ? 1 : 0);
    }
    return i == rq->n_segs;
}

static void internal(struct emu *e, struct req *rq, struct resp *rs)
{
    if (strcmp(rq->method, "GET") == 0 && strcmp(rq->url, "/__cfemu/inventory") == 0) {
        env_ok(rs, 200, store_inventory(e));
    } else if (strncmp(rq->url, "/__cfemu/d1/", 12) == 0) {
        d1_signed(e, rq, rs); /* D1 export and import URLs */
    } else if (strcmp(rq->method, "POST") == 0 && strcmp(rq->url, "/__cfemu/reset") == 0) {
        store_reset(e);
        env_ok(rs, 200, NULL);
    } else {
        env_err(rs, 404, 7003, "No route for the URI");
    }
}

static const struct route *find(struct req *rq, bool *path_known)
{
    const char *m = strcmp(rq->method, "HEAD") == 0 ? "GET" : rq->method;
    *path_known = false;
    for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
        if (!match(routes[i].pattern, rq))
            continue;
        *path_known = true;
        if (strcmp(routes[i].method, m) == 0)
            return &routes[i];
    }
    return NULL;
}

/* Whether a JSON body holds a NUL in a string, which Cloudflare refuses
 * (and cJSON would silently cut short). Multipart uploads may carry any
 * bytes in their modules; their JSON parts go through json_parse. */
static bool nul_in_json(struct req *rq)
{
    const char *ct = req_header(rq, "Content-Type");
    if (!rq->body || (ct && strncasecmp(ct, "multipart/", 10) == 0))
        return false;
    return json_has_nul(rq->body, rq->body_len);
}

/* router_dispatch: answers one request into rs (call with e->mu held).
 * Sets rs->mutated when a state-changing call succeeded. */
void router_dispatch(struct emu *e, struct req *rq, struct resp *rs)
{
    bool known = false;
    if (strncmp(rq->url, "/__cfemu/", 9) == 0) {
        internal(e, rq, rs);
        return;
    }
    const struct route *r = strncmp(rq->url, "/client/v4", 10) == 0 ? find(rq, &known) : NULL;
    if (!r) {
        if (known)
            env_err(rs, 405, 10000, "Method %s not allowed for this endpoint", rq->method);
        else
            env_err(rs, 404, 7003, "No route for the URI");
        return;
    }
    if (acct_auth(e, rq, rs) != 0 || faults_rate_limit(e, rq, rs) != 0)
        return;
    if (rq->account && !store_is_account(e, rq->account)) {
        env_err(rs, 403, 10000, "Authentication error");
        return;
    }
    if (nul_in_json(rq)) {
        env_err(rs, 400, 6007,
                "Malformed JSON in request body: a string contains "
                "a NUL character (\\u0000)");
        return;
    }
    r->fn(e, rq, rs);
    rs->mutated = strcmp(rq->method, "GET") != 0 && rs->status < 300;
}
