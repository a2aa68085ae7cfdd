/* Retry policy: 429 is always resent (the server refused it), 5xx and network
 * faults are resent only for idempotent methods, and a POST that may have
 * reached the server is reported lost instead of being sent twice. */
#include "runtime/net/cf_retry.h"

#include <string.h>
#include <time.h>
#include <unistd.h>

/* cf_rng_seed: see cf_retry.h. */
void cf_rng_seed(struct cf_rng *r, uint64_t seed)
{
    struct timespec ts;
    if (seed == 0) {
        clock_gettime(CLOCK_REALTIME, &ts);
        seed =
            (uint64_t)ts.tv_sec * 1000000007u ^ (uint64_t)ts.tv_nsec ^ ((uint64_t)getpid() << 32);
    }
    r->state = seed;
}

/* cf_rng_next: see cf_retry.h. */
uint64_t cf_rng_next(struct cf_rng *r)
{
    uint64_t z = (r->state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

/* cf_retry_backoff_ms: see cf_retry.h. */
double cf_retry_backoff_ms(struct cf_rng *r, int retry)
{
    double d = CF_RETRY_BASE_MS;
    double u = (double)(cf_rng_next(r) >> 11) / 9007199254740992.0; /* [0, 1) */
    for (int i = 1; i < retry && d < CF_RETRY_CAP_MS; i++)
        d *= 2;
    if (d > CF_RETRY_CAP_MS)
        d = CF_RETRY_CAP_MS;
    return d / 2 + u * (d / 2);
}

/* cf_retry_idempotent: see cf_retry.h. */
bool cf_retry_idempotent(const char *method)
{
    static const char *const safe[] = {"GET", "PUT", "PATCH", "DELETE", "HEAD"};
    for (size_t i = 0; i < sizeof safe / sizeof safe[0]; i++)
        if (strcmp(method, safe[i]) == 0)
            return true;
    return false;
}

/* cf_retry_classify: see cf_retry.h. */
enum cf_verdict cf_retry_classify(const char *method, const struct cf_attempt *a)
{
    bool idem = cf_retry_idempotent(method);
    if (a->got_response) {
        if (a->status == 429)
            return CF_VERDICT_THROTTLED;
        if (a->status >= 500 && a->status <= 599)
            return idem ? CF_VERDICT_RETRY : CF_VERDICT_LOST;
        return CF_VERDICT_DONE;
    }
    if (!a->retryable)
        return a->maybe_sent && !idem ? CF_VERDICT_LOST : CF_VERDICT_FAILED;
    if (idem || !a->maybe_sent)
        return CF_VERDICT_RETRY;
    return CF_VERDICT_LOST;
}
