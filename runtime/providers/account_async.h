/* The account check in the background: started as soon as the credentials
 * are known, on its own transport in a thread, so its round trip overlaps
 * the local work of a run (state, plan, journal) instead of coming first.
 * A run waits for its answer before it sends anything but creates (exec.h's
 * gate), so an invalid token or account fails before any existing resource
 * is touched.
 * Ownership: account_check_end frees what account_check_begin made. */
#ifndef DOME_ACCOUNT_ASYNC_H
#define DOME_ACCOUNT_ASYNC_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/net/cf_http.h"
#include "runtime/providers/account.h"

struct account_async;

/* account_check_begin makes a transport from cfg (copied) and starts
 * account_check on it in a thread. NULL when that cannot be done; err then
 * says why. */
struct account_async *account_check_begin(const struct cf_http_config *cfg, const char *account,
                                          char *err, size_t err_len);

/* account_check_done: the check has its answer (account_check_end will
 * not wait). */
bool account_check_done(struct account_async *a);

/* account_check_end waits for the check, hands what its answers said of
 * the server's request budget to into (may be NULL), frees it and returns
 * its result (err as account_check fills it). */
enum account_check account_check_end(struct account_async *a, struct cf_http *into, char *err,
                                     size_t err_len);

#endif
