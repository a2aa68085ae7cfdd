/* What Cloudflare says about the request budget: its `Ratelimit` header
 * ("default";r=REMAINING;t=SECONDS_TO_RESET) and `Ratelimit-Policy` header
 * ("default";q=QUOTA;w=WINDOW_SECONDS), read from every answer. The budget
 * is per user across every client (dashboard, wrangler, CI), so what the
 * server says counts for more than any local guess: cf_http sends nothing
 * while the server-side estimate is at its reserve, until the window resets.
 * Ownership: plain values only. */
#ifndef DOME_CF_RATELIMIT_H
#define DOME_CF_RATELIMIT_H

#include <stdbool.h>

struct cf_server_budget {
    bool is_known;   /* an answer said how much is left, and its window is on */
    bool does_speak; /* some answer carried a Ratelimit header */
    double reset_at; /* monotonic s: the server's window resets */
    long remaining;  /* what the server said, less requests in flight then */
    long sent_since; /* requests sent since */
    long quota;      /* Ratelimit-Policy q (0: not said) */
    double window_s; /* Ratelimit-Policy w (0: not said) */
};

/* cf_ratelimit_parse reads a Ratelimit value (items "name";r=N;t=S, comma
 * separated): the smallest r with its t. Returns 0, or -1 when no item has
 * both. Also reads a Ratelimit-Policy value: q into *r, w into *t. */
int cf_ratelimit_parse(const char *value, const char *r_key, const char *t_key, long *r, double *t);

/* cf_server_budget_note records an answer at now saying r requests remain
 * for t seconds, with inflight other requests sent and not yet answered
 * (the server may not have counted them yet). */
void cf_server_budget_note(struct cf_server_budget *b, double now, long r, double t, int inflight);

/* cf_server_budget_left is the estimate of what remains now (0 when
 * spent or overdrawn), or -1 when the server said nothing for this
 * window. */
long cf_server_budget_left(struct cf_server_budget *b, double now);

/* cf_server_budget_wait: 0 when one more request may go at now, else the
 * seconds until the server's window resets, or -1 when only an answer can
 * tell: the server's window has reset (as far as is known) and inflight
 * requests are on their way, so one goes first and its answer says what
 * the new window holds. A reserve of 1% of the quota is left for the
 * user's other clients. */
double cf_server_budget_wait(struct cf_server_budget *b, double now, int inflight);

/* cf_server_budget_merge folds what another transport of this process
 * learned (from) into b at now: the newer window wins, and within one
 * window the smaller estimate and the earlier reset, so knowledge b
 * gathered itself is never replaced by an older, larger figure. */
void cf_server_budget_merge(struct cf_server_budget *b, const struct cf_server_budget *from,
                            double now);

/* cf_server_budget_sent records one request sent. */
void cf_server_budget_sent(struct cf_server_budget *b);

#endif
