/* --json errors: with --json on the command line, everything a command
 * writes to stderr still reaches the terminal and is also kept, so that a
 * failure ends with one JSON object on stdout:
 *   {"error": {"command", "exit_code", "class", "message", "details": []}}
 * class is "program" (exit 1) or "environment" (exit 2, usage included).
 * A command whose own JSON output already holds its failure (apply's
 * summary line, check's report) sets opts.json_reported instead. */
#ifndef DOME_JSON_ERRORS_H
#define DOME_JSON_ERRORS_H

#include <stdbool.h>
#include <stdio.h>

struct json_errors {
    FILE *real_stderr; /* what stderr was before json_errors_start */
    FILE *tee;         /* the stream stderr is now */
    char *text;        /* what was written, kept by an open_memstream */
    size_t len;
    FILE *kept;
};

/* json_errors_wanted: argv asks for JSON (a --json before any "--"). */
bool json_errors_wanted(int argc, char **argv);

/* json_errors_start makes *err a stream that writes through to the old
 * *err and keeps a copy. Returns 0, or -1 (nothing changed). */
int json_errors_start(struct json_errors *je, FILE **err);

/* json_errors_finish puts *err back and, for an exit code that is an error
 * (1 or 2), prints the JSON error object on out. Frees everything. */
void json_errors_finish(struct json_errors *je, FILE **err, FILE *out, const char *command,
                        int exit_code);

#endif
