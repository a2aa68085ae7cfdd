/* fork/exec with a pipe for the child's stdout and stderr. */
#include "runtime/build/run_cmd.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/base/xalloc.h"

/* child: never returns. Drops what a build must not see, then execs. */
static void child(const char *dir, char *const argv[], int out_fd)
{
    static const char *const hidden[] = {"CLOUDFLARE_API_TOKEN", "CF_API_TOKEN", "DOME_PASSPHRASE",
                                         "DOME_CF_TOKEN"};
    dup2(out_fd, STDOUT_FILENO);
    dup2(out_fd, STDERR_FILENO);
    close(out_fd);
    for (size_t i = 0; i < sizeof hidden / sizeof hidden[0]; i++)
        unsetenv(hidden[i]);
    if (chdir(dir) != 0) {
        fprintf(stderr, "cannot enter %s: %s\n", dir, strerror(errno));
        _exit(127);
    }
    execvp(argv[0], argv);
    fprintf(stderr, "cannot run %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

static char *read_all_fd(int fd)
{
    size_t len = 0, cap = 4096;
    char *buf = xmalloc(cap);
    for (;;) {
        if (len + 1 == cap)
            buf = xrealloc(buf, cap *= 2);
        ssize_t n = read(fd, buf + len, cap - len - 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        len += (size_t)n;
    }
    buf[len] = '\0';
    return buf;
}

/* run_cmd: see run_cmd.h. */
int run_cmd(const char *dir, char *const argv[], struct run_cmd_result *out, char *err,
            size_t err_len)
{
    int fds[2], st = 0;
    out->status = -1;
    out->output = NULL;
    if (pipe(fds) != 0) {
        snprintf(err, err_len, "cannot run %s: pipe: %s", argv[0], strerror(errno));
        return -1;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        snprintf(err, err_len, "cannot run %s: fork: %s", argv[0], strerror(errno));
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        child(dir, argv, fds[1]);
    }
    close(fds[1]);
    out->output = read_all_fd(fds[0]);
    close(fds[0]);
    while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
        ;
    out->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + (WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    return 0;
}

/* run_cmd_result_free: see run_cmd.h. */
void run_cmd_result_free(struct run_cmd_result *r)
{
    free(r->output);
    r->output = NULL;
}

/* run_cmd_tail: see run_cmd.h. */
const char *run_cmd_tail(const char *output, size_t max)
{
    size_t n = strlen(output);
    while (n > 0 && (output[n - 1] == '\n' || output[n - 1] == ' '))
        n--;
    if (n <= max)
        return output;
    const char *p = output + n - max, *nl = strchr(p, '\n');
    return nl ? nl + 1 : p;
}
