/* The PostgreSQL backend's stack lock: a session advisory lock (class
 * "dome", object the stack's id) held by domec's connection for the whole
 * command, plus a dome_lock row naming the holder for messages. What makes
 * a process the holder is the advisory lock alone: when its connection
 * ends (exit, SIGKILL, a lost network) the server releases it, so a killed
 * domec leaves no lock to clear by hand; its row is overwritten by the
 * next holder, or removed with `domec stack unlock --force`. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/lock.h"
#include "runtime/store/store_pg.h"

/* holder_of_busy reads the holder row of a lock we found held: its holder
 * writes the row just after taking the advisory lock, so a reader that
 * comes in between finds none; retry briefly before saying '?'. */
static char *holder_of_busy(struct store *s, const char *stack)
{
    char *text = NULL;
    for (int i = 0; i < 50 && !text && !pg_of(s)->is_lost; i++) {
        text = pg_lock_holder(s, stack);
        if (!text)
            usleep(10 * 1000);
    }
    return text;
}

/* pg_lock_try: see store_pg.h. */
int pg_lock_try(struct lock *lk, const char *holder, char *err, size_t err_len)
{
    char id[32];
    struct store *s = lk->store;
    if (pg_stack_id(s, lk->stack, true, id, sizeof id, err, err_len) != 0)
        return -1;
    const char *const p[] = {id, holder};
    PGresult *r = pg_query(s, "SELECT pg_try_advisory_lock(" PG_LOCK_CLASS ", $1::integer)", 1, p,
                           err, err_len);
    if (!r)
        return -1;
    bool got = !strcmp(PQgetvalue(r, 0, 0), "t");
    PQclear(r);
    if (!got) {
        char *text = holder_of_busy(s, lk->stack);
        lock_held_message(text,
                          "it is released when that command ends, even if it is killed; pass "
                          "--lock-timeout 5m to wait for it",
                          err, err_len);
        free(text);
        return 1;
    }
    r = pg_query(s,
                 "INSERT INTO dome_lock (stack_id, holder, since) VALUES ($1, $2, now()) "
                 "ON CONFLICT (stack_id) DO UPDATE SET holder = EXCLUDED.holder, since = now()",
                 2, p, err, err_len);
    if (!r) {
        pg_lock_release(lk);
        return -1;
    }
    PQclear(r);
    return 0;
}

/* pg_lock_release: see store_pg.h. */
void pg_lock_release(struct lock *lk)
{
    char id[32], err[1024];
    struct store *s = lk->store;
    if (pg_of(s)->is_lost || pg_stack_id(s, lk->stack, false, id, sizeof id, err, sizeof err) != 0)
        return; /* the connection (and the lock) is gone, or the stack was removed */
    const char *const p[] = {id};
    PQclear(pg_query(s, "DELETE FROM dome_lock WHERE stack_id = $1", 1, p, err, sizeof err));
    PQclear(pg_query(s, "SELECT pg_advisory_unlock(" PG_LOCK_CLASS ", $1::integer)", 1, p, err,
                     sizeof err));
}

/* pg_lock_holder: see store_pg.h. */
char *pg_lock_holder(struct store *s, const char *stack)
{
    char err[1024];
    const char *const p[] = {s->project, stack};
    PGresult *r = pg_query(s,
                           "SELECT l.holder FROM dome_lock l JOIN dome_stacks k "
                           "ON k.id = l.stack_id WHERE k.project = $1 AND k.stack = $2",
                           2, p, err, sizeof err);
    char *text = r && PQntuples(r) > 0 ? xstrdup(PQgetvalue(r, 0, 0)) : NULL;
    PQclear(r);
    return text;
}

/* pg_lock_clear: see store_pg.h. */
int pg_lock_clear(struct store *s, const char *stack, char *err, size_t err_len)
{
    const char *const p[] = {s->project, stack};
    PGresult *r = pg_query(s,
                           "DELETE FROM dome_lock l USING dome_stacks k WHERE k.id = l.stack_id "
                           "AND k.project = $1 AND k.stack = $2",
                           2, p, err, err_len);
    PQclear(r);
    return r ? 0 : -1;
}
