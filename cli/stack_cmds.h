/* The `domec stack` subcommands other than `output` (which cmd_stack.c
 * keeps): init, ls, rm, select, change-passphrase, export, import, history,
 * rollback, unlock. Each returns the process exit code. */
#ifndef DOME_STACK_CMDS_H
#define DOME_STACK_CMDS_H

/* stack_run_subcommand runs `domec stack <argv[0]> ...` (argv[0] is the
 * subcommand); prints usage and returns 2 for an unknown one. */
int stack_run_subcommand(int argc, char **argv);

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

#endif
