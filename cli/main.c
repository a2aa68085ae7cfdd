/* domec: the command-line entry point. Finds the command (and subcommand)
 * in the command table (cli/commands.def), parses its arguments and
 * resolves its stack (cli/args.c), then runs it; the only place that picks
 * the process exit code. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "runtime/base/xalloc.h"

static bool is_help(const char *arg)
{
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* Prints the words of group id's children to stderr, for an unknown one. */
static void unknown(int group, const char *word)
{
    char path[48];
    command_path(group, path, sizeof path);
    fprintf(stderr, "domec%s%s: unknown %s '%s'\n  %s:", *path ? " " : "", path,
            group == CMD_domec ? "command" : "subcommand", word,
            group == CMD_domec ? "commands" : "subcommands");
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && (int)commands[i].parent == group)
            fprintf(stderr, " %s", commands[i].name);
    fprintf(stderr, "\n  run 'domec help%s%s' for what each does\n", *path ? " " : "", path);
}

int main(int argc, char **argv)
{
    xalloc_cjson_hooks(); /* cJSON never returns NULL for lack of memory */
    int id = CMD_domec, i = 1;
    if (argc > 1 && !strcmp(argv[1], "--version"))
        return commands[CMD_version].run(NULL);
    while (command_flags(id) & C_GROUP) {
        if (i >= argc) {
            args_help(stderr, id);
            return 2;
        }
        if (is_help(argv[i])) {
            args_help(stdout, id);
            return 0;
        }
        int sub = command_find(id, argv[i]);
        if (sub < 0) {
            unknown(id, argv[i]);
            return 2;
        }
        id = sub;
        i++;
    }
    struct opts o;
    int rc = args_parse(id, argc - i + 1, argv + i - 1, &o);
    if (rc == 0)
        rc = commands[id].run(&o);
    else if (rc == 1) /* --help */
        rc = 0;
    opts_free(&o);
    return rc;
}
