/* Small file-system helpers for the runtime's on-disk files (.dome/): atomic
 * writes, directory creation, whole-file reads. Nothing here prints. */
#ifndef DOME_FSUTIL_H
#define DOME_FSUTIL_H

#include <stddef.h>

/* fs_mkdirs creates dir and its parents (mode 0700). Returns 0 or -1 (errno). */
int fs_mkdirs(const char *dir);

/* fs_write_atomic writes data to path through a temp file in the same
 * directory: write, fsync, rename, fsync the directory; the file gets mode.
 * Returns 0, or -1 with a message in err. */
int fs_write_atomic(const char *path, const char *data, size_t len, int mode, char *err,
                    size_t err_len);

/* fs_read_all reads a whole file into a malloc'd NUL-terminated buffer the
 * caller frees; *len gets its length (may be NULL). NULL on error (errno). */
char *fs_read_all(const char *path, size_t *len);

/* fs_read_inside reads path like fs_read_all, but only when it resolves
 * (symlinks followed) to a regular file inside dir: a program's modules
 * never come from elsewhere. NULL with errno EACCES (outside), EISDIR /
 * EINVAL (not a regular file) or the open error. */
char *fs_read_inside(const char *dir, const char *path, size_t *len);

/* fs_join returns "a/b" (malloc'd; caller frees). */
char *fs_join(const char *a, const char *b);

#endif
