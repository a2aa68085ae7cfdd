/* Shared by the TOML scanner, parser and tree builder (runtime/wrangler/
 * toml*.{l,y,c}); not for use elsewhere. */
#ifndef DOME_TOML_INT_H
#define DOME_TOML_INT_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

struct toml_loc {
    int first_line, first_column, last_line, last_column;
};

struct toml_ctx {
    const char *file;
    int line, col;  /* the scanner's position (1-based) */
    cJSON *root;    /* the document */
    cJSON *current; /* the table keyvals go into */
    char *err;      /* first error, "FILE:LINE:COL: ..." */
    size_t err_len;
    bool has_error;
};

/* toml_error records the first error at loc. */
void toml_error_at(struct toml_ctx *c, const struct toml_loc *loc, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Tree building (toml_tree.c); each returns 0 or -1 with the error recorded. */
int toml_set(struct toml_ctx *c, const struct toml_loc *loc, cJSON *table, cJSON *key,
             cJSON *value);
int toml_table(struct toml_ctx *c, const struct toml_loc *loc, cJSON *key);
int toml_array_table(struct toml_ctx *c, const struct toml_loc *loc, cJSON *key);

/* toml_unescape decodes a basic string body (escapes); malloc'd or NULL
 * with *why set. */
char *toml_unescape(const char *s, size_t len, const char **why);

#endif
