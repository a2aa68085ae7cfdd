/* The plan: desired entries (from the IR) diffed against state, as a DAG of
 * steps. A plan owns its steps and their JSON; it borrows the IR.
 *
 * Invariants: a step's deps[] name steps that must finish first; creates
 * follow their dependencies, deletes run after everything that used the
 * deleted resource; a service-binding cycle is a create without the cyclic
 * bindings plus a phase-2 update adding them. */
#ifndef DOME_PLAN_H
#define DOME_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"
#include "runtime/store/keymap.h"
#include "runtime/store/state.h"

struct secret_key;

enum plan_op { PLAN_SAME, PLAN_CREATE, PLAN_UPDATE, PLAN_REPLACE, PLAN_DELETE };

struct plan_step {
    enum plan_op op;
    enum ir_kind kind;
    char *key;          /* "kind.label" */
    long res;           /* index into the IR's resources, -1 for deletes */
    cJSON *old_entry;   /* state entry (copy), NULL for creates */
    cJSON *new_entry;   /* desired entry, NULL for deletes */
    cJSON *changed;     /* array of changed attribute names ("name" included) */
    bool is_phase2;     /* the update that adds cyclic service bindings */
    bool is_adopt;      /* a create left pending by a killed run: look it up first */
    size_t *deps;       /* indices of steps that must finish first */
    size_t n_deps;
};

struct plan {
    struct plan_step *steps;
    size_t n_steps;
    long serial;        /* state serial the plan was made against */
    int counts[5];      /* steps per plan_op */
    struct keymap index; /* key -> 1 + index of the key's main (non phase-2) step */
};

struct plan_options {
    const char *const *targets; /* --target keys; NULL = everything */
    size_t n_targets;
    bool is_destroy;            /* plan to delete everything in state */
};

/* plan_build diffs prog (NULL for destroy) against st. key opens secrets to
 * hash them. Returns 0; -1 with err filled when a desired entry cannot be
 * built, a state entry has an unknown kind, or a protected resource would
 * be deleted or replaced (every such resource is named). Free with plan_free. */
int plan_build(struct plan *p, const struct ir_program *prog, const struct state *st,
               const struct plan_options *opt, const struct secret_key *key, char *err,
               size_t err_len) WARN_UNUSED;

/* plan_sync_meta copies what the API never sees (protect, deps, label) from
 * the desired entries of unchanged resources into st. Returns true when
 * st changed. */
bool plan_sync_meta(const struct plan *p, struct state *st);

/* plan_free frees the steps of p. */
void plan_free(struct plan *p);

/* plan_has_changes is true when any step is not PLAN_SAME. */
bool plan_has_changes(const struct plan *p);

/* plan_op_name returns "create", "update", "replace", "delete" or "same". */
const char *plan_op_name(enum plan_op op);

/* plan_find returns the index of the (non phase-2) step for key, or -1. */
long plan_find(const struct plan *p, const char *key) WARN_UNUSED;

#endif
