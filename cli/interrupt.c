/* SIGINT/SIGTERM through a signalfd watched by the transport: see interrupt.h. */
#include "cli/interrupt.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* interrupt_arm: see interrupt.h. */
int interrupt_arm(struct interrupt *in, const char *command, struct cf_http *http)
{
    static const int sigs[] = {SIGINT, SIGTERM};
    memset(in, 0, sizeof *in);
    in->fd = -1;
    in->command = command;
    sigemptyset(&in->caught);
    for (size_t k = 0; k < sizeof sigs / sizeof *sigs; k++) {
        struct sigaction sa;
        if (sigaction(sigs[k], NULL, &sa) == 0 && sa.sa_handler != SIG_IGN)
            sigaddset(&in->caught, sigs[k]);
    }
    if (sigprocmask(SIG_BLOCK, &in->caught, &in->old_mask) != 0)
        return -1;
    in->fd = signalfd(-1, &in->caught, SFD_NONBLOCK | SFD_CLOEXEC);
    if (in->fd < 0) {
        int e = errno;
        sigprocmask(SIG_SETMASK, &in->old_mask, NULL);
        errno = e;
        return -1;
    }
    cf_http_set_interrupt_fd(http, in->fd);
    return 0;
}

/* take: read one pending signal from the signalfd, if any; returns it or 0 */
static int take(struct interrupt *in)
{
    struct signalfd_siginfo si;
    ssize_t n = read(in->fd, &si, sizeof si);
    return n == (ssize_t)sizeof si ? (int)si.ssi_signo : 0;
}

/* let_kill: default action for the caught signals, unblocked: the next one
 * ends the process at once. */
static void let_kill(struct interrupt *in)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = SIG_DFL;
    sigemptyset(&sa.sa_mask);
    for (int s = 1; s < NSIG; s++)
        if (sigismember(&in->caught, s) == 1)
            sigaction(s, &sa, NULL);
    sigprocmask(SIG_UNBLOCK, &in->caught, NULL);
}

/* interrupt_stop: see interrupt.h. */
bool interrupt_stop(void *user)
{
    struct interrupt *in = user;
    assert(in && in->fd >= 0);
    int s = take(in);
    if (s == 0)
        return false; /* a spurious wake-up: nothing to read */
    in->signo = s;
    fprintf(stderr,
            "\ndomec %s: %s received: starting no new operation; waiting for those "
            "in flight (press Ctrl-C again to abort at once)\n",
            in->command,
            s == SIGINT    ? "SIGINT"
            : s == SIGTERM ? "SIGTERM"
                           : "a signal");
    fflush(stderr);
    let_kill(in);
    return true;
}

/* interrupt_disarm: see interrupt.h. */
void interrupt_disarm(struct interrupt *in, struct cf_http *http)
{
    if (in->fd < 0)
        return;
    cf_http_set_interrupt_fd(http, -1);
    bool is_late = in->signo == 0 && (in->signo = take(in)) != 0;
    if (is_late) /* it came after the last operation: still honoured */
        let_kill(in);
    close(in->fd);
    in->fd = -1;
    if (in->signo == 0)
        sigprocmask(SIG_SETMASK, &in->old_mask, NULL);
}

/* interrupt_exit_code: see interrupt.h. */
int interrupt_exit_code(const struct interrupt *in)
{
    return in->signo ? 128 + in->signo : 0;
}
