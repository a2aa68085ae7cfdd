/* Worker read-back for refresh: GET settings, then GET schedules when the
 * state tracks crons. Only attributes the state already has are replaced. */
#include "runtime/worker_read.h"

#include <string.h>

#include "runtime/worker_meta.h"

/* worker_read_start: see worker_read.h. */
enum prov_result worker_read_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    op->stage = ST_READ_SETTINGS;
    return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/settings", prov_name(op));
}

static void read_settings(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *res)
{
    const cJSON *date = cJSON_GetObjectItemCaseSensitive(res, "compatibility_date");
    const cJSON *flags = cJSON_GetObjectItemCaseSensitive(res, "compatibility_flags");
    const cJSON *binds = cJSON_GetObjectItemCaseSensitive(res, "bindings");
    if (cJSON_IsString(date))
        prov_refresh_attr(op->entry, "compatibility_date", cJSON_Duplicate(date, 1));
    if (cJSON_IsArray(flags))
        prov_refresh_attr(op->entry, "compatibility_flags", cJSON_Duplicate(flags, 1));
    if (cJSON_IsArray(binds))
        prov_refresh_attr(op->entry, "bindings", worker_meta_bindings(ctx, op->entry, binds));
}

static cJSON *crons_of(const cJSON *res)
{
    cJSON *out = cJSON_CreateArray();
    const cJSON *list = cJSON_GetObjectItemCaseSensitive(res, "schedules");
    const cJSON *it;
    if (!list)
        list = res;
    cJSON_ArrayForEach(it, list)
    {
        const char *cron = state_str(it, "cron");
        if (cron)
            cJSON_AddItemToArray(out, cJSON_CreateString(cron));
    }
    return out;
}

/* worker_read_step: see worker_read.h. */
enum prov_result worker_read_step(const struct prov_ctx *ctx, struct prov_op *op,
                                  const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (op->stage == ST_READ_SETTINGS && prov_is_404(c)) {
        op->is_gone = true;
        return PROV_DONE;
    }
    if (prov_result_of(op, c, &doc, &res) != 0)
        return PROV_FAIL;
    if (op->stage == ST_READ_SETTINGS) {
        read_settings(ctx, op, res);
        cJSON_Delete(doc);
        if (cJSON_GetArraySize(prov_attr(op->entry, "crons")) == 0)
            return PROV_DONE;
        op->stage = ST_READ_SCHED;
        return prov_request(ctx, op, "GET", NULL, "/workers/scripts/%s/schedules",
                            prov_name(op));
    }
    prov_refresh_attr(op->entry, "crons", crons_of(res));
    cJSON_Delete(doc);
    return PROV_DONE;
}
