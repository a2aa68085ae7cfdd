/* The up-front notice of a run that needs more requests than the API
 * budget has left: how many, and how long the budget will make it wait. */
#ifndef DOME_BUDGET_NOTICE_H
#define DOME_BUDGET_NOTICE_H

#include <stdio.h>

#include "runtime/net/cf_http.h"

/* budget_notice writes to out, when needed requests exceed what the
 * budget of http has left, one paragraph saying so (command names the
 * command: "apply"). Returns whether it wrote. */
int budget_notice(FILE *out, const char *command, struct cf_http *http, long needed);

/* budget_wait_s is how long needed requests wait for the budget v. */
double budget_wait_s(const struct cf_budget_view *v, long needed);

#endif
