/* cfemu: command line, start-up and clean shutdown of the local Cloudflare
 * API v4 emulator. See emulator/README.md for every option and endpoint. */
#include <ctype.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "emulator/emu.h"

/* Used when no --token or --account is given: a local emulator only. */
#define DEFAULT_TOKEN   "cfemu-local-token"
#define DEFAULT_ACCOUNT "0123456789abcdef0123456789abcdef"

static const char usage[] =
    "usage: cfemu [options]\n"
    "  --port N             port on 127.0.0.1 (0 = pick a free one; default 8787)\n"
    "  --port-file FILE     write the port there once listening\n"
    "  --token T            accepted bearer token (repeatable; default " DEFAULT_TOKEN ")\n"
    "  --account ID         32-hex account id (repeatable; default\n"
    "                       " DEFAULT_ACCOUNT ")\n"
    "  --data DIR           persist state (and D1 databases) in DIR\n"
    "  --log FILE           JSON-lines request log (never contains tokens)\n"
    "  --latency MS[+-J]    delay every request by MS ms, +- up to J ms jitter\n"
    "  --fail-rate P        answer a fraction P (0..1) of requests with a 5xx\n"
    "  --drop-rate P        reset the connection of a fraction P of requests\n"
    "  --garble-rate P      answer a fraction P of successful writes (not GETs)\n"
    "                       with an HTML page (status 200) after carrying them out\n"
    "  --rate-limit N/S     N requests per S seconds per token (default 1200/300;\n"
    "                       0 disables it, and the per-IP limit unless --ip-rate is given)\n"
    "  --ip-rate N          N requests per second per client address (default 200;\n"
    "                       0 disables)\n"
    "  --seed N             seed for ids and injected faults (reproducible runs)\n"
    "  --fault-path PREFIX  inject latency/fail/drop only on matching paths\n"
    "  --fault-method M     inject latency/fail/drop only on requests with method M\n"
    "                       (repeatable; relative to /client/v4 or absolute)\n"
    "  --d1-query-timeout-ms MS  interrupt a D1 query after MS ms (default 30000)\n"
    "  --max-connections N  open connections, all clients (default 1000)\n"
    "  --max-connections-per-client N  open connections from one address\n"
    "                       (default 500)\n"
    "  --idle-timeout S     close a connection idle for S seconds (default 10)\n"
    "  --help               this text\n";

static int bad(const char *opt, const char *val, const char *want)
{
    fprintf(stderr, "cfemu: invalid value '%s' for %s: expected %s (see cfemu --help)\n",
            val ? val : "", opt, want);
    return -1;
}

static bool is_hex32(const char *s)
{
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return n == 32;
}

static int parse_rate(const char *v, double *out)
{
    char *end;
    double p = strtod(v, &end);
    if (*end || p < 0 || p > 1)
        return bad("a rate", v, "a probability between 0 and 1");
    *out = p;
    return 0;
}

static int parse_latency(struct emu_opts *o, const char *v)
{
    char *end;
    long ms = strtol(v, &end, 10);
    long j = 0;
    if (end == v || ms < 0)
        return bad("--latency", v, "MS or MS+-JITTER, e.g. 50+-10");
    if (strncmp(end, "\xc2\xb1", 2) == 0)
        end += 2;
    else if (strncmp(end, "+-", 2) == 0)
        end += 2;
    else if (*end == '~' || *end == ':')
        end++;
    if (*end) {
        char *e2;
        j = strtol(end, &e2, 10);
        if (*e2 || j < 0 || j > ms)
            return bad("--latency", v, "a jitter between 0 and MS, e.g. 50+-10");
    }
    o->latency_ms = (int)ms;
    o->jitter_ms = (int)j;
    return 0;
}

static int parse_limit(struct emu_opts *o, const char *v)
{
    char *end;
    long n = strtol(v, &end, 10);
    long s = 300;
    if (end == v || n < 0)
        return bad("--rate-limit", v, "N/SECONDS, e.g. 1200/300");
    if (*end == '/') {
        char *e2;
        s = strtol(end + 1, &e2, 10);
        if (*e2 || s < 1)
            return bad("--rate-limit", v, "N/SECONDS with SECONDS >= 1");
    } else if (*end) {
        return bad("--rate-limit", v, "N/SECONDS, e.g. 1200/300");
    }
    o->rl_count = (int)n;
    o->rl_window_s = (int)s;
    return 0;
}

/* A whole number in [lo, hi] into *out; -1 (printed) otherwise. */
static int parse_int(const char *opt, const char *v, long lo, long hi, int *out)
{
    char *end;
    long n = strtol(v, &end, 10);
    if (end == v || *end || n < lo || n > hi) {
        char want[64];
        snprintf(want, sizeof want, "a whole number from %ld to %ld", lo, hi);
        return bad(opt, v, want);
    }
    *out = (int)n;
    return 0;
}

/* The options about limits: D1 query time and connections. 1 = not one
 * of them. */
static int parse_limit_opt(struct emu_opts *o, const char *k, const char *v)
{
    if (strcmp(k, "--d1-query-timeout-ms") == 0)
        return parse_int(k, v, 1, 86400000, &o->d1_timeout_ms);
    if (strcmp(k, "--max-connections") == 0)
        return parse_int(k, v, 1, 100000, &o->max_conns);
    if (strcmp(k, "--max-connections-per-client") == 0)
        return parse_int(k, v, 1, 100000, &o->max_conns_per_client);
    if (strcmp(k, "--idle-timeout") == 0)
        return parse_int(k, v, 1, 86400, &o->idle_timeout_s);
    return 1;
}

static int add_list(const char **list, int *n, const char *v, const char *opt)
{
    if (*n >= EMU_MAX_LIST)
        return bad(opt, v, "at most 32 occurrences");
    list[(*n)++] = v;
    return 0;
}

static int parse_one(struct emu_opts *o, const char *k, const char *v)
{
    char *end;
    int rc = parse_limit_opt(o, k, v);
    if (rc != 1)
        return rc;
    if (strcmp(k, "--port") == 0) {
        long p = strtol(v, &end, 10);
        if (*end || p < 0 || p > 65535)
            return bad(k, v, "a port number 0..65535");
        o->port = (int)p;
    } else if (strcmp(k, "--port-file") == 0)
        o->port_file = v;
    else if (strcmp(k, "--token") == 0)
        return add_list(o->tokens, &o->n_tokens, v, k);
    else if (strcmp(k, "--account") == 0) {
        if (!is_hex32(v))
            return bad(k, v, "a 32-character hex account id");
        return add_list(o->accounts, &o->n_accounts, v, k);
    } else if (strcmp(k, "--data") == 0)
        o->data_dir = v;
    else if (strcmp(k, "--log") == 0)
        o->log_path = v;
    else if (strcmp(k, "--latency") == 0)
        return parse_latency(o, v);
    else if (strcmp(k, "--fail-rate") == 0)
        return parse_rate(v, &o->fail_rate);
    else if (strcmp(k, "--drop-rate") == 0)
        return parse_rate(v, &o->drop_rate);
    else if (strcmp(k, "--garble-rate") == 0)
        return parse_rate(v, &o->garble_rate);
    else if (strcmp(k, "--rate-limit") == 0)
        return parse_limit(o, v);
    else if (strcmp(k, "--ip-rate") == 0)
        return parse_int(k, v, 0, 1000000, &o->ip_rate);
    else if (strcmp(k, "--seed") == 0) {
        o->seed = strtoull(v, &end, 10);
        if (*end || !*v)
            return bad(k, v, "a non-negative integer");
        o->has_seed = true;
    } else if (strcmp(k, "--fault-path") == 0)
        return add_list(o->fault_paths, &o->n_fault_paths, v, k);
    else if (strcmp(k, "--fault-method") == 0)
        return add_list(o->fault_methods, &o->n_fault_methods, v, k);
    else {
        fprintf(stderr, "cfemu: unknown option '%s' (see cfemu --help)\n", k);
        return -1;
    }
    return 0;
}

/* Parses argv into o; *defaulted tells whether the default token or
 * account was used. Returns 0, 1 for --help, -1 on bad usage (printed). */
static int parse_args(struct emu_opts *o, int argc, char **argv, bool *defaulted)
{
    o->port = 8787;
    o->rl_count = 1200;
    o->rl_window_s = 300;
    o->ip_rate = -1;          /* Cloudflare's 200 unless --rate-limit 0 (see finish_limits) */
    o->d1_timeout_ms = 30000; /* D1's own limit */
    o->max_conns = 1000;
    o->max_conns_per_client = 500;
    o->idle_timeout_s = 10;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0)
            return 1;
        if (i + 1 >= argc) {
            fprintf(stderr, "cfemu: option '%s' needs a value (see cfemu --help)\n", argv[i]);
            return -1;
        }
        if (parse_one(o, argv[i], argv[i + 1]) != 0)
            return -1;
        i++;
    }
    *defaulted = o->n_tokens == 0 || o->n_accounts == 0;
    if (o->n_tokens == 0)
        o->tokens[o->n_tokens++] = DEFAULT_TOKEN;
    if (o->n_accounts == 0)
        o->accounts[o->n_accounts++] = DEFAULT_ACCOUNT;
    if (!o->has_seed)
        o->seed = (uint64_t)time(NULL) ^ ((uint64_t)getpid() << 32);
    if (o->ip_rate < 0) /* --rate-limit 0 turns every limiter off */
        o->ip_rate = o->rl_count > 0 ? 200 : 0;
    return 0;
}

/* With a default token or account, prints the lines to paste into the
 * shell that runs domec (the port comes from the "listening" line when it
 * is picked at random). */
static void print_exports(const struct emu_opts *o)
{
    printf("cfemu: no --token/--account given, using the defaults; for domec:\n");
    if (o->port != 0)
        printf("  export CLOUDFLARE_API_BASE_URL=http://127.0.0.1:%d/client/v4\n", o->port);
    else
        printf("  export CLOUDFLARE_API_BASE_URL=<the URL of the next line>\n");
    printf("  export CLOUDFLARE_API_TOKEN=%s\n  export CLOUDFLARE_ACCOUNT_ID=%s\n", o->tokens[0],
           o->accounts[0]);
    fflush(stdout);
}

/* main: parses options, loads state, serves until SIGTERM/SIGINT, saves
 * state and exits 0; exits 2 on bad usage or when it cannot start. */
int main(int argc, char **argv)
{
    struct emu e;
    memset(&e, 0, sizeof e);
    bool defaulted = false;
    int rc = parse_args(&e.o, argc, argv, &defaulted);
    if (rc != 0) {
        fputs(usage, rc > 0 ? stdout : stderr);
        return rc > 0 ? 0 : 2;
    }
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGINT);
    pthread_sigmask(SIG_BLOCK, &set, NULL);
    signal(SIGPIPE, SIG_IGN);
    pthread_mutex_init(&e.mu, NULL);
    if (store_load(&e) != 0 || log_open(&e) != 0) {
        cJSON_Delete(e.state);
        return 2;
    }
    if (defaulted)
        print_exports(&e.o);
    rc = server_start(&e);
    pthread_mutex_lock(&e.mu);
    store_save(&e);
    d1_close_all(&e);
    log_close(&e);
    cJSON_Delete(e.state);
    pthread_mutex_unlock(&e.mu);
    pthread_mutex_destroy(&e.mu);
    return rc == 0 ? 0 : 2;
}
