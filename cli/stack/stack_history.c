/* domec stack history and domec stack rollback SERIAL: every saved state
 * (.dome/history/<stack>/<serial>.json) with its time, user and change
 * counts against the serial before it; rollback saves an old one as a new
 * serial, and leaves reconciling Cloudflare to refresh/preview/apply. */
#include <dirent.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <cJSON.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "runtime/store/fsutil.h"
#include "runtime/store/paths.h"
#include "runtime/base/xalloc.h"

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return (x > y) - (x < y);
}

/* The serials in the history directory, sorted; *n gets the count. */
static long *serials(const char *hdir, size_t *n)
{
    DIR *d = opendir(hdir);
    long *list = NULL;
    struct dirent *de;
    *n = 0;
    while (d && (de = readdir(d))) {
        long s;
        if (!dome_history_serial(de->d_name, &s))
            continue;
        long *nl = xrealloc(list, (*n + 1) * sizeof *nl);
        if (!nl)
            break;
        list = nl;
        list[(*n)++] = s;
    }
    if (d)
        closedir(d);
    if (list)
        qsort(list, *n, sizeof *list, cmp_long);
    return list;
}

static cJSON *load_serial(const char *hdir, long serial, struct stat *sb)
{
    char file[64];
    snprintf(file, sizeof file, "%ld.json", serial);
    char *path = fs_join(hdir, file);
    char *text = path ? fs_read_nofollow(path, NULL) : NULL;
    if (path && sb && stat(path, sb) != 0)
        memset(sb, 0, sizeof *sb);
    free(path);
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

static char *history_dir(const struct opts *o)
{
    char rel[160];
    snprintf(rel, sizeof rel, "history/%s", o->stack);
    return stack_dome_path(o->dir, rel);
}

/* One history row as JSON: serial, time, user, command, changes. */
static cJSON *row(const cJSON *doc, const cJSON *prev, long serial, const struct stat *sb)
{
    int c[3];
    char when[32] = "?";
    struct tm tm;
    struct passwd *pw = getpwuid(sb->st_uid);
    const cJSON *up = cJSON_GetObjectItemCaseSensitive(doc, "update");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(up, "serial");
    const char *cmd = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(up, "command"));
    if (!cJSON_IsNumber(at) || (long)at->valuedouble != serial)
        cmd = NULL; /* a stamp carried over from an earlier serial */
    if (sb->st_mtime && gmtime_r(&sb->st_mtime, &tm))
        strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    changes(prev, doc, c);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "serial", (double)serial);
    cJSON_AddStringToObject(o, "time", when);
    cJSON_AddStringToObject(o, "user", pw ? pw->pw_name : "?");
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
    char *hdir = history_dir(o);
    size_t n;
    long *list = hdir ? serials(hdir, &n) : NULL;
    cJSON *rows = cJSON_CreateArray(), *prev = NULL;
    for (size_t i = 0; list && i < n; i++) {
        struct stat sb;
        cJSON *doc = load_serial(hdir, list[i], &sb);
        if (!doc)
            continue;
        cJSON_AddItemToArray(rows, row(doc, prev, list[i], &sb));
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
    free(hdir);
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
    char *hdir = history_dir(o);
    cJSON *doc = hdir ? load_serial(hdir, serial, NULL) : NULL;
    free(hdir);
    if (!doc) {
        fprintf(stderr,
                "domec stack rollback: stack '%s' has no serial %ld in its history\n"
                "  help: `domec stack history --stack %s` lists them\n",
                o->stack, serial, o->stack);
        return 1;
    }
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked("stack rollback", o->dir, o->stack, &lk, &st) != 0) {
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
