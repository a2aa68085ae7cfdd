/* A worker's new name goes live before its old name goes away: the renamed
 * worker is created first (without queue consumers, which a queue allows
 * only one of), the workers that bind it are updated, then the old script
 * is deleted as a step of its own, and last the new script takes over the
 * consumers. No moment leaves a service binding pointing at nothing. */
#include "runtime/plan/plan_links.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"

/* plan_leftover_key: see plan.h. */
void plan_leftover_key(const char *key, char *buf, size_t len)
{
    snprintf(buf, len, "%s~old", key);
}

static struct plan_step *append(struct plan *p)
{
    p->steps = xrealloc(p->steps, (p->n_steps + 1) * sizeof *p->steps);
    struct plan_step *s = &p->steps[p->n_steps++];
    memset(s, 0, sizeof *s);
    s->res = -1;
    s->changed = cJSON_CreateArray();
    return s;
}

/* leftover: the delete of the old script, after the new one and every
 * update of a worker that binds it. */
static size_t leftover(struct plan *p, size_t a)
{
    char key[320];
    plan_leftover_key(p->steps[a].key, key, sizeof key);
    struct plan_step *b = append(p);
    size_t bi = p->n_steps - 1;
    const struct plan_step *s = &p->steps[a];
    b->op = PLAN_DELETE;
    b->kind = s->kind;
    b->key = xstrdup(key);
    b->old_entry = cJSON_Duplicate(s->old_entry, 1);
    b->is_leftover = true;
    keymap_set(&p->index, key, (void *)(uintptr_t)(bi + 1));
    plan_add_dep(b, a);
    for (size_t j = 0; j < bi; j++)
        if (j != a && p->steps[j].op != PLAN_SAME && p->steps[j].op != PLAN_DELETE &&
            plan_entry_names(p->steps[j].new_entry, p->steps[a].key))
            plan_add_dep(b, j);
    return bi;
}

/* consumers_later: the renamed worker is created without its consumers;
 * a phase-2 update adds them once the old script (and its consumers) is
 * gone. */
static void consumers_later(struct plan *p, size_t a, size_t b)
{
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(p->steps[a].new_entry, "attrs");
    cJSON *cons = cJSON_GetObjectItemCaseSensitive(attrs, "consumers");
    if (cJSON_GetArraySize(cons) == 0)
        return;
    cJSON *full = cJSON_Duplicate(p->steps[a].new_entry, 1);
    cJSON_ReplaceItemInObjectCaseSensitive(attrs, "consumers", cJSON_CreateArray());
    cJSON *first = cJSON_Duplicate(p->steps[a].new_entry, 1);
    struct plan_step *c = append(p);
    c->op = PLAN_UPDATE;
    c->kind = p->steps[a].kind;
    c->key = xstrdup(p->steps[a].key);
    c->res = p->steps[a].res;
    c->old_entry = first;
    c->new_entry = full;
    c->is_phase2 = true;
    c->is_create_first_tail = true;
    cJSON_AddItemToArray(c->changed, cJSON_CreateString("consumers"));
    plan_add_dep(c, a);
    plan_add_dep(c, b);
}

/* plan_create_first: see plan_links.h. */
void plan_create_first(struct plan *p)
{
    size_t n = p->n_steps;
    for (size_t a = 0; a < n; a++) {
        struct plan_step *s = &p->steps[a];
        const cJSON *it;
        bool renamed = false;
        cJSON_ArrayForEach(it, s->changed) renamed = renamed || !strcmp(it->valuestring, "name");
        if (s->kind != IR_WORKER || s->op != PLAN_REPLACE || s->is_phase2 || !renamed)
            continue;
        s->is_create_first = true;
        size_t b = leftover(p, a);
        consumers_later(p, a, b);
    }
}
