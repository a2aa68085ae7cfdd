/* cfemu: D1 Time Travel. A bookmark names the current state of a database
 * (it changes when its tables or size change). cfemu keeps no earlier
 * states: a restore to the current bookmark succeeds and changes nothing;
 * one to any other bookmark is refused (400), rather than pretending. */
#include <stdio.h>
#include <string.h>

#include "emulator/emu.h"

/* d1_bookmark: the bookmark of database uuid's current state. */
void d1_bookmark(struct emu *e, const char *uuid, char *out, size_t n)
{
    struct emu_db *d = d1_acquire(e, uuid);
    unsigned tables = d ? (unsigned)d->num_tables : 0, size = d ? (unsigned)d->file_size : 0;
    if (d)
        d1_release(d);
    char hex[33] = {0};
    size_t k = 0;
    for (const char *p = uuid; *p && k < 32; p++)
        if (*p != '-')
            hex[k++] = *p;
    snprintf(out, n, "%08x-%08x-%08x-%s", tables, size, 0u, hex);
}

static cJSON *need_db(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = d1_lookup(e, rq->account, rq->segs[4]);
    if (!db)
        env_err(rs, 404, 7404, "The database %s could not be found", rq->segs[4]);
    return db;
}

/* d1_tt_bookmark: GET .../time_travel/bookmark[?timestamp] -> {bookmark}. */
void d1_tt_bookmark(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need_db(e, rq, rs);
    if (!db)
        return;
    char bm[80];
    d1_bookmark(e, jstr(db, "uuid"), bm, sizeof bm);
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "bookmark", bm);
    env_ok(rs, 200, r);
}

/* d1_tt_restore: POST .../time_travel/restore?bookmark=B (or timestamp). */
void d1_tt_restore(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *db = need_db(e, rq, rs);
    if (!db)
        return;
    char bm[80];
    d1_bookmark(e, jstr(db, "uuid"), bm, sizeof bm);
    const char *want = req_query(rq, "bookmark");
    if (!want || strcmp(want, bm) != 0) {
        env_err(rs, 400, 7500,
                "cfemu keeps no earlier states of a database: only its current bookmark (%s) "
                "can be restored",
                bm);
        return;
    }
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "bookmark", bm);
    jset_str(r, "previous_bookmark", bm);
    jset_str(r, "message", "Restored the database to its current state (nothing changed)");
    env_ok(rs, 200, r);
}
