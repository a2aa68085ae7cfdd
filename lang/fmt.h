/* The .dome formatter: canonical layout that keeps every comment and is
 * idempotent, plus the stack-file edits `domec config set/unset` use.
 * Every function returns malloc'd text that the caller frees, or NULL. */
#ifndef DOME_FMT_H
#define DOME_FMT_H

#include <stddef.h>
#include <stdio.h>

/* fmt_source returns the canonical form of text (len bytes), or NULL when it
 * has syntax errors, which are printed to diag_out (NULL: not printed) with
 * name as the file name. Canonical style: two-space indent, one item or
 * attribute per line (a block written on one line stays on one line), `=`
 * aligned within runs of attributes, at most one blank line kept, comments
 * kept where they were (trailing comments stay on their line, aligned with
 * those of the neighbouring lines). */
char *fmt_source(const char *name, const char *text, size_t len, FILE *diag_out);

/* fmt_stack_set sets `key = value_expr` in the `config {}` block of a stack
 * file: replaces the value of an existing entry (keeping its comments), or
 * appends an entry, creating the block if needed. value_expr is .dome
 * source, e.g. "\"trace\"" or "secret(\"v1:...\")". Returns the formatted
 * new text, or NULL if text or the result has syntax errors. */
char *fmt_stack_set(const char *text, size_t len, const char *key,
                    const char *value_expr);

/* fmt_stack_remove removes `key` (and comments on its line) from the
 * `config {}` block. Returns the formatted new text (unchanged content if
 * key is not set), or NULL if text has syntax errors. */
char *fmt_stack_remove(const char *text, size_t len, const char *key);

#endif
