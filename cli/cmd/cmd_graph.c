/* domec graph [DIR] [--stack S] [--format dot|svg]: print the resource
 * dependency graph as Graphviz DOT, or as SVG through `dot -Tsvg`. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "lang/graph.h"
#include "lang/lang.h"

static int usage(FILE *out, int rc)
{
    fprintf(
        out,
        "usage: domec graph [DIR] [--stack NAME] [--format dot|svg]\n\n"
        "Prints the program's resource graph: kinds as node shapes, binding names on\n"
        "edges, bindings that close a service cycle in red (dashed).\n"
        "--format svg renders it with Graphviz `dot`, which must be installed.\n");
    return rc;
}

static bool have_dot(void)
{
    return system("command -v dot >/dev/null 2>&1") == 0;
}

static int render(const struct ir_program *ir, bool svg)
{
    if (!svg) {
        graph_dot(ir, stdout);
        return 0;
    }
    fflush(stdout);
    FILE *p = popen("dot -Tsvg", "w");
    if (!p) {
        perror("domec: cannot run dot");
        return 2;
    }
    graph_dot(ir, p);
    return pclose(p) == 0 ? 0 : 2;
}

/* cmd_graph implements `domec graph`; returns the exit code. */
int cmd_graph(int argc, char **argv)
{
    struct lang_options opt = {".", NULL, stderr, false};
    bool svg = false, have_dir = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h"))
            return usage(stdout, 0);
        if (!strcmp(argv[i], "--stack") && i + 1 < argc)
            opt.stack = argv[++i];
        else if (!strcmp(argv[i], "--format") && i + 1 < argc &&
                 !strcmp(argv[i + 1], "svg"))
            svg = true, i++;
        else if (!strcmp(argv[i], "--format") && i + 1 < argc &&
                 !strcmp(argv[i + 1], "dot"))
            i++;
        else if (argv[i][0] != '-' && !have_dir)
            opt.dir = argv[i], have_dir = true;
        else
            return usage(stderr, 2);
    }
    if (svg && !have_dot()) {
        fprintf(stderr,
                "domec: --format svg needs Graphviz's `dot`, which is not installed\n"
                "  install it (apt-get install graphviz), or use --format dot\n");
        return 2;
    }
    struct stat st;
    if (stat(opt.dir, &st) != 0) {
        fprintf(stderr, "domec: cannot open '%s': no such file or directory\n", opt.dir);
        return 2;
    }
    opt.color = isatty(fileno(stderr)) && !getenv("NO_COLOR");
    int n_errors = 0;
    struct lang_unit *u = lang_load(&opt, &n_errors);
    int rc = lang_ir(u) ? render(lang_ir(u), svg) : 1;
    lang_unit_free(u);
    return rc;
}
