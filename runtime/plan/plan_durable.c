/* Durable Objects hold data that exists nowhere else: a plan never deletes
 * or replaces one unless the program says so. A class rename written as
 * `renamed_from` and a move to another host worker are updates (the new
 * host's upload renames or transfers the class with its objects); a removed
 * block is refused unless it stays with `delete = true`; a storage change
 * is refused. Used only by plan.c. */
#include "runtime/plan/plan_links.h"

#include <stdio.h>
#include <string.h>

#include "runtime/model/desired.h"

static const char *old_attr(const struct plan_step *s, const char *name)
{
    return state_str(cJSON_GetObjectItemCaseSensitive(s->old_entry, "attrs"), name);
}

static bool has_changed(const struct plan_step *s, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, s->changed)
    {
        if (!strcmp(it->valuestring, name))
            return true;
    }
    return false;
}

/* keeps_objects: a replace whose only reasons are a class renamed from the
 * old one (`renamed_from`) and a new host worker: the host's upload renames
 * or transfers the class with its objects. A storage change never is. */
static bool keeps_objects(const struct plan_step *s)
{
    const char *from =
        state_str(cJSON_GetObjectItemCaseSensitive(s->new_entry, "attrs"), "renamed_from");
    const char *old = old_attr(s, "class");
    if (has_changed(s, "class") && (!from || !old || strcmp(from, old) != 0))
        return false;
    const cJSON *it;
    cJSON_ArrayForEach(it, s->changed)
    {
        const char *a = it->valuestring; /* the name is HOST_CLASS: it follows both */
        if (strcmp(a, "class") != 0 && strcmp(a, "renamed_from") != 0 && strcmp(a, "name") != 0 &&
            strcmp(a, "worker") != 0)
            return false;
    }
    return true;
}

/* plan_durable_moves: see plan_links.h. */
void plan_durable_moves(struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        struct plan_step *s = &p->steps[i];
        if (s->kind == IR_DURABLE_OBJECT && s->op == PLAN_REPLACE && keeps_objects(s))
            s->op = PLAN_UPDATE;
    }
}

/* host_step: the step of the host worker s's old entry names, when it
 * runs an upload (an update), or -1 */
static long host_step(const struct plan *p, size_t i)
{
    const char *host = old_attr(&p->steps[i], "worker");
    long j = host ? plan_find(p, host) : -1;
    return j >= 0 && (size_t)j != i && p->steps[j].op == PLAN_UPDATE ? j : -1;
}

/* plan_durable_order: see plan_links.h. An edge that would close a cycle
 * is left out: the old host's upload never deletes a class it is not told
 * to (worker_migrations.c), so a transfer is safe in either order. */
void plan_durable_order(struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        struct plan_step *s = &p->steps[i];
        long h = s->kind == IR_DURABLE_OBJECT ? host_step(p, i) : -1;
        if (h < 0)
            continue;
        if (s->op == PLAN_UPDATE && has_changed(s, "worker") && !plan_reaches(p, i, (size_t)h, 0))
            plan_add_dep(&p->steps[h], i);
        for (size_t k = 0; s->op == PLAN_DELETE && k < s->n_deps; k++) {
            size_t user = s->deps[k]; /* a worker that stops binding the class */
            if (user != (size_t)h && !plan_reaches(p, user, (size_t)h, 0))
                plan_add_dep(&p->steps[h], user);
        }
    }
}

/* marked_deleted: does prog keep key's block with `delete = true`? */
static bool marked_deleted(const struct ir_program *prog, const char *key)
{
    char k[300];
    for (size_t i = 0; prog && i < prog->n_resources; i++) {
        if (!prog->resources[i].is_deleted)
            continue;
        desired_key(prog, i, k, sizeof k);
        if (!strcmp(k, key))
            return true;
    }
    return false;
}

/* plan_check_durable: see plan_links.h. */
int plan_check_durable(struct plan *p, const struct ir_program *prog, bool destroy, char *err,
                       size_t err_len)
{
    size_t used = 0;
    for (size_t i = 0; i < p->n_steps; i++) {
        struct plan_step *s = &p->steps[i];
        if (s->kind != IR_DURABLE_OBJECT || (s->op != PLAN_DELETE && s->op != PLAN_REPLACE))
            continue;
        if (destroy || (s->op == PLAN_DELETE && marked_deleted(prog, s->key)))
            continue;
        const char *cls =
            state_str(cJSON_GetObjectItemCaseSensitive(s->old_entry, "attrs"), "class");
        if (s->op == PLAN_DELETE)
            used += (size_t)snprintf(
                err + used, used < err_len ? err_len - used : 0,
                "%s%s would be deleted, and with it class %s and every object's data\n"
                "  help: keep the block and add `delete = true` to delete it on purpose",
                used ? "\n" : "", s->key, cls ? cls : "?");
        else
            used += (size_t)snprintf(
                err + used, used < err_len ? err_len - used : 0,
                "%s%s would be replaced [class or storage changed], deleting class %s "
                "and every object's data\n  help: a new class name is a rename: add "
                "`renamed_from = \"%s\"`; storage cannot change",
                used ? "\n" : "", s->key, cls ? cls : "?", cls ? cls : "?");
        if (used >= err_len)
            break;
    }
    return used == 0 ? 0 : -1;
}
