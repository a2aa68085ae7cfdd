/* domec graph [DIR] [--stack S] [--format dot|svg]: print the resource
 * dependency graph as Graphviz DOT, or as SVG through `dot -Tsvg`. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/term.h"
#include "lang/graph.h"
#include "lang/lang.h"

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
int cmd_graph(struct opts *o)
{
    struct lang_options opt = {o->dir, o->stack, stderr, false};
    bool svg = o->format && !strcmp(o->format, "svg");
    if (svg && !have_dot()) {
        fprintf(stderr, "domec: --format svg needs Graphviz's `dot`, which is not installed\n"
                        "  install it (apt-get install graphviz), or use --format dot\n");
        return 2;
    }
    struct stat st;
    if (stat(opt.dir, &st) != 0) {
        fprintf(stderr, "domec: cannot open '%s': no such file or directory\n", opt.dir);
        return 2;
    }
    opt.color = term_color(fileno(stderr));
    int n_errors = 0;
    struct lang_unit *u = lang_load(&opt, &n_errors);
    int rc = lang_ir(u) ? render(lang_ir(u), svg) : 1;
    lang_unit_free(u);
    return rc;
}
