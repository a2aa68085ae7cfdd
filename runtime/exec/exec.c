/* DAG executor over provider step machines: starts ready steps, feeds
 * completions back to their op, journals pending/done around every
 * operation and keeps the in-memory state current. No request of an
 * operation is sent before its pending record is durable (flush); when the
 * journal fails, the operations it could not record fail unsent and no new
 * one starts.
 *
 * A create with an early step (prov_early_for) that waits on others and
 * that nothing waits on starts at once: its early request goes out with
 * the first ones, then it is parked until its dependencies have finished
 * and resumes with its usual steps. One that cannot resume (a dependency
 * failed, the run stopped) after its early request may have created the
 * resource is kept in the state as a pending create, which the next apply
 * finishes and destroy deletes. */
#include "runtime/exec/exec.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "runtime/base/xalloc.h"

/* JOB_PARKED: its early step is done; it waits for its dependencies */
enum job_status { JOB_WAIT, JOB_RUNNING, JOB_PARKED, JOB_DONE, JOB_FAILED, JOB_SKIPPED };

struct job {
    struct prov_op op;
    enum job_status status;
    bool is_replace_create; /* the create half of a replace is running */
    bool may_start_early;   /* ready from the start for its early step */
    bool is_in_early_step;  /* running its early step (not yet parked) */
    bool needs_sync;        /* its pending record is written, not yet synced */
    bool is_released;       /* its dependents were woken before it finished
                               (op.is_usable); its entry is in state provisionally */
    cJSON *before_release;  /* the state's entry before that (NULL: none) */
    double t0;
};

struct run {
    const struct prov_ctx *ctx;
    struct cf_http *http;
    const struct plan *p;
    const struct exec_options *opt;
    struct exec_report *rep;
    struct job *jobs;
    int n_running, n_finished, n_total;
    size_t *n_waiting;   /* per step: dependencies not finished yet */
    size_t **dependents; /* per step: steps that depend on it */
    size_t *n_dependents;
    bool *is_blocked; /* a dependency failed or was skipped */
    size_t *ready;    /* max-heap on height: steps whose dependencies finished */
    size_t n_ready;
    size_t *height; /* 1 + the longest chain of steps waiting on this one */
    size_t *depth;  /* 1 + the longest chain of unfinished steps it waits on */
    int parallel;
    size_t *outbox; /* ops with a request to send once the journal is synced */
    size_t n_outbox;
    bool is_stopped;       /* the journal failed or an interrupt: start no new operation */
    bool is_interrupted;   /* on_interrupt said stop */
    bool is_stop_reported; /* a step has failed with stop_msg */
    char stop_msg[2048];   /* why: the journal's error (journal_error_text) */
    enum exec_gate gate;   /* opt->gate's last answer (OPEN when there is none) */
    size_t *held;          /* ready steps that wait for the gate (not creates) */
    size_t n_held;
};

static bool higher(const struct run *r, size_t a, size_t b)
{
    return r->height[a] > r->height[b] || (r->height[a] == r->height[b] && a < b);
}

static void push_ready(struct run *r, size_t i)
{
    assert(i < r->p->n_steps && r->n_ready < r->p->n_steps);
    size_t k = r->n_ready++;
    r->ready[k] = i;
    while (k > 0 && higher(r, r->ready[k], r->ready[(k - 1) / 2])) {
        size_t up = (k - 1) / 2, t = r->ready[up];
        r->ready[up] = r->ready[k];
        r->ready[k] = t;
        k = up;
    }
}

static size_t pop_ready(struct run *r)
{
    assert(r->n_ready > 0);
    size_t top = r->ready[0], k = 0;
    r->ready[0] = r->ready[--r->n_ready];
    for (;;) {
        size_t l = 2 * k + 1, m = k;
        if (l < r->n_ready && higher(r, r->ready[l], r->ready[m]))
            m = l;
        if (l + 1 < r->n_ready && higher(r, r->ready[l + 1], r->ready[m]))
            m = l + 1;
        if (m == k)
            return top;
        size_t t = r->ready[m];
        r->ready[m] = r->ready[k];
        r->ready[k] = t;
        k = m;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void emit(struct run *r, enum exec_event_type t, size_t i, const char *error)
{
    if (!r->opt->on_event)
        return;
    struct exec_event ev = {t,         &r->p->steps[i], now_s() - r->jobs[i].t0,
                            error,     r->n_running,    r->n_finished,
                            r->n_total};
    r->opt->on_event(r->opt->user, &ev);
}

static const char *action_name(enum prov_action a)
{
    static const char *const names[] = {"create", "update", "delete", "read"};
    return names[a];
}

/* copy id and provider extras of the current state entry into the working entry */
static void carry_ids(struct run *r, cJSON *entry, const char *key)
{
    const cJSON *cur = state_get(r->ctx->st, key);
    const char *members[] = {"id", "extra"};
    for (int k = 0; k < 2; k++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(cur, members[k]);
        if (!v)
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(entry, members[k]);
        cJSON_AddItemToObject(entry, members[k], cJSON_Duplicate(v, 1));
    }
}

/* journal_failed: the journal refused a record or a sync (its error is in
 * journal->error): from now on no operation starts. Returns the message
 * for a step that cannot run because of it. */
static const char *journal_failed(struct run *r)
{
    const struct journal *jl = r->opt->journal;
    assert(jl && jl->error);
    r->is_stopped = true;
    char what[sizeof r->stop_msg - 80];
    journal_error_text(jl, what, sizeof what);
    snprintf(r->stop_msg, sizeof r->stop_msg,
             "%s; nothing was sent for this operation and no new operation is started", what);
    return r->stop_msg;
}

/* init_op prepares step i's operation and journals its pending record.
 * Returns 0, or -1 when the journal refused the record (nothing may be
 * sent for the operation then). */
static int init_op(struct run *r, size_t i, enum prov_action a, const cJSON *entry)
{
    const struct plan_step *s = &r->p->steps[i];
    struct prov_op *op = &r->jobs[i].op;
    prov_clear_body(op);
    cJSON_Delete(op->entry);
    memset(op, 0, sizeof *op);
    op->action = a;
    op->kind = s->kind;
    op->key = s->key;
    op->res = s->res;
    op->is_adopt = s->is_adopt;
    op->entry = cJSON_Duplicate(entry, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, "pending");
    if (a == PROV_UPDATE || (a == PROV_DELETE && s->op != PLAN_REPLACE))
        carry_ids(r, op->entry, s->key);
    if (!r->opt->journal)
        return 0;
    if (journal_append(r->opt->journal, action_name(a), "pending", s->key,
                       a == PROV_CREATE ? op->entry : NULL) != 0)
        return -1;
    r->jobs[i].needs_sync = true;
    return 0;
}

static void finish(struct run *r, size_t i, enum job_status st, const char *error);

static void drive(struct run *r, size_t i, enum prov_result res);

static void begin(struct run *r, size_t i)
{
    const struct plan_step *s = &r->p->steps[i];
    struct job *j = &r->jobs[i];
    j->status = JOB_RUNNING;
    j->t0 = now_s();
    r->n_running++;
    emit(r, EXEC_START, i, NULL);
    int rc;
    if (s->op == PLAN_CREATE || s->is_create_first)
        rc = init_op(r, i, PROV_CREATE, s->new_entry);
    else if (s->op == PLAN_UPDATE)
        rc = init_op(r, i, PROV_UPDATE, s->new_entry);
    else
        rc = init_op(r, i, PROV_DELETE, s->old_entry);
    if (rc != 0) {
        r->is_stop_reported = true;
        finish(r, i, JOB_FAILED, journal_failed(r));
        return;
    }
    prov_early_fn early =
        j->may_start_early && r->n_waiting[i] > 0 ? prov_early_for(s->kind) : NULL;
    j->is_in_early_step = early != NULL;
    drive(r, i, early ? early(r->ctx, &j->op) : prov_for(s->kind)(r->ctx, &j->op, NULL));
}

/* release: step i finished with status st; wake the steps waiting on it
 * (one that may start early is woken only once parked: until then it is
 * in the ready heap, running its early step or finished) */
static void release(struct run *r, size_t i, enum job_status st)
{
    for (size_t k = 0; k < r->n_dependents[i]; k++) {
        size_t d = r->dependents[i][k];
        if (st != JOB_DONE)
            r->is_blocked[d] = true;
        assert(r->n_waiting[d] > 0);
        if (--r->n_waiting[d] == 0 &&
            (!r->jobs[d].may_start_early || r->jobs[d].status == JOB_PARKED))
            push_ready(r, d);
    }
}

/* settled_entry: op's entry as the state keeps it (a new cJSON) */
static cJSON *settled_entry(const struct prov_op *op)
{
    cJSON *e = cJSON_Duplicate(op->entry, 1);
    cJSON_DeleteItemFromObjectCaseSensitive(e, "replace_attrs");
    cJSON_DeleteItemFromObjectCaseSensitive(e, "derived");
    cJSON_DeleteItemFromObjectCaseSensitive(e, "create_only");
    return e;
}

/* park: step i's early step is done; it resumes once its dependencies
 * have finished (release() pushes it then; now if they have). */
static void park(struct run *r, size_t i)
{
    r->jobs[i].status = JOB_PARKED;
    r->jobs[i].is_in_early_step = false;
    r->n_running--;
    if (r->n_waiting[i] == 0)
        push_ready(r, i);
}

/* resume: a parked step's dependencies have finished: its usual steps */
static void resume(struct run *r, size_t i)
{
    struct job *j = &r->jobs[i];
    j->status = JOB_RUNNING;
    r->n_running++;
    drive(r, i, prov_for(r->p->steps[i].kind)(r->ctx, &j->op, NULL));
}

/* keep_early: a parked step i will not resume; when its early request may
 * have created the resource, the state keeps it as a pending create (as a
 * killed run's journal would), so it is never orphaned. Returns whether it
 * did. */
static bool keep_early(struct run *r, size_t i)
{
    struct job *j = &r->jobs[i];
    if (j->status != JOB_PARKED || !j->op.is_early_sent)
        return false;
    cJSON *e = settled_entry(&j->op);
    cJSON_AddStringToObject(e, "pending", "create");
    state_put(r->ctx->st, r->p->steps[i].key, e);
    r->rep->n_kept_pending++;
    return true;
}

/* release_early: step i's resource is usable before the operation ends
 * (a worker uploaded, its workers.dev switch still to set): its dependents
 * start now, reading its entry from the state, where it is put
 * provisionally (no journal record: the pending one stands until it is
 * done). Only plain creates and updates. */
static void release_early(struct run *r, size_t i)
{
    const struct plan_step *s = &r->p->steps[i];
    struct job *j = &r->jobs[i];
    if (j->is_released || !j->op.is_usable || s->is_create_first ||
        (s->op != PLAN_CREATE && s->op != PLAN_UPDATE))
        return;
    j->is_released = true;
    j->before_release = cJSON_Duplicate(state_get(r->ctx->st, s->key), 1);
    state_put(r->ctx->st, s->key, settled_entry(&j->op));
    release(r, i, JOB_DONE);
}

/* unrelease: step i failed after release_early: the state gets back what
 * it had, as for any failed step (a worker's next upload is by name, so the
 * uploaded script is taken over then). Its dependents that have started
 * their usual steps went ahead on the uploaded script; the others (ready,
 * running an early step or parked) are blocked, as by any failed
 * dependency: the state they would bind no longer holds it. */
static void unrelease(struct run *r, size_t i)
{
    struct job *j = &r->jobs[i];
    const char *key = r->p->steps[i].key;
    if (j->before_release)
        state_put(r->ctx->st, key, j->before_release);
    else
        state_remove(r->ctx->st, key);
    j->before_release = NULL;
    for (size_t k = 0; k < r->n_dependents[i]; k++) {
        const struct job *d = &r->jobs[r->dependents[i][k]];
        if (d->status == JOB_WAIT || d->status == JOB_PARKED || d->is_in_early_step)
            r->is_blocked[r->dependents[i][k]] = true;
    }
}

static void finish(struct run *r, size_t i, enum job_status st, const char *error)
{
    struct job *j = &r->jobs[i];
    assert(r->n_running > 0 && (st == JOB_DONE || st == JOB_FAILED));
    j->status = st;
    j->needs_sync = false;
    if (j->is_released && st != JOB_DONE)
        unrelease(r, i);
    else if (!j->is_released)
        release(r, i, st);
    r->n_running--;
    r->n_finished++;
    if (st == JOB_FAILED) {
        struct exec_report *rep = r->rep;
        rep->failures =
            xreallocarray(rep->failures, (size_t)rep->n_failed + 1, sizeof *rep->failures);
        rep->failures[rep->n_failed++] =
            (struct exec_failure){xstrdup(r->p->steps[i].key), r->p->steps[i].res, xstrdup(error)};
        emit(r, EXEC_FAILED, i, error);
    } else {
        r->rep->n_done++;
        emit(r, EXEC_DONE, i, NULL);
    }
    prov_clear_body(&j->op);
}

/* keep_old: a renamed worker's new script is live; its old script stays
 * tracked under the leftover key until its own delete step (plan/rename.c),
 * so a crash in between never orphans it. */
static void keep_old(struct run *r, const struct plan_step *s)
{
    char key[320];
    plan_leftover_key(s->key, key, sizeof key);
    state_put(r->ctx->st, key, cJSON_Duplicate(s->old_entry, 1));
    if (r->opt->journal &&
        journal_append(r->opt->journal, "create", "done", key, s->old_entry) != 0)
        journal_failed(r); /* the state holds it and is saved at the end; stop */
}

/* record: an operation finished; store the result in state and journal it. */
static void record(struct run *r, size_t i)
{
    struct prov_op *op = &r->jobs[i].op;
    const char *key = r->p->steps[i].key;
    if (r->p->steps[i].is_create_first)
        keep_old(r, &r->p->steps[i]);
    if (op->action == PROV_DELETE)
        state_remove(r->ctx->st, key);
    else
        state_put(r->ctx->st, key, settled_entry(op));
    /* no sync of its own: a done record lost in a crash is redone or resolved
     * by lookup. One that cannot be written leaves the result in the state,
     * which is saved at the end, but the journal is broken: stop. */
    if (r->opt->journal &&
        journal_append(r->opt->journal, action_name(op->action), "done", key,
                       op->action == PROV_DELETE ? NULL : state_get(r->ctx->st, key)) != 0)
        journal_failed(r);
}

/* has_landed: step i's delete found nothing. For a pending create (a killed
 * run sent it, or was about to) that may only mean it has not landed yet:
 * deleting it now would drop it from the state and orphan it when it lands.
 * Returns true when the delete counts as done; otherwise fails the step
 * (the entry stays, stamped with when it was first found missing). */
static bool has_landed(struct run *r, size_t i)
{
    const char *key = r->p->steps[i].key;
    cJSON *e = state_get(r->ctx->st, key);
    const char *pending = state_str(e, "pending");
    if (!e || !pending || strcmp(pending, "create") != 0)
        return true;
    double grace = r->opt->unlanded_grace_s > 0 ? r->opt->unlanded_grace_s : 30;
    double now = (double)time(NULL);
    const cJSON *since = cJSON_GetObjectItemCaseSensitive(e, "unlanded_since");
    if (cJSON_IsNumber(since) && now - since->valuedouble >= grace)
        return true; /* still missing long after the kill: it was never sent */
    if (!cJSON_IsNumber(since)) {
        cJSON_DeleteItemFromObjectCaseSensitive(e, "unlanded_since");
        cJSON_AddNumberToObject(e, "unlanded_since", now);
        r->rep->n_unlanded++;
    }
    char msg[700];
    snprintf(msg, sizeof msg,
             "the interrupted run's create of %s ('%s') has not landed yet; run destroy again "
             "in a moment (if it is still missing %.0f s after it was first found missing, "
             "it was never sent and is forgotten)",
             key, state_str(e, "name") ? state_str(e, "name") : "?", grace);
    finish(r, i, JOB_FAILED, msg);
    return false;
}

static void drive(struct run *r, size_t i, enum prov_result res)
{
    struct job *j = &r->jobs[i];
    const struct plan_step *s = &r->p->steps[i];
    if (res == PROV_SEND) { /* sent by flush(), after the pending records are durable */
        assert(r->n_outbox < r->p->n_steps); /* one request in flight per op */
        r->outbox[r->n_outbox++] = i;
        release_early(r, i);
        return;
    }
    if (res == PROV_FAIL) {
        finish(r, i, JOB_FAILED, j->op.error[0] ? j->op.error : "failed");
        return;
    }
    if (res == PROV_WAIT) {
        park(r, i);
        return;
    }
    if (j->op.action == PROV_DELETE && j->op.is_gone && !has_landed(r, i))
        return;
    record(r, i);
    if (s->op == PLAN_REPLACE && !s->is_create_first && !j->is_replace_create) {
        j->is_replace_create = true;
        if (init_op(r, i, PROV_CREATE, s->new_entry) != 0) {
            r->is_stop_reported = true;
            finish(r, i, JOB_FAILED, journal_failed(r));
            return;
        }
        drive(r, i, prov_for(s->kind)(r->ctx, &j->op, NULL));
        return;
    }
    finish(r, i, JOB_DONE, NULL);
}

/* skip_reason: what a skipped step's progress line says (NULL: a
 * dependency failed, the usual case) */
static const char *skip_reason(const struct run *r, bool kept)
{
    if (kept && r->is_interrupted)
        return "not uploaded: interrupted; created ahead of its upload, it is kept in the "
               "state as a pending create (the next apply uploads it, destroy deletes it)";
    if (kept)
        return "skipped (a dependency failed); created ahead of its upload, it is kept in the "
               "state as a pending create (the next apply uploads it, destroy deletes it)";
    return r->is_interrupted ? "not started: interrupted" : NULL;
}

/* start every step whose dependencies have finished, or skip it when one of
 * them failed or the journal has failed (the first step stopped that way
 * fails with the journal's error, unless one already did). Returns how many
 * steps it handled. */
static int start_ready(struct run *r)
{
    int changed = 0;
    while (r->n_ready > 0 && (r->is_stopped || r->n_running < r->parallel)) {
        size_t i = pop_ready(r);
        changed++;
        if (r->gate == EXEC_GATE_PENDING && !r->is_stopped && !r->is_blocked[i] &&
            r->p->steps[i].op != PLAN_CREATE) {
            r->held[r->n_held++] = i;
            continue;
        }
        if (!r->is_blocked[i] && !r->is_stopped) {
            if (r->jobs[i].status == JOB_PARKED)
                resume(r, i);
            else
                begin(r, i);
            continue;
        }
        bool kept = keep_early(r, i);
        if (!r->is_blocked[i] && !r->is_stop_reported) {
            r->is_stop_reported = true;
            r->n_running++; /* finish() counts it out again */
            finish(r, i, JOB_FAILED, r->stop_msg);
            continue;
        }
        r->jobs[i].status = JOB_SKIPPED;
        r->rep->n_skipped++;
        r->n_finished++;
        if (r->is_interrupted)
            r->rep->n_not_started++;
        emit(r, EXEC_SKIPPED, i, skip_reason(r, kept));
        release(r, i, JOB_SKIPPED);
    }
    return changed;
}

/* poll_gate asks the gate (waiting for its answer when wait is set) and,
 * once it has answered, hands the held steps back: to run when it opened,
 * to be skipped when it closed (the run stops; the caller reports why). */
static void poll_gate(struct run *r, bool wait)
{
    if (r->gate != EXEC_GATE_PENDING)
        return;
    char msg[sizeof r->stop_msg];
    r->gate = r->opt->gate(r->opt->gate_user, wait, msg, sizeof msg);
    assert(!wait || r->gate != EXEC_GATE_PENDING);
    if (r->gate == EXEC_GATE_PENDING)
        return;
    if (r->gate == EXEC_GATE_CLOSED) {
        r->rep->gate_closed = xstrdup(msg);
        r->is_stopped = r->is_stop_reported = true; /* skipped, none fails with it */
    }
    while (r->n_held > 0)
        push_ready(r, r->held[--r->n_held]);
}

/* flush: one fsync for every pending record written, then send the
 * requests. An operation whose pending record could not be made durable
 * fails without sending anything; operations already under way (their
 * record was synced before) go on. */
static void flush(struct run *r)
{
    if (r->n_outbox == 0)
        return;
    bool need = false, synced = true;
    for (size_t k = 0; k < r->n_outbox; k++)
        need |= r->jobs[r->outbox[k]].needs_sync;
    if (need && r->opt->journal && journal_sync(r->opt->journal) != 0) {
        synced = false;
        journal_failed(r);
        r->is_stop_reported = true;
    }
    for (size_t k = 0; k < r->n_outbox; k++) {
        size_t i = r->outbox[k];
        assert(r->jobs[i].status == JOB_RUNNING);
        if (r->jobs[i].needs_sync && !synced) {
            finish(r, i, JOB_FAILED, r->stop_msg);
            continue;
        }
        r->jobs[i].needs_sync = false;
        if (cf_http_submit(r->http, &r->jobs[i].op.req) != 0)
            finish(r, i, JOB_FAILED, "the HTTP transport is closed");
    }
    r->n_outbox = 0;
}

static void link_job(struct run *r, size_t i)
{
    const struct plan_step *s = &r->p->steps[i];
    for (size_t k = 0; k < s->n_deps; k++) {
        size_t d = s->deps[k];
        if (r->jobs[d].status == JOB_DONE)
            continue; /* unchanged resources are done from the start */
        assert(d < r->p->n_steps && d != i);
        r->dependents[d] =
            xreallocarray(r->dependents[d], r->n_dependents[d] + 1, sizeof **r->dependents);
        r->dependents[d][r->n_dependents[d]++] = i;
        r->n_waiting[i]++;
    }
}

/* height of step i: 1 + the height of its highest dependent (memoized) */
static size_t height_of(struct run *r, size_t i, int depth)
{
    if (r->height[i] || depth > 100000)
        return r->height[i];
    size_t h = 0;
    for (size_t k = 0; k < r->n_dependents[i]; k++) {
        size_t d = height_of(r, r->dependents[i][k], depth + 1);
        if (d > h)
            h = d;
    }
    return r->height[i] = h + 1;
}

/* depth of step i: 1 + the depth of its deepest unfinished dependency
 * (memoized in r->depth) */
static size_t depth_of(struct run *r, size_t i, int level)
{
    if (r->depth[i] || level > 100000)
        return r->depth[i];
    const struct plan_step *s = &r->p->steps[i];
    size_t d = 0;
    for (size_t k = 0; k < s->n_deps; k++)
        if (r->jobs[s->deps[k]].status != JOB_DONE && depth_of(r, s->deps[k], level + 1) > d)
            d = r->depth[s->deps[k]];
    return r->depth[i] = d + 1;
}

/* may_start_early: step i is a plain create whose kind has an early step,
 * that nothing waits on and that ends one of the run's longest chains
 * (depth: the run's number of rounds). Only such a step gains: the early
 * step saves its last round trip, which would otherwise come after every
 * other step's (a step that others wait on releases them before its last
 * round trip: release_early). */
static bool may_start_early(struct run *r, size_t i, size_t depth)
{
    const struct plan_step *s = &r->p->steps[i];
    return s->op == PLAN_CREATE && !s->is_create_first && !s->is_adopt && depth > 1 &&
           r->n_dependents[i] == 0 && depth_of(r, i, 0) == depth && prov_early_for(s->kind);
}

static void setup(struct run *r)
{
    size_t n = r->p->n_steps + 1;
    r->jobs = xcalloc(n, sizeof *r->jobs);
    r->n_waiting = xcalloc(n, sizeof *r->n_waiting);
    r->dependents = xcalloc(n, sizeof *r->dependents);
    r->n_dependents = xcalloc(n, sizeof *r->n_dependents);
    r->is_blocked = xcalloc(n, sizeof *r->is_blocked);
    r->ready = xcalloc(n, sizeof *r->ready);
    r->height = xcalloc(n, sizeof *r->height);
    r->depth = xcalloc(n, sizeof *r->depth);
    r->outbox = xcalloc(n, sizeof *r->outbox);
    r->held = xcalloc(n, sizeof *r->held);
    for (size_t i = 0; i < r->p->n_steps; i++) {
        if (r->p->steps[i].op == PLAN_SAME)
            r->jobs[i].status = JOB_DONE;
        else
            r->n_total++;
    }
    for (size_t i = 0; i < r->p->n_steps; i++)
        if (r->p->steps[i].op != PLAN_SAME)
            link_job(r, i);
    size_t depth = 0;
    for (size_t i = 0; i < r->p->n_steps; i++)
        if (r->p->steps[i].op != PLAN_SAME && depth_of(r, i, 0) > depth)
            depth = r->depth[i];
    for (size_t i = 0; i < r->p->n_steps; i++) {
        r->jobs[i].may_start_early = may_start_early(r, i, depth);
        if (r->p->steps[i].op != PLAN_SAME &&
            (r->n_waiting[i] == 0 || r->jobs[i].may_start_early)) {
            height_of(r, i, 0);
            push_ready(r, i);
        }
    }
}

static void teardown(struct run *r)
{
    for (size_t i = 0; i < r->p->n_steps; i++) {
        prov_clear_body(&r->jobs[i].op);
        cJSON_Delete(r->jobs[i].op.entry);
        cJSON_Delete(r->jobs[i].before_release);
        free(r->dependents[i]);
    }
    free(r->jobs);
    free(r->n_waiting);
    free(r->dependents);
    free(r->n_dependents);
    free(r->is_blocked);
    free(r->ready);
    free(r->height);
    free(r->depth);
    free(r->outbox);
    free(r->held);
}

/* interrupt: the transport woke for its interrupt fd; ask the caller, and
 * on stop, start nothing more (steps in flight finish and are recorded). */
static void interrupt(struct run *r)
{
    if (r->opt->on_interrupt && !r->opt->on_interrupt(r->opt->interrupt_user))
        return;
    r->is_stopped = r->is_interrupted = r->rep->is_interrupted = true;
    r->is_stop_reported = true; /* the not-started steps are skipped, none fails */
    /* the owner decides about later signals (a second one kills) */
    cf_http_set_interrupt_fd(r->http, -1);
}

/* settle_completion: the answer c moves its operation on (c is freed) */
static void settle_completion(struct run *r, struct cf_http_completion *c)
{
    struct prov_op *op = c->request->user;
    size_t i = (size_t)(((struct job *)(void *)op) - r->jobs);
    assert(i < r->p->n_steps && r->jobs[i].status == JOB_RUNNING);
    enum prov_result res = prov_for(op->kind)(r->ctx, op, c);
    cf_http_completion_free(c);
    drive(r, i, res);
}

/* exec_plan: see exec.h. */
int exec_plan(const struct prov_ctx *ctx, struct cf_http *http, const struct plan *p,
              const struct exec_options *opt, struct exec_report *rep)
{
    struct run r = {.ctx = ctx,
                    .http = http,
                    .p = p,
                    .opt = opt,
                    .rep = rep,
                    .parallel = opt->parallel > 0 ? opt->parallel : CF_HTTP_DEFAULT_PARALLEL,
                    .gate = opt->gate ? EXEC_GATE_PENDING : EXEC_GATE_OPEN};
    memset(rep, 0, sizeof *rep);
    setup(&r);
    struct cf_http_completion c;
    for (;;) {
        poll_gate(&r, false);
        /* a failed journal sync in flush() fails the steps it held back,
         * which frees others to be skipped: start again until none is */
        do {
            while (start_ready(&r) > 0)
                ;
            flush(&r);
        } while (r.n_ready > 0 && (r.is_stopped || r.n_running < r.parallel));
        if (r.n_running == 0 && r.n_held > 0) {
            poll_gate(&r, true); /* nothing else can run: wait for the gate */
            continue;
        }
        if (r.n_running == 0)
            break;
        int got = cf_http_next(http, &c);
        if (got == CF_HTTP_INTERRUPTED) {
            interrupt(&r);
            continue;
        }
        if (got != 1)
            break;
        /* every answer already in hand first: their next requests then share
         * one journal fsync (flush) instead of one each */
        do {
            settle_completion(&r, &c);
        } while (cf_http_has_done(http) && cf_http_next(http, &c) == 1);
    }
    for (size_t i = 0; i < p->n_steps; i++) {
        if (r.jobs[i].status == JOB_WAIT) { /* never became ready: a dependency cycle */
            r.n_running++;
            finish(&r, i, JOB_FAILED, "not started: its dependencies form a cycle");
        } else if (r.jobs[i].status == JOB_PARKED) { /* they never finished */
            keep_early(&r, i);
            r.n_running++;
            finish(&r, i, JOB_FAILED, "not uploaded: its dependencies did not finish");
        } else if (r.jobs[i].status == JOB_RUNNING) { /* the transport gave up on it */
            finish(&r, i, JOB_FAILED, "no answer from the HTTP transport");
        }
    }
    teardown(&r);
    return rep->n_failed == 0 && rep->n_skipped == 0 ? 0 : -1;
}

/* exec_report_free: see exec.h. */
void exec_report_free(struct exec_report *rep)
{
    for (int i = 0; i < rep->n_failed; i++) {
        free(rep->failures[i].key);
        free(rep->failures[i].message);
    }
    free(rep->failures);
    free(rep->gate_closed);
    memset(rep, 0, sizeof *rep);
}
