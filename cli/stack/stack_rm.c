/* domec stack rm NAME: deletes a stack's state, history and journal (and,
 * with --delete-config, its stack file), once the stack's name is typed or
 * --yes given. Refuses while the state tracks resources, unless --force,
 * which first lists what stays behind on Cloudflare (untracked from then on). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/confirm.h"
#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/store.h"
#include "runtime/store/stack_select.h"
#include "cli/stackfile/stackcfg.h"

static void left_behind(const struct state *st)
{
    const cJSON *e;
    fprintf(stderr, "domec stack rm: --force: these resources stay on Cloudflare and are no "
                    "longer managed by domec:\n");
    cJSON_ArrayForEach(e, state_resources(st))
    {
        const char *name = state_str(e, "name"), *id = state_str(e, "id");
        fprintf(stderr, "  %s  %s%s%s%s\n", e->string, name ? name : "", id ? " (id " : "",
                id ? id : "", id ? ")" : "");
    }
}

/* Removes the stack's state, history, journal and lock record from its
 * backend (the stack file only with delete_config); a missing one is fine. */
static int remove_stack(const struct opts *o, const char *stack)
{
    char err[1024];
    int rc = o->store->ops->remove(o->store, stack, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "domec stack rm: %s\n", err);
    char *f = o->delete_config ? stackcfg_path(o->dir, stack) : NULL;
    if (f && unlink(f) != 0 && errno != ENOENT) {
        fprintf(stderr, "domec stack rm: cannot remove '%s': %s\n", f, strerror(errno));
        rc = -1;
    }
    free(f);
    return rc;
}

static const char *what_goes(const char *name, bool delete_config, char *buf, size_t cap)
{
    snprintf(buf, cap, "stack rm deletes the state and history of stack '%s'%s", name,
             delete_config ? " and its stack file with its sealed secrets" : "");
    return buf;
}

/* stack_rm: see cli/commands.def. */
int stack_rm(struct opts *o)
{
    int rc;
    char what[256];
    const char *name = o->pos[0]; /* NAME is required */
    if (stack_check_name("stack rm", name) != 0)
        return 2;
    char err[1024];
    int found = stack_exists(o, name, err, sizeof err);
    if (found < 0) {
        fprintf(stderr, "domec stack rm: %s\n", err);
        return 2;
    }
    if (!found) {
        fprintf(stderr, "domec stack rm: no stack '%s'\n  usage: domec stack rm NAME [--force]\n",
                name);
        return 1;
    }
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked("stack rm", o, name, &lk, &st) != 0)
        return 2;
    int n = stack_count_resources(&st);
    if (n > 0 && !o->force) {
        fprintf(stderr,
                "domec stack rm: stack '%s' still has %d resource%s\n  help: run "
                "`domec destroy --stack %s` first, or add --force to leave them on "
                "Cloudflare\n",
                name, n, n == 1 ? "" : "s", name);
        rc = 1;
    } else if (!confirm_typed("stack rm", what_goes(name, o->delete_config, what, sizeof what),
                              name, o->yes)) {
        rc = 2;
    } else {
        if (n > 0)
            left_behind(&st);
        rc = remove_stack(o, name) == 0 ? 0 : 2; /* the lock goes with it */
        char *sel = stack_selected(o->dir);
        if (sel && !strcmp(sel, name) && stack_select_write(o->dir, NULL, err, sizeof err) != 0) {
            fprintf(stderr, "domec stack rm: %s\n", err);
            rc = 2;
        }
        free(sel);
        printf("removed stack '%s'%s\n", name,
               o->delete_config ? "" : " (its stack file stays: --delete-config removes it)");
    }
    state_close(&st);
    lock_release(&lk);
    return rc;
}
