/* Stack secrets: sealing config values with libsodium. Plaintext lives only
 * in sodium_malloc memory and is wiped before release; nothing here prints.
 *
 * Sealed form (stack file): "v1:" base64(nonce[24] || XChaCha20-Poly1305
 * ciphertext), additional data = the config key, so a value cannot be moved
 * to another key. Key: Argon2id(passphrase, salt) or a 32-byte key file. */
#ifndef DOME_SECRET_H
#define DOME_SECRET_H

#include <stddef.h>

#include "runtime/base/compiler.h"

#include "runtime/base/compiler.h"

struct secret_key; /* a stack's key, in locked memory */

/* A plaintext secret, in sodium_malloc memory. Free with secret_plain_free. */
struct secret_plain {
    char *data; /* NUL-terminated */
    size_t len;
};

/* secret_salt_new writes a fresh salt and KDF parameters as the opaque string
 * stored in the stack file ("argon2id:v1:<opslimit>:<memlimit>:<base64 salt>").
 * Returns a malloc'd string the caller frees, or NULL when libsodium cannot
 * be initialised. */
char *secret_salt_new(void) WARN_UNUSED;

/* secret_key_from_passphrase derives the stack key from a passphrase and the
 * stack's salt string. Returns NULL and fills err on failure. */
struct secret_key *secret_key_from_passphrase(const char *passphrase, const char *salt, char *err,
                                              size_t err_len) WARN_UNUSED;

/* secret_key_from_file reads a 32-byte key (raw or base64) from path. */
struct secret_key *secret_key_from_file(const char *path, char *err, size_t err_len) WARN_UNUSED;

/* secret_key_free wipes and frees a key; NULL is fine. */
void secret_key_free(struct secret_key *key);

/* secret_seal seals plaintext for config key `name`. Returns a malloc'd
 * "v1:..." string, or NULL (no key or name, a value over 1 MiB, or libsodium
 * cannot be initialised). */
char *secret_seal(const struct secret_key *key, const char *name, const char *plain,
                  size_t len) WARN_UNUSED;

/* secret_unseal opens a sealed value. A wrong key or tampered value fails
 * with a clear message in err (never garbage). Returns 0 or -1. */
int secret_unseal(const struct secret_key *key, const char *name, const char *sealed,
                  struct secret_plain *out, char *err, size_t err_len) WARN_UNUSED;

/* secret_plain_free wipes and frees a plaintext. */
void secret_plain_free(struct secret_plain *p);

/* secret_hash returns a keyed hash (BLAKE2b keyed with a subkey of the stack
 * key) of a plaintext, as "h1:<hex>", for state: enough to notice a changed
 * secret, useless to recover it. Returns a malloc'd string, or NULL (a NULL
 * argument, or libsodium cannot be initialised). */
char *secret_hash(const struct secret_key *key, const char *name,
                  const struct secret_plain *p) WARN_UNUSED;

/* secret_check_salt verifies that a key matches the stack's key check value
 * (a hash stored next to the salt), so a wrong passphrase is reported before
 * any value is opened. Returns 0 when it matches. */
int secret_check(const struct secret_key *key, const char *check) WARN_UNUSED;

/* secret_check_new returns the check value to store for a key (malloc'd). */
char *secret_check_new(const struct secret_key *key) WARN_UNUSED;

#endif
