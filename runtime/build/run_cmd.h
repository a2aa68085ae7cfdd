/* Running a build tool (esbuild, a `build` command) as a child process in
 * a directory, with its output captured for the error message. */
#ifndef DOME_RUN_CMD_H
#define DOME_RUN_CMD_H

#include <stddef.h>

#include "runtime/base/compiler.h"

struct run_cmd_result {
    int status;   /* the exit status, or 128+signal; -1 when it could not start */
    char *output; /* stdout and stderr together (malloc'd, NUL-terminated) */
};

/* run_cmd runs argv[0] (searched on PATH when it has no '/') with argv in
 * dir. The child's environment is the parent's without the Cloudflare API
 * token and the stack passphrase: a build never needs them. Returns 0 when
 * the child ran (whatever its status), -1 with err when it could not be
 * started. */
int run_cmd(const char *dir, char *const argv[], struct run_cmd_result *out, char *err,
            size_t err_len) WARN_UNUSED;

void run_cmd_result_free(struct run_cmd_result *r);

/* run_cmd_tail: the last lines of output (at most max bytes, starting at a
 * line), for an error message. Points into output. */
const char *run_cmd_tail(const char *output, size_t max);

#endif
