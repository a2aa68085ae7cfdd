/* Plan and drift output: table, --diff, JSON. Never prints a secret or its
 * hash: secret bindings show as (sensitive). */
#include "cli/view/plan_print.h"

#include <stdlib.h>
#include <string.h>

#include "cli/term.h"
#include "cli/view/diff_print.h"
#include "runtime/model/kind.h"
#include "runtime/plan/moves.h"

static const char *const op_marks[] = {" ", "+", "~", "±", "-"};
static const char *const op_colors[] = {"", TERM_GREEN, TERM_YELLOW, TERM_CYAN, TERM_RED};

#define DATA_LOSS "data will be lost"

/* The widths of the table's kind and resource columns. */
struct widths {
    int kind, key;
};

/* plan_step_loses_data: see plan_print.h. */
bool plan_step_loses_data(const struct plan_step *s)
{
    return (s->op == PLAN_DELETE || s->op == PLAN_REPLACE) && !s->is_leftover &&
           kind_holds_data(s->kind);
}

/* plan_data_loss: see plan_print.h. */
int plan_data_loss(const struct plan *p)
{
    int n = 0;
    for (size_t i = 0; i < p->n_steps; i++)
        n += plan_step_loses_data(&p->steps[i]) && !p->steps[i].is_untargeted;
    return n;
}

static const char *paint(bool color, const char *c)
{
    return color ? c : "";
}

static const cJSON *attr_of(const cJSON *entry, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "attrs"), name);
}

/* plan_sanitized: see plan_print.h. */
cJSON *plan_sanitized(const cJSON *v)
{
    cJSON *c = cJSON_Duplicate(v, 1);
    cJSON *stack[64];
    int n = 0;
    if (c)
        stack[n++] = c;
    while (n > 0) {
        cJSON *x = stack[--n];
        if (cJSON_IsObject(x) && cJSON_GetObjectItemCaseSensitive(x, "hash"))
            cJSON_ReplaceItemInObjectCaseSensitive(x, "hash", cJSON_CreateString("(sensitive)"));
        cJSON *child;
        cJSON_ArrayForEach(child, x) if (n < 64 && (cJSON_IsObject(child) || cJSON_IsArray(child)))
            stack[n++] = child;
    }
    return c;
}

static const cJSON *entry_attr(const cJSON *entry, const char *a)
{
    return strcmp(a, "name") == 0 ? cJSON_GetObjectItemCaseSensitive(entry, "name")
                                  : attr_of(entry, a);
}

static void print_diff(FILE *out, const struct plan_step *s, bool color)
{
    const cJSON *it;
    if (s->op == PLAN_CREATE) { /* every attribute of the new resource */
        diff_print_attr(out, 8, "name", NULL,
                        cJSON_GetObjectItemCaseSensitive(s->new_entry, "name"), color);
        diff_print_created(out, 8, cJSON_GetObjectItemCaseSensitive(s->new_entry, "attrs"), color);
        return;
    }
    cJSON_ArrayForEach(it, s->changed)
        diff_print_attr(out, 8, it->valuestring, entry_attr(s->old_entry, it->valuestring),
                        entry_attr(s->new_entry, it->valuestring), color);
}

static void print_changes(FILE *out, const cJSON *changed)
{
    const cJSON *it;
    int k = 0;
    if (cJSON_GetArraySize(changed) == 0)
        return;
    fputs(" [", out);
    cJSON_ArrayForEach(it, changed) fprintf(out, "%s%s", k++ ? ", " : "", it->valuestring);
    fputc(']', out);
}

/* print_pending_migrations: a database's migration files the state has
 * not recorded as applied (apply runs them, in this order). */
static void print_pending_migrations(FILE *out, const struct plan_step *s)
{
    const cJSON *was = attr_of(s->old_entry, "migrations"), *it;
    int n = 0;
    if (s->op != PLAN_CREATE && s->op != PLAN_UPDATE && s->op != PLAN_REPLACE)
        return;
    cJSON_ArrayForEach(it, attr_of(s->new_entry, "migrations"))
    {
        if (s->op != PLAN_REPLACE && cJSON_GetObjectItemCaseSensitive(was, it->string))
            continue;
        fprintf(out, "%s%s", n++ ? ", " : " (pending migrations: ", it->string);
    }
    if (n)
        fputc(')', out);
}

/* print_kept: bindings an update keeps although the program cannot name
 * them (extra.kept_bindings, read from Cloudflare) */
static void print_kept(FILE *out, const cJSON *entry)
{
    const cJSON *b;
    int n = 0;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(entry, "extra"), "kept_bindings"))
        fprintf(out, "%s%s (%s)", n++ ? ", " : " (keeps ", state_str(b, "name"),
                state_str(b, "type"));
    if (n)
        fputc(')', out);
}

static void print_row(FILE *out, const struct plan_step *s, struct widths w, bool show_diff,
                      bool color)
{
    const cJSON *e = s->new_entry ? s->new_entry : s->old_entry;
    const char *name = state_str(e, "name");
    bool only_moved = s->op == PLAN_SAME && s->moved_from;
    if (s->is_reference) { /* `existing`: read, never changed */
        fprintf(out, " = %-8s %-*s %-*s %s (existing, id %s)\n", "read", w.kind, kind_name(s->kind),
                w.key, s->key, name ? name : "", state_str(e, "id") ? state_str(e, "id") : "?");
        return;
    }
    fprintf(out, " %s%s %-8s%s %-*s %-*s %s", paint(color, op_colors[s->op]),
            only_moved ? "→" : op_marks[s->op], only_moved ? "move" : plan_op_name(s->op),
            paint(color, TERM_RESET), w.kind, kind_name(s->kind), w.key, s->key, name ? name : "");
    if (s->moved_from)
        fprintf(out, " (moved from %s)", s->moved_from);
    if (s->op == PLAN_UPDATE || s->op == PLAN_REPLACE)
        print_changes(out, s->changed);
    print_pending_migrations(out, s);
    if (s->is_phase2 && s->is_create_first_tail)
        fputs(" (last: take over the queue consumers)", out);
    else if (s->is_phase2)
        fputs(" (phase 2: add cyclic service bindings)", out);
    if (s->is_adopt)
        fputs(" (resume: look up by name first)", out);
    if (s->is_create_first)
        fputs(" (new script first, the old one is deleted after)", out);
    if (s->is_leftover)
        fputs(" (the old script, once the new one is live)", out);
    if (s->op == PLAN_UPDATE)
        print_kept(out, s->old_entry);
    if (plan_step_loses_data(s))
        fprintf(out, " %s(" DATA_LOSS ")%s", paint(color, TERM_BRED), paint(color, TERM_RESET));
    fputc('\n', out);
    if (show_diff && s->op != PLAN_SAME && s->op != PLAN_DELETE)
        print_diff(out, s, color);
}

static bool step_shown(const struct plan_step *s)
{
    return s->op != PLAN_SAME || s->moved_from || s->is_reference;
}

static int at_least(int w, const char *s)
{
    return (int)strlen(s) > w ? (int)strlen(s) : w;
}

/* column_widths: the kind column fits its header and the longest kind among
 * the rows the table shows (durable_object is 14 characters); the resource
 * column is 28 wide unless a shown address is longer. */
static struct widths column_widths(const struct plan *p)
{
    struct widths w = {(int)strlen("kind"), 28};
    for (size_t i = 0; i < p->n_steps; i++)
        if (step_shown(&p->steps[i])) {
            w.kind = at_least(w.kind, kind_name(p->steps[i].kind));
            w.key = at_least(w.key, p->steps[i].key);
        }
    for (size_t k = 0; p->moves && k < p->moves->n; k++)
        if (!p->moves->items[k].to)
            w.key = at_least(w.key, p->moves->items[k].from);
    for (size_t k = 0; k < p->n_kept; k++)
        w.key = at_least(w.key, p->kept[k]);
    return w;
}

static void print_header(FILE *out, struct widths w)
{
    fprintf(out, "   %-8s %-*s %-*s %s\n", "op", w.kind, "kind", w.key, "resource", "name");
}

/* forgotten: state entries a `removed { destroy = false }` block drops */
static int print_forgotten(FILE *out, const struct plan *p, struct widths w, int shown)
{
    for (size_t k = 0; p->moves && k < p->moves->n; k++) {
        if (p->moves->items[k].to)
            continue;
        if (shown++ == 0)
            print_header(out, w);
        fprintf(out, " → %-8s %-*s %-*s (stays on Cloudflare)\n", "forget", w.kind, "", w.key,
                p->moves->items[k].from);
    }
    return shown;
}

/* plan_print_summary: see plan_print.h. */
void plan_print_summary(FILE *out, const struct plan *p)
{
    bool color = term_color(fileno(out));
    static const char *const words[] = {"", "to create", "to update", "to replace", "to delete"};
    for (int op = PLAN_CREATE; op <= PLAN_DELETE; op++)
        fprintf(out, "%s%s %d %s%s, ", paint(color && p->counts[op], op_colors[op]), op_marks[op],
                p->counts[op], words[op], paint(color && p->counts[op], TERM_RESET));
    fprintf(out, "%d unchanged", p->counts[PLAN_SAME]);
    int lost = plan_data_loss(p);
    if (lost > 0)
        fprintf(out, "%s; %d %s lose data%s", paint(color, TERM_BRED), lost,
                lost == 1 ? "resource would" : "resources would", paint(color, TERM_RESET));
    if (p->moves && p->moves->n > 0)
        fprintf(out, ", → %zu moved or forgotten", p->moves->n);
    if (p->n_untargeted > 0)
        fprintf(out, ", %d not targeted", p->n_untargeted);
    fputc('\n', out);
}

/* plan_print_table: see plan_print.h. */
void plan_print_table(FILE *out, const struct plan *p, bool show_diff)
{
    int shown = 0;
    struct widths w = column_widths(p);
    bool color = term_color(fileno(out));
    for (size_t i = 0; i < p->n_steps; i++) {
        if (!step_shown(&p->steps[i]))
            continue;
        if (shown++ == 0)
            print_header(out, w);
        print_row(out, &p->steps[i], w, show_diff, color);
    }
    shown = print_forgotten(out, p, w, shown);
    for (size_t k = 0; k < p->n_kept; k++)
        fprintf(out,
                "%s ! %-8s %-*s %-*s imported, not in the program: add its block, or "
                "`removed { from = %s }` to delete it\n",
                k == 0 && shown ? "\n" : "", "keep", w.kind, "", w.key, p->kept[k], p->kept[k]);
    if (shown == 0)
        fputs("no changes: the program matches the stack's state\n", out);
    else
        fputc('\n', out);
    plan_print_summary(out, p);
}

static cJSON *attrs_json(const cJSON *entry)
{
    if (!entry)
        return cJSON_CreateNull();
    cJSON *o = plan_sanitized(cJSON_GetObjectItemCaseSensitive(entry, "attrs"));
    return o ? o : cJSON_CreateObject();
}

/* plan_to_json: see plan_print.h. */
cJSON *plan_to_json(const struct plan *p, const char *stack)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "stack", stack);
    cJSON_AddNumberToObject(root, "serial", (double)p->serial);
    cJSON *steps = cJSON_AddArrayToObject(root, "steps");
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct plan_step *s = &p->steps[i];
        if (!step_shown(s))
            continue;
        const cJSON *e = s->new_entry ? s->new_entry : s->old_entry;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "op",
                                s->is_reference      ? "read"
                                : s->op == PLAN_SAME ? "move"
                                                     : plan_op_name(s->op));
        if (s->is_reference)
            cJSON_AddStringToObject(o, "id", state_str(e, "id") ? state_str(e, "id") : "");
        if (s->moved_from)
            cJSON_AddStringToObject(o, "moved_from", s->moved_from);
        cJSON_AddStringToObject(o, "kind", kind_name(s->kind));
        cJSON_AddStringToObject(o, "key", s->key);
        cJSON_AddStringToObject(o, "name", state_str(e, "name") ? state_str(e, "name") : "");
        cJSON_AddItemToObject(o, "changed", cJSON_Duplicate(s->changed, 1));
        cJSON_AddBoolToObject(o, "phase2", s->is_phase2);
        if (plan_step_loses_data(s))
            cJSON_AddBoolToObject(o, "data_loss", true);
        cJSON_AddItemToObject(o, "before", attrs_json(s->old_entry));
        cJSON_AddItemToObject(o, "after", attrs_json(s->new_entry));
        cJSON_AddItemToArray(steps, o);
    }
    for (size_t k = 0; p->moves && k < p->moves->n; k++)
        if (!p->moves->items[k].to) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddStringToObject(o, "op", "forget");
            cJSON_AddStringToObject(o, "key", p->moves->items[k].from);
            cJSON_AddItemToArray(steps, o);
        }
    if (p->n_kept > 0)
        cJSON_AddItemToObject(
            root, "kept", cJSON_CreateStringArray((const char *const *)p->kept, (int)p->n_kept));
    cJSON *sum = cJSON_AddObjectToObject(root, "summary");
    for (int k = 0; k < 5; k++)
        cJSON_AddNumberToObject(sum, plan_op_name((enum plan_op)k), p->counts[k]);
    if (p->n_untargeted > 0)
        cJSON_AddNumberToObject(sum, "not_targeted", p->n_untargeted);
    return root;
}

/* plan_print_drift: see plan_print.h. */
void plan_print_drift(FILE *out, const struct refresh_result *r, bool show_diff)
{
    for (size_t i = 0; i < r->n_items; i++) {
        const struct refresh_item *it = &r->items[i];
        if (it->error) {
            fprintf(out, " ! %-28s read failed: %s\n", it->key, it->error);
        } else if (!it->after) {
            fprintf(out, " - %-28s deleted out of band\n", it->key);
        } else if (cJSON_GetArraySize(it->changed) > 0) {
            fprintf(out, " ~ %-28s changed out of band", it->key);
            print_changes(out, it->changed);
            fputc('\n', out);
            if (show_diff) {
                struct plan_step s = {
                    .old_entry = it->before, .new_entry = it->after, .changed = it->changed};
                print_diff(out, &s, term_color(fileno(out)));
            }
        }
    }
    if (r->n_drifted == 0 && r->n_failed == 0)
        fputs("no drift: every resource matches the state\n", out);
}

/* plan_drift_to_json: see plan_print.h. */
cJSON *plan_drift_to_json(const struct refresh_result *r, const char *stack)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "stack", stack);
    cJSON_AddNumberToObject(root, "read", (double)r->n_items);
    cJSON_AddNumberToObject(root, "drifted", r->n_drifted);
    cJSON_AddNumberToObject(root, "failed", r->n_failed);
    cJSON *items = cJSON_AddArrayToObject(root, "drift");
    for (size_t i = 0; i < r->n_items; i++) {
        const struct refresh_item *it = &r->items[i];
        const char *status = it->error                             ? "read_failed"
                             : !it->after                          ? "deleted"
                             : cJSON_GetArraySize(it->changed) > 0 ? "changed"
                                                                   : NULL;
        if (!status)
            continue;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "key", it->key);
        cJSON_AddStringToObject(o, "status", status);
        if (it->error)
            cJSON_AddStringToObject(o, "error", it->error);
        cJSON_AddItemToObject(o, "changed",
                              it->changed ? cJSON_Duplicate(it->changed, 1) : cJSON_CreateArray());
        cJSON_AddItemToObject(o, "before", attrs_json(it->before));
        cJSON_AddItemToObject(o, "after", attrs_json(it->after));
        cJSON_AddItemToArray(items, o);
    }
    return root;
}
