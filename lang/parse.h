/* Parsing one source file into an AST (flex + bison). Syntax errors go to
 * the diagnostic sink; the parser recovers at newlines and '}'. */
#ifndef DOME_PARSE_H
#define DOME_PARSE_H

#include <stdint.h>

#include "lang/ast.h"
#include "lang/diag.h"
#include "lang/intern.h"

#define PARSE_MAX_DEPTH 64 /* brackets nested deeper than this are an error */

/* State shared by the scanner and the parser for one file. */
struct parse_ctx {
    struct arena *arena;  /* AST and text */
    struct intern *names; /* identifiers */
    struct diag *diag;
    uint32_t file;    /* source index; goes into every span */
    const char *text; /* the file's text (len bytes) */
    uint32_t len;
    uint32_t off;                   /* scanner position (byte offset) */
    char brackets[PARSE_MAX_DEPTH]; /* '{' '[' '(' or 'I' (string interpolation) */
    int depth;                      /* entries used in brackets; may exceed the array */
    struct ast_list items;          /* result: top-level items */
    struct dome_span *comments;
    size_t n_comments, cap_comments;
    int n_errors; /* syntax errors reported for this file */
};

/* parse_file parses source file index `file` of the table into out.
 * Always fills out (possibly partially); returns the number of syntax errors. */
int parse_file(struct arena *arena, struct intern *names, struct diag *diag,
               const struct src_file *src, uint32_t file, struct ast_file *out);

/* parse_syntax_error reports a syntax error at span (used by the scanner). */
void parse_syntax_error(struct parse_ctx *ctx, struct dome_span span, const char *help,
                        const char *msg);

/* parse_comment records a comment at span. */
void parse_comment(struct parse_ctx *ctx, struct dome_span span);

#endif
