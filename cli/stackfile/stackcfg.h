/* Reading and editing a stack file (stacks/<stack>.dome) as text: the
 * entries of its top-level `config {}` and `encryption {}` blocks. Edits
 * change only the entry concerned (and the `=` alignment of its group), so
 * comments and layout survive. Every returned string is malloc'd and freed
 * by the caller; nothing here prints or opens a secret. */
#ifndef DOME_STACKCFG_H
#define DOME_STACKCFG_H

#include <stdbool.h>
#include <stddef.h>

/* One `KEY = value` entry: value is the expression's source text. */
struct stackcfg_entry {
    char *key;
    char *value;
};

/* stackcfg_path returns "<dir>/stacks/<stack>.dome" (malloc'd). */
char *stackcfg_path(const char *dir, const char *stack);

/* stackcfg_load reads the stack file into *text (malloc'd). A missing file
 * gives "" and *exists = false. Returns 0, or -1 with err filled. */
int stackcfg_load(const char *dir, const char *stack, char **text, bool *exists, char *err,
                  size_t err_len);

/* stackcfg_store writes text to the stack file atomically (creating
 * stacks/). Returns 0, or -1 with err filled. */
int stackcfg_store(const char *dir, const char *stack, const char *text, char *err,
                   size_t err_len);

/* stackcfg_get finds KEY in block ("config" or "encryption") and returns its
 * value's source text (malloc'd), or NULL when it is not set. */
char *stackcfg_get(const char *text, const char *block, const char *key);

/* stackcfg_set sets KEY = value_src in block, replacing the old value in
 * place or adding a line (creating the block when missing: `encryption`
 * goes before `config`, `config` at the end). Returns the new text
 * (malloc'd), or NULL when out of memory. */
char *stackcfg_set(const char *text, const char *block, const char *key, const char *value_src);

/* stackcfg_remove deletes KEY's entry (its whole line when it has one).
 * Returns the new text (malloc'd; the same text when KEY is not set). */
char *stackcfg_remove(const char *text, const char *block, const char *key);

/* stackcfg_list returns block's entries in file order in *out (free with
 * stackcfg_free_list). Returns the count, or -1 when out of memory. */
long stackcfg_list(const char *text, const char *block, struct stackcfg_entry **out);

/* stackcfg_free_list frees a list from stackcfg_list. */
void stackcfg_free_list(struct stackcfg_entry *list, long n);

/* stackcfg_quote renders s as a .dome string literal ("..." with \\ \" \n
 * \t \$ escapes). Returns malloc'd text. */
char *stackcfg_quote(const char *s);

/* stackcfg_unquote decodes a plain string literal (no interpolation) into
 * malloc'd text; NULL when src is not one. */
char *stackcfg_unquote(const char *src);

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

/* stackcfg_config_set / _remove edit the config {} block through the
 * formatter (lang/fmt.h). Return the new text (malloc'd) or NULL when the
 * stack file has syntax errors. */
char *stackcfg_config_set(const char *text, const char *key, const char *value_src);
char *stackcfg_config_remove(const char *text, const char *key);

/* stackcfg_decls lists the config declarations of the program in dir (all
 * its *.dome files). Returns the count (list malloc'd, caller frees) or -1
 * with errno set when dir cannot be read. */
struct stackcfg_decl;
long stackcfg_decls(const char *dir, struct stackcfg_decl **list);

#endif
