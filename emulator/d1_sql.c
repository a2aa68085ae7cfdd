/* cfemu: runs D1 query/raw bodies in SQLite. A body is {sql, params} or
 * {batch: [{sql, params}, ...]}; every statement gives one result entry
 * {results, success, meta}. The whole call is atomic (a savepoint). */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "emulator/emu.h"

#define MAX_SQL_BYTES (100 * 1024)   /* D1 limits (d1/platform/limits.mdx) */
#define MAX_PARAMS 100

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
        snprintf(err, errlen, "Wrong number of parameter bindings for SQL query: "
                 "expected %d, got %d: SQLITE_RANGE", want, have);
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

/* Steps one prepared statement; returns its result entry or NULL (err set). */
static cJSON *step_all(sqlite3 *db, sqlite3_stmt *st, bool raw, char *err, size_t errlen)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    cJSON *rows = cJSON_CreateArray();
    int rc, n = 0;
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
    if (rc != SQLITE_DONE) {
        snprintf(err, errlen, "%s: %s", sqlite3_errmsg(db), sqlite3_errstr(rc));
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
    cJSON_AddItemToObject(r, "meta", meta(db, st, n, &t0));
    return r;
}

static void sql_error(sqlite3 *db, char *err, size_t errlen)
{
    const char *code = "SQLITE_ERROR";
    if (sqlite3_errcode(db) == SQLITE_CONSTRAINT)
        code = "SQLITE_CONSTRAINT";
    snprintf(err, errlen, "%s: %s", sqlite3_errmsg(db), code);
}

/* Runs every statement of one {sql, params} into out; -1 with err set. */
static int run_sql(sqlite3 *db, const cJSON *q, bool raw, cJSON *out, char *err, size_t errlen)
{
    const char *sql = jstr(q, "sql");
    const cJSON *params = cJSON_GetObjectItem(q, "params");
    if (!sql) {
        snprintf(err, errlen, "The request is malformed: every query needs \"sql\"");
        return -1;
    }
    if (strlen(sql) > MAX_SQL_BYTES) {
        snprintf(err, errlen, "statement too long (D1 allows %d bytes): SQLITE_TOOBIG", MAX_SQL_BYTES);
        return -1;
    }
    if (cJSON_GetArraySize(params) > MAX_PARAMS) {
        snprintf(err, errlen, "too many SQL variables (D1 allows %d bound parameters): "
                 "SQLITE_ERROR", MAX_PARAMS);
        return -1;
    }
    while (sql && *sql) {
        sqlite3_stmt *st = NULL;
        const char *tail = NULL;
        if (sqlite3_prepare_v2(db, sql, -1, &st, &tail) != SQLITE_OK) {
            sql_error(db, err, errlen);
            return -1;
        }
        sql = tail;
        if (!st)
            continue;   /* whitespace or a comment */
        cJSON *r = bind_params(st, params, err, errlen) == 0 ? step_all(db, st, raw, err, errlen) : NULL;
        sqlite3_finalize(st);
        if (!r)
            return -1;
        cJSON_AddItemToArray(out, r);
    }
    return 0;
}

/* d1_run: executes a query/raw body on db. Returns the result array
 * (caller frees), or NULL with a D1-style message in err ("<sqlite
 * message>: SQLITE_ERROR"); on error nothing is changed. */
cJSON *d1_run(sqlite3 *db, cJSON *body, bool raw, char *err, size_t errlen)
{
    cJSON *out = cJSON_CreateArray();
    cJSON *batch = cJSON_GetObjectItem(body, "batch");
    int rc = 0;
    sqlite3_exec(db, "SAVEPOINT cfemu_d1", NULL, NULL, NULL);
    if (cJSON_IsArray(batch)) {
        cJSON *q;
        cJSON_ArrayForEach(q, batch)
            if (rc == 0)
                rc = run_sql(db, q, raw, out, err, errlen);
    } else {
        rc = run_sql(db, body, raw, out, err, errlen);
    }
    if (rc != 0) {
        sqlite3_exec(db, "ROLLBACK TO cfemu_d1", NULL, NULL, NULL);
        cJSON_Delete(out);
        out = NULL;
    }
    sqlite3_exec(db, "RELEASE cfemu_d1", NULL, NULL, NULL);
    return out;
}
