/* domec stack: subcommands on a stack's state. `stack output` prints the
 * outputs recorded by the last apply; more subcommands slot into the table. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/stack/stack_cmds.h"
#include "cli/view/outputs_print.h"
#include "cli/session.h"

struct stack_sub {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static int stack_output(int argc, char **argv)
{
    struct cmdline cl;
    char name[] = "stack output"; /* how usage messages name the command */
    argv[0] = name;
    int rc;
    if ((rc = cmdline_parse(&cl, argc, argv, "json", "[DIR] --stack S [--json]")) != 0) {
        cmdline_free(&cl);
        return rc > 0 ? 0 : 2;
    }
    struct session s = {0};
    s.cl = &cl;
    s.command = "stack output";
    rc = session_state(&s, false) == 0 ? 0 : 2;
    if (rc == 0)
        outputs_print(stdout, &s.st, cl.json);
    session_close(&s);
    cmdline_free(&cl);
    return rc;
}

static const struct stack_sub subs[] = {
    {"output", stack_output, "print the stack's outputs (--json for JSON)"},
};

static void usage(FILE *out)
{
    fprintf(out, "usage: domec stack <subcommand> [options]\n\nsubcommands:\n");
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        fprintf(out, "  %-10s %s\n", subs[i].name, subs[i].summary);
    stack_subcommands_usage(out); /* cli/stack/stack_dispatch.c */
}

/* cmd_stack: dispatches `domec stack <subcommand>`; exit 2 on an unknown one. */
int cmd_stack(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (strcmp(subs[i].name, argv[1]) == 0)
            return subs[i].run(argc - 1, argv + 1);
    return stack_run_subcommand(argc - 1, argv + 1); /* init, ls, rm, ...: cli/stack_*.c */
}
