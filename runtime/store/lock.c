/* Stack lock file: holder description, and a takeover of a stale lock that
 * two processes can never both win.
 *
 * The scheme. The lock file's text only describes the holder; what makes a
 * process the holder is an flock(LOCK_EX) it keeps on the open lock file
 * for as long as it holds the lock. The kernel drops that flock when the
 * process exits, however it dies. To acquire:
 *   1. open .dome/<stack>.lock with O_CREAT|O_NOFOLLOW (no temp file, and a
 *      planted symlink is refused) and flock(LOCK_EX|LOCK_NB) it; if that
 *      would block, a live process holds the lock: fail at once, naming it;
 *   2. check the locked file is still the one at the path: a releasing
 *      holder unlinks the file before closing it, and an flock on an
 *      unlinked file guards nothing; if not, start again;
 *   3. now, holding the flock, decide: an empty file (a creator killed
 *      before writing) or a holder that is a dead process on this host is
 *      free, and we write our holder over it in place; any other text (a
 *      live pid, another host, garbage: a holder that does not flock, e.g.
 *      an older domec or a lock made by hand) is respected.
 * Every decision about a file is made under its flock, so two processes can
 * never both see "stale" and both take it (the old unlink-and-recreate
 * takeover allowed exactly that, and the second folded and deleted the
 * first's live journal). */
#include "runtime/store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/fsutil.h"
#include "runtime/store/paths.h"
#include "runtime/store/store.h"

/* lock_holder_new: see lock.h. */
char *lock_holder_new(const char *command)
{
    char host[256] = "";
    char when[64];
    gethostname(host, sizeof host - 1);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "pid", (double)getpid());
    cJSON_AddStringToObject(o, "host", host);
    struct passwd *pw = getpwuid(geteuid());
    cJSON_AddStringToObject(o, "user", pw ? pw->pw_name : "?");
    cJSON_AddStringToObject(o, "time", when);
    cJSON_AddStringToObject(o, "command", command);
    char *s = cJSON_PrintUnformatted(o); /* never NULL: cJSON allocates with xmalloc */
    cJSON_Delete(o);
    return s;
}

/* is_stale: the holder is a process on this host that no longer exists. */
static int is_stale(const cJSON *h)
{
    char host[256] = "";
    gethostname(host, sizeof host - 1);
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(h, "pid");
    const cJSON *hh = cJSON_GetObjectItemCaseSensitive(h, "host");
    if (!cJSON_IsNumber(pid) || !cJSON_IsString(hh) || strcmp(hh->valuestring, host) != 0)
        return 0;
    return kill((pid_t)pid->valueint, 0) != 0 && errno == ESRCH;
}

/* shown: a lock file field as it may reach a terminal: control characters
 * become '?': C0 and DEL, and the C1 controls U+0080..U+009F (0xC2 0x80..
 * 0x9F in UTF-8; 0x9B is CSI on some terminals). The length is bounded. */
static const char *shown(const cJSON *h, const char *name, char *buf, size_t cap)
{
    const unsigned char *v =
        (const unsigned char *)cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, name));
    size_t n = 0;
    for (size_t i = 0; v && v[i] && n + 1 < cap; i++) {
        bool is_c1 = v[i] == 0xc2 && v[i + 1] >= 0x80 && v[i + 1] <= 0x9f;
        buf[n++] = v[i] < 0x20 || v[i] == 0x7f || is_c1 ? '?' : (char)v[i];
        i += is_c1; /* the pair becomes one '?' */
    }
    buf[n] = '\0';
    return v ? buf : "?";
}

/* lock_holder: see lock.h. */
void lock_holder(const char *text, char *buf, size_t cap)
{
    char host[128], when[64], cmd[64], user[64];
    cJSON *h = cJSON_Parse(text ? text : "");
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(h, "pid");
    bool has_user = cJSON_IsString(cJSON_GetObjectItemCaseSensitive(h, "user"));
    snprintf(buf, cap, "'%s' (pid %d on %s since %s%s%s)", shown(h, "command", cmd, sizeof cmd),
             cJSON_IsNumber(pid) ? pid->valueint : -1, shown(h, "host", host, sizeof host),
             shown(h, "time", when, sizeof when), has_user ? ", user " : "",
             has_user ? shown(h, "user", user, sizeof user) : "");
    cJSON_Delete(h);
}

/* lock_held_message: see lock.h. */
void lock_held_message(const char *holder_text, const char *help, char *err, size_t err_len)
{
    char who[400];
    lock_holder(holder_text, who, sizeof who);
    snprintf(err, err_len, "the stack is locked by %s\n  %s", who, help);
}

static void describe(const cJSON *h, const char *path, char *err, size_t err_len)
{
    char help[600];
    char *text = cJSON_PrintUnformatted(h);
    snprintf(help, sizeof help, "wait for it to finish, or remove %s if that process is gone",
             path);
    lock_held_message(text, help, err, err_len);
    free(text);
}

/* same_file: fd is still the file at path (not one a releasing holder has
 * already unlinked: a lock on that would guard nothing). */
static int same_file(int fd, const char *path)
{
    struct stat a, b;
    return fstat(fd, &a) == 0 && lstat(path, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* claim writes our holder text over the (empty or stale) lock file. It is
 * not fsynced: the text only describes the holder and the flock that makes
 * the lock goes with any crash; a crash leaves either the text a flush
 * would have kept or an empty file, which is free. A disk flush before
 * every command's first request bought nothing. */
static int claim(int fd, const char *text)
{
    size_t len = strlen(text);
    if (ftruncate(fd, 0) != 0 || pwrite(fd, text, len, 0) != (ssize_t)len)
        return -1;
    return 0;
}

/* holder_of reads the holder from fd. A holder writes its text with one
 * write(2) right after taking the flock; a reader that comes in between
 * sees an empty file, so with is_busy an empty read is retried briefly. */
static cJSON *holder_of(int fd, bool is_busy)
{
    char buf[2048];
    ssize_t n = 0;
    for (int i = 0; i < 20; i++) {
        n = pread(fd, buf, sizeof buf - 1, 0);
        if (n != 0 || !is_busy)
            break;
        usleep(1000);
    }
    buf[n > 0 ? n : 0] = '\0';
    return n > 0 ? cJSON_Parse(buf) : NULL;
}

enum take { TAKE_OK, TAKE_HELD, TAKE_RETRY, TAKE_ERROR };

/* take_once: one attempt at the scheme described at the top of the file.
 * On TAKE_OK *fd_out is the locked descriptor; on TAKE_HELD err names the
 * holder; on TAKE_ERROR err says what failed. */
static enum take take_once(const char *path, const char *text, int *fd_out, char *err,
                           size_t err_len)
{
    int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
    if (fd < 0) {
        snprintf(err, err_len, "cannot open lock '%s': %s", path, strerror(errno));
        return TAKE_ERROR;
    }
    enum take r;
    if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) {
            cJSON *h = holder_of(fd, true);
            describe(h, path, err, err_len);
            cJSON_Delete(h);
            r = TAKE_HELD;
        } else {
            snprintf(err, err_len, "cannot lock '%s': %s", path, strerror(errno));
            r = TAKE_ERROR;
        }
    } else if (!same_file(fd, path)) {
        r = TAKE_RETRY;
    } else {
        /* we hold the flock: no other domec can be deciding about this file */
        cJSON *h = holder_of(fd, false);
        struct stat sb;
        bool is_free = fstat(fd, &sb) == 0 && (sb.st_size == 0 || (h && is_stale(h)));
        if (!is_free)
            describe(h, path, err, err_len);
        cJSON_Delete(h);
        if (is_free && claim(fd, text) != 0) {
            snprintf(err, err_len, "cannot write lock '%s': %s", path, strerror(errno));
            r = TAKE_ERROR;
        } else {
            r = is_free ? TAKE_OK : TAKE_HELD;
        }
    }
    if (r == TAKE_OK)
        *fd_out = fd;
    else
        close(fd);
    return r;
}

/* lock_file_try: see lock.h. */
int lock_file_try(struct lock *lk, const char *dome, const char *holder, char *err, size_t err_len)
{
    if (fs_mkdirs(dome) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", dome, strerror(errno));
        return -1;
    }
    if (fs_private_dir(dome, err, err_len) != 0)
        return -1;
    char *path = dome_stack_file(dome, lk->stack, DOME_LOCK);
    enum take r = TAKE_RETRY;
    /* a retry means a holder released between our open and flock; a few
     * are plenty unless the lock changes hands continuously */
    for (int attempt = 0; attempt < 100 && r == TAKE_RETRY; attempt++)
        r = take_once(path, holder, &lk->fd, err, err_len);
    if (r == TAKE_RETRY)
        snprintf(err, err_len, "cannot take lock '%s': it keeps changing hands", path);
    if (r != TAKE_OK) {
        free(path);
        return r == TAKE_HELD ? 1 : -1;
    }
    lk->path = path;
    return 0;
}

/* lock_acquire: see lock.h. */
int lock_acquire(struct lock *lk, const char *dome_dir, const char *stack, const char *command,
                 char *err, size_t err_len)
{
    memset(lk, 0, sizeof *lk);
    lk->fd = -1;
    lk->stack = xstrdup(stack);
    char *text = lock_holder_new(command);
    int rc = lock_file_try(lk, dome_dir, text, err, err_len);
    free(text);
    if (rc != 0) {
        free(lk->stack);
        lk->stack = NULL;
    }
    return rc == 0 ? 0 : -1;
}

/* lock_take: see lock.h. Waiting polls: the holder may be on another
 * machine, so there is nothing local to block on. */
int lock_take(struct lock *lk, struct store *s, const char *stack, const char *command,
              long timeout_s, char *err, size_t err_len)
{
    memset(lk, 0, sizeof *lk);
    lk->fd = -1;
    lk->store = s;
    lk->stack = xstrdup(stack);
    char *text = lock_holder_new(command);
    struct timespec start, now;
    clock_gettime(CLOCK_MONOTONIC, &start);
    int rc;
    for (;;) {
        rc = s->ops->lock_try(lk, text, err, err_len);
        clock_gettime(CLOCK_MONOTONIC, &now);
        if (rc != 1 || now.tv_sec - start.tv_sec >= timeout_s)
            break;
        usleep(200 * 1000);
    }
    free(text);
    if (rc != 0) {
        free(lk->stack);
        memset(lk, 0, sizeof *lk);
        lk->fd = -1;
    }
    return rc == 0 ? 0 : -1;
}

/* lock_file_release: see lock.h. The file is unlinked while the flock is
 * still held, so no one can take it over in between; a process that
 * opened it before the unlink and locks it after the close finds it
 * unlinked (same_file) and starts again. */
void lock_file_release(struct lock *lk)
{
    if (!lk->path)
        return;
    unlink(lk->path);
    close(lk->fd);
    free(lk->path);
    lk->path = NULL;
    lk->fd = -1;
}

/* lock_release: see lock.h. */
void lock_release(struct lock *lk)
{
    if (!lk->stack)
        return;
    if (lk->store)
        lk->store->ops->lock_release(lk);
    else
        lock_file_release(lk);
    free(lk->stack);
    lk->stack = NULL;
}
