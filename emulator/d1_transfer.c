/* cfemu: D1 export and import. Export (polling) answers at once with a
 * signed URL under /__cfemu/d1/{uuid}/ that serves an SQL dump of the
 * database (schema, then rows as INSERTs). Import: `init` gives an upload
 * URL there; the client PUTs its SQL file to it; `ingest` runs the file in
 * one transaction; `poll` reports it complete. Signed URLs need no token,
 * as Cloudflare's presigned URLs do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "emulator/emu.h"

/* A growing text buffer. */
struct buf {
    char *s;
    size_t n, cap;
    bool oom;
};

static void put(struct buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = (b->cap + n + 1) * 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = true;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void puts_(struct buf *b, const char *s)
{
    put(b, s, strlen(s));
}

/* Appends one column value as an SQL literal. */
static void literal(struct buf *b, sqlite3_stmt *st, int i)
{
    char tmp[64];
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_INTEGER:
        snprintf(tmp, sizeof tmp, "%lld", (long long)sqlite3_column_int64(st, i));
        puts_(b, tmp);
        break;
    case SQLITE_FLOAT:
        snprintf(tmp, sizeof tmp, "%.17g", sqlite3_column_double(st, i));
        puts_(b, tmp);
        break;
    case SQLITE_TEXT: {
        const char *t = (const char *)sqlite3_column_text(st, i);
        puts_(b, "'");
        for (; t && *t; t++) {
            if (*t == '\'')
                puts_(b, "''");
            else
                put(b, t, 1);
        }
        puts_(b, "'");
        break;
    }
    case SQLITE_BLOB: {
        const unsigned char *p = sqlite3_column_blob(st, i);
        int n = sqlite3_column_bytes(st, i);
        puts_(b, "X'");
        for (int k = 0; k < n; k++) {
            snprintf(tmp, sizeof tmp, "%02x", p[k]);
            puts_(b, tmp);
        }
        puts_(b, "'");
        break;
    }
    default:
        puts_(b, "NULL");
    }
}

static void dump_rows(struct buf *b, sqlite3 *db, const char *table)
{
    char *sql = sqlite3_mprintf("SELECT * FROM \"%w\"", table);
    sqlite3_stmt *st = NULL;
    if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        char *head = sqlite3_mprintf("INSERT INTO \"%w\" VALUES(", table);
        while (sqlite3_step(st) == SQLITE_ROW) {
            puts_(b, head ? head : "");
            for (int i = 0; i < sqlite3_column_count(st); i++) {
                if (i)
                    puts_(b, ",");
                literal(b, st, i);
            }
            puts_(b, ");\n");
        }
        sqlite3_free(head);
    }
    sqlite3_finalize(st);
    sqlite3_free(sql);
}

/* The SQL dump of a database (caller frees), NULL when out of memory. */
static char *dump(sqlite3 *db)
{
    struct buf b = {0};
    sqlite3_stmt *st = NULL;
    puts_(&b, "PRAGMA defer_foreign_keys=TRUE;\n");
    const char *tables = "SELECT name, sql FROM sqlite_master WHERE type='table' AND sql NOT NULL "
                         "AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY rowid";
    if (sqlite3_prepare_v2(db, tables, -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            puts_(&b, (const char *)sqlite3_column_text(st, 1));
            puts_(&b, ";\n");
            dump_rows(&b, db, (const char *)sqlite3_column_text(st, 0));
        }
    }
    sqlite3_finalize(st);
    const char *rest = "SELECT sql FROM sqlite_master WHERE type IN ('index','trigger','view') "
                       "AND sql NOT NULL AND name NOT LIKE '_cf_%' ORDER BY rowid";
    if (sqlite3_prepare_v2(db, rest, -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            puts_(&b, (const char *)sqlite3_column_text(st, 0));
            puts_(&b, ";\n");
        }
    }
    sqlite3_finalize(st);
    if (b.oom) {
        free(b.s);
        return NULL;
    }
    return b.s ? b.s : strdup("");
}

static cJSON *need_db(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = d1_lookup(e, rq->account, rq->segs[4]);
    if (!db)
        env_err(rs, 404, 7404, "The database %s could not be found", rq->segs[4]);
    return db;
}

static void signed_url(struct req *rq, const char *uuid, const char *file, char *out, size_t n)
{
    const char *host = req_header(rq, "Host");
    snprintf(out, n, "http://%s/__cfemu/d1/%s/%s", host ? host : "127.0.0.1", uuid, file);
}

/* d1_export: POST .../export {output_format: polling, dump_options?}. */
void d1_export(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need_db(e, rq, rs);
    cJSON *body = db ? req_json(rq) : NULL;
    const char *fmt = jstr(body, "output_format");
    if (db && (!fmt || strcmp(fmt, "polling") != 0)) {
        env_err(rs, 400, 7400, "output_format must be \"polling\"");
    } else if (db) {
        char url[512], bookmark[80], file[128];
        d1_bookmark(e, jstr(db, "uuid"), bookmark, sizeof bookmark);
        snprintf(file, sizeof file, "%s-%s.sql", jstr(db, "uuid"), bookmark);
        signed_url(rq, jstr(db, "uuid"), "export.sql", url, sizeof url);
        cJSON *r = cJSON_CreateObject();
        jset_str(r, "type", "export");
        jset_str(r, "at_bookmark", bookmark);
        jset_str(r, "status", "complete");
        cJSON_AddBoolToObject(r, "success", true);
        cJSON_AddItemToObject(r, "messages", cJSON_CreateArray());
        cJSON *res = cJSON_AddObjectToObject(r, "result");
        jset_str(res, "filename", file);
        jset_str(res, "signed_url", url);
        env_ok(rs, 200, r);
    }
    cJSON_Delete(body);
}

/* The account that owns D1 database uuid, or NULL. */
static const char *owner(struct emu *e, const char *uuid)
{
    for (int i = 0; i < e->o.n_accounts; i++)
        if (store_find(store_list(e, e->o.accounts[i], "d1"), "uuid", uuid))
            return e->o.accounts[i];
    return NULL;
}

static cJSON *import_result(struct emu *e, const char *uuid, const char *status)
{
    char bookmark[80];
    d1_bookmark(e, uuid, bookmark, sizeof bookmark);
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "type", "import");
    jset_str(r, "status", status);
    cJSON_AddBoolToObject(r, "success", true);
    jset_str(r, "at_bookmark", bookmark);
    cJSON_AddItemToObject(r, "messages", cJSON_CreateArray());
    return r;
}

/* Runs an uploaded SQL file in one transaction; NULL or why it failed. */
static char *ingest(struct emu *e, const char *uuid, const char *sql, int *changes)
{
    struct emu_db *d = d1_acquire(e, uuid);
    char *err = NULL;
    if (!d)
        return strdup("the database cannot be opened");
    pthread_mutex_lock(&d->run);
    int before = sqlite3_total_changes(d->db);
    if (sqlite3_exec(d->db, "BEGIN", NULL, NULL, &err) == SQLITE_OK &&
        sqlite3_exec(d->db, sql, NULL, NULL, &err) == SQLITE_OK)
        sqlite3_exec(d->db, "COMMIT", NULL, NULL, &err);
    else
        sqlite3_exec(d->db, "ROLLBACK", NULL, NULL, NULL);
    *changes = sqlite3_total_changes(d->db) - before;
    d1_measure(d->db, &d->num_tables, &d->file_size);
    pthread_mutex_unlock(&d->run);
    d1_release(d);
    char *out = err ? strdup(err) : NULL;
    sqlite3_free(err);
    return out;
}

static void do_ingest(struct emu *e, const char *account, struct resp *rs, cJSON *db, cJSON *body)
{
    cJSON *uploads = store_list(e, account, "d1_uploads");
    cJSON *up = store_find(uploads, "uuid", jstr(db, "uuid"));
    const char *etag = jstr(body, "etag");
    if (!up || !etag || strcmp(etag, jstr(up, "etag")) != 0) {
        env_err(rs, 400, 7400, "no uploaded file with etag '%s': PUT it to the upload_url of init",
                etag ? etag : "");
        return;
    }
    size_t n = 0;
    char *sql = b64_decode(jstr(up, "b64"), &n);
    int changes = 0;
    char *why = sql ? ingest(e, jstr(db, "uuid"), sql, &changes) : strdup("empty upload");
    free(sql);
    cJSON_DeleteItemFromArray(uploads, store_index(uploads, "uuid", jstr(db, "uuid")));
    if (why) {
        env_err(rs, 400, 7500, "import failed: %s", why);
        free(why);
        return;
    }
    cJSON *r = import_result(e, jstr(db, "uuid"), "complete");
    cJSON *res = cJSON_AddObjectToObject(r, "result");
    cJSON_AddNumberToObject(res, "num_queries", 1);
    jset_str(res, "final_bookmark", jstr(r, "at_bookmark"));
    cJSON *meta = cJSON_AddObjectToObject(res, "meta");
    cJSON_AddNumberToObject(meta, "changes", changes);
    cJSON_AddBoolToObject(meta, "changed_db", changes > 0);
    env_ok(rs, 200, r);
}

/* d1_import: POST .../import {action: init|ingest|poll, etag, filename?,
 * current_bookmark?}. */
void d1_import(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need_db(e, rq, rs);
    cJSON *body = db ? req_json(rq) : NULL;
    const char *action = jstr(body, "action"), *etag = jstr(body, "etag");
    if (!db) {
        return;
    } else if (action && strcmp(action, "init") == 0 && etag && *etag) {
        char url[512], file[160];
        snprintf(file, sizeof file, "import/%s", etag);
        signed_url(rq, jstr(db, "uuid"), file, url, sizeof url);
        cJSON *r = import_result(e, jstr(db, "uuid"), "active");
        jset_str(r, "upload_url", url);
        jset_str(r, "filename", etag);
        env_ok(rs, 200, r);
    } else if (action && strcmp(action, "ingest") == 0) {
        do_ingest(e, rq->account, rs, db, body);
    } else if (action && strcmp(action, "poll") == 0) {
        env_ok(rs, 200, import_result(e, jstr(db, "uuid"), "complete"));
    } else {
        env_err(rs, 400, 7400, "action must be init (with etag), ingest (with etag) or poll");
    }
    cJSON_Delete(body);
}

/* d1_signed: /__cfemu/d1/{uuid}/export.sql (GET: the dump) and
 * /__cfemu/d1/{uuid}/import/{etag} (PUT: the file to import). */
void d1_signed(struct emu *e, struct req *rq, struct resp *rs)
{
    const char *uuid = rq->n_segs >= 4 ? rq->segs[2] : NULL;
    const char *acct = uuid ? owner(e, uuid) : NULL;
    cJSON *db = acct ? store_find(store_list(e, acct, "d1"), "uuid", uuid) : NULL;
    if (db && strcmp(rq->method, "GET") == 0 && rq->n_segs == 4 &&
        strcmp(rq->segs[3], "export.sql") == 0) {
        struct emu_db *d = d1_acquire(e, uuid);
        char *text = NULL;
        if (d) {
            pthread_mutex_lock(&d->run);
            text = dump(d->db);
            pthread_mutex_unlock(&d->run);
            d1_release(d);
        }
        if (text)
            env_raw(rs, 200, "application/sql", text, strlen(text));
        else
            env_err(rs, 500, 7500, "the dump could not be made");
    } else if (db && strcmp(rq->method, "PUT") == 0 && rq->n_segs == 5 &&
               strcmp(rq->segs[3], "import") == 0) {
        char *b64 = b64_encode(rq->body ? rq->body : "", rq->body_len);
        cJSON *uploads = store_list(e, acct, "d1_uploads");
        cJSON_DeleteItemFromArray(uploads, store_index(uploads, "uuid", uuid));
        cJSON *up = cJSON_CreateObject();
        jset_str(up, "uuid", uuid);
        jset_str(up, "etag", rq->segs[4]);
        jset_str(up, "b64", b64 ? b64 : "");
        free(b64);
        cJSON_AddItemToArray(uploads, up);
        env_raw(rs, 200, "text/plain", strdup(""), 0);
        rs->mutated = true;
    } else {
        env_err(rs, 404, 7003, "No route for the URI");
    }
}
