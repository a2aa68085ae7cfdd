/* Option parsing shared by the config, import, state and stack subcommands:
 * flags, --stack/-s, --dir/-C, positionals. Strings point into argv or into
 * the struct; nothing to free. */
#ifndef DOME_STACK_OPTS_H
#define DOME_STACK_OPTS_H

#include <stdbool.h>

#define OPTS_MAX_POS 4

struct opts {
    const char *cmd;   /* "config set", ... (for messages) */
    const char *dir;   /* --dir/-C DIR, else "." */
    const char *stack; /* --stack, DOME_STACK, .dome/selected; NULL if none */
    bool secret, force, json, verbose, yes, discover, reveal, has_dir;
    const char *pos[OPTS_MAX_POS];
    int n_pos;
    char stack_buf[80]; /* holds a selected stack's name */
};

/* opts_parse reads argv[1..]: allowed lists the accepted long flags
 * ("secret force json ..."); --stack, --dir and --verbose/--json are always
 * accepted. At most max_pos positionals (one more is taken as DIR when --dir
 * is not given). Returns 0, or 2 after printing a usage error. */
int opts_parse(struct opts *o, int argc, char **argv, const char *allowed, int max_pos,
               const char *usage);

/* opts_need_stack resolves the stack (--stack, DOME_STACK, the selected
 * stack); prints an error and returns 2 when there is none, else 0. */
int opts_need_stack(struct opts *o);

#endif
