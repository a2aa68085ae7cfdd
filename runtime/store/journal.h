/* The operation journal: .dome/<stack>.journal, JSON lines appended and
 * fsynced around every provider call, so a killed apply can be finished by
 * the next one. Records carry the serial of the state they apply to. */
#ifndef DOME_JOURNAL_H
#define DOME_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "runtime/store/state.h"

struct journal {
    int fd;     /* append-only, -1 when closed */
    char *path;
    long serial; /* the state serial records apply to */
};

/* journal_fold applies the journal left by an earlier run to st (in memory):
 * done creates/updates store their entry, done deletes remove it, and a
 * create that is pending without a result is stored with "pending":"create"
 * so the next apply resolves it by name. Records for another serial are
 * ignored. Returns the number of records applied (0 when there is none). */
int journal_fold(struct state *st);

/* journal_open opens (creating) the journal of st for appending.
 * Returns 0, or -1 with err filled. Close with journal_close. */
int journal_open(struct journal *j, const struct state *st, char *err, size_t err_len);

/* journal_write appends one record {"serial","op","phase","key","entry"}
 * and fsyncs it. entry (may be NULL) is copied. Returns 0 or -1. */
int journal_write(struct journal *j, const char *op, const char *phase, const char *key,
                  const cJSON *entry);

/* journal_append appends a record without fsync; journal_sync makes every
 * record appended so far durable (one fsync for a group of records).
 * Both return 0 or -1. */
int journal_append(struct journal *j, const char *op, const char *phase, const char *key,
                   const cJSON *entry);
int journal_sync(struct journal *j);

/* journal_close closes the file; with remove set, deletes it too (after the
 * state it describes has been saved). */
void journal_close(struct journal *j, bool remove);

/* journal_discard deletes st's journal file, if any. */
void journal_discard(const struct state *st);

#endif
