/* account_check on a thread of its own: see account_async.h. The transport
 * is made and freed on the caller's thread (libcurl's global setup is not
 * thread-safe); only the check itself runs on the other. */
#include "runtime/providers/account_async.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/base/xalloc.h"

struct account_async {
    pthread_t thread;
    struct cf_http *http;
    char *account;
    enum account_check result;
    char err[2048];
    atomic_bool is_done; /* result and err are final */
};

static void *run(void *arg)
{
    struct account_async *a = arg;
    a->result = account_check(a->http, a->account, a->err, sizeof a->err);
    atomic_store(&a->is_done, true);
    return NULL;
}

/* account_check_begin: see account_async.h. */
struct account_async *account_check_begin(const struct cf_http_config *cfg, const char *account,
                                          char *err, size_t err_len)
{
    struct account_async *a = xcalloc(1, sizeof *a);
    a->http = cf_http_new(cfg, err, err_len);
    a->account = xstrdup(account);
    atomic_init(&a->is_done, false);
    if (a->http && pthread_create(&a->thread, NULL, run, a) == 0)
        return a;
    if (a->http)
        snprintf(err, err_len, "cannot start the account check (no thread)");
    cf_http_free(a->http);
    free(a->account);
    free(a);
    return NULL;
}

/* account_check_done: see account_async.h. */
bool account_check_done(struct account_async *a)
{
    return atomic_load(&a->is_done);
}

/* account_check_end: see account_async.h. */
enum account_check account_check_end(struct account_async *a, struct cf_http *into, char *err,
                                     size_t err_len)
{
    pthread_join(a->thread, NULL);
    enum account_check r = a->result;
    cf_http_learn_from(into, a->http);
    snprintf(err, err_len, "%s", a->err);
    cf_http_free(a->http);
    free(a->account);
    free(a);
    return r;
}
