/* Progress lines for apply and destroy; never prints request bodies. */
#include "runtime/progress.h"

#include <stdlib.h>

#include "runtime/kind.h"

static const char *past(const struct plan_step *s)
{
    static const char *const words[] = {"unchanged", "created", "updated", "replaced",
                                        "deleted"};
    return s->is_phase2 ? "updated (phase 2)" : words[s->op];
}

static void json_event(FILE *out, const struct exec_event *ev)
{
    static const char *const types[] = {"start", "done", "failed", "skipped"};
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "event", types[ev->type]);
    cJSON_AddStringToObject(o, "op", plan_op_name(ev->step->op));
    cJSON_AddStringToObject(o, "key", ev->step->key);
    cJSON_AddBoolToObject(o, "phase2", ev->step->is_phase2);
    if (ev->type == EXEC_DONE || ev->type == EXEC_FAILED)
        cJSON_AddNumberToObject(o, "elapsed_s", ev->elapsed_s);
    if (ev->error)
        cJSON_AddStringToObject(o, "error", ev->error);
    char *s = cJSON_PrintUnformatted(o);
    fprintf(out, "%s\n", s);
    free(s);
    cJSON_Delete(o);
}

/* progress_event: see progress.h. */
void progress_event(void *user, const struct exec_event *ev)
{
    struct progress *pr = user;
    if (pr->is_json) {
        json_event(pr->out, ev);
        return;
    }
    if (pr->is_tty)
        fputs("\r\033[K", pr->out);
    switch (ev->type) {
    case EXEC_START:
        if (!pr->is_tty)
            fprintf(pr->out, "  ... %-8s %s\n", plan_op_name(ev->step->op), ev->step->key);
        break;
    case EXEC_DONE:
        fprintf(pr->out, "  ok  %s %s (%.2fs)\n", ev->step->key, past(ev->step), ev->elapsed_s);
        break;
    case EXEC_FAILED:
        fprintf(pr->out, "  !!  %s failed: %s\n", ev->step->key, ev->error);
        break;
    case EXEC_SKIPPED:
        fprintf(pr->out, "  --  %s skipped (a dependency failed)\n", ev->step->key);
        break;
    }
    if (pr->is_tty)
        fprintf(pr->out, "  [%d/%d done, %d in flight]", ev->n_finished, ev->n_total,
                ev->n_running);
    fflush(pr->out);
}

/* progress_failures: see progress.h. */
void progress_failures(FILE *out, const struct exec_report *rep)
{
    if (rep->n_failed == 0)
        return;
    fprintf(out, "\n%d operation%s failed:\n", rep->n_failed, rep->n_failed == 1 ? "" : "s");
    for (int i = 0; i < rep->n_failed; i++)
        fprintf(out, "  %s: %s\n", rep->failures[i].key, rep->failures[i].message);
}
