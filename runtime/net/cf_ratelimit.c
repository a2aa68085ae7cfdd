/* Reading Cloudflare's Ratelimit headers and keeping the server-side
 * estimate of the budget left: each answer resets it to what the server
 * said, less the requests still in flight (counted or not, they will be);
 * answers of one window never raise it (they may arrive out of order). */
#include "runtime/net/cf_ratelimit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* two resets this close are one window's (t is whole seconds, rounded up) */
#define SAME_WINDOW_S 2.0

/* param: the number after "key=" in one of the ';'-separated parameters
 * of item [s, end), or -1 */
static double param(const char *s, const char *end, const char *key)
{
    size_t n = strlen(key);
    for (const char *p = s; p < end;) {
        while (p < end && (*p == ';' || *p == ' '))
            p++;
        if ((size_t)(end - p) > n && strncmp(p, key, n) == 0 && p[n] == '=')
            return strtod(p + n + 1, NULL);
        p = memchr(p, ';', (size_t)(end - p));
        if (!p)
            break;
    }
    return -1;
}

/* cf_ratelimit_parse: see cf_ratelimit.h. */
int cf_ratelimit_parse(const char *value, const char *r_key, const char *t_key, long *r, double *t)
{
    bool found = false;
    for (const char *s = value; s && *s;) {
        const char *end = strchr(s, ',');
        if (!end)
            end = s + strlen(s);
        double rv = param(s, end, r_key), tv = param(s, end, t_key);
        if (rv >= 0 && tv >= 0 && (!found || rv < (double)*r)) {
            *r = (long)rv;
            *t = tv;
            found = true;
        }
        s = *end ? end + 1 : end;
    }
    return found ? 0 : -1;
}

/* cf_server_budget_left: see cf_ratelimit.h. An estimate below 0 (an
 * answer said less was left than was then in flight) is 0: -1 means
 * unknown, and taking an overdrawn estimate for that would let the next
 * answer raise it or a request go blind. */
long cf_server_budget_left(struct cf_server_budget *b, double now)
{
    if (b->is_known && now >= b->reset_at)
        b->is_known = false; /* a new window: the next answer says */
    if (!b->is_known)
        return -1;
    return b->remaining > b->sent_since ? b->remaining - b->sent_since : 0;
}

/* cf_server_budget_note: see cf_ratelimit.h. */
void cf_server_budget_note(struct cf_server_budget *b, double now, long r, double t, int inflight)
{
    long fresh = r - inflight;
    double reset_at = now + t;
    long cur = cf_server_budget_left(b, now);
    if (cur >= 0 && fabs(reset_at - b->reset_at) < SAME_WINDOW_S) { /* the same window */
        if (cur < fresh)
            fresh = cur; /* an older answer arriving late */
        if (b->reset_at < reset_at)
            reset_at = b->reset_at; /* t is rounded up: the earliest is the closest */
    }
    b->is_known = true;
    b->does_speak = true;
    b->remaining = fresh;
    b->sent_since = 0;
    b->reset_at = reset_at;
}

/* cf_server_budget_wait: see cf_ratelimit.h. */
double cf_server_budget_wait(struct cf_server_budget *b, double now, int inflight)
{
    long left = cf_server_budget_left(b, now);
    long reserve = b->quota >= 100 ? b->quota / 100 : 0;
    if (left < 0)
        return b->does_speak && inflight > 0 ? -1 : 0;
    if (left > reserve)
        return 0;
    return b->reset_at - now;
}

/* cf_server_budget_merge: see cf_ratelimit.h. */
void cf_server_budget_merge(struct cf_server_budget *b, const struct cf_server_budget *from,
                            double now)
{
    struct cf_server_budget other = *from;
    long theirs = cf_server_budget_left(&other, now);
    long ours = cf_server_budget_left(b, now);
    if (b->quota == 0) {
        b->quota = other.quota;
        b->window_s = other.window_s;
    }
    b->does_speak |= other.does_speak;
    if (theirs < 0)
        return;                                                      /* they know nothing current */
    if (ours < 0 || other.reset_at - b->reset_at >= SAME_WINDOW_S) { /* theirs is newer */
        b->is_known = true;
        b->remaining = theirs;
        b->sent_since = 0;
        b->reset_at = other.reset_at;
        return;
    }
    if (b->reset_at - other.reset_at >= SAME_WINDOW_S)
        return; /* ours is the newer window */
    if (theirs < ours) {
        b->remaining = theirs;
        b->sent_since = 0;
    }
    if (other.reset_at < b->reset_at)
        b->reset_at = other.reset_at;
}

/* cf_server_budget_sent: see cf_ratelimit.h. */
void cf_server_budget_sent(struct cf_server_budget *b)
{
    b->sent_since++;
}
