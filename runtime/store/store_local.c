/* The local backend (store.h): every stack's state, history, journal and
 * lock as files under the program's .dome/ (paths.h names them). The
 * journal's file handling lives in journal_file.c, the lock file's in
 * lock.c; this file is the table that ties them to the interface. */
#include "runtime/store/store.h"

#include <dirent.h>
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/fsutil.h"
#include "runtime/store/journal.h"
#include "runtime/store/lock.h"
#include "runtime/store/paths.h"

static int local_load(struct store *s, const char *stack, char **text, size_t *len, time_t *when,
                      char *err, size_t err_len)
{
    *text = NULL;
    if (fs_private_dir(s->dome, err, err_len) != 0)
        return -1;
    char *path = dome_stack_file(s->dome, stack, DOME_STATE);
    struct stat sb;
    if (when)
        *when = stat(path, &sb) == 0 ? sb.st_mtime : 0;
    *text = fs_read_nofollow(path, len);
    int rc = 0;
    if (!*text && errno != ENOENT) {
        snprintf(err, err_len, "cannot read '%s': %s%s", path, strerror(errno),
                 errno == ELOOP ? " (it is a symlink; a state is never read through one)" : "");
        rc = -1;
    }
    free(path);
    return rc;
}

static int local_save(struct store *s, const char *stack, long serial, const char *text, size_t len,
                      char *err, size_t err_len)
{
    char *sub = dome_history_dir(s->dome, stack);
    int rc = -1;
    if (fs_mkdirs(s->dome) != 0)
        snprintf(err, err_len, "cannot create '%s': %s", s->dome, strerror(errno));
    else if (fs_private_dir(s->dome, err, err_len) != 0)
        rc = -1;
    else if (fs_mkdirs(sub) != 0)
        snprintf(err, err_len, "cannot create '%s': %s", sub, strerror(errno));
    else {
        char *hist = dome_history_file(s->dome, stack, serial);
        char *path = dome_stack_file(s->dome, stack, DOME_STATE);
        rc = fs_write_atomic(hist, text, len, 0600, err, err_len);
        if (rc == 0)
            rc = fs_write_atomic(path, text, len, 0600, err, err_len);
        free(hist);
        free(path);
    }
    free(sub);
    return rc;
}

static int cmp_saved(const void *a, const void *b)
{
    long x = ((const struct store_saved *)a)->serial, y = ((const struct store_saved *)b)->serial;
    return (x > y) - (x < y);
}

static int local_history(struct store *s, const char *stack, struct store_saved **list, size_t *n,
                         char *err, size_t err_len)
{
    (void)err;
    (void)err_len;
    char *hdir = dome_history_dir(s->dome, stack);
    DIR *d = opendir(hdir);
    struct dirent *de;
    *list = NULL;
    *n = 0;
    while (d && (de = readdir(d))) {
        long serial;
        if (!dome_history_serial(de->d_name, &serial))
            continue;
        *list = xrealloc(*list, (*n + 1) * sizeof **list);
        struct store_saved *r = &(*list)[(*n)++];
        char *path = dome_history_file(s->dome, stack, serial);
        struct stat sb;
        bool is_there = lstat(path, &sb) == 0;
        struct passwd *pw = is_there ? getpwuid(sb.st_uid) : NULL;
        r->serial = serial;
        r->when = is_there ? sb.st_mtime : 0;
        snprintf(r->user, sizeof r->user, "%s", pw ? pw->pw_name : "?");
        free(path);
    }
    if (d)
        closedir(d);
    free(hdir);
    if (*n)
        qsort(*list, *n, sizeof **list, cmp_saved);
    return 0;
}

static char *local_history_get(struct store *s, const char *stack, long serial, size_t *len)
{
    char *path = dome_history_file(s->dome, stack, serial);
    char *text = fs_read_nofollow(path, len);
    free(path);
    return text;
}

static int local_lock_try(struct lock *lk, const char *holder, char *err, size_t err_len)
{
    return lock_file_try(lk, lk->store->dome, holder, err, err_len);
}

static char *local_lock_holder(struct store *s, const char *stack)
{
    char *path = dome_stack_file(s->dome, stack, DOME_LOCK);
    char *text = fs_read_nofollow(path, NULL);
    free(path);
    return text;
}

static int local_lock_clear(struct store *s, const char *stack, char *err, size_t err_len)
{
    char *path = dome_stack_file(s->dome, stack, DOME_LOCK);
    int rc = unlink(path) == 0 || errno == ENOENT ? 0 : -1;
    if (rc != 0)
        snprintf(err, err_len, "cannot remove '%s': %s", path, strerror(errno));
    free(path);
    return rc;
}

static char **local_stacks(struct store *s, char *err, size_t err_len)
{
    DIR *d = opendir(s->dome);
    if (!d && errno != ENOENT) {
        snprintf(err, err_len, "cannot list the stacks in '%s': %s", s->dome, strerror(errno));
        return NULL;
    }
    struct dirent *de;
    size_t n = 0, k = strlen(dome_suffix(DOME_STATE));
    char **list = xcalloc(1, sizeof *list);
    while (d && (de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l <= k || strcmp(de->d_name + l - k, dome_suffix(DOME_STATE)) != 0)
            continue;
        list = xrealloc(list, (n + 2) * sizeof *list);
        list[n++] = xstrndup(de->d_name, l - k);
        list[n] = NULL;
    }
    if (d)
        closedir(d);
    return list;
}

/* Removes the flat history directory h (numbered state files). */
static int remove_dir(const char *h)
{
    DIR *d = opendir(h);
    struct dirent *de;
    int rc = 0;
    if (!d)
        return errno == ENOENT ? 0 : -1;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        char *p = fs_join(h, de->d_name);
        rc |= unlink(p) == 0 ? 0 : -1;
        free(p);
    }
    closedir(d);
    return rmdir(h) == 0 ? rc : -1;
}

static int local_remove(struct store *s, const char *stack, char *err, size_t err_len)
{
    int rc = 0;
    for (int i = 0; i < DOME_N_STACK_FILES; i++) {
        char *p = dome_stack_file(s->dome, stack, (enum dome_file)i);
        if (unlink(p) != 0 && errno != ENOENT)
            rc = -1;
        free(p);
    }
    char *h = dome_history_dir(s->dome, stack);
    if (remove_dir(h) != 0)
        rc = -1;
    if (rc != 0)
        snprintf(err, err_len, "cannot remove every file of stack '%s' under '%s'", stack, s->dome);
    free(h);
    return rc;
}

static void local_free(struct store *s)
{
    (void)s;
}

static const struct store_ops local_ops = {
    .name = "local",
    .load = local_load,
    .save = local_save,
    .history = local_history,
    .history_get = local_history_get,
    .journal_read = journal_file_read,
    .journal_open = journal_file_open,
    .journal_write = journal_file_write,
    .journal_sync = journal_file_sync,
    .journal_close = journal_file_close,
    .journal_discard = journal_file_discard,
    .lock_try = local_lock_try,
    .lock_release = lock_file_release,
    .lock_holder = local_lock_holder,
    .lock_clear = local_lock_clear,
    .stacks = local_stacks,
    .remove = local_remove,
    .free = local_free,
};

/* store_local: see store.h. */
struct store *store_local(const char *prog_dir)
{
    struct store *s = xcalloc(1, sizeof *s);
    s->ops = &local_ops;
    s->prog_dir = xstrdup(prog_dir);
    s->dome = dome_dir(prog_dir);
    s->project = xstrdup("");
    return s;
}
