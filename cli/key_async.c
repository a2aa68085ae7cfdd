/* The stack-secrets key on a thread of its own: see key_async.h. */
#include "cli/key_async.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "runtime/base/xalloc.h"

struct key_async {
    struct passphrase_stack ps;
    pthread_t thread;
    bool is_running; /* the thread was started (and is not yet joined) */
    struct secret_key *key;
    char err[512];
};

static void *derive(void *arg)
{
    struct key_async *job = arg;
    job->key = passphrase_stack_key(&job->ps, job->err, sizeof job->err);
    return NULL;
}

/* key_async_begin: see key_async.h. */
struct key_async *key_async_begin(const struct passphrase_stack *ps)
{
    struct key_async *job = xcalloc(1, sizeof *job);
    job->ps = *ps;
    if (passphrase_stack_unattended(ps))
        job->is_running = pthread_create(&job->thread, NULL, derive, job) == 0;
    return job;
}

/* key_async_end: see key_async.h. */
struct secret_key *key_async_end(struct key_async *job, char *err, size_t err_len)
{
    if (job->is_running)
        pthread_join(job->thread, NULL);
    else
        derive(job);
    struct secret_key *key = job->key;
    if (!key)
        snprintf(err, err_len, "%s", job->err);
    free(job);
    return key;
}

/* key_async_drop: see key_async.h. */
void key_async_drop(struct key_async *job)
{
    if (job->is_running)
        pthread_join(job->thread, NULL);
    secret_key_free(job->key);
    free(job);
}
