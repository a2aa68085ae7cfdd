/* domec destroy: deletes every resource of the stack in reverse dependency
 * order; protected resources (in the program or the state) make the plan
 * fail before anything happens. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/confirm.h"
#include "cli/interrupt.h"
#include "runtime/exec/exec.h"
#include "runtime/exec/references.h"
#include "runtime/store/journal.h"
#include "runtime/plan/plan.h"
#include "cli/view/plan_print.h"
#include "cli/view/progress.h"
#include "cli/session.h"

static int execute(struct session *s, const struct plan *p)
{
    char err[1024];
    struct journal j;
    struct exec_report rep;
    struct progress pr = {.out = s->cl->json ? stdout : stderr,
                          .is_tty = isatty(2) && !s->cl->json,
                          .is_json = s->cl->json};
    if (journal_open(&j, &s->st, err, sizeof err) != 0) {
        fprintf(stderr, "domec destroy: %s\n", err);
        return 2;
    }
    struct prov_ctx ctx = {s->account, &s->st, NULL, NULL};
    struct interrupt in; /* when it cannot be armed, Ctrl-C kills as it always did */
    bool armed = interrupt_arm(&in, "destroy", s->http) == 0;
    struct exec_options opt = {.on_event = progress_event,
                               .user = &pr,
                               .journal = &j,
                               .parallel = s->cl->parallel,
                               .on_interrupt = armed ? interrupt_stop : NULL,
                               .interrupt_user = &in};
    int rc = exec_plan(&ctx, s->http, p, &opt, &rep);
    if (rc == 0)
        cJSON_ReplaceItemInObjectCaseSensitive(s->st.root, "outputs", cJSON_CreateObject());
    /* a run that changed nothing leaves no history; but records folded from a
     * killed run's journal must reach the state before the journal goes */
    bool changed = rep.n_done > 0 || s->n_folded > 0 || rep.n_unlanded > 0;
    int saved = changed ? state_save(&s->st, err, sizeof err) : 0;
    if (saved != 0)
        fprintf(stderr, "domec destroy: cannot save state: %s\n", err);
    journal_close(&j, saved == 0);
    interrupt_disarm(&in, s->http); /* after the save: a second signal while saving kills */
    progress_failures(stderr, &rep);
    fprintf(stderr, "\n%d deleted, %d failed, %d skipped\n", rep.n_done, rep.n_failed,
            rep.n_skipped);
    if (in.signo)
        fprintf(stderr, "interrupted: %d done, %d not started; run destroy again to finish\n",
                rep.n_done, rep.n_not_started);
    exec_report_free(&rep);
    progress_free(&pr);
    if (in.signo)
        return interrupt_exit_code(&in);
    return rc != 0 ? 1 : saved != 0 ? 2 : 0;
}

static int run(struct session *s)
{
    char err[2048];
    struct plan p;
    /* the program says what is protected now, even before an apply wrote it */
    if (session_load(s) != 0) {
        fprintf(stderr, "  help: destroy reads `protect` from the program; fix its errors "
                        "first\n");
        return 1;
    }
    if (session_state(s, true) != 0 || session_http(s) != 0)
        return 2;
    struct plan_options opt = {NULL, 0, true, NULL};
    (void)references_forget(&s->st, NULL); /* never deleted: someone else's resources */
    if (plan_build(&p, s->prog, &s->st, &opt, NULL, err, sizeof err) != 0) {
        fprintf(stderr, "domec destroy: %s\n", err);
        plan_free(&p);
        return 1;
    }
    printf("Destroying stack '%s'\n\n", s->cl->stack);
    plan_print_table(stdout, &p, false);
    fflush(stdout);
    int rc = 0;
    char what[256];
    snprintf(what, sizeof what, "This deletes every resource of stack '%s'%s.", s->cl->stack,
             plan_data_loss(&p) ? ", and the data they hold is lost" : "");
    if (plan_has_changes(&p))
        rc = confirm_typed(s->command, what, s->cl->stack, s->cl->yes) ? execute(s, &p) : 2;
    plan_free(&p);
    return rc;
}

/* cmd_destroy: `domec destroy`; exit 0 when everything was deleted, 1 when
 * protected resources or failures stopped it, 2 on usage/lock/credentials. */
int cmd_destroy(struct opts *o)
{
    struct session s = {0};
    s.cl = o;
    s.command = "destroy";
    int rc = run(&s);
    session_close(&s);
    return rc;
}
