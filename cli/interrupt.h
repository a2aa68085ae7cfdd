/* Ctrl-C and SIGTERM during apply and destroy: the first one stops starting
 * operations and lets those in flight finish (their results recorded, the
 * state saved); a second one kills at once (the journal keeps that safe).
 *
 * No signal handler and no global flag: SIGINT and SIGTERM are blocked and
 * read from a signalfd, which the transport watches next to its sockets
 * (cf_http_set_interrupt_fd), so a signal wakes the executor at once. */
#ifndef DOME_INTERRUPT_H
#define DOME_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>

#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"

struct interrupt {
    int fd;              /* signalfd, -1 when not armed */
    sigset_t caught;     /* SIGINT/SIGTERM, those not ignored when armed */
    sigset_t old_mask;   /* the mask before arming */
    const char *command; /* "apply", ... for messages */
    int signo;           /* the first signal received, 0 while none */
};

/* interrupt_arm blocks SIGINT and SIGTERM (those not ignored: a shell starts
 * background jobs with SIGINT ignored, and that stays so) and opens a
 * signalfd for them, watched by http. Returns 0, or -1 (errno set; nothing
 * changed, the signals keep their default action). */
int interrupt_arm(struct interrupt *in, const char *command, struct cf_http *http) WARN_UNUSED;

/* interrupt_stop is the executor's on_interrupt (user: the struct
 * interrupt): reads the signal, says that the run stops, restores the
 * default action so that a second signal kills, and returns true. */
bool interrupt_stop(void *user);

/* interrupt_disarm stops watching, takes a signal that arrived in the
 * meantime (it counts as received), closes the signalfd and restores the
 * signal mask. A no-op when not armed. */
void interrupt_disarm(struct interrupt *in, struct cf_http *http);

/* interrupt_exit_code: 128 + the signal received (130 for SIGINT, 143 for
 * SIGTERM), or 0 when none was. */
int interrupt_exit_code(const struct interrupt *in);

#endif
