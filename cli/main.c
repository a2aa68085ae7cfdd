/* domec: the command-line entry point. Finds the command (and subcommand)
 * in the command table (cli/commands.def), parses its arguments and
 * resolves its stack (cli/args.c), then runs it; the only place that picks
 * the process exit code. */
#include <stdio.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/json_errors.h"
#include "lang/diag.h"
#include "runtime/base/xalloc.h"

static bool is_help(const char *arg)
{
    return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

/* Prints what group id has instead of an unknown word: the closest
 * subcommand (did you mean), else all of them. */
static void unknown(int group, const char *word)
{
    char path[48];
    const char *names[CMD_COUNT];
    size_t n = 0;
    command_path(group, path, sizeof path);
    for (int i = 0; i < CMD_COUNT; i++)
        if (i != CMD_domec && (int)commands[i].parent == group)
            names[n++] = commands[i].name;
    const char *near = diag_suggest(word, names, n);
    fprintf(stderr, "domec%s%s: unknown %s '%s'\n", *path ? " " : "", path,
            group == CMD_domec ? "command" : "subcommand", word);
    if (near)
        fprintf(stderr, "  help: did you mean 'domec%s%s %s'?\n", *path ? " " : "", path, near);
    fprintf(stderr, "  %s:", group == CMD_domec ? "commands" : "subcommands");
    for (size_t i = 0; i < n; i++)
        fprintf(stderr, " %s", names[i]);
    fprintf(stderr, "\n  run 'domec help%s%s' for what each does\n", *path ? " " : "", path);
}

/* Finds the command argv names and runs it; *id ends as the command found
 * (for the JSON error). Returns the exit code. */
static int dispatch(int argc, char **argv, int *id)
{
    int i = 1;
    *id = CMD_domec;
    if (argc > 1 && !strcmp(argv[1], "--version"))
        return commands[CMD_version].run(NULL);
    while (command_flags(*id) & C_GROUP) {
        if (i >= argc) {
            args_help(stderr, *id);
            return EXIT_ENV;
        }
        if (is_help(argv[i])) {
            args_help(stdout, *id);
            return EXIT_OK;
        }
        int sub = command_find(*id, argv[i]);
        if (sub < 0) {
            unknown(*id, argv[i]);
            return EXIT_ENV;
        }
        *id = sub;
        i++;
    }
    struct opts o;
    int rc = args_parse(*id, argc - i + 1, argv + i - 1, &o);
    if (rc == 0)
        rc = commands[*id].run(&o);
    else if (rc == 1) /* --help */
        rc = EXIT_OK;
    if (o.json_reported && rc != EXIT_OK)
        rc = -rc; /* the command's JSON holds the error: no second object */
    opts_free(&o);
    return rc;
}

int main(int argc, char **argv)
{
    xalloc_cjson_hooks(); /* cJSON never returns NULL for lack of memory */
    struct json_errors je = {0};
    bool json = json_errors_wanted(argc, argv) && json_errors_start(&je, &stderr) == 0;
    int id;
    int rc = dispatch(argc, argv, &id);
    bool reported = rc < 0;
    rc = reported ? -rc : rc;
    if (json) {
        char path[48];
        command_path(id, path, sizeof path);
        json_errors_finish(&je, &stderr, stdout, *path ? path : "domec", reported ? EXIT_OK : rc);
    }
    return rc;
}
