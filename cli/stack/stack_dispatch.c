/* Dispatch of the `domec stack` subcommands this area provides; cmd_stack.c
 * hands over every subcommand it does not handle itself. */
#include <stdio.h>
#include <string.h>

#include "cli/stack/stack_cmds.h"

static const struct {
    const char *name;
    int (*run)(int, char **);
    const char *summary;
} subs[] = {
    {"init", stack_init, "create a stack (stacks/NAME.dome) and select it"},
    {"ls", stack_ls, "list stacks with last update time and resource count"},
    {"rm", stack_rm, "remove a stack (refuses while it has resources; --force)"},
    {"select", stack_select, "choose the default stack for later commands"},
    {"change-passphrase", stack_change_passphrase, "re-encrypt the stack's secrets"},
    {"export", stack_export, "print the stack's state (a backup) on stdout"},
    {"import", stack_import, "replace the stack's state with one read from stdin"},
    {"history", stack_history, "list every update of the stack's state"},
    {"rollback", stack_rollback, "restore an earlier state serial as a new serial"},
    {"unlock", stack_unlock, "show the stack's lock holder; --force clears it"},
};

/* stack_run_subcommand: see cli/stack/stack_cmds.h. */
int stack_run_subcommand(int argc, char **argv)
{
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        if (!strcmp(subs[i].name, argv[0]))
            return subs[i].run(argc, argv);
    fprintf(stderr, "domec stack: unknown subcommand '%s'\n  subcommands: output", argv[0]);
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        fprintf(stderr, ", %s", subs[i].name);
    fprintf(stderr, "\n");
    return 2;
}

/* stack_subcommands_usage: see cli/stack/stack_cmds.h. */
void stack_subcommands_usage(FILE *out)
{
    for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
        fprintf(out, "  %-10s %s\n", subs[i].name, subs[i].summary);
}
