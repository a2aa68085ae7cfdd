/* The shared request log: a binary file of struct slot records (the
 * holder: pid and descriptor; the wall time the request was answered, 0
 * while in flight), rewritten whole under an exclusive flock. It holds
 * at most a few thousand records (one per request inside the window), so
 * each rewrite is a few KB. */
#include "runtime/net/cf_shared_budget.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"

struct slot {
    int32_t pid;
    int32_t fd;      /* the holder's descriptor: one process may hold the file
                        open twice (the account check's transport beside the
                        main one), and closing one must not answer the
                        other's requests in flight */
    double answered; /* wall s; 0 = in flight */
};

#define MAX_SLOTS 100000

struct log {
    struct slot *v;
    size_t n;
};

/* cf_shared_budget_open: see cf_shared_budget.h. */
int cf_shared_budget_open(struct cf_shared_budget *b, const char *path, int budget, double window_s)
{
    b->budget = budget;
    b->window_s = window_s;
    b->pid = (int)getpid();
    b->fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    return b->fd >= 0 ? 0 : -1;
}

/* load the log (the file locked); -1 when unreadable */
static int load(int fd, struct log *l)
{
    struct stat st;
    l->v = NULL;
    l->n = 0;
    if (fstat(fd, &st) != 0 || st.st_size < 0)
        return -1;
    size_t n = (size_t)st.st_size / sizeof(struct slot);
    if (n > MAX_SLOTS)
        n = MAX_SLOTS;
    l->v = xcalloc(n + 1, sizeof *l->v);
    if (n > 0 && pread(fd, l->v, n * sizeof *l->v, 0) != (ssize_t)(n * sizeof *l->v)) {
        free(l->v);
        l->v = NULL;
        return -1;
    }
    l->n = n;
    return 0;
}

/* store the log back (the file locked) */
static void store(int fd, const struct log *l)
{
    size_t len = l->n * sizeof *l->v;
    if (pwrite(fd, l->v, len, 0) == (ssize_t)len)
        (void)!ftruncate(fd, (off_t)len);
}

/* is_dead: whether pid has exited; *last caches the answer for the pid
 * asked last (slots come in runs of one process), and this process is
 * alive without asking, so a prune costs a syscall per other process, not
 * one per slot held */
static bool is_dead(int32_t pid, int32_t self, int32_t last[2])
{
    if (pid == self || pid <= 0)
        return false;
    if (pid != last[0]) {
        last[0] = pid;
        last[1] = kill(pid, 0) != 0 && errno == ESRCH;
    }
    return last[1];
}

/* prune: drop slots answered more than a window ago; a dead process's
 * held slot counts as answered now */
static void prune(struct log *l, double now, double window_s, int32_t self)
{
    size_t k = 0;
    int32_t last[2] = {0, 0};
    for (size_t i = 0; i < l->n; i++) {
        struct slot s = l->v[i];
        if (s.answered == 0 && is_dead(s.pid, self, last))
            s.answered = now;
        if (s.answered == 0 || s.answered + window_s > now)
            l->v[k++] = s;
    }
    l->n = k;
}

/* with_log: lock, load and prune; -1 when the file cannot be used */
static int with_log(struct cf_shared_budget *b, struct log *l, double now)
{
    if (b->fd < 0 || flock(b->fd, LOCK_EX) != 0)
        return -1;
    if (load(b->fd, l) != 0) {
        flock(b->fd, LOCK_UN);
        return -1;
    }
    prune(l, now, b->window_s, b->pid);
    return 0;
}

static void done(struct cf_shared_budget *b, struct log *l, bool is_changed)
{
    if (is_changed)
        store(b->fd, l);
    flock(b->fd, LOCK_UN);
    free(l->v);
}

/* cf_shared_budget_take: see cf_shared_budget.h. */
double cf_shared_budget_take(struct cf_shared_budget *b, double now, int want, int *got)
{
    struct log l;
    *got = 0;
    if (with_log(b, &l, now) != 0) {
        *got = want;
        return 0;
    }
    long room = b->budget - (long)l.n;
    if (room > MAX_SLOTS - (long)l.n)
        room = MAX_SLOTS - (long)l.n;
    if (room > 0) {
        *got = want < room ? want : (int)room;
        l.v = xrealloc(l.v, (l.n + (size_t)*got) * sizeof *l.v);
        for (int i = 0; i < *got; i++)
            l.v[l.n++] = (struct slot){.pid = b->pid, .fd = b->fd, .answered = 0};
        done(b, &l, true);
        return 0;
    }
    double wait = -1;
    for (size_t i = 0; i < l.n; i++)
        if (l.v[i].answered > 0 && (wait < 0 || l.v[i].answered + b->window_s - now < wait))
            wait = l.v[i].answered + b->window_s - now;
    done(b, &l, true);
    return wait;
}

/* settle up to max (all when < 0) of the slots this handle holds: marked
 * answered at now, or dropped when is_unused */
static void settle(struct cf_shared_budget *b, double now, long max, bool is_unused)
{
    struct log l;
    if (max == 0 || with_log(b, &l, now) != 0)
        return;
    size_t k = 0;
    for (size_t i = 0; i < l.n; i++) {
        struct slot s = l.v[i];
        if (max != 0 && s.pid == b->pid && s.fd == b->fd && s.answered == 0) {
            max--;
            if (is_unused)
                continue;
            s.answered = now;
        }
        l.v[k++] = s;
    }
    l.n = k;
    done(b, &l, true);
}

/* cf_shared_budget_finish: see cf_shared_budget.h. */
void cf_shared_budget_finish(struct cf_shared_budget *b, double now, long n)
{
    settle(b, now, n, false);
}

/* cf_shared_budget_release: see cf_shared_budget.h. */
void cf_shared_budget_release(struct cf_shared_budget *b, double now, long n)
{
    settle(b, now, n, true);
}

/* cf_shared_budget_count: see cf_shared_budget.h. */
long cf_shared_budget_count(struct cf_shared_budget *b, double now)
{
    struct log l;
    if (with_log(b, &l, now) != 0)
        return -1;
    long n = (long)l.n;
    done(b, &l, true);
    return n;
}

/* cf_shared_budget_close: see cf_shared_budget.h. */
void cf_shared_budget_close(struct cf_shared_budget *b, double now)
{
    if (b->fd < 0)
        return;
    settle(b, now, -1, false);
    close(b->fd);
    b->fd = -1;
}
