/* The .dome formatter: canonical layout that keeps every comment and is
 * idempotent (lang/stackfile.h edits stack files with it). Returns
 * malloc'd text that the caller frees, or NULL. */
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

#endif
