/* Apply/destroy progress: plain lines off a terminal, a live status line on
 * one, or a JSON event stream (--json). Plugged into exec as its event
 * callback. */
#ifndef DOME_PROGRESS_H
#define DOME_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/exec/exec.h"

struct progress_slot {
    const struct plan_step *step; /* in flight; NULL = free slot */
    double t0;                    /* when it started (monotonic seconds) */
};

struct progress {
    FILE *out;
    bool is_tty;                 /* redraw the in-flight block */
    bool is_json;                /* one JSON object per event */
    struct progress_slot *slots; /* tty: steps in flight (malloc'd; progress_free) */
    size_t n_slots;
    int n_drawn; /* lines of the block drawn last */
    double t_start;
};

/* progress_free frees the in-flight table (the struct itself is the caller's). */
void progress_free(struct progress *pr);

/* progress_event is an exec_event_fn; user is a struct progress. */
void progress_event(void *user, const struct exec_event *ev);

/* progress_failures prints every failure of rep at the end of a run. */
void progress_failures(FILE *out, const struct exec_report *rep);

#endif
