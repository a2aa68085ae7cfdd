/* Cloudflare HTTP transport: the only place that talks HTTP (libcurl multi).
 * Runs many requests at once under a request budget, retries what is safe to
 * retry, and never writes the API token anywhere.
 *
 * Ownership: the caller owns every cf_request it submits until the matching
 * completion is returned; cf_http copies nothing it does not need. Response
 * bodies belong to the cf_http_completion and are freed by
 * cf_http_completion_free(). */
#ifndef DOME_CF_HTTP_H
#define DOME_CF_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "runtime/base/compiler.h"

struct cf_http;

/* Where verbose traces go: one call per line, token already redacted. */
typedef void (*cf_trace_fn)(void *user, const char *line);

/* Requests in flight by default: Cloudflare allows 200 requests per second
 * per IP and 1,200 per 5 minutes per user (a burst of the whole budget is
 * allowed); at the API's usual 100-300 ms per request, 64 in flight reach
 * the per-IP rate without queueing behind each other, and the pacers keep
 * both limits. docs/cli.md says why. */
#define CF_HTTP_DEFAULT_PARALLEL 64
#define CF_HTTP_IP_RATE          200 /* requests per second per IP */

struct cf_http_config {
    const char *base_url; /* e.g. "https://api.cloudflare.com/client/v4", no trailing '/' */
    const char *token;    /* API token; copied into locked memory, never printed */
    int parallel; /* requests in flight at most; default CF_HTTP_DEFAULT_PARALLEL when <= 0 */
    int ip_rate;  /* requests per second at most; default CF_HTTP_IP_RATE when <= 0 */
    int budget_requests;     /* request budget per window; default 1200 when <= 0 */
    int budget_window_s;     /* window length in seconds; default 300 when <= 0 */
    const char *budget_file; /* the budget is shared with every process using this
                                file (cf_shared_budget.h); NULL: this process alone */
    int max_retries;         /* retries of a retryable failure; default 5 when < 0 */
    int timeout_ms;          /* per attempt; default 30000 when <= 0 */
    uint64_t seed;           /* jitter seed; 0 = from the clock */
    cf_trace_fn trace;       /* NULL = no trace (--verbose sets it) */
    void *trace_user;
};

struct cf_request {
    const char *method;       /* "GET", "POST", "PUT", "PATCH", "DELETE" */
    const char *path;         /* below base_url, e.g. "/accounts/X/d1/database" */
    const char *content_type; /* NULL when there is no body */
    const char *body;         /* may contain NULs (multipart); length in body_len */
    size_t body_len;
    const char *const *headers; /* extra "Name: value" lines, NULL-terminated; may be NULL */
    void *user;                 /* handed back in the completion */
};

enum cf_outcome {
    CF_DONE,  /* an HTTP response arrived (any status; see status) */
    CF_LOST,  /* a non-idempotent request (POST) may or may not have taken
                 effect: connection dropped or timed out after sending.
                 The caller must look the resource up before acting again. */
    CF_FAILED /* no response after all retries (connect errors, timeouts) */
};

struct cf_http_completion {
    const struct cf_request *request;
    enum cf_outcome outcome;
    long status; /* HTTP status when CF_DONE, else 0 */
    char *body;  /* response body, NUL-terminated; may be NULL */
    size_t body_len;
    int attempts;    /* how many times it was sent */
    char error[256]; /* transport error text when not CF_DONE */
};

/* cf_http_new makes a transport. Returns NULL (and fills err) on failure. */
struct cf_http *cf_http_new(const struct cf_http_config *cfg, char *err,
                            size_t err_len) WARN_UNUSED;

/* cf_http_learn_from gives http what other (another transport of this
 * process, e.g. one that ran the account check, with nothing in flight)
 * learnt from the server's Ratelimit headers, and counts other's requests
 * in http's pacers, so http paces as if it had sent them itself. */
void cf_http_learn_from(struct cf_http *http, const struct cf_http *other);

/* cf_http_free ends every transfer, wipes the token and frees the transport. */
void cf_http_free(struct cf_http *http);

/* cf_http_submit queues a request; it starts as soon as the parallelism and
 * the request budget allow. Returns 0, or -1 when the transport is closed. */
int cf_http_submit(struct cf_http *http, const struct cf_request *req) WARN_UNUSED;

/* cf_http_next blocks until one submitted request is complete (after any
 * retries, and after waiting out 429 Retry-After), and stores it in *out.
 * Returns 1 when a completion was stored, 0 when nothing is pending, or
 * CF_HTTP_INTERRUPTED (nothing stored) when it woke because the interrupt
 * fd became readable while no completion was ready; the transfers go on. */
#define CF_HTTP_INTERRUPTED 2
int cf_http_next(struct cf_http *http, struct cf_http_completion *out) WARN_UNUSED;

/* cf_http_has_done is true when a completion is ready, so cf_http_next
 * returns at once. */
bool cf_http_has_done(const struct cf_http *http);

/* cf_http_set_interrupt_fd makes cf_http_next also watch fd (a signalfd, a
 * pipe's read end) and return CF_HTTP_INTERRUPTED as soon as it is
 * readable; -1 (the default) watches nothing. cf_http never reads or closes
 * fd: its owner drains it, or it stays readable. */
void cf_http_set_interrupt_fd(struct cf_http *http, int fd);

/* cf_http_completion_free frees the body of a completion. */
void cf_http_completion_free(struct cf_http_completion *c);

/* What is left of the request budget, by the local count and by what the
 * server said last (the smaller). */
struct cf_budget_view {
    long left;       /* requests that may go now */
    double reset_in; /* seconds until more may (0: nothing is held) */
    long quota;      /* requests per window */
    double window_s; /* the window */
};

/* cf_http_budget fills *out. */
void cf_http_budget(struct cf_http *http, struct cf_budget_view *out);

/* cf_http_stats reports how many requests were sent (attempts included) and
 * how many got a 429, for benchmarks and --verbose summaries. */
void cf_http_stats(const struct cf_http *http, long *sent, long *throttled);

#endif
