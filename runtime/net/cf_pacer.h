/* Request budget pacing for cf_http: a sliding log that lets a burst of up to
 * the whole budget go at once but never more than `budget` requests within any
 * window of `window_s` seconds, as counted by the server.
 * Ownership: the pacer owns its ring buffer; cf_pacer_free releases it. */
#ifndef DOME_CF_PACER_H
#define DOME_CF_PACER_H

#include "runtime/base/compiler.h"

struct cf_pacer {
    int budget;      /* requests allowed per window; > 0 */
    double window_s; /* window length in seconds; > 0 */
    double *ring;    /* release times (monotonic s) of answered requests, oldest
                        first, ring[(head + i) % budget] for i < n_done */
    int head;        /* index of the oldest entry in ring */
    int n_done;      /* answered requests still inside the window */
    int n_inflight;  /* sent, not yet answered: each holds a budget slot */
};

/* cf_pacer_init sets up a pacer for budget requests per window_s seconds.
 * Returns 0, or -1 when given a non-positive limit. */
int cf_pacer_init(struct cf_pacer *p, int budget, double window_s) WARN_UNUSED;

/* cf_pacer_free releases the ring; the pacer may be re-initialised. */
void cf_pacer_free(struct cf_pacer *p);

/* cf_pacer_wait says whether a request may be sent at monotonic time now:
 * 0 = yes, > 0 = seconds until a slot frees, < 0 = every slot is held by a
 * request in flight (wait for one to be answered). */
double cf_pacer_wait(struct cf_pacer *p, double now);

/* cf_pacer_start records that a request was sent; call only after
 * cf_pacer_wait returned 0. */
void cf_pacer_start(struct cf_pacer *p);

/* cf_pacer_finish records that a sent request was answered, failed or was
 * given up at time now; its slot frees window_s seconds later. */
void cf_pacer_finish(struct cf_pacer *p, double now);

#endif
