/* The command table (cli/commands.def) as C data: every command and
 * subcommand with its options and positionals, and the functions that run
 * them. The argument parser (cli/args.c), the help text and `domec help
 * --list` all read this one table. */
#ifndef DOME_COMMANDS_H
#define DOME_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>

#include "cli/args.h"

#define DOMEC_VERSION "0.1.0"

/* The exit codes, one table for every command (docs/cli.md, and the help
 * of every command prints its part of it). */
enum exit_code {
    EXIT_OK = 0,      /* success, and nothing left to do */
    EXIT_PROGRAM = 1, /* errors in the program or the stack: diagnostics, config values,
                       * failed operations, a saved plan that no longer holds */
    EXIT_ENV = 2,     /* usage, credentials, network, lock, state or I/O; a refused
                       * confirmation */
    EXIT_CHANGES = 3  /* changes or drift found, with --detailed-exitcode or
                       * --expect-no-changes */
};

/* One id per entry of cli/commands.def: CMD_domec (the root), CMD_check,
 * CMD_stack, CMD_stack_init, ... */
enum cmd_id {
#define GROUP(id, parent, name, summary)          CMD_##id,
#define CMD(id, parent, name, fn, flags, summary) CMD_##id,
#include "cli/commands.def"
    CMD_COUNT
};

/* A command's flags (the CMD flags column). */
enum cmd_flags {
    C_STACK = 1,        /* takes --stack/-s: resolved, none is fine */
    C_NEEDS_STACK = 3,  /* takes --stack/-s and fails without a stack (includes C_STACK) */
    C_VERBOSE = 4,      /* takes --verbose (HTTP trace) */
    C_JSON_IGNORED = 8, /* accepts --json and ignores it (scripts pass it everywhere) */
    C_DIR = 16,         /* takes a program directory: DIR and --dir/-C (derived from ARG_DIR) */
    C_GROUP = 32,       /* holds subcommands; runs nothing itself (a GROUP entry) */
    C_ALL = 0           /* COMMON options: every command */
};

/* What an option's value is (the OPT kind column). */
enum opt_kind {
    OPT_FLAG,   /* no value: sets a bool field */
    OPT_STRING, /* a value: sets a const char * field */
    OPT_LIST,   /* a value, repeatable: appends to a struct strlist field */
    OPT_COUNT,  /* a whole number from 1 to 256: sets an int field */
    OPT_BUDGET, /* N/SECONDS, both at least 1: sets a struct budget field */
    OPT_CHOICE  /* one of the '|'-separated words of the value name: a const char * field */
};

/* How a positional is given (the ARG how column). */
enum arg_how {
    ARG_REQUIRED, /* exactly once */
    ARG_OPTIONAL, /* at most once (only after the required ones) */
    ARG_MANY,     /* any number (last, and never with ARG_DIR) */
    ARG_DIR       /* the program directory, optional, last: the same as --dir DIR */
};

struct command {
    const char *name;           /* the word typed: "init" */
    enum cmd_id parent;         /* CMD_domec for a top-level command (and the root itself) */
    int (*run)(struct opts *o); /* NULL for a group */
    int flags;                  /* enum cmd_flags */
    const char *summary;        /* one line */
};

struct opt_spec {
    enum cmd_id cmd;  /* the command it belongs to (unused for a common option) */
    int when;         /* common options: the cmd_flags a command needs to have it */
    const char *name; /* long name, without "--" */
    char letter;      /* short option letter, or 0 */
    enum opt_kind kind;
    size_t field;      /* offsetof(struct opts, field) */
    const char *value; /* value name ("FILE", "dot|svg"); NULL for a flag */
    const char *deflt; /* the default, as shown in the help; NULL when none */
    const char *help;  /* one sentence */
};

struct arg_spec {
    enum cmd_id cmd;
    const char *name; /* "KEY", "DIR|FILE" */
    enum arg_how how;
    const char *help;
};

struct alias_spec {
    enum cmd_id cmd;
    const char *name;
};

/* A command line the help shows (EXAMPLE), and what a command's exit code
 * means (EXIT; and the shared table, exit_codes). */
struct example_spec {
    enum cmd_id cmd;
    const char *line;
    const char *what;
};

struct exit_spec {
    enum cmd_id cmd; /* CMD_domec in the shared table */
    int code;
    const char *meaning;
};

extern const struct command commands[CMD_COUNT];
extern const struct example_spec command_examples[];
extern const size_t n_command_examples;
extern const struct exit_spec exit_codes[]; /* the table every command shares */
extern const size_t n_exit_codes;
extern const struct exit_spec command_exits[]; /* command-specific codes */
extern const size_t n_command_exits;
extern const struct opt_spec command_opts[]; /* every command's own options */
extern const size_t n_command_opts;
extern const struct opt_spec common_opts[]; /* options shared according to flags */
extern const size_t n_common_opts;
extern const struct arg_spec command_args[];
extern const size_t n_command_args;
extern const struct alias_spec command_aliases[];
extern const size_t n_command_aliases;

/* command_flags is the command's flags with C_DIR added when it has an
 * ARG_DIR positional and C_GROUP when it is a group. */
int command_flags(enum cmd_id id);

/* command_doc is the command's paragraph for the help (DOC), or NULL. */
const char *command_doc(enum cmd_id id);

/* command_find is the subcommand of parent named word (or an alias of
 * it), or -1. */
int command_find(enum cmd_id parent, const char *word);

/* command_has_common tells whether common option c applies to command id. */
bool command_has_common(enum cmd_id id, const struct opt_spec *c);

/* command_path writes the command's words ("stack init"; "" for the root)
 * into buf. Returns buf. */
const char *command_path(enum cmd_id id, char *buf, size_t cap);

/* command_exit_codes fills out with what each exit code means for command
 * id: the shared table, with the command's own meanings (EXIT entries)
 * instead; code 3 only for a command that reports changes (all of them
 * for the root). Returns how many. */
size_t command_exit_codes(int id, struct exit_spec *out, size_t cap);

/* exit_worst is the worse of two exit codes: an environment error
 * outweighs a program error, which outweighs changes found, which
 * outweigh success. */
int exit_worst(int a, int b);

/* The functions of the table: int fn(struct opts *o), returning the exit
 * code (enum exit_code). */
#define CMD(id, parent, name, fn, flags, summary) int fn(struct opts *o);
#include "cli/commands.def"

#endif
