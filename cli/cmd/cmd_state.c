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
#include "cli/stack/stack_opts.h"
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
    fprintf(stderr, "domec %s: '%s' is not a resource address\n  help: write kind.label, "
                    "e.g. database.meta (kinds: database bucket index queue worker)\n", cmd,
            key ? key : "");
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

/* cmd_state: `domec state rm ADDR` and `domec state mv FROM TO`. */
int cmd_state(int argc, char **argv)
{
    bool is_rm = argc > 1 && !strcmp(argv[1], "rm"), is_mv = argc > 1 && !strcmp(argv[1], "mv");
    if (!is_rm && !is_mv) {
        fprintf(argc > 1 && strcmp(argv[1], "--help") ? stderr : stdout,
                "usage: domec state rm kind.label [--stack S] [--dir DIR]\n"
                "       domec state mv kind.from kind.to [--stack S] [--dir DIR]\n");
        return argc > 1 && !strcmp(argv[1], "--help") ? 0 : 2;
    }
    struct opts o = {.cmd = is_rm ? "state rm" : "state mv"};
    int rc = opts_parse(&o, argc - 1, argv + 1, "", is_rm ? 1 : 2, "ADDRESS... [--stack S]");
    if (rc || (rc = opts_need_stack(&o)))
        return rc == 1 ? 0 : rc;
    if (o.n_pos != (is_rm ? 1 : 2) || !key_ok(o.cmd, o.pos[0]) ||
        (is_mv && !key_ok(o.cmd, o.pos[1])))
        return 2;
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked(o.cmd, o.dir, o.stack, &lk, &st) != 0)
        return 2;
    rc = is_rm ? do_rm(&st, o.pos[0]) : do_mv(&st, o.pos[0], o.pos[1]);
    state_close(&st);
    lock_release(&lk);
    return rc;
}
