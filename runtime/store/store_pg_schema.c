/* The PostgreSQL backend's tables, created on first use and versioned:
 * dome_schema holds the version this binary wrote; a database with a newer
 * one is refused (an older binary must not write rows it does not know).
 * docs/team.md shows the tables. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/store/store_pg.h"

/* Every table, in one transaction; the advisory lock (class, 0) makes two
 * first uses at once wait for each other instead of failing. */
static const char create_sql[] =
    "BEGIN;"
    "SELECT pg_advisory_xact_lock(" PG_LOCK_CLASS ", 0);"
    "CREATE TABLE IF NOT EXISTS dome_schema (version integer NOT NULL);"
    "CREATE TABLE IF NOT EXISTS dome_stacks ("
    "  id serial PRIMARY KEY, project text NOT NULL, stack text NOT NULL,"
    "  UNIQUE (project, stack));"
    "CREATE TABLE IF NOT EXISTS dome_state ("
    "  stack_id integer PRIMARY KEY REFERENCES dome_stacks (id) ON DELETE CASCADE,"
    "  serial bigint NOT NULL, doc text NOT NULL,"
    "  saved_at timestamptz NOT NULL, saved_by text NOT NULL);"
    "CREATE TABLE IF NOT EXISTS dome_history ("
    "  stack_id integer NOT NULL REFERENCES dome_stacks (id) ON DELETE CASCADE,"
    "  serial bigint NOT NULL, doc text NOT NULL,"
    "  saved_at timestamptz NOT NULL, saved_by text NOT NULL,"
    "  PRIMARY KEY (stack_id, serial));"
    "CREATE TABLE IF NOT EXISTS dome_journal ("
    "  id bigserial PRIMARY KEY,"
    "  stack_id integer NOT NULL REFERENCES dome_stacks (id) ON DELETE CASCADE,"
    "  records text NOT NULL);"
    "CREATE INDEX IF NOT EXISTS dome_journal_stack ON dome_journal (stack_id, id);"
    "CREATE TABLE IF NOT EXISTS dome_lock ("
    "  stack_id integer PRIMARY KEY REFERENCES dome_stacks (id) ON DELETE CASCADE,"
    "  holder text NOT NULL, since timestamptz NOT NULL DEFAULT now());"
    "INSERT INTO dome_schema (version) SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM dome_schema);"
    "COMMIT;";

static bool is_state(const PGresult *r, const char *sqlstate)
{
    const char *code = PQresultErrorField(r, PG_DIAG_SQLSTATE);
    return code && !strcmp(code, sqlstate);
}

/* version: the schema version in the database; 0 when there is none yet,
 * -1 on another error */
static int version(PGconn *c)
{
    PGresult *r = PQexec(c, "SELECT max(version) FROM dome_schema");
    int v = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK)
        v = PQgetisnull(r, 0, 0) ? 0 : atoi(PQgetvalue(r, 0, 0));
    else if (is_state(r, "42P01"))
        v = 0; /* undefined_table: a database domec has not used yet */
    PQclear(r);
    return v;
}

/* pg_schema: see store_pg.h. */
int pg_schema(struct store *s, char *err, size_t err_len)
{
    PGconn *c = pg_of(s)->conn;
    int v = version(c);
    if (v == 0) {
        PGresult *r = PQexec(c, create_sql);
        bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
        PQclear(r);
        if (!ok)
            PQclear(PQexec(c, "ROLLBACK"));
        else /* lz4 saves a large state in half pglz's time; a server without it keeps pglz */
            PQclear(PQexec(c, "ALTER TABLE dome_state ALTER COLUMN doc SET COMPRESSION lz4;"
                              "ALTER TABLE dome_history ALTER COLUMN doc SET COMPRESSION lz4"));
        v = ok ? version(c) : -1;
    }
    if (v == PG_SCHEMA_VERSION) {
        pg_of(s)->is_checked = true;
        return 0;
    }
    if (v > PG_SCHEMA_VERSION)
        snprintf(err, err_len,
                 "the state backend %s holds domec schema version %d, newer than the version %d "
                 "this domec knows\n  help: upgrade domec to the version your team uses; nothing "
                 "was changed",
                 s->where, v, PG_SCHEMA_VERSION);
    else {
        char msg[600];
        pg_scrub(pg_of(s), PQerrorMessage(c), msg, sizeof msg);
        snprintf(err, err_len,
                 "cannot create or read domec's tables in the state backend %s: %s\n  help: the "
                 "database user needs CREATE on the database's schema the first time (see "
                 "docs/team.md)",
                 s->where, msg);
    }
    pg_lose(pg_of(s), err); /* no further use of this connection */
    return -1;
}

/* drain: the results of a two-query pipeline, one per sync (NULL where a
 * query gave none: a lost connection). Stops at the second sync or when
 * libpq has nothing more (two NULLs in a row). */
static void drain(PGconn *c, PGresult *res[2])
{
    int syncs = 0, nulls = 0;
    res[0] = res[1] = NULL;
    while (syncs < 2 && nulls < 2) {
        PGresult *r = PQgetResult(c);
        if (!r) {
            nulls++;
            continue;
        }
        nulls = 0;
        if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
            syncs++;
            PQclear(r);
        } else if (!res[syncs]) {
            res[syncs] = r;
        } else {
            PQclear(r);
        }
    }
    PQexitPipelineMode(c);
}

/* pg_schema_first: see store_pg.h. */
int pg_schema_first(struct store *s, const char *sql, int n, const char *const *params,
                    PGresult **out)
{
    PGconn *c = pg_of(s)->conn;
    PGresult *res[2];
    *out = NULL;
    if (PQenterPipelineMode(c) != 1)
        return 1;
    bool sent = PQsendQueryParams(c, "SELECT max(version) FROM dome_schema", 0, NULL, NULL, NULL,
                                  NULL, 0) == 1 &&
                PQpipelineSync(c) == 1 &&
                PQsendQueryParams(c, sql, n, NULL, params, NULL, NULL, 0) == 1 &&
                PQpipelineSync(c) == 1;
    if (!sent) {
        PQexitPipelineMode(c);
        return 1;
    }
    drain(c, res);
    int v = -1;
    if (PQresultStatus(res[0]) == PGRES_TUPLES_OK && PQntuples(res[0]) == 1)
        v = PQgetisnull(res[0], 0, 0) ? 0 : atoi(PQgetvalue(res[0], 0, 0));
    PQclear(res[0]);
    if (v != PG_SCHEMA_VERSION) { /* none yet, newer, or an error: the slow path says which */
        PQclear(res[1]);
        return 1;
    }
    pg_of(s)->is_checked = true;
    *out = res[1];
    return 0;
}
