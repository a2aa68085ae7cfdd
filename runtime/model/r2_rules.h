/* R2 event notification rules as domec records them: a bucket's
 * "notifications" attribute, [{events, prefix?, queue, suffix?}] with queue a
 * state key ("queue.label"). Cloudflare speaks in actions (PutObject, ...);
 * the program in events (object-create, object-delete). One canonical order
 * (events sorted, rules by queue, prefix, suffix) so a read-back compares
 * equal to the program. */
#ifndef DOME_R2_RULES_H
#define DOME_R2_RULES_H

#include <stdbool.h>

#include <cJSON.h>

/* r2_rules_canonical sorts each rule's events and the rules, in place. */
void r2_rules_canonical(cJSON *rules);

/* r2_rules_actions returns the API actions of a rule's events (new array). */
cJSON *r2_rules_actions(const cJSON *events);

/* r2_rules_events returns the events that stand for an API actions array
 * (new array): object-create when every create action is there,
 * object-delete for every delete action, and any action left over by its
 * own name, so a rule changed out of band never reads as the program's. */
cJSON *r2_rules_events(const cJSON *actions);

/* r2_rules_of_queue returns the rules of rules whose queue is key, as the
 * API's PUT body wants them: [{actions, prefix, suffix}] (new array). */
cJSON *r2_rules_api(const cJSON *rules, const char *key);

#endif
