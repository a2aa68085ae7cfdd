/* Append-only operation journal: records written with write(2), made
 * durable in groups by journal_sync, and folding of a leftover journal into
 * state. Never calls the network. When records are fsynced is spelled out
 * in journal.h and docs/state.md. */
#include "runtime/store/journal.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/store/fsutil.h"
#include "runtime/store/paths.h"

static char *journal_path(const struct state *st)
{
    return dome_stack_file(st->dir, st->stack, DOME_JOURNAL);
}

static void apply_record(struct state *st, const cJSON *rec)
{
    const char *op = state_str(rec, "op");
    const char *phase = state_str(rec, "phase");
    const char *key = state_str(rec, "key");
    const cJSON *entry = cJSON_GetObjectItemCaseSensitive(rec, "entry");
    if (!op || !phase || !key)
        return;
    if (strcmp(phase, "done") == 0 && strcmp(op, "delete") == 0) {
        state_remove(st, key);
    } else if (strcmp(phase, "done") == 0 && cJSON_IsObject(entry)) {
        state_put(st, key, cJSON_Duplicate(entry, 1));
    } else if (strcmp(phase, "pending") == 0 && strcmp(op, "create") == 0 &&
               cJSON_IsObject(entry)) {
        const cJSON *old = state_get(st, key);
        if (old && !cJSON_GetObjectItemCaseSensitive(old, "pending"))
            return; /* the resource is known: nothing to resolve */
        cJSON *e = cJSON_Duplicate(entry, 1);
        state_entry_trim(e); /* the planner's hints are not state */
        cJSON_DeleteItemFromObjectCaseSensitive(e, "pending");
        cJSON_AddStringToObject(e, "pending", "create");
        state_put(st, key, e);
    }
}

/* journal_fold: see journal.h. */
int journal_fold(struct state *st, char *err, size_t err_len)
{
    char *path = journal_path(st);
    if (fs_private_dir(st->dir, err, err_len) != 0) {
        free(path);
        return -1;
    }
    char *text = fs_read_nofollow(path, NULL);
    if (!text) {
        int rc = errno == ENOENT ? 0 : -1;
        if (rc != 0)
            snprintf(err, err_len, "cannot read the journal '%s' of an interrupted run: %s", path,
                     strerror(errno));
        free(path);
        return rc;
    }
    int n = 0;
    long serial = state_serial(st);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *rec = cJSON_Parse(line); /* NULL for a torn line */
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(rec, "serial");
        if (rec && cJSON_IsNumber(s) && (long)s->valuedouble == serial) {
            apply_record(st, rec);
            n++;
        }
        cJSON_Delete(rec);
    }
    free(text);
    /* a record's entry joins the state as it is: check the result as
     * strictly as a loaded state, naming the journal if it breaks it */
    char why[700];
    if (n > 0 && state_validate(st->root, st->stack, why, sizeof why) != 0) {
        snprintf(err, err_len, "%s: folding it into the state gives an invalid state: %s", path,
                 why);
        n = -1;
    }
    free(path);
    return n;
}

/* journal_open: see journal.h. */
int journal_open(struct journal *j, const struct state *st, char *err, size_t err_len)
{
    struct stat sb;
    memset(j, 0, sizeof *j);
    j->fd = -1;
    j->serial = state_serial(st);
    if (fs_mkdirs(st->dir) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", st->dir, strerror(errno));
        return -1;
    }
    if (fs_private_dir(st->dir, err, err_len) != 0)
        return -1;
    j->path = journal_path(st);
    /* O_NOFOLLOW: records are never appended through a planted symlink;
     * O_NONBLOCK: a planted FIFO fails (ENXIO) instead of hanging */
    j->fd =
        open(j->path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    int why = j->fd < 0 || fstat(j->fd, &sb) != 0 ? errno
              : !S_ISREG(sb.st_mode)              ? EINVAL
              : fs_sync_dir(st->dir) != 0         ? errno
                                                  : 0;
    if (why) {
        errno = why;
        snprintf(err, err_len, "cannot open the journal '%s': %s", j->path, strerror(errno));
        journal_close(j, false);
        return -1;
    }
    j->size = sb.st_size;
    return 0;
}

/* journal_write: see journal.h. */
int journal_write(struct journal *j, const char *op, const char *phase, const char *key,
                  const cJSON *entry)
{
    if (journal_append(j, op, phase, key, entry) != 0)
        return -1;
    return journal_sync(j);
}

/* broken: remember the first error; the journal takes no more records */
static int broken(struct journal *j, int error)
{
    if (!j->error)
        j->error = error;
    errno = error;
    return -1;
}

/* journal_sync: see journal.h. After a failed fdatasync the kernel may have
 * dropped the dirty pages, so a later "successful" one proves nothing. */
int journal_sync(struct journal *j)
{
    assert(j->fd >= 0);
    if (j->is_sync_failed)
        return broken(j, j->error);
    if (fdatasync(j->fd) != 0) {
        j->is_sync_failed = true;
        return broken(j, errno);
    }
    return 0;
}

/* journal_append: see journal.h. */
int journal_append(struct journal *j, const char *op, const char *phase, const char *key,
                   const cJSON *entry)
{
    assert(j->fd >= 0 && op && phase && key);
    if (j->error)
        return broken(j, j->error);
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddNumberToObject(rec, "serial", (double)j->serial);
    cJSON_AddStringToObject(rec, "op", op);
    cJSON_AddStringToObject(rec, "phase", phase);
    cJSON_AddStringToObject(rec, "key", key);
    if (entry)
        cJSON_AddItemToObject(rec, "entry", cJSON_Duplicate(entry, 1));
    char *line = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    assert(line != NULL); /* cJSON allocates with xmalloc: never NULL */
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; written with its length */
    int rc = fs_write_full(j->fd, line, len + 1);
    int error = errno;
    free(line);
    if (rc != 0) {
        /* cut a partly written record off, so the next run parses every
         * whole record before it; if that fails too, the torn line is
         * skipped by journal_fold (it is the last one: nothing follows) */
        if (ftruncate(j->fd, j->size) != 0) {
            /* nothing more to do: the journal is broken either way */
        }
        return broken(j, error);
    }
    j->size += (off_t)(len + 1);
    return 0;
}

/* journal_close: see journal.h. */
void journal_close(struct journal *j, bool remove)
{
    if (j->fd >= 0)
        close(j->fd);
    if (remove && j->path)
        unlink(j->path);
    free(j->path);
    j->path = NULL;
    j->fd = -1;
}

/* journal_discard: see journal.h. */
void journal_discard(const struct state *st)
{
    char *path = journal_path(st);
    unlink(path);
    free(path);
}
