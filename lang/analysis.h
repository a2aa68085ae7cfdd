/* Checking a program held in memory (an editor's unsaved buffers) and
 * reading the result: the parsed files and the checked model, for tools
 * that answer questions about positions (the language server). */
#ifndef DOME_ANALYSIS_H
#define DOME_ANALYSIS_H

#include <stddef.h>

#include "lang/ast.h"
#include "lang/check.h"
#include "lang/diag.h"
#include "lang/lang.h"
#include "lang/source.h"

/* One source file's text, named by the path diagnostics use. */
struct lang_buffer {
    const char *path;
    const char *text;
    size_t len;
};

struct lang_buffer_options {
    const char *dir;                 /* the program directory: its name is the project's default,
                                      * worker main files are looked up in it */
    const struct lang_buffer *files; /* the program's .dome files, in order */
    size_t n_files;
    const char *stack;                    /* NULL: no stack, names computed for dev */
    const struct lang_buffer *stack_file; /* the stack's file; NULL when it has none */
    diag_sink_fn *sink;                   /* receives every diagnostic; nothing is printed */
    void *sink_ctx;
};

/* lang_load_buffers checks the program of opt exactly as lang_load checks
 * the files on disk (the same messages and spans), reading no .dome file.
 * Always returns a unit (free it with lang_unit_free); *n_errors counts
 * the errors. The stack name must already satisfy lang_stack_name_ok. */
struct lang_unit *lang_load_buffers(const struct lang_buffer_options *opt, int *n_errors);

/* The checked model, the source table and the parsed files (program files
 * in order, then the stack file) of a unit; they live as long as it. */
struct program *lang_unit_program(struct lang_unit *u);
const struct src_table *lang_unit_sources(const struct lang_unit *u);
const struct ast_file *lang_unit_files(const struct lang_unit *u, size_t *n);

#endif
