/* Tests for runtime/net/cf_http.c (with cf_pacer.c and cf_retry.c) against
 * tests/net/fake_server.py (http_test BASE_URL TOKEN), or the budget pacing
 * against cfemu's limiter (http_test --cfemu BASE_URL TOKEN ACCOUNT). Prints
 * "ok - ..." / "not ok - ..." lines; exits 1 if any test failed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "runtime/net/cf_http.h"
#include "runtime/net/cf_pacer.h"
#include "runtime/net/cf_retry.h"

#define MAX_REQ 128

struct ctx {
    const char *base;
    const char *token;
    int failed;
    char *trace; /* every trace line of every test, '\n'-separated */
    size_t trace_len;
    long trace_sends;   /* "http: >" lines seen */
    long sent_total;    /* requests sent by traced transports */
    char (*debug)[128]; /* HTTP_TEST_TRACE=1: lines printed to stderr at exit */
    int n_debug;
};

static void check(struct ctx *c, int cond, const char *name, const char *fmt, ...)
{
    va_list ap;
    if (cond) {
        printf("ok - http: %s\n", name);
        return;
    }
    printf("not ok - http: %s\n#   ", name);
    va_start(ap, fmt);
    vprintf(fmt, ap);
    va_end(ap);
    printf("\n");
    c->failed++;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void on_trace(void *user, const char *line)
{
    struct ctx *c = user;
    size_t n = strlen(line);
    char *t = realloc(c->trace, c->trace_len + n + 2);
    if (!t)
        return;
    c->trace = t;
    memcpy(c->trace + c->trace_len, line, n);
    c->trace_len += n;
    c->trace[c->trace_len++] = '\n';
    c->trace[c->trace_len] = '\0';
    if (strncmp(line, "http: >", 7) == 0)
        c->trace_sends++;
    if (c->debug && c->n_debug < 4096) /* debugging aid: timestamped trace */
        snprintf(c->debug[c->n_debug++], 128, "%.3f %s", now_s(), line);
}

static struct cf_http_config config(struct ctx *c, int parallel)
{
    struct cf_http_config cfg = {0};
    cfg.base_url = c->base;
    cfg.token = c->token;
    cfg.parallel = parallel;
    cfg.max_retries = -1;
    cfg.timeout_ms = 5000;
    cfg.seed = 42;
    cfg.trace = on_trace;
    cfg.trace_user = c;
    return cfg;
}

/* A batch of requests and their completions, in submission order. */
struct batch {
    struct cf_request req[MAX_REQ];
    struct cf_http_completion done[MAX_REQ];
    double done_at[MAX_REQ]; /* seconds after the batch started */
    int n;
    long sent, throttled;
    double elapsed;
};

static void add(struct batch *b, const char *method, const char *path)
{
    struct cf_request *r = &b->req[b->n];
    memset(r, 0, sizeof *r);
    r->method = method;
    r->path = path;
    r->user = &b->done[b->n];
    b->n++;
}

/* run b through a transport made from cfg; -1 when it cannot be made. */
static int run(const struct cf_http_config *cfg, struct batch *b)
{
    char err[256];
    struct cf_http *h = cf_http_new(cfg, err, sizeof err);
    struct cf_http_completion c;
    double t0 = now_s();
    if (!h) {
        printf("# cf_http_new: %s\n", err);
        return -1;
    }
    for (int i = 0; i < b->n; i++)
        if (cf_http_submit(h, &b->req[i]) != 0)
            printf("# cf_http_submit refused request %d\n", i);
    while (cf_http_next(h, &c)) {
        int i = (int)((struct cf_http_completion *)c.request->user - b->done);
        b->done[i] = c;
        b->done_at[i] = now_s() - t0;
    }
    b->elapsed = now_s() - t0;
    cf_http_stats(h, &b->sent, &b->throttled);
    if (cfg->trace == on_trace)
        ((struct ctx *)cfg->trace_user)->sent_total += b->sent;
    cf_http_free(h);
    return 0;
}

static void batch_free(struct batch *b)
{
    for (int i = 0; i < b->n; i++)
        cf_http_completion_free(&b->done[i]);
}

/* GET path from the fake server with a fresh transport; parsed JSON or NULL. */
static cJSON *fetch_json(struct ctx *c, const char *path)
{
    struct cf_http_config cfg = config(c, 1);
    struct batch *b = calloc(1, sizeof *b);
    cJSON *j = NULL;
    cfg.trace = NULL;
    add(b, "GET", path);
    if (run(&cfg, b) == 0 && b->done[0].outcome == CF_DONE && b->done[0].body)
        j = cJSON_Parse(b->done[0].body);
    batch_free(b);
    free(b);
    return j;
}

static void reset(struct ctx *c)
{
    cJSON_Delete(fetch_json(c, "/__reset"));
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : -1;
}

static const char *str(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItem(o, key));
    return s ? s : "";
}

static double hits(const cJSON *st, const char *key)
{
    return num(cJSON_GetObjectItemCaseSensitive(st, "hits"), key);
}

/* ---- cases ----------------------------------------------------------------- */

static void test_basic(struct ctx *c)
{
    static const char mp[] = "--x\r\nContent-Disposition: form-data; name=\"m\"\r\n\r\n"
                             "a\0b\1\0end\r\n--x--\r\n";
    struct cf_http_config cfg = config(c, 4);
    struct batch *b = calloc(1, sizeof *b);
    struct cf_http_completion *d = b->done;
    cJSON *h1, *h2;
    add(b, "GET", "/ok/1");
    add(b, "POST", "/echo");
    b->req[1].content_type = "multipart/form-data; boundary=x";
    b->req[1].body = mp;
    b->req[1].body_len = sizeof mp - 1;
    add(b, "GET", "/headers");
    add(b, "PUT", "/headers");
    b->req[3].content_type = "application/json";
    b->req[3].body = "{}";
    b->req[3].body_len = 2;
    add(b, "GET", "/status/404");
    add(b, "POST", "/status/400");
    run(&cfg, b);
    check(c,
          d[0].outcome == CF_DONE && d[0].status == 200 && d[0].attempts == 1 && d[0].body &&
              strstr(d[0].body, "success"),
          "GET answers 200 with its body", "outcome %d status %ld %s", d[0].outcome, d[0].status,
          d[0].error);
    check(c,
          d[1].status == 200 && d[1].body_len == sizeof mp - 1 && d[1].body &&
              memcmp(d[1].body, mp, sizeof mp - 1) == 0,
          "multipart body with NUL bytes goes out intact", "status %ld len %zu", d[1].status,
          d[1].body_len);
    h1 = d[2].body ? cJSON_Parse(d[2].body) : NULL;
    h2 = d[3].body ? cJSON_Parse(d[3].body) : NULL;
    check(c,
          h1 && cJSON_IsTrue(cJSON_GetObjectItem(h1, "auth_ok")) &&
              strcmp(str(h1, "user_agent"), "domec/0.1.0") == 0,
          "User-Agent domec/0.1.0 and the bearer token are sent", "%s", d[2].body ? d[2].body : "");
    check(c, h2 && strcmp(str(h2, "content_type"), "application/json") == 0, "content type is sent",
          "%s", d[3].body ? d[3].body : "");
    check(c,
          d[4].outcome == CF_DONE && d[4].status == 404 && d[4].attempts == 1 &&
              d[5].outcome == CF_DONE && d[5].status == 400 && d[5].attempts == 1,
          "4xx is returned as is, without retry", "404: %d/%ld/%d 400: %d/%ld/%d", d[4].outcome,
          d[4].status, d[4].attempts, d[5].outcome, d[5].status, d[5].attempts);
    cJSON_Delete(h1);
    cJSON_Delete(h2);
    batch_free(b);
    free(b);
}

static void test_keepalive_parallel(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 1);
    struct batch *b = calloc(1, sizeof *b);
    cJSON *st;
    reset(c);
    for (int i = 0; i < 10; i++)
        add(b, "GET", "/ok/seq");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=1");
    check(c, num(st, "total") == 10 && num(st, "connections") == 1,
          "sequential requests reuse one keep-alive connection", "total %g connections %g",
          num(st, "total"), num(st, "connections"));
    cJSON_Delete(st);
    batch_free(b);
    memset(b, 0, sizeof *b);
    reset(c);
    cfg = config(c, 5);
    for (int i = 0; i < 20; i++)
        add(b, "GET", "/slow/300/par");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=1");
    check(c, num(st, "max_inflight") == 5 && num(st, "connections") <= 5 && b->elapsed < 2.0,
          "parallel 5 keeps exactly 5 requests in flight",
          "max in flight %g, connections %g, "
          "%.2f s for 20 x 300 ms (ideal 1.2 s)",
          num(st, "max_inflight"), num(st, "connections"), b->elapsed);
    printf("# parallel: 20 x 300 ms at parallel 5 in %.2f s (ideal 1.20 s)\n", b->elapsed);
    cJSON_Delete(st);
    batch_free(b);
    free(b);
}

/* arrivals strictly inside (from, to) seconds of the stats' time base. */
static int arrivals_between(const cJSON *st, double from, double to)
{
    const cJSON *a;
    int n = 0;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(st, "arrivals")) n +=
        a->valuedouble > from && a->valuedouble < to;
    return n;
}

static void test_pacing(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 10);
    struct batch *b = calloc(1, sizeof *b);
    cJSON *st;
    int all_ok = 1;
    reset(c);
    cfg.budget_requests = 20;
    cfg.budget_window_s = 2;
    for (int i = 0; i < 60; i++)
        add(b, "GET", "/slow/20/pace");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=2");
    for (int i = 0; i < b->n; i++)
        all_ok &= b->done[i].status == 200;
    check(c, all_ok && num(st, "total") == 60 && num(st, "max_in_window") <= 20,
          "pacing: never more than 20 requests in any 2 s window", "total %g, max in a window %g",
          num(st, "total"), num(st, "max_in_window"));
    check(c, arrivals_between(st, -1, 0.5) == 20,
          "pacing: the whole budget may go at once as a burst", "%d arrivals in the first 0.5 s",
          arrivals_between(st, -1, 0.5));
    check(c, b->elapsed >= 4.0 && b->elapsed < 5.0,
          "pacing: 60 requests at 20 per 2 s finish close to the 4 s bound", "%.2f s", b->elapsed);
    printf("# pacing: 60 requests, budget 20 per 2 s: %.2f s (bound 4.00 s), max %g in any "
           "2 s window\n",
           b->elapsed, num(st, "max_in_window"));
    cJSON_Delete(st);
    batch_free(b);
    free(b);
}

static void test_429(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 4);
    struct batch *b = calloc(1, sizeof *b);
    struct cf_http_completion *d = b->done;
    const cJSON *t;
    cJSON *st;
    double t429;
    reset(c);
    add(b, "GET", "/throttle/t1/1/1");
    for (int i = 0; i < 12; i++)
        add(b, "GET", "/slow/200/bg");
    add(b, "POST", "/throttle/t2/1/1");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=1");
    t = cJSON_GetArrayItem(cJSON_GetObjectItem(st, "throttles"), 0);
    t429 = t ? t->valuedouble : -100;
    check(c,
          d[0].outcome == CF_DONE && d[0].status == 200 && d[0].attempts == 2 &&
              b->done_at[0] >= 1.0,
          "429 is retried after Retry-After", "outcome %d status %ld attempts %d after %.2f s",
          d[0].outcome, d[0].status, d[0].attempts, b->done_at[0]);
    check(c, t && arrivals_between(st, t429 + 0.1, t429 + 0.95) == 0,
          "429 pauses every request until Retry-After", "%d arrivals during the pause",
          arrivals_between(st, t429 + 0.1, t429 + 0.95));
    check(c, d[13].outcome == CF_DONE && d[13].status == 200 && d[13].attempts == 2,
          "429 on a POST is retried (the server refused it)", "outcome %d status %ld attempts %d",
          d[13].outcome, d[13].status, d[13].attempts);
    check(c, b->throttled == 2, "stats count the 429s", "throttled %ld", b->throttled);
    cJSON_Delete(st);
    batch_free(b);
    free(b);
}

static void test_idempotent(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 4);
    struct batch *b = calloc(1, sizeof *b);
    struct cf_http_completion *d = b->done;
    cJSON *st;
    reset(c);
    cfg.timeout_ms = 600;
    add(b, "GET", "/flaky/a/3");
    add(b, "PUT", "/drop/b/2");
    add(b, "DELETE", "/hang/c/1/2000");
    add(b, "GET", "/reset/r/2");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=1");
    check(c,
          d[0].outcome == CF_DONE && d[0].status == 200 && d[0].attempts == 4 && hits(st, "a") == 4,
          "GET after three 500s converges on the 4th attempt", "outcome %d status %ld attempts %d",
          d[0].outcome, d[0].status, d[0].attempts);
    check(c,
          d[1].outcome == CF_DONE && d[1].status == 200 && d[1].attempts == 3 && hits(st, "b") == 3,
          "PUT after two dropped connections converges, every send counted",
          "outcome %d status %ld attempts %d, server saw %g %s", d[1].outcome, d[1].status,
          d[1].attempts, hits(st, "b"), d[1].error);
    check(c, d[2].outcome == CF_DONE && d[2].status == 200 && d[2].attempts == 2,
          "DELETE after a timeout converges", "outcome %d status %ld attempts %d %s", d[2].outcome,
          d[2].status, d[2].attempts, d[2].error);
    check(c,
          d[3].outcome == CF_DONE && d[3].status == 200 && d[3].attempts == 3 && hits(st, "r") == 3,
          "GET after two connection resets converges",
          "outcome %d status %ld attempts %d, server saw %g %s", d[3].outcome, d[3].status,
          d[3].attempts, hits(st, "r"), d[3].error);
    cJSON_Delete(st);
    batch_free(b);
    memset(b, 0, sizeof *b);
    cfg.max_retries = 2;
    add(b, "PATCH", "/flaky/d/10");
    run(&cfg, b);
    check(c, d[0].outcome == CF_DONE && d[0].status == 500 && d[0].attempts == 3,
          "retries stop at max_retries and return the last 5xx",
          "outcome %d status %ld attempts %d", d[0].outcome, d[0].status, d[0].attempts);
    batch_free(b);
    free(b);
}

static void test_post(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 4);
    struct batch *b = calloc(1, sizeof *b);
    struct cf_http_completion *d = b->done;
    cJSON *st;
    reset(c);
    cfg.timeout_ms = 600;
    add(b, "POST", "/drop/e/1");
    add(b, "POST", "/flaky/f/1");
    add(b, "POST", "/hang/g/1/2000");
    add(b, "POST", "/reset/h/1");
    run(&cfg, b);
    st = fetch_json(c, "/__stats?window=1");
    check(c, d[0].outcome == CF_LOST && d[0].attempts == 1 && hits(st, "e") == 1,
          "POST dropped after receipt is CF_LOST, sent once", "outcome %d attempts %d hits %g",
          d[0].outcome, d[0].attempts, hits(st, "e"));
    check(c, d[1].outcome == CF_LOST && d[1].attempts == 1 && hits(st, "f") == 1,
          "POST answered 500 is CF_LOST, sent once", "outcome %d attempts %d hits %g", d[1].outcome,
          d[1].attempts, hits(st, "f"));
    check(c, d[2].outcome == CF_LOST && d[2].attempts == 1 && hits(st, "g") == 1,
          "POST timed out after sending is CF_LOST, sent once", "outcome %d attempts %d hits %g",
          d[2].outcome, d[2].attempts, hits(st, "g"));
    check(c, d[3].outcome == CF_LOST && d[3].attempts == 1 && hits(st, "h") == 1,
          "POST whose connection was reset is CF_LOST, sent once",
          "outcome %d attempts %d hits %g %s", d[3].outcome, d[3].attempts, hits(st, "h"),
          d[3].error);
    cJSON_Delete(st);
    batch_free(b);
    free(b);
}

/* a loopback port nobody listens on (bound, then closed). */
static int closed_port(void)
{
    struct sockaddr_in a = {0};
    socklen_t len = sizeof a;
    int fd = socket(AF_INET, SOCK_STREAM, 0), port = 0;
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &len) == 0)
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

static void test_refused(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 2);
    struct batch *b = calloc(1, sizeof *b);
    struct cf_http_completion *d = b->done;
    char base[64];
    snprintf(base, sizeof base, "http://127.0.0.1:%d", closed_port());
    cfg.base_url = base;
    cfg.max_retries = 2;
    add(b, "POST", "/accounts/x/d1/database");
    add(b, "GET", "/accounts/x/d1/database");
    run(&cfg, b);
    check(c, d[0].outcome == CF_FAILED && d[0].attempts == 3 && d[0].error[0],
          "POST refused before sending is retried, then CF_FAILED", "outcome %d attempts %d '%s'",
          d[0].outcome, d[0].attempts, d[0].error);
    check(c, d[1].outcome == CF_FAILED && d[1].attempts == 3 && d[1].status == 0,
          "GET with no server fails after max_retries", "outcome %d attempts %d", d[1].outcome,
          d[1].attempts);
    batch_free(b);
    free(b);
}

static void test_units(struct ctx *c)
{
    struct cf_rng r1, r2;
    struct cf_pacer p;
    int same = 1, in_range = 1;
    cf_rng_seed(&r1, 7);
    cf_rng_seed(&r2, 7);
    for (int i = 1; i <= 12; i++) {
        double d = 200.0 * (1 << (i - 1)), x = cf_retry_backoff_ms(&r1, i);
        d = d > 10000 ? 10000 : d;
        same &= x == cf_retry_backoff_ms(&r2, i);
        in_range &= x >= d / 2 && x <= d;
    }
    check(c, same && in_range, "backoff is seeded, jittered in [d/2, d], capped at 10 s",
          "same %d in range %d", same, in_range);
    check(c, cf_retry_idempotent("PUT") && !cf_retry_idempotent("POST"),
          "only POST is non-idempotent", "%s", "");
    check(c, cf_pacer_init(&p, 3, 10) == 0, "pacer: a budget of 3 per 10 s", "%s", "");
    for (int i = 0; i < 3; i++)
        cf_pacer_start(&p);
    double w1 = cf_pacer_wait(&p, 0.0);
    cf_pacer_finish(&p, 1.0);
    double w2 = cf_pacer_wait(&p, 1.0), w3 = cf_pacer_wait(&p, 5.0);
    double w4 = cf_pacer_wait(&p, 11.0);
    check(c, w1 < 0 && w2 == 10.0 && w3 == 6.0 && w4 == 0,
          "pacer frees a slot one window after the answer", "%g %g %g %g", w1, w2, w3, w4);
    cf_pacer_free(&p);
}

static void test_trace(struct ctx *c)
{
    check(c, c->trace && !strstr(c->trace, c->token), "the token never appears in traces", "%s",
          "token found");
    check(c,
          c->trace && strstr(c->trace, "Authorization: Bearer (redacted)") &&
              c->trace_sends == c->sent_total && strstr(c->trace, "http: < 429 GET /throttle"),
          "trace has one line per request and response", "%ld request lines, %ld sent",
          c->trace_sends, c->sent_total);
}

/* against cfemu --rate-limit 20/2 (a Cloudflare-like lockout limiter): a run
 * needing three windows' worth of requests must never be refused. */
static void test_cfemu_pacing(struct ctx *c, const char *account)
{
    struct cf_http_config cfg = config(c, 10);
    struct batch *b = calloc(1, sizeof *b);
    char path[160];
    int n200 = 0;
    snprintf(path, sizeof path, "/accounts/%s/d1/database", account);
    cfg.budget_requests = 20;
    cfg.budget_window_s = 2;
    for (int i = 0; i < 60; i++)
        add(b, "GET", path);
    run(&cfg, b);
    for (int i = 0; i < b->n; i++)
        n200 += b->done[i].outcome == CF_DONE && b->done[i].status == 200;
    check(c, n200 == 60 && b->throttled == 0 && b->sent == 60,
          "cfemu limiter 20/2 s: 60 requests paced with no 429",
          "%d answered 200, %ld sent, "
          "%ld throttled",
          n200, b->sent, b->throttled);
    printf("# cfemu pacing: 60 requests at 20 per 2 s in %.2f s (bound 4.00 s), %ld 429s\n",
           b->elapsed, b->throttled);
    batch_free(b);
    memset(b, 0, sizeof *b);
    cfg.budget_requests = 1200; /* control: a budget larger than the limiter's */
    cfg.budget_window_s = 300;
    for (int i = 0; i < 60; i++)
        add(b, "GET", path);
    run(&cfg, b);
    n200 = 0;
    for (int i = 0; i < b->n; i++)
        n200 += b->done[i].outcome == CF_DONE && b->done[i].status == 200;
    /* how few are refused is tests/net/pacing.sh's: here a burst sent before
     * any answer meets the window the run above spent */
    check(c, n200 == 60,
          "cfemu limiter: a local budget larger than the server's converges (paced by the "
          "Ratelimit headers, any 429 waited out)",
          "%d answered 200, %ld throttled", n200, b->throttled);
    printf("# cfemu with a larger local budget: %.2f s, %ld sent, %ld 429s\n", b->elapsed, b->sent,
           b->throttled);
    batch_free(b);
    free(b);
}

/* an interrupt fd wakes cf_http_next at once while a request is in flight;
 * the request still completes afterwards */
static void test_interrupt_fd(struct ctx *c)
{
    struct cf_http_config cfg = config(c, 2);
    char err[256];
    int fds[2];
    struct cf_http *h = cf_http_new(&cfg, err, sizeof err);
    struct cf_request rq = {.method = "GET", .path = "/slow/600/intr"};
    struct cf_http_completion d = {0};
    if (!h || pipe(fds) != 0 || cf_http_submit(h, &rq) != 0) {
        check(c, 0, "an interrupt fd wakes cf_http_next", "setup failed: %s", err);
        cf_http_free(h);
        return;
    }
    cf_http_set_interrupt_fd(h, fds[0]);
    double t0 = now_s();
    int r1 = write(fds[1], "x", 1) == 1 ? cf_http_next(h, &d) : -1;
    double woke = now_s() - t0;
    cf_http_set_interrupt_fd(h, -1);
    int r2 = cf_http_next(h, &d);
    check(c, r1 == CF_HTTP_INTERRUPTED && woke < 0.3 && r2 == 1 && d.status == 200,
          "an interrupt fd wakes cf_http_next at once; the request in flight still completes",
          "first %d after %.3f s, then %d status %ld", r1, woke, r2, d.status);
    cf_http_completion_free(&d);
    close(fds[0]);
    close(fds[1]);
    cf_http_free(h);
}

static void run_cases(struct ctx *c)
{
    test_units(c);
    test_basic(c);
    test_keepalive_parallel(c);
    test_idempotent(c);
    test_post(c);
    test_refused(c);
    test_429(c);
    test_pacing(c);
    test_trace(c);
    test_interrupt_fd(c);
}
int main(int argc, char **argv)
{
    struct ctx c = {0};
    int cfemu = argc == 5 && strcmp(argv[1], "--cfemu") == 0;
    if (argc != 3 && !cfemu) {
        fprintf(stderr, "usage: http_test BASE_URL TOKEN\n"
                        "       http_test --cfemu BASE_URL TOKEN ACCOUNT_ID\n");
        return 2;
    }
    c.base = argv[1 + cfemu];
    c.token = argv[2 + cfemu];
    if (getenv("HTTP_TEST_TRACE"))
        c.debug = calloc(4096, sizeof *c.debug);
    if (cfemu)
        test_cfemu_pacing(&c, argv[4]);
    else
        run_cases(&c);
    for (int i = 0; i < c.n_debug; i++)
        fprintf(stderr, "%s\n", c.debug[i]);
    free(c.debug);
    free(c.trace);
    return c.failed ? 1 : 0;
}
