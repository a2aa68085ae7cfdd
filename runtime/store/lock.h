/* The stack lock: .dome/<stack>.lock, holding who took it (pid, host, time,
 * command) and flock(2)ed by its holder for as long as it is held (lock.c
 * explains the scheme). A lock whose holder is a dead process on this host
 * is stale and is taken over, atomically: of processes racing for it, one
 * wins. */
#ifndef DOME_LOCK_H
#define DOME_LOCK_H

#include <stddef.h>

#include "runtime/base/compiler.h"

struct lock {
    char *path; /* NULL when not held */
    int fd;     /* the open, flocked lock file while held */
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

/* lock_release removes the lock file and frees lk's memory; safe to repeat. */
void lock_release(struct lock *lk);

#endif
