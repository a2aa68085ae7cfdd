/* Plan and drift output: table, --diff, JSON. Never prints a secret or its
 * hash: secret bindings show as (sensitive). */
#include "cli/view/plan_print.h"

#include <stdlib.h>
#include <string.h>

#include "runtime/model/kind.h"
#include "runtime/plan/moves.h"

static const char *const op_marks[] = {" ", "+", "~", "±", "-"};

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

/* hash_of: the secret hash of the binding called name in a bindings list */
static const char *hash_of(const cJSON *bindings, const char *name)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, bindings)
    {
        const char *n = state_str(b, "name");
        if (cJSON_IsArray(bindings) && n && strcmp(n, name) == 0)
            return state_str(b, "hash");
    }
    return NULL;
}

/* print_value prints v with secrets hidden; a secret whose hash differs
 * from the same binding in `was` shows as "(sensitive, changed)". */
static void print_value(FILE *out, const cJSON *v, const cJSON *was)
{
    if (!v) {
        fputs("(none)", out);
        return;
    }
    cJSON *s = plan_sanitized(v), *b;
    const cJSON *orig;
    if (was && cJSON_IsArray(v)) {
        for (b = s->child, orig = v->child; b && orig; b = b->next, orig = orig->next) {
            const char *h = state_str(orig, "hash"), *n = state_str(orig, "name");
            const char *old = n ? hash_of(was, n) : NULL;
            if (h && (!old || strcmp(old, h) != 0))
                cJSON_ReplaceItemInObjectCaseSensitive(b, "hash",
                                                       cJSON_CreateString("(sensitive, changed)"));
        }
    }
    char *text = cJSON_PrintUnformatted(s);
    fputs(text ? text : "?", out);
    free(text);
    cJSON_Delete(s);
}

static void print_diff(FILE *out, const struct plan_step *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, s->changed)
    {
        const char *a = it->valuestring;
        bool is_name = strcmp(a, "name") == 0;
        const cJSON *ov = is_name ? cJSON_GetObjectItemCaseSensitive(s->old_entry, "name")
                                  : attr_of(s->old_entry, a);
        const cJSON *nv = is_name ? cJSON_GetObjectItemCaseSensitive(s->new_entry, "name")
                                  : attr_of(s->new_entry, a);
        fprintf(out, "        %s: ", a);
        print_value(out, ov, NULL);
        fputs(" => ", out);
        print_value(out, nv, ov);
        fputc('\n', out);
    }
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

static void print_row(FILE *out, const struct plan_step *s, bool show_diff)
{
    const cJSON *e = s->new_entry ? s->new_entry : s->old_entry;
    const char *name = state_str(e, "name");
    bool only_moved = s->op == PLAN_SAME && s->moved_from;
    fprintf(out, " %s %-8s %-9s %-28s %s", only_moved ? "→" : op_marks[s->op],
            only_moved ? "move" : plan_op_name(s->op), kind_name(s->kind), s->key,
            name ? name : "");
    if (s->moved_from)
        fprintf(out, " (moved from %s)", s->moved_from);
    if (s->op == PLAN_UPDATE || s->op == PLAN_REPLACE)
        print_changes(out, s->changed);
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
    if (s->is_data_loss)
        fputs(" (DATA LOSS: deletes the class and its stored objects)", out);
    fputc('\n', out);
    if (show_diff && (s->op == PLAN_UPDATE || s->op == PLAN_REPLACE))
        print_diff(out, s);
}

/* forgotten: state entries a `removed { destroy = false }` block drops */
static int print_forgotten(FILE *out, const struct plan *p, int shown)
{
    for (size_t k = 0; p->moves && k < p->moves->n; k++) {
        if (p->moves->items[k].to)
            continue;
        if (shown++ == 0)
            fprintf(out, "   %-8s %-9s %-28s %s\n", "op", "kind", "resource", "name");
        fprintf(out, " → %-8s %-9s %-28s (stays on Cloudflare)\n", "forget", "",
                p->moves->items[k].from);
    }
    return shown;
}

/* plan_print_summary: see plan_print.h. */
void plan_print_summary(FILE *out, const struct plan *p)
{
    fprintf(out, "+ %d to create, ~ %d to update, ± %d to replace, - %d to delete, %d unchanged",
            p->counts[PLAN_CREATE], p->counts[PLAN_UPDATE], p->counts[PLAN_REPLACE],
            p->counts[PLAN_DELETE], p->counts[PLAN_SAME]);
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
    for (size_t i = 0; i < p->n_steps; i++) {
        if (p->steps[i].op == PLAN_SAME && !p->steps[i].moved_from)
            continue;
        if (shown++ == 0)
            fprintf(out, "   %-8s %-9s %-28s %s\n", "op", "kind", "resource", "name");
        print_row(out, &p->steps[i], show_diff);
    }
    shown = print_forgotten(out, p, shown);
    for (size_t k = 0; k < p->n_kept; k++)
        fprintf(out,
                "%s ! %-8s %-9s %-28s imported, not in the program: add its block, or "
                "`removed { from = %s }` to delete it\n",
                k == 0 && shown ? "\n" : "", "keep", "", p->kept[k], p->kept[k]);
    if (shown == 0)
        fputs("no changes: the stack matches the program\n", out);
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
        if (s->op == PLAN_SAME && !s->moved_from)
            continue;
        const cJSON *e = s->new_entry ? s->new_entry : s->old_entry;
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "op", s->op == PLAN_SAME ? "move" : plan_op_name(s->op));
        if (s->moved_from)
            cJSON_AddStringToObject(o, "moved_from", s->moved_from);
        cJSON_AddStringToObject(o, "kind", kind_name(s->kind));
        cJSON_AddStringToObject(o, "key", s->key);
        cJSON_AddStringToObject(o, "name", state_str(e, "name") ? state_str(e, "name") : "");
        cJSON_AddItemToObject(o, "changed", cJSON_Duplicate(s->changed, 1));
        cJSON_AddBoolToObject(o, "phase2", s->is_phase2);
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
                print_diff(out, &s);
            }
        }
    }
    if (r->n_drifted == 0 && r->n_failed == 0)
        fputs("no drift: every resource matches the state\n", out);
}
