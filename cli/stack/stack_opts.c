/* Option parsing for the stack, config, state and import commands. */
#include "cli/stack/stack_opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/args.h"
#include "lang/lang.h"
#include "runtime/store/stack_select.h"

static bool *flag_of(struct opts *o, const char *name)
{
    static const char *const names[] = {"secret", "force", "json", "verbose",
                                        "yes",    "discover", "reveal"};
    bool *fields[] = {&o->secret, &o->force, &o->json, &o->verbose,
                      &o->yes,    &o->discover, &o->reveal};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(names[i], name))
            return fields[i];
    return NULL;
}

static int usage_error(const struct opts *o, const char *what, const char *arg,
                       const char *usage)
{
    fprintf(stderr, "domec %s: %s '%s'\n  usage: domec %s %s\n", o->cmd, what, arg, o->cmd,
            usage);
    return 2;
}

static int option(struct opts *o, int argc, char **argv, int *i, const char *allowed,
                  const char *usage)
{
    const char *a = argv[*i];
    bool is_stack = !strcmp(a, "--stack") || !strcmp(a, "-s");
    bool is_dir = !strcmp(a, "--dir") || !strcmp(a, "-C");
    if (is_stack || is_dir) {
        if (*i + 1 >= argc)
            return usage_error(o, "missing value for", a, usage);
        *(is_stack ? &o->stack : &o->dir) = argv[++*i];
        o->has_dir |= is_dir;
        return 0;
    }
    bool *f = flag_of(o, a + 2);
    if (!f || (!cmdline_allows(allowed, a + 2) && strcmp(a, "--json") && strcmp(a, "--verbose")))
        return usage_error(o, "unknown option", a, usage);
    *f = true;
    return 0;
}

/* opts_parse: see cli/stack/stack_opts.h. */
int opts_parse(struct opts *o, int argc, char **argv, const char *allowed, int max_pos,
               const char *usage)
{
    const char *cmd = o->cmd;
    memset(o, 0, sizeof *o);
    o->cmd = cmd ? cmd : argv[0];
    o->dir = ".";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
            printf("usage: domec %s %s\n", o->cmd, usage);
            return 1;
        }
        if (a[0] == '-' && a[1]) {
            if (option(o, argc, argv, &i, allowed, usage) != 0)
                return 2;
        } else if (o->n_pos < max_pos && o->n_pos < OPTS_MAX_POS) {
            o->pos[o->n_pos++] = a;
        } else if (!o->has_dir) {
            o->dir = a;
            o->has_dir = true;
        } else {
            return usage_error(o, "unexpected argument", a, usage);
        }
    }
    return 0;
}

/* opts_need_stack: see cli/stack/stack_opts.h. */
int opts_need_stack(struct opts *o)
{
    if (!o->stack || !*o->stack)
        o->stack = getenv("DOME_STACK");
    if (!o->stack || !*o->stack) {
        char *sel = stack_selected(o->dir);
        if (sel) {
            snprintf(o->stack_buf, sizeof o->stack_buf, "%s", sel);
            o->stack = o->stack_buf;
        }
        free(sel);
    }
    if (o->stack && *o->stack) {
        if (lang_stack_name_ok(o->stack))
            return 0;
        fprintf(stderr, "domec %s: invalid stack name '%s'\n  help: a stack name is "
                        LANG_STACK_NAME_RULE "\n", o->cmd, o->stack);
        return 2;
    }
    fprintf(stderr, "domec %s: no stack given\n  help: add --stack NAME, or choose a default "
                    "with `domec stack select NAME`\n", o->cmd);
    return 2;
}
