/* domec stack unlock [--force]: shows who holds the stack's lock; with
 * --force removes it (for a holder that died on another machine, or a lock
 * left behind). Never touches the state itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/lock.h"
#include "runtime/store/store.h"

static void show_holder(const char *stack, const char *text)
{
    char who[400];
    lock_holder(text, who, sizeof who);
    printf("stack '%s' is locked by %s\n", stack, who);
}

/* stack_unlock: see cli/commands.def. */
int stack_unlock(struct opts *o)
{
    int rc = 0;
    char err[1024];
    struct store *s = opts_store(o);
    if (!s)
        return 2;
    char *text = s->ops->lock_holder(s, o->stack);
    if (!text) {
        printf("stack '%s' is not locked\n", o->stack);
    } else {
        show_holder(o->stack, text);
        if (!o->force) {
            fprintf(stderr,
                    "domec stack unlock: left in place\n  help: if that process is "
                    "gone, run `domec stack unlock --force --stack %s`\n",
                    o->stack);
            rc = 1;
        } else if (s->ops->lock_clear(s, o->stack, err, sizeof err) != 0) {
            fprintf(stderr, "domec stack unlock: %s\n", err);
            rc = 2;
        } else {
            printf("lock removed\n");
        }
    }
    free(text);
    return rc;
}
