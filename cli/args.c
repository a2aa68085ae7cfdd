/* Option parsing for the runtime commands: flags, --stack, --parallel,
 * --target (repeatable), --api-budget N/SECONDS, one positional DIR. */
#include "cli/args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/store/stack_select.h"

/* cmdline_allows: see cmdline.h. */
bool cmdline_allows(const char *allowed, const char *opt)
{
    size_t n = strlen(opt);
    for (const char *p = strstr(allowed, opt); p; p = strstr(p + 1, opt))
        if ((p == allowed || p[-1] == ' ') && (p[n] == ' ' || p[n] == '\0'))
            return true;
    return false;
}

static int bad(const char *cmd, const char *what, const char *arg, const char *usage)
{
    fprintf(stderr, "domec %s: %s '%s'\n  usage: domec %s %s\n", cmd, what, arg, cmd, usage);
    return -1;
}

static int flag(struct cmdline *cl, const char *name)
{
    bool *f = strcmp(name, "yes") == 0                 ? &cl->yes
              : strcmp(name, "diff") == 0              ? &cl->diff
              : strcmp(name, "json") == 0              ? &cl->json
              : strcmp(name, "refresh") == 0           ? &cl->refresh
              : strcmp(name, "expect-no-changes") == 0 ? &cl->expect_no_changes
              : strcmp(name, "verbose") == 0           ? &cl->verbose
                                                       : NULL;
    if (!f)
        return -1;
    *f = true;
    return 0;
}

static int valued(struct cmdline *cl, const char *name, const char *v)
{
    if (strcmp(name, "stack") == 0)
        cl->stack = v;
    else if (strcmp(name, "out") == 0)
        cl->out = v;
    else if (strcmp(name, "parallel") == 0) {
        cl->parallel = atoi(v);
        return cl->parallel >= 1 && cl->parallel <= 256 ? 0 : -1;
    } else if (strcmp(name, "api-budget") == 0) {
        if (sscanf(v, "%d/%d", &cl->budget_requests, &cl->budget_window_s) != 2 ||
            cl->budget_requests < 1 || cl->budget_window_s < 1)
            return -1;
    } else if (strcmp(name, "target") == 0) {
        cl->targets = realloc(cl->targets, (cl->n_targets + 1) * sizeof *cl->targets);
        cl->targets[cl->n_targets++] = v;
    } else {
        return -2;
    }
    return 0;
}

static int positional(struct cmdline *cl, const char *arg, const char *cmd, const char *usage)
{
    size_t n = strlen(arg);
    if (n > 5 && strcmp(arg + n - 5, ".json") == 0 && !cl->plan_file)
        cl->plan_file = arg;
    else if (strcmp(cl->dir, ".") == 0 && !cl->plan_file)
        cl->dir = arg;
    else
        return bad(cmd, "unexpected argument", arg, usage);
    return 0;
}

/* cmdline_parse: see cmdline.h. */
int cmdline_parse(struct cmdline *cl, int argc, char **argv, const char *allowed,
                  const char *usage)
{
    const char *cmd = argv[0];
    memset(cl, 0, sizeof *cl);
    cl->dir = ".";
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            printf("usage: domec %s %s\n", cmd, usage);
            return 1;
        }
        if (strcmp(a, "-s") == 0)
            a = "--stack";
        if (strncmp(a, "--", 2) != 0) {
            if (positional(cl, a, cmd, usage) != 0)
                return -1;
            continue;
        }
        const char *name = a + 2;
        if (!cmdline_allows(allowed, name) && strcmp(name, "stack") != 0)
            return bad(cmd, "unknown option", a, usage);
        if (flag(cl, name) == 0)
            continue;
        if (i + 1 >= argc)
            return bad(cmd, "missing value for", a, usage);
        if (valued(cl, name, argv[++i]) != 0)
            return bad(cmd, "bad value for", a, usage);
    }
    if (!cl->stack)
        cl->stack = getenv("DOME_STACK");
    if ((!cl->stack || !cl->stack[0]) &&
        stack_selected_into(cl->dir, cl->stack_buf, sizeof cl->stack_buf) == 0)
        cl->stack = cl->stack_buf; /* runtime/store/stack_select.c */
    if (!cl->stack || !cl->stack[0]) {
        fprintf(stderr, "domec %s: no stack given\n  help: add --stack NAME (e.g. --stack dev)\n",
                cmd);
        return -1;
    }
    return 0;
}

/* cmdline_free: see cmdline.h. */
void cmdline_free(struct cmdline *cl)
{
    free(cl->targets);
    cl->targets = NULL;
}
