/* domec apply: plans like preview, asks, then executes the plan against
 * Cloudflare (parallel, journaled) and saves the new state; also applies a
 * plan saved by `preview --out` if the state has not moved since. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/interrupt.h"
#include "runtime/base/xalloc.h"
#include "runtime/exec/exec.h"
#include "runtime/store/fsutil.h"
#include "runtime/store/journal.h"
#include "runtime/model/outputs.h"
#include "runtime/plan/plan.h"
#include "cli/view/outputs_print.h"
#include "cli/view/plan_print.h"
#include "cli/view/progress.h"
#include "runtime/exec/refresh.h"
#include "cli/view/budget_notice.h"
#include "cli/session.h"

/* check_saved: does the saved plan list the same operations as p? Names
 * the real cause when not: the state moved, or the program changed. */
static int check_saved(const char *file, const struct plan *p, const char *stack)
{
    char *text = fs_read_all(file, NULL);
    cJSON *saved = text ? cJSON_Parse(text) : NULL;
    free(text);
    cJSON *now = plan_to_json(p, stack);
    int rc = 0;
    const cJSON *ss = cJSON_GetObjectItemCaseSensitive(saved, "serial");
    if (!saved || !cJSON_IsNumber(ss)) {
        fprintf(stderr, "domec apply: '%s' is not a plan saved by `domec preview --out`\n", file);
        rc = 2;
    } else if ((long)ss->valuedouble != p->serial) {
        fprintf(stderr,
                "domec apply: the state of stack '%s' moved since '%s' was saved (serial "
                "%ld now, the plan was made at %ld): another apply ran\n  help: run "
                "`domec preview --out %s` again and review the new plan\n",
                stack, file, p->serial, (long)ss->valuedouble, file);
        rc = 1;
    } else if (!cJSON_Compare(cJSON_GetObjectItemCaseSensitive(saved, "steps"),
                              cJSON_GetObjectItemCaseSensitive(now, "steps"), 1)) {
        fprintf(stderr,
                "domec apply: the program changed since '%s' was saved: it no longer "
                "plans the same operations\n  help: run `domec preview --out %s` again "
                "and review the new plan\n",
                file, file);
        rc = 1;
    }
    cJSON_Delete(saved);
    cJSON_Delete(now);
    return rc;
}

/* plan_origin: the program directory and the stack a saved plan was made
 * for. Returns 0, or 2 after saying why not. */
static int plan_origin(struct opts *cl, char *dir, size_t dir_len, char *stack, size_t stack_len)
{
    char *text = fs_read_all(cl->plan_file, NULL);
    cJSON *j = text ? cJSON_Parse(text) : NULL;
    free(text);
    const char *d = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "dir"));
    const char *st = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(j, "stack"));
    int rc = 0;
    if (!st) {
        fprintf(stderr, "domec apply: '%s' is not a plan saved by `domec preview --out`\n",
                cl->plan_file);
        rc = 2;
    } else if (cl->stack && strcmp(cl->stack, st) != 0) {
        fprintf(stderr,
                "domec apply: '%s' was made for stack '%s', not '%s'\n  help: drop "
                "--stack; a saved plan applies to the stack it was made for\n",
                cl->plan_file, st, cl->stack);
        rc = 2;
    } else {
        snprintf(dir, dir_len, "%s", d ? d : ".");
        snprintf(stack, stack_len, "%s", st);
        cl->dir = dir;
        cl->stack = stack;
    }
    cJSON_Delete(j);
    return rc;
}

static int save(struct session *s)
{
    char err[1024];
    outputs_update(&s->st, s->prog);
    if (state_save(&s->st, err, sizeof err) != 0) {
        fprintf(stderr, "domec apply: cannot save state: %s\n", err);
        return -1;
    }
    journal_discard(&s->st);
    return 0;
}

/* --json: the plan, then exec's events, then this summary, one object a line */
static cJSON *json_event(const char *event)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", event);
    return o;
}

static void print_json_line(cJSON *o)
{
    char *text = cJSON_PrintUnformatted(o);
    printf("%s\n", text);
    free(text);
    cJSON_Delete(o);
}

static void print_json_summary(const struct exec_report *rep, const struct state *st)
{
    cJSON *o = json_event("summary");
    const cJSON *outs = cJSON_GetObjectItemCaseSensitive(st->root, "outputs");
    cJSON_AddItemToObject(o, "outputs", outs ? cJSON_Duplicate(outs, 1) : cJSON_CreateObject());
    cJSON_AddNumberToObject(o, "done", rep->n_done);
    cJSON_AddNumberToObject(o, "failed", rep->n_failed);
    cJSON_AddNumberToObject(o, "skipped", rep->n_skipped);
    if (rep->gate_closed)
        cJSON_AddStringToObject(o, "account_check", rep->gate_closed);
    if (rep->is_interrupted) {
        cJSON_AddBoolToObject(o, "interrupted", true);
        cJSON_AddNumberToObject(o, "not_started", rep->n_not_started);
    }
    cJSON *f = cJSON_AddArrayToObject(o, "failures");
    for (int i = 0; i < rep->n_failed; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "key", rep->failures[i].key);
        cJSON_AddStringToObject(x, "error", rep->failures[i].message);
        cJSON_AddItemToArray(f, x);
    }
    print_json_line(o);
}

/* After an apply, the stack's outputs (as `domec stack output` prints
 * them), when the program has any. */
static void print_outputs(const struct state *st)
{
    if (cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(st->root, "outputs")) == 0)
        return;
    printf("\nOutputs:\n");
    outputs_print(stdout, st, false);
}

/* The confirmation: a plan that loses data needs the stack's name typed
 * on a terminal, any other a y. */
static bool confirmed(struct session *s, const struct plan *p)
{
    char what[256];
    int lost = plan_data_loss(p);
    if (lost == 0)
        return session_confirm(s, "Apply these changes?");
    snprintf(what, sizeof what,
             "%d resource%s marked (data will be lost) would be deleted or replaced, and what "
             "%s hold%s lost.",
             lost, lost == 1 ? "" : "s", lost == 1 ? "it" : "they", lost == 1 ? "s is" : " is");
    return confirm_typed(s->command, what, s->cl->stack, s->cl->yes);
}

/* report_refused: the account check refused the credentials during the
 * run; the creates sent before its answer were refused too (their own
 * errors are in the progress lines) or are recorded */
static void report_refused(const struct exec_report *rep)
{
    fprintf(stderr,
            "\n%d done, %d failed, %d skipped\ndomec apply: %s\n  only creates went out "
            "before this answer (%d done and recorded in the state, %d failed); nothing that "
            "existed was changed\n",
            rep->n_done, rep->n_failed, rep->n_skipped, rep->gate_closed, rep->n_done,
            rep->n_failed);
}

/* plan_requests: about one request per change (a replace is two) */
static long plan_requests(const struct plan *p)
{
    return (long)p->counts[PLAN_CREATE] + p->counts[PLAN_UPDATE] + 2L * p->counts[PLAN_REPLACE] +
           p->counts[PLAN_DELETE];
}

/* What the account gate needs: the session, and the plan for the budget
 * notice that the check's answer (the server's Ratelimit headers) allows */
struct gate_ctx {
    struct session *s;
    const struct plan *p;
};

/* account_gate: the account check as exec_plan's gate (opt.gate); once it
 * passes, the budget notice a run that did not wait for it would have
 * printed before its first request */
static enum exec_gate account_gate(void *user, bool wait, char *msg, size_t msg_len)
{
    struct gate_ctx *g = user;
    int r = session_check_answer(g->s, wait, msg, msg_len);
    if (r == 0)
        budget_notice(stderr, "apply", g->s->http, plan_requests(g->p));
    return r == 0 ? EXEC_GATE_OPEN : r > 0 ? EXEC_GATE_PENDING : EXEC_GATE_CLOSED;
}

/* settle_check: a check still unanswered when the run ended (every step a
 * create, all done first) is waited for; its refusal goes in rep. */
static void settle_check(struct session *s, struct exec_report *rep)
{
    char why[2048];
    if (!rep->gate_closed && session_check_answer(s, true, why, sizeof why) < 0)
        rep->gate_closed = xstrdup(why);
}

static int execute(struct session *s, const struct plan *p)
{
    char err[512];
    struct journal j;
    struct exec_report rep;
    struct progress pr = {.out = s->cl->json ? stdout : stderr,
                          .is_tty = isatty(2) && !s->cl->json,
                          .is_json = s->cl->json};
    if (journal_open(&j, &s->st, err, sizeof err) != 0) {
        fprintf(stderr, "domec apply: %s\n", err);
        return 2;
    }
    struct prov_ctx ctx = {s->account, &s->st, s->prog, s->key};
    struct interrupt in; /* when it cannot be armed, Ctrl-C kills as it always did */
    bool armed = interrupt_arm(&in, "apply", s->http) == 0;
    struct gate_ctx gate = {s, p};
    struct exec_options opt = {.on_event = progress_event,
                               .user = &pr,
                               .journal = &j,
                               .parallel = s->cl->parallel,
                               .on_interrupt = armed ? interrupt_stop : NULL,
                               .interrupt_user = &in,
                               .gate = s->check ? account_gate : NULL,
                               .gate_user = &gate};
    int rc = exec_plan(&ctx, s->http, p, &opt, &rep);
    settle_check(s, &rep);
    bool meta = plan_sync_meta(p, &s->st);
    /* a run that changed nothing (every operation failed) leaves no history */
    bool changed =
        rep.n_done > 0 || meta || s->moves.n > 0 || rep.n_unlanded > 0 || rep.n_kept_pending > 0;
    int saved = changed ? save(s) : 0;
    journal_close(&j, saved == 0);
    interrupt_disarm(&in, s->http); /* after the save: a second signal while saving kills */
    if (s->cl->json) {
        print_json_summary(&rep, &s->st);
        s->json_reported = true;
    } else if (rep.gate_closed) {
        report_refused(&rep);
    } else {
        progress_failures(stderr, &rep);
        for (int i = 0; i < rep.n_failed; i++)
            session_report(s, rep.failures[i].res, rep.failures[i].message);
        fprintf(stderr, "\n%d done, %d failed, %d skipped\n", rep.n_done, rep.n_failed,
                rep.n_skipped);
        if (rep.n_failed > 0 && !in.signo)
            fprintf(stderr, "  help: what completed is recorded in the state; fix the cause and "
                            "run `domec apply` again to finish\n");
        if (in.signo)
            fprintf(stderr, "interrupted: %d done, %d not started; run apply again to finish\n",
                    rep.n_done, rep.n_not_started);
        print_outputs(&s->st);
    }
    bool is_refused = rep.gate_closed != NULL;
    exec_report_free(&rep);
    progress_free(&pr);
    if (in.signo)
        return interrupt_exit_code(&in);
    if (is_refused)
        return 2;
    return rc != 0 ? 1 : saved != 0 ? 2 : 0;
}

/* resume: fold an interrupted run's journal into a saved state first. */
static int resume(struct session *s)
{
    if (s->n_folded == 0)
        return 0;
    fprintf(stderr, "domec apply: finishing an interrupted run (%d journal records)\n",
            s->n_folded);
    char err[1024];
    if (state_save(&s->st, err, sizeof err) != 0) {
        fprintf(stderr, "domec apply: cannot save state: %s\n", err);
        return -1;
    }
    journal_discard(&s->st);
    return 0;
}

/* --refresh: read every resource first and plan against what is live */
static int refresh_first(struct session *s)
{
    struct refresh_result r;
    struct prov_ctx ctx = {s->account, &s->st, s->prog, s->key};
    if (!s->cl->json)
        budget_notice(stderr, "apply --refresh", s->http, refresh_estimate(&s->st));
    int rc = refresh_read(&ctx, s->http, &r);
    if (!s->cl->json && (r.n_drifted > 0 || rc != 0)) {
        printf("Drift found by --refresh:\n");
        plan_print_drift(stdout, &r, false);
        printf("\n");
    }
    if (rc == 0)
        refresh_apply(&s->st, &r);
    refresh_free(&r);
    return rc;
}

static int plan_and_run(struct session *s)
{
    char err[2048];
    struct plan p;
    struct plan_options opt = {s->cl->targets.v, s->cl->targets.n, false, &s->moves};
    if (s->cl->refresh && session_verify(s) != 0)
        return 2;
    if (s->cl->refresh && refresh_first(s) != 0) {
        fprintf(stderr,
                "domec apply: --refresh could not read every resource; nothing was changed\n");
        return 2;
    }
    if (session_moves(s) != 0)
        return 1;
    int looked_up = session_references(s);
    if (looked_up != 0)
        return looked_up;
    if (plan_build(&p, s->prog, &s->st, &opt, s->key, err, sizeof err) != 0) {
        fprintf(stderr, "domec apply: %s\n", err);
        plan_free(&p);
        return 1;
    }
    /* The account check ran while the plan was made. With --yes the run
     * does not wait for its answer to send creates (exec_plan's gate);
     * everything else, and a run with a prompt, waits for it. */
    bool is_gated = s->cl->yes && plan_has_changes(&p);
    if (!is_gated && session_verify(s) != 0) {
        plan_free(&p);
        return 2;
    }
    int rc = s->cl->plan_file ? check_saved(s->cl->plan_file, &p, s->cl->stack) : 0;
    if (rc == 0 && s->cl->json) {
        cJSON *o = json_event("plan");
        cJSON_AddItemToObject(o, "plan", plan_to_json(&p, s->cl->stack));
        print_json_line(o);
    } else if (rc == 0) {
        printf("Applying stack '%s'\n\n", s->cl->stack);
        plan_print_table(stdout, &p, s->cl->diff);
        fflush(stdout);
    }
    if (rc == 0 && !plan_has_changes(&p)) {
        bool meta = plan_sync_meta(&p, &s->st);
        if ((outputs_update(&s->st, s->prog) || meta) && save(s) != 0)
            rc = 2;
        if (rc == 0 && !s->cl->json)
            print_outputs(&s->st);
    } else if (rc == 0) {
        if (!s->check) /* else once the check has answered (account_gate) */
            budget_notice(stderr, "apply", s->http, plan_requests(&p));
        rc = confirmed(s, &p) ? execute(s, &p) : 2;
    }
    plan_free(&p);
    return rc;
}

static int run(struct session *s, struct opts *cl)
{
    char dir[4096], stack[80];
    if (cl->plan_file && plan_origin(cl, dir, sizeof dir, stack, sizeof stack) != 0)
        return 2;
    if (cl->plan_file && args_backend(cl) != 0) /* the plan's program, not "." */
        return 2;
    int rc = session_load(s);
    if (rc != 0)
        return rc;
    /* the account check starts once the state directory is there (its
     * budget file is in it) and is waited for once the plan is made */
    if (session_key_begin(s) != 0 || session_state(s, true) != 0 || session_http_begin(s) != 0 ||
        resume(s) != 0 || session_key(s) != 0)
        return 2;
    return plan_and_run(s);
}

/* cmd_apply: `domec apply`; exit 0 when every operation succeeded, 1 on
 * program errors or failed operations, 2 on usage, lock, state or
 * credential problems (or a refused confirmation). */
int cmd_apply(struct opts *o)
{
    size_t n = strlen(o->dir);
    if (n > 5 && !strcmp(o->dir + n - 5, ".json")) /* DIR|plan.json */
        o->plan_file = o->dir;
    struct session s = {0};
    s.cl = o;
    s.command = "apply";
    int rc = run(&s, o);
    o->json_reported = s.json_reported;
    session_close(&s);
    return rc;
}
