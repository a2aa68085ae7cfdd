/* Diagnostics: one format for compiler and runtime (file:line:col, source
 * line, carets, help). The sink writes to a FILE it does not own. */
#ifndef DOME_DIAG_H
#define DOME_DIAG_H

#include <stdbool.h>
#include <stdio.h>

#include "lang/source.h"
#include "lang/span.h"

enum diag_severity { DIAG_ERROR, DIAG_WARNING, DIAG_NOTE };

/* A diagnostic handed to a sink as data instead of printed (the language
 * server publishes them). help may be NULL. */
typedef void diag_sink_fn(void *ctx, enum diag_severity sev, struct dome_span span, const char *msg,
                          const char *help);

#define DIAG_MAX_ERRORS 50

struct diag {
    FILE *out;                   /* not owned; NULL = count only, print nothing */
    bool color;                  /* ANSI colour on */
    const struct src_table *src; /* for file names and source lines */
    int n_errors;                /* errors printed */
    int n_warnings;
    bool dropped; /* the last error was dropped: drop its notes too */
    bool has_last;
    struct dome_span last; /* span of the last error printed */
    diag_sink_fn *sink;    /* when set, every accepted diagnostic goes here, not to out */
    void *sink_ctx;
};

/* diag_init prepares a sink writing to out. */
void diag_init(struct diag *d, FILE *out, bool color, const struct src_table *src);

/* diag_set_sink sends every diagnostic the sink accepts to fn (the same
 * dropping rules as printing), printing nothing. */
void diag_set_sink(struct diag *d, diag_sink_fn *fn, void *ctx);

/* diag_emit prints one diagnostic. help may be NULL. An error at the same
 * offset as the previous one, or past the 50th, is dropped with its notes. */
void diag_emit(struct diag *d, enum diag_severity sev, struct dome_span span, const char *msg,
               const char *help);

/* diag_error formats and prints an error; help may be NULL. */
void diag_error(struct diag *d, struct dome_span span, const char *help, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* diag_note formats and prints a note (attached to the previous error). */
void diag_note(struct diag *d, struct dome_span span, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* diag_summary prints "domec: N errors" when there were errors. */
void diag_summary(const struct diag *d);

/* diag_suggest returns the candidate closest to name (edit distance <= 2),
 * or NULL. */
const char *diag_suggest(const char *name, const char *const *cands, size_t n);

#endif
