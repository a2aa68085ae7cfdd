/* domec stack init | ls | rm | select: creating, listing, removing and
 * choosing stacks. A stack is a stack file (stacks/NAME.dome) plus a state
 * (.dome/NAME.json); either one makes it exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/stack/stack_opts.h"
#include "runtime/store/stack_select.h"
#include "cli/stackfile/stackcfg.h"

/* Parses options and the NAME positional; prints errors. 0, or exit code. */
static int name_arg(struct opts *o, int argc, char **argv, const char *allowed,
                    const char *usage, const char **name)
{
    int rc = opts_parse(o, argc, argv, allowed, 1, usage);
    if (rc)
        return rc == 1 ? -1 : rc;
    *name = o->n_pos ? o->pos[0] : o->stack;
    if (!*name) {
        fprintf(stderr, "domec %s: missing NAME\n  usage: domec %s %s\n", o->cmd, o->cmd, usage);
        return 2;
    }
    return stack_check_name(o->cmd, *name);
}

/* stack_init: see cli/stack/stack_cmds.h. */
int stack_init(int argc, char **argv)
{
    struct opts o = {.cmd = "stack init"};
    const char *name;
    int rc = name_arg(&o, argc, argv, "", "NAME [--dir DIR]", &name);
    if (rc)
        return rc < 0 ? 0 : rc;
    if (stack_exists(o.dir, name)) {
        fprintf(stderr, "domec stack init: stack '%s' already exists\n  help: `domec stack "
                        "select %s` makes it the default\n", name, name);
        return 1;
    }
    char err[512], text[256];
    snprintf(text, sizeof text, "# Stack %s.\nconfig {}\n", name);
    if (stackcfg_store(o.dir, name, text, err, sizeof err) < 0 ||
        stack_select_write(o.dir, name, err, sizeof err) < 0) {
        fprintf(stderr, "domec stack init: %s\n", err);
        return 2;
    }
    printf("created stack '%s' (stacks/%s.dome) and selected it\n", name, name);
    return 0;
}

/* stack_select: see cli/stack/stack_cmds.h. */
int stack_select(int argc, char **argv)
{
    struct opts o = {.cmd = "stack select"};
    int rc = opts_parse(&o, argc, argv, "", 1, "[NAME] [--dir DIR]");
    if (rc)
        return rc == 1 ? 0 : rc;
    if (!o.n_pos) { /* no NAME: show the selection */
        char *sel = stack_selected(o.dir);
        printf("%s\n", sel ? sel : "(no stack selected)");
        free(sel);
        return 0;
    }
    const char *name = o.pos[0];
    if (stack_check_name("stack select", name) != 0)
        return 2;
    if (!stack_exists(o.dir, name)) {
        fprintf(stderr, "domec stack select: no stack '%s' in '%s'\n  help: `domec stack ls` "
                        "lists them; `domec stack init %s` creates it\n", name, o.dir, name);
        return 1;
    }
    char err[512];
    if (stack_select_write(o.dir, name, err, sizeof err) < 0) {
        fprintf(stderr, "domec stack select: %s\n", err);
        return 2;
    }
    printf("selected stack '%s'\n", name);
    return 0;
}
