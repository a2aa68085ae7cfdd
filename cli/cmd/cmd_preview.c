/* domec preview: compiles the program, diffs it against the stack's state
 * (optionally refreshed first) and shows the plan; never changes anything
 * except the --out plan file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/stack/stack_cmds.h"
#include "runtime/store/fsutil.h"
#include "runtime/plan/plan.h"
#include "cli/view/plan_print.h"
#include "runtime/providers/prov.h"
#include "runtime/exec/refresh.h"
#include "cli/view/budget_notice.h"
#include "cli/session.h"

static int refresh_first(struct session *s)
{
    struct refresh_result r;
    if (session_http(s) != 0)
        return -1;
    struct prov_ctx ctx = {s->account, &s->st, s->prog, s->key};
    budget_notice(stderr, "preview --refresh", s->http, refresh_estimate(&s->st));
    int rc = refresh_read(&ctx, s->http, &r);
    if (rc != 0)
        plan_print_drift(stderr, &r, false);
    refresh_apply(&s->st, &r);
    refresh_free(&r);
    return rc;
}

static int save_plan(struct session *s, const struct plan *p)
{
    char err[512], abs[4096];
    cJSON *j = plan_to_json(p, s->cl->stack);
    cJSON_AddStringToObject(j, "dir", realpath(s->cl->dir, abs) ? abs : s->cl->dir);
    char *text = cJSON_Print(j);
    cJSON_Delete(j);
    int rc = fs_write_atomic(s->cl->out, text, strlen(text), 0600, err, sizeof err);
    free(text);
    if (rc != 0)
        fprintf(stderr, "domec preview: %s\n", err);
    return rc;
}

static void show(const struct session *s, const struct plan *p)
{
    if (s->cl->json) {
        cJSON *j = plan_to_json(p, s->cl->stack);
        char *text = cJSON_Print(j);
        printf("%s\n", text);
        free(text);
        cJSON_Delete(j);
        return;
    }
    printf("Previewing stack '%s' (state serial %ld)\n\n", s->cl->stack, p->serial);
    plan_print_table(stdout, p, s->cl->diff);
    /* say what was compared: the recorded state, or what Cloudflare holds */
    if (s->cl->refresh)
        printf("compared with what Cloudflare holds now (--refresh)\n");
    else
        printf("compared with the state recorded by the last apply; run with --refresh to "
               "compare with Cloudflare\n");
}

static int run(struct session *s)
{
    char err[2048];
    struct plan p;
    int rc = session_load(s);
    if (rc != 0)
        return rc;
    if (session_key_begin(s) != 0 || session_state(s, false) != 0 || session_key(s) != 0)
        return 2;
    if (s->cl->refresh && refresh_first(s) != 0)
        return 2;
    if (session_moves(s) != 0)
        return 1;
    if ((rc = session_references(s)) != 0)
        return rc;
    struct plan_options opt = {s->cl->targets.v, s->cl->targets.n, false, &s->moves};
    if (plan_build(&p, s->prog, &s->st, &opt, s->key, err, sizeof err) != 0) {
        fprintf(stderr, "domec preview: %s\n", err);
        plan_free(&p);
        return 1;
    }
    show(s, &p);
    rc = s->cl->out && save_plan(s, &p) != 0 ? 2 : 0;
    if (rc == 0 && s->cl->expect_no_changes && plan_has_changes(&p)) {
        fprintf(stderr, "domec preview: changes found but --expect-no-changes was given\n");
        rc = EXIT_CHANGES;
    } else if (rc == 0 && s->cl->detailed_exitcode && plan_has_changes(&p)) {
        rc = EXIT_CHANGES;
    }
    plan_free(&p);
    return rc;
}

/* cmd_preview: `domec preview`; exit 0, 1 (program errors), 2 (usage,
 * state, credentials), 3 (changes, with --expect-no-changes or
 * --detailed-exitcode). */
int cmd_preview(struct opts *o)
{
    if (o->all_stacks && (o->stack || o->refresh || o->out)) {
        fprintf(stderr, "domec preview: --all-stacks previews every stack; it takes no "
                        "--stack, --refresh or --out\n  ");
        args_usage_line(stderr, o->id);
        return 2;
    }
    if (o->all_stacks) /* cli/cmd/preview_all.c */
        return stack_preview_all(o);
    struct session s = {0};
    s.cl = o;
    s.command = "preview";
    int rc = run(&s);
    session_close(&s);
    return rc;
}
