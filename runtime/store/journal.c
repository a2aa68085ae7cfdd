/* Append-only operation journal with fsync per record, and folding of a
 * leftover journal into state. Never calls the network. */
#include "runtime/store/journal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runtime/store/fsutil.h"

static char *journal_path(const struct state *st)
{
    char name[300];
    snprintf(name, sizeof name, "%s.journal", st->stack);
    return fs_join(st->dir, name);
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
        cJSON_DeleteItemFromObjectCaseSensitive(e, "pending");
        cJSON_AddStringToObject(e, "pending", "create");
        state_put(st, key, e);
    }
}

/* journal_fold: see journal.h. */
int journal_fold(struct state *st)
{
    char *path = journal_path(st);
    char *text = fs_read_all(path, NULL);
    free(path);
    if (!text)
        return 0;
    int n = 0;
    long serial = state_serial(st);
    for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
        cJSON *rec = cJSON_Parse(line);
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(rec, "serial");
        if (rec && cJSON_IsNumber(s) && (long)s->valuedouble == serial) {
            apply_record(st, rec);
            n++;
        }
        cJSON_Delete(rec);
    }
    free(text);
    return n;
}

/* journal_open: see journal.h. */
int journal_open(struct journal *j, const struct state *st, char *err, size_t err_len)
{
    j->path = journal_path(st);
    j->serial = state_serial(st);
    if (fs_mkdirs(st->dir) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", st->dir, strerror(errno));
        free(j->path);
        return -1;
    }
    j->fd = open(j->path, O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (j->fd < 0) {
        snprintf(err, err_len, "cannot open journal '%s': %s", j->path, strerror(errno));
        free(j->path);
        j->path = NULL;
        return -1;
    }
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

/* journal_sync: see journal.h. */
int journal_sync(struct journal *j)
{
    return fdatasync(j->fd);
}

/* journal_append: see journal.h. */
int journal_append(struct journal *j, const char *op, const char *phase, const char *key,
                   const cJSON *entry)
{
    cJSON *rec = cJSON_CreateObject();
    cJSON_AddNumberToObject(rec, "serial", (double)j->serial);
    cJSON_AddStringToObject(rec, "op", op);
    cJSON_AddStringToObject(rec, "phase", phase);
    cJSON_AddStringToObject(rec, "key", key);
    if (entry)
        cJSON_AddItemToObject(rec, "entry", cJSON_Duplicate(entry, 1));
    char *line = cJSON_PrintUnformatted(rec);
    cJSON_Delete(rec);
    if (!line)
        return -1;
    size_t len = strlen(line);
    line[len] = '\n'; /* replaces the NUL; written with its length */
    ssize_t w = write(j->fd, line, len + 1);
    free(line);
    return w == (ssize_t)(len + 1) ? 0 : -1;
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
