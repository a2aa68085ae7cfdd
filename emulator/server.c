/* cfemu: the HTTP side. libmicrohttpd, one thread per connection (so an
 * injected latency delays only its own request), 127.0.0.1 only. Collects
 * the body, applies faults, dispatches under the store mutex, replies. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include <microhttpd.h>

#include "emulator/emu.h"

#define MAX_BODY (64u << 20)

struct conn_ctx {
    char *buf;
    size_t len, cap;
    bool too_big;
};

/* req_query: the first value of query parameter key, or NULL. */
const char *req_query(struct req *rq, const char *key)
{
    return MHD_lookup_connection_value(rq->conn, MHD_GET_ARGUMENT_KIND, key);
}

/* req_header: a request header (case-insensitive name), or NULL. */
const char *req_header(struct req *rq, const char *name)
{
    return MHD_lookup_connection_value(rq->conn, MHD_HEADER_KIND, name);
}

struct collect {
    const char *key;
    const char **out;
    int max, n;
};

static enum MHD_Result collect_one(void *cls, enum MHD_ValueKind kind, const char *key,
                                   const char *value)
{
    struct collect *c = cls;
    (void)kind;
    if (value && strcmp(key, c->key) == 0 && c->n < c->max)
        c->out[c->n++] = value;
    return MHD_YES;
}

/* req_query_all: every value of a repeated query parameter (up to max,
 * borrowed); returns how many. */
int req_query_all(struct req *rq, const char *key, const char **out, int max)
{
    struct collect c = {key, out, max, 0};
    MHD_get_connection_values(rq->conn, MHD_GET_ARGUMENT_KIND, collect_one, &c);
    return c.n;
}

/* req_int: an integer query parameter, or dflt when absent or not a number. */
int req_int(struct req *rq, const char *key, int dflt)
{
    const char *v = req_query(rq, key);
    char *end;
    if (!v || !*v)
        return dflt;
    long n = strtol(v, &end, 10);
    return *end ? dflt : (int)(n > 1000000000 ? 1000000000 : n < -1000000000 ? -1000000000 : n);
}

/* req_rest: path segments from..end joined with '/' (a KV key or an R2
 * object key that holds slashes); malloc'd, "" when there are none. */
char *req_rest(struct req *rq, int from)
{
    size_t n = 1;
    for (int i = from; i < rq->n_segs; i++)
        n += strlen(rq->segs[i]) + 1;
    char *out = calloc(1, n);
    for (int i = from; out && i < rq->n_segs; i++) {
        if (i > from)
            strcat(out, "/");
        strcat(out, rq->segs[i]);
    }
    return out;
}

/* json_has_nul: whether JSON text holds a NUL inside a string, as a raw
 * byte or as the escape \u0000. cJSON ends strings at a NUL, so such a
 * name would be cut short without a word ("a\u0000b" read as "a"). */
bool json_has_nul(const char *text, size_t len)
{
    if (memchr(text, '\0', len))
        return true;
    for (size_t i = 0; i + 1 < len; i++) {
        if (text[i] != '\\')
            continue;
        if (text[i + 1] == 'u' && i + 6 <= len && memcmp(text + i + 2, "0000", 4) == 0)
            return true;
        i++; /* skip the escaped character: \\u0000 is text, not a NUL */
    }
    return false;
}

/* json_parse: text parsed as JSON; NULL when it is not JSON or a string
 * in it holds a NUL (json_has_nul). Caller frees. */
cJSON *json_parse(const char *text, size_t len)
{
    return json_has_nul(text, len) ? NULL : cJSON_ParseWithLength(text, len);
}

/* req_json: the body parsed as JSON whatever its Content-Type (wrangler
 * sends JSON as text/plain). Caller frees; NULL when not JSON. */
cJSON *req_json(struct req *rq)
{
    if (!rq->body || rq->body_len == 0)
        return NULL;
    return json_parse(rq->body, rq->body_len);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void split_path(struct req *rq, char *copy)
{
    const char *prefix = "/client/v4";
    char *p = copy;
    if (strncmp(p, prefix, strlen(prefix)) == 0)
        p += strlen(prefix);
    char *save = NULL;
    for (char *s = strtok_r(p, "/", &save); s; s = strtok_r(NULL, "/", &save)) {
        if (rq->n_segs == EMU_MAX_SEGS) {
            rq->n_segs = 0; /* longer than any route: 7003 */
            return;
        }
        rq->segs[rq->n_segs++] = s;
    }
    if (rq->n_segs >= 2 && strcmp(rq->segs[0], "accounts") == 0)
        rq->account = rq->segs[1];
}

static void reset_connection(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
    if (ci) {
        struct linger lg = {1, 0};
        setsockopt(ci->connect_fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    }
}

static enum MHD_Result send_resp(struct MHD_Connection *c, struct resp *rs)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (char *)"",
                                        rs->body ? MHD_RESPMEM_MUST_FREE : MHD_RESPMEM_PERSISTENT);
    rs->body = NULL;
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", rs->content_type);
    for (int i = 0; i < rs->n_h; i++)
        MHD_add_response_header(r, rs->h[i].name, rs->h[i].value);
    enum MHD_Result ok = MHD_queue_response(c, (unsigned)rs->status, r);
    MHD_destroy_response(r);
    return ok;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0)
        ;
}

static void run_locked(struct emu *e, struct req *rq, struct resp *rs, const struct fault_plan *fp)
{
    if (fp->fail)
        env_err(rs, fp->fail_status, 10002, "Internal server error (cfemu injected fault)");
    else
        router_dispatch(e, rq, rs);
    if (rs->mutated)
        store_save(e);
}

/* garble: the request took effect, but the client gets what a broken proxy
 * in front of the API would send: an HTML page with status 200. */
static void garble(struct resp *rs)
{
    static const char page[] = "<html><body><h1>200 OK</h1>upstream answer lost</body></html>";
    free(rs->body);
    rs->body = strdup(page);
    rs->len = rs->body ? strlen(page) : 0;
    rs->status = 200;
    snprintf(rs->content_type, sizeof rs->content_type, "text/html");
}

/* Answers one request: the handler runs under e->mu, then any job it left
 * (a D1 query) runs without it, so a slow job holds up no other client. */
static void answer(struct emu *e, struct req *rq, struct resp *rs, const struct fault_plan *fp,
                   bool too_big)
{
    pthread_mutex_lock(&e->mu);
    if (too_big)
        env_err(rs, 413, 10027, "Request body too large (limit %u bytes)", MAX_BODY);
    else if (!(fp->drop && !fp->drop_after))
        run_locked(e, rq, rs, fp);
    pthread_mutex_unlock(&e->mu);
    if (rs->job)
        rs->job(e, rs, rs->job_arg);
    if (fp->garble && rs->status >= 200 && rs->status < 300)
        garble(rs);
}

static enum MHD_Result handle(struct emu *e, struct MHD_Connection *c, const char *url,
                              const char *method, struct conn_ctx *cc)
{
    double t0 = now_s();
    char *copy = strdup(url);
    struct req rq = {.conn = c,
                     .method = method,
                     .url = url,
                     .body = cc->buf,
                     .body_len = cc->len,
                     .token_index = -1};
    struct resp rs = {.status = 500};
    struct fault_plan fp;
    if (!copy)
        return MHD_NO;
    split_path(&rq, copy);
    pthread_mutex_lock(&e->mu);
    faults_plan(e, &rq, &fp);
    pthread_mutex_unlock(&e->mu);
    if (fp.delay_ms > 0)
        sleep_ms(fp.delay_ms);
    answer(e, &rq, &rs, &fp, cc->too_big);
    pthread_mutex_lock(&e->mu);
    log_request(e, &rq, fp.drop ? 0 : rs.status, (now_s() - t0) * 1000, fp.drop);
    pthread_mutex_unlock(&e->mu);
    free(copy);
    if (fp.drop) {
        free(rs.body);
        reset_connection(c);
        return MHD_NO;
    }
    return send_resp(c, &rs);
}

static int append(struct conn_ctx *cc, const char *data, size_t n)
{
    if (cc->len + n > MAX_BODY) {
        cc->too_big = true;
        return 0;
    }
    if (cc->len + n + 1 > cc->cap) {
        size_t cap = (cc->len + n + 1) * 2;
        char *b = realloc(cc->buf, cap);
        if (!b)
            return -1;
        cc->buf = b;
        cc->cap = cap;
    }
    memcpy(cc->buf + cc->len, data, n);
    cc->len += n;
    cc->buf[cc->len] = '\0';
    return 0;
}

static enum MHD_Result access_cb(void *cls, struct MHD_Connection *c, const char *url,
                                 const char *method, const char *version, const char *upload,
                                 size_t *upload_size, void **con_cls)
{
    struct conn_ctx *cc = *con_cls;
    (void)version;
    if (!cc) {
        cc = calloc(1, sizeof *cc);
        *con_cls = cc;
        return cc ? MHD_YES : MHD_NO;
    }
    if (*upload_size) {
        int rc = append(cc, upload, *upload_size);
        *upload_size = 0;
        return rc == 0 ? MHD_YES : MHD_NO;
    }
    return handle(cls, c, url, method, cc);
}

static void completed_cb(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
    struct conn_ctx *cc = *con_cls;
    (void)cls, (void)c, (void)toe;
    if (cc) {
        free(cc->buf);
        free(cc);
    }
    *con_cls = NULL;
}

/* MHD's unescape step for the path and query values: %XX decoded as MHD
 * does, except that a value holding %00 stays as sent. Decoded, the NUL
 * would silently cut a name short (".../database/db%00x" naming "db");
 * undecoded, it names nothing that exists. */
static size_t unescape_cb(void *cls, struct MHD_Connection *c, char *s)
{
    (void)cls, (void)c;
    return strstr(s, "%00") ? strlen(s) : MHD_http_unescape(s);
}

static int write_port_file(const char *path, int port)
{
    size_t n = strlen(path) + 8;
    char *tmp = malloc(n);
    if (!tmp)
        return -1;
    snprintf(tmp, n, "%s.tmp", path);
    FILE *f = fopen(tmp, "w");
    int rc = -1;
    if (f) {
        fprintf(f, "%d\n", port);
        rc = fclose(f) == 0 && rename(tmp, path) == 0 ? 0 : -1;
    }
    free(tmp);
    return rc;
}

/* Starts the daemon on 127.0.0.1:o.port (0 = any free port); NULL on
 * failure. The connection limits and the idle timeout keep one client that
 * opens many connections (or leaves them idle) from shutting out the rest:
 * beyond a limit MHD refuses the connection, and idle ones are closed. The
 * listen backlog is the kernel's largest (SOMAXCONN): a burst of connections
 * that outruns accept() would otherwise wait for SYN-ACK retransmits, seconds
 * later, instead of being served or refused at once. */
static struct MHD_Daemon *start_daemon(struct emu *e)
{
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)e->o.port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    unsigned flags = MHD_USE_THREAD_PER_CONNECTION | MHD_USE_INTERNAL_POLLING_THREAD |
                     MHD_USE_POLL | MHD_USE_ERROR_LOG;
    return MHD_start_daemon(
        flags, (uint16_t)e->o.port, NULL, NULL, access_cb, e, MHD_OPTION_SOCK_ADDR,
        (struct sockaddr *)&sa, MHD_OPTION_NOTIFY_COMPLETED, completed_cb, e,
        MHD_OPTION_UNESCAPE_CALLBACK, unescape_cb, e, MHD_OPTION_CONNECTION_TIMEOUT,
        (unsigned)e->o.idle_timeout_s, MHD_OPTION_CONNECTION_LIMIT, (unsigned)e->o.max_conns,
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)e->o.max_conns_per_client,
        MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)SOMAXCONN, MHD_OPTION_END);
}

/* server_start: serves until SIGTERM/SIGINT (which the caller must have
 * blocked in every thread), then stops the daemon. Prints the base URL and
 * writes --port-file once listening. Returns 0, or -1 after printing why. */
int server_start(struct emu *e)
{
    struct MHD_Daemon *d = start_daemon(e);
    if (!d) {
        fprintf(stderr,
                "cfemu: cannot listen on 127.0.0.1:%d (port in use?); "
                "try --port 0\n",
                e->o.port);
        return -1;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    int port = di ? di->port : e->o.port;
    printf("cfemu listening on http://127.0.0.1:%d/client/v4\n", port);
    fflush(stdout);
    if (e->o.port_file && write_port_file(e->o.port_file, port) != 0)
        fprintf(stderr, "cfemu: cannot write --port-file '%s'\n", e->o.port_file);
    sigset_t set;
    int sig;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    sigwait(&set, &sig);
    /* Running D1 queries see the flag and stop, so their connection
     * threads end and MHD_stop_daemon, which waits for them, returns. */
    atomic_store(&e->stopping, true);
    MHD_stop_daemon(d);
    return 0;
}
