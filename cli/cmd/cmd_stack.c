/* domec stack output: prints the outputs recorded by the last apply. The
 * other `domec stack` subcommands live in cli/stack/; the command table
 * (cli/commands.def) dispatches all of them. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/view/outputs_print.h"
#include "cli/session.h"

/* stack_output: `domec stack output [DIR] [--json]`; exit 0, or 2 when the
 * state cannot be read. */
int stack_output(struct opts *o)
{
    struct session s = {0};
    s.cl = o;
    s.command = "stack output";
    int rc = session_state(&s, false) == 0 ? 0 : 2;
    if (rc == 0)
        outputs_print(stdout, &s.st, o->json);
    session_close(&s);
    return rc;
}
