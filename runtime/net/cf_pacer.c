/* Sliding-log request pacer: a request's budget slot is taken when it is sent
 * and released window_s after its answer arrived, which is never earlier than
 * the server counted it, so no server-side window can ever see budget + 1. */
#include "runtime/net/cf_pacer.h"

#include <assert.h>
#include <stdlib.h>

#include "runtime/base/xalloc.h"

/* cf_pacer_init: see cf_pacer.h. */
int cf_pacer_init(struct cf_pacer *p, int budget, double window_s)
{
    p->ring = NULL;
    p->head = p->n_done = p->n_inflight = 0;
    p->budget = budget;
    p->window_s = window_s;
    if (budget <= 0 || window_s <= 0)
        return -1;
    p->ring = xcalloc((size_t)budget, sizeof *p->ring);
    return 0;
}

/* cf_pacer_free: see cf_pacer.h. */
void cf_pacer_free(struct cf_pacer *p)
{
    free(p->ring);
    p->ring = NULL;
    p->n_done = p->n_inflight = 0;
}

/* drop answered requests whose window has passed. */
static void prune(struct cf_pacer *p, double now)
{
    while (p->n_done > 0 && p->ring[p->head] + p->window_s <= now) {
        p->head = (p->head + 1) % p->budget;
        p->n_done--;
    }
}

/* cf_pacer_wait: see cf_pacer.h. */
double cf_pacer_wait(struct cf_pacer *p, double now)
{
    prune(p, now);
    if (p->n_inflight + p->n_done < p->budget)
        return 0;
    if (p->n_done == 0)
        return -1;
    return p->ring[p->head] + p->window_s - now;
}

/* cf_pacer_start: see cf_pacer.h. */
void cf_pacer_start(struct cf_pacer *p)
{
    /* only after cf_pacer_wait said 0: a slot is free */
    assert(p->n_inflight + p->n_done < p->budget);
    p->n_inflight++;
}

/* cf_pacer_finish: see cf_pacer.h. The ring cannot overflow: every entry
 * comes from a slot that was counted in flight, and in flight + done never
 * exceeds the budget. */
void cf_pacer_finish(struct cf_pacer *p, double now)
{
    if (p->n_inflight > 0)
        p->n_inflight--;
    if (p->n_done == p->budget) { /* defensive: forget the oldest */
        p->head = (p->head + 1) % p->budget;
        p->n_done--;
    }
    p->ring[(p->head + p->n_done) % p->budget] = now;
    p->n_done++;
}
