/* Small file-system helpers for the runtime's on-disk files (.dome/): atomic
 * writes, directory creation, whole-file reads. Nothing here prints. */
#ifndef DOME_FSUTIL_H
#define DOME_FSUTIL_H

#include <stddef.h>

#include "runtime/base/compiler.h"

/* fs_mkdirs creates dir and its parents (mode 0700). Returns 0 or -1 (errno). */
int fs_mkdirs(const char *dir) WARN_UNUSED;

/* fs_write_atomic writes data to path through a temp file in the same
 * directory ("<path>.tmp.XXXXXX", created by mkostemp: an unpredictable
 * name, O_EXCL, so nothing planted there is followed): write, fsync,
 * rename, fsync the directory; the file gets mode. Returns 0, or -1 with a
 * message in err. */
int fs_write_atomic(const char *path, const char *data, size_t len, int mode, char *err,
                    size_t err_len) WARN_UNUSED;

/* fs_sync_dir fsyncs the directory dir, making the names of files created
 * or renamed in it durable. Returns 0 or -1 (errno). */
int fs_sync_dir(const char *dir) WARN_UNUSED;

/* fs_read_all reads a whole file into a malloc'd NUL-terminated buffer the
 * caller frees; *len gets its length (may be NULL). NULL when the file
 * cannot be opened or read (errno says why). */
char *fs_read_all(const char *path, size_t *len) WARN_UNUSED;

/* fs_read_nofollow reads path like fs_read_all, but never through a
 * symlink (O_NOFOLLOW: NULL with errno ELOOP) and only from a regular file
 * (EINVAL otherwise). Every read of a file under .dome/ uses it. */
char *fs_read_nofollow(const char *path, size_t *len) WARN_UNUSED;

/* fs_private_dir checks that dir (a .dome directory) belongs to the
 * effective user and is not writable by its group or others: anyone else
 * who can write there could plant symlinks or a forged lock. 0 when it is
 * private or does not exist; -1 with err saying what, where and how to fix
 * (`chmod 700 DIR`). */
int fs_private_dir(const char *dir, char *err, size_t err_len) WARN_UNUSED;

/* fs_read_inside reads path like fs_read_all, but only when it resolves
 * (symlinks followed) to a regular file inside dir: a program's modules
 * never come from elsewhere. NULL with errno EACCES (outside), EISDIR /
 * EINVAL (not a regular file) or the open error. */
char *fs_read_inside(const char *dir, const char *path, size_t *len) WARN_UNUSED;

/* fs_write_full writes all len bytes to fd, retrying short writes and
 * EINTR. Returns 0, or -1 with errno (EFBIG past RLIMIT_FSIZE, ENOSPC...). */
int fs_write_full(int fd, const char *data, size_t len) WARN_UNUSED;

/* fs_join returns "a/b" (malloc'd, never NULL; caller frees). */
char *fs_join(const char *a, const char *b) WARN_UNUSED;

#endif
