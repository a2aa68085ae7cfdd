/* A stack file (stacks/<stack>.dome) as the commands use it: its path,
 * loading and atomic storing, its secrets key (the encryption block) and
 * reading a secret value. Reading and editing its entries is the front
 * end's job (lang/stackfile.h). Returned strings are malloc'd and freed by
 * the caller. */
#ifndef DOME_STACKCFG_H
#define DOME_STACKCFG_H

#include <stdbool.h>
#include <stddef.h>

/* stackcfg_path returns "<dir>/stacks/<stack>.dome" (malloc'd). */
char *stackcfg_path(const char *dir, const char *stack);

/* stackcfg_load reads the stack file into *text (malloc'd). A missing file
 * gives "" and *exists = false. Returns 0, or -1 with err filled. */
int stackcfg_load(const char *dir, const char *stack, char **text, bool *exists, char *err,
                  size_t err_len);

/* stackcfg_parse parses text, the stack file of stack in dir, with the
 * front end (lang/stackfile.h). Syntax errors are printed to stderr as
 * file:line:col diagnostics, followed by a line saying that command cmd
 * left the file alone. Returns the parsed file (free with stackfile_free),
 * or NULL when it has syntax errors. */
struct stackfile;
struct stackfile *stackcfg_parse(const char *cmd, const char *dir, const char *stack,
                                 const char *text);

/* stackcfg_store writes text to the stack file atomically (creating
 * stacks/). Returns 0, or -1 with err filled. */
int stackcfg_store(const char *dir, const char *stack, const char *text, char *err, size_t err_len);

struct secret_key;
struct secret_plain;

/* stackcfg_open_key opens the secrets key of stack whose stack file text is
 * *text (DOME_PASSPHRASE, DOME_SECRETS_KEY_FILE or a prompt), verified
 * against encryption { check }. With create set, a stack without a salt
 * (or check) gets them: *text is replaced by the edited text. Returns the
 * key (free with secret_key_free) or NULL with err filled. */
struct secret_key *stackcfg_open_key(const char *stack, char **text, bool create, char *err,
                                     size_t err_len);

/* stackcfg_set_encryption writes salt (may be NULL: left as is) and check
 * into the encryption block of *text, reformatting the file. 0 or -1. */
int stackcfg_set_encryption(char **text, const char *salt, const char *check);

/* stackcfg_read_value reads a secret value: from stdin when it is not a
 * terminal (one trailing newline dropped), else a prompt without echo.
 * Fills out (sodium_malloc'd). Returns 0 or -1 with err filled. */
int stackcfg_read_value(const char *key, struct secret_plain *out, char *err, size_t err_len);

#endif
