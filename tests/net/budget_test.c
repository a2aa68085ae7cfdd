/* Tests for runtime/net/cf_ratelimit.c (reading Cloudflare's Ratelimit
 * headers, the server-side estimate) and runtime/net/cf_shared_budget.c
 * (the --api-budget shared by processes: two real processes take slots
 * from one file). budget_test DIR (a scratch directory). Prints "ok - ..."
 * / "not ok - ..." lines; exits 1 if any test failed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "runtime/net/cf_ratelimit.h"
#include "runtime/net/cf_shared_budget.h"

static int failed;

static void check(int cond, const char *name, const char *detail)
{
    printf("%s - budget: %s\n", cond ? "ok" : "not ok", name);
    if (!cond) {
        printf("#   %s\n", detail);
        failed++;
    }
}

static double wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void parse_tests(void)
{
    long r = -1;
    double t = -1;
    char d[128];
    int rc = cf_ratelimit_parse("\"default\";r=50;t=30", "r", "t", &r, &t);
    snprintf(d, sizeof d, "rc=%d r=%ld t=%g", rc, r, t);
    check(rc == 0 && r == 50 && t == 30, "Ratelimit \"default\";r=50;t=30 reads r=50 t=30", d);
    rc = cf_ratelimit_parse("\"burst\";r=9;t=4, \"default\"; r=3 ;t=20", "r", "t", &r, &t);
    snprintf(d, sizeof d, "rc=%d r=%ld t=%g", rc, r, t);
    check(rc == 0 && r == 3 && t == 20, "several items: the one with the least remaining", d);
    rc = cf_ratelimit_parse("\"default\";q=1200;w=300", "q", "w", &r, &t);
    snprintf(d, sizeof d, "rc=%d q=%ld w=%g", rc, r, t);
    check(rc == 0 && r == 1200 && t == 300, "Ratelimit-Policy \"default\";q=1200;w=300", d);
    check(cf_ratelimit_parse("", "r", "t", &r, &t) != 0 &&
              cf_ratelimit_parse("\"default\";t=30", "r", "t", &r, &t) != 0 &&
              cf_ratelimit_parse("\"r=5\";x=1", "r", "t", &r, &t) != 0,
          "a value without r and t is not read", "parsed something");
}

/* the account check's transport merged into the main one (cf_http_learn_from) */
static void merge_tests(void)
{
    char d[128];
    struct cf_server_budget main_b = {0}, check_b = {0}, none = {0};
    cf_server_budget_note(&check_b, 99.9, 29, 3, 0);  /* the check's answer, first */
    cf_server_budget_note(&main_b, 100.2, 5, 3, 0);   /* the creates' answers, later */
    cf_server_budget_merge(&main_b, &check_b, 100.3); /* the check is collected */
    snprintf(d, sizeof d, "left=%ld", cf_server_budget_left(&main_b, 100.3));
    check(cf_server_budget_left(&main_b, 100.3) == 5,
          "merging an older answer of the same window keeps the smaller estimate", d);
    cf_server_budget_merge(&none, &check_b, 100.3);
    snprintf(d, sizeof d, "left=%ld", cf_server_budget_left(&none, 100.3));
    check(cf_server_budget_left(&none, 100.3) == 29,
          "a transport that knew nothing takes what the other learned", d);
    struct cf_server_budget newer = {0};
    cf_server_budget_note(&newer, 103.5, 28, 3, 0); /* the next window */
    cf_server_budget_merge(&main_b, &newer, 103.6);
    snprintf(d, sizeof d, "left=%ld", cf_server_budget_left(&main_b, 103.6));
    check(cf_server_budget_left(&main_b, 103.6) == 28, "a newer window's answer wins", d);
}

static void estimate_tests(void)
{
    struct cf_server_budget b = {0};
    char d[128];
    check(cf_server_budget_wait(&b, 100, 0) == 0 && cf_server_budget_left(&b, 100) == -1,
          "nothing said yet: no wait", "waited");
    cf_server_budget_note(&b, 100, 10, 5, 2); /* 2 in flight may not be counted yet */
    snprintf(d, sizeof d, "left=%ld", cf_server_budget_left(&b, 100));
    check(cf_server_budget_left(&b, 100) == 8, "remaining less the requests in flight", d);
    for (int i = 0; i < 8; i++)
        cf_server_budget_sent(&b);
    snprintf(d, sizeof d, "wait=%g", cf_server_budget_wait(&b, 101, 0));
    check(cf_server_budget_wait(&b, 101, 0) > 3.9 && cf_server_budget_wait(&b, 101, 0) < 4.1,
          "spent: wait until the server's window resets", d);
    cf_server_budget_note(&b, 101.5, 6, 4, 0); /* a late answer of the same window */
    snprintf(d, sizeof d, "left=%ld", cf_server_budget_left(&b, 101.5));
    check(cf_server_budget_left(&b, 101.5) == 0, "a late answer never raises the estimate", d);
    check(cf_server_budget_wait(&b, 106, 0) == 0 && cf_server_budget_left(&b, 106) == -1,
          "after the reset: nothing known, no wait", "still waiting");
    cf_server_budget_note(&b, 107, 50, 0, 0); /* t=0: the window just reset */
    check(cf_server_budget_wait(&b, 107, 3) < 0 && cf_server_budget_wait(&b, 107, 0) == 0,
          "a new window: one request goes first, its answer says what is left",
          "sent blind into a new window");
    struct cf_server_budget o = {0};
    cf_server_budget_note(&o, 300, 8, 3, 10);   /* 8 left, 10 in flight: overdrawn by 2 */
    cf_server_budget_note(&o, 300.1, 13, 3, 9); /* an older answer of the window, later */
    snprintf(d, sizeof d, "left=%ld wait=%g", cf_server_budget_left(&o, 300.1),
             cf_server_budget_wait(&o, 300.1, 0));
    check(cf_server_budget_left(&o, 300.1) == 0 && cf_server_budget_wait(&o, 300.1, 0) > 2,
          "an overdrawn estimate is spent, not unknown: a late answer does not raise it", d);
    b.quota = 1200;
    cf_server_budget_note(&b, 200, 12, 60, 0);
    check(cf_server_budget_wait(&b, 200, 0) > 0,
          "1% of the quota is left to the user's other clients", "sent into the reserve");
}

/* take one slot; 1 when taken */
static int take1(struct cf_shared_budget *b)
{
    int got = 0;
    (void)cf_shared_budget_take(b, wall(), 1, &got);
    return got;
}

/* child: take up to want slots; write how many it got to fd */
static void taker(const char *path, int want, int fd)
{
    struct cf_shared_budget b;
    int got = 0;
    if (cf_shared_budget_open(&b, path, 40, 30) == 0)
        for (int i = 0; i < want; i++)
            got += take1(&b);
    if (write(fd, &got, sizeof got) != (ssize_t)sizeof got)
        _exit(2);
    _exit(0); /* held slots stay held: the process died */
}

/* one process with two handles on the file (the account check's transport
 * beside the main one): closing one must not free the other's slots */
static void two_handles_tests(const char *path)
{
    struct cf_shared_budget main_h, check_h;
    char d[160];
    unlink(path);
    if (cf_shared_budget_open(&main_h, path, 40, 30) != 0)
        return;
    if (cf_shared_budget_open(&check_h, path, 40, 30) != 0) {
        cf_shared_budget_close(&main_h, wall());
        return;
    }
    (void)take1(&main_h);
    (void)take1(&check_h);
    cf_shared_budget_close(&check_h, wall());
    snprintf(d, sizeof d, "count %ld", cf_shared_budget_count(&main_h, wall() + 31));
    check(cf_shared_budget_count(&main_h, wall() + 31) == 1,
          "closing one handle of a process leaves its other handle's request in flight held", d);
    cf_shared_budget_finish(&main_h, wall(), 1);
    snprintf(d, sizeof d, "count %ld", cf_shared_budget_count(&main_h, wall() + 31));
    check(cf_shared_budget_count(&main_h, wall() + 31) == 0,
          "that slot frees a window after its own answer", d);
    cf_shared_budget_close(&main_h, wall());
}

/* a burst takes its slots in one update, at most what the budget has;
 * slots given back unused free at once, answered ones a window later */
static void batch_tests(const char *path)
{
    struct cf_shared_budget b;
    char d[160];
    int got = 0;
    unlink(path);
    if (cf_shared_budget_open(&b, path, 40, 30) != 0)
        return;
    double w = cf_shared_budget_take(&b, wall(), 50, &got);
    snprintf(d, sizeof d, "got %d, wait %.1f", got, w);
    check(got == 40 && w == 0, "a burst of 50 from a budget of 40 gets 40 in one take", d);
    cf_shared_budget_release(&b, wall(), 5);
    snprintf(d, sizeof d, "count %ld", cf_shared_budget_count(&b, wall()));
    check(cf_shared_budget_count(&b, wall()) == 35, "5 slots given back unused free at once", d);
    cf_shared_budget_finish(&b, wall(), 35);
    long now_n = cf_shared_budget_count(&b, wall());
    long later_n = cf_shared_budget_count(&b, wall() + 31); /* prunes: asked last */
    snprintf(d, sizeof d, "count %ld, a window later %ld", now_n, later_n);
    check(now_n == 35 && later_n == 0, "35 answered slots hold the budget for one window", d);
    cf_shared_budget_close(&b, wall());
}

static void shared_tests(const char *dir)
{
    char path[1024], d[160];
    int fds[2], got[2] = {0, 0};
    snprintf(path, sizeof path, "%s/api-budget", dir);
    if (pipe(fds) != 0)
        return;
    pid_t kids[2];
    for (int k = 0; k < 2; k++)
        if ((kids[k] = fork()) == 0)
            taker(path, 30, fds[1]);
    for (int k = 0; k < 2; k++)
        waitpid(kids[k], NULL, 0);
    for (int k = 0; k < 2; k++)
        if (read(fds[0], &got[k], sizeof got[k]) != (ssize_t)sizeof got[k])
            got[k] = -1;
    close(fds[0]);
    close(fds[1]);
    snprintf(d, sizeof d, "got %d and %d", got[0], got[1]);
    check(got[0] + got[1] == 40 && got[0] > 0 && got[1] > 0,
          "two processes wanting 30 each from a budget of 40 get 40 together", d);
    struct stat st;
    check(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600, "the shared file is 0600",
          "wrong mode");
    struct cf_shared_budget b;
    if (cf_shared_budget_open(&b, path, 40, 30) != 0)
        return;
    snprintf(d, sizeof d, "count %ld", cf_shared_budget_count(&b, wall()));
    check(cf_shared_budget_count(&b, wall()) == 40,
          "slots the dead processes held count until their window passes", d);
    int none = 0;
    check(cf_shared_budget_take(&b, wall(), 1, &none) > 29 && none == 0,
          "a full budget says when a slot frees", "took or no wait");
    snprintf(d, sizeof d, "count %ld", cf_shared_budget_count(&b, wall() + 31));
    check(cf_shared_budget_count(&b, wall() + 31) == 0, "a window later every slot is free", d);
    cf_shared_budget_close(&b, wall());
    two_handles_tests(path);
    batch_tests(path);
}

int main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: budget_test DIR\n");
        return 2;
    }
    parse_tests();
    estimate_tests();
    merge_tests();
    shared_tests(argv[1]);
    return failed ? 1 : 0;
}
