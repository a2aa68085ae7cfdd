/* rt_apply: drives plan + exec + refresh on the hand-built fixture program
 * against a Cloudflare API (cfemu in tests), without lang/. For runtime
 * tests only. Usage: rt_apply DIR STACK apply|destroy|refresh [DIMS] */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/exec/exec.h"
#include "runtime/store/journal.h"
#include "runtime/plan/plan.h"
#include "cli/view/plan_print.h"
#include "cli/view/progress.h"
#include "runtime/exec/refresh.h"
#include "runtime/store/state.h"
#include "tests/runtime-unit/fixture.h"

static struct cf_http *transport(void)
{
    char err[256];
    struct cf_http_config cfg = {.base_url = getenv("CLOUDFLARE_API_BASE_URL"),
                                 .token = getenv("CLOUDFLARE_API_TOKEN"),
                                 .max_retries = -1};
    struct cf_http *h = cf_http_new(&cfg, err, sizeof err);
    if (!h)
        fprintf(stderr, "rt_apply: %s\n", err);
    return h;
}

static int run_plan(struct state *st, const struct fixture *f, bool destroy, struct cf_http *http)
{
    char err[1024];
    struct plan p;
    struct plan_options opt = {NULL, 0, destroy, NULL};
    if (plan_build(&p, destroy ? NULL : &f->prog, st, &opt, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "rt_apply: %s\n", err);
        plan_free(&p);
        return 1;
    }
    plan_print_table(stdout, &p, true);
    struct journal j;
    if (journal_open(&j, st, err, sizeof err) != 0) {
        fprintf(stderr, "rt_apply: %s\n", err);
        plan_free(&p);
        return 1;
    }
    struct progress pr = {.out = stdout};
    struct exec_options eo = {
        .on_event = progress_event, .user = &pr, .journal = &j, .parallel = 10};
    struct exec_report rep;
    struct prov_ctx ctx = {getenv("CLOUDFLARE_ACCOUNT_ID"), st, destroy ? NULL : &f->prog, NULL};
    int rc = exec_plan(&ctx, http, &p, &eo, &rep);
    progress_failures(stdout, &rep);
    exec_report_free(&rep);
    int saved = state_save(st, err, sizeof err);
    if (saved != 0)
        fprintf(stderr, "rt_apply: %s\n", err);
    journal_close(&j, saved == 0);
    plan_free(&p);
    return rc == 0 && saved == 0 ? 0 : 1;
}

static int run_refresh(struct state *st, struct cf_http *http)
{
    char err[1024];
    struct refresh_result r;
    struct prov_ctx ctx = {getenv("CLOUDFLARE_ACCOUNT_ID"), st, NULL, NULL};
    int rc = refresh_read(&ctx, http, &r);
    plan_print_drift(stdout, &r, true);
    int drift = r.n_drifted;
    refresh_apply(st, &r);
    refresh_free(&r);
    if (state_save(st, err, sizeof err) != 0) {
        fprintf(stderr, "rt_apply: %s\n", err);
        return 2;
    }
    return rc != 0 ? 2 : drift ? 1 : 0;
}

int main(int argc, char **argv)
{
    struct fixture f;
    struct state st;
    char err[1024];
    xalloc_cjson_hooks();
    if (argc < 4) {
        fprintf(stderr, "usage: rt_apply DIR STACK apply|destroy|refresh [DIMS]\n");
        return 2;
    }
    fixture_init(&f, argv[1], argc > 4 ? atol(argv[4]) : 768);
    if (state_open(&st, argv[1], argv[2], err, sizeof err) != 0) {
        fprintf(stderr, "rt_apply: %s\n", err);
        return 2;
    }
    if (journal_fold(&st, err, sizeof err) < 0) {
        fprintf(stderr, "rt_apply: %s\n", err);
        state_close(&st);
        return 2;
    }
    struct cf_http *http = transport();
    int rc = 2;
    if (http && strcmp(argv[3], "refresh") == 0)
        rc = run_refresh(&st, http);
    else if (http)
        rc = run_plan(&st, &f, strcmp(argv[3], "destroy") == 0, http);
    if (http)
        cf_http_free(http);
    state_close(&st);
    return rc;
}
