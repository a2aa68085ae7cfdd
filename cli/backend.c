/* Which state backend a command uses (runtime/store/store.h): the project
 * block's `backend = "..."` and DOME_BACKEND_URL, read once per command by
 * args_parse; and --lock-timeout. Commands reach the backend through
 * opts_store and never ask which one it is. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/args.h"
#include "cli/commands.h"
#include "lang/lang.h"
#include "runtime/store/store.h"

/* needs_store: commands that read or write a stack's state or lock */
static bool needs_store(int id)
{
    return (command_flags(id) & C_STACK) || (int)commands[id].parent == CMD_stack;
}

/* args_backend: see cli/args.h. */
int args_backend(struct opts *o)
{
    store_free(o->store);
    o->store = NULL;
    o->store_error[0] = '\0';
    if (!needs_store(o->id))
        return 0;
    o->lock_wait_s = o->lock_timeout ? store_lock_timeout(o->lock_timeout) : 0;
    if (o->lock_wait_s < 0) {
        fprintf(stderr,
                "domec %s: bad value '%s' for '--lock-timeout'\n  help: give seconds or a "
                "duration such as 30s, 5m or 1h\n",
                o->cmd, o->lock_timeout);
        return 2;
    }
    struct stat sb;
    const char *dir = stat(o->dir, &sb) == 0 && !S_ISDIR(sb.st_mode) ? "." : o->dir;
    char *project = NULL, *backend = NULL;
    if (lang_project(dir, &project, &backend) != 0) {
        /* an unreadable directory: the command says so in its own words */
    }
    o->store = store_choose(dir, project, backend, getenv("DOME_BACKEND_URL"), o->store_error,
                            sizeof o->store_error);
    store_connect_begin(o->store); /* while the program compiles */
    free(project);
    free(backend);
    return 0;
}

/* opts_store: see cli/args.h. */
struct store *opts_store(const struct opts *o)
{
    if (!o->store)
        fprintf(stderr, "domec %s: %s\n", o->cmd,
                o->store_error[0] ? o->store_error : "this command keeps no state");
    return o->store;
}
