/* Unit tests of the planner, state file, lock and journal on IR built by
 * hand (no lang/, no network). Prints one "ok - ..." / "not ok - ..." line
 * per check. Usage: rt_plan_test TMPDIR */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/journal.h"
#include "runtime/store/lock.h"
#include "runtime/store/keymap.h"
#include "runtime/plan/plan.h"
#include "cli/view/plan_print.h"
#include "runtime/store/state.h"

struct t {
    int failed;
};

static void check(struct t *t, int cond, const char *name, const char *detail)
{
    if (cond) {
        printf("ok - %s\n", name);
        return;
    }
    printf("not ok - %s\n", name);
    if (detail)
        printf("#   %s\n", detail);
    t->failed++;
}

/* must: a setup call that succeeds in a healthy run; only a failure prints */
static void must(struct t *t, int rc, const char *what, const char *detail)
{
    if (rc != 0)
        check(t, 0, what, detail);
}

#include "tests/runtime-unit/fixture.h"

static const struct plan_step *step(const struct plan *p, const char *key, bool phase2)
{
    for (size_t i = 0; i < p->n_steps; i++)
        if (strcmp(p->steps[i].key, key) == 0 && p->steps[i].is_phase2 == phase2)
            return &p->steps[i];
    return NULL;
}

static bool depends(const struct plan *p, const char *a, const char *b)
{
    const struct plan_step *s = step(p, a, false);
    for (size_t k = 0; s && k < s->n_deps; k++)
        if (strcmp(p->steps[s->deps[k]].key, b) == 0)
            return true;
    return false;
}

/* pretend every step succeeded: store desired entries with fake ids */
static void fake_apply(struct state *st, const struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct plan_step *s = &p->steps[i];
        if (s->op == PLAN_DELETE) {
            state_remove(st, s->key);
            continue;
        }
        if (s->op == PLAN_SAME)
            continue;
        cJSON *e = cJSON_Duplicate(s->new_entry, 1);
        cJSON_AddStringToObject(e, "id", "fake-id");
        state_put(st, s->key, e);
    }
}

static int build(struct plan *p, const struct fixture *f, const struct state *st,
                 const struct plan_options *opt, char *err, size_t len)
{
    static const struct plan_options none = {NULL, 0, false, NULL};
    return plan_build(p, &f->prog, st, opt ? opt : &none, NULL, err, len);
}

static void test_first_plan(struct t *t, const char *dir)
{
    struct fixture f;
    struct state st;
    struct plan p;
    char err[1024];
    fixture_init(&f, dir, 768);
    must(t, state_open(&st, dir, "dev", err, sizeof err), "state: dev opens", err);
    int rc = build(&p, &f, &st, NULL, err, sizeof err);
    check(t, rc == 0, "plan: first plan builds", err);
    check(t, p.counts[PLAN_CREATE] == N_RES, "plan: every resource is created", NULL);
    check(t,
          depends(&p, "worker.api", "database.meta") && depends(&p, "worker.api", "queue.events") &&
              depends(&p, "worker.api", "queue.dlq"),
          "plan: a worker's create waits for what it binds and consumes", NULL);
    check(t, depends(&p, "worker.b", "worker.c") && !depends(&p, "worker.c", "worker.b"),
          "plan: the cyclic binding is not an edge of the first phase", NULL);
    const struct plan_step *p2 = step(&p, "worker.c", true);
    check(t, p2 != NULL && p2->op == PLAN_UPDATE, "plan: a phase-2 update adds the cyclic binding",
          NULL);
    const struct plan_step *c1 = step(&p, "worker.c", false);
    const cJSON *b1 = cJSON_GetObjectItem(cJSON_GetObjectItem(c1->new_entry, "attrs"), "bindings");
    const cJSON *b2 =
        p2 ? cJSON_GetObjectItem(cJSON_GetObjectItem(p2->new_entry, "attrs"), "bindings") : NULL;
    check(t, cJSON_GetArraySize(b1) == 0 && cJSON_GetArraySize(b2) == 1,
          "plan: phase 1 creates worker.c without its cyclic binding, phase 2 adds it", NULL);
    bool waits = false;
    for (size_t k = 0; p2 && k < p2->n_deps; k++)
        waits = waits || strcmp(p.steps[p2->deps[k]].key, "worker.b") == 0;
    check(t, waits, "plan: phase 2 waits for the cycle's other worker", NULL);
    fake_apply(&st, &p);
    plan_free(&p);
    must(t, build(&p, &f, &st, NULL, err, sizeof err), "plan: builds", err);
    check(t, !plan_has_changes(&p), "plan: no changes after an apply", NULL);
    plan_free(&p);
    state_close(&st);
}

static void test_changes(struct t *t, const char *dir)
{
    struct fixture f;
    struct state st;
    struct plan p;
    char err[1024];
    fixture_init(&f, dir, 768);
    must(t, state_open(&st, dir, "dev2", err, sizeof err), "state: dev2 opens", err);
    must(t, build(&p, &f, &st, NULL, err, sizeof err), "plan: builds", err);
    fake_apply(&st, &p);
    plan_free(&p);
    fixture_init(&f, dir, 1536);
    f.q_attrs[0].value.u.i = 30;
    must(t, build(&p, &f, &st, NULL, err, sizeof err), "plan: builds", err);
    const struct plan_step *idx = step(&p, "index.emb", false);
    const struct plan_step *q = step(&p, "queue.events", false);
    check(t, idx && idx->op == PLAN_REPLACE, "plan: a forces_replace attribute replaces", NULL);
    check(t, q && q->op == PLAN_UPDATE, "plan: another attribute updates in place", NULL);
    check(t, p.counts[PLAN_CREATE] == 0 && p.counts[PLAN_DELETE] == 0, "plan: nothing else changes",
          NULL);
    plan_free(&p);
    state_close(&st);
}

static void test_delete_order(struct t *t, const char *dir)
{
    struct fixture f;
    struct state st;
    struct plan p;
    char err[1024];
    fixture_init(&f, dir, 768);
    must(t, state_open(&st, dir, "dev3", err, sizeof err), "state: dev3 opens", err);
    must(t, build(&p, &f, &st, NULL, err, sizeof err), "plan: builds", err);
    fake_apply(&st, &p);
    plan_free(&p);
    struct plan_options destroy = {NULL, 0, true, NULL};
    must(t, plan_build(&p, NULL, &st, &destroy, NULL, err, sizeof err), "destroy: plan builds",
         err);
    check(t, p.counts[PLAN_DELETE] == N_RES, "destroy: every resource is deleted", NULL);
    bool ok = true;
    for (size_t i = 0; i < p.n_steps; i++) {
        const char *k = p.steps[i].key;
        if (strcmp(k, "database.meta") == 0 || strcmp(k, "queue.events") == 0)
            ok = ok && p.steps[i].n_deps == 1 &&
                 strcmp(p.steps[p.steps[i].deps[0]].key, "worker.api") == 0;
    }
    check(t, ok, "destroy: a resource is deleted after the worker that uses it", NULL);
    plan_free(&p);
    cJSON_ReplaceItemInObject(state_get(&st, "database.meta"), "protect", cJSON_CreateTrue());
    int rc = plan_build(&p, NULL, &st, &destroy, NULL, err, sizeof err);
    check(t, rc != 0 && strstr(err, "database.meta") && strstr(err, "protected"),
          "destroy: a protected resource fails the plan, naming it", err);
    plan_free(&p);
    state_close(&st);
}

static void test_target(struct t *t, const char *dir)
{
    struct fixture f;
    struct state st;
    struct plan p;
    char err[1024];
    fixture_init(&f, dir, 768);
    must(t, state_open(&st, dir, "dev4", err, sizeof err), "state: dev4 opens", err);
    const char *targets[] = {"worker.api"};
    struct plan_options opt = {targets, 1, false, NULL};
    must(t, build(&p, &f, &st, &opt, err, sizeof err), "target: plan builds", err);
    check(t, p.counts[PLAN_CREATE] == 4, "target: worker.api and the three resources it needs",
          NULL);
    plan_free(&p);
    const char *bad[] = {"worker.nope"};
    struct plan_options opt2 = {bad, 1, false, NULL};
    int rc = build(&p, &f, &st, &opt2, err, sizeof err);
    check(t, rc != 0 && strstr(err, "worker.nope"), "target: an unknown target is an error", err);
    plan_free(&p);
    state_close(&st);
}

/* q_entry: a queue entry with every member the state schema requires. */
static cJSON *q_entry(const char *label, const char *name)
{
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", "queue");
    cJSON_AddStringToObject(e, "label", label);
    cJSON_AddStringToObject(e, "name", name);
    cJSON_AddObjectToObject(e, "attrs");
    cJSON_AddArrayToObject(e, "deps");
    cJSON_AddFalseToObject(e, "protect");
    return e;
}

static void test_state_file(struct t *t, const char *dir)
{
    struct state st;
    char err[1024], path[1200];
    struct stat sb;
    must(t, state_open(&st, dir, "files", err, sizeof err), "state: files opens", err);
    state_put(&st, "queue.x", q_entry("x", "x"));
    int rc = state_save(&st, err, sizeof err);
    check(t, rc == 0 && state_serial(&st) == 1, "state: save bumps the serial", err);
    must(t, state_save(&st, err, sizeof err), "state: saves", err);
    state_close(&st);
    snprintf(path, sizeof path, "%s/.dome/files.json", dir);
    check(t, stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0600, "state: file mode is 0600", NULL);
    snprintf(path, sizeof path, "%s/.dome/history/files/1.json", dir);
    check(t, stat(path, &sb) == 0, "state: history keeps every serial", NULL);
    must(t, state_open(&st, dir, "files", err, sizeof err), "state: files opens", err);
    check(t, state_serial(&st) == 2 && state_get(&st, "queue.x"), "state: reload", NULL);
    state_close(&st);
    snprintf(path, sizeof path, "%s/.dome/bad.json", dir);
    FILE *fp = fopen(path, "w");
    fputs("{\"version\": 99, \"resources\": {}}", fp);
    fclose(fp);
    rc = state_open(&st, dir, "bad", err, sizeof err);
    check(t, rc != 0 && strstr(err, "version"), "state: unknown version is refused", err);
    state_close(&st);
}

static void test_lock(struct t *t, const char *dir)
{
    struct lock a = {0}, b = {0};
    char err[1024], dome[1200], path[1300];
    snprintf(dome, sizeof dome, "%s/.dome", dir);
    int rc = lock_acquire(&a, dome, "dev", "apply", err, sizeof err);
    check(t, rc == 0, "lock: first holder gets it", err);
    rc = lock_acquire(&b, dome, "dev", "apply", err, sizeof err);
    check(t, rc != 0 && strstr(err, "locked by 'apply'") && strstr(err, "pid"),
          "lock: a second holder fails at once, naming the first", err);
    lock_release(&a);
    /* a lock left by a dead process is taken over */
    snprintf(path, sizeof path, "%s/dev.lock", dome);
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    FILE *fp = fopen(path, "w");
    fprintf(fp, "{\"pid\": 999999999, \"host\": \"%s\", \"command\": \"apply\"}", host);
    fclose(fp);
    rc = lock_acquire(&b, dome, "dev", "apply", err, sizeof err);
    check(t, rc == 0, "lock: a stale lock is taken over", err);
    lock_release(&b);
}

static void test_journal(struct t *t, const char *dir)
{
    struct state st;
    struct journal j;
    char err[1024];
    must(t, state_open(&st, dir, "jr", err, sizeof err), "state: jr opens", err);
    must(t, journal_open(&j, &st, err, sizeof err), "journal: opens", err);
    cJSON *a_e = q_entry("a", "q1"), *e = q_entry("b", "q1");
    must(t, journal_write(&j, "create", "pending", "queue.a", a_e), "journal: write", NULL);
    must(t, journal_write(&j, "create", "pending", "queue.b", e), "journal: write", NULL);
    cJSON_AddStringToObject(e, "id", "id-b");
    must(t, journal_write(&j, "create", "done", "queue.b", e), "journal: write", NULL);
    journal_close(&j, false);
    cJSON_Delete(a_e);
    cJSON_Delete(e);
    int n = journal_fold(&st, err, sizeof err);
    const cJSON *a = state_get(&st, "queue.a"), *b = state_get(&st, "queue.b");
    check(t, n == 3, "journal: every record of this serial is folded", NULL);
    check(t, a && strcmp(state_str(a, "pending"), "create") == 0,
          "journal: a create without a result is left pending", NULL);
    check(t, b && state_str(b, "id") && !state_str(b, "pending"),
          "journal: a finished create is stored with its id", NULL);
    must(t, state_save(&st, err, sizeof err), "state: saves", err);
    state_close(&st);
    must(t, state_open(&st, dir, "jr", err, sizeof err), "state: jr opens", err);
    check(t, journal_fold(&st, err, sizeof err) == 0,
          "journal: records of an older serial are ignored", NULL);
    state_close(&st);
}

/* a journal that cannot grow (RLIMIT_FSIZE, as on a full disk): the record
 * that does not fit fails and is cut off again, every later record is
 * refused, and what the file holds folds as whole records */
static void test_journal_full(struct t *t, const char *dir)
{
    struct state st;
    struct journal j;
    struct rlimit old, lim;
    struct stat sb = {0};
    char err[1024] = "", key[32];
    must(t, state_open(&st, dir, "full", err, sizeof err), "state: full opens", err);
    must(t, journal_open(&j, &st, err, sizeof err), "journal: opens", err);
    cJSON *e = cJSON_CreateObject();
    cJSON_AddStringToObject(e, "kind", "queue");
    cJSON_AddStringToObject(e, "name", "a-queue-name-long-enough-to-fill-the-file-soon");
    signal(SIGXFSZ, SIG_IGN); /* write(2) then fails with EFBIG instead */
    must(t, getrlimit(RLIMIT_FSIZE, &old), "journal: getrlimit", NULL);
    lim = old;
    lim.rlim_cur = 1000;
    must(t, setrlimit(RLIMIT_FSIZE, &lim), "journal: setrlimit", NULL);
    int n_ok = 0, rc = 0;
    while (rc == 0 && n_ok < 100) {
        snprintf(key, sizeof key, "queue.q%d", n_ok);
        cJSON *qe = q_entry(key + strlen("queue."), state_str(e, "name"));
        rc = journal_append(&j, "create", "pending", key, qe);
        cJSON_Delete(qe);
        n_ok += rc == 0;
    }
    int error = errno;
    int again = journal_append(&j, "create", "pending", "queue.late", e);
    int synced = journal_sync(&j);
    must(t, setrlimit(RLIMIT_FSIZE, &old), "journal: setrlimit", NULL);
    must(t, stat(j.path, &sb), "journal: stat", j.path);
    check(t, rc != 0 && error == EFBIG && n_ok > 0 && n_ok < 100,
          "journal: a record past the file size limit fails (EFBIG)", strerror(error));
    check(t, again != 0 && j.error == EFBIG,
          "journal: after a failed write every record is refused", NULL);
    check(t, synced == 0, "journal: the records before the failure can still be synced", NULL);
    check(t, sb.st_size == j.size && sb.st_size > 0 && sb.st_size <= 1000,
          "journal: the record that failed is cut off the file", NULL);
    journal_close(&j, false);
    int n = journal_fold(&st, err, sizeof err);
    check(t, n == n_ok, "journal: every whole record before the failure folds", err);
    cJSON_Delete(e);
    state_close(&st);
}

static void test_keymap(struct t *t)
{
    struct keymap m = {0};
    char k[32];
    int bad = 0;
    for (long i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "queue.q%ld", i);
        keymap_set(&m, k, (void *)(i + 1));
    }
    for (long i = 0; i < 5000; i += 2) {
        snprintf(k, sizeof k, "queue.q%ld", i);
        keymap_del(&m, k);
    }
    for (long i = 0; i < 5000; i++) {
        snprintf(k, sizeof k, "queue.q%ld", i);
        void *want = i % 2 ? (void *)(i + 1) : NULL;
        bad += keymap_get(&m, k) != want;
    }
    keymap_set(&m, "queue.q0", (void *)7);
    bad += keymap_get(&m, "queue.q0") != (void *)7;
    keymap_free(&m);
    check(t, bad == 0, "keymap: set, grow, delete, re-insert", NULL);
}

static void test_sanitize(struct t *t)
{
    cJSON *b = cJSON_Parse("[{\"name\":\"K\",\"type\":\"secret_text\",\"hash\":\"h1:abcdef\"},"
                           "{\"name\":\"V\",\"type\":\"plain_text\",\"text\":\"x\"}]");
    cJSON *s = plan_sanitized(b);
    char *text = cJSON_PrintUnformatted(s);
    check(t, !strstr(text, "h1:") && strstr(text, "(sensitive)") && strstr(text, "\"x\""),
          "plan output: secret hashes print as (sensitive)", text);
    free(text);
    cJSON_Delete(s);
    cJSON_Delete(b);
}

int main(int argc, char **argv)
{
    struct t t = {0};
    xalloc_cjson_hooks();
    if (argc < 2) {
        fprintf(stderr, "usage: rt_plan_test TMPDIR\n");
        return 2;
    }
    char js[1024];
    snprintf(js, sizeof js, "%s/index.js", argv[1]);
    FILE *fp = fopen(js, "w");
    fputs("export default { fetch() { return new Response('ok'); } };\n", fp);
    fclose(fp);
    test_first_plan(&t, argv[1]);
    test_changes(&t, argv[1]);
    test_delete_order(&t, argv[1]);
    test_target(&t, argv[1]);
    test_state_file(&t, argv[1]);
    test_lock(&t, argv[1]);
    test_journal(&t, argv[1]);
    test_journal_full(&t, argv[1]);
    test_keymap(&t);
    test_sanitize(&t);
    return t.failed ? 1 : 0;
}
