/* The stack-secrets key derived on a thread of its own, so that Argon2id
 * (about 0.15 s of CPU) overlaps opening the state (a PostgreSQL
 * connection, the state read). Only a key that needs no terminal prompt
 * (DOME_PASSPHRASE*, DOME_SECRETS_KEY_FILE*) is derived in the background;
 * a typed passphrase is asked for on the caller's thread, at the end. */
#ifndef DOME_KEY_ASYNC_H
#define DOME_KEY_ASYNC_H

#include <stddef.h>

#include "cli/passphrase.h"

struct key_async;

/* key_async_begin starts deriving the key of stack ps (its strings must
 * outlive the job) when that needs no prompt; else the job only remembers
 * ps. sodium_init must have succeeded. */
struct key_async *key_async_begin(const struct passphrase_stack *ps);

/* key_async_end waits for the key (or derives it now, prompting when it
 * must) and frees the job: passphrase_stack_key's result. */
struct secret_key *key_async_end(struct key_async *job, char *err, size_t err_len);

/* key_async_drop waits for a derivation under way and frees the job and
 * its key, asking nothing (a command that stopped before it needed it). */
void key_async_drop(struct key_async *job);

#endif
