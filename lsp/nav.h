/* Navigation helpers shared by definition, references, rename and hover. */
#ifndef DOME_LSP_NAV_H
#define DOME_LSP_NAV_H

#include "lsp/index.h"
#include "lsp/server.h"

struct occurrence {
    const struct src_file *src;
    struct sym sym;
};

struct occurrences {
    struct occurrence *o;
    size_t n, cap;
};

/* symbol_at finds the name under w's position. */
bool symbol_at(struct lsp_where *w, struct sym *out);

/* occurrences_of lists every occurrence of target in dir's program files
 * and, for a config key, in its stack files. Units stay cached in s. */
void occurrences_of(struct lsp_server *s, const char *dir, const struct sym *target,
                    struct occurrences *out);
void occurrences_free(struct occurrences *o);

/* The URI to report for a source path (the open document's own URI). */
char *uri_of_source(struct lsp_server *s, const char *path);
cJSON *location_json(struct lsp_server *s, const struct src_file *f, uint32_t start, uint32_t end);

/* where_document resolves params.textDocument alone (outline, tokens,
 * folding, formatting); *af is its parsed file (NULL if none). */
bool where_document(struct lsp_server *s, const cJSON *params, struct lsp_where *w,
                    const struct ast_file **af);

#endif
