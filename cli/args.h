/* The one argument parser: reads a command's options and positionals as its
 * entry in the command table (cli/commands.def) describes them, with GNU
 * getopt_long, and resolves the stack. Every command function receives the
 * result, a struct opts. Strings point into argv or into the struct. */
#ifndef DOME_ARGS_H
#define DOME_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct store;

/* The values of a repeatable option (OPT_LIST), in order. */
struct strlist {
    const char **v;
    size_t n;
};

/* --api-budget N/SECONDS (OPT_BUDGET); 0/0 when not given. */
struct budget {
    int requests;
    int window_s;
};

struct opts {
    int id;            /* the command's entry in the table (enum cmd_id) */
    const char *cmd;   /* the command's words ("config set"), for messages */
    const char *dir;   /* the program directory: DIR or --dir/-C; "." by default */
    const char *stack; /* --stack/-s, else DOME_STACK, else the selected stack; a
                        * valid name, or NULL when the command found none */
    const char **pos;  /* the positionals other than DIR, in order */
    int n_pos;
    /* Options: a command sets the ones its table entry lists. */
    bool help, yes, diff, json, refresh, expect_no_changes, verbose, all_stacks;
    bool secret, force, discover, reveal, check, list, delete_config;
    bool detailed_exitcode;   /* preview, refresh: exit 3 when there are changes */
    bool man, complete;       /* help --man, help --complete */
    const char *completion;   /* help --completion bash|zsh|fish */
    bool json_reported;       /* set by a command whose --json output already holds its error */
    const char *out;          /* preview --out FILE */
    const char *write_file;   /* import --write FILE */
    const char *format;       /* graph --format dot|svg, check --format text|json|sarif */
    const char *project;      /* init --name NAME */
    const char *plan_file;    /* apply: a saved plan given as DIR (set by cmd_apply) */
    int parallel;             /* --parallel N; 0 = default */
    struct budget budget;     /* --api-budget N/SECONDS */
    struct strlist targets;   /* --target kind.label ... */
    const char *lock_timeout; /* --lock-timeout DURATION */
    const char *migrate_to;   /* state migrate --to postgres|local */
    long lock_wait_s;         /* its seconds; 0: fail at once when the stack is locked */
    struct store *store;      /* the state backend (cli/backend.c); NULL: see store_error */
    char store_error[512];
    struct strlist from_wrangler; /* import --from-wrangler PATH ... */
    char cmd_buf[48];
    char stack_buf[80]; /* holds a selected stack's name */
};

/* args_parse reads argv[1..argc-1], the arguments of command id (argv[0]
 * is its last word), into o, then resolves the stack (args_stack).
 * `--opt=value`, `--opt value`, `-xVALUE`, `-x VALUE` and `--` (the end of
 * options) work for every command; a long option may be abbreviated while
 * that is unambiguous. Returns 0; 1 after printing the help for --help/-h
 * (exit 0); 2 after printing a usage error that names the offending
 * argument and the command's usage line. Free o with opts_free in every
 * case. */
int args_parse(int id, int argc, char **argv, struct opts *o);

/* args_stack resolves o->stack for command o->id, in this order: --stack
 * (already in o->stack), DOME_STACK, the stack selected for o->dir (for a
 * DIR that is a file, such as apply's plan.json: the current directory's).
 * The name must pass lang_stack_name_ok. A command whose flags include
 * C_NEEDS_STACK (preview unless --all-stacks) fails without a stack; the
 * others get NULL. Returns 0, or 2 after printing the error. */
int args_stack(struct opts *o);

/* args_help prints the help of table entry id: for a command its usage
 * line, summary, paragraph, positionals and every option with its help
 * and default; for a group its subcommands. */
void args_help(FILE *out, int id);

/* args_usage_line prints "usage: domec CMD ARGS [options]" for id. */
void args_usage_line(FILE *out, int id);

/* args_list prints every command (not groups), one line each, fields
 * separated by tabs: its words; its flags as a comma-separated list of
 * stack, needs-stack, dir (or "-"); its positionals as in the usage line;
 * its options, space-separated, each --long or --long=VALUE, then -x for
 * its short letter. For `domec help --list`. */
void args_list(FILE *out);

/* args_backend opens the state backend of o->dir for a command that keeps
 * state (DOME_BACKEND_URL, the project's backend; runtime/store/store.h)
 * into o->store, replacing any, and parses --lock-timeout. A backend that
 * cannot be chosen leaves o->store NULL with o->store_error saying why
 * (commands that never touch state still run). Returns 0, or 2 after
 * printing a bad --lock-timeout. (cli/backend.c) */
int args_backend(struct opts *o);

/* opts_store returns o's state backend, or prints why there is none
 * ("domec CMD: ...") and returns NULL. */
struct store *opts_store(const struct opts *o);

struct opt_spec;

/* ARGS_MAX_SPECS bounds the options of one command, common ones included. */
#define ARGS_MAX_SPECS 32

/* args_specs fills out (ARGS_MAX_SPECS entries) with the options of
 * command id in help order: the common ones that depend on a flag
 * (--stack, --dir, ...), the command's own, then --help. Returns how many. */
int args_specs(int id, const struct opt_spec **out);

/* args_text prints the positionals of id as the usage line shows them
 * (" KEY [VALUE] [DIR]"). */
void args_text(FILE *out, int id);

/* opts_free frees the positional and target lists and the backend. */
void opts_free(struct opts *o);

#endif
