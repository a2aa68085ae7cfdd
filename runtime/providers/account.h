/* Credentials checked once, before anything is planned against Cloudflare:
 * the token is valid and can use the account. A wrong account is reported
 * with the accounts the token can use, as wrangler does. */
#ifndef DOME_ACCOUNT_H
#define DOME_ACCOUNT_H

#include <stddef.h>

#include "runtime/net/cf_http.h"

enum account_check {
    ACCOUNT_OK,
    ACCOUNT_BAD_TOKEN,   /* the token is invalid, expired or not allowed at all */
    ACCOUNT_NOT_ALLOWED, /* the token cannot use this account (err lists those it can) */
    ACCOUNT_UNREACHABLE  /* no answer from the API (err says why) */
};

/* account_check sends GET /accounts/{account} (and, when that is refused,
 * GET /user/tokens/verify and GET /accounts to say why) and waits for the
 * answers. Nothing else may be in flight on http. err gets a sentence for
 * every result but ACCOUNT_OK. */
enum account_check account_check(struct cf_http *http, const char *account, char *err,
                                 size_t err_len);

#endif
