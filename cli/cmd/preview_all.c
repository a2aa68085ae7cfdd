/* domec preview --all-stacks: previews every stack of the program in turn
 * (stacks/NAME.dome or a state) and sums up the changes per stack. Called
 * from cmd_preview.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "runtime/plan/plan.h"
#include "cli/view/plan_print.h"
#include "cli/session.h"
#include "runtime/base/xalloc.h"

struct tally {
    int counts[5]; /* per plan_op */
    int status;    /* 0 planned, 1 program errors, 2 state/key failure */
};

/* Plans one stack (cl->stack); prints its table or adds its JSON to all. */
static void one(const struct opts *cl, struct tally *t, cJSON *all)
{
    char err[2048];
    struct session s = {0};
    struct plan p = {0};
    s.cl = cl;
    s.command = "preview";
    t->status = session_load(&s);
    if (t->status == 0 &&
        (session_key_begin(&s) != 0 || session_state(&s, false) != 0 || session_key(&s) != 0))
        t->status = 2;
    if (t->status == 0 && session_moves(&s) != 0)
        t->status = 1;
    if (t->status == 0)
        t->status = session_references(&s);
    struct plan_options opt = {cl->targets.v, cl->targets.n, false, &s.moves};
    if (t->status == 0 && plan_build(&p, s.prog, &s.st, &opt, s.key, err, sizeof err) != 0) {
        fprintf(stderr, "domec preview: stack '%s': %s\n", cl->stack, err);
        t->status = 1;
    } else if (t->status == 0) {
        memcpy(t->counts, p.counts, sizeof t->counts);
        if (all)
            cJSON_AddItemToObject(all, cl->stack, plan_to_json(&p, cl->stack));
        else {
            printf("Previewing stack '%s' (state serial %ld)\n\n", cl->stack, p.serial);
            plan_print_table(stdout, &p, cl->diff);
            printf("\n");
        }
    }
    plan_free(&p);
    session_close(&s);
}

static void summary(char **names, const struct tally *t, size_t n)
{
    printf("%-16s %7s %7s %8s %7s %10s\n", "STACK", "CREATE", "UPDATE", "REPLACE", "DELETE",
           "UNCHANGED");
    for (size_t i = 0; i < n; i++) {
        if (t[i].status)
            printf("%-16s %s\n", names[i],
                   t[i].status == 1 ? "program errors (see above)" : "failed (see above)");
        else
            printf("%-16s %7d %7d %8d %7d %10d\n", names[i], t[i].counts[PLAN_CREATE],
                   t[i].counts[PLAN_UPDATE], t[i].counts[PLAN_REPLACE], t[i].counts[PLAN_DELETE],
                   t[i].counts[PLAN_SAME]);
    }
}

/* Exit code over all stacks: the worst status; EXIT_CHANGES for changes
 * with --expect-no-changes or --detailed-exitcode. */
static int verdict(const struct opts *cl, const struct tally *t, size_t n)
{
    int rc = EXIT_OK;
    bool report = cl->expect_no_changes || cl->detailed_exitcode;
    for (size_t i = 0; i < n; i++) {
        int changes = t[i].counts[PLAN_CREATE] + t[i].counts[PLAN_UPDATE] +
                      t[i].counts[PLAN_REPLACE] + t[i].counts[PLAN_DELETE];
        int r = t[i].status ? t[i].status : report && changes ? EXIT_CHANGES : EXIT_OK;
        rc = exit_worst(rc, r);
    }
    return rc;
}

/* stack_preview_all: see cli/stack/stack_cmds.h. */
int stack_preview_all(struct opts *cl)
{
    char err[1024];
    char **names = stack_names(cl, err, sizeof err);
    if (!names) {
        fprintf(stderr, "domec preview --all-stacks: %s\n", err);
        return 2;
    }
    size_t n = 0;
    while (names && names[n])
        n++;
    if (n == 0) {
        fprintf(stderr,
                "domec preview --all-stacks: no stacks in '%s'\n  help: `domec stack "
                "init NAME` creates one\n",
                cl->dir);
        stack_names_free(names);
        return 2;
    }
    struct tally *t = xcalloc(n, sizeof *t);
    cJSON *all = cl->json ? cJSON_CreateObject() : NULL;
    for (size_t i = 0; t && i < n; i++) {
        cl->stack = names[i];
        one(cl, &t[i], all);
    }
    if (all) {
        char *text = cJSON_Print(all);
        printf("%s\n", text ? text : "{}");
        free(text);
        cJSON_Delete(all);
    } else if (t)
        summary(names, t, n);
    int rc = t ? verdict(cl, t, n) : 2;
    if (rc == EXIT_CHANGES && cl->expect_no_changes)
        fprintf(stderr, "domec preview: changes found but --expect-no-changes was given\n");
    free(t);
    stack_names_free(names);
    return rc;
}
