/* A stack's secrets key as `config set --secret` and change-passphrase need
 * it: opened from the stack file's encryption block, created (salt + check)
 * on a stack's first secret. Plaintext stays in sodium_malloc memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lang/stackfile.h"
#include "cli/passphrase.h"
#include "runtime/secrets/secret.h"
#include "cli/stackfile/stackcfg.h"
#include "runtime/base/xalloc.h"

/* encryption { KEY = "..." } as a malloc'd string, or NULL. */
static char *enc_value(struct stackfile *sf, const char *key)
{
    const struct stackfile_entry *e = stackfile_get(sf, "encryption", key);
    return e && e->value.kind == STACKFILE_STRING ? xstrdup(e->value.text) : NULL;
}

static bool key_file_only(void)
{
    const char *pass = getenv("DOME_PASSPHRASE"), *file = getenv("DOME_SECRETS_KEY_FILE");
    return (!pass || !*pass) && file && *file;
}

/* stackcfg_set_encryption: see cli/stackfile/stackcfg.h. */
int stackcfg_set_encryption(char **text, const char *salt, const char *check)
{
    const char *keys[2] = {"salt", "check"}, *vals[2] = {salt, check};
    for (int i = 0; i < 2; i++) {
        if (!vals[i])
            continue;
        char *q = stackfile_quote(vals[i]);
        char *t = q ? stackfile_set(*text, strlen(*text), "encryption", keys[i], q) : NULL;
        free(q);
        if (!t)
            return -1;
        free(*text);
        *text = t;
    }
    return 0;
}

/* stackcfg_open_key: see cli/stackfile/stackcfg.h. */
struct secret_key *stackcfg_open_key(const char *stack, char **text, bool create, char *err,
                                     size_t err_len)
{
    if (sodium_init() < 0) {
        snprintf(err, err_len, "cannot initialise libsodium");
        return NULL;
    }
    struct stackfile *sf = stackfile_parse("stack file", *text, strlen(*text), NULL, false);
    if (!sf) {
        snprintf(err, err_len, "the stack file of '%s' has syntax errors", stack);
        return NULL;
    }
    char *salt = enc_value(sf, "salt"), *check = enc_value(sf, "check");
    stackfile_free(sf);
    char *new_salt = NULL, *new_check = NULL;
    if (!salt && create && !key_file_only())
        salt = new_salt = secret_salt_new();
    struct passphrase_stack ps = {stack, salt, check};
    struct secret_key *key = passphrase_stack_key(&ps, err, err_len);
    if (key && create && !check)
        new_check = secret_check_new(key);
    if (key && (new_salt || new_check) && stackcfg_set_encryption(text, new_salt, new_check) < 0) {
        snprintf(err, err_len, "cannot edit the stack file of '%s'", stack);
        secret_key_free(key);
        key = NULL;
    }
    free(salt);
    free(check);
    free(new_check);
    return key;
}

/* Reads all of stdin into sodium memory, dropping one trailing newline. */
static int read_stdin(struct secret_plain *out, char *err, size_t err_len)
{
    size_t cap = 4096, n = 0;
    out->data = sodium_malloc(cap);
    if (!out->data)
        return snprintf(err, err_len, "out of memory"), -1;
    ssize_t r;
    while (n + 1 < cap && (r = read(0, out->data + n, cap - 1 - n)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            break;
        n += (size_t)r;
    }
    if (n > 0 && out->data[n - 1] == '\n')
        n--;
    out->data[n] = '\0';
    out->len = n;
    if (n == 0) {
        secret_plain_free(out);
        return snprintf(err, err_len, "no value on standard input"), -1;
    }
    return 0;
}

/* stackcfg_read_value: see cli/stackfile/stackcfg.h. */
int stackcfg_read_value(const char *key, struct secret_plain *out, char *err, size_t err_len)
{
    if (sodium_init() < 0)
        return snprintf(err, err_len, "cannot initialise libsodium"), -1;
    if (!isatty(0))
        return read_stdin(out, err, err_len);
    char prompt[200];
    snprintf(prompt, sizeof prompt, "Value for '%s': ", key);
    return passphrase_read(NULL, prompt, false, out, err, err_len);
}
