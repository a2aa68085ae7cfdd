/* The executor: runs a plan's steps as a DAG on one cf_http, every step
 * whose dependencies are done at once (the transport bounds the requests in
 * flight). On a failure it finishes what is in flight, skips dependents,
 * and reports every failure. State (in memory) and the journal are updated
 * as each step finishes; the caller saves the state. */
#ifndef DOME_EXEC_H
#define DOME_EXEC_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"
#include "runtime/store/journal.h"
#include "runtime/plan/plan.h"
#include "runtime/providers/prov.h"

enum exec_event_type { EXEC_START, EXEC_DONE, EXEC_FAILED, EXEC_SKIPPED };

struct exec_event {
    enum exec_event_type type;
    const struct plan_step *step;
    double elapsed_s;  /* since the step started (DONE/FAILED) */
    const char *error; /* FAILED: the message */
    int n_running;     /* steps in flight after this event */
    int n_finished;    /* steps done, failed or skipped so far */
    int n_total;       /* steps to run */
};

typedef void (*exec_event_fn)(void *user, const struct exec_event *ev);

struct exec_failure {
    char *key;     /* resource key */
    long res;      /* IR index or -1 */
    char *message; /* Cloudflare's code and message, or the transport error */
};

struct exec_report {
    int n_done, n_failed, n_skipped;
    struct exec_failure *failures; /* n_failed entries; free with exec_report_free */
    bool is_interrupted;           /* on_interrupt stopped the run */
    int n_not_started;             /* skipped because of the interruption (within n_skipped) */
    int n_unlanded;                /* state entries newly stamped "unlanded_since" (see below) */
    int n_kept_pending;            /* creates kept in the state as pending: their early step
                                      may have made the resource, their usual steps never ran */
    char *gate_closed;             /* the closed gate's message (see exec_plan), or NULL */
};

/* on_interrupt: the transport woke for its interrupt fd (cf_http_set_interrupt_fd).
 * It must drain the fd (or it stays readable); returns true to stop. */
typedef bool (*exec_interrupt_fn)(void *user);

/* What a gate says (exec_options.gate). */
enum exec_gate { EXEC_GATE_OPEN, EXEC_GATE_PENDING, EXEC_GATE_CLOSED };

/* gate: a check still under way when the run starts (the account check).
 * Returns EXEC_GATE_PENDING only when wait is false; EXEC_GATE_CLOSED
 * fills msg with why. */
typedef enum exec_gate (*exec_gate_fn)(void *user, bool wait, char *msg, size_t msg_len);

struct exec_options {
    exec_event_fn on_event; /* may be NULL */
    void *user;
    struct journal *journal; /* may be NULL (no journaling) */
    int parallel; /* steps in flight at most; default CF_HTTP_DEFAULT_PARALLEL when <= 0 */
    exec_interrupt_fn on_interrupt; /* NULL: the first wake-up stops the run */
    void *interrupt_user;
    double unlanded_grace_s; /* see exec_plan; default 30 when <= 0 */
    exec_gate_fn gate;       /* NULL: none; see exec_plan */
    void *gate_user;
};

/* exec_plan runs every non-SAME step of p, starting ready steps with the
 * longest chain of dependents first (the critical path), at most
 * opt->parallel at a time. With a journal, an operation's requests are sent
 * only once its pending record is durable (runtime/store/journal.h); when
 * the journal cannot take a record or a sync, the operations it could not
 * record fail without sending anything (the message names the journal and
 * the OS error), no new operation starts (the rest are skipped), and those
 * in flight finish.
 *
 * Interruption: when cf_http_next wakes for the transport's interrupt fd and
 * on_interrupt returns true, no new operation starts (the interrupt fd is
 * no longer watched), the operations in flight finish and are recorded, and
 * every step not started is skipped with "not started: interrupted"
 * (rep->is_interrupted, rep->n_not_started).
 *
 * A delete that finds nothing counts as done, except for an entry marked
 * "pending":"create" (the create of a killed run, maybe still on its way):
 * the step fails, the entry stays, and it is stamped "unlanded_since" (unix
 * seconds, rep->n_unlanded) the first time. Once a delete finds nothing
 * unlanded_grace_s after that stamp, the create never landed (the killed
 * run had not sent it) and the entry is dropped as deleted.
 *
 * Gate: while opt->gate is pending only creates start (a create with
 * credentials the gate would refuse fails without touching anything that
 * exists); every other step waits for it, and when nothing else can run
 * the run waits for the gate. A closed gate stops the run as a failed
 * journal does: no new operation starts, those in flight finish and are
 * recorded, and rep->gate_closed holds the gate's message.
 *
 * Returns 0 when all succeeded, -1 otherwise (rep says what failed). */
int exec_plan(const struct prov_ctx *ctx, struct cf_http *http, const struct plan *p,
              const struct exec_options *opt, struct exec_report *rep) WARN_UNUSED;

/* exec_report_free frees the failure list. */
void exec_report_free(struct exec_report *rep);

#endif
