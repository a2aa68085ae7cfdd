/* domec lsp: the language server on stdin/stdout (lsp/). Exit 0 after the
 * client's shutdown and exit, 1 when the client went away without them. */
#include <stdio.h>

#include "cli/commands.h"
#include "lsp/lsp.h"

/* cmd_lsp implements `domec lsp`; returns the exit code. */
int cmd_lsp(struct opts *o)
{
    (void)o;
    return lsp_serve(stdin, stdout);
}
