/* domec help [COMMAND [SUBCOMMAND]] and domec version. The help of a command
 * is the one its --help prints; both come from the command table. */
#include <stdio.h>

#include "cli/commands.h"
#include "cli/complete.h"
#include "cli/view/man_page.h"
#include "lang/diag.h"

/* cmd_help implements `domec help`; returns the exit code. */
int cmd_help(struct opts *o)
{
    if (o->list) {
        args_list(stdout);
        return 0;
    }
    if (o->complete) {
        complete_words(stdout, o->pos, o->n_pos);
        return EXIT_OK;
    }
    if (o->completion)
        return complete_script(stdout, o->completion) == 0 ? EXIT_OK : EXIT_ENV;
    int id = CMD_domec;
    for (int i = 0; i < o->n_pos; i++) {
        int sub = command_flags(id) & C_GROUP ? command_find(id, o->pos[i]) : -1;
        if (sub < 0) {
            char path[48];
            const char *names[CMD_COUNT];
            size_t n = 0;
            for (int k = 0; k < CMD_COUNT; k++)
                if (k != CMD_domec && (int)commands[k].parent == id)
                    names[n++] = commands[k].name;
            const char *near = diag_suggest(o->pos[i], names, n);
            command_path(id, path, sizeof path);
            fprintf(stderr, "domec help: no %s '%s%s%s'\n",
                    id == CMD_domec ? "command" : "subcommand", path, *path ? " " : "", o->pos[i]);
            if (near)
                fprintf(stderr, "  help: did you mean 'domec help %s%s%s'?\n", path,
                        *path ? " " : "", near);
            fprintf(stderr, "  run 'domec help%s%s' for the list\n", *path ? " " : "", path);
            return EXIT_ENV;
        }
        id = sub;
    }
    if (o->man)
        man_page(stdout, id);
    else
        args_help(stdout, id);
    return 0;
}

/* cmd_version implements `domec version` (and `domec --version`, which
 * passes NULL). */
int cmd_version(struct opts *o)
{
    (void)o;
    printf("domec %s\n", DOMEC_VERSION);
    return 0;
}
