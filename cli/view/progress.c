/* Progress lines for apply and destroy; never prints request bodies. */
#include "cli/view/progress.h"

#include <stdlib.h>
#include <time.h>

#include "runtime/model/kind.h"
#include "runtime/base/xalloc.h"

static const char *past(const struct plan_step *s)
{
    static const char *const words[] = {"unchanged", "created", "updated", "replaced", "deleted"};
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

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* track: remember (start) or forget (finish) a step in flight */
static void track(struct progress *pr, const struct exec_event *ev)
{
    for (size_t i = 0; i < pr->n_slots; i++)
        if (pr->slots[i].step == ev->step) {
            if (ev->type != EXEC_START)
                pr->slots[i].step = NULL;
            return;
        }
    if (ev->type != EXEC_START)
        return;
    for (size_t i = 0; i < pr->n_slots; i++)
        if (!pr->slots[i].step) {
            pr->slots[i] = (struct progress_slot){ev->step, mono()};
            return;
        }
    pr->slots = xrealloc(pr->slots, (pr->n_slots + 1) * sizeof *pr->slots);
    pr->slots[pr->n_slots++] = (struct progress_slot){ev->step, mono()};
}

/* redraw the block: one line per step in flight (at most 12), then counts */
static void draw(struct progress *pr, const struct exec_event *ev)
{
    double now = mono();
    int lines = 0, hidden = 0;
    for (size_t i = 0; i < pr->n_slots; i++) {
        const struct progress_slot *s = &pr->slots[i];
        if (!s->step)
            continue;
        if (lines >= 12) {
            hidden++;
            continue;
        }
        fprintf(pr->out, "\033[K  ~>  %-8s %-32s %5.1fs\n", plan_op_name(s->step->op), s->step->key,
                now - s->t0);
        lines++;
    }
    fprintf(pr->out, "\033[K  [%d/%d done, %d in flight%s, %.1fs]\n", ev->n_finished, ev->n_total,
            ev->n_running, hidden ? ", more not shown" : "", now - pr->t_start);
    pr->n_drawn = lines + 1;
}

/* progress_free: see progress.h. */
void progress_free(struct progress *pr)
{
    free(pr->slots);
    pr->slots = NULL;
    pr->n_slots = 0;
}

/* progress_event: see progress.h. */
void progress_event(void *user, const struct exec_event *ev)
{
    struct progress *pr = user;
    if (pr->is_json) {
        json_event(pr->out, ev);
        return;
    }
    if (pr->is_tty) {
        if (pr->t_start == 0)
            pr->t_start = mono();
        track(pr, ev);
        if (pr->n_drawn > 0)
            fprintf(pr->out, "\033[%dA\033[J", pr->n_drawn);
        pr->n_drawn = 0;
    }
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
        if (ev->error) /* "not started: interrupted", a create kept pending */
            fprintf(pr->out, "  --  %s %s\n", ev->step->key, ev->error);
        else
            fprintf(pr->out, "  --  %s skipped (a dependency failed)\n", ev->step->key);
        break;
    }
    if (pr->is_tty && ev->n_running > 0)
        draw(pr, ev);
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
