/* The PostgreSQL backend's journal: records written since the last sync
 * wait in memory; journal_sync commits them as one dome_journal row (one
 * INSERT, one transaction), so the executor's "pending records durable
 * before the request is sent" holds as it does with fdatasync. A failed
 * commit breaks the journal (journal.c latches it) and nothing more is sent;
 * the server's message is kept in j->why for journal_error_text. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/journal.h"
#include "runtime/store/store_pg.h"

/* pg_journal_read: see store_pg.h. */
int pg_journal_read(struct store *s, const char *stack, char **text, char *err, size_t err_len)
{
    const char *const p[] = {s->project, stack};
    *text = NULL;
    PGresult *r = pg_query(s,
                           "SELECT string_agg(j.records, '' ORDER BY j.id) FROM dome_journal j "
                           "JOIN dome_stacks k ON k.id = j.stack_id "
                           "WHERE k.project = $1 AND k.stack = $2",
                           2, p, err, err_len);
    if (!r)
        return -1;
    if (PQntuples(r) > 0 && !PQgetisnull(r, 0, 0))
        *text = xstrdup(PQgetvalue(r, 0, 0));
    PQclear(r);
    return 0;
}

/* pg_journal_open: see store_pg.h. Makes sure the stack's row exists. */
int pg_journal_open(struct journal *j, char *err, size_t err_len)
{
    char id[32];
    return pg_stack_id(j->store, j->stack, true, id, sizeof id, err, err_len) == 0 ? 0 : -1;
}

/* pg_journal_write: see store_pg.h. */
int pg_journal_write(struct journal *j, const char *line, size_t len)
{
    if (j->unsent_len + len + 1 > j->unsent_cap) {
        j->unsent_cap = (j->unsent_len + len + 1) * 2;
        j->unsent = xrealloc(j->unsent, j->unsent_cap);
    }
    memcpy(j->unsent + j->unsent_len, line, len);
    j->unsent_len += len;
    j->unsent[j->unsent_len] = '\0';
    return 0;
}

/* sync_failed: keeps the first failure's words (err) and returns its errno */
static int sync_failed(struct journal *j, const char *err)
{
    if (!j->why)
        j->why = xstrdup(err);
    return pg_of(j->store)->is_lost ? ECONNRESET : EIO;
}

/* pg_journal_sync: see store_pg.h. */
int pg_journal_sync(struct journal *j)
{
    char id[32], err[1024];
    if (j->unsent_len == 0)
        return 0;
    int found = pg_stack_id(j->store, j->stack, false, id, sizeof id, err, sizeof err);
    if (found == 1)
        snprintf(err, sizeof err, "the stack's row is gone from the state backend %s",
                 j->store->where);
    if (found != 0)
        return sync_failed(j, err);
    const char *const p[] = {id, j->unsent};
    PGresult *r = pg_query(j->store, "INSERT INTO dome_journal (stack_id, records) VALUES ($1, $2)",
                           2, p, err, sizeof err);
    if (!r)
        return sync_failed(j, err);
    PQclear(r);
    j->unsent_len = 0;
    return 0;
}

/* pg_journal_close: see store_pg.h. Records not yet synced are committed
 * now when the journal stays (a done record saves the next run a lookup). */
void pg_journal_close(struct journal *j, bool remove)
{
    if (remove)
        pg_journal_discard(j->store, j->stack);
    else if (!j->error && pg_journal_sync(j) != 0) {
        /* the next run resolves what those records said by name */
    }
}

/* pg_journal_discard: see store_pg.h. */
void pg_journal_discard(struct store *s, const char *stack)
{
    char err[1024];
    const char *const p[] = {s->project, stack};
    PQclear(pg_query(s,
                     "DELETE FROM dome_journal j USING dome_stacks k WHERE k.id = j.stack_id "
                     "AND k.project = $1 AND k.stack = $2",
                     2, p, err, sizeof err));
}
