/* Moves before planning: explicit moved/removed blocks first, then moves
 * inferred from physical names. See moves.h. */
#include "runtime/plan/moves.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/model/desired.h"
#include "runtime/model/kind.h"

static void record(struct plan_moves *m, const char *from, const char *to, bool inferred)
{
    m->items = xrealloc(m->items, (m->n + 1) * sizeof *m->items);
    m->items[m->n++] = (struct plan_move){xstrdup(from), to ? xstrdup(to) : NULL, inferred};
}

/* explicit: moved blocks whose old address is still in the state, in source
 * order (so a chain a -> b, b -> c lands on c); removed blocks with
 * destroy = false. */
static int explicit(struct state *st, const struct ir_program *prog, struct plan_moves *out,
                    char *err, size_t err_len)
{
    for (size_t i = 0; i < prog->n_moves; i++) {
        const struct ir_move *mv = &prog->moves[i];
        if (!state_get(st, mv->from))
            continue;
        if (!mv->to) {
            if (!mv->destroy) {
                state_remove(st, mv->from);
                record(out, mv->from, NULL, false);
            }
            continue;
        }
        if (state_get(st, mv->to)) {
            snprintf(err, err_len,
                     "moved { from = %s  to = %s }: both are in the state\n  help: keep one "
                     "with `domec state rm` first, then apply again",
                     mv->from, mv->to);
            return -1;
        }
        if (state_move(st, mv->from, mv->to) == 0)
            record(out, mv->from, mv->to, false);
    }
    return 0;
}

static bool is_declared(const struct ir_program *prog, const char *key)
{
    char k[300];
    for (size_t i = 0; i < prog->n_resources; i++) {
        desired_key(prog, i, k, sizeof k);
        if (!strcmp(k, key))
            return true;
    }
    return false;
}

/* inferred: a declared resource without a state entry takes over the
 * undeclared entry of its kind whose physical name is its name. */
static void inferred(struct state *st, const struct ir_program *prog, struct plan_moves *out)
{
    char key[300];
    for (size_t i = 0; i < prog->n_resources; i++) {
        const struct ir_resource *r = &prog->resources[i];
        desired_key(prog, i, key, sizeof key);
        if (state_get(st, key))
            continue;
        cJSON *old = state_find(st, kind_name(r->kind), "name", r->name);
        if (!old || cJSON_GetObjectItemCaseSensitive(old, "pending") ||
            is_declared(prog, old->string))
            continue;
        char *from = xstrdup(old->string);
        if (state_move(st, from, key) == 0)
            record(out, from, key, true);
        free(from);
    }
}

/* plan_moves_apply: see moves.h. */
int plan_moves_apply(struct state *st, const struct ir_program *prog, struct plan_moves *out,
                     char *err, size_t err_len)
{
    memset(out, 0, sizeof *out);
    if (!prog)
        return 0;
    if (explicit(st, prog, out, err, err_len) != 0)
        return -1;
    inferred(st, prog, out);
    return 0;
}

/* plan_moves_free: see moves.h. */
void plan_moves_free(struct plan_moves *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i].from);
        free(m->items[i].to);
    }
    free(m->items);
    memset(m, 0, sizeof *m);
}
