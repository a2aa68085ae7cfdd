/* The stack lock: .dome/<stack>.lock, holding who took it (pid, host, time,
 * command) and flock(2)ed by its holder for as long as it is held (lock.c
 * explains the scheme). A lock whose holder is a dead process on this host
 * is stale and is taken over, atomically: of processes racing for it, one
 * wins. */
#ifndef DOME_LOCK_H
#define DOME_LOCK_H

#include <stddef.h>

#include "runtime/base/compiler.h"

struct store;

struct lock {
    struct store *store; /* the backend holding it (NULL: a bare lock file) */
    char *stack;         /* NULL when not held */
    char *path;          /* local: the lock file while held */
    int fd;              /* local: the open, flocked lock file while held */
};

/* lock_holder describes the holder in a lock file's text as "'apply' (pid
 * N on HOST since TIME)", with control characters (C0, DEL, C1) shown as
 * '?' so a planted lock file cannot send escape sequences to a terminal.
 * Always NUL-terminates within cap (cap > 0). */
void lock_holder(const char *text, char *buf, size_t cap);

/* lock_acquire takes the lock for stack in dome_dir (creating the dir;
 * refusing one that is not private, see fs_private_dir).
 * Fails at once, with the holder named in err, when another live process
 * holds it. Returns 0 or -1. Release with lock_release. */
int lock_acquire(struct lock *lk, const char *dome_dir, const char *stack, const char *command,
                 char *err, size_t err_len) WARN_UNUSED;

/* lock_take takes the lock of stack in store s (any backend): at once, or
 * by retrying for up to timeout_s seconds while another holds it. On
 * failure err names the holder. Returns 0 or -1. Release with lock_release. */
int lock_take(struct lock *lk, struct store *s, const char *stack, const char *command,
              long timeout_s, char *err, size_t err_len) WARN_UNUSED;

/* lock_release releases the lock (removing a lock file or holder record)
 * and frees lk's memory; safe to repeat. */
void lock_release(struct lock *lk);

/* lock_holder_new returns the holder text of this process running command:
 * {"pid","host","user","time","command"} (malloc'd). */
char *lock_holder_new(const char *command) WARN_UNUSED;

/* lock_held_message writes "the stack is locked by HOLDER" and how to get
 * past it (help) into err. */
void lock_held_message(const char *holder_text, const char *help, char *err, size_t err_len);

/* The local backend's lock file (store_local.c): lock_file_try takes
 * lk->stack's lock file in dome; 0 taken, 1 held (err names the holder),
 * -1 error. lock_file_release removes it. */
int lock_file_try(struct lock *lk, const char *dome, const char *holder, char *err,
                  size_t err_len) WARN_UNUSED;
void lock_file_release(struct lock *lk);

#endif
