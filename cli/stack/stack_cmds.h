/* Helpers of the `domec stack` subcommands. The subcommands themselves
 * (stack_init, stack_ls, ...) are listed in cli/commands.def and declared
 * in cli/commands.h. */
#ifndef DOME_STACK_CMDS_H
#define DOME_STACK_CMDS_H

struct opts;

/* stack_preview_all runs `domec preview --all-stacks` with the parsed
 * options of preview (cl->stack is overwritten per stack): each stack's
 * plan, then a table of changes per stack. Returns the exit code: the worst
 * stack's (2 failure, 1 program errors or changes with --expect-no-changes). */
int stack_preview_all(struct opts *cl);

#endif
