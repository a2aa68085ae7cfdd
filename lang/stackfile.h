/* Stack files (stacks/<stack>.dome) through the real parser: the entries of
 * their top-level `config {}` and `encryption {}` blocks, edits made by AST
 * span (comments and layout kept, then the canonical layout of fmt_source),
 * the program's `config NAME: TYPE` declarations a stack file sets, and the
 * .dome source of the values `domec config set` writes. Returned text is
 * malloc'd and freed by the caller; out of memory aborts, as in the arena. */
#ifndef DOME_STACKFILE_H
#define DOME_STACKFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "lang/span.h"

/* What a value is, as far as `domec config` cares. */
enum stackfile_kind {
    STACKFILE_OTHER,  /* any other expression: interpolation, a map, an operator... */
    STACKFILE_STRING, /* a plain string literal (no ${}) */
    STACKFILE_SECRET, /* a call secret(...) */
    STACKFILE_INT,
    STACKFILE_BOOL,
    STACKFILE_LIST /* a [...] literal; its items are values too */
};

/* A value as the parser read it. Strings belong to the parsed file. */
struct stackfile_value {
    enum stackfile_kind kind;
    const char *src;                     /* the expression's source text */
    struct dome_span span;               /* where it is */
    const char *text;                    /* STRING: the decoded text; SECRET: the sealed string
                                          * when the argument is a plain literal; else NULL */
    long long i;                         /* INT */
    bool b;                              /* BOOL */
    const struct stackfile_value *items; /* LIST, n_items of them */
    size_t n_items;
};

/* One `KEY = value` entry of a block, in file order. */
struct stackfile_entry {
    const char *key;
    struct dome_span span; /* the whole `KEY = value` */
    struct stackfile_value value;
};

struct stackfile; /* a parsed stack file */

/* stackfile_parse parses text (len bytes) called name (a path, for
 * diagnostics). Syntax errors are printed to diag_out (NULL: not printed)
 * in the usual file:line:col format, and give NULL. */
struct stackfile *stackfile_parse(const char *name, const char *text, size_t len, FILE *diag_out,
                                  bool color);

/* stackfile_free releases a parsed file and everything it returned. */
void stackfile_free(struct stackfile *sf);

/* stackfile_entries sets *out to the entries of the first top-level block
 * called block ("config" or "encryption"; unlabelled) and returns their
 * count (0 when there is no such block). The entries live as long as sf. */
size_t stackfile_entries(struct stackfile *sf, const char *block,
                         const struct stackfile_entry **out);

/* stackfile_get returns KEY's entry in block, or NULL when it is not set
 * (the first one when a broken file sets it twice). */
const struct stackfile_entry *stackfile_get(struct stackfile *sf, const char *block,
                                            const char *key);

/* stackfile_set sets `key = value_src` in block: replaces the value of an
 * existing entry (its comments stay), or adds an entry (after the last one
 * of a one-line block, else on its own line before the closing brace),
 * creating the block when missing (`encryption` on the line before the
 * `config` block, anything else at the end). value_src is .dome source,
 * e.g. "\"trace\"" or "secret(\"v1:...\")". Returns the new text in
 * canonical layout, or NULL when text has syntax errors or value_src is
 * not one expression (stackfile_value_kind). */
char *stackfile_set(const char *text, size_t len, const char *block, const char *key,
                    const char *value_src);

/* stackfile_remove removes key's entry from block: its whole line (with a
 * comma and a comment after it) when it has the line to itself. Returns
 * the new text in canonical layout (the same content when key is not
 * set), or NULL when text has syntax errors. */
char *stackfile_remove(const char *text, size_t len, const char *block, const char *key);

/* stackfile_value_kind parses src as one .dome value (what `KEY = src`
 * would hold in a block) and returns its enum stackfile_kind, or -1 when
 * it is not exactly one valid expression (a comment after it included). */
int stackfile_value_kind(const char *src);

/* stackfile_number writes d as a .dome number literal into buf: an
 * integer as one ("1"), else a decimal in the fewest digits that read back
 * as d ("0.1"), never in exponent form. */
void stackfile_number(char *buf, size_t len, double d);

/* stackfile_quote renders s as a .dome string literal ("..." with \\ \" \n
 * \t \$ escapes). */
char *stackfile_quote(const char *s);

/* stackfile_secret_src renders `secret("<sealed>")`. */
char *stackfile_secret_src(const char *sealed);

/* A program's `config NAME: TYPE [= default]` declaration. */
struct stackfile_decl {
    char *name;
    char *type; /* as written: "string", "int", "bool", "list", "secret"... */
    bool has_default;
    bool is_secret;
};

/* stackfile_decls parses every *.dome file of the program in dir and lists
 * its top-level config declarations in file order in *out (free with
 * stackfile_decls_free). A file's syntax errors are not reported here: its
 * declarations that parse are listed. Returns the count, or -1 with errno
 * set when dir cannot be read. */
long stackfile_decls(const char *dir, struct stackfile_decl **out);

/* stackfile_decls_free frees a list from stackfile_decls. */
void stackfile_decls_free(struct stackfile_decl *list, long n);

#endif
