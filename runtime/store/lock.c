/* Stack lock file: exclusive create, holder description, stale-lock takeover
 * when the holder process on this host no longer exists. */
#include "runtime/store/lock.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cJSON.h>

#include "runtime/store/fsutil.h"
#include "runtime/store/paths.h"

static char *holder_text(const char *command)
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
 * (escape sequences) become '?', the length is bounded. */
static const char *shown(const cJSON *h, const char *name, char *buf, size_t cap)
{
    const char *v = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(h, name));
    size_t n = 0;
    for (; v && v[n] && n + 1 < cap; n++)
        buf[n] = (unsigned char)v[n] < 0x20 || v[n] == 0x7f ? '?' : v[n];
    buf[n] = '\0';
    return v ? buf : "?";
}

/* lock_holder: see lock.h. */
void lock_holder(const char *text, char *buf, size_t cap)
{
    char host[128], when[64], cmd[64];
    cJSON *h = cJSON_Parse(text ? text : "");
    const cJSON *pid = cJSON_GetObjectItemCaseSensitive(h, "pid");
    snprintf(buf, cap, "'%s' (pid %d on %s since %s)", shown(h, "command", cmd, sizeof cmd),
             cJSON_IsNumber(pid) ? pid->valueint : -1, shown(h, "host", host, sizeof host),
             shown(h, "time", when, sizeof when));
    cJSON_Delete(h);
}

static void describe(const cJSON *h, const char *path, char *err, size_t err_len)
{
    char who[400];
    char *text = cJSON_PrintUnformatted(h);
    lock_holder(text, who, sizeof who);
    free(text);
    snprintf(err, err_len,
             "the stack is locked by %s\n"
             "  wait for it to finish, or remove %s if that process is gone",
             who, path);
}

/* try_create writes the holder to a private temp file, then hard-links it
 * to path: the lock appears complete or not at all (a kill between create
 * and write can never leave an empty lock). -1 with errno EEXIST when held. */
static int try_create(const char *path, const char *text)
{
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.%ld.tmp", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    int rc = write(fd, text, len) == (ssize_t)len && fsync(fd) == 0 ? 0 : -1;
    close(fd);
    if (rc == 0)
        rc = link(tmp, path);
    int saved = errno;
    unlink(tmp);
    errno = saved;
    return rc;
}

/* lock_acquire: see lock.h. */
int lock_acquire(struct lock *lk, const char *dome_dir, const char *stack,
                 const char *command, char *err, size_t err_len)
{
    lk->path = NULL;
    if (fs_mkdirs(dome_dir) != 0) {
        snprintf(err, err_len, "cannot create '%s': %s", dome_dir, strerror(errno));
        return -1;
    }
    char *path = dome_stack_file(dome_dir, stack, DOME_LOCK);
    char *text = holder_text(command);
    for (int attempt = 0; attempt < 2; attempt++) {
        if (try_create(path, text) == 0) {
            free(text);
            lk->path = path;
            return 0;
        }
        if (errno != EEXIST)
            break;
        char *held = fs_read_all(path, NULL);
        cJSON *h = held ? cJSON_Parse(held) : NULL;
        free(held);
        if (h && is_stale(h) && attempt == 0) {
            cJSON_Delete(h);
            unlink(path);
            continue;
        }
        describe(h, path, err, err_len);
        cJSON_Delete(h);
        free(text);
        free(path);
        return -1;
    }
    snprintf(err, err_len, "cannot create lock '%s': %s", path, strerror(errno));
    free(text);
    free(path);
    return -1;
}

/* lock_release: see lock.h. */
void lock_release(struct lock *lk)
{
    if (!lk->path)
        return;
    unlink(lk->path);
    free(lk->path);
    lk->path = NULL;
}
