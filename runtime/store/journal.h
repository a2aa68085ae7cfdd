/* The operation journal: JSON lines appended around every provider
 * operation, so a killed apply can be finished by the next one; kept by the
 * state's backend (store.h): .dome/<stack>.journal for local files
 * (journal_file.c), rows committed in groups for PostgreSQL. Records carry
 * the serial of the state they apply to.
 *
 * Durability (docs/state.md, "The journal"): journal_append only writes; a
 * record is durable once journal_sync (fdatasync) has returned 0 after it.
 * The executor appends the pending records of every operation about to
 * start, syncs once, and sends no request of an operation before its
 * pending record is durable. Done records are appended without a sync of
 * their own; the next group's sync makes them durable too. journal_open
 * fsyncs .dome/ so that the journal's name is durable as well.
 *
 * A failed write or sync breaks the journal for good: the record that
 * failed is cut off again (a torn line would hide the next one), j->error
 * keeps the OS error, and every later append fails at once; a sync still
 * runs after a failed append (records written before it can be made
 * durable) but never again after a failed sync. */
#ifndef DOME_JOURNAL_H
#define DOME_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"
#include "runtime/store/state.h"

struct store;

struct journal {
    struct store *store; /* the backend records go to (store.h) */
    char *stack;
    long serial;         /* the state serial records apply to */
    int error;           /* errno of the first failed write or sync; 0 while healthy */
    char *why;           /* the backend's words for that error when errno has too few
                          * (PostgreSQL: the server's message), or NULL */
    bool is_sync_failed; /* a sync failed: nothing written is known durable */
    /* local backend: the journal file */
    int fd; /* append-only, -1 when closed */
    char *path;
    off_t size; /* bytes of whole records in the file */
    /* postgres backend: records written since the last sync */
    char *unsent;
    size_t unsent_len, unsent_cap;
};

/* journal_fold applies the journal left by an earlier run to st (in memory):
 * done creates/updates store their entry, done deletes remove it, and a
 * create that is pending without a result is stored with "pending":"create"
 * so the next apply resolves it by name. Records for another serial, and a
 * torn last line, are ignored. Returns the number of records applied (0
 * when there is no journal), or -1 with err filled when the journal exists
 * but cannot be read (what it holds must not be lost). */
int journal_fold(struct state *st, char *err, size_t err_len) WARN_UNUSED;

/* journal_open opens (creating) the journal of st for appending and fsyncs
 * its directory. Returns 0, or -1 with err filled. Close with
 * journal_close (also after a failed open: it is then a no-op). */
int journal_open(struct journal *j, const struct state *st, char *err, size_t err_len) WARN_UNUSED;

/* journal_write appends one record {"serial","op","phase","key","entry"}
 * and syncs it. entry (may be NULL) is copied. Returns 0 or -1. */
int journal_write(struct journal *j, const char *op, const char *phase, const char *key,
                  const cJSON *entry) WARN_UNUSED;

/* journal_append appends a record without syncing; journal_sync makes every
 * record appended so far durable (one fdatasync for a group of records).
 * Both return 0, or -1 with errno and j->error set (see above). */
int journal_append(struct journal *j, const char *op, const char *phase, const char *key,
                   const cJSON *entry) WARN_UNUSED;
int journal_sync(struct journal *j) WARN_UNUSED;

/* journal_error_text describes j's error (j->error set) for messages:
 * what could not be written, where, and why: "cannot write the journal
 * '.dome/dev.journal': File too large", or for PostgreSQL "cannot write
 * the journal of stack 'dev' (project 'p'): the state backend URL refused
 * a query: ERROR: ..." (never a password). */
void journal_error_text(const struct journal *j, char *buf, size_t cap);

/* journal_close closes the journal; with remove set, deletes it too (after
 * the state it describes has been saved). */
void journal_close(struct journal *j, bool remove);

/* journal_discard deletes st's journal, if any. */
void journal_discard(const struct state *st);

/* The local backend's journal file (journal_file.c), for store_local.c. */
int journal_file_read(struct store *s, const char *stack, char **text, char *err, size_t err_len);
int journal_file_open(struct journal *j, char *err, size_t err_len);
int journal_file_write(struct journal *j, const char *line, size_t len);
int journal_file_sync(struct journal *j);
void journal_file_close(struct journal *j, bool remove);
void journal_file_discard(struct store *s, const char *stack);

#endif
