/* The local backend's journal: .dome/<stack>.journal, appended with
 * write(2) and made durable by fdatasync (journal.h says when). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/store/fsutil.h"
#include "runtime/store/journal.h"
#include "runtime/store/paths.h"
#include "runtime/store/store.h"

/* journal_file_read: see journal.h (store.h's journal_read). */
int journal_file_read(struct store *s, const char *stack, char **text, char *err, size_t err_len)
{
    *text = NULL;
    if (fs_private_dir(s->dome, err, err_len) != 0)
        return -1;
    char *path = dome_stack_file(s->dome, stack, DOME_JOURNAL);
    *text = fs_read_nofollow(path, NULL);
    int rc = !*text && errno != ENOENT ? -1 : 0;
    if (rc != 0)
        snprintf(err, err_len, "cannot read the journal '%s' of an interrupted run: %s", path,
                 strerror(errno));
    free(path);
    return rc;
}

/* journal_file_open: see journal.h. Creates the file, fsyncs .dome/. */
int journal_file_open(struct journal *j, char *err, size_t err_len)
{
    struct stat sb;
    const char *dome = j->store->dome;
    if (fs_mkdirs(dome) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", dome, strerror(errno));
        return -1;
    }
    if (fs_private_dir(dome, err, err_len) != 0)
        return -1;
    j->path = dome_stack_file(dome, j->stack, DOME_JOURNAL);
    /* O_NOFOLLOW: records are never appended through a planted symlink;
     * O_NONBLOCK: a planted FIFO fails (ENXIO) instead of hanging */
    j->fd =
        open(j->path, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    int why = j->fd < 0 || fstat(j->fd, &sb) != 0 ? errno
              : !S_ISREG(sb.st_mode)              ? EINVAL
              : fs_sync_dir(dome) != 0            ? errno
                                                  : 0;
    if (why) {
        snprintf(err, err_len, "cannot open the journal '%s': %s", j->path, strerror(why));
        return -1;
    }
    j->size = sb.st_size;
    return 0;
}

/* journal_file_write: see journal.h. */
int journal_file_write(struct journal *j, const char *line, size_t len)
{
    if (fs_write_full(j->fd, line, len) == 0) {
        j->size += (off_t)len;
        return 0;
    }
    int error = errno;
    /* cut a partly written record off, so the next run parses every whole
     * record before it; if that fails too, the torn line is skipped by
     * journal_fold (it is the last one: nothing follows) */
    if (ftruncate(j->fd, j->size) != 0) {
        /* nothing more to do: the journal is broken either way */
    }
    return error;
}

/* journal_file_sync: see journal.h. */
int journal_file_sync(struct journal *j)
{
    return fdatasync(j->fd) == 0 ? 0 : errno;
}

/* journal_file_close: see journal.h. */
void journal_file_close(struct journal *j, bool remove)
{
    if (j->fd >= 0)
        close(j->fd);
    if (remove && j->path)
        unlink(j->path);
    free(j->path);
    j->path = NULL;
    j->fd = -1;
}

/* journal_file_discard: see journal.h. */
void journal_file_discard(struct store *s, const char *stack)
{
    char *path = dome_stack_file(s->dome, stack, DOME_JOURNAL);
    unlink(path);
    free(path);
}
