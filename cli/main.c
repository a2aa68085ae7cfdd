/* domec: the command-line entry point. Dispatches to one function per
 * command (cli/commands.def); the only place that picks the process exit code. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/base/xalloc.h"

struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
};

static const struct command commands[] = {
#define CMD(name, fn, summary) {#name, fn, summary},
#include "cli/commands.def"
#undef CMD
};

static const size_t n_commands = sizeof commands / sizeof commands[0];

static void usage(FILE *out)
{
    fprintf(out, "usage: domec <command> [options]\n\n"
                 "domec turns .dome programs into Cloudflare resources.\n\n"
                 "commands:\n");
    for (size_t i = 0; i < n_commands; i++)
        fprintf(out, "  %-12s %s\n", commands[i].name, commands[i].summary);
    fprintf(out, "\n'domec <command> --help' describes a command. "
                 "Exit codes: 0 ok, 1 errors in the input, 2 usage or I/O error.\n");
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < n_commands; i++)
        if (strcmp(commands[i].name, name) == 0)
            return &commands[i];
    return NULL;
}

int main(int argc, char **argv)
{
    xalloc_cjson_hooks(); /* cJSON never returns NULL for lack of memory */
    if (argc < 2 || strcmp(argv[1], "help") == 0 || strcmp(argv[1], "--help") == 0 ||
        strcmp(argv[1], "-h") == 0) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "version") == 0) {
        printf("domec %s\n", DOMEC_VERSION);
        return 0;
    }
    const struct command *cmd = find(argv[1]);
    if (!cmd) {
        fprintf(stderr, "domec: unknown command '%s'\n  run 'domec help' for the list\n",
                argv[1]);
        return 2;
    }
    return cmd->run(argc - 1, argv + 1);
}
