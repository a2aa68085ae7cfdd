/* The planner: diffs desired entries against state attribute by attribute,
 * classifies each resource (same/create/update/replace/delete), and links the
 * steps into a DAG. Pure: no network, no files. */
#include "runtime/plan/plan.h"

#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/model/desired.h"
#include "runtime/model/kind.h"
#include "runtime/plan/moves.h"
#include "runtime/plan/plan_links.h"

/* plan_op_name: see plan.h. */
const char *plan_op_name(enum plan_op op)
{
    static const char *const names[] = {"same", "create", "update", "replace", "delete"};
    return names[op];
}

static struct plan_step *add_step(struct plan *p, enum plan_op op, const char *key, long res)
{
    assert(plan_find(p, key) < 0); /* one main step per key */
    p->steps = xreallocarray(p->steps, p->n_steps + 1, sizeof *p->steps);
    struct plan_step *s = &p->steps[p->n_steps++];
    memset(s, 0, sizeof *s);
    keymap_set(&p->index, key, (void *)(intptr_t)p->n_steps);
    s->op = op;
    s->key = xstrdup(key);
    s->res = res;
    s->changed = cJSON_CreateArray();
    return s;
}

/* plan_find: see plan.h. */
long plan_find(const struct plan *p, const char *key)
{
    return (long)(intptr_t)keymap_get(&p->index, key) - 1;
}

static bool in_list(const cJSON *arr, const char *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it,
                       arr) if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0) return true;
    return false;
}

/* An attribute the API cannot report (listed in the state entry's
 * "unknown", written by import) is adopted from the program, never a
 * change; one the program derives from another (the new entry's "derived",
 * e.g. an index's dimensions from its preset) is no change where the state
 * never recorded it. */
static bool is_listed(const cJSON *entry, const char *list, const char *attr)
{
    return in_list(cJSON_GetObjectItemCaseSensitive(entry, list), attr);
}

static void diff_attrs(const cJSON *old, const cJSON *new, cJSON *changed)
{
    const cJSON *oa = cJSON_GetObjectItemCaseSensitive(old, "attrs");
    const cJSON *na = cJSON_GetObjectItemCaseSensitive(new, "attrs");
    const char *on = state_str(old, "name"), *nn = state_str(new, "name");
    if (!on || !nn || strcmp(on, nn) != 0)
        cJSON_AddItemToArray(changed, cJSON_CreateString("name"));
    const cJSON *it;
    cJSON_ArrayForEach(it, na)
    {
        const cJSON *o = cJSON_GetObjectItemCaseSensitive(oa, it->string);
        if (is_listed(old, "unknown", it->string) || (!o && is_listed(new, "derived", it->string)))
            continue;
        if (!o || !state_same(o, it))
            cJSON_AddItemToArray(changed, cJSON_CreateString(it->string));
    }
    /* an attribute only creation can set, removed from the program, keeps
     * its live value: no replace (and no data loss) for dropping a hint */
    cJSON_ArrayForEach(it, oa)
    {
        if (!cJSON_GetObjectItemCaseSensitive(na, it->string) &&
            !is_listed(old, "unknown", it->string) && !is_listed(new, "create_only", it->string))
            cJSON_AddItemToArray(changed, cJSON_CreateString(it->string));
    }
}

static enum plan_op classify(enum ir_kind kind, const cJSON *new, const cJSON *changed)
{
    const cJSON *repl = cJSON_GetObjectItemCaseSensitive(new, "replace_attrs");
    const cJSON *it;
    if (cJSON_GetArraySize(changed) == 0)
        return PLAN_SAME;
    cJSON_ArrayForEach(it, changed)
    {
        if (strcmp(it->valuestring, "name") == 0 && kind != IR_QUEUE && kind != IR_KV &&
            kind != IR_DURABLE_OBJECT)
            return PLAN_REPLACE;
        if (in_list(repl, it->valuestring))
            return PLAN_REPLACE;
    }
    return PLAN_UPDATE;
}

static void step_for_resource(struct plan *p, const struct state *st, const char *key, long res,
                              enum ir_kind kind, cJSON *desired)
{
    const cJSON *old = state_get(st, key);
    struct plan_step *s;
    if (!old || cJSON_GetObjectItemCaseSensitive(old, "pending")) {
        s = add_step(p, PLAN_CREATE, key, res);
        s->is_adopt = old != NULL;
    } else {
        cJSON *changed = cJSON_CreateArray();
        diff_attrs(old, desired, changed);
        s = add_step(p, classify(kind, desired, changed), key, res);
        cJSON_Delete(s->changed);
        s->changed = changed;
        /* unchanged resources need no copy; force_dependents copies on demand */
        s->old_entry = s->op == PLAN_SAME ? NULL : cJSON_Duplicate(old, 1);
    }
    s->kind = kind;
    s->new_entry = desired;
}

/* changed_migration: a migration file whose contents differ from what the
 * state recorded when it was applied; applied migrations never run again,
 * so an edit would silently never reach the database. */
static int changed_migration(const struct state *st, const char *key, const cJSON *desired,
                             char *err, size_t err_len)
{
    const cJSON *was = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(state_get(st, key), "attrs"), "migrations");
    const cJSON *now = cJSON_GetObjectItemCaseSensitive(
                    cJSON_GetObjectItemCaseSensitive(desired, "attrs"), "migrations"),
                *it;
    cJSON_ArrayForEach(it, now)
    {
        const char *h = state_str(was, it->string);
        if (h && cJSON_IsString(it) && strcmp(h, it->valuestring) != 0) {
            snprintf(err, err_len,
                     "%s: migration '%s' changed after it was applied; applied migrations never "
                     "run again: restore the file and put the change in a new migration file",
                     key, it->string);
            return -1;
        }
    }
    return 0;
}

/* reference_step: a resource the program refers to with `existing` is
 * only read: a PLAN_SAME step whose entry is what the lookup recorded in
 * state (runtime/exec/references.c). -1 when it was not looked up. */
static int reference_step(struct plan *p, const struct state *st, const char *key, long res,
                          enum ir_kind kind, char *err, size_t err_len)
{
    const cJSON *e = state_get(st, key);
    if (!e || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "existing"))) {
        snprintf(err, err_len, "%s refers to an existing resource that was not looked up", key);
        return -1;
    }
    struct plan_step *s = add_step(p, PLAN_SAME, key, res);
    s->kind = kind;
    s->is_reference = true;
    s->new_entry = cJSON_Duplicate(e, 1);
    return 0;
}

static int desired_steps(struct plan *p, const struct ir_program *prog, const struct state *st,
                         const struct secret_key *key, char *err, size_t err_len)
{
    char k[300];
    for (size_t i = 0; i < prog->n_resources; i++) {
        if (prog->resources[i].is_deleted)
            continue; /* its state entry is deleted (plan_durable.c) */
        if (prog->resources[i].existing) {
            desired_key(prog, i, k, sizeof k);
            if (reference_step(p, st, k, (long)i, prog->resources[i].kind, err, err_len) != 0)
                return -1;
            continue;
        }
        cJSON *d = desired_entry(prog, i, key, err, err_len);
        if (!d)
            return -1;
        desired_key(prog, i, k, sizeof k);
        if (changed_migration(st, k, d, err, err_len) != 0) {
            cJSON_Delete(d);
            return -1;
        }
        step_for_resource(p, st, k, (long)i, prog->resources[i].kind, d);
    }
    return 0;
}

/* declared_protect: does the program declare key with `protect = true`? */
static bool declared_protect(const struct ir_program *prog, const char *key)
{
    char k[300];
    for (size_t i = 0; prog && i < prog->n_resources; i++) {
        if (!prog->resources[i].protect)
            continue;
        desired_key(prog, i, k, sizeof k);
        if (!strcmp(k, key))
            return true;
    }
    return false;
}

/* removed_block: does prog say `removed { from = key }` (to delete it)? */
static bool removed_block(const struct ir_program *prog, const char *key)
{
    for (size_t i = 0; prog && i < prog->n_moves; i++)
        if (!prog->moves[i].to && prog->moves[i].destroy && !strcmp(prog->moves[i].from, key))
            return true;
    return false;
}

/* kept: an imported resource the program does not declare yet is never
 * deleted by a plan, only by destroy, a removed block or `state rm`. */
static bool kept(struct plan *p, const cJSON *e, const struct ir_program *prog, bool destroy)
{
    if (destroy || !cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(e, "imported")) ||
        removed_block(prog, e->string))
        return false;
    p->kept = xrealloc(p->kept, (p->n_kept + 1) * sizeof *p->kept);
    p->kept[p->n_kept++] = xstrdup(e->string);
    return true;
}

/* delete_steps adds a delete for every state entry the program no longer
 * has (an imported one the program never declared is kept); -1 with err
 * when an entry's kind is unknown (deleting it as some other kind would
 * send the wrong requests). */
static int delete_steps(struct plan *p, const struct state *st, const struct ir_program *prog,
                        bool destroy, char *err, size_t err_len)
{
    const cJSON *res = state_resources(st);
    size_t n = (size_t)cJSON_GetArraySize(res), k = 0;
    const cJSON **items = xmalloc((n + 1) * sizeof *items);
    const cJSON *it;
    int rc = 0;
    cJSON_ArrayForEach(it, res) items[k++] = it;
    while (k-- > 0) { /* reverse state order */
        const cJSON *e = items[k];
        enum ir_kind kind;
        if (plan_find(p, e->string) >= 0 || kept(p, e, prog, destroy))
            continue;
        if (cJSON_IsString(cJSON_GetObjectItemCaseSensitive(e, "existing")))
            continue; /* a reference: the resource is someone else's, never deleted */
        if (kind_parse(state_str(e, "kind"), &kind) != 0) {
            snprintf(err, err_len,
                     "state entry '%s' has an unknown kind '%s'; it cannot be "
                     "deleted (was the state written by a newer domec?)",
                     e->string, state_str(e, "kind") ? state_str(e, "kind") : "");
            rc = -1;
            break;
        }
        struct plan_step *s = add_step(p, PLAN_DELETE, e->string, -1);
        s->kind = kind;
        s->old_entry = cJSON_Duplicate(e, 1);
        s->is_protected = declared_protect(prog, e->string);
    }
    free(items);
    return rc;
}

/* check_links asserts the invariants of plan.h: one main step per key,
 * found by plan_find; every dependency names another step, a changed one
 * when the step itself changes (exec waits for each). */
static void check_links(const struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct plan_step *s = &p->steps[i];
        assert(s->key && (unsigned)s->op <= PLAN_DELETE);
        assert(s->is_phase2 || plan_find(p, s->key) == (long)i);
        assert(s->op == PLAN_SAME || (s->op == PLAN_DELETE) == (s->new_entry == NULL));
        assert(s->op == PLAN_SAME || (s->op == PLAN_CREATE) == (s->old_entry == NULL));
        for (size_t k = 0; k < s->n_deps; k++) {
            assert(s->deps[k] < p->n_steps && s->deps[k] != i);
            assert(s->op == PLAN_SAME || p->steps[s->deps[k]].op != PLAN_SAME);
        }
    }
}

/* mark_moves points each moved entry's step at its old address. */
static void mark_moves(struct plan *p)
{
    for (size_t k = 0; p->moves && k < p->moves->n; k++) {
        const struct plan_move *m = &p->moves->items[k];
        long i = m->to ? plan_find(p, m->to) : -1;
        if (i >= 0)
            p->steps[i].moved_from = m->from;
    }
}

/* plan_build: see plan.h. */
int plan_build(struct plan *p, const struct ir_program *prog, const struct state *st,
               const struct plan_options *opt, const struct secret_key *key, char *err,
               size_t err_len)
{
    memset(p, 0, sizeof *p);
    p->serial = state_serial(st);
    p->moves = opt->moves;
    if (prog && !opt->is_destroy && desired_steps(p, prog, st, key, err, err_len) != 0)
        return -1;
    if (delete_steps(p, st, prog, opt->is_destroy, err, err_len) != 0)
        return -1;
    plan_durable_moves(p);
    if (prog && !opt->is_destroy) {
        plan_force_dependents(p, st);
        plan_split_cycles(p, prog);
    }
    plan_link(p, prog);
    plan_durable_order(p);
    if (prog && !opt->is_destroy)
        plan_create_first(p);
    if (plan_order_names(p, err, err_len) != 0)
        return -1;
    if (opt->n_targets > 0 && plan_select_targets(p, opt, err, err_len) != 0)
        return -1;
    check_links(p);
    for (size_t i = 0; i < p->n_steps; i++)
        if (p->steps[i].is_untargeted)
            p->n_untargeted++;
        else
            p->counts[p->steps[i].op]++;
    mark_moves(p);
    if (plan_check_durable(p, prog, opt->is_destroy, err, err_len) != 0)
        return -1;
    return plan_check_protect(p, err, err_len);
}

/* plan_free: see plan.h. */
void plan_free(struct plan *p)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        struct plan_step *s = &p->steps[i];
        free(s->key);
        cJSON_Delete(s->old_entry);
        cJSON_Delete(s->new_entry);
        cJSON_Delete(s->changed);
        free(s->deps);
    }
    free(p->steps);
    for (size_t i = 0; i < p->n_kept; i++)
        free(p->kept[i]);
    free(p->kept);
    keymap_free(&p->index);
    memset(p, 0, sizeof *p);
}

/* plan_has_changes: see plan.h. */
bool plan_has_changes(const struct plan *p)
{
    if (p->moves && p->moves->n > 0)
        return true;
    for (size_t i = 0; i < p->n_steps; i++)
        if (p->steps[i].op != PLAN_SAME)
            return true;
    return false;
}

/* adopt_unknown takes the program's values of the attributes the state
 * recorded as unknown; returns true when e changed. */
static bool adopt_unknown(cJSON *e, const cJSON *desired)
{
    cJSON *unknown = cJSON_GetObjectItemCaseSensitive(e, "unknown");
    if (!unknown)
        return false;
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(e, "attrs");
    const cJSON *want = cJSON_GetObjectItemCaseSensitive(desired, "attrs"), *it;
    cJSON_ArrayForEach(it, unknown)
    {
        const cJSON *v =
            cJSON_IsString(it) ? cJSON_GetObjectItemCaseSensitive(want, it->valuestring) : NULL;
        cJSON_DeleteItemFromObjectCaseSensitive(attrs, it->valuestring);
        if (v && attrs)
            cJSON_AddItemToObject(attrs, it->valuestring, cJSON_Duplicate(v, 1));
    }
    cJSON_DeleteItemFromObjectCaseSensitive(e, "unknown");
    return true;
}

/* plan_sync_meta: see plan.h. */
bool plan_sync_meta(const struct plan *p, struct state *st)
{
    static const char *const members[] = {"protect", "deps", "label"};
    bool changed = false;
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct plan_step *s = &p->steps[i];
        cJSON *e = state_get(st, s->key);
        if (s->op != PLAN_SAME || !s->new_entry || !e)
            continue;
        changed = adopt_unknown(e, s->new_entry) || changed;
        if (cJSON_GetObjectItemCaseSensitive(e, "imported")) { /* now the program's */
            cJSON_DeleteItemFromObjectCaseSensitive(e, "imported");
            changed = true;
        }
        for (size_t k = 0; k < 3; k++) {
            const cJSON *want = cJSON_GetObjectItemCaseSensitive(s->new_entry, members[k]);
            const cJSON *have = cJSON_GetObjectItemCaseSensitive(e, members[k]);
            if (!want || (have && cJSON_Compare(want, have, 1)))
                continue;
            cJSON_DeleteItemFromObjectCaseSensitive(e, members[k]);
            cJSON_AddItemToObject(e, members[k], cJSON_Duplicate(want, 1));
            changed = true;
        }
    }
    return changed;
}
