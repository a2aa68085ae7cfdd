/* Planner internals: the passes that run after the per-resource diff
 * (dependents of replaced resources, service-binding cycles, DAG edges,
 * --target selection, protect). Used only by plan.c. */
#ifndef DOME_PLAN_LINKS_H
#define DOME_PLAN_LINKS_H

#include "runtime/plan/plan.h"

/* plan_force_dependents turns unchanged workers bound to (or consuming) a
 * replaced or renamed resource into updates, so they pick up the new one. */
void plan_force_dependents(struct plan *p, const struct state *st);

/* plan_split_cycles removes cyclic service bindings whose target is created
 * in this plan from the first step and adds a phase-2 update with them. */
void plan_split_cycles(struct plan *p, const struct ir_program *prog);

/* plan_link fills every step's deps[] (prog may be NULL for destroy). */
void plan_link(struct plan *p, const struct ir_program *prog);

/* plan_select_targets keeps only the --target steps and what they need;
 * the rest become PLAN_SAME. Returns -1 with err on an unknown target. */
int plan_select_targets(struct plan *p, const struct plan_options *opt, char *err,
                        size_t err_len) WARN_UNUSED;

/* plan_add_dep makes step s wait for step j (once). */
void plan_add_dep(struct plan_step *s, size_t j);

/* plan_reaches: can step `from` reach step `to` through deps (at most
 * depth 64)? Call with depth 0. */
bool plan_reaches(const struct plan *p, size_t from, size_t to, int depth);

/* plan_durable_moves turns the replace of a durable_object that keeps its
 * objects into an update: a class renamed with `renamed_from`, a class
 * moved to another host worker (a transfer), or both (plan_durable.c). */
void plan_durable_moves(struct plan *p);

/* plan_durable_order orders the host uploads that move or delete a class:
 * the old host of a transferred class waits for the transfer, so its upload
 * never runs without the class it still holds, and the host whose upload
 * deletes a class waits for every worker that stops binding it, as
 * Cloudflare refuses to delete a bound class (plan_durable.c). Call after
 * plan_link. */
void plan_durable_order(struct plan *p);

/* plan_check_durable marks the delete or replace of a durable_object as
 * data loss and fails (-1, err says why and how) unless it is a destroy or
 * the program keeps the block with `delete = true` (plan_durable.c). */
int plan_check_durable(struct plan *p, const struct ir_program *prog, bool destroy, char *err,
                       size_t err_len) WARN_UNUSED;

/* plan_check_protect fails (-1, err names every resource) when a protected
 * resource would be deleted or replaced. */
/* plan_entry_names: does a worker entry name key in what it uploads, so
 * that a new name or id of key must be sent again? Returns the attribute
 * that does: "bindings" (a binding's target, also the binding that closes a
 * service cycle, which deps leave out), "consumers" (a consumed or
 * dead-letter queue), or NULL. */
const char *plan_entry_names(const cJSON *entry, const char *key);

/* plan_order_names makes every step that brings a physical name into use
 * wait for the step that frees the same name of the same kind, so a create
 * and a delete of one name never run together. Returns 0, or -1 with err
 * filled when two resources trade names (the waits would form a cycle).
 * Call after plan_create_first. */
int plan_order_names(struct plan *p, char *err, size_t err_len) WARN_UNUSED;

/* plan_create_first turns the replace of a renamed worker into: create the
 * new script, update the workers that bind it, delete the old script (a
 * step of its own, keyed plan_leftover_key), then add its queue consumers
 * (rename.c). Call after plan_link. */
void plan_create_first(struct plan *p);

int plan_check_protect(const struct plan *p, char *err, size_t err_len) WARN_UNUSED;

#endif
