/* The `domec stack` subcommands other than `output` (which cmd_stack.c
 * keeps): init, ls, rm, select, change-passphrase, export, import, history,
 * rollback, unlock. Each returns the process exit code. */
#ifndef DOME_STACK_CMDS_H
#define DOME_STACK_CMDS_H

#include <stdbool.h>
#include <stdio.h>

/* stack_run_subcommand runs `domec stack <argv[0]> ...` (argv[0] is the
 * subcommand); prints usage and returns 2 for an unknown one. */
int stack_run_subcommand(int argc, char **argv);

/* stack_subcommands_usage lists this area's subcommands, one per line. */
void stack_subcommands_usage(FILE *out);

int stack_init(int argc, char **argv);
int stack_ls(int argc, char **argv);
int stack_rm(int argc, char **argv);
int stack_select(int argc, char **argv);
int stack_change_passphrase(int argc, char **argv);
int stack_export(int argc, char **argv);
int stack_import(int argc, char **argv);
int stack_history(int argc, char **argv);
int stack_rollback(int argc, char **argv);
int stack_unlock(int argc, char **argv);

struct cmdline;

/* stack_preview_all runs `domec preview --all-stacks` with the parsed
 * options of preview (cl->stack is overwritten per stack): each stack's
 * plan, then a table of changes per stack. Returns the exit code: the worst
 * stack's (2 failure, 1 program errors or changes with --expect-no-changes). */
int stack_preview_all(struct cmdline *cl);

/* stack_wants_all is true when preview's argv holds --all-stacks. */
bool stack_wants_all(int argc, char **argv);

/* stack_preview_all_args parses preview's argv (minus --all-stacks) and runs
 * stack_preview_all. Returns the exit code. */
int stack_preview_all_args(int argc, char **argv);

#endif
