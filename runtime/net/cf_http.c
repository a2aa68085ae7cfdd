/* Cloudflare HTTP transport over the libcurl multi interface: a FIFO of
 * requests started under the parallelism limit, the request budget (cf_pacer),
 * the per-IP rate (a second cf_pacer over one second), what the server's
 * Ratelimit headers say is left (cf_ratelimit) and any 429 pause, with
 * retries decided by cf_retry. The only file that
 * includes curl; the API token is sent but never formatted into any text. */
#include "runtime/net/cf_http.h"

#include <assert.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>
#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/net/cf_pacer.h"
#include "runtime/net/cf_ratelimit.h"
#include "runtime/net/cf_retry.h"
#include "runtime/net/cf_shared_budget.h"

#define USER_AGENT    "domec/0.1.0"
#define AUTH_PREFIX   "Authorization: Bearer "
#define MAX_BODY      ((size_t)256 << 20) /* responses larger than 256 MiB are refused */
#define MAX_THROTTLES 50                  /* 429s per request before giving up */
#define MAX_WAIT_MS   1000                /* poll at least this often */

/* One submitted request, from cf_http_submit until cf_http_next returns it. */
struct job {
    const struct cf_request *req; /* caller's; valid until its completion */
    struct job *next;             /* in queue or done list */
    CURL *easy;                   /* non-NULL while an attempt runs */
    struct curl_slist *headers;   /* this attempt's headers (auth wiped on free) */
    char *body;                   /* response so far, NUL-terminated; malloc'd */
    size_t body_len, body_cap;
    int attempts;            /* sends so far, 429s included */
    int prereqs;             /* sends curl tried within the current attempt */
    int retries;             /* retries for 5xx / network faults */
    int throttles;           /* 429s so far */
    double not_before;       /* monotonic s: earliest start of the next attempt */
    double started;          /* monotonic s: start of the current attempt */
    enum cf_outcome outcome; /* final, once on the done list */
    long status;
    char ratelimit[160];        /* this attempt's Ratelimit header value, or "" */
    char ratelimit_policy[160]; /* its Ratelimit-Policy value, or "" */
    char error[256];
    char errbuf[CURL_ERROR_SIZE];
};

struct jobq {
    struct job *head, *tail;
};

struct cf_http {
    CURLM *multi;
    char *base_url; /* malloc'd, no trailing '/' */
    char *auth;     /* sodium_malloc'd "Authorization: Bearer <token>" */
    int parallel;   /* transfers in flight at most */
    int max_retries;
    long timeout_ms;
    cf_trace_fn trace;
    void *trace_user;
    struct cf_pacer pacer;          /* the --api-budget, counted here */
    struct cf_pacer ip_pacer;       /* Cloudflare's per-IP requests per second */
    struct cf_server_budget server; /* what the Ratelimit headers say is left */
    struct cf_shared_budget shared; /* the budget shared with other processes */
    double shared_retry_at;         /* monotonic s: ask the shared budget again */
    int shared_spare;               /* slots taken in the last batch, not yet used */
    struct cf_rng rng;
    double paused_until;  /* monotonic s: no send before this (429) */
    struct jobq queue;    /* waiting to start, FIFO */
    struct jobq done;     /* complete, not yet handed out */
    struct jobq running;  /* attempts in flight (unordered) */
    int n_running;        /* attempts in flight; == jobs with easy != NULL */
    long sent, throttled; /* statistics */
    int interrupt_fd;     /* watched by cf_http_next; -1: none */
};

/* ---- small helpers --------------------------------------------------------- */

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void push(struct jobq *q, struct job *j)
{
    j->next = NULL;
    if (q->tail)
        q->tail->next = j;
    else
        q->head = j;
    q->tail = j;
}

static struct job *pop(struct jobq *q)
{
    struct job *j = q->head;
    if (j) {
        q->head = j->next;
        if (!q->head)
            q->tail = NULL;
        j->next = NULL;
    }
    return j;
}

static void tracef(const struct cf_http *h, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* format one trace line; the token is never an argument here. */
static void tracef(const struct cf_http *h, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    if (!h->trace)
        return;
    va_start(ap, fmt);
    vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    h->trace(h->trace_user, line);
}

static void free_job(struct job *j)
{
    free(j->body);
    free(j);
}

/* ---- construction ---------------------------------------------------------- */

static void set_err(char *err, size_t err_len, const char *msg)
{
    if (err && err_len)
        snprintf(err, err_len, "%s", msg);
}

/* validate cfg; -1 with a message when unusable. */
static int check_config(const struct cf_http_config *cfg, char *err, size_t err_len)
{
    if (!cfg || !cfg->base_url || !*cfg->base_url) {
        set_err(err, err_len, "no Cloudflare API base URL (CLOUDFLARE_API_BASE_URL)");
        return -1;
    }
    if (!cfg->token || !*cfg->token) {
        set_err(err, err_len, "no Cloudflare API token: set CLOUDFLARE_API_TOKEN");
        return -1;
    }
    if (strpbrk(cfg->token, "\r\n") || strlen(cfg->token) > 4096) {
        set_err(err, err_len,
                "CLOUDFLARE_API_TOKEN is malformed (it contains a line "
                "break or is too long); copy the token again");
        return -1;
    }
    return 0;
}

/* copy the settings of cfg into h, applying defaults. */
static void apply_defaults(struct cf_http *h, const struct cf_http_config *cfg)
{
    h->parallel = cfg->parallel > 0 ? cfg->parallel : CF_HTTP_DEFAULT_PARALLEL;
    h->max_retries = cfg->max_retries >= 0 ? cfg->max_retries : 5;
    h->timeout_ms = cfg->timeout_ms > 0 ? cfg->timeout_ms : 30000;
    h->trace = cfg->trace;
    h->trace_user = cfg->trace_user;
    cf_rng_seed(&h->rng, cfg->seed);
}

/* build the locked "Authorization: Bearer <token>" line; -1 when out of memory. */
static int make_auth(struct cf_http *h, const char *token)
{
    size_t n = strlen(AUTH_PREFIX) + strlen(token) + 1;
    h->auth = sodium_malloc(n);
    if (!h->auth)
        return -1;
    memcpy(h->auth, AUTH_PREFIX, strlen(AUTH_PREFIX));
    memcpy(h->auth + strlen(AUTH_PREFIX), token, strlen(token) + 1);
    return 0;
}

/* cf_http_new: see cf_http.h. Free the result with cf_http_free. */
struct cf_http *cf_http_new(const struct cf_http_config *cfg, char *err, size_t err_len)
{
    struct cf_http *h;
    size_t n;
    if (check_config(cfg, err, err_len) < 0)
        return NULL;
    if (sodium_init() < 0 || curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        set_err(err, err_len, "cannot initialise the HTTP transport (libcurl/libsodium)");
        return NULL;
    }
    h = xcalloc(1, sizeof *h);
    h->interrupt_fd = -1;
    h->shared.fd = -1;
    apply_defaults(h, cfg);
    h->base_url = xstrdup(cfg->base_url);
    if ((n = strlen(h->base_url)) > 0 && h->base_url[n - 1] == '/')
        h->base_url[n - 1] = '\0';
    h->multi = curl_multi_init();
    if (!h->multi || make_auth(h, cfg->token) < 0 ||
        cf_pacer_init(&h->pacer, cfg->budget_requests > 0 ? cfg->budget_requests : 1200,
                      cfg->budget_window_s > 0 ? cfg->budget_window_s : 300) < 0 ||
        cf_pacer_init(&h->ip_pacer, cfg->ip_rate > 0 ? cfg->ip_rate : CF_HTTP_IP_RATE, 1.0) < 0) {
        cf_http_free(h);
        set_err(err, err_len, "out of memory setting up the HTTP transport");
        return NULL;
    }
    if (cfg->budget_file && cf_shared_budget_open(&h->shared, cfg->budget_file, h->pacer.budget,
                                                  h->pacer.window_s) != 0)
        tracef(h, "http: cannot open the shared budget file; counting this process alone");
    curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS, (long)h->parallel);
    curl_multi_setopt(h->multi, CURLMOPT_MAXCONNECTS, (long)h->parallel + 2);
    return h;
}

/* ---- one attempt ---------------------------------------------------------- */

static size_t on_body(char *data, size_t size, size_t nmemb, void *user)
{
    struct job *j = user;
    size_t n = size * nmemb, cap = j->body_cap ? j->body_cap : 4096;
    if (j->body_len + n + 1 > MAX_BODY)
        return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
    while (cap < j->body_len + n + 1)
        cap *= 2;
    if (cap != j->body_cap) {
        j->body = xrealloc(j->body, cap);
        j->body_cap = cap;
    }
    memcpy(j->body + j->body_len, data, n);
    j->body_len += n;
    j->body[j->body_len] = '\0';
    return n;
}

/* keep the value of header line `name: value` in out when it is name */
static void keep_header(const char *line, size_t n, const char *name, char *out, size_t cap)
{
    size_t k = strlen(name);
    if (n <= k + 1 || strncasecmp(line, name, k) != 0 || line[k] != ':')
        return;
    const char *v = line + k + 1;
    size_t len = n - k - 1;
    while (len > 0 && (*v == ' ' || *v == '\t'))
        v++, len--;
    while (len > 0 && (v[len - 1] == '\r' || v[len - 1] == '\n' || v[len - 1] == ' '))
        len--;
    snprintf(out, cap, "%.*s", (int)(len < cap ? len : cap - 1), v);
}

/* every response header line: the Ratelimit ones are kept */
static size_t on_header(char *data, size_t size, size_t nmemb, void *user)
{
    struct job *j = user;
    size_t n = size * nmemb;
    keep_header(data, n, "ratelimit", j->ratelimit, sizeof j->ratelimit);
    keep_header(data, n, "ratelimit-policy", j->ratelimit_policy, sizeof j->ratelimit_policy);
    return n;
}

/* called by curl just before each send. curl silently resends a request
 * once when a reused connection turns out dead; that resend would escape the
 * pacer and the retry policy, so it is refused here and retried by
 * cf_retry's rules instead (CURLE_ABORTED_BY_CALLBACK). */
static int on_prereq(void *user, char *ip, char *local_ip, int port, int local_port)
{
    struct job *j = user;
    (void)ip, (void)local_ip, (void)port, (void)local_port;
    return ++j->prereqs > 1 ? CURL_PREREQFUNC_ABORT : CURL_PREREQFUNC_OK;
}

/* wipe the Authorization line of a header list, then free the list. */
static void free_headers(struct curl_slist *list)
{
    for (struct curl_slist *s = list; s; s = s->next)
        if (strncmp(s->data, "Authorization:", 14) == 0)
            sodium_memzero(s->data, strlen(s->data));
    curl_slist_free_all(list);
}

/* append line to *l (curl_slist_append fails only when out of memory). */
static void append(struct curl_slist **l, const char *line)
{
    *l = xalloc_check(curl_slist_append(*l, line));
}

/* the header list of one attempt. */
static struct curl_slist *make_headers(const struct cf_http *h, const struct cf_request *r)
{
    struct curl_slist *l = NULL;
    char ct[256];
    append(&l, h->auth);
    append(&l, "Expect:");
    if (r->content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", r->content_type);
        append(&l, ct);
    }
    for (const char *const *x = r->headers; x && *x; x++)
        append(&l, *x);
    return l;
}

/* set method and body options on e. GET and DELETE send no body unless one
 * is given; POST, PUT and PATCH always send one (maybe empty). */
static void set_method(CURL *e, const struct cf_request *r)
{
    bool bodyless = strcmp(r->method, "GET") == 0 || strcmp(r->method, "DELETE") == 0 ||
                    strcmp(r->method, "HEAD") == 0;
    if (strcmp(r->method, "GET") == 0 && !r->body) {
        curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
        return;
    }
    if (r->body || !bodyless) {
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(r->body ? r->body_len : 0));
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
    }
    if (strcmp(r->method, "POST") != 0)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
}

/* configure e for job j. */
static void setup_easy(struct cf_http *h, struct job *j, CURL *e)
{
    const struct cf_request *r = j->req;
    char *url = xasprintf("%s%s", h->base_url, r->path);
    j->headers = make_headers(h, r);
    curl_easy_setopt(e, CURLOPT_URL, url); /* curl copies it */
    free(url);
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
    curl_easy_setopt(e, CURLOPT_USERAGENT, USER_AGENT);
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, h->timeout_ms);
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, h->timeout_ms < 10000 ? h->timeout_ms : 10000L);
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, j);
    curl_easy_setopt(e, CURLOPT_PRIVATE, j);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, j->errbuf);
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, j);
    /* a dead reused connection must not even tempt curl into a resend */
    if (!cf_retry_idempotent(r->method))
        curl_easy_setopt(e, CURLOPT_FRESH_CONNECT, 1L);
    set_method(e, r);
}

/* finish job j with an outcome and move it to the done list. */
static void complete(struct cf_http *h, struct job *j, enum cf_outcome o, long status,
                     const char *error)
{
    j->outcome = o;
    j->status = o == CF_DONE ? status : 0;
    snprintf(j->error, sizeof j->error, "%.250s", error ? error : "");
    push(&h->done, j);
}

/* start one attempt of j now. */
static void start(struct cf_http *h, struct job *j, double now)
{
    CURL *e = curl_easy_init();
    j->errbuf[0] = '\0';
    j->ratelimit[0] = j->ratelimit_policy[0] = '\0';
    j->prereqs = 0;
    j->body_len = 0;
    if (j->body)
        j->body[0] = '\0';
    if (e)
        setup_easy(h, j, e);
    if (!e || curl_multi_add_handle(h->multi, e) != CURLM_OK) {
        free_headers(j->headers);
        j->headers = NULL;
        curl_easy_cleanup(e);
        complete(h, j, CF_FAILED, 0, "libcurl could not start an HTTP request");
        return;
    }
    j->easy = e;
    push(&h->running, j);
    j->attempts++;
    j->started = now;
    h->n_running++;
    h->sent++;
    cf_pacer_start(&h->pacer);
    cf_pacer_start(&h->ip_pacer);
    cf_server_budget_sent(&h->server);
    tracef(h, "http: > %s %s (attempt %d) Authorization: Bearer (redacted), %zu bytes",
           j->req->method, j->req->path, j->attempts, j->req->body ? j->req->body_len : 0);
}

/* ---- scheduling ----------------------------------------------------------- */

/* unlink job x from q (x must be in q). */
static void unlink_job(struct jobq *q, struct job *x)
{
    struct job *prev = NULL;
    for (struct job *j = q->head; j; prev = j, j = j->next) {
        if (j != x)
            continue;
        if (prev)
            prev->next = j->next;
        else
            q->head = j->next;
        if (q->tail == j)
            q->tail = prev;
        j->next = NULL;
        return;
    }
}

/* unlink and return the first queued job that may start at now, or NULL. */
static struct job *take_ready(struct cf_http *h, double now)
{
    for (struct job *j = h->queue.head; j; j = j->next)
        if (j->not_before <= now) {
            unlink_job(&h->queue, j);
            return j;
        }
    return NULL;
}

static void requeue(struct cf_http *h, struct job *j, double at);

/* budget_wait: 0 when the budget, the per-IP rate and what the server
 * says is left all let one more request go at now; > 0 seconds until one
 * of them may; < 0 when only an answer to a request in flight frees one. */
static double budget_wait(struct cf_http *h, double now)
{
    double w = cf_pacer_wait(&h->pacer, now), ip = cf_pacer_wait(&h->ip_pacer, now);
    double srv = cf_server_budget_wait(&h->server, now, h->n_running);
    double shared = h->shared_retry_at > now ? h->shared_retry_at - now : 0;
    if (w < 0 || ip < 0 || srv < 0)
        return -1;
    w = ip > w ? ip : w;
    w = shared > w ? shared : w;
    return srv > w ? srv : w;
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ready_count: queued jobs that may start at now, at most max */
static int ready_count(const struct cf_http *h, double now, int max)
{
    int n = 0;
    for (const struct job *j = h->queue.head; j && n < max; j = j->next)
        n += j->not_before <= now;
    return n;
}

/* take_shared: a slot of the budget shared with other processes (always
 * granted when not shared); when none is free, when to ask again. Slots
 * are taken for every job ready to go in one locked file update, so a
 * burst of requests costs one, not one each. */
static bool take_shared(struct cf_http *h, double now)
{
    if (h->shared.fd < 0)
        return true;
    if (h->shared_spare > 0) {
        h->shared_spare--;
        return true;
    }
    int got = 0;
    int want = ready_count(h, now, h->parallel - h->n_running) + 1; /* + the job in hand */
    double w = cf_shared_budget_take(&h->shared, wall_s(), want, &got);
    if (got > 0) {
        h->shared_spare = got - 1;
        return true;
    }
    h->shared_retry_at = now + (w > 0 ? w : 0.05); /* < 0: held by requests in flight */
    tracef(h, "http: the budget shared with other domec processes is spent; waiting %.1f s",
           h->shared_retry_at - now);
    return false;
}

/* start queued jobs while parallelism, the budgets and any 429 pause allow. */
static void start_ready(struct cf_http *h)
{
    double now = now_s();
    struct job *j;
    while (h->n_running < h->parallel && h->queue.head && now >= h->paused_until &&
           budget_wait(h, now) == 0 && (j = take_ready(h, now))) {
        if (!take_shared(h, now)) {
            requeue(h, j, j->not_before);
            break;
        }
        start(h, j, now);
    }
    if (h->shared_spare > 0) /* a local pacer stopped the burst early */
        cf_shared_budget_release(&h->shared, wall_s(), h->shared_spare);
    h->shared_spare = 0;
}

/* milliseconds until something may change without network activity. */
static int wakeup_ms(struct cf_http *h)
{
    double now = now_s(), at = now + MAX_WAIT_MS / 1000.0, w;
    long curl_ms = -1;
    if (h->queue.head && h->n_running < h->parallel) {
        double earliest = h->queue.head->not_before;
        for (struct job *j = h->queue.head; j && earliest > 0; j = j->next)
            earliest = j->not_before < earliest ? j->not_before : earliest; /* fresh: 0 */
        earliest = earliest > h->paused_until ? earliest : h->paused_until;
        w = budget_wait(h, now);
        if (w > 0 && now + w > earliest)
            earliest = now + w;
        if (w >= 0 && earliest < at)
            at = earliest;
    }
    if (h->n_running > 0 && curl_multi_timeout(h->multi, &curl_ms) == CURLM_OK && curl_ms >= 0 &&
        now + (double)curl_ms / 1000.0 < at)
        at = now + (double)curl_ms / 1000.0;
    w = (at - now) * 1000.0;
    return w <= 0 ? 0 : (int)w + 1;
}

/* ---- results -------------------------------------------------------------- */

/* reduce curl's result for j to a cf_attempt. */
static void describe(CURL *e, CURLcode code, struct cf_attempt *a)
{
    curl_off_t pre = 0;
    a->got_response = code == CURLE_OK;
    a->status = 0;
    if (a->got_response) {
        curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &a->status);
        return;
    }
    curl_easy_getinfo(e, CURLINFO_PRETRANSFER_TIME_T, &pre);
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT:
    case CURLE_SSL_CONNECT_ERROR:
        a->retryable = true;
        a->maybe_sent = false;
        return;
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_ABORTED_BY_CALLBACK:
        a->retryable = true;
        a->maybe_sent = pre > 0; /* pretransfer is 0 until the request goes out */
        return;
    default:
        a->retryable = false;
        a->maybe_sent = pre > 0;
    }
}

/* requeue j to start no earlier than at. Retries go first in the queue. */
static void requeue(struct cf_http *h, struct job *j, double at)
{
    j->not_before = at;
    j->next = h->queue.head;
    h->queue.head = j;
    if (!h->queue.tail)
        h->queue.tail = j;
}

/* 429: pause every send for Retry-After, then resend j. */
static void throttled(struct cf_http *h, struct job *j, CURL *e, double now)
{
    curl_off_t ra = -1;
    double pause;
    h->throttled++;
    curl_easy_getinfo(e, CURLINFO_RETRY_AFTER, &ra);
    pause = ra > 0 ? (double)ra : cf_retry_backoff_ms(&h->rng, j->throttles + 1) / 1000.0;
    if (++j->throttles > MAX_THROTTLES) {
        complete(h, j, CF_DONE, 429, "rate limited (429) too many times");
        return;
    }
    if (now + pause > h->paused_until)
        h->paused_until = now + pause;
    tracef(h, "http: 429 on %s %s, pausing all requests for %.1f s", j->req->method, j->req->path,
           pause);
    requeue(h, j, h->paused_until);
}

/* 5xx or network fault on a request that may be resent. */
static void retry(struct cf_http *h, struct job *j, const struct cf_attempt *a, const char *why,
                  double now)
{
    double ms;
    if (j->retries >= h->max_retries) {
        if (a->got_response)
            complete(h, j, CF_DONE, a->status, NULL);
        else
            complete(h, j, CF_FAILED, 0, why);
        return;
    }
    ms = cf_retry_backoff_ms(&h->rng, ++j->retries);
    tracef(h, "http: retrying %s %s in %.0f ms (%s)", j->req->method, j->req->path, ms, why);
    requeue(h, j, now + ms / 1000.0);
}

/* what went wrong with an attempt, as text for traces and completions. */
static void failure_text(const struct job *j, CURLcode code, const struct cf_attempt *a, char *buf,
                         size_t len)
{
    if (a->got_response)
        snprintf(buf, len, "HTTP %ld from the server", a->status);
    else if (code == CURLE_ABORTED_BY_CALLBACK)
        snprintf(buf, len, "connection closed without a reply");
    else
        snprintf(buf, len, "%.190s", j->errbuf[0] ? j->errbuf : curl_easy_strerror(code));
}

/* act on a finished attempt of j. */
static void finished(struct cf_http *h, struct job *j, CURL *e, CURLcode code, double now)
{
    struct cf_attempt a = {0};
    char why[200];
    describe(e, code, &a);
    failure_text(j, code, &a, why, sizeof why);
    if (a.got_response)
        tracef(h, "http: < %ld %s %s (attempt %d) %.0f ms", a.status, j->req->method, j->req->path,
               j->attempts, (now - j->started) * 1000.0);
    else
        tracef(h, "http: < error %s %s (attempt %d) %.0f ms: %s", j->req->method, j->req->path,
               j->attempts, (now - j->started) * 1000.0, why);
    switch (cf_retry_classify(j->req->method, &a)) {
    case CF_VERDICT_DONE:
        complete(h, j, CF_DONE, a.status, NULL);
        break;
    case CF_VERDICT_THROTTLED:
        throttled(h, j, e, now);
        break;
    case CF_VERDICT_RETRY:
        retry(h, j, &a, why, now);
        break;
    case CF_VERDICT_LOST:
        complete(h, j, CF_LOST, 0, why);
        break;
    case CF_VERDICT_FAILED:
        complete(h, j, CF_FAILED, 0, why);
        break;
    }
}

/* what the answer to j says about the budget left */
static void note_ratelimit(struct cf_http *h, const struct job *j, double now)
{
    long r, q;
    double t, w;
    if (cf_ratelimit_parse(j->ratelimit_policy, "q", "w", &q, &w) == 0) {
        h->server.quota = q;
        h->server.window_s = w;
    }
    if (cf_ratelimit_parse(j->ratelimit, "r", "t", &r, &t) != 0)
        return;
    cf_server_budget_note(&h->server, now, r, t, h->n_running);
    if (cf_server_budget_wait(&h->server, now, h->n_running) > 0)
        tracef(h, "http: the server says %ld requests are left, %.0f s to its reset: waiting", r,
               t);
}

/* collect every finished transfer. */
static void harvest(struct cf_http *h)
{
    CURLMsg *m;
    int left;
    long answered = 0;
    while ((m = curl_multi_info_read(h->multi, &left))) {
        struct job *j = NULL;
        CURL *e = m->easy_handle;
        CURLcode code = m->data.result;
        double now = now_s();
        if (m->msg != CURLMSG_DONE)
            continue;
        curl_easy_getinfo(e, CURLINFO_PRIVATE, (char **)&j);
        assert(j != NULL && j->easy == e && h->n_running > 0);
        unlink_job(&h->running, j);
        h->n_running--;
        cf_pacer_finish(&h->pacer, now);
        cf_pacer_finish(&h->ip_pacer, now);
        answered++;
        note_ratelimit(h, j, now);
        finished(h, j, e, code, now);
        curl_multi_remove_handle(h->multi, e);
        curl_easy_cleanup(e);
        j->easy = NULL;
        free_headers(j->headers);
        j->headers = NULL;
    }
    if (h->shared.fd >= 0 && answered > 0)
        cf_shared_budget_finish(&h->shared, wall_s(), answered);
}

/* ---- public API ----------------------------------------------------------- */

/* cf_http_submit: see cf_http.h. */
int cf_http_submit(struct cf_http *http, const struct cf_request *req)
{
    if (!http || !req || !req->method || !req->path)
        return -1;
    struct job *j = xcalloc(1, sizeof *j);
    j->req = req;
    push(&http->queue, j);
    return 0;
}

/* cf_http_has_done: see cf_http.h. */
bool cf_http_has_done(const struct cf_http *http)
{
    return http->done.head != NULL;
}

/* cf_http_set_interrupt_fd: see cf_http.h. */
void cf_http_set_interrupt_fd(struct cf_http *http, int fd)
{
    assert(http && fd >= -1);
    http->interrupt_fd = fd;
}

/* wait for network activity, the next timer, or the interrupt fd. Returns
 * true when the interrupt fd is readable. */
static bool wait_io(struct cf_http *h)
{
    struct curl_waitfd w = {.fd = h->interrupt_fd, .events = CURL_WAIT_POLLIN};
    bool watch = h->interrupt_fd >= 0;
    curl_multi_poll(h->multi, watch ? &w : NULL, watch ? 1 : 0, wakeup_ms(h), NULL);
    return watch && (w.revents & CURL_WAIT_POLLIN);
}

/* cf_http_next: see cf_http.h. The body moves into *out. */
int cf_http_next(struct cf_http *http, struct cf_http_completion *out)
{
    struct job *j;
    int running;
    while (!(j = pop(&http->done))) {
        if (!http->queue.head && http->n_running == 0)
            return 0;
        start_ready(http);
        curl_multi_perform(http->multi, &running);
        harvest(http);
        if (!http->done.head && wait_io(http))
            return CF_HTTP_INTERRUPTED;
    }
    memset(out, 0, sizeof *out);
    out->request = j->req;
    out->outcome = j->outcome;
    out->status = j->status;
    out->body = j->body;
    out->body_len = j->body ? j->body_len : 0;
    out->attempts = j->attempts;
    snprintf(out->error, sizeof out->error, "%s", j->error);
    j->body = NULL;
    free_job(j);
    return 1;
}

/* learn_pacer: the requests from answered (still inside its window) count
 * in to as well, at the times they were answered */
static void learn_pacer(struct cf_pacer *to, const struct cf_pacer *from)
{
    for (int i = 0; i < from->n_done; i++) {
        double at = from->ring[(from->head + i) % from->budget];
        if (cf_pacer_wait(to, at) != 0)
            return;
        cf_pacer_start(to);
        cf_pacer_finish(to, at);
    }
}

/* cf_http_learn_from: see cf_http.h. Both transports read the same
 * monotonic clock, so the other's times hold as they are. Its requests
 * count in http's budget and per-IP pacers too (the shared budget file
 * counted them already). */
void cf_http_learn_from(struct cf_http *http, const struct cf_http *other)
{
    if (!http || !other)
        return;
    cf_server_budget_merge(&http->server, &other->server, now_s());
    learn_pacer(&http->pacer, &other->pacer);
    learn_pacer(&http->ip_pacer, &other->ip_pacer);
}

/* cf_http_completion_free: see cf_http.h. */
void cf_http_completion_free(struct cf_http_completion *c)
{
    if (!c)
        return;
    free(c->body);
    c->body = NULL;
    c->body_len = 0;
}

/* cf_http_budget: see cf_http.h. */
void cf_http_budget(struct cf_http *http, struct cf_budget_view *out)
{
    double now = now_s();
    struct cf_pacer *p = &http->pacer;
    long srv = cf_server_budget_left(&http->server, now);
    cf_pacer_wait(p, now); /* prunes answered requests out of the window */
    out->left = p->budget - p->n_done - p->n_inflight;
    out->reset_in = p->n_done > 0 ? p->ring[p->head] + p->window_s - now : 0;
    out->quota = p->budget;
    out->window_s = p->window_s;
    long shared = http->shared.fd >= 0 ? cf_shared_budget_count(&http->shared, wall_s()) : -1;
    if (shared >= 0 && p->budget - shared < out->left)
        out->left = p->budget - shared;
    if (srv >= 0 && srv < out->left) {
        out->left = srv;
        out->reset_in = http->server.reset_at - now;
    }
    if (http->server.quota > 0 && http->server.quota < out->quota) {
        out->quota = http->server.quota;
        out->window_s = http->server.window_s;
    }
}

/* cf_http_stats: see cf_http.h. */
void cf_http_stats(const struct cf_http *http, long *sent, long *throttled_out)
{
    if (sent)
        *sent = http->sent;
    if (throttled_out)
        *throttled_out = http->throttled;
}

/* free every job of q, ending its transfer if one runs. */
static void drop_all(struct cf_http *h, struct jobq *q)
{
    struct job *j;
    while ((j = pop(q))) {
        if (j->easy) {
            curl_multi_remove_handle(h->multi, j->easy);
            curl_easy_cleanup(j->easy);
        }
        free_headers(j->headers);
        free_job(j);
    }
}

/* cf_http_free: see cf_http.h. Running transfers are abandoned. */
void cf_http_free(struct cf_http *http)
{
    if (!http)
        return;
    drop_all(http, &http->running);
    drop_all(http, &http->queue);
    drop_all(http, &http->done);
    if (http->multi)
        curl_multi_cleanup(http->multi);
    if (http->auth)
        sodium_free(http->auth); /* wipes the token */
    cf_pacer_free(&http->pacer);
    cf_pacer_free(&http->ip_pacer);
    cf_shared_budget_close(&http->shared, wall_s());
    free(http->base_url);
    free(http);
    curl_global_cleanup();
}
