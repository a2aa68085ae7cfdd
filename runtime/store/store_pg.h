/* The PostgreSQL backend's shared parts (store_pg*.c only): the connection
 * and the query helper. docs/team.md describes the tables. */
#ifndef DOME_STORE_PG_H
#define DOME_STORE_PG_H

#include <stdbool.h>
#include <stddef.h>

#include <libpq-fe.h>
#include <pthread.h>

#include "runtime/base/compiler.h"
#include "runtime/store/store.h"

/* The schema version this binary writes and reads (store_pg_schema.c). */
#define PG_SCHEMA_VERSION 1

/* The advisory lock class of stack locks: "dome" in ASCII. The object id
 * is the stack's id in dome_stacks. */
#define PG_LOCK_CLASS "1685024101"

struct pg {
    char *url;           /* the connection string as given (holds the password) */
    char *password;      /* the password found in it, to scrub from messages; or NULL */
    bool is_loopback;    /* the server is on this machine: no TLS or Kerberos negotiation */
    bool is_checked;     /* the schema version was found current on this connection */
    PGconn *conn;        /* NULL until the first use */
    pthread_t connector; /* connecting in the background (store_connect_begin) */
    bool is_connecting;  /* connector runs, or ended and is not yet joined */
    bool is_lost;        /* the connection failed once: never reconnected (the lock went with it) */
    char lost[800];      /* why, repeated to every later call */
};

/* pg_of returns s's backend data. */
struct pg *pg_of(struct store *s);

/* pg_lose marks the connection unusable for the rest of the command,
 * keeping err as the reason every later call repeats. */
void pg_lose(struct pg *pg, const char *err);

/* pg_scrub copies msg into err with the password (if any) replaced by
 * "***", and without its trailing newline. */
void pg_scrub(const struct pg *pg, const char *msg, char *err, size_t err_len);

/* pg_connect connects on first use. 0, or -1 with err saying what, where
 * (no password) and how to fix. */
int pg_connect(struct store *s, char *err, size_t err_len) WARN_UNUSED;

/* pg_query runs sql with n text parameters; returns the result when its
 * status is PGRES_TUPLES_OK or PGRES_COMMAND_OK (PQclear it), else NULL
 * with err filled (the server's message, password scrubbed). */
PGresult *pg_query(struct store *s, const char *sql, int n, const char *const *params, char *err,
                   size_t err_len) WARN_UNUSED;

/* pg_stack_id returns the id of s's project and stack in dome_stacks as
 * text in buf, creating the row when create is set. 0; 1 when there is no
 * row (and create is unset); -1 with err filled. */
int pg_stack_id(struct store *s, const char *stack, bool create, char *buf, size_t cap, char *err,
                size_t err_len) WARN_UNUSED;

/* pg_schema checks (and on first use creates) the tables. */
int pg_schema(struct store *s, char *err, size_t err_len) WARN_UNUSED;

/* pg_schema_first sends a connection's first query (a SELECT: it runs
 * before the version is known) together with the schema version check, in
 * one round trip (pipeline mode). 0 when the
 * schema is current: *out is the query's result (NULL or an error result
 * when it failed; the caller judges it). 1 when it is not (none yet,
 * newer, unreadable) or pipelining failed: the caller runs pg_schema and
 * then the query itself. */
int pg_schema_first(struct store *s, const char *sql, int n, const char *const *params,
                    PGresult **out) WARN_UNUSED;

/* The journal and lock halves of the ops table (store_pg_journal.c,
 * store_pg_lock.c). */
int pg_journal_read(struct store *s, const char *stack, char **text, char *err, size_t err_len);
int pg_journal_open(struct journal *j, char *err, size_t err_len);
int pg_journal_write(struct journal *j, const char *line, size_t len);
int pg_journal_sync(struct journal *j);
void pg_journal_close(struct journal *j, bool remove);
void pg_journal_discard(struct store *s, const char *stack);
int pg_lock_try(struct lock *lk, const char *holder, char *err, size_t err_len);
void pg_lock_release(struct lock *lk);
char *pg_lock_holder(struct store *s, const char *stack);
int pg_lock_clear(struct store *s, const char *stack, char *err, size_t err_len);

#endif
