/* D1 migrations, run inside a database's create or update, after the
 * database exists (so workers that bind it, which wait for this step, are
 * uploaded only once its schema is there). Wrangler's protocol: create
 * d1_migrations if missing, list the applied names, then for each pending
 * file in order one query holding its SQL and the INSERT of its name, so a
 * migration and its record commit together: a crash or a lost answer is
 * resolved by listing again, and nothing is ever applied twice. The first
 * failure stops the sequence with D1's error and the file:line. */
#include "runtime/providers/prov.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/build/migrations.h"

enum { ST_MIG_TABLE = 100, ST_MIG_LIST, ST_MIG_APPLY };

/* The op's scratch between steps: the names already applied. Removed from
 * the entry when the sequence ends. */
#define APPLIED    "migrations_applied"
#define LOSSES     "migrations_lost_answers"
#define MAX_LOSSES 8 /* answers lost in a row before the apply gives up */

static const char *migrations_dir(const struct prov_ctx *ctx, const struct prov_op *op)
{
    if (!ctx->prog || op->res < 0 || (size_t)op->res >= ctx->prog->n_resources)
        return NULL;
    const struct ir_resource *res = &ctx->prog->resources[op->res];
    for (size_t i = 0; i < res->n_attrs; i++)
        if (strcmp(res->attrs[i].name, "migrations") == 0 && res->attrs[i].value.type == IR_STRING)
            return res->attrs[i].value.u.s;
    return NULL;
}

static enum prov_result query(const struct prov_ctx *ctx, struct prov_op *op, const char *sql,
                              int stage)
{
    cJSON *b = cJSON_CreateObject();
    cJSON_AddStringToObject(b, "sql", sql);
    op->stage = stage;
    return prov_request(ctx, op, "POST", b, "/d1/database/%s/query", prov_id(op));
}

static enum prov_result finish(struct prov_op *op, enum prov_result r)
{
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, APPLIED);
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, LOSSES);
    return r;
}

/* lost: an answer that never came (or came garbled). The table and list
 * queries are asked again; a migration's query may have committed, so the
 * list is asked, which says whether it did. */
static enum prov_result lost(const struct prov_ctx *ctx, struct prov_op *op,
                             const struct cf_http_completion *c)
{
    cJSON *n = cJSON_GetObjectItemCaseSensitive(op->entry, LOSSES);
    int losses = cJSON_IsNumber(n) ? n->valueint + 1 : 1;
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, LOSSES);
    cJSON_AddNumberToObject(op->entry, LOSSES, losses);
    if (losses > MAX_LOSSES)
        return finish(op, prov_fail_with(op, c));
    if (op->stage == ST_MIG_TABLE)
        return query(ctx, op, migrations_create_table_sql(), ST_MIG_TABLE);
    return query(ctx, op, migrations_list_sql(), ST_MIG_LIST);
}

static bool applied(const struct prov_op *op, const char *name)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(op->entry, APPLIED))
    {
        if (cJSON_IsString(it) && strcmp(it->valuestring, name) == 0)
            return true;
    }
    return false;
}

/* read_planned reads the files and checks they are what the plan saw. */
static int read_planned(const struct prov_ctx *ctx, struct prov_op *op, struct migration **m,
                        size_t *n)
{
    char why[900];
    if (migrations_read(ctx->prog->dir, migrations_dir(ctx, op), m, n, why, sizeof why) != 0) {
        snprintf(op->error, sizeof op->error, "%s", why);
        return -1;
    }
    const cJSON *planned = prov_attr(op->entry, "migrations");
    for (size_t i = 0; i < *n; i++) {
        const char *h = state_str(planned, (*m)[i].name);
        if (!h || strcmp(h, (*m)[i].hash) != 0) {
            snprintf(op->error, sizeof op->error,
                     "migration '%s' changed after the plan was made; run the command again",
                     (*m)[i].path);
            migrations_free(*m, *n);
            return -1;
        }
    }
    return 0;
}

/* next_pending sends the first migration at or after op->index that the
 * database has not applied, or ends the sequence. */
static enum prov_result next_pending(const struct prov_ctx *ctx, struct prov_op *op)
{
    struct migration *m;
    size_t n;
    if (read_planned(ctx, op, &m, &n) != 0)
        return finish(op, PROV_FAIL);
    while ((size_t)op->index < n && applied(op, m[op->index].name))
        op->index++;
    if ((size_t)op->index >= n) {
        migrations_free(m, n);
        return finish(op, PROV_DONE);
    }
    char *sql = migration_query(&m[op->index]);
    migrations_free(m, n);
    enum prov_result r = query(ctx, op, sql, ST_MIG_APPLY);
    free(sql);
    return r;
}

static void remember_applied(struct prov_op *op, const cJSON *result)
{
    cJSON *names = cJSON_CreateArray();
    const cJSON *row;
    cJSON_ArrayForEach(row,
                       cJSON_GetObjectItemCaseSensitive(cJSON_GetArrayItem(result, 0), "results"))
    {
        const char *name = state_str(row, "name");
        if (name)
            cJSON_AddItemToArray(names, cJSON_CreateString(name));
    }
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, APPLIED);
    cJSON_AddItemToObject(op->entry, APPLIED, names);
}

/* failed: D1's error for the migration at op->index, with its file:line. */
static enum prov_result failed(const struct prov_ctx *ctx, struct prov_op *op)
{
    struct migration *m;
    size_t n;
    char d1[1024];
    snprintf(d1, sizeof d1, "%s", op->error);
    if (migrations_read(ctx->prog->dir, migrations_dir(ctx, op), &m, &n, op->error,
                        sizeof op->error) == 0) {
        if ((size_t)op->index < n)
            snprintf(op->error, sizeof op->error,
                     "%s:%zu: migration '%s' failed (it and the ones after it were not "
                     "applied): %.700s",
                     m[op->index].path, migration_error_line(&m[op->index], d1), m[op->index].name,
                     d1);
        migrations_free(m, n);
    }
    return finish(op, PROV_FAIL);
}

/* prov_d1_migrate_start: see prov.h. */
enum prov_result prov_d1_migrate_start(const struct prov_ctx *ctx, struct prov_op *op)
{
    if (!migrations_dir(ctx, op) || !prov_attr(op->entry, "migrations"))
        return PROV_DONE;
    op->index = 0;
    return query(ctx, op, migrations_create_table_sql(), ST_MIG_TABLE);
}

/* prov_d1_migrate_step: see prov.h. */
enum prov_result prov_d1_migrate_step(const struct prov_ctx *ctx, struct prov_op *op,
                                      const struct cf_http_completion *c)
{
    cJSON *doc, *res;
    if (c->outcome == CF_LOST || prov_is_garbled(c))
        return lost(ctx, op, c);
    cJSON_DeleteItemFromObjectCaseSensitive(op->entry, LOSSES);
    if (prov_result_of(op, c, &doc, &res) != 0)
        return op->stage == ST_MIG_APPLY ? failed(ctx, op) : finish(op, PROV_FAIL);
    enum prov_result r;
    switch (op->stage) {
    case ST_MIG_TABLE:
        r = query(ctx, op, migrations_list_sql(), ST_MIG_LIST);
        break;
    case ST_MIG_LIST:
        remember_applied(op, res);
        r = next_pending(ctx, op);
        break;
    default: /* ST_MIG_APPLY */
        op->index++;
        r = next_pending(ctx, op);
        break;
    }
    cJSON_Delete(doc);
    return r;
}

/* prov_d1_is_migrating: see prov.h. */
bool prov_d1_is_migrating(const struct prov_op *op)
{
    return op->stage >= ST_MIG_TABLE && op->stage <= ST_MIG_APPLY;
}
