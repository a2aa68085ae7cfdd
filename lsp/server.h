/* The language server's state, shared by the request handlers: the open
 * documents, the checked programs (cached until an edit), the position
 * encoding agreed at initialize. One server per process, owned by
 * lsp_serve; no global state. */
#ifndef DOME_LSP_SERVER_H
#define DOME_LSP_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cJSON.h>

#include "lang/analysis.h"

struct lsp_doc {
    char *uri;
    char *path; /* absolute file path */
    char *text; /* NUL-terminated, len bytes: what the editor holds */
    size_t len;
    long version;
};

/* A checked program: dir with stack NULL (as `domec check DIR`), or with a
 * stack (as `domec check DIR --stack NAME`). Dropped on every edit in dir. */
struct lsp_unit {
    char *dir;
    char *stack;
    struct lang_unit *unit;
};

struct lsp_server {
    FILE *out;
    bool initialized, shutdown, exited;
    bool utf8; /* positions count UTF-8 bytes (negotiated), else UTF-16 units */
    struct lsp_doc *docs;
    size_t n_docs, cap_docs;
    struct lsp_unit *units;
    size_t n_units, cap_units;
    char **published; /* URIs whose last published diagnostics were not empty */
    size_t n_published, cap_published;
    int error_code;           /* set by a handler that refuses the request */
    const char *error_reason; /* a static message for error_code */
};

/* docs.c: the open documents. */
struct lsp_doc *doc_find(struct lsp_server *s, const char *uri);
struct lsp_doc *doc_by_path(struct lsp_server *s, const char *path);
struct lsp_doc *doc_open(struct lsp_server *s, const char *uri, const char *text, long version);
/* doc_change applies one contentChanges entry; false when it is malformed. */
bool doc_change(struct lsp_server *s, struct lsp_doc *d, const cJSON *change);
void doc_close(struct lsp_server *s, const char *uri);

/* program.c: which program a file belongs to, and checking it. */
/* program_of returns the malloc'd program directory of path; *stack is set
 * (malloc'd) when path is a stack file, stacks/NAME.dome, else NULL. */
char *program_of(const char *path, char **stack);
/* program_unit returns the checked program (cached), diagnostics discarded. */
struct lang_unit *program_unit(struct lsp_server *s, const char *dir, const char *stack);
/* program_check checks dir (with stack or not), sending every diagnostic to sink. */
struct lang_unit *program_check(struct lsp_server *s, const char *dir, const char *stack,
                                diag_sink_fn *sink, void *ctx);
/* program_stacks lists the stacks of dir (the stacks directory's .dome files, on disk and open),
 * sorted, NULL-terminated, malloc'd (free with lang_free_list). */
char **program_stacks(struct lsp_server *s, const char *dir);
/* program_files lists the program's .dome files (on disk and open), sorted. */
char **program_files(struct lsp_server *s, const char *dir);
void program_forget(struct lsp_server *s, const char *dir);
/* program_text returns the text of path: the open document's, else the
 * file's (malloc'd in *owned, freed by the caller); NULL when unreadable. */
const char *program_text(struct lsp_server *s, const char *path, size_t *len, char **owned);

/* publish.c: diagnostics for every file of dir's program. */
void publish_program(struct lsp_server *s, const char *dir);

/* text.c: LSP positions <-> byte offsets. */
uint32_t text_offset(const char *text, size_t len, uint32_t line, uint32_t ch, bool utf8);
void text_line_char(const struct src_file *f, uint32_t off, bool utf8, uint32_t *line,
                    uint32_t *character);
cJSON *text_position(const struct src_file *f, uint32_t off, bool utf8);
cJSON *text_range(const struct src_file *f, uint32_t start, uint32_t end, bool utf8);
/* text_param_offset reads params.position against text; false if missing. */
bool text_param_offset(const cJSON *params, const char *text, size_t len, bool utf8, uint32_t *off);
bool text_pos_offset(const cJSON *pos, const char *text, size_t len, bool utf8, uint32_t *off);

/* uri.c */
char *uri_to_path(const char *uri);
char *path_to_uri(const char *path);

/* A position in a checked program: the unit, the source index and offset. */
struct lsp_where {
    struct lang_unit *unit;
    const struct src_file *src;
    uint32_t file, off;
    char *dir, *stack; /* malloc'd */
};
/* where_of resolves params.textDocument + params.position; false (after
 * nothing is sent) when the document is not a known .dome file. */
bool where_of(struct lsp_server *s, const cJSON *params, struct lsp_where *w);
void where_free(struct lsp_where *w);

/* A reply: result built by a handler, or an error: a handler that refuses
 * sets s->error_code and s->error_reason and returns NULL. */
typedef cJSON *lsp_request_fn(struct lsp_server *s, const cJSON *params);
typedef void lsp_notify_fn(struct lsp_server *s, const cJSON *params);

/* The handlers, one file each. */
lsp_request_fn req_definition, req_references, req_rename, req_prepare_rename, req_hover,
    req_completion, req_document_symbol, req_formatting, req_code_action, req_folding_range,
    req_semantic_tokens, req_document_highlight;

/* tokens.c: the semantic token legend sent at initialize. */
cJSON *tokens_legend(void);

#endif
