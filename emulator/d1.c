/* cfemu: D1 databases (list, create, get by uuid or name, PUT/PATCH
 * read_replication, delete, query, raw). SQL runs in real SQLite, one file
 * per database under --data/d1/, in memory otherwise (see d1_sql.c), after
 * the store lock is released (d1_db.c, d1_guard.c). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

static const char *const hints[] = {"wnam", "enam", "weur", "eeur", "apac", "oc"};

static bool valid_name(const char *s)
{
    if (!s || !*s || strlen(s) > 64 || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
        return false;
    for (; *s; s++)
        if (!(islower((unsigned char)*s) || isdigit((unsigned char)*s) || *s == '-' || *s == '_'))
            return false;
    return true;
}

/* d1_lookup: the database record with this uuid or name (borrowed), or NULL. */
cJSON *d1_lookup(struct emu *e, const char *account, const char *id_or_name)
{
    cJSON *all = store_list(e, account, "d1");
    cJSON *db = store_find(all, "uuid", id_or_name);
    return db ? db : store_find(all, "name", id_or_name);
}

/* The details of a database. num_tables and file_size are those measured
 * when it was opened or after its last query: reading them does not wait
 * for a query that is running. */
static cJSON *details(struct emu *e, const cJSON *db)
{
    cJSON *r = cJSON_Duplicate(db, 1);
    cJSON_DeleteItemFromObject(r, "primary_location_hint");
    struct emu_db *d = d1_acquire(e, jstr(db, "uuid"));
    cJSON_AddNumberToObject(r, "num_tables", d ? d->num_tables : 0);
    cJSON_AddNumberToObject(r, "file_size", d ? d->file_size : 0);
    if (d)
        d1_release(d);
    return r;
}

/* d1_list: GET /d1/database with page, per_page and an exact name filter. */
void d1_list(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *name = req_query(rq, "name");
    cJSON *all = cJSON_CreateArray(), *db;
    cJSON_ArrayForEach(db, store_list(e, rq->account, "d1"))
    {
        if (name && *name && strcmp(jstr(db, "name"), name) != 0)
            continue;
        cJSON *item = cJSON_CreateObject();
        const char *keys[] = {"uuid", "name", "created_at", "version", "jurisdiction"};
        for (size_t i = 0; i < 5; i++)
            cJSON_AddItemToObject(item, keys[i],
                                  cJSON_Duplicate(cJSON_GetObjectItem(db, keys[i]), 1));
        cJSON_AddItemToArray(all, item);
    }
    env_paged(rs, rq, all, 1000, 10000);
    cJSON_Delete(all);
}

static bool in_list(const char *v, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v && strcmp(v, list[i]) == 0)
            return true;
    return false;
}

static int check_create(struct emu *e, struct req *rq, struct resp *rs, cJSON *body)
{
    const char *name = jstr(body, "name");
    const char *hint = jstr(body, "primary_location_hint");
    const char *jur = jstr(body, "jurisdiction");
    static const char *const jurs[] = {"eu", "fedramp"};
    if (!name)
        env_err(rs, 400, 7400, "The request is malformed: name is required");
    else if (!valid_name(name))
        env_err(rs, 400, 7400,
                "The request is malformed: invalid database name '%s' "
                "(lowercase letters, digits, '-' and '_'; must start with a letter or digit)",
                name);
    else if (cJSON_GetObjectItem(body, "primary_location_hint") && !in_list(hint, hints, 6))
        env_err(rs, 400, 7400,
                "The request is malformed: primary_location_hint must be one of "
                "wnam, enam, weur, eeur, apac, oc");
    else if (cJSON_GetObjectItem(body, "jurisdiction") && !in_list(jur, jurs, 2))
        env_err(rs, 400, 7400, "The request is malformed: jurisdiction must be eu or fedramp");
    else if (d1_lookup(e, rq->account, name))
        env_err(rs, 409, 7502, "A database with that name already exists");
    else
        return 0;
    return -1;
}

static const char *mode_of(struct resp *rs, cJSON *body, bool required)
{
    cJSON *rr = cJSON_GetObjectItem(body, "read_replication");
    const char *mode = jstr(rr, "mode");
    if (!rr && !required)
        return "";
    if (!mode || (strcmp(mode, "auto") != 0 && strcmp(mode, "disabled") != 0)) {
        env_err(rs, 400, 7400,
                "The request is malformed: read_replication.mode must be "
                "\"auto\" or \"disabled\"");
        return NULL;
    }
    return mode;
}

/* d1_create: POST /d1/database {name, primary_location_hint?, jurisdiction?,
 * read_replication?}. */
void d1_create(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *body = req_json(rq);
    const char *mode = body ? mode_of(rs, body, false) : NULL;
    if (!body)
        env_err(rs, 400, 7400, "The request is malformed: body must be a JSON object");
    if (!mode || check_create(e, rq, rs, body) != 0) {
        cJSON_Delete(body);
        return;
    }
    char uuid[37], now[40];
    store_new_uuid(e, uuid);
    store_now(now);
    const char *hint = jstr(body, "primary_location_hint");
    char region[8] = "WNAM";
    for (size_t i = 0; hint && i < strlen(hint) && i < 7; i++)
        region[i] = (char)toupper((unsigned char)hint[i]), region[i + 1] = 0;
    cJSON *db = cJSON_CreateObject();
    jset_str(db, "uuid", uuid);
    jset_str(db, "name", jstr(body, "name"));
    jset_str(db, "created_at", now);
    jset_str(db, "version", "production");
    jset_str(db, "jurisdiction", jstr(body, "jurisdiction"));
    cJSON_AddStringToObject(cJSON_AddObjectToObject(db, "read_replication"), "mode",
                            *mode ? mode : "disabled");
    jset_str(db, "created_in_region", region);
    jset_str(db, "running_in_region", region);
    if (hint)
        jset_str(db, "primary_location_hint", hint);
    cJSON_AddItemToArray(store_list(e, rq->account, "d1"), db);
    cJSON_Delete(body);
    env_ok(rs, 200, details(e, db));
}

static cJSON *need(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = d1_lookup(e, rq->account, rq->segs[4]);
    if (!db)
        env_err(rs, 404, 7404, "The database %s could not be found", rq->segs[4]);
    return db;
}

/* d1_get: GET /d1/database/{uuid or name}. */
void d1_get(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need(e, rq, rs);
    if (db)
        env_ok(rs, 200, details(e, db));
}

/* d1_update: PUT (mode required) or PATCH /d1/database/{id}
 * {read_replication:{mode}}. */
void d1_update(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need(e, rq, rs);
    if (!db)
        return;
    cJSON *body = req_json(rq);
    const char *mode = mode_of(rs, body, strcmp(rq->method, "PUT") == 0);
    if (mode && *mode)
        jset_str(cJSON_GetObjectItem(db, "read_replication"), "mode", mode);
    if (mode)
        env_ok(rs, 200, details(e, db));
    cJSON_Delete(body);
}

/* d1_delete: DELETE /d1/database/{id}; removes the SQLite file too. */
void d1_delete(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need(e, rq, rs);
    if (!db)
        return;
    cJSON *all = store_list(e, rq->account, "d1");
    d1_drop(e, jstr(db, "uuid"), true);
    cJSON_DeleteItemFromArray(all, store_index(all, "uuid", jstr(db, "uuid")));
    env_ok(rs, 200, NULL);
}

/* A query or raw call left to run after emu.mu is released. */
struct d1_job {
    struct emu_db *d; /* acquired for the job */
    cJSON *body;
    bool raw;
};

/* Runs a query under its database's own lock only, then gives the handle
 * back with the sizes it now has. */
static void run_job(struct emu *e, struct resp *rs, void *arg)
{
    struct d1_job *j = arg;
    char err[600];
    double tables, size;
    pthread_mutex_lock(&j->d->run);
    cJSON *res = d1_run(j->d, j->body, j->raw, e->o.d1_timeout_ms, err, sizeof err);
    d1_measure(j->d->db, &tables, &size);
    pthread_mutex_unlock(&j->d->run);
    pthread_mutex_lock(&e->mu);
    j->d->num_tables = tables;
    j->d->file_size = size;
    d1_release(j->d);
    pthread_mutex_unlock(&e->mu);
    if (res)
        env_ok(rs, 200, res);
    else
        env_err(rs, 400, 7500, "%s", err);
    cJSON_Delete(j->body);
    free(j);
}

/* A job for body on database db (caller-owned body is taken on success);
 * NULL when the database cannot be opened. */
static struct d1_job *new_job(struct emu *e, const cJSON *db, cJSON *body, bool raw)
{
    struct d1_job *j = calloc(1, sizeof *j);
    if (j && !(j->d = d1_acquire(e, jstr(db, "uuid")))) {
        free(j);
        return NULL;
    }
    if (j) {
        j->body = body;
        j->raw = raw;
    }
    return j;
}

/* Checks a query/raw call and leaves the SQL to run_job. */
static void run(struct emu *e, struct req *rq, struct resp *rs, bool raw)
{
    cJSON *db = need(e, rq, rs);
    if (!db)
        return;
    cJSON *body = req_json(rq);
    struct d1_job *j = NULL;
    if (!body || !(cJSON_IsString(cJSON_GetObjectItem(body, "sql")) ||
                   cJSON_IsArray(cJSON_GetObjectItem(body, "batch"))))
        env_err(rs, 400, 7400, "The request is malformed: a JSON body with \"sql\" is required");
    else if (!(j = new_job(e, db, body, raw)))
        env_err(rs, 500, 7500, "cannot open the database file");
    if (!j) {
        cJSON_Delete(body);
        return;
    }
    rs->job = run_job;
    rs->job_arg = j;
}

/* d1_query: POST /d1/database/{id}/query {sql, params} or {batch:[...]}. */
void d1_query(struct emu *e, struct req *rq, struct resp *rs)
{
    run(e, rq, rs, false);
}

/* d1_raw: POST /d1/database/{id}/raw; rows as arrays plus column names. */
void d1_raw(struct emu *e, struct req *rq, struct resp *rs)
{
    run(e, rq, rs, true);
}
