/* cfemu: R2 Super Slurper (/slurper): migration jobs from S3, GCS or R2
 * into an R2 bucket, with their life cycle (running, paused, aborted),
 * progress and logs, and the connectivity prechecks. cfemu never contacts
 * another cloud: a job copies nothing and stays running until paused or
 * aborted; a precheck of an R2 bucket says whether it exists, one of S3 or
 * GCS only checks the fields. Secret keys are never stored. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

/* The public part of a source or target (no secret). */
static cJSON *side(const cJSON *from)
{
    cJSON *o = cJSON_Duplicate(from, 1);
    cJSON_DeleteItemFromObject(o, "secret");
    return o;
}

/* Whether a {bucket, vendor, secret} side is reachable from here. */
static bool reachable(struct emu *e, const char *account, const cJSON *s)
{
    const char *vendor = jstr(s, "vendor"), *bucket = jstr(s, "bucket");
    if (!vendor || !bucket || !cJSON_IsObject(cJSON_GetObjectItem(s, "secret")))
        return false;
    if (strcmp(vendor, "r2") == 0)
        return r2_lookup(e, account, bucket, jstr(s, "jurisdiction")) != NULL;
    return strcmp(vendor, "s3") == 0 || strcmp(vendor, "gcs") == 0;
}

/* slurp_precheck: PUT /slurper/{source|target}/connectivity-precheck
 * {bucket, vendor, secret} -> {connectivityStatus}. */
void slurp_precheck(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    if (!cJSON_IsObject(body) || !jstr(body, "bucket") || !jstr(body, "vendor")) {
        env_err(rs, 400, 10021, "bucket, vendor and secret are required");
    } else {
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "connectivityStatus", reachable(e, rq->account, body) ? "success" : "error");
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

static void add_log(cJSON *job, const char *type)
{
    char now[40];
    store_now(now);
    cJSON *l = cJSON_CreateObject();
    jset_str(l, "createdAt", now);
    jset_str(l, "job", jstr(job, "id"));
    jset_str(l, "logType", type);
    cJSON_AddNullToObject(l, "message");
    cJSON_AddNullToObject(l, "objectKey");
    cJSON_AddItemToArray(cJSON_GetObjectItem(job, "logs"), l);
}

/* slurp_create: POST /slurper/jobs {source, target, overwrite?} -> {id}. */
void slurp_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    cJSON *src = cJSON_GetObjectItem(body, "source"), *dst = cJSON_GetObjectItem(body, "target");
    if (!cJSON_IsObject(src) || !cJSON_IsObject(dst)) {
        env_err(rs, 400, 10021, "source and target are required");
    } else if (!reachable(e, rq->account, dst) || strcmp(jstr(dst, "vendor"), "r2") != 0) {
        env_err(rs, 400, 10006, "The target bucket does not exist (target.vendor must be r2).");
    } else if (!reachable(e, rq->account, src)) {
        env_err(rs, 400, 10021, "source needs bucket, vendor (s3, gcs or r2) and secret");
    } else {
        char id[37], now[40];
        store_new_uuid(e, id);
        store_now(now);
        cJSON *job = cJSON_CreateObject();
        jset_str(job, "id", id);
        jset_str(job, "createdAt", now);
        cJSON_AddNullToObject(job, "finishedAt");
        cJSON_AddBoolToObject(job, "overwrite",
                              !cJSON_IsFalse(cJSON_GetObjectItem(body, "overwrite")));
        cJSON_AddItemToObject(job, "source", side(src));
        cJSON_AddItemToObject(job, "target", side(dst));
        jset_str(job, "status", "running");
        cJSON_AddArrayToObject(job, "logs");
        add_log(job, "migrationStart");
        cJSON_AddItemToArray(store_list(e, rq->account, "slurper_jobs"), job);
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "id", id);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

static cJSON *job_view(const cJSON *job)
{
    cJSON *r = cJSON_Duplicate(job, 1);
    cJSON_DeleteItemFromObject(r, "logs");
    return r;
}

/* slurp_list: GET /slurper/jobs?limit&offset. */
void slurp_list(struct emu *e, struct req *rq, struct resp *rs)
{
    int limit = req_int(rq, "limit", 50), offset = req_int(rq, "offset", 0), i = 0;
    cJSON *out = cJSON_CreateArray(), *j;
    cJSON_ArrayForEach(j, store_list(e, rq->account, "slurper_jobs"))
    {
        if (i >= offset && cJSON_GetArraySize(out) < limit)
            cJSON_AddItemToArray(out, job_view(j));
        i++;
    }
    env_list(rs, out, NULL);
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *j = store_find(store_list(e, rq->account, "slurper_jobs"), "id", rq->segs[4]);
    if (!j)
        env_err(rs, 404, 10014, "Job not found");
    return j;
}

/* slurp_get: GET /slurper/jobs/{id}. */
void slurp_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *j = need(e, rq, rs);
    if (j)
        env_ok(rs, 200, job_view(j));
}

/* slurp_progress: GET /slurper/jobs/{id}/progress. */
void slurp_progress(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *j = need(e, rq, rs);
    if (!j)
        return;
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(j, "id"));
    jset_str(r, "createdAt", jstr(j, "createdAt"));
    jset_str(r, "status", jstr(j, "status"));
    cJSON_AddNumberToObject(r, "objects", 0);
    cJSON_AddNumberToObject(r, "transferredObjects", 0);
    cJSON_AddNumberToObject(r, "failedObjects", 0);
    cJSON_AddNumberToObject(r, "skippedObjects", 0);
    env_ok(rs, 200, r);
}

/* Moves a job to status to (from one of the allowed states); the answer
 * is a message string, as Cloudflare's. */
static void transition(struct emu *e, struct req *rq, struct resp *rs, const char *to,
                       const char *from_a, const char *from_b, const char *log)
{
    cJSON *j = need(e, rq, rs);
    if (!j)
        return;
    const char *st = jstr(j, "status");
    if (strcmp(st, from_a) != 0 && strcmp(st, from_b) != 0) {
        env_err(rs, 400, 10015, "Job is %s; it cannot become %s", st, to);
        return;
    }
    jset_str(j, "status", to);
    if (strcmp(to, "aborted") == 0) {
        char now[40];
        store_now(now);
        jset_str(j, "finishedAt", now);
    }
    add_log(j, log);
    env_ok(rs, 200, cJSON_CreateString(to));
}

/* slurp_pause / slurp_resume / slurp_abort: PUT /slurper/jobs/{id}/{op}. */
void slurp_pause(struct emu *e, struct req *rq, struct resp *rs)
{
    transition(e, rq, rs, "paused", "running", "running", "migrationPause");
}

void slurp_resume(struct emu *e, struct req *rq, struct resp *rs)
{
    transition(e, rq, rs, "running", "paused", "paused", "migrationResume");
}

void slurp_abort(struct emu *e, struct req *rq, struct resp *rs)
{
    transition(e, rq, rs, "aborted", "running", "paused", "migrationAbort");
}

/* slurp_abort_all: PUT /slurper/jobs/abortAll: every running or paused job. */
void slurp_abort_all(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *j;
    char now[40];
    store_now(now);
    cJSON_ArrayForEach(j, store_list(e, rq->account, "slurper_jobs"))
    {
        const char *st = jstr(j, "status");
        if (strcmp(st, "running") == 0 || strcmp(st, "paused") == 0) {
            jset_str(j, "status", "aborted");
            jset_str(j, "finishedAt", now);
            add_log(j, "migrationAbort");
        }
    }
    env_ok(rs, 200, cJSON_CreateString("aborted"));
}

/* slurp_logs: GET /slurper/jobs/{id}/logs?limit&offset. */
void slurp_logs(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *j = need(e, rq, rs);
    if (j)
        env_list(rs, cJSON_Duplicate(cJSON_GetObjectItem(j, "logs"), 1), NULL);
}
