/* The operation journal's records (journal.h): formatting, the error latch
 * that stops a broken journal, and folding a leftover journal into state.
 * Where records go is the backend's business (store.h): journal_file.c for
 * local files, store_pg_journal.c for PostgreSQL. Never calls the network. */
#include "runtime/store/journal.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/store.h"

static void apply_record(struct state *st, const cJSON *rec)
{
    const char *op = state_str(rec, "op");
    const char *phase = state_str(rec, "phase");
    const char *key = state_str(rec, "key");
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(rec, "entry");
    if (!op || !phase || !key)
        return;
    if (strcmp(phase, "done") == 0 && strcmp(op, "delete") == 0) {
        state_remove(st, key);
    } else if (strcmp(phase, "done") == 0 && cJSON_IsObject(entry)) {
        state_put(st, key, cJSON_Duplicate(entry, 1));
    } else if (strcmp(phase, "pending") == 0 && strcmp(op, "create") == 0 &&
               cJSON_IsObject(entry)) {
        const cJSON *old = state_get(st, key);
        if (old && !cJSON_GetObjectItemCaseSensitive(old, "pending"))
            return; /* the resource is known: nothing to resolve */
        cJSON *e = cJSON_Duplicate(entry, 1);
        state_entry_trim(e); /* the planner's hints are not state */
        cJSON_DeleteItemFromObjectCaseSensitive(e, "pending");
        cJSON_AddStringToObject(e, "pending", "create");
        state_put(st, key, e);
    }
}

/* journal_fold: see journal.h. */
int journal_fold(struct state *st, char *err, size_t err_len)
{
    char *text = NULL;
    if (st->store->ops->journal_read(st->store, st->stack, &text, err, err_len) != 0)
        return -1;
    if (!text)
        return 0;
    int n = 0;
    long serial = state_serial(st);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *rec = cJSON_Parse(line); /* NULL for a torn line */
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(rec, "serial");
        if (rec && cJSON_IsNumber(s) && (long)s->valuedouble == serial) {
            apply_record(st, rec);
            n++;
        }
        cJSON_Delete(rec);
    }
    free(text);
    /* a record's entry joins the state as it is: check the result as
     * strictly as a loaded state, naming the journal if it breaks it */
    char why[700], where[600];
    if (n > 0 && state_validate(st->root, st->stack, why, sizeof why) != 0) {
        store_where(st->store, where, sizeof where);
        snprintf(err, err_len,
                 "the journal of stack '%s' (%s): folding it into the state gives an invalid "
                 "state: %s",
                 st->stack, where, why);
        n = -1;
    }
    return n;
}

/* journal_open: see journal.h. */
int journal_open(struct journal *j, const struct state *st, char *err, size_t err_len)
{
    memset(j, 0, sizeof *j);
    j->fd = -1;
    j->store = st->store;
    j->stack = xstrdup(st->stack);
    j->serial = state_serial(st);
    if (j->store->ops->journal_open(j, err, err_len) != 0) {
        journal_close(j, false);
        return -1;
    }
    return 0;
}

/* journal_write: see journal.h. */
int journal_write(struct journal *j, const char *op, const char *phase, const char *key,
                  const cJSON *entry)
{
    if (journal_append(j, op, phase, key, entry) != 0)
        return -1;
    return journal_sync(j);
}

/* broken: remember the first error; the journal takes no more records */
static int broken(struct journal *j, int error)
{
    if (!j->error)
        j->error = error;
    errno = error;
    return -1;
}

/* journal_sync: see journal.h. After a failed fdatasync the kernel may have
 * dropped the dirty pages (and after a failed commit the server may have
 * lost the connection), so a later "successful" one proves nothing. */
int journal_sync(struct journal *j)
{
    assert(j->store != NULL);
    if (j->is_sync_failed)
        return broken(j, j->error);
    int error = j->store->ops->journal_sync(j);
    if (error) {
        j->is_sync_failed = true;
        return broken(j, error);
    }
    return 0;
}

/* journal_append: see journal.h. */
int journal_append(struct journal *j, const char *op, const char *phase, const char *key,
                   const cJSON *entry)
{
    assert(j->store != NULL && op && phase && key);
    if (j->error)
        return broken(j, j->error);
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddNumberToObject(rec, "serial", (double)j->serial);
    cJSON_AddStringToObject(rec, "op", op);
    cJSON_AddStringToObject(rec, "phase", phase);
    cJSON_AddStringToObject(rec, "key", key);
    if (entry)
        cJSON_AddItemToObject(rec, "entry", cJSON_Duplicate(entry, 1));
    char *line = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    assert(line != NULL); /* cJSON allocates with xmalloc: never NULL */
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; written with its length */
    int error = j->store->ops->journal_write(j, line, len + 1);
    free(line);
    return error ? broken(j, error) : 0;
}

/* journal_error_text: see journal.h. A local journal has a path; a
 * PostgreSQL one lives in rows of the stack, named by stack and project. */
void journal_error_text(const struct journal *j, char *buf, size_t cap)
{
    const char *why = j->why ? j->why : strerror(j->error);
    if (j->path)
        snprintf(buf, cap, "cannot write the journal '%s': %s", j->path, why);
    else
        snprintf(buf, cap, "cannot write the journal of stack '%s' (project '%s'): %s", j->stack,
                 j->store && j->store->project ? j->store->project : "?", why);
}

/* journal_close: see journal.h. */
void journal_close(struct journal *j, bool remove)
{
    if (j->store)
        j->store->ops->journal_close(j, remove);
    free(j->stack);
    free(j->why);
    j->why = NULL;
    free(j->unsent);
    j->stack = NULL;
    j->unsent = NULL;
    j->unsent_len = j->unsent_cap = 0;
    j->store = NULL;
}

/* journal_discard: see journal.h. */
void journal_discard(const struct state *st)
{
    st->store->ops->journal_discard(st->store, st->stack);
}
