/* cfemu: what a D1 query may do and for how long. Every D1 connection gets
 * an SQLite authorizer that refuses what D1 refuses (ATTACH/DETACH, PRAGMAs
 * outside D1's list, load_extension(), transaction statements, which would
 * break the call's own savepoint), extension loading switched off, and a
 * progress handler that interrupts a query past its deadline or when cfemu
 * is stopping. Refused statements fail to prepare with SQLITE_AUTH
 * ("not authorized"), interrupted ones with SQLITE_INTERRUPT. */
#include <string.h>
#include <strings.h>
#include <time.h>

#include <sqlite3.h>

#include "emulator/emu.h"

/* Virtual-machine instructions between two deadline checks: a few
 * microseconds of work, so a limit of some milliseconds stays precise. */
#define PROGRESS_OPS 1000

/* PRAGMAs D1 allows with any argument: they only describe the schema or
 * check it (workerd's SQLite regulator allows the same set). */
static const char *const info_pragmas[] = {
    "table_list",  "table_info",  "table_xinfo",      "index_list",
    "index_info",  "index_xinfo", "foreign_key_list", "foreign_key_check",
    "quick_check", "optimize",    "data_version",
};

/* PRAGMAs D1 allows to read, or to set to a boolean. */
static const char *const flag_pragmas[] = {
    "foreign_keys",
    "defer_foreign_keys",
    "case_sensitive_like",
    "ignore_check_constraints",
    "legacy_alter_table",
    "recursive_triggers",
    "reverse_unordered_selects",
};

static bool in(const char *name, const char *const *list, size_t n)
{
    for (size_t i = 0; name && i < n; i++)
        if (strcasecmp(name, list[i]) == 0)
            return true;
    return false;
}

/* A boolean as SQLite spells one, quoted or not: on/off, yes/no, ... */
static bool is_boolean(const char *v)
{
    static const char *const words[] = {"1", "0", "on", "off", "yes", "no", "true", "false"};
    char buf[8];
    size_t n = strlen(v);
    if (n >= 2 && (v[0] == '\'' || v[0] == '"') && v[n - 1] == v[0]) {
        v++;
        n -= 2;
    }
    if (n >= sizeof buf)
        return false;
    memcpy(buf, v, n);
    buf[n] = '\0';
    return in(buf, words, sizeof words / sizeof words[0]);
}

static bool pragma_allowed(const char *name, const char *arg)
{
    if (in(name, info_pragmas, sizeof info_pragmas / sizeof info_pragmas[0]))
        return true;
    return in(name, flag_pragmas, sizeof flag_pragmas / sizeof flag_pragmas[0]) &&
           (!arg || is_boolean(arg));
}

/* The authorizer: SQLite calls it while preparing each statement (and
 * re-preparing one whose schema changed). Our own statements (savepoints,
 * size queries) run with the guard inactive and pass. */
static int authorize(void *cls, int action, const char *a1, const char *a2, const char *dbname,
                     const char *trigger)
{
    const struct d1_guard *g = cls;
    (void)dbname, (void)trigger;
    if (!g->active)
        return SQLITE_OK;
    switch (action) {
    case SQLITE_ATTACH: /* would open (or create) any file on the host */
    case SQLITE_DETACH:
    case SQLITE_TRANSACTION: /* D1 runs each call as one transaction */
    case SQLITE_SAVEPOINT:
        return SQLITE_DENY;
    case SQLITE_PRAGMA:
        return pragma_allowed(a1, a2) ? SQLITE_OK : SQLITE_DENY;
    case SQLITE_FUNCTION:
        return a2 && strcasecmp(a2, "load_extension") == 0 ? SQLITE_DENY : SQLITE_OK;
    default:
        return SQLITE_OK;
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The progress handler: non-zero interrupts the running statement. */
static int progress(void *cls)
{
    struct d1_guard *g = cls;
    if (!g->active)
        return 0;
    if (atomic_load(g->stopping))
        return 1;
    if (now_s() > g->deadline) {
        g->timed_out = true;
        return 1;
    }
    return 0;
}

/* d1_guard_setup: installs the authorizer and progress handler on a fresh
 * connection, switches extension loading and defensive mode, and allows no
 * attached database. Returns 0, or -1 when SQLite refuses a setting. */
int d1_guard_setup(sqlite3 *db, struct d1_guard *g, const atomic_bool *stopping)
{
    g->active = false;
    g->stopping = stopping;
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_progress_handler(db, PROGRESS_OPS, progress, g);
    if (sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL) != SQLITE_OK ||
        sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL) != SQLITE_OK)
        return -1;
    return sqlite3_set_authorizer(db, authorize, g) == SQLITE_OK ? 0 : -1;
}

/* d1_guard_start: starts the clock of one call (timeout_ms from now). */
void d1_guard_start(struct d1_guard *g, int timeout_ms)
{
    g->deadline = now_s() + timeout_ms / 1000.0;
    g->timed_out = false;
}

/* d1_guard_stopping: whether cfemu is shutting down (queries are refused). */
bool d1_guard_stopping(const struct d1_guard *g)
{
    return atomic_load(g->stopping);
}
