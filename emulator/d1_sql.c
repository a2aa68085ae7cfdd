/* cfemu: runs D1 query/raw bodies in SQLite. A body is {sql, params} or
 * {batch: [{sql, params}, ...]}; every statement gives one result entry
 * {results, success, meta}. The whole call is atomic (a savepoint) and
 * guarded: D1's refusals and its time limit (d1_guard.c). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "emulator/emu.h"

#define MAX_SQL_BYTES (100 * 1024) /* D1 limits (d1/platform/limits.mdx) */
#define MAX_PARAMS    100

/* The name of a primary result code, as D1 ends its messages with it. */
static const char *code_name(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_AUTH:
        return "SQLITE_AUTH";
    case SQLITE_CONSTRAINT:
        return "SQLITE_CONSTRAINT";
    case SQLITE_INTERRUPT:
        return "SQLITE_INTERRUPT";
    case SQLITE_TOOBIG:
        return "SQLITE_TOOBIG";
    case SQLITE_RANGE:
        return "SQLITE_RANGE";
    case SQLITE_MISMATCH:
        return "SQLITE_MISMATCH";
    case SQLITE_NOMEM:
        return "SQLITE_NOMEM";
    case SQLITE_FULL:
        return "SQLITE_FULL";
    default:
        return "SQLITE_ERROR";
    }
}

/* A D1-style message for a failed prepare or step: "<message>: SQLITE_...",
 * or D1's timeout error when the guard interrupted the query. */
static void sql_error(struct emu_db *d, int rc, int timeout_ms, char *err, size_t errlen)
{
    if ((rc & 0xff) == SQLITE_INTERRUPT && d->guard.timed_out)
        snprintf(err, errlen,
                 "D1 DB storage operation exceeded timeout which caused object "
                 "to be reset. (cfemu: the query ran longer than %d ms): SQLITE_INTERRUPT",
                 timeout_ms);
    else if ((rc & 0xff) == SQLITE_INTERRUPT && d1_guard_stopping(&d->guard))
        snprintf(err, errlen, "cfemu is shutting down: SQLITE_INTERRUPT");
    else
        snprintf(err, errlen, "%s: %s", sqlite3_errmsg(d->db), code_name(rc));
}

static cJSON *column_value(sqlite3_stmt *st, int i)
{
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        return cJSON_CreateNumber((double)sqlite3_column_int64(st, i));
    case SQLITE_FLOAT:
        return cJSON_CreateNumber(sqlite3_column_double(st, i));
    case SQLITE_TEXT:
        return cJSON_CreateString((const char *)sqlite3_column_text(st, i));
    case SQLITE_BLOB: {
        const unsigned char *b = sqlite3_column_blob(st, i);
        cJSON *arr = cJSON_CreateArray();
        for (int k = 0; k < sqlite3_column_bytes(st, i); k++)
            cJSON_AddItemToArray(arr, cJSON_CreateNumber(b[k]));
        return arr;
    }
    default:
        return cJSON_CreateNull();
    }
}

static int bind_params(sqlite3_stmt *st, const cJSON *params, char *err, size_t errlen)
{
    int want = sqlite3_bind_parameter_count(st);
    int have = cJSON_GetArraySize(params);
    if (want > have) {
        snprintf(err, errlen,
                 "Wrong number of parameter bindings for SQL query: "
                 "expected %d, got %d: SQLITE_RANGE",
                 want, have);
        return -1;
    }
    for (int i = 0; i < want; i++) {
        const cJSON *p = cJSON_GetArrayItem(params, i);
        if (cJSON_IsString(p))
            sqlite3_bind_text(st, i + 1, p->valuestring, -1, SQLITE_TRANSIENT);
        else if (cJSON_IsBool(p))
            sqlite3_bind_int(st, i + 1, cJSON_IsTrue(p));
        else if (cJSON_IsNumber(p) && p->valuedouble == (double)(long long)p->valuedouble)
            sqlite3_bind_int64(st, i + 1, (long long)p->valuedouble);
        else if (cJSON_IsNumber(p))
            sqlite3_bind_double(st, i + 1, p->valuedouble);
        else
            sqlite3_bind_null(st, i + 1);
    }
    return 0;
}

static double ms_since(const struct timespec *t0)
{
    struct timespec t1;
    clock_gettime(CLOCK_MONOTONIC, &t1);
    return (t1.tv_sec - t0->tv_sec) * 1e3 + (t1.tv_nsec - t0->tv_nsec) / 1e6;
}

static cJSON *meta(sqlite3 *db, sqlite3_stmt *st, int rows, const struct timespec *t0)
{
    int changes = sqlite3_stmt_readonly(st) ? 0 : sqlite3_changes(db);
    cJSON *m = cJSON_CreateObject();
    cJSON_AddBoolToObject(m, "changed_db", !sqlite3_stmt_readonly(st));
    cJSON_AddNumberToObject(m, "changes", changes);
    cJSON_AddNumberToObject(m, "duration", ms_since(t0));
    cJSON_AddNumberToObject(m, "last_row_id", (double)sqlite3_last_insert_rowid(db));
    cJSON_AddNumberToObject(m, "rows_read", rows);
    cJSON_AddNumberToObject(m, "rows_written", changes);
    sqlite3_stmt *ps;
    double size = 0;
    if (sqlite3_prepare_v2(db, "PRAGMA page_count", -1, &ps, NULL) == SQLITE_OK) {
        if (sqlite3_step(ps) == SQLITE_ROW)
            size = sqlite3_column_double(ps, 0) * 4096;
        sqlite3_finalize(ps);
    }
    cJSON_AddNumberToObject(m, "size_after", size);
    return m;
}

static cJSON *columns_of(sqlite3_stmt *st)
{
    cJSON *cols = cJSON_CreateArray();
    for (int i = 0; i < sqlite3_column_count(st); i++)
        cJSON_AddItemToArray(cols, cJSON_CreateString(sqlite3_column_name(st, i)));
    return cols;
}

/* One client call being run: its database and where its error goes. */
struct call {
    struct emu_db *d;
    bool raw;
    int timeout_ms;
    char *err;
    size_t errlen;
};

/* Steps one prepared statement; returns its result entry or NULL (err set). */
static cJSON *step_all(struct call *c, sqlite3_stmt *st)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cJSON *rows = cJSON_CreateArray();
    bool raw = c->raw;
    int rc, n = 0;
    c->d->guard.active = true;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *row = raw ? cJSON_CreateArray() : cJSON_CreateObject();
        for (int i = 0; i < sqlite3_column_count(st); i++) {
            if (raw)
                cJSON_AddItemToArray(row, column_value(st, i));
            else
                cJSON_AddItemToObject(row, sqlite3_column_name(st, i), column_value(st, i));
        }
        cJSON_AddItemToArray(rows, row);
        n++;
    }
    c->d->guard.active = false;
    if (rc != SQLITE_DONE) {
        sql_error(c->d, rc, c->timeout_ms, c->err, c->errlen);
        cJSON_Delete(rows);
        return NULL;
    }
    cJSON *r = cJSON_CreateObject();
    if (raw) {
        cJSON *res = cJSON_AddObjectToObject(r, "results");
        cJSON_AddItemToObject(res, "columns", columns_of(st));
        cJSON_AddItemToObject(res, "rows", rows);
    } else {
        cJSON_AddItemToObject(r, "results", rows);
    }
    cJSON_AddBoolToObject(r, "success", true);
    cJSON_AddItemToObject(r, "meta", meta(c->d->db, st, n, &t0));
    return r;
}

/* Prepares the next statement of sql as the client's (guard active). */
static int prepare(struct call *c, const char *sql, sqlite3_stmt **st, const char **tail)
{
    c->d->guard.active = true;
    int rc = sqlite3_prepare_v2(c->d->db, sql, -1, st, tail);
    c->d->guard.active = false;
    if (rc != SQLITE_OK)
        sql_error(c->d, rc, c->timeout_ms, c->err, c->errlen);
    return rc;
}

/* Runs every statement of one {sql, params} into out; -1 with err set. */
static int run_sql(struct call *c, const cJSON *q, cJSON *out)
{
    char *err = c->err;
    size_t errlen = c->errlen;
    const char *sql = jstr(q, "sql");
    const cJSON *params = cJSON_GetObjectItem(q, "params");
    if (!sql) {
        snprintf(err, errlen, "The request is malformed: every query needs \"sql\"");
        return -1;
    }
    if (strlen(sql) > MAX_SQL_BYTES) {
        snprintf(err, errlen, "statement too long (D1 allows %d bytes): SQLITE_TOOBIG",
                 MAX_SQL_BYTES);
        return -1;
    }
    if (cJSON_GetArraySize(params) > MAX_PARAMS) {
        snprintf(err, errlen,
                 "too many SQL variables (D1 allows %d bound parameters): "
                 "SQLITE_ERROR",
                 MAX_PARAMS);
        return -1;
    }
    while (sql && *sql) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (prepare(c, sql, &st, &tail) != SQLITE_OK)
            return -1;
        sql = tail;
        if (!st)
            continue; /* whitespace or a comment */
        cJSON *r = bind_params(st, params, err, errlen) == 0 ? step_all(c, st) : NULL;
        sqlite3_finalize(st);
        if (!r)
            return -1;
        cJSON_AddItemToArray(out, r);
    }
    return 0;
}

/* d1_run: executes a query/raw body on database d (the caller holds
 * d->run), interrupting it after timeout_ms. Returns the result array
 * (caller frees), or NULL with a D1-style message in err ("<sqlite
 * message>: SQLITE_ERROR"); on error nothing is changed. */
cJSON *d1_run(struct emu_db *d, cJSON *body, bool raw, int timeout_ms, char *err, size_t errlen)
{
    struct call c = {d, raw, timeout_ms, err, errlen};
    sqlite3 *db = d->db;
    cJSON *out = cJSON_CreateArray();
    cJSON *batch = cJSON_GetObjectItem(body, "batch");
    int rc = 0;
    d1_guard_start(&d->guard, timeout_ms);
    sqlite3_exec(db, "SAVEPOINT cfemu_d1", NULL, NULL, NULL);
    if (cJSON_IsArray(batch)) {
        cJSON *q;
        cJSON_ArrayForEach(q, batch) if (rc == 0) rc = run_sql(&c, q, out);
    } else {
        rc = run_sql(&c, body, out);
    }
    if (rc != 0) {
        sqlite3_exec(db, "ROLLBACK TO cfemu_d1", NULL, NULL, NULL);
        cJSON_Delete(out);
        out = NULL;
    }
    sqlite3_exec(db, "RELEASE cfemu_d1", NULL, NULL, NULL);
    return out;
}

/* d1_measure: the number of user tables and the file size of a database
 * (0 and 0 when SQLite cannot tell). Call with the guard inactive. */
void d1_measure(sqlite3 *db, double *num_tables, double *file_size)
{
    sqlite3_stmt *st;
    *num_tables = *file_size = 0;
    if (sqlite3_prepare_v2(db,
                           "SELECT (SELECT count(*) FROM sqlite_master WHERE "
                           "type='table' AND name NOT LIKE 'sqlite_%'), "
                           "(SELECT page_count FROM pragma_page_count()) * "
                           "(SELECT page_size FROM pragma_page_size())",
                           -1, &st, NULL) != SQLITE_OK)
        return;
    if (sqlite3_step(st) == SQLITE_ROW) {
        *num_tables = sqlite3_column_double(st, 0);
        *file_size = sqlite3_column_double(st, 1);
    }
    sqlite3_finalize(st);
}
