/* Test-only dev tool: seals one stack secret before `domec config set` exists.
 * Usage: DOME_PASSPHRASE=... seal_tool NAME < input, where input's first line
 * is the stack's salt (empty: make a new one) and the rest is the plaintext.
 * SEAL_TOOL_CHECK=c1:... makes it verify the key against a stack's check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/passphrase.h"
#include "runtime/secrets/secret.h"

#define MAX_STDIN (1 << 20)

/* read all of stdin into sodium memory; NULL when too large. */
static char *read_stdin(size_t *len)
{
    char *buf = sodium_malloc(MAX_STDIN + 1);
    size_t n;
    if (!buf)
        return NULL;
    n = fread(buf, 1, MAX_STDIN + 1, stdin);
    if (n > MAX_STDIN) {
        sodium_free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* print the stack-file fragments for a sealed value; 0 or -1. The key is
 * verified against $SEAL_TOOL_CHECK when that is set. */
static int emit(const char *name, const char *salt, const char *plain, size_t len)
{
    char err[512];
    struct passphrase_stack st = {"seal-tool", salt, getenv("SEAL_TOOL_CHECK")};
    struct secret_key *key = passphrase_stack_key(&st, err, sizeof err);
    char *check, *sealed;
    if (!key) {
        fprintf(stderr, "seal_tool: %s\n", err);
        return -1;
    }
    check = secret_check_new(key);
    sealed = secret_seal(key, name, plain, len);
    secret_key_free(key);
    if (!check || !sealed) {
        fprintf(stderr, "seal_tool: sealing failed\n");
        free(check);
        free(sealed);
        return -1;
    }
    printf("encryption {\n  salt  = \"%s\"\n  check = \"%s\"\n}\n", salt, check);
    printf("config {\n  %s = secret(\"%s\")\n}\n", name, sealed);
    free(check);
    free(sealed);
    return 0;
}

int main(int argc, char **argv)
{
    size_t len = 0, salt_len;
    char *in, *salt, *plain;
    int rc;
    if (argc != 2 || sodium_init() < 0) {
        fprintf(stderr, "usage: DOME_PASSPHRASE=... seal_tool NAME < salt-line-then-plaintext\n");
        return 2;
    }
    if (!(in = read_stdin(&len))) {
        fprintf(stderr, "seal_tool: input too large\n");
        return 2;
    }
    salt_len = strcspn(in, "\n");
    plain = in + salt_len + (in[salt_len] == '\n');
    len -= (size_t)(plain - in);
    if (len && plain[len - 1] == '\n')
        plain[--len] = '\0';
    in[salt_len] = '\0';
    salt = salt_len ? strdup(in) : secret_salt_new();
    rc = salt ? emit(argv[1], salt, plain, len) : -1;
    free(salt);
    sodium_free(in);
    return rc == 0 ? 0 : 1;
}
