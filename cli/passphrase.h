/* Where the stack-secrets key comes from: DOME_PASSPHRASE, a key file named by
 * DOME_SECRETS_KEY_FILE, or a passphrase typed on the terminal with echo off.
 * Ownership: keys and passphrases are sodium_malloc'd; the caller frees them
 * with secret_key_free / secret_plain_free. Nothing here prints a secret. */
#ifndef DOME_PASSPHRASE_H
#define DOME_PASSPHRASE_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime/secrets/secret.h"

/* passphrase_read gets a passphrase: the environment variable env_name when it
 * is set and non-empty (e.g. "DOME_PASSPHRASE"; NULL = never), else a prompt on
 * /dev/tty with echo off (asked twice when confirm is set). Returns 0 and fills
 * *out, or -1 with a message in err: no terminal, empty input, mismatch. */
int passphrase_read(const char *env_name, const char *prompt, bool confirm,
                    struct secret_plain *out, char *err, size_t err_len);

/* Which stack a key is for: the values of its stack file. */
struct passphrase_stack {
    const char *name;  /* stack name, for the prompt and messages */
    const char *salt;  /* encryption { salt }, or NULL (only a key file can serve) */
    const char *check; /* encryption { check }, or NULL (nothing to verify yet) */
};

/* passphrase_stack_key returns the key of stack s: DOME_PASSPHRASE_<STACK>
 * or DOME_PASSPHRASE (the stack's name upper-cased, '-' as '_': stack
 * "prod-eu" reads DOME_PASSPHRASE_PROD_EU first), else the key file named by
 * DOME_SECRETS_KEY_FILE_<STACK> or DOME_SECRETS_KEY_FILE, else a passphrase
 * typed on the terminal (twice for a new key: s->check NULL). When s->check
 * is set the key is verified against it, so a wrong passphrase fails here
 * with a clear message. NULL with err filled on any
 * failure; free the key with secret_key_free. */
struct secret_key *passphrase_stack_key(const struct passphrase_stack *s, char *err,
                                        size_t err_len);

/* passphrase_stack_unattended: the key of stack s comes from the
 * environment or a key file, without asking on the terminal. */
bool passphrase_stack_unattended(const struct passphrase_stack *s);

#endif
