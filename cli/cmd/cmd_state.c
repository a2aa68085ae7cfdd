/* domec state rm kind.label | state mv kind.a kind.b: hand edits of a stack's
 * state, under its lock, saved as a new serial. rm forgets a resource (it
 * stays on Cloudflare); mv renames a label, and every reference to it, so
 * the next preview shows no replace. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/stack/stack_common.h"
#include "runtime/model/kind.h"

/* Is key a well-formed "kind.label"? Prints why not. */
static bool key_ok(const char *cmd, const char *key)
{
    const char *dot = key ? strchr(key, '.') : NULL;
    char kind[32];
    enum ir_kind k;
    if (dot && (size_t)(dot - key) < sizeof kind && dot[1]) {
        snprintf(kind, sizeof kind, "%.*s", (int)(dot - key), key);
        if (kind_parse(kind, &k) == 0 && !strchr(dot + 1, '.'))
            return true;
    }
    fprintf(stderr,
            "domec %s: '%s' is not a resource address\n  help: write kind.label, "
            "e.g. database.meta (kinds: database bucket index queue worker)\n",
            cmd, key ? key : "");
    return false;
}

static int do_rm(struct state *st, const char *key)
{
    if (!state_get(st, key)) {
        fprintf(stderr, "domec state rm: '%s' is not in the state\n", key);
        return 1;
    }
    state_remove(st, key);
    if (stack_save("state rm", st) != 0)
        return 2;
    printf("removed %s from the state of stack '%s'; the resource stays on Cloudflare\n", key,
           st->stack);
    return 0;
}

static int do_mv(struct state *st, const char *from, const char *to)
{
    cJSON *e = state_get(st, from);
    const char *why = !e ? "is not in the state" : state_get(st, to) ? "already exists" : NULL;
    if (why || strncmp(from, to, (size_t)(strchr(from, '.') - from + 1)) != 0) {
        fprintf(stderr, "domec state mv: %s %s\n", why ? (e ? to : from) : to,
                why ? why : "is of another kind (mv renames a label within one kind)");
        return 1;
    }
    if (state_move(st, from, to) != 0) /* checked above: cannot fail */
        return 2;
    if (stack_save("state mv", st) != 0)
        return 2;
    printf("moved %s to %s in the state of stack '%s'\n", from, to, st->stack);
    return 0;
}

/* Checks the addresses, then runs rm (to NULL) or mv under the stack's lock. */
static int edit(const struct opts *o, const char *from, const char *to)
{
    if (!key_ok(o->cmd, from) || (to && !key_ok(o->cmd, to)))
        return 2;
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked(o->cmd, o, o->stack, &lk, &st) != 0)
        return 2;
    int rc = to ? do_mv(&st, from, to) : do_rm(&st, from);
    state_close(&st);
    lock_release(&lk);
    return rc;
}

/* state_rm: `domec state rm kind.label`. */
int state_rm(struct opts *o)
{
    return edit(o, o->pos[0], NULL);
}

/* state_mv: `domec state mv kind.from kind.to`. */
int state_mv(struct opts *o)
{
    return edit(o, o->pos[0], o->pos[1]);
}
