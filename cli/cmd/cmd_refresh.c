/* domec refresh: reads every resource of the stack back from Cloudflare,
 * shows drift (changed or deleted out of band) and, once confirmed, writes
 * what was read into the state. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/commands.h"
#include "lang/lang.h"
#include "runtime/store/journal.h"
#include "cli/view/plan_print.h"
#include "runtime/exec/refresh.h"
#include "cli/view/budget_notice.h"
#include "cli/session.h"

/* the program only matters for the account id: load it quietly if it is there */
static void load_quietly(struct session *s)
{
    int n_errors = 0;
    FILE *null = fopen("/dev/null", "w");
    struct lang_options opt = {s->cl->dir, s->cl->stack, null ? null : stderr, false};
    s->unit = lang_load(&opt, &n_errors);
    s->prog = n_errors == 0 ? lang_ir(s->unit) : NULL;
    if (null)
        fclose(null);
}

/* write_back saves what was read; announce says so (without drift only
 * what says a worker changed is new, its etag: kept quietly, so the next
 * refresh reads only what changed since) */
static int write_back(struct session *s, const struct refresh_result *r, bool announce)
{
    char err[1024];
    refresh_apply(&s->st, r);
    if (state_save(&s->st, err, sizeof err) != 0) {
        fprintf(stderr, "domec refresh: cannot save state: %s\n", err);
        return 2;
    }
    journal_discard(&s->st);
    if (announce && !s->cl->json)
        printf("state updated (serial %ld)\n", state_serial(&s->st));
    return 0;
}

/* --json: the drift, whether it was written and the state's serial */
static void print_json(const struct session *s, const struct refresh_result *r, bool written)
{
    cJSON *j = plan_drift_to_json(r, s->cl->stack);
    cJSON_AddBoolToObject(j, "written", written);
    cJSON_AddNumberToObject(j, "serial", (double)state_serial(&s->st));
    char *text = cJSON_Print(j);
    printf("%s\n", text ? text : "{}");
    free(text);
    cJSON_Delete(j);
}

static int run(struct session *s)
{
    struct refresh_result r;
    load_quietly(s);
    if (session_state(s, true) != 0 || session_http(s) != 0)
        return 2;
    struct prov_ctx ctx = {s->account, &s->st, NULL, NULL};
    budget_notice(stderr, "refresh", s->http, refresh_estimate(&s->st));
    int read_rc = refresh_read(&ctx, s->http, &r);
    if (!s->cl->json) {
        printf("Refreshing stack '%s': %zu resources read\n\n", s->cl->stack, r.n_items);
        plan_print_drift(stdout, &r, true);
    }
    int rc = read_rc != 0 ? 2 : 0;
    bool written = false;
    if (rc == 0 && r.n_drifted == 0 && r.n_remarked > 0)
        rc = write_back(s, &r, false);
    if (rc == 0 && r.n_drifted > 0) {
        if (s->cl->expect_no_changes) {
            fprintf(stderr, "domec refresh: drift found but --expect-no-changes was given\n");
            rc = EXIT_CHANGES;
        } else if (session_confirm(s, "Write the drift into the state?")) {
            rc = write_back(s, &r, true);
            written = rc == EXIT_OK;
        } else {
            rc = EXIT_ENV;
        }
        if (rc == EXIT_OK && s->cl->detailed_exitcode)
            rc = EXIT_CHANGES;
    }
    if (s->cl->json)
        print_json(s, &r, written);
    refresh_free(&r);
    return rc;
}

/* cmd_refresh: `domec refresh`; exit 0 (no drift, or drift written), 2
 * usage, lock, credentials or failed reads, 3 drift with
 * --expect-no-changes (not written) or --detailed-exitcode (written). */
int cmd_refresh(struct opts *o)
{
    struct session s = {0};
    s.cl = o;
    s.command = "refresh";
    int rc = run(&s);
    session_close(&s);
    return rc;
}
