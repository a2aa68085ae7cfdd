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

/* plan_check_protect fails (-1, err names every resource) when a protected
 * resource would be deleted or replaced. */
int plan_check_protect(const struct plan *p, char *err, size_t err_len) WARN_UNUSED;

#endif
