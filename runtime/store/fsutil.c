/* File helpers: atomic replace (temp + fsync + rename + fsync dir), mkdir -p,
 * read a whole file. Used by state, lock and journal; never prints. */
/* mkostemp (O_CLOEXEC on the temp file) is a GNU extension */
#define _GNU_SOURCE
#include "runtime/store/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"

/* fs_join: see fsutil.h. */
char *fs_join(const char *a, const char *b)
{
    return xasprintf("%s/%s", a, b);
}

/* fs_mkdirs: see fsutil.h. */
int fs_mkdirs(const char *dir)
{
    char buf[4096];
    if (strlen(dir) >= sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    strcpy(buf, dir);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0700) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0700) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

/* fs_sync_dir: see fsutil.h. */
int fs_sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    int saved = errno;
    close(fd);
    errno = saved;
    return rc;
}

static int fsync_dir_of(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    char *slash = strrchr(buf, '/');
    if (slash)
        *slash = '\0';
    else
        strcpy(buf, ".");
    return fs_sync_dir(buf);
}

/* fs_write_full: see fsutil.h. */
int fs_write_full(int fd, const char *data, size_t len)
{
    while (len > 0) {
        ssize_t w = write(fd, data, len);
        if (w < 0 && errno == EINTR)
            continue;
        if (w < 0)
            return -1;
        data += w;
        len -= (size_t)w;
    }
    return 0;
}

/* fs_write_atomic: see fsutil.h. The temp name is unpredictable and
 * created with O_EXCL (mkostemp), so a file or symlink planted beside path
 * is never opened; rename(2) replaces path itself, even when path is a
 * symlink, and never writes through it. */
int fs_write_atomic(const char *path, const char *data, size_t len, int mode, char *err,
                    size_t err_len)
{
    char *tmp = xasprintf("%s.tmp.XXXXXX", path);
    int rc = -1;
    int fd = mkostemp(tmp, O_CLOEXEC);
    if (fd < 0) {
        snprintf(err, err_len, "cannot create '%s': %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    if (fchmod(fd, (mode_t)mode) != 0 || fs_write_full(fd, data, len) != 0 || fsync(fd) != 0) {
        snprintf(err, err_len, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
    } else if (close(fd), rename(tmp, path) != 0) {
        snprintf(err, err_len, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
        unlink(tmp);
    } else if (fsync_dir_of(path) != 0) {
        snprintf(err, err_len, "cannot sync the directory of '%s': %s", path, strerror(errno));
    } else {
        rc = 0;
    }
    free(tmp);
    return rc;
}

/* read_fd reads fd to its end into a malloc'd NUL-terminated buffer; NULL
 * (errno) when a read fails. Does not close fd. */
static char *read_fd(int fd, size_t *len)
{
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        ssize_t r = read(fd, buf + n, cap - n - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int saved = errno;
            free(buf);
            errno = saved;
            return NULL;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (cap - n - 1 == 0) {
            buf = xrealloc(buf, cap * 2);
            cap *= 2;
        }
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

static char *read_path(const char *path, int flags, size_t *len)
{
    struct stat sb;
    int fd = open(path, O_RDONLY | O_CLOEXEC | flags);
    if (fd < 0)
        return NULL;
    char *buf = NULL;
    if (fstat(fd, &sb) != 0)
        buf = NULL;
    else if ((flags & O_NOFOLLOW) && !S_ISREG(sb.st_mode))
        errno = EINVAL;
    else
        buf = read_fd(fd, len);
    int saved = errno;
    close(fd);
    errno = saved;
    return buf;
}

/* fs_read_all: see fsutil.h. */
char *fs_read_all(const char *path, size_t *len)
{
    return read_path(path, 0, len);
}

/* fs_read_nofollow: see fsutil.h. O_NONBLOCK: a FIFO planted in place of
 * the file must not hang the open; it is then refused as not regular. */
char *fs_read_nofollow(const char *path, size_t *len)
{
    return read_path(path, O_NOFOLLOW | O_NONBLOCK, len);
}

/* fs_private_dir: see fsutil.h. */
int fs_private_dir(const char *dir, char *err, size_t err_len)
{
    struct stat sb;
    if (stat(dir, &sb) != 0) {
        if (errno == ENOENT)
            return 0;
        snprintf(err, err_len, "cannot inspect '%s': %s", dir, strerror(errno));
        return -1;
    }
    if (sb.st_uid != geteuid()) {
        snprintf(err, err_len,
                 "'%s' belongs to uid %ld, not to you (uid %ld): that user could replace "
                 "the state, journal or lock in it; refusing to use it\n"
                 "  help: if it is yours, `chown -R %ld %s && chmod 700 %s`",
                 dir, (long)sb.st_uid, (long)geteuid(), (long)geteuid(), dir, dir);
        return -1;
    }
    if (sb.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(err, err_len,
                 "'%s' is writable by its group or by others (mode %04o): they could plant "
                 "files or symlinks in place of the state, journal or lock; refusing to use it\n"
                 "  help: `chmod 700 %s`",
                 dir, (unsigned)(sb.st_mode & 07777), dir);
        return -1;
    }
    return 0;
}

/* fs_read_inside: see fsutil.h. */
char *fs_read_inside(const char *dir, const char *path, size_t *len)
{
    char *real = realpath(path, NULL), *dir_real = realpath(dir, NULL);
    struct stat st;
    size_t n = dir_real ? strlen(dir_real) : 0;
    int why = !real || !dir_real                                              ? errno
              : strncmp(real, dir_real, n) != 0 || (real[n] != '/' && n != 1) ? EACCES
              : stat(real, &st) != 0                                          ? errno
              : !S_ISREG(st.st_mode)                                          ? EINVAL
                                                                              : 0;
    char *data = why ? NULL : fs_read_all(real, len);
    free(real);
    free(dir_real);
    if (why)
        errno = why;
    return data;
}
