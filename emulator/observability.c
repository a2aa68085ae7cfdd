/* cfemu: a Worker's observability settings (upload metadata, settings and
 * script-settings): {enabled, head_sampling_rate?, logs?: {enabled,
 * invocation_logs, head_sampling_rate?, destinations?}, traces?, issues?}.
 * Checked and normalised here: head_sampling_rate in [0, 1] and 1 when
 * omitted, as Cloudflare answers. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

static int check_rate(cJSON *obj, const char *where, struct resp *rs)
{
    cJSON *r = cJSON_GetObjectItem(obj, "head_sampling_rate");
    if (!r || cJSON_IsNull(r)) {
        jset(obj, "head_sampling_rate", cJSON_CreateNumber(1));
        return 0;
    }
    if (!cJSON_IsNumber(r) || r->valuedouble < 0 || r->valuedouble > 1) {
        env_err(rs, 400, 10021, "%shead_sampling_rate must be a number between 0 and 1", where);
        return -1;
    }
    return 0;
}

/* Checks an optional {enabled: bool, ...} part (logs, traces, issues). */
static int check_part(cJSON *obs, const char *key, bool need_invocation, struct resp *rs)
{
    cJSON *p = cJSON_GetObjectItem(obs, key);
    char where[48];
    snprintf(where, sizeof where, "observability.%s.", key);
    if (!p || cJSON_IsNull(p))
        return 0;
    if (!cJSON_IsObject(p) || !cJSON_IsBool(cJSON_GetObjectItem(p, "enabled"))) {
        env_err(rs, 400, 10021, "observability.%s must be an object with enabled (a boolean)", key);
        return -1;
    }
    cJSON *inv = cJSON_GetObjectItem(p, "invocation_logs");
    if (need_invocation && inv && !cJSON_IsBool(inv)) {
        env_err(rs, 400, 10021, "observability.logs.invocation_logs must be a boolean");
        return -1;
    }
    if (need_invocation && !inv)
        cJSON_AddBoolToObject(p, "invocation_logs", true);
    return check_rate(p, where, rs);
}

/* ws_check_observability: validates and normalises obs (may be NULL or
 * null: nothing to check). 0, or -1 with Cloudflare's error in rs. */
int ws_check_observability(cJSON *obs, struct resp *rs)
{
    if (!obs || cJSON_IsNull(obs))
        return 0;
    if (!cJSON_IsObject(obs) || !cJSON_IsBool(cJSON_GetObjectItem(obs, "enabled"))) {
        env_err(rs, 400, 10021, "observability must be an object with enabled (a boolean)");
        return -1;
    }
    if (check_rate(obs, "observability.", rs) != 0 || check_part(obs, "logs", true, rs) != 0 ||
        check_part(obs, "traces", false, rs) != 0)
        return -1;
    return check_part(obs, "issues", false, rs) == 0 ? 0 : -1;
}
