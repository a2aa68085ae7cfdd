/* File helpers: atomic replace (temp + fsync + rename + fsync dir), mkdir -p,
 * read a whole file. Used by state, lock and journal; never prints. */
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

static int write_full(int fd, const char *data, size_t len)
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

/* fs_write_atomic: see fsutil.h. */
int fs_write_atomic(const char *path, const char *data, size_t len, int mode, char *err,
                    size_t err_len)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, mode);
    if (fd < 0) {
        snprintf(err, err_len, "cannot create '%s': %s", tmp, strerror(errno));
        return -1;
    }
    if (fchmod(fd, (mode_t)mode) != 0 || write_full(fd, data, len) != 0 || fsync(fd) != 0) {
        snprintf(err, err_len, "cannot write '%s': %s", tmp, strerror(errno));
        close(fd);
        unlink(tmp);
        return -1;
    }
    close(fd);
    if (rename(tmp, path) != 0) {
        snprintf(err, err_len, "cannot rename '%s' to '%s': %s", tmp, path, strerror(errno));
        unlink(tmp);
        return -1;
    }
    if (fsync_dir_of(path) != 0) {
        snprintf(err, err_len, "cannot sync the directory of '%s': %s", path, strerror(errno));
        return -1;
    }
    return 0;
}

/* fs_read_all: see fsutil.h. */
char *fs_read_all(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
        if (cap - n - 1 == 0) {
            buf = xrealloc(buf, cap * 2);
            cap *= 2;
        }
    }
    int bad = ferror(f), saved = errno;
    fclose(f);
    if (bad) {
        free(buf);
        errno = saved;
        return NULL;
    }
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

/* fs_read_inside: see fsutil.h. */
char *fs_read_inside(const char *dir, const char *path, size_t *len)
{
    char *real = realpath(path, NULL), *dir_real = realpath(dir, NULL);
    struct stat st;
    size_t n = dir_real ? strlen(dir_real) : 0;
    int why = !real || !dir_real ? errno
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
