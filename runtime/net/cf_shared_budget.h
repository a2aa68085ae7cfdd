/* The --api-budget shared by every domec process on one machine that uses
 * the same state directory: a small file (.dome/api-budget, 0600) holding
 * the sliding log of requests sent, each {pid, descriptor, answered-at},
 * read and rewritten under flock(2) once per burst of requests and once per
 * batch of answers. A slot is held from the send
 * until window_s after the answer, as cf_pacer does in one process; a
 * held slot of a process that died is treated as answered when found.
 * Two stacks applied at once therefore never spend more than the budget
 * together. Ownership: the struct owns its file descriptor. */
#ifndef DOME_CF_SHARED_BUDGET_H
#define DOME_CF_SHARED_BUDGET_H

#include "runtime/base/compiler.h"

struct cf_shared_budget {
    int fd;          /* the open file, -1 when not shared */
    int budget;      /* requests per window */
    double window_s; /* the window */
    int pid;         /* this process */
};

/* cf_shared_budget_open opens (creating, 0600) the file at path. Returns 0,
 * or -1 (b->fd is then -1) when it cannot be opened. */
int cf_shared_budget_open(struct cf_shared_budget *b, const char *path, int budget,
                          double window_s) WARN_UNUSED;

/* cf_shared_budget_take takes up to want (>= 1) slots at wall time now
 * (seconds since the epoch) in one locked read and write of the file, and
 * sets *got to how many it took. Returns 0 when at least one was taken,
 * > 0 seconds until one frees, < 0 when every slot is held by a request in
 * flight, or 0 with *got = want when the file cannot be read (pacing then
 * falls back to this process's own count). */
double cf_shared_budget_take(struct cf_shared_budget *b, double now, int want, int *got);

/* cf_shared_budget_finish marks n of the slots this handle holds answered
 * at now. */
void cf_shared_budget_finish(struct cf_shared_budget *b, double now, long n);

/* cf_shared_budget_release gives back n slots this handle took and did not
 * use (no request was sent for them). */
void cf_shared_budget_release(struct cf_shared_budget *b, double now, long n);

/* cf_shared_budget_count is how many slots are held or in the window at
 * now (every process), or -1 when unreadable. */
long cf_shared_budget_count(struct cf_shared_budget *b, double now);

/* cf_shared_budget_close marks the slots this handle holds answered now
 * and closes the file; slots other handles of the process hold stay held. */
void cf_shared_budget_close(struct cf_shared_budget *b, double now);

#endif
