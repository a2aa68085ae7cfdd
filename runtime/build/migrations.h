/* A D1 database's migration files, read the way wrangler reads them
 * (d1/migrations/helpers.ts): the *.sql files directly in the migrations
 * directory, ordered by the leading number of their name, then by name.
 * Each is applied as its SQL followed by the row wrangler records in the
 * same query, so a migration and its record commit together. */
#ifndef DOME_MIGRATIONS_H
#define DOME_MIGRATIONS_H

#include <stddef.h>

#include <cJSON.h>

#include "runtime/base/compiler.h"

/* The table wrangler keeps applied migrations in, and how it creates it. */
#define MIGRATIONS_TABLE "d1_migrations"

struct migration {
    char *name;    /* the file name, the d1_migrations.name wrangler records */
    char *path;    /* the file, as the program names it: "<dir>/<name>" */
    char *sql;     /* its contents */
    char hash[65]; /* SHA-256 of the contents, hex */
};

/* migrations_read lists and reads dir (relative to prog_dir) in apply
 * order. Returns 0 with *out and *n set (free with migrations_free), or -1
 * with err. */
int migrations_read(const char *prog_dir, const char *dir, struct migration **out, size_t *n,
                    char *err, size_t err_len) WARN_UNUSED;

void migrations_free(struct migration *m, size_t n);

/* migrations_hashes: {"name": "sha256"} of every file, for the state. */
cJSON *migrations_hashes(const struct migration *m, size_t n) WARN_UNUSED;

/* migrations_create_table_sql: wrangler's CREATE TABLE IF NOT EXISTS. */
const char *migrations_create_table_sql(void);

/* migrations_list_sql: the names already applied, in order. */
const char *migrations_list_sql(void);

/* migration_query: the SQL to send for m: its contents, then the INSERT
 * of its name into d1_migrations (malloc'd). */
char *migration_query(const struct migration *m) WARN_UNUSED;

/* migration_error_line: the 1-based line of m that D1's error message is
 * most likely about (the token after `near "`, or the table or column it
 * names); 1 when the message names nothing found in the file. */
size_t migration_error_line(const struct migration *m, const char *error);

#endif
