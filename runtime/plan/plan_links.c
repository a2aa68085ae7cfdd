/* Planner passes over the step list: forced updates of dependents, two-phase
 * service-binding cycles, dependency edges, --target, protect checks. */
#include "runtime/plan/plan_links.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/model/desired.h"
#include "runtime/model/kind.h"

static bool has_str(const cJSON *arr, const char *s)
{
    const cJSON *it;
    cJSON_ArrayForEach(it,
                       arr) if (cJSON_IsString(it) && strcmp(it->valuestring, s) == 0) return true;
    return false;
}

static void add_changed(struct plan_step *s, const char *attr)
{
    if (!has_str(s->changed, attr))
        cJSON_AddItemToArray(s->changed, cJSON_CreateString(attr));
}

static const cJSON *prov_attr_of(const cJSON *entry, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "attrs"), name);
}

/* uses: does entry bind to, or consume, the resource key? */
static bool uses(const cJSON *entry, const char *key)
{
    return has_str(cJSON_GetObjectItemCaseSensitive(entry, "deps"), key);
}

/* plan_entry_names: see plan_links.h. */
const char *plan_entry_names(const cJSON *entry, const char *key)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, prov_attr_of(entry, "bindings")) if (state_str(it, "target") &&
                                                                !strcmp(state_str(it, "target"),
                                                                        key)) return "bindings";
    cJSON_ArrayForEach(it, prov_attr_of(entry, "consumers"))
    {
        const char *q = state_str(it, "queue"), *dlq = state_str(it, "dead_letter");
        if ((q && !strcmp(q, key)) || (dlq && !strcmp(dlq, key)))
            return "consumers";
    }
    return uses(entry, key) ? "bindings" : NULL;
}

/* plan_force_dependents: see plan_links.h. */
void plan_force_dependents(struct plan *p, const struct state *st)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        bool renamed = p->steps[i].op == PLAN_UPDATE && has_str(p->steps[i].changed, "name");
        if (p->steps[i].op != PLAN_REPLACE && !renamed)
            continue;
        for (size_t j = 0; j < p->n_steps; j++) {
            struct plan_step *d = &p->steps[j];
            const char *why = d->kind == IR_WORKER && d->new_entry && j != i
                                  ? plan_entry_names(d->new_entry, p->steps[i].key)
                                  : NULL;
            if (!why || (d->op != PLAN_SAME && d->op != PLAN_UPDATE))
                continue;
            if (d->op == PLAN_SAME && !d->old_entry)
                d->old_entry = cJSON_Duplicate(state_get(st, d->key), 1);
            d->op = PLAN_UPDATE;
            add_changed(d, why);
        }
    }
}

static bool is_new(const struct plan *p, const char *key)
{
    long j = plan_find(p, key);
    return j >= 0 && (p->steps[j].op == PLAN_CREATE || p->steps[j].op == PLAN_REPLACE);
}

/* drop the bindings named in `names` from a worker entry's bindings. */
static void drop_bindings(cJSON *entry, const cJSON *names)
{
    cJSON *b = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(entry, "attrs"),
                                                "bindings");
    for (int k = cJSON_GetArraySize(b) - 1; k >= 0; k--) {
        const char *n = state_str(cJSON_GetArrayItem(b, k), "name");
        if (n && has_str(names, n))
            cJSON_DeleteItemFromArray(b, k);
    }
}

static void split_one(struct plan *p, const struct ir_program *prog, size_t i)
{
    assert(p->steps[i].res >= 0 && (size_t)p->steps[i].res < prog->n_resources);
    const struct ir_resource *res = &prog->resources[p->steps[i].res];
    cJSON *deferred = cJSON_CreateArray();
    char key[300];
    for (size_t k = 0; k < res->n_bindings; k++) {
        const struct ir_binding *b = &res->bindings[k];
        desired_key(prog, b->target, key, sizeof key);
        if (b->is_cyclic && b->type == IR_BIND_SERVICE && is_new(p, key))
            cJSON_AddItemToArray(deferred, cJSON_CreateString(b->name));
    }
    if (cJSON_GetArraySize(deferred) > 0) {
        cJSON *full = cJSON_Duplicate(p->steps[i].new_entry, 1);
        drop_bindings(p->steps[i].new_entry, deferred);
        cJSON *first = cJSON_Duplicate(p->steps[i].new_entry, 1);
        long res_i = p->steps[i].res;
        enum ir_kind kind = p->steps[i].kind;
        char *k2 = xstrdup(p->steps[i].key);
        p->steps = xreallocarray(p->steps, p->n_steps + 1, sizeof *p->steps);
        struct plan_step *s = &p->steps[p->n_steps++];
        memset(s, 0, sizeof *s);
        *s = (struct plan_step){.op = PLAN_UPDATE,
                                .kind = kind,
                                .key = k2,
                                .res = res_i,
                                .old_entry = first,
                                .new_entry = full,
                                .changed = cJSON_CreateArray(),
                                .is_phase2 = true};
        cJSON_AddItemToArray(s->changed, cJSON_CreateString("bindings"));
    }
    cJSON_Delete(deferred);
}

/* plan_split_cycles: see plan_links.h. */
void plan_split_cycles(struct plan *p, const struct ir_program *prog)
{
    size_t n = p->n_steps;
    for (size_t i = 0; i < n; i++) {
        struct plan_step *s = &p->steps[i];
        if (s->res < 0 || s->is_phase2 || s->kind != IR_WORKER || s->op == PLAN_SAME)
            continue;
        split_one(p, prog, i);
    }
}

/* plan_add_dep: see plan_links.h. */
void plan_add_dep(struct plan_step *s, size_t j)
{
    for (size_t k = 0; k < s->n_deps; k++)
        if (s->deps[k] == j)
            return;
    s->deps = xreallocarray(s->deps, s->n_deps + 1, sizeof *s->deps);
    s->deps[s->n_deps++] = j;
}

/* is_cyclic_target: is key only reached from res through cyclic bindings? */
static bool is_cyclic_target(const struct ir_program *prog, long res, const char *key)
{
    if (!prog || res < 0)
        return false;
    assert((size_t)res < prog->n_resources);
    const struct ir_resource *r = &prog->resources[res];
    char k[300];
    bool cyclic = false;
    for (size_t i = 0; i < r->n_bindings; i++) {
        if (r->bindings[i].type > IR_BIND_SERVICE)
            continue;
        desired_key(prog, r->bindings[i].target, k, sizeof k);
        if (strcmp(k, key) != 0)
            continue;
        if (!r->bindings[i].is_cyclic)
            return false;
        cyclic = true;
    }
    return cyclic;
}

static void link_forward(struct plan *p, const struct ir_program *prog, size_t i)
{
    struct plan_step *s = &p->steps[i];
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(s->new_entry, "deps"))
    {
        long j = plan_find(p, it->valuestring);
        if (j < 0 || (size_t)j == i || p->steps[j].op == PLAN_SAME || p->steps[j].op == PLAN_DELETE)
            continue;
        if (s->is_phase2 || !is_cyclic_target(prog, s->res, it->valuestring))
            plan_add_dep(s, (size_t)j);
    }
    if (!s->is_phase2)
        return;
    long first = plan_find(p, s->key); /* split_one only splits an existing step */
    assert(first >= 0 && (size_t)first != i);
    plan_add_dep(s, (size_t)first);
    cJSON_ArrayForEach(it, prov_attr_of(s->new_entry, "bindings"))
    {
        const char *t = state_str(it, "target");
        long j = t ? plan_find(p, t) : -1;
        if (j >= 0 && (size_t)j != i && p->steps[j].op != PLAN_SAME &&
            p->steps[j].op != PLAN_DELETE)
            plan_add_dep(s, (size_t)j);
    }
}

/* plan_reaches: see plan_links.h. */
bool plan_reaches(const struct plan *p, size_t from, size_t to, int depth)
{
    if (from == to)
        return true;
    if (depth > 64)
        return false;
    for (size_t k = 0; k < p->steps[from].n_deps; k++)
        if (plan_reaches(p, p->steps[from].deps[k], to, depth + 1))
            return true;
    return false;
}

/* a delete (or the delete half of a replace) waits for every step that used
 * the resource before: their updates and deletes release it. */
static void link_delete(struct plan *p, size_t i)
{
    for (size_t j = 0; j < p->n_steps; j++) {
        const struct plan_step *d = &p->steps[j];
        if (j == i || d->op == PLAN_SAME || d->op == PLAN_CREATE || !d->old_entry ||
            !uses(d->old_entry, p->steps[i].key))
            continue;
        /* deletes of a service-binding cycle: the first edge wins */
        if ((d->op == PLAN_DELETE || p->steps[i].op == PLAN_DELETE) && !plan_reaches(p, j, i, 0))
            plan_add_dep(&p->steps[i], j);
    }
}

/* plan_link: see plan_links.h. */
void plan_link(struct plan *p, const struct ir_program *prog)
{
    for (size_t i = 0; i < p->n_steps; i++) {
        if (p->steps[i].op == PLAN_SAME)
            continue;
        if (p->steps[i].new_entry)
            link_forward(p, prog, i);
        if (p->steps[i].op == PLAN_DELETE)
            link_delete(p, i);
    }
}

static void mark(struct plan *p, size_t i, char *keep)
{
    if (keep[i])
        return;
    keep[i] = 1;
    for (size_t k = 0; k < p->steps[i].n_deps; k++)
        mark(p, p->steps[i].deps[k], keep);
}

/* plan_select_targets: see plan_links.h. */
int plan_select_targets(struct plan *p, const struct plan_options *opt, char *err, size_t err_len)
{
    char *keep = xcalloc(p->n_steps + 1, 1);
    for (size_t t = 0; t < opt->n_targets; t++) {
        long j = plan_find(p, opt->targets[t]);
        if (j < 0) {
            const char *near = NULL; /* a bare label: jobs for queue.jobs */
            for (size_t i = 0; !near && !strchr(opt->targets[t], '.') && i < p->n_steps; i++) {
                const char *dot = strchr(p->steps[i].key, '.');
                if (dot && strcmp(dot + 1, opt->targets[t]) == 0)
                    near = p->steps[i].key;
            }
            if (near)
                snprintf(err, err_len,
                         "--target '%s' is not a resource of this stack; did you mean '%s'?",
                         opt->targets[t], near);
            else
                snprintf(err, err_len,
                         "--target '%s' is not a resource of this stack (use kind.label, "
                         "e.g. database.meta)",
                         opt->targets[t]);
            free(keep);
            return -1;
        }
        for (size_t i = 0; i < p->n_steps; i++)
            if (strcmp(p->steps[i].key, opt->targets[t]) == 0)
                mark(p, i, keep);
    }
    for (size_t i = 0; i < p->n_steps; i++)
        if (!keep[i]) {
            p->steps[i].is_untargeted = p->steps[i].op != PLAN_SAME;
            p->steps[i].op = PLAN_SAME;
            p->steps[i].n_deps = 0;
        }
    free(keep);
    return 0;
}

static bool is_protected(const struct plan_step *s)
{
    return s->is_protected ||
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s->old_entry, "protect")) ||
           cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(s->new_entry, "protect"));
}

/* plan_check_protect: see plan_links.h. */
int plan_check_protect(const struct plan *p, char *err, size_t err_len)
{
    size_t used = 0;
    err[0] = '\0';
    for (size_t i = 0; i < p->n_steps; i++) {
        const struct plan_step *s = &p->steps[i];
        if ((s->op != PLAN_DELETE && s->op != PLAN_REPLACE) || !is_protected(s))
            continue;
        used += (size_t)snprintf(err + used, used < err_len ? err_len - used : 0,
                                 "%s%s '%s' is protected and would be %s", used ? "\n" : "",
                                 kind_name(s->kind), s->key,
                                 s->op == PLAN_DELETE ? "deleted" : "replaced");
        if (used >= err_len)
            break;
    }
    if (used == 0)
        return 0;
    size_t n = strlen(err);
    snprintf(err + n, err_len - n,
             "\n  help: remove `protect = true` from the resource first if this is intended");
    return -1;
}

/* created_name / deleted_name: the physical name a step brings into use, or
 * frees (a replace that is not create-first frees its old name first, within
 * the same step). NULL when it does neither. */
static const char *created_name(const struct plan_step *s)
{
    bool creates = s->op == PLAN_CREATE || (s->op == PLAN_REPLACE && !s->is_phase2);
    return creates ? state_str(s->new_entry, "name") : NULL;
}

static const char *deleted_name(const struct plan_step *s)
{
    bool frees = s->op == PLAN_DELETE || (s->op == PLAN_REPLACE && !s->is_create_first);
    return frees ? state_str(s->old_entry, "name") : NULL;
}

/* plan_order_names: see plan_links.h. */
int plan_order_names(struct plan *p, char *err, size_t err_len)
{
    size_t *frees = xcalloc(p->n_steps + 1, sizeof *frees), n_frees = 0;
    int rc = 0;
    for (size_t j = 0; j < p->n_steps; j++) /* few steps free a name: list them once */
        if (deleted_name(&p->steps[j]))
            frees[n_frees++] = j;
    for (size_t i = 0; rc == 0 && n_frees > 0 && i < p->n_steps; i++) {
        const char *n = created_name(&p->steps[i]);
        for (size_t k = 0; n && rc == 0 && k < n_frees; k++) {
            size_t j = frees[k];
            if (j == i || p->steps[i].kind != p->steps[j].kind ||
                strcmp(n, deleted_name(&p->steps[j])) != 0)
                continue;
            if (plan_reaches(p, j, i, 0)) {
                snprintf(err, err_len,
                         "%s and %s trade the physical name '%s': one would be created while "
                         "the other is deleted\n  help: give one a temporary name first, apply, "
                         "then finish the rename",
                         p->steps[i].key, p->steps[j].key, n);
                rc = -1;
            } else {
                plan_add_dep(&p->steps[i], j);
            }
        }
    }
    free(frees);
    return rc;
}
