/* The PostgreSQL backend (store.h): the connection, and the state, history
 * and stack rows. Every write is one SQL statement, so one transaction: a
 * reader sees the old state or the new one, never half. The journal and the
 * lock are in store_pg_journal.c and store_pg_lock.c, the tables in
 * store_pg_schema.c. */
#include "runtime/store/store_pg.h"

#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/paths.h"

/* pg_of: see store_pg.h. */
struct pg *pg_of(struct store *s)
{
    return s->impl;
}

/* pg_scrub: see store_pg.h. */
void pg_scrub(const struct pg *pg, const char *msg, char *err, size_t err_len)
{
    size_t n = 0, pw = pg->password ? strlen(pg->password) : 0;
    for (const char *p = msg; *p && n + 4 < err_len;) {
        if (pw && !strncmp(p, pg->password, pw)) {
            memcpy(err + n, "***", 3);
            n += 3;
            p += pw;
        } else {
            err[n++] = *p++;
        }
    }
    while (n > 0 && err[n - 1] == '\n')
        n--;
    if (err_len)
        err[n] = '\0';
}

static void conn_error(struct store *s, const char *what, char *err, size_t err_len)
{
    char msg[600];
    pg_scrub(pg_of(s), PQerrorMessage(pg_of(s)->conn), msg, sizeof msg);
    snprintf(err, err_len,
             "%s the state backend %s: %s\n  help: check DOME_BACKEND_URL, the network and that "
             "the PostgreSQL server runs; nothing was changed by this step",
             what, s->where, msg);
}

/* pg_lose: see store_pg.h. */
void pg_lose(struct pg *pg, const char *err)
{
    pg->is_lost = true;
    snprintf(pg->lost, sizeof pg->lost, "%s", err);
}

/* open_conn makes the connection (blocking; its status says how it went).
 * The URL is expanded as dbname: it overrides the defaults before it, the
 * keywords after it override it. A loopback server gets no TLS round trip
 * and no Kerberos probe unless the URL or PGSSLMODE / PGGSSENCMODE ask for
 * them (docs/team.md). */
static PGconn *open_conn(const struct pg *pg)
{
    const char *ssl = pg->is_loopback && !getenv("PGSSLMODE") ? "disable" : NULL;
    const char *gss = pg->is_loopback && !getenv("PGGSSENCMODE") ? "disable" : NULL;
    const char *const keys[] = {"sslmode",         "gssencmode",       "dbname",
                                "connect_timeout", "application_name", NULL};
    const char *const vals[] = {ssl, gss, pg->url, "10", "domec", NULL};
    return PQconnectdbParams(keys, vals, 1);
}

static void *connector(void *arg)
{
    struct pg *pg = arg;
    pg->conn = open_conn(pg);
    return NULL;
}

static void pg_connect_begin(struct store *s)
{
    struct pg *pg = pg_of(s);
    if (!pg->conn && !pg->is_connecting && !pg->is_lost)
        pg->is_connecting = pthread_create(&pg->connector, NULL, connector, pg) == 0;
}

/* join_connector waits for a connection store_connect_begin started; it is
 * the main thread's from then on */
static void join_connector(struct pg *pg)
{
    if (pg->is_connecting)
        pthread_join(pg->connector, NULL);
    pg->is_connecting = false;
}

/* pg_connect: see store_pg.h. */
int pg_connect(struct store *s, char *err, size_t err_len)
{
    struct pg *pg = pg_of(s);
    join_connector(pg);
    if (pg->conn && !pg->is_lost && PQstatus(pg->conn) == CONNECTION_OK)
        return 0;
    if (pg->is_lost) {
        snprintf(err, err_len, "%s", pg->lost);
        return -1;
    }
    if (!pg->conn)
        pg->conn = open_conn(pg);
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        conn_error(s, "cannot connect to", err, err_len);
        pg_lose(pg, err);
        return -1;
    }
    PQsetNoticeProcessor(pg->conn, NULL, NULL); /* "relation exists" notices are not news */
    return 0;
}

/* refusal_text: the server's refusal in r on one line: its message, then
 * SQLSTATE, detail and hint (the server's advice on how to fix it), e.g.
 * 'could not extend file "base/1/2": No space left on device (SQLSTATE
 * 53100; hint: Check free disk space.)'. Without a message (no result),
 * the connection's error text. */
static void refusal_text(const struct pg *pg, const PGresult *r, char *out, size_t cap)
{
    const char *primary = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    if (!primary) {
        pg_scrub(pg, PQerrorMessage(pg->conn), out, cap);
        return;
    }
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    const char *detail = PQresultErrorField(r, PG_DIAG_MESSAGE_DETAIL);
    const char *hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
    char text[1200];
    snprintf(text, sizeof text, "%s (SQLSTATE %s%s%s%s%s)", primary, code ? code : "?",
             detail ? "; detail: " : "", detail ? detail : "", hint ? "; hint: " : "",
             hint ? hint : "");
    pg_scrub(pg, text, out, cap);
}

/* pg_query: see store_pg.h. */
PGresult *pg_query(struct store *s, const char *sql, int n, const char *const *params, char *err,
                   size_t err_len)
{
    if (pg_connect(s, err, err_len) != 0)
        return NULL;
    struct pg *pg = pg_of(s);
    PGresult *r = NULL;
    /* A first query that only reads carries the schema check; a write
     * waits for it (a newer schema's rows are not this binary's to
     * write), as does a missing or other schema (pg_schema says why, or
     * creates the tables). */
    bool is_read = !strncmp(sql, "SELECT ", 7);
    if (pg->is_checked || !is_read || pg_schema_first(s, sql, n, params, &r) != 0) {
        if (!pg->is_checked && pg_schema(s, err, err_len) != 0)
            return NULL;
        r = PQexecParams(pg->conn, sql, n, NULL, params, NULL, NULL, 0);
    }
    ExecStatusType st = PQresultStatus(r);
    if (st == PGRES_TUPLES_OK || st == PGRES_COMMAND_OK)
        return r;
    if (PQstatus(pg->conn) != CONNECTION_OK) {
        conn_error(s, "lost the connection to", err, err_len);
        pg_lose(pg, err);
    } else {
        char msg[600];
        refusal_text(pg, r, msg, sizeof msg);
        snprintf(err, err_len, "the state backend %s refused a query: %s", s->where, msg);
    }
    PQclear(r);
    return NULL;
}

/* pg_stack_id: see store_pg.h. */
int pg_stack_id(struct store *s, const char *stack, bool create, char *buf, size_t cap, char *err,
                size_t err_len)
{
    const char *const p[] = {s->project, stack};
    const char *sql = create ? "INSERT INTO dome_stacks (project, stack) VALUES ($1, $2) "
                               "ON CONFLICT (project, stack) DO UPDATE SET stack = EXCLUDED.stack "
                               "RETURNING id"
                             : "SELECT id FROM dome_stacks WHERE project = $1 AND stack = $2";
    PGresult *r = pg_query(s, sql, 2, p, err, err_len);
    if (!r)
        return -1;
    int rc = PQntuples(r) == 1 ? 0 : 1;
    snprintf(buf, cap, "%s", rc == 0 ? PQgetvalue(r, 0, 0) : "");
    PQclear(r);
    return rc;
}

/* one_text: the first column of the first row of r (malloc'd), or NULL */
static char *one_text(PGresult *r, size_t *len)
{
    char *text = NULL;
    if (r && PQntuples(r) > 0 && !PQgetisnull(r, 0, 0)) {
        text = xstrdup(PQgetvalue(r, 0, 0));
        if (len)
            *len = strlen(text);
    }
    PQclear(r);
    return text;
}

static int pg_load(struct store *s, const char *stack, char **text, size_t *len, time_t *when,
                   char *err, size_t err_len)
{
    const char *const p[] = {s->project, stack};
    PGresult *r = pg_query(s,
                           "SELECT t.doc, extract(epoch FROM t.saved_at)::bigint FROM dome_state t "
                           "JOIN dome_stacks k ON k.id = t.stack_id "
                           "WHERE k.project = $1 AND k.stack = $2",
                           2, p, err, err_len);
    if (!r)
        return -1;
    if (when)
        *when = PQntuples(r) > 0 ? (time_t)atoll(PQgetvalue(r, 0, 1)) : 0;
    *text = one_text(r, len);
    return 0;
}

static void os_user(char *buf, size_t cap)
{
    struct passwd *pw = getpwuid(geteuid());
    snprintf(buf, cap, "%s", pw ? pw->pw_name : "?");
}

/* pg_save: state, history row and journal trim in one statement */
static int pg_save(struct store *s, const char *stack, long serial, const char *text, size_t len,
                   char *err, size_t err_len)
{
    (void)len; /* text is NUL-terminated */
    char id[32], num[32], user[64];
    if (pg_stack_id(s, stack, true, id, sizeof id, err, err_len) != 0)
        return -1;
    snprintf(num, sizeof num, "%ld", serial);
    os_user(user, sizeof user);
    const char *const p[] = {id, num, text, user};
    PGresult *r = pg_query(
        s,
        "WITH h AS (INSERT INTO dome_history (stack_id, serial, doc, saved_at, saved_by) "
        "  VALUES ($1, $2, $3, now(), $4) ON CONFLICT (stack_id, serial) DO UPDATE SET "
        "  doc = EXCLUDED.doc, saved_at = EXCLUDED.saved_at, saved_by = EXCLUDED.saved_by), "
        "j AS (DELETE FROM dome_journal WHERE stack_id = $1) "
        "INSERT INTO dome_state (stack_id, serial, doc, saved_at, saved_by) "
        "VALUES ($1, $2, $3, now(), $4) ON CONFLICT (stack_id) DO UPDATE SET "
        "serial = EXCLUDED.serial, doc = EXCLUDED.doc, saved_at = EXCLUDED.saved_at, "
        "saved_by = EXCLUDED.saved_by",
        4, p, err, err_len);
    PQclear(r);
    return r ? 0 : -1;
}

static int pg_history(struct store *s, const char *stack, struct store_saved **list, size_t *n,
                      char *err, size_t err_len)
{
    const char *const p[] = {s->project, stack};
    *list = NULL;
    *n = 0;
    PGresult *r = pg_query(s,
                           "SELECT h.serial, extract(epoch FROM h.saved_at)::bigint, h.saved_by "
                           "FROM dome_history h JOIN dome_stacks k ON k.id = h.stack_id "
                           "WHERE k.project = $1 AND k.stack = $2 ORDER BY h.serial",
                           2, p, err, err_len);
    if (!r)
        return -1;
    *n = (size_t)PQntuples(r);
    *list = *n ? xcalloc(*n, sizeof **list) : NULL;
    for (size_t i = 0; i < *n; i++) {
        (*list)[i].serial = atol(PQgetvalue(r, (int)i, 0));
        (*list)[i].when = (time_t)atoll(PQgetvalue(r, (int)i, 1));
        snprintf((*list)[i].user, sizeof(*list)[i].user, "%s", PQgetvalue(r, (int)i, 2));
    }
    PQclear(r);
    return 0;
}

static char *pg_history_get(struct store *s, const char *stack, long serial, size_t *len)
{
    char num[32], err[1024];
    snprintf(num, sizeof num, "%ld", serial);
    const char *const p[] = {s->project, stack, num};
    return one_text(pg_query(s,
                             "SELECT h.doc FROM dome_history h JOIN dome_stacks k "
                             "ON k.id = h.stack_id WHERE k.project = $1 AND k.stack = $2 "
                             "AND h.serial = $3",
                             3, p, err, sizeof err),
                    len);
}

static char **pg_stacks(struct store *s, char *err, size_t err_len)
{
    const char *const p[] = {s->project};
    PGresult *r = pg_query(s,
                           "SELECT k.stack FROM dome_stacks k JOIN dome_state t "
                           "ON t.stack_id = k.id WHERE k.project = $1 ORDER BY k.stack",
                           1, p, err, err_len);
    if (!r)
        return NULL;
    int n = PQntuples(r);
    char **list = xcalloc((size_t)n + 1, sizeof *list);
    for (int i = 0; i < n; i++)
        list[i] = xstrdup(PQgetvalue(r, i, 0));
    PQclear(r);
    return list;
}

static int pg_remove(struct store *s, const char *stack, char *err, size_t err_len)
{
    const char *const p[] = {s->project, stack};
    /* state, history, journal and lock rows go with the stack (ON DELETE CASCADE) */
    PGresult *r = pg_query(s, "DELETE FROM dome_stacks WHERE project = $1 AND stack = $2", 2, p,
                           err, err_len);
    PQclear(r);
    return r ? 0 : -1;
}

static void pg_free(struct store *s)
{
    struct pg *pg = pg_of(s);
    join_connector(pg);
    if (pg->conn)
        PQfinish(pg->conn); /* ends the session: its advisory locks go with it */
    if (pg->url)
        memset(pg->url, 0, strlen(pg->url));
    if (pg->password)
        memset(pg->password, 0, strlen(pg->password));
    free(pg->url);
    free(pg->password);
    free(pg);
}

static const struct store_ops pg_ops = {
    .name = "postgres",
    .connect_begin = pg_connect_begin,
    .load = pg_load,
    .save = pg_save,
    .history = pg_history,
    .history_get = pg_history_get,
    .journal_read = pg_journal_read,
    .journal_open = pg_journal_open,
    .journal_write = pg_journal_write,
    .journal_sync = pg_journal_sync,
    .journal_close = pg_journal_close,
    .journal_discard = pg_journal_discard,
    .lock_try = pg_lock_try,
    .lock_release = pg_lock_release,
    .lock_holder = pg_lock_holder,
    .lock_clear = pg_lock_clear,
    .stacks = pg_stacks,
    .remove = pg_remove,
    .free = pg_free,
};

/* is_loopback_host: host (a libpq host list) names only this machine: a
 * loopback address, localhost or a Unix socket directory */
static bool is_loopback_host(const char *host)
{
    if (!host || !*host)
        host = getenv("PGHOST");
    if (!host || !*host)
        return true; /* libpq's default: the local Unix socket */
    char *list = xstrdup(host), *save = NULL;
    bool all = true;
    for (char *h = strtok_r(list, ",", &save); h; h = strtok_r(NULL, ",", &save))
        all &= h[0] == '/' || h[0] == '@' || !strcmp(h, "localhost") || !strcmp(h, "::1") ||
               !strncmp(h, "127.", 4);
    free(list);
    return all;
}

/* parse_url fills pg->password (the password in the connection string,
 * for scrubbing; NULL when it has none) and pg->is_loopback. A string
 * libpq cannot parse leaves both unset: connecting reports the error. */
static void parse_url(struct pg *pg, const char *url)
{
    char *why = NULL;
    PQconninfoOption *opts = PQconninfoParse(url, &why);
    const char *host = NULL, *hostaddr = NULL;
    for (PQconninfoOption *o = opts; o && o->keyword; o++) {
        if (!strcmp(o->keyword, "password") && o->val && o->val[0])
            pg->password = xstrdup(o->val);
        else if (!strcmp(o->keyword, "host"))
            host = o->val;
        else if (!strcmp(o->keyword, "hostaddr"))
            hostaddr = o->val;
    }
    pg->is_loopback = opts && is_loopback_host(hostaddr && *hostaddr ? hostaddr : host);
    PQconninfoFree(opts);
    PQfreemem(why);
}

/* store_postgres: see store.h. */
struct store *store_postgres(const char *prog_dir, const char *project, const char *url)
{
    struct store *s = xcalloc(1, sizeof *s);
    struct pg *pg = xcalloc(1, sizeof *pg);
    char where[1024];
    s->ops = &pg_ops;
    s->prog_dir = xstrdup(prog_dir);
    s->dome = dome_dir(prog_dir);
    s->project = xstrdup(project);
    store_redact(url, where, sizeof where);
    s->where = xstrdup(where);
    s->impl = pg;
    pg->url = xstrdup(url);
    parse_url(pg, url);
    return s;
}
