/* cfemu-loadgen: an HTTP/1.1 keep-alive load generator for loopback
 * benchmarks. C connections each keep one GET in flight for D seconds;
 * prints requests/s, status counts and latency percentiles. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define MAX_CONNS 256
#define BUF_SIZE  65536
#define HIST_US   100000 /* latency histogram: 1 µs buckets up to 100 ms */

struct opts {
    const char *host;
    int port;
    const char *path;
    const char *token;
    int n_conns;
    double seconds;
};

struct conn {
    int fd;
    char buf[BUF_SIZE];
    size_t len;     /* bytes of the current response read so far */
    double sent_at; /* when the in-flight request was written */
};

struct stats {
    uint64_t n_ok;     /* 2xx responses */
    uint64_t n_other;  /* non-2xx responses */
    uint64_t n_errors; /* connection errors and malformed responses */
    uint32_t *hist;    /* HIST_US + 1 buckets, microseconds */
};

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: cfemu-loadgen -p PORT -u PATH [-H HOST] [-t TOKEN] [-c CONNS] [-d SECONDS]\n"
            "  GETs http://HOST:PORT/PATH over CONNS keep-alive connections for SECONDS\n"
            "  (defaults: 127.0.0.1, 16 connections, 5 s); TOKEN is sent as a Bearer token\n");
}

/* Parses argv into o; returns false (after printing usage) on bad input. */
static bool parse_args(int argc, char **argv, struct opts *o)
{
    *o = (struct opts){
        .host = "127.0.0.1", .port = 0, .path = NULL, .token = NULL, .n_conns = 16, .seconds = 5.0};
    int c;
    while ((c = getopt(argc, argv, "H:p:u:t:c:d:")) != -1) {
        switch (c) {
        case 'H':
            o->host = optarg;
            break;
        case 'p':
            o->port = atoi(optarg);
            break;
        case 'u':
            o->path = optarg;
            break;
        case 't':
            o->token = optarg;
            break;
        case 'c':
            o->n_conns = atoi(optarg);
            break;
        case 'd':
            o->seconds = atof(optarg);
            break;
        default:
            usage();
            return false;
        }
    }
    if (o->port <= 0 || o->port > 65535 || !o->path || o->path[0] != '/' || o->n_conns < 1 ||
        o->n_conns > MAX_CONNS || o->seconds <= 0) {
        usage();
        return false;
    }
    return true;
}

static int connect_to(const struct opts *o)
{
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)o->port)};
    if (inet_pton(AF_INET, o->host, &sa.sin_addr) != 1)
        return -1;
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) {
        close(fd);
        return -1;
    }
    return fd;
}

/* Writes the whole request; false on a write error. */
static bool send_request(struct conn *c, const char *req, size_t len)
{
    size_t off = 0;
    while (off < len) {
        ssize_t n = write(c->fd, req + off, len - off);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        off += (size_t)n;
    }
    c->len = 0;
    c->sent_at = now();
    return true;
}

/* Looks at the buffered bytes: returns the total response length once the
 * headers and Content-Length bytes of body are in, 0 if more is needed,
 * -1 if the response is malformed. Stores the status code in *status. */
static long response_length(const struct conn *c, int *status)
{
    const char *end = NULL;
    for (size_t i = 3; i < c->len && !end; i++)
        if (memcmp(c->buf + i - 3, "\r\n\r\n", 4) == 0)
            end = c->buf + i - 3;
    if (!end)
        return c->len == BUF_SIZE ? -1 : 0;
    if (c->len < 12 || memcmp(c->buf, "HTTP/1.", 7) != 0)
        return -1;
    *status = atoi(c->buf + 9);
    long body = -1;
    bool chunked = false;
    for (const char *p = c->buf; p && p < end; p = memchr(p, '\n', (size_t)(end - p))) {
        if (*p == '\n')
            p++;
        if (strncasecmp(p, "content-length:", 15) == 0)
            body = atol(p + 15);
        if (strncasecmp(p, "transfer-encoding: chunked", 26) == 0)
            chunked = true;
    }
    if (chunked) /* complete once the last-chunk marker ends the buffer */
        return c->len >= 5 && memcmp(c->buf + c->len - 5, "0\r\n\r\n", 5) == 0 ? (long)c->len : 0;
    if (body < 0)
        return -1;
    long total = (long)(end + 4 - c->buf) + body;
    if (total > BUF_SIZE)
        return -1;
    return (long)c->len >= total ? total : 0;
}

static void record(struct stats *st, int status, double latency)
{
    if (status >= 200 && status < 300)
        st->n_ok++;
    else
        st->n_other++;
    long us = (long)(latency * 1e6);
    st->hist[us > HIST_US ? HIST_US : (us < 0 ? 0 : us)]++;
}

/* Reads what is available on c; when a full response is in, records it and
 * sends the next request. Returns false when the connection is unusable. */
static bool on_readable(struct conn *c, struct stats *st, const char *req, size_t req_len)
{
    ssize_t n = read(c->fd, c->buf + c->len, BUF_SIZE - c->len);
    if (n < 0 && (errno == EINTR || errno == EAGAIN))
        return true;
    if (n <= 0)
        return false;
    c->len += (size_t)n;
    int status = 0;
    long total = response_length(c, &status);
    if (total < 0)
        return false;
    if (total == 0)
        return true;
    if ((size_t)total != c->len)
        return false; /* one request in flight: extra bytes are an error */
    record(st, status, now() - c->sent_at);
    return send_request(c, req, req_len);
}

/* Replaces a failed connection with a new one that has a request in
 * flight; fd is -1 when that fails too. */
static void reconnect(const struct opts *o, struct conn *c, struct stats *st, const char *req,
                      size_t req_len)
{
    if (c->fd >= 0)
        close(c->fd);
    st->n_errors++;
    c->fd = connect_to(o);
    if (c->fd >= 0 && !send_request(c, req, req_len)) {
        close(c->fd);
        c->fd = -1;
    }
}

/* Runs the benchmark loop; returns the elapsed seconds. */
static double run(const struct opts *o, struct conn *conns, struct stats *st, const char *req,
                  size_t req_len)
{
    struct pollfd pfd[MAX_CONNS];
    double start = now(), stop = start + o->seconds;
    for (int i = 0; i < o->n_conns; i++)
        if (!send_request(&conns[i], req, req_len))
            reconnect(o, &conns[i], st, req, req_len);
    for (;;) {
        double t = now();
        if (t >= stop)
            return t - start;
        for (int i = 0; i < o->n_conns; i++)
            pfd[i] = (struct pollfd){.fd = conns[i].fd, .events = POLLIN};
        int r = poll(pfd, (nfds_t)o->n_conns, 100);
        if (r < 0 && errno != EINTR)
            return now() - start;
        for (int i = 0; r > 0 && i < o->n_conns; i++) {
            if (!pfd[i].revents || conns[i].fd < 0)
                continue;
            if (!on_readable(&conns[i], st, req, req_len))
                reconnect(o, &conns[i], st, req, req_len);
        }
    }
}

static double percentile(const struct stats *st, uint64_t total, double p)
{
    uint64_t want = (uint64_t)((double)total * p), seen = 0;
    for (long us = 0; us <= HIST_US; us++) {
        seen += st->hist[us];
        if (seen > want)
            return (double)us / 1000.0;
    }
    return (double)HIST_US / 1000.0;
}

static void print_report(const struct opts *o, const struct stats *st, double secs)
{
    uint64_t total = st->n_ok + st->n_other;
    printf("connections %d, duration %.2f s, path %s\n", o->n_conns, secs, o->path);
    printf("requests %llu (2xx %llu, other %llu), connection errors %llu\n",
           (unsigned long long)total, (unsigned long long)st->n_ok, (unsigned long long)st->n_other,
           (unsigned long long)st->n_errors);
    if (total)
        printf("latency ms: p50 %.3f, p99 %.3f, p99.9 %.3f\n", percentile(st, total, 0.50),
               percentile(st, total, 0.99), percentile(st, total, 0.999));
    printf("requests/s %.0f\n", secs > 0 ? (double)st->n_ok / secs : 0.0);
}

/* Exit status: 0 when every response was 2xx and no connection failed. */
int main(int argc, char **argv)
{
    struct opts o;
    if (!parse_args(argc, argv, &o))
        return 2;
    char req[2048];
    int req_len =
        snprintf(req, sizeof req,
                 "GET %s HTTP/1.1\r\nHost: %s:%d\r\n%s%s%sUser-Agent: cfemu-loadgen\r\n\r\n",
                 o.path, o.host, o.port, o.token ? "Authorization: Bearer " : "",
                 o.token ? o.token : "", o.token ? "\r\n" : "");
    if (req_len < 0 || (size_t)req_len >= sizeof req) {
        fprintf(stderr, "cfemu-loadgen: request too long (path or token)\n");
        return 2;
    }
    struct conn *conns = calloc((size_t)o.n_conns, sizeof *conns);
    struct stats st = {.hist = calloc(HIST_US + 1, sizeof(uint32_t))};
    if (!conns || !st.hist) {
        fprintf(stderr, "cfemu-loadgen: out of memory\n");
        return 2;
    }
    for (int i = 0; i < o.n_conns; i++)
        if ((conns[i].fd = connect_to(&o)) < 0) {
            fprintf(stderr, "cfemu-loadgen: cannot connect to %s:%d: %s\n", o.host, o.port,
                    strerror(errno));
            return 2;
        }
    double secs = run(&o, conns, &st, req, (size_t)req_len);
    print_report(&o, &st, secs);
    for (int i = 0; i < o.n_conns; i++)
        if (conns[i].fd >= 0)
            close(conns[i].fd);
    free(conns);
    free(st.hist);
    return st.n_other == 0 && st.n_errors == 0 && st.n_ok > 0 ? 0 : 1;
}
