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
struct plan_moves;

enum plan_op { PLAN_SAME, PLAN_CREATE, PLAN_UPDATE, PLAN_REPLACE, PLAN_DELETE };

struct plan_step {
    enum plan_op op;
    enum ir_kind kind;
    char *key;                 /* "kind.label" */
    long res;                  /* index into the IR's resources, -1 for deletes */
    cJSON *old_entry;          /* state entry (copy), NULL for creates */
    cJSON *new_entry;          /* desired entry, NULL for deletes */
    cJSON *changed;            /* array of changed attribute names ("name" included) */
    bool is_phase2;            /* the update that adds cyclic service bindings */
    bool is_adopt;             /* a create left pending by a killed run: look it up first */
    const char *moved_from;    /* the state address this entry had before a move (borrowed) */
    bool is_protected;         /* a delete of what the program declares with protect = true */
    bool is_create_first;      /* a renamed worker: create the new script, keep the old one */
    bool is_leftover;          /* deletes the old script of a renamed worker (plan_leftover_key) */
    bool is_create_first_tail; /* the phase-2 update giving a renamed worker its consumers */
    bool is_untargeted;        /* a change --target left out (now PLAN_SAME, counted apart) */
    bool is_reference;         /* `existing`: a PLAN_SAME read of a resource made elsewhere */
    size_t *deps;              /* indices of steps that must finish first */
    size_t n_deps;
};

struct plan {
    struct plan_step *steps;
    size_t n_steps;
    long serial;                    /* state serial the plan was made against */
    int counts[5];                  /* steps per plan_op (changes --target left out not included) */
    int n_untargeted;               /* changes --target left out */
    struct keymap index;            /* key -> 1 + index of the key's main (non phase-2) step */
    const struct plan_moves *moves; /* applied before planning (borrowed; may be NULL) */
    char **kept; /* imported entries the program lacks: never deleted by this plan */
    size_t n_kept;
};

struct plan_options {
    const char *const *targets; /* --target keys; NULL = everything */
    size_t n_targets;
    bool is_destroy;                /* plan to delete everything in state */
    const struct plan_moves *moves; /* plan_moves_apply's result, shown with the plan */
};

/* plan_build diffs prog against st; with opt->is_destroy it plans to delete
 * everything, reading only protect from prog (which may be NULL). key opens
 * secrets to hash them. Returns 0; -1 with err filled when a desired entry
 * cannot be built, a state entry has an unknown kind, or a protected
 * resource would be deleted or replaced (every such resource is named).
 * Free with plan_free. */
int plan_build(struct plan *p, const struct ir_program *prog, const struct state *st,
               const struct plan_options *opt, const struct secret_key *key, char *err,
               size_t err_len) WARN_UNUSED;

/* plan_sync_meta copies what the API never sees (protect, deps, label, and
 * the values of attributes import recorded as unknown) from the desired
 * entries of unchanged resources into st. Returns true when st changed. */
bool plan_sync_meta(const struct plan *p, struct state *st);

/* plan_free frees the steps of p. */
void plan_free(struct plan *p);

/* plan_has_changes is true when any step is not PLAN_SAME or a state entry
 * moved. */
bool plan_has_changes(const struct plan *p);

/* plan_op_name returns "create", "update", "replace", "delete" or "same". */
const char *plan_op_name(enum plan_op op);

/* plan_leftover_key writes the state key under which the old script of the
 * renamed worker `key` is kept until it is deleted ("worker.api~old"). */
void plan_leftover_key(const char *key, char *buf, size_t len);

/* plan_find returns the index of the (non phase-2) step for key, or -1. */
long plan_find(const struct plan *p, const char *key) WARN_UNUSED;

#endif
