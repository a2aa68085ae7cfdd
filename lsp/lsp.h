/* `domec lsp`: the Language Server Protocol over a pair of streams. */
#ifndef DOME_LSP_H
#define DOME_LSP_H

#include <stddef.h>
#include <stdio.h>

/* lsp_serve reads JSON-RPC messages from in and answers on out until the
 * client sends `exit` or closes in. Returns the exit code: 0 after a
 * shutdown request, 1 otherwise (as the protocol asks). */
int lsp_serve(FILE *in, FILE *out);

struct lsp_server;

/* lsp_server_new / lsp_handle / lsp_server_free drive the server one
 * message body at a time (the fuzzer, the benchmark); answers go to out. */
struct lsp_server *lsp_server_new(FILE *out);
void lsp_handle(struct lsp_server *s, const char *body, size_t len);
void lsp_server_free(struct lsp_server *s);

#endif
