/* A stack's secrets key as `config set --secret` and change-passphrase need
 * it: opened from the stack file's encryption block, created (salt + check)
 * on a stack's first secret. Plaintext stays in sodium_malloc memory. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lang/fmt.h"
#include "lang/lang.h"
#include "runtime/store/fsutil.h"
#include "cli/passphrase.h"
#include "runtime/secrets/secret.h"
#include "cli/stackfile/stackcfg.h"
#include "cli/stackfile/stackcfg_scan.h"

static char *enc_value(const char *text, const char *key)
{
    char *src = stackcfg_get(text, "encryption", key);
    char *v = src ? stackcfg_unquote(src) : NULL;
    free(src);
    return v;
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
        char *q = stackcfg_quote(vals[i]);
        char *t = q ? stackcfg_set(*text, "encryption", keys[i], q) : NULL;
        free(q);
        if (!t)
            return -1;
        free(*text);
        *text = t;
    }
    char *f = fmt_source("stack file", *text, strlen(*text), NULL);
    if (f) {
        free(*text);
        *text = f;
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
    char *salt = enc_value(*text, "salt"), *check = enc_value(*text, "check");
    char *new_salt = NULL, *new_check = NULL;
    if (!salt && create && !key_file_only())
        salt = new_salt = secret_salt_new();
    struct passphrase_stack ps = {stack, salt, check};
    struct secret_key *key = passphrase_stack_key(&ps, err, err_len);
    if (key && create && !check)
        new_check = secret_check_new(key);
    if (key && (new_salt || new_check) &&
        stackcfg_set_encryption(text, new_salt, new_check) < 0) {
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

/* Canonical layout of an edited stack file (consumes edited); NULL when the
 * file has syntax errors. */
static char *canonical(char *edited)
{
    char *f = edited ? fmt_source("stack file", edited, strlen(edited), NULL) : NULL;
    free(edited);
    return f;
}

/* stackcfg_config_set: see cli/stackfile/stackcfg.h. */
char *stackcfg_config_set(const char *text, const char *key, const char *value_src)
{
    char *before = fmt_source("stack file", text, strlen(text), NULL);
    if (!before)
        return NULL; /* syntax errors: leave the file alone */
    free(before);
    return canonical(stackcfg_set(text, "config", key, value_src));
}

/* stackcfg_config_remove: see cli/stackfile/stackcfg.h. */
char *stackcfg_config_remove(const char *text, const char *key)
{
    return canonical(stackcfg_remove(text, "config", key));
}

/* stackcfg_decls: see cli/stackfile/stackcfg.h. */
long stackcfg_decls(const char *dir, struct stackcfg_decl **list)
{
    char **files = lang_program_files(dir);
    size_t n = 0;
    *list = NULL;
    if (!files)
        return -1;
    for (size_t i = 0; files[i]; i++) {
        char *text = fs_read_all(files[i], NULL);
        if (text && stackcfg_scan_decls(text, list, &n) < 0)
            n = 0;
        free(text);
    }
    lang_free_list(files);
    return (long)n;
}
