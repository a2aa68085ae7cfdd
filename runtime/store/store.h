/* The state backend: where a program's stacks keep their state, history,
 * operation journal and lock. Two implementations share this interface:
 *   local     files under the program's .dome/ (store_local.c; the default)
 *   postgres  tables in a PostgreSQL database through libpq (store_pg.c),
 *             shared by a team, separated by project and stack
 * Callers (state.c, journal.c, lock.c, the CLI) hold a struct store and
 * never ask which one it is. The selected stack (stack_select.h) is a
 * choice of the person at the checkout and stays in .dome/selected for
 * both backends. docs/state.md and docs/team.md describe both. */
#ifndef DOME_STORE_H
#define DOME_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "runtime/base/compiler.h"

struct store;
struct journal;
struct lock;

/* One saved state in a stack's history. */
struct store_saved {
    long serial;
    time_t when;   /* when it was saved (0: unknown) */
    char user[64]; /* who saved it ("?": unknown) */
};

/* What every backend implements. Functions that can fail return 0 (or a
 * count) on success and -1 with err filled ("what, where, how to fix"),
 * and never print. The journal functions latch their errors in the
 * journal (journal.h). */
struct store_ops {
    const char *name; /* "local", "postgres" */
    /* connect_begin (NULL: nothing to connect): starts connecting in the
     * background; the first call that needs the connection waits for it */
    void (*connect_begin)(struct store *s);
    /* load: the stack's current state text (malloc'd, NUL-terminated), or
     * *text NULL when the stack has none yet; *when (may be NULL) gets the
     * time it was saved. */
    int (*load)(struct store *s, const char *stack, char **text, size_t *len, time_t *when,
                char *err, size_t err_len);
    /* save: text becomes the stack's state and history entry serial, and
     * the journal is emptied: one transaction where the backend has them
     * (local: history first, then the state by atomic rename; the caller
     * removes the journal after). */
    int (*save)(struct store *s, const char *stack, long serial, const char *text, size_t len,
                char *err, size_t err_len);
    /* history: the saved serials of stack, ascending (malloc'd; *n count). */
    int (*history)(struct store *s, const char *stack, struct store_saved **list, size_t *n,
                   char *err, size_t err_len);
    /* history_get: the text of one saved serial (malloc'd), or NULL. */
    char *(*history_get)(struct store *s, const char *stack, long serial, size_t *len);
    /* journal_read: every record of stack's journal (JSON lines, malloc'd),
     * or *text NULL when there is no journal. */
    int (*journal_read)(struct store *s, const char *stack, char **text, char *err, size_t err_len);
    int (*journal_open)(struct journal *j, char *err, size_t err_len);
    /* journal_write: one record line (with its '\n'); 0 or an errno */
    int (*journal_write)(struct journal *j, const char *line, size_t len);
    /* journal_sync: every record written so far is durable; 0 or an errno */
    int (*journal_sync)(struct journal *j);
    void (*journal_close)(struct journal *j, bool remove);
    void (*journal_discard)(struct store *s, const char *stack);
    /* lock_try: 0 taken, 1 held by another (err names the holder), -1 error */
    int (*lock_try)(struct lock *lk, const char *holder, char *err, size_t err_len);
    void (*lock_release)(struct lock *lk);
    /* lock_holder: the holder text of stack's lock (malloc'd), NULL if none */
    char *(*lock_holder)(struct store *s, const char *stack);
    /* lock_clear: removes the holder record (`stack unlock --force`) */
    int (*lock_clear)(struct store *s, const char *stack, char *err, size_t err_len);
    /* stacks: the names of the stacks that have a state (malloc'd,
     * NULL-terminated; free each and the array), or NULL with err filled
     * when the backend cannot be read (never an empty list then: a stack
     * that exists only in an unreachable database is not "no stack") */
    char **(*stacks)(struct store *s, char *err, size_t err_len);
    /* remove: the stack's state, history, journal and lock record */
    int (*remove)(struct store *s, const char *stack, char *err, size_t err_len);
    /* free: closes the connection, frees the backend's data */
    void (*free)(struct store *s);
};

struct store {
    const struct store_ops *ops;
    char *prog_dir; /* the program directory */
    char *dome;     /* its .dome directory (local state; both: the selection) */
    char *project;  /* the project's name; separates projects in a shared backend */
    char *where;    /* for messages: the .dome path, or the URL with no password */
    void *impl;     /* the backend's own data */
};

/* store_local returns the local backend for the program in prog_dir. */
struct store *store_local(const char *prog_dir) WARN_UNUSED;

/* store_postgres returns the PostgreSQL backend for url (a postgres:// URL
 * or libpq keywords) and project. It connects on first use. */
struct store *store_postgres(const char *prog_dir, const char *project,
                             const char *url) WARN_UNUSED;

/* store_choose picks the backend for a program: postgres when
 * DOME_BACKEND_URL (env_url) is set or the project declares backend =
 * "postgres" (then the URL must be set), local otherwise. Returns NULL
 * with err filled when the project asks for postgres without a URL or
 * names an unknown backend. backend and project may be NULL. */
struct store *store_choose(const char *prog_dir, const char *project, const char *backend,
                           const char *env_url, char *err, size_t err_len) WARN_UNUSED;

/* store_connect_begin starts s's connection (a PostgreSQL backend's) in
 * the background, so that it overlaps the command's local work (compiling
 * the program); nothing for local files. Errors surface at first use. */
void store_connect_begin(struct store *s);

/* store_free closes and frees s (NULL is fine). */
void store_free(struct store *s);

/* store_where describes where s keeps state for messages: ".dome/" or the
 * URL with its password replaced by "***" (never the password). */
void store_where(const struct store *s, char *buf, size_t cap);

/* store_state_name names stack's state for messages: the local file's
 * path, or "stack 'S' of project 'P' in URL" (no password). */
void store_state_name(const struct store *s, const char *stack, char *buf, size_t cap);

/* store_redact copies a connection string (postgres:// URL or libpq
 * keywords) into buf with any password replaced by "***". */
void store_redact(const char *url, char *buf, size_t cap);

/* store_lock_timeout parses a --lock-timeout value: "90", "90s", "5m",
 * "1h" (seconds). Returns the seconds, or -1 when it is not one. */
long store_lock_timeout(const char *text);

#endif
