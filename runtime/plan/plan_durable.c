/* Durable Objects hold data that exists nowhere else: a plan never deletes
 * or replaces one unless the program says so. A class rename written as
 * `renamed_from` is an update (the host's upload renames it); a removed
 * block is refused unless it stays with `delete = true`; a storage or host
 * change is refused. Used only by plan.c. */
#include "runtime/plan/plan_links.h"

#include <stdio.h>
#include <string.h>

#include "runtime/model/desired.h"

/* is_rename: a replace whose only reason is class, renamed from the old one */
static bool is_rename(const struct plan_step *s)
{
    const char *from =
        state_str(cJSON_GetObjectItemCaseSensitive(s->new_entry, "attrs"), "renamed_from");
    const char *old = state_str(cJSON_GetObjectItemCaseSensitive(s->old_entry, "attrs"), "class");
    const cJSON *it;
    if (!from || !old || strcmp(from, old) != 0)
        return false;
    cJSON_ArrayForEach(it, s->changed)
    {
        const char *a = it->valuestring; /* the name is HOST_CLASS: it follows the class */
        if (strcmp(a, "class") != 0 && strcmp(a, "renamed_from") != 0 && strcmp(a, "name") != 0)
            return false;
    }
    return true;
}

/* plan_durable_renames: see plan_links.h. */
void plan_durable_renames(struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        struct plan_step *s = &p->steps[i];
        if (s->kind == IR_DURABLE_OBJECT && s->op == PLAN_REPLACE && is_rename(s))
            s->op = PLAN_UPDATE;
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
                "%s%s would be replaced [class, storage or worker changed], deleting class %s "
                "and every object's data\n  help: a new class name is a rename: add "
                "`renamed_from = \"%s\"`; storage and the host cannot change",
                used ? "\n" : "", s->key, cls ? cls : "?", cls ? cls : "?");
        if (used >= err_len)
            break;
    }
    return used == 0 ? 0 : -1;
}
