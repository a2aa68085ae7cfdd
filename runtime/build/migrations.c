/* D1 migration files (see migrations.h). */
#include "runtime/build/migrations.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/fsutil.h"

/* leading_number: the integer before the first '_' of name, or -1. */
static long leading_number(const char *name)
{
    if (name[0] < '0' || name[0] > '9')
        return -1;
    return strtol(name, NULL, 10);
}

/* by_apply_order: wrangler's compareMigrationPaths for one segment:
 * numbered files by number, before unnumbered ones; ties by name. */
static int by_apply_order(const void *a, const void *b)
{
    const struct migration *x = a, *y = b;
    long nx = leading_number(x->name), ny = leading_number(y->name);
    if (nx != ny) {
        if (nx >= 0 && ny >= 0)
            return nx < ny ? -1 : 1;
        return nx >= 0 ? -1 : 1;
    }
    return strcmp(x->name, y->name);
}

static bool is_sql(const char *name)
{
    size_t n = strlen(name);
    return name[0] != '.' && n > 4 && strcmp(name + n - 4, ".sql") == 0;
}

/* migrations_read: see migrations.h. */
int migrations_read(const char *prog_dir, const char *dir, struct migration **out, size_t *n,
                    char *err, size_t err_len)
{
    char *full = dir[0] == '/' ? xstrdup(dir) : fs_join(prog_dir, dir);
    DIR *d = opendir(full);
    *out = NULL;
    *n = 0;
    if (!d) {
        snprintf(err, err_len, "cannot read the migrations directory '%s': %s", dir,
                 strerror(errno));
        free(full);
        return -1;
    }
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (!is_sql(e->d_name))
            continue;
        struct migration m = {0};
        char *file = fs_join(full, e->d_name);
        size_t len = 0;
        m.sql = fs_read_inside(prog_dir, file, &len);
        free(file);
        m.name = xstrdup(e->d_name);
        m.path = xasprintf("%s/%s", dir, e->d_name);
        *out = xreallocarray(*out, *n + 1, sizeof **out);
        (*out)[(*n)++] = m;
        if (!m.sql) {
            snprintf(err, err_len, "cannot read migration '%s': %s", m.path,
                     errno == EACCES ? "outside the program directory" : strerror(errno));
            rc = -1;
            continue;
        }
        unsigned char h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const unsigned char *)m.sql, len);
        sodium_bin2hex((*out)[*n - 1].hash, sizeof m.hash, h, sizeof h);
    }
    closedir(d);
    free(full);
    if (rc != 0) {
        migrations_free(*out, *n);
        *out = NULL;
        *n = 0;
        return -1;
    }
    qsort(*out, *n, sizeof **out, by_apply_order);
    return 0;
}

/* migrations_free: see migrations.h. */
void migrations_free(struct migration *m, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(m[i].name);
        free(m[i].path);
        free(m[i].sql);
    }
    free(m);
}

/* migrations_hashes: see migrations.h. */
cJSON *migrations_hashes(const struct migration *m, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++)
        cJSON_AddStringToObject(o, m[i].name, m[i].hash);
    return o;
}

/* migrations_create_table_sql: see migrations.h; the table and columns
 * are wrangler's, so either tool sees what the other applied. */
const char *migrations_create_table_sql(void)
{
    return "CREATE TABLE IF NOT EXISTS \"" MIGRATIONS_TABLE "\"(\n"
           "\t\tid         INTEGER PRIMARY KEY AUTOINCREMENT,\n"
           "\t\tname       TEXT UNIQUE,\n"
           "\t\tapplied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL\n"
           ");";
}

/* migrations_list_sql: see migrations.h. */
const char *migrations_list_sql(void)
{
    return "SELECT name FROM \"" MIGRATIONS_TABLE "\" ORDER BY id";
}

/* migration_query: see migrations.h. */
char *migration_query(const struct migration *m)
{
    size_t quotes = 0;
    for (const char *p = m->name; *p; p++)
        quotes += *p == '\'';
    char *name = xmalloc(strlen(m->name) + quotes + 1), *q = name;
    for (const char *p = m->name; *p; p++) {
        *q++ = *p;
        if (*p == '\'')
            *q++ = '\'';
    }
    *q = '\0';
    char *sql =
        xasprintf("%s\nINSERT INTO \"" MIGRATIONS_TABLE "\" (name)\nvalues ('%s');", m->sql, name);
    free(name);
    return sql;
}

/* subject: the word D1's message is about, copied into out. */
static bool subject(const char *error, char *out, size_t len)
{
    static const char *const leads[] = {"near \"", "no such table: ", "no such column: ",
                                        "table ",  "index ",          "duplicate column name: "};
    for (size_t i = 0; i < sizeof leads / sizeof leads[0]; i++) {
        const char *p = strstr(error, leads[i]);
        if (!p)
            continue;
        p += strlen(leads[i]);
        size_t n = strcspn(p, "\": ");
        if (n == 0 || n >= len)
            continue;
        memcpy(out, p, n);
        out[n] = '\0';
        return true;
    }
    return false;
}

/* migration_error_line: see migrations.h. */
size_t migration_error_line(const struct migration *m, const char *error)
{
    char word[200];
    if (!error || !subject(error, word, sizeof word))
        return 1;
    const char *hit = strstr(m->sql, word);
    size_t line = 1;
    for (const char *p = m->sql; hit && p < hit; p++)
        line += *p == '\n';
    return line;
}
