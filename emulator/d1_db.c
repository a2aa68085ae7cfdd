/* cfemu: the open SQLite handles of D1 databases, one per database, kept
 * until the database is deleted or cfemu stops. A request holds a handle
 * (d1_acquire) while it uses it, so a database deleted during a query is
 * closed by that query's end rather than under it. Every function here is
 * called with emu.mu held. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "emulator/emu.h"

static char *db_path(struct emu *e, const char *uuid)
{
    size_t n = strlen(e->o.data_dir) + strlen(uuid) + 16;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/d1/%s.sqlite3", e->o.data_dir, uuid);
    return p;
}

static void close_db(struct emu_db *d)
{
    sqlite3_close(d->db);
    pthread_mutex_destroy(&d->run);
    free(d);
}

/* Opens the file of a database (in memory without --data), guarded as
 * D1 is (d1_guard.c). NULL when it cannot be opened. */
static struct emu_db *open_db(struct emu *e, const char *uuid)
{
    char *path = NULL;
    if (e->o.data_dir) {
        char dir[4096];
        snprintf(dir, sizeof dir, "%s/d1", e->o.data_dir);
        if (mkdir(dir, 0700) != 0 && errno != EEXIST)
            return NULL;
        if (!(path = db_path(e, uuid)))
            return NULL;
    }
    struct emu_db *d = calloc(1, sizeof *d);
    int rc = d ? sqlite3_open(path ? path : ":memory:", &d->db) : SQLITE_NOMEM;
    free(path);
    if (rc != SQLITE_OK || d1_guard_setup(d->db, &d->guard, &e->stopping) != 0) {
        if (d)
            sqlite3_close(d->db);
        free(d);
        return NULL;
    }
    pthread_mutex_init(&d->run, NULL);
    snprintf(d->uuid, sizeof d->uuid, "%s", uuid);
    d1_measure(d->db, &d->num_tables, &d->file_size);
    return d;
}

/* d1_acquire: the handle of a database, opened on first use; the caller
 * must d1_release it. NULL when it cannot be opened. */
struct emu_db *d1_acquire(struct emu *e, const char *uuid)
{
    struct emu_db *d;
    for (d = e->dbs; d; d = d->next)
        if (strcmp(d->uuid, uuid) == 0)
            break;
    if (!d && (d = open_db(e, uuid)) != NULL) {
        d->next = e->dbs;
        e->dbs = d;
    }
    if (d)
        d->users++;
    return d;
}

/* d1_release: gives a handle back; closes it when it was dropped meanwhile. */
void d1_release(struct emu_db *d)
{
    if (--d->users == 0 && d->dropped)
        close_db(d);
}

/* d1_drop: forgets a database's handle (closed now, or by its last user),
 * and deletes its file when asked. */
void d1_drop(struct emu *e, const char *uuid, bool unlink_file)
{
    for (struct emu_db **p = &e->dbs; *p; p = &(*p)->next) {
        if (strcmp((*p)->uuid, uuid) == 0) {
            struct emu_db *d = *p;
            *p = d->next;
            d->dropped = true;
            if (d->users == 0)
                close_db(d);
            break;
        }
    }
    if (unlink_file && e->o.data_dir) {
        char *path = db_path(e, uuid);
        if (path)
            unlink(path);
        free(path);
    }
}

/* d1_close_all: closes every handle (at exit, when no request runs). */
void d1_close_all(struct emu *e)
{
    while (e->dbs) {
        struct emu_db *d = e->dbs;
        e->dbs = d->next;
        close_db(d);
    }
}
