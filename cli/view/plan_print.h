/* Showing plans and drift: the Pulumi-like table, property-level diffs and
 * the JSON form (also the --out plan file). Secrets print as (sensitive). */
#ifndef DOME_PLAN_PRINT_H
#define DOME_PLAN_PRINT_H

#include <stdbool.h>
#include <stdio.h>

#include <cJSON.h>

#include "runtime/plan/plan.h"
#include "runtime/exec/refresh.h"

/* plan_print_table writes the table (and with show_diff each changed
 * property's before => after) and the summary line to out. */
void plan_print_table(FILE *out, const struct plan *p, bool show_diff);

/* plan_print_summary writes "+ N to create, ~ N to update, ..." to out. */
void plan_print_summary(FILE *out, const struct plan *p);

/* plan_to_json returns the plan as JSON (new cJSON, caller deletes):
 * {"stack","serial","steps":[{op,kind,key,name,changed,phase2,before,after}],
 *  "summary":{create,update,replace,delete,same}}. */
cJSON *plan_to_json(const struct plan *p, const char *stack);

/* plan_print_drift writes refresh's findings (changed, deleted) to out. */
void plan_print_drift(FILE *out, const struct refresh_result *r, bool show_diff);

/* plan_step_loses_data tells whether step s deletes or replaces a
 * resource whose kind holds data (kind_holds_data): "data will be lost". */
bool plan_step_loses_data(const struct plan_step *s);

/* plan_data_loss counts the steps of p that lose data. */
int plan_data_loss(const struct plan *p);

/* plan_drift_to_json returns refresh's findings as JSON (caller deletes):
 * {"stack", "read", "drifted", "failed", "drift": [{key, status (changed,
 * deleted, read_failed), error, changed, before, after}]}, secrets
 * sanitized. */
cJSON *plan_drift_to_json(const struct refresh_result *r, const char *stack);

/* plan_sanitized returns a copy of an attribute value with every secret
 * hash replaced by "(sensitive)" (caller deletes). */
cJSON *plan_sanitized(const cJSON *v);

#endif
