/* lock_race DIR ROUNDS N: races N processes for a stale lock, ROUNDS times,
 * and checks that no two ever hold the stack lock at once (docs/state.md,
 * "The lock"; tests/safety/store.sh item 16). Each round plants a lock left
 * by a dead process on this host in DIR/.dome/dev.lock, forks N children
 * that wait on one pipe so they call lock_acquire at the same moment, and
 * has every winner create DIR/held with O_EXCL while it holds the lock: an
 * EEXIST there is two holders at once. Prints one summary line; exit 0
 * when no round overlapped, 1 when one did, 2 on a setup error. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "runtime/store/lock.h"

enum { WON = 0, BUSY = 1, OVERLAP = 3 };

/* dead_pid: the pid of a child that has exited and been reaped. */
static pid_t dead_pid(void)
{
    pid_t p = fork();
    if (p == 0)
        _exit(0);
    waitpid(p, NULL, 0);
    return p;
}

static int plant_stale(const char *dome)
{
    char path[4200], host[256] = "";
    gethostname(host, sizeof host - 1);
    mkdir(dome, 0700);
    snprintf(path, sizeof path, "%s/dev.lock", dome);
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fprintf(f, "{\"pid\":%ld,\"host\":\"%s\",\"time\":\"t\",\"command\":\"apply\"}",
            (long)dead_pid(), host);
    return fclose(f);
}

/* contender: waits for the start signal, then takes the lock and holds it
 * for a moment with the marker in place. */
static int contender(int start_fd, const char *dome, const char *marker)
{
    char c, err[1024];
    struct lock lk = {0};
    if (read(start_fd, &c, 1) < 0)
        return 2;
    if (lock_acquire(&lk, dome, "dev", "race", err, sizeof err) != 0)
        return BUSY;
    int fd = open(marker, O_WRONLY | O_CREAT | O_EXCL, 0600);
    if (fd < 0) {
        lock_release(&lk);
        return errno == EEXIST ? OVERLAP : 2;
    }
    close(fd);
    usleep(20000);
    unlink(marker);
    lock_release(&lk);
    return WON;
}

/* one_round returns the number of overlaps seen (or -1), adding winners. */
static int one_round(const char *dome, const char *marker, int n, int *winners)
{
    int p[2];
    if (plant_stale(dome) != 0 || pipe(p) != 0)
        return -1;
    for (int i = 0; i < n; i++)
        if (fork() == 0) {
            close(p[1]);
            _exit(contender(p[0], dome, marker));
        }
    close(p[0]);
    close(p[1]); /* every child's read returns 0 now: go */
    int overlaps = 0, failed = 0, st;
    while (wait(&st) > 0) {
        int code = WIFEXITED(st) ? WEXITSTATUS(st) : 2;
        overlaps += code == OVERLAP;
        *winners += code == WON;
        failed |= code == 2;
    }
    return failed ? -1 : overlaps;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: lock_race DIR ROUNDS N\n");
        return 2;
    }
    char dome[4096], marker[4200];
    snprintf(dome, sizeof dome, "%s/.dome", argv[1]);
    snprintf(marker, sizeof marker, "%s/held", argv[1]);
    int rounds = atoi(argv[2]), n = atoi(argv[3]), overlaps = 0, winners = 0;
    for (int r = 0; r < rounds; r++) {
        int o = one_round(dome, marker, n, &winners);
        if (o < 0) {
            fprintf(stderr, "lock_race: round %d failed to run\n", r);
            return 2;
        }
        overlaps += o;
    }
    printf("lock_race: %d rounds of %d processes, %d won, %d overlapping holders\n", rounds, n,
           winners, overlaps);
    return overlaps ? 1 : 0;
}
