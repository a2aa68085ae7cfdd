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

#include "cli/commands.h"
#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "runtime/store/stack_select.h"
#include "cli/stackfile/stackcfg.h"

/* stack_init: see cli/commands.def. */
int stack_init(struct opts *o)
{
    const char *name = o->n_pos ? o->pos[0] : o->stack; /* NAME, or --stack NAME */
    if (!name) {
        fprintf(stderr, "domec stack init: missing NAME\n  ");
        args_usage_line(stderr, o->id);
        return 2;
    }
    if (stack_check_name("stack init", name) != 0)
        return 2;
    char err[1024];
    int found = stack_exists(o, name, err, sizeof err);
    if (found < 0) {
        fprintf(stderr, "domec stack init: %s\n", err);
        return 2;
    }
    if (found) {
        fprintf(stderr,
                "domec stack init: stack '%s' already exists\n  help: `domec stack "
                "select %s` makes it the default\n",
                name, name);
        return 1;
    }
    char text[256];
    snprintf(text, sizeof text, "# Stack %s.\nconfig {}\n", name);
    if (stackcfg_store(o->dir, name, text, err, sizeof err) < 0 ||
        stack_select_write(o->dir, name, err, sizeof err) < 0) {
        fprintf(stderr, "domec stack init: %s\n", err);
        return 2;
    }
    printf("created stack '%s' (stacks/%s.dome) and selected it\n", name, name);
    return 0;
}

/* stack_select: see cli/commands.def. */
int stack_select(struct opts *o)
{
    if (!o->n_pos) { /* no NAME: show the selection */
        char *sel = stack_selected(o->dir);
        printf("%s\n", sel ? sel : "(no stack selected)");
        free(sel);
        return 0;
    }
    const char *name = o->pos[0];
    if (stack_check_name("stack select", name) != 0)
        return 2;
    char err[1024];
    int found = stack_exists(o, name, err, sizeof err);
    if (found < 0) {
        fprintf(stderr, "domec stack select: %s\n", err);
        return 2;
    }
    if (!found) {
        fprintf(stderr,
                "domec stack select: no stack '%s' in '%s'\n  help: `domec stack ls` "
                "lists them; `domec stack init %s` creates it\n",
                name, o->dir, name);
        return 1;
    }
    if (stack_select_write(o->dir, name, err, sizeof err) < 0) {
        fprintf(stderr, "domec stack select: %s\n", err);
        return 2;
    }
    printf("selected stack '%s'\n", name);
    return 0;
}
