/* domec stack history and domec stack rollback SERIAL: every saved state
 * in the stack's backend (locally .dome/history/<stack>/<serial>.json) with its time, user and
 * change counts against the serial before it; rollback saves an old one as a new serial, and leaves
 * reconciling Cloudflare to refresh/preview/apply. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/store.h"

static cJSON *load_serial(const struct opts *o, long serial)
{
    char *text = o->store->ops->history_get(o->store, o->stack, serial, NULL);
    cJSON *doc = text ? cJSON_Parse(text) : NULL;
    free(text);
    return doc;
}

/* Counts created, updated and deleted resources from prev to cur. */
static void changes(const cJSON *prev, const cJSON *cur, int counts[3])
{
    const cJSON *pr = cJSON_GetObjectItemCaseSensitive(prev, "resources");
    const cJSON *cr = cJSON_GetObjectItemCaseSensitive(cur, "resources"), *e;
    counts[0] = counts[1] = counts[2] = 0;
    cJSON_ArrayForEach(e, cr)
    {
        const cJSON *old = cJSON_GetObjectItemCaseSensitive(pr, e->string);
        counts[old ? 1 : 0] += !old || !cJSON_Compare(old, e, true);
    }
    cJSON_ArrayForEach(e, pr) counts[2] += !cJSON_GetObjectItemCaseSensitive(cr, e->string);
}

/* One history row as JSON: serial, time, user, command, changes. */
static cJSON *row(const cJSON *doc, const cJSON *prev, const struct store_saved *saved)
{
    int c[3];
    char when[32] = "?";
    struct tm tm;
    long serial = saved->serial;
    const cJSON *up = cJSON_GetObjectItemCaseSensitive(doc, "update");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(up, "serial");
    const char *cmd = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(up, "command"));
    if (!cJSON_IsNumber(at) || (long)at->valuedouble != serial)
        cmd = NULL; /* a stamp carried over from an earlier serial */
    if (saved->when && gmtime_r(&saved->when, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    changes(prev, doc, c);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "serial", (double)serial);
    cJSON_AddStringToObject(o, "time", when);
    cJSON_AddStringToObject(o, "user", saved->user);
    cJSON_AddStringToObject(o, "command", cmd ? cmd : "update");
    cJSON_AddNumberToObject(o, "created", c[0]);
    cJSON_AddNumberToObject(o, "updated", c[1]);
    cJSON_AddNumberToObject(o, "deleted", c[2]);
    cJSON_AddNumberToObject(o, "resources",
                            cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(doc, "resources")));
    return o;
}

static void print_rows(const cJSON *rows, bool json)
{
    if (json) {
        char *s = cJSON_Print(rows);
        printf("%s\n", s ? s : "[]");
        free(s);
        return;
    }
    printf("%-7s %-21s %-10s %-22s %s\n", "SERIAL", "TIME", "USER", "COMMAND", "CHANGES");
    const cJSON *r;
    cJSON_ArrayForEach(r, rows)
    {
#define N(k) cJSON_GetObjectItemCaseSensitive(r, k)
        printf("%-7d %-21s %-10s %-22s +%d ~%d -%d (%d resources)\n", N("serial")->valueint,
               N("time")->valuestring, N("user")->valuestring, N("command")->valuestring,
               N("created")->valueint, N("updated")->valueint, N("deleted")->valueint,
               N("resources")->valueint);
#undef N
    }
}

/* stack_history: see cli/commands.def. */
int stack_history(struct opts *o)
{
    char err[1024];
    struct store_saved *list = NULL;
    size_t n = 0;
    if (!opts_store(o))
        return 2;
    if (o->store->ops->history(o->store, o->stack, &list, &n, err, sizeof err) != 0) {
        fprintf(stderr, "domec stack history: %s\n", err);
        return 2;
    }
    cJSON *rows = cJSON_CreateArray(), *prev = NULL;
    for (size_t i = 0; i < n; i++) {
        cJSON *doc = load_serial(o, list[i].serial);
        if (!doc)
            continue;
        cJSON_AddItemToArray(rows, row(doc, prev, &list[i]));
        cJSON_Delete(prev);
        prev = doc;
    }
    cJSON_Delete(prev);
    if (!cJSON_GetArraySize(rows) && !o->json)
        printf("stack '%s' has no history yet\n", o->stack);
    else
        print_rows(rows, o->json);
    cJSON_Delete(rows);
    free(list);
    return 0;
}

/* stack_stamp: see cli/stack/stack_common.h. */
void stack_stamp(cJSON *doc, const char *command, long serial)
{
    cJSON *up = cJSON_CreateObject();
    cJSON_AddStringToObject(up, "command", command);
    cJSON_AddNumberToObject(up, "serial", (double)serial);
    cJSON_DeleteItemFromObjectCaseSensitive(doc, "update");
    cJSON_AddItemToObject(doc, "update", up);
}

/* stack_rollback: see cli/commands.def. */
int stack_rollback(struct opts *o)
{
    int rc;
    char *end = NULL;
    long serial = o->n_pos ? strtol(o->pos[0], &end, 10) : -1;
    if (!end || *end || serial < 1) {
        fprintf(stderr, "domec stack rollback: give the SERIAL to restore (see `domec stack "
                        "history`)\n");
        return 2;
    }
    if (!opts_store(o))
        return 2;
    cJSON *doc = load_serial(o, serial);
    if (!doc) {
        fprintf(stderr,
                "domec stack rollback: stack '%s' has no serial %ld in its history\n"
                "  help: `domec stack history --stack %s` lists them\n",
                o->stack, serial, o->stack);
        return 1;
    }
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked("stack rollback", o, o->stack, &lk, &st) != 0) {
        cJSON_Delete(doc);
        return 2;
    }
    char cmd[64];
    snprintf(cmd, sizeof cmd, "rollback to %ld", serial);
    stack_stamp(doc, cmd, state_serial(&st) + 1);
    cJSON_ReplaceItemInObject(doc, "serial", cJSON_CreateNumber((double)state_serial(&st)));
    stack_replace_doc(&st, doc);
    rc = stack_save("stack rollback", &st) == 0 ? 0 : 2;
    if (rc == 0)
        printf("restored serial %ld of stack '%s' as serial %ld\nnext: `domec refresh --stack "
               "%s` reads the resources back, then `domec preview` shows what apply would "
               "change\n",
               serial, o->stack, state_serial(&st), o->stack);
    state_close(&st);
    lock_release(&lk);
    return rc;
}
