/* Command-line options shared by preview, apply, refresh, destroy and
 * stack output. Strings point into argv; targets is malloc'd. */
#ifndef DOME_CMDLINE_H
#define DOME_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

struct cmdline {
    const char *dir;        /* program directory; "." by default */
    const char *plan_file;  /* apply: a saved plan (a positional *.json) */
    const char *stack;      /* --stack / -s; else DOME_STACK; required */
    const char *out;        /* --out FILE */
    bool yes, diff, json, refresh, expect_no_changes, verbose;
    int parallel;           /* --parallel N; 0 = default */
    int budget_requests;    /* --api-budget N/SECONDS */
    int budget_window_s;
    const char **targets;   /* --target kind.label (repeatable) */
    size_t n_targets;
    char stack_buf[80];     /* the selected stack (`domec stack select`), if used */
};

/* cmdline_parse reads argv[1..] of a command. allowed is a string of the
 * long options the command accepts, e.g. "yes diff json". Returns 0; 1 after
 * printing usage for --help; -1 after printing a usage error (mentioning
 * usage) to stderr. Free with cmdline_free in every case. */
int cmdline_parse(struct cmdline *cl, int argc, char **argv, const char *allowed,
                  const char *usage);

/* cmdline_allows tells whether opt (a long option name without dashes) is a
 * whole word of allowed, the space-separated list a command accepts. */
bool cmdline_allows(const char *allowed, const char *opt);

/* cmdline_free frees the target list. */
void cmdline_free(struct cmdline *cl);

#endif
