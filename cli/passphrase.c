/* Reads the stack-secrets passphrase or key file: environment first, then the
 * controlling terminal with echo off (termios). Never prints what it reads;
 * passphrases live only in sodium_malloc memory. */
#include "cli/passphrase.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <sodium.h>

#define MAX_PASSPHRASE 1024 /* bytes, including the NUL */

static void set_err(char *err, size_t err_len, const char *msg)
{
    if (err && err_len)
        snprintf(err, err_len, "%s", msg);
}

/* copy s into a fresh sodium_malloc'd plaintext; -1 when out of memory. */
static int plain_dup(const char *s, struct secret_plain *out)
{
    size_t n = strlen(s);
    if (sodium_init() < 0) /* sodium_malloc needs the library set up */
        return -1;
    out->data = sodium_malloc(n + 1);
    if (!out->data)
        return -1;
    memcpy(out->data, s, n + 1);
    out->len = n;
    return 0;
}

/* read one line from fd into buf (cap bytes, NUL-terminated), without the
 * newline. Returns its length, or -1 on EOF before any byte / read error. */
static long read_line(int fd, char *buf, size_t cap)
{
    size_t n = 0;
    char c;
    for (;;) {
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            return n ? (long)n : -1;
        if (c == '\n' || c == '\r')
            break;
        if (n + 1 < cap)
            buf[n++] = c;
    }
    buf[n] = '\0';
    return (long)n;
}

/* prompt on the open terminal fd with echo off; fills out. -1 on failure. */
static int prompt_tty(int fd, const char *prompt, struct secret_plain *out)
{
    struct termios old, quiet;
    long n;
    int echo_off = tcgetattr(fd, &old) == 0;
    if (sodium_init() < 0) /* sodium_malloc needs the library set up */
        return -1;
    out->data = sodium_malloc(MAX_PASSPHRASE);
    if (!out->data)
        return -1;
    if (echo_off) {
        quiet = old;
        quiet.c_lflag &= ~(tcflag_t)(ECHO | ECHONL);
        quiet.c_lflag |= ICANON;
        tcsetattr(fd, TCSAFLUSH, &quiet);
    }
    if (write(fd, prompt, strlen(prompt)) < 0) { /* best effort */
    }
    n = read_line(fd, out->data, MAX_PASSPHRASE);
    if (echo_off)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) { /* best effort */
    }
    if (n <= 0) {
        secret_plain_free(out);
        return -1;
    }
    out->len = (size_t)n;
    return 0;
}

/* ask on fd, twice when confirm; -1 with a message on empty input or mismatch. */
static int ask(int fd, const char *prompt, int confirm, struct secret_plain *out, char *err,
               size_t err_len)
{
    struct secret_plain again = {0};
    if (prompt_tty(fd, prompt, out) < 0) {
        set_err(err, err_len, "no passphrase entered for stack secrets");
        return -1;
    }
    if (!confirm)
        return 0;
    if (prompt_tty(fd, "Repeat passphrase: ", &again) < 0 || again.len != out->len ||
        sodium_memcmp(again.data, out->data, out->len) != 0) {
        secret_plain_free(&again);
        secret_plain_free(out);
        set_err(err, err_len, "the two passphrases differ; nothing was changed");
        return -1;
    }
    secret_plain_free(&again);
    return 0;
}

/* passphrase_read: see passphrase.h. */
int passphrase_read(const char *env_name, const char *prompt, bool confirm,
                    struct secret_plain *out, char *err, size_t err_len)
{
    const char *env = env_name ? getenv(env_name) : NULL;
    int fd, rc;
    out->data = NULL;
    out->len = 0;
    if (env && *env) {
        if (plain_dup(env, out) == 0)
            return 0;
        set_err(err, err_len, "out of locked memory for the passphrase");
        return -1;
    }
    fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
    if (fd < 0 || !isatty(fd)) {
        if (fd >= 0)
            close(fd);
        set_err(err, err_len,
                "no passphrase for stack secrets: set DOME_PASSPHRASE or "
                "DOME_SECRETS_KEY_FILE (there is no terminal to ask on)");
        return -1;
    }
    rc = ask(fd, prompt, confirm, out, err, err_len);
    close(fd);
    return rc;
}

/* stack_env: the value of NAME_<STACK> (the stack upper-cased, '-' as '_')
 * when it is set and non-empty, else of NAME; *used names the variable. */
static const char *stack_env(const char *name, const char *stack, char *used, size_t cap)
{
    int n = snprintf(used, cap, "%s_", name);
    for (const char *c = stack ? stack : ""; *c && n > 0 && (size_t)n + 1 < cap; c++)
        used[n++] = *c == '-' ? '_' : (char)(*c >= 'a' && *c <= 'z' ? *c - 'a' + 'A' : *c);
    used[n > 0 ? n : 0] = '\0';
    const char *v = stack ? getenv(used) : NULL;
    if (v && *v)
        return v;
    snprintf(used, cap, "%s", name);
    return getenv(name);
}

/* the key from the environment or the terminal, unverified; NULL + err. A
 * stack without a check value yet gets a new key: a typed passphrase is
 * asked twice. */
static struct secret_key *find_key(const struct passphrase_stack *s, char *err, size_t err_len)
{
    char pass_var[128], file_var[128];
    const char *pass = stack_env("DOME_PASSPHRASE", s->name, pass_var, sizeof pass_var);
    const char *file = stack_env("DOME_SECRETS_KEY_FILE", s->name, file_var, sizeof file_var);
    const char *name = s->name ? s->name : "?";
    struct secret_plain p = {0};
    struct secret_key *k;
    char msg[256];
    /* a stack's own variable beats the shared one; then the passphrase wins */
    bool own_pass = strcmp(pass_var, "DOME_PASSPHRASE") != 0;
    bool own_file = strcmp(file_var, "DOME_SECRETS_KEY_FILE") != 0;
    if (file && *file && (own_file ? !own_pass : !pass || !*pass))
        return secret_key_from_file(file, err, err_len);
    if (!s->salt) {
        snprintf(msg, sizeof msg,
                 "stack '%s' has no encryption salt in its stack file; "
                 "set a secret with `domec config set --secret` first, or use "
                 "DOME_SECRETS_KEY_FILE",
                 name);
        set_err(err, err_len, msg);
        return NULL;
    }
    snprintf(msg, sizeof msg, "%s passphrase for stack '%s': ", s->check ? "The" : "A new", name);
    if (passphrase_read(pass_var, msg, s->check == NULL, &p, err, err_len) < 0)
        return NULL;
    k = secret_key_from_passphrase(p.data, s->salt, err, err_len);
    secret_plain_free(&p);
    return k;
}

/* passphrase_stack_unattended: see passphrase.h. */
bool passphrase_stack_unattended(const struct passphrase_stack *s)
{
    char used[128];
    const char *pass = stack_env("DOME_PASSPHRASE", s->name, used, sizeof used);
    const char *file = stack_env("DOME_SECRETS_KEY_FILE", s->name, used, sizeof used);
    return (pass && *pass) || (file && *file);
}

/* passphrase_stack_key: see passphrase.h. */
struct secret_key *passphrase_stack_key(const struct passphrase_stack *s, char *err, size_t err_len)
{
    struct secret_key *k = find_key(s, err, err_len);
    char msg[512];
    if (k && s->check && secret_check(k, s->check) != 0) {
        secret_key_free(k);
        snprintf(msg, sizeof msg,
                 "wrong passphrase for stack secrets of stack '%s': the key "
                 "does not match encryption { check } in stacks/%s.dome (check "
                 "DOME_PASSPHRASE or DOME_SECRETS_KEY_FILE)",
                 s->name ? s->name : "?", s->name ? s->name : "?");
        set_err(err, err_len, msg);
        return NULL;
    }
    return k;
}
