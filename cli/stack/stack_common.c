/* Stack discovery, lock and state helpers for the stack subcommands. */
#include "cli/stack/stack_common.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli/stackfile/stackcfg.h"
#include "lang/lang.h"
#include "runtime/store/fsutil.h"
#include "runtime/store/journal.h"
#include "runtime/store/paths.h"
#include "runtime/store/stack_select.h"
#include "runtime/store/store.h"
#include "runtime/base/xalloc.h"

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds name (taking it) to *list unless it is there or no stack name. */
static void add_name(char ***list, size_t *n, char *name)
{
    bool dup = !lang_stack_name_ok(name);
    for (size_t i = 0; !dup && i < *n; i++)
        dup = !strcmp((*list)[i], name);
    if (dup) {
        free(name);
        return;
    }
    *list = xrealloc(*list, (*n + 2) * sizeof **list);
    (*list)[(*n)++] = name;
    (*list)[*n] = NULL;
}

/* Adds the NAME of every NAME<suffix> file in sub (dir/sub) to *list. */
static void collect(const char *dir, const char *sub, const char *suffix, char ***list, size_t *n)
{
    char *path = fs_join(dir, sub);
    DIR *d = path ? opendir(path) : NULL;
    struct dirent *de;
    size_t k = strlen(suffix);
    while (d && (de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > k && strcmp(de->d_name + l - k, suffix) == 0)
            add_name(list, n, xstrndup(de->d_name, l - k));
    }
    if (d)
        closedir(d);
    free(path);
}

/* stack_names: see cli/stack/stack_common.h. */
char **stack_names(const struct opts *o, char *err, size_t err_len)
{
    char **stored = NULL;
    if (o->store && !(stored = o->store->ops->stacks(o->store, err, err_len)))
        return NULL;
    char **list = xcalloc(1, sizeof *list);
    size_t n = 0;
    collect(o->dir, "stacks", ".dome", &list, &n);
    for (size_t i = 0; stored && stored[i]; i++)
        add_name(&list, &n, stored[i]); /* takes the name */
    free(stored);
    qsort(list, n, sizeof *list, cmp_str);
    return list;
}

/* stack_names_free: see cli/stack/stack_common.h. */
void stack_names_free(char **names)
{
    for (size_t i = 0; names && names[i]; i++)
        free(names[i]);
    free(names);
}

/* stack_check_name: see cli/stack/stack_common.h. */
int stack_check_name(const char *cmd, const char *name)
{
    if (lang_stack_name_ok(name))
        return 0;
    fprintf(stderr,
            "domec %s: invalid stack name '%s'\n  help: a stack name is " LANG_STACK_NAME_RULE "\n",
            cmd, name);
    return 2;
}

/* stack_exists: see cli/stack/stack_common.h. */
int stack_exists(const struct opts *o, const char *stack, char *err, size_t err_len)
{
    /* a stack file answers without asking the backend (a round trip to a
     * shared database on every command) */
    char *file = stackcfg_path(o->dir, stack);
    bool has_file = file && access(file, F_OK) == 0;
    free(file);
    if (has_file)
        return 1;
    char **names = stack_names(o, err, err_len);
    if (!names)
        return -1;
    int found = 0;
    for (size_t i = 0; names && names[i]; i++)
        found |= !strcmp(names[i], stack);
    stack_names_free(names);
    return found;
}

/* interrupted: a killed apply left journal records for this state; an edit
 * would advance the serial and orphan what they record, so it waits for the
 * apply that finishes them. */
static bool interrupted(struct state *st, char *err, size_t err_len)
{
    int n = journal_fold(st, err, err_len);
    if (n == 0)
        return false;
    if (n < 0)
        return true; /* err says why the journal cannot be read */
    snprintf(err, err_len,
             "an interrupted apply left %d journal record%s for stack '%s'; nothing was "
             "changed\n  help: run `domec apply --stack %s` first: it finishes that run, then "
             "edit the state",
             n, n == 1 ? "" : "s", st->stack, st->stack);
    return true;
}

/* stack_open_locked: see cli/stack/stack_common.h. */
int stack_open_locked(const char *cmd, const struct opts *o, const char *stack, struct lock *lk,
                      struct state *st)
{
    char err[1024];
    struct store *s = opts_store(o);
    if (!s)
        return -1;
    int rc = lock_take(lk, s, stack, cmd, o->lock_wait_s, err, sizeof err);
    if (rc == 0 && state_open_in(st, s, stack, err, sizeof err) != 0)
        rc = -1;
    else if (rc == 0 && interrupted(st, err, sizeof err))
        rc = -1;
    if (rc != 0) {
        if (lk->stack) {
            state_close(st);
            lock_release(lk);
        }
        fprintf(stderr, "domec %s: %s\n", cmd, err);
    }
    return rc;
}

/* stack_save: see cli/stack/stack_common.h. */
int stack_save(const char *cmd, struct state *st)
{
    char err[1024];
    if (state_save(st, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "domec %s: %s\n", cmd, err);
    return -1;
}

/* stack_count_resources: see cli/stack/stack_common.h. */
int stack_count_resources(const struct state *st)
{
    return cJSON_GetArraySize(state_resources(st));
}

/* stack_replace_doc: see cli/stack/stack_common.h. */
void stack_replace_doc(struct state *st, cJSON *doc)
{
    cJSON *e, *next;
    for (e = state_resources(st) ? state_resources(st)->child : NULL; e; e = next) {
        next = e->next;
        state_remove(st, e->string);
    }
    cJSON *res = cJSON_DetachItemFromObjectCaseSensitive(doc, "resources");
    while (res && res->child) {
        e = cJSON_DetachItemViaPointer(res, res->child);
        state_put(st, e->string, e);
    }
    cJSON_Delete(res);
    for (e = st->root->child; e; e = next) { /* drop members doc lacks */
        next = e->next;
        if (strcmp(e->string, "resources") && !cJSON_GetObjectItemCaseSensitive(doc, e->string))
            cJSON_DeleteItemFromObjectCaseSensitive(st->root, e->string);
    }
    while (doc->child) {
        e = cJSON_DetachItemViaPointer(doc, doc->child);
        cJSON_DeleteItemFromObjectCaseSensitive(st->root, e->string);
        cJSON_AddItemToObject(st->root, e->string, e); /* copies the key */
    }
    cJSON_Delete(doc);
}

/* stack_copy_state: see cli/stack/stack_common.h. */
void stack_copy_state(struct state *dst, const struct state *src)
{
    memset(dst, 0, sizeof *dst);
    dst->root = cJSON_CreateObject();
    cJSON_AddItemToObject(dst->root, "resources", cJSON_CreateObject());
    const cJSON *from = src ? state_resources(src) : NULL, *e;
    cJSON_ArrayForEach(e, from) state_put(dst, e->string, cJSON_Duplicate(e, 1));
}
