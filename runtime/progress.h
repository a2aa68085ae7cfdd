/* Apply/destroy progress: plain lines off a terminal, a live status line on
 * one, or a JSON event stream (--json). Plugged into exec as its event
 * callback. */
#ifndef DOME_PROGRESS_H
#define DOME_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "runtime/exec.h"

struct progress {
    FILE *out;
    bool is_tty;  /* redraw a status line */
    bool is_json; /* one JSON object per event */
};

/* progress_event is an exec_event_fn; user is a struct progress. */
void progress_event(void *user, const struct exec_event *ev);

/* progress_failures prints every failure of rep at the end of a run. */
void progress_failures(FILE *out, const struct exec_report *rep);

#endif
