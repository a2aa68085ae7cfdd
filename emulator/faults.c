/* cfemu: injected faults (latency with jitter, 5xx, dropped connections,
 * success answered with a proxy's HTML page),
 * drawn from a seeded counter-based mix so a run is reproducible, and
 * Cloudflare's two rate limits: per token (fixed window, 429 + code 971,
 * refused until the window ends) with the Ratelimit / Ratelimit-Policy
 * headers on every answer, and per client address (one-second windows). */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <microhttpd.h>

#include "emulator/emu.h"

/* faults_mix: splitmix64's finaliser; a good 64-bit hash of x. */
uint64_t faults_mix(uint64_t x)
{
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static double unit(uint64_t r)
{
    return (double)(r >> 11) * (1.0 / 9007199254740992.0);
}

static bool method_targeted(struct emu *e, struct req *rq)
{
    for (int i = 0; i < e->o.n_fault_methods; i++)
        if (strcmp(rq->method, e->o.fault_methods[i]) == 0)
            return true;
    return e->o.n_fault_methods == 0;
}

static bool targeted(struct emu *e, struct req *rq)
{
    const char *sub = rq->url + strlen("/client/v4");
    if (!method_targeted(e, rq))
        return false;
    if (e->o.n_fault_paths == 0)
        return true;
    for (int i = 0; i < e->o.n_fault_paths; i++) {
        const char *p = e->o.fault_paths[i];
        if (strncmp(rq->url, p, strlen(p)) == 0 || strncmp(sub, p, strlen(p)) == 0)
            return true;
    }
    return false;
}

/* faults_plan: decides the faults of one request (call with e->mu held).
 * Only /client/v4 paths matching --fault-path (if any), with a method
 * named by --fault-method (if any), get faults; the
 * k-th such request always gets the same decision for a given --seed. */
void faults_plan(struct emu *e, struct req *rq, struct fault_plan *fp)
{
    memset(fp, 0, sizeof *fp);
    if (strncmp(rq->url, "/client/v4", 10) != 0 || !targeted(e, rq))
        return;
    bool any = e->o.latency_ms || e->o.fail_rate > 0 || e->o.drop_rate > 0 || e->o.garble_rate > 0;
    if (!any)
        return;
    uint64_t r = faults_mix(e->o.seed ^ faults_mix(e->fault_n++ ^ 0xfa017ULL));
    uint64_t r2 = faults_mix(r), r3 = faults_mix(r2), r4 = faults_mix(r3);
    fp->delay_ms = e->o.latency_ms;
    if (e->o.jitter_ms > 0)
        fp->delay_ms += (int)(r3 % (uint64_t)(2 * e->o.jitter_ms + 1)) - e->o.jitter_ms;
    fp->drop = unit(r) < e->o.drop_rate;
    fp->drop_after = fp->drop && (r4 & 1);
    fp->fail = !fp->drop && unit(r2) < e->o.fail_rate;
    fp->garble = !fp->drop && !fp->fail && strcmp(rq->method, "GET") != 0 &&
                 unit(faults_mix(r4)) < e->o.garble_rate;
    static const int statuses[] = {500, 502, 503};
    fp->fail_status = statuses[r4 % 3];
}

static double wall_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void set_num(struct resp *rs, const char *name, long v)
{
    char buf[32];
    snprintf(buf, sizeof buf, "%ld", v);
    env_header(rs, name, buf);
}

static void set_reset(struct resp *rs, double at)
{
    time_t t = (time_t)ceil(at);
    struct tm tm;
    char buf[64];
    gmtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    env_header(rs, "x-ratelimit-reset", buf);
}

/* the client's address as text ("127.0.0.1"), "" when unknown */
static void client_addr(struct req *rq, char *out, size_t cap)
{
    const union MHD_ConnectionInfo *ci =
        rq->conn ? MHD_get_connection_info(rq->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS) : NULL;
    const struct sockaddr *sa = ci ? ci->client_addr : NULL;
    out[0] = '\0';
    if (sa && sa->sa_family == AF_INET)
        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)cap);
    else if (sa && sa->sa_family == AF_INET6)
        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)cap);
}

/* ip_window: the one-second window of addr (the oldest slot is reused) */
static struct emu_ip_window *ip_window(struct emu *e, const char *addr)
{
    struct emu_ip_window *oldest = &e->ip_windows[0];
    for (int i = 0; i < EMU_MAX_LIST; i++) {
        struct emu_ip_window *w = &e->ip_windows[i];
        if (strcmp(w->addr, addr) == 0)
            return w;
        if (w->start < oldest->start)
            oldest = w;
    }
    snprintf(oldest->addr, sizeof oldest->addr, "%s", addr);
    oldest->start = 0;
    oldest->count = 0;
    return oldest;
}

/* ip_limit: Cloudflare's per-IP limit (--ip-rate per second). Returns -1
 * with a 429 in rs when the client's address is over it. */
static int ip_limit(struct emu *e, struct req *rq, struct resp *rs)
{
    char addr[48];
    if (e->o.ip_rate <= 0)
        return 0;
    client_addr(rq, addr, sizeof addr);
    struct emu_ip_window *w = ip_window(e, addr);
    double now = wall_s();
    if (now >= w->start + 1.0) {
        w->start = now;
        w->count = 0;
    }
    if (++w->count <= e->o.ip_rate)
        return 0;
    env_err(rs, 429, 971, "Please wait and consider throttling your request speed");
    set_num(rs, "Retry-After", 1);
    return -1;
}

/* ratelimit_headers: Cloudflare's IETF-draft headers, e.g.
 * Ratelimit: "default";r=50;t=30 and Ratelimit-Policy: "default";q=1200;w=300 */
static void ratelimit_headers(struct emu *e, struct resp *rs, int remaining, double reset_in)
{
    char buf[96];
    snprintf(buf, sizeof buf, "\"default\";r=%d;t=%ld", remaining < 0 ? 0 : remaining,
             (long)ceil(reset_in < 0 ? 0 : reset_in));
    env_header(rs, "Ratelimit", buf);
    snprintf(buf, sizeof buf, "\"default\";q=%d;w=%d", e->o.rl_count, e->o.rl_window_s);
    env_header(rs, "Ratelimit-Policy", buf);
}

/* faults_rate_limit: the per-IP limit, then counts the request against its
 * token's window (call with e->mu held, after authentication). Returns 0
 * when allowed (headers added to rs), -1 when refused: rs then holds the
 * 429. A request the per-IP limit refuses does not count for the token. */
int faults_rate_limit(struct emu *e, struct req *rq, struct resp *rs)
{
    if (ip_limit(e, rq, rs) != 0)
        return -1;
    if (e->o.rl_count <= 0 || rq->token_index < 0)
        return 0;
    struct emu_window *w = &e->windows[rq->token_index];
    double now = wall_s();
    if (w->start == 0 || now >= w->start + e->o.rl_window_s) {
        w->start = now;
        w->count = 0;
    }
    w->count++;
    double end = w->start + e->o.rl_window_s;
    int remaining = e->o.rl_count - w->count;
    set_num(rs, "x-ratelimit-limit", e->o.rl_count);
    set_num(rs, "x-ratelimit-remaining", remaining < 0 ? 0 : remaining);
    set_reset(rs, end);
    ratelimit_headers(e, rs, remaining, end - now);
    if (w->count <= e->o.rl_count)
        return 0;
    long retry = (long)ceil(end - now);
    env_err(rs, 429, 971, "Please wait and consider throttling your request speed");
    set_num(rs, "Retry-After", retry < 1 ? 1 : retry);
    return -1;
}
