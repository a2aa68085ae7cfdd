/* Retry policy for cf_http: what to do with one attempt's result, and the
 * jittered exponential backoff (seeded PRNG, no rand()). No curl here: the
 * transport reduces its result to struct cf_attempt first.
 * Ownership: plain values only; nothing is allocated. */
#ifndef DOME_CF_RETRY_H
#define DOME_CF_RETRY_H

#include <stdbool.h>
#include <stdint.h>

#define CF_RETRY_BASE_MS 200.0
#define CF_RETRY_CAP_MS  10000.0

struct cf_rng {
    uint64_t state; /* splitmix64 state */
};

/* What one attempt produced, reduced from the transport's details. */
struct cf_attempt {
    bool got_response; /* an HTTP status line arrived */
    long status;       /* when got_response */
    bool retryable;    /* no response: a network fault worth retrying (timeout,
                          reset, refused), not a local or TLS-trust error */
    bool maybe_sent;   /* no response: the request may have reached the server */
};

enum cf_verdict {
    CF_VERDICT_DONE,      /* hand the response to the caller */
    CF_VERDICT_THROTTLED, /* 429: pause every send for Retry-After, then resend */
    CF_VERDICT_RETRY,     /* back off, then resend */
    CF_VERDICT_LOST,      /* non-idempotent and maybe applied: caller looks it up */
    CF_VERDICT_FAILED     /* give up now */
};

/* cf_rng_seed seeds the generator; seed 0 takes one from the clock and pid. */
void cf_rng_seed(struct cf_rng *r, uint64_t seed);

/* cf_rng_next returns the next 64 random bits (splitmix64). */
uint64_t cf_rng_next(struct cf_rng *r);

/* cf_retry_backoff_ms returns the delay before retry number `retry` (1 for
 * the first): d = min(cap, base * 2^(retry-1)), drawn uniformly in [d/2, d]. */
double cf_retry_backoff_ms(struct cf_rng *r, int retry);

/* cf_retry_idempotent is true for GET, PUT, PATCH, DELETE (and HEAD). */
bool cf_retry_idempotent(const char *method);

/* cf_retry_classify decides what to do with an attempt of `method`. */
enum cf_verdict cf_retry_classify(const char *method, const struct cf_attempt *a);

#endif
