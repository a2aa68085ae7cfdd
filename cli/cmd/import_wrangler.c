/* domec import --from-wrangler PATH... --stack S [DIR]: reads wrangler
 * configurations (wrangler_model.c), adopts the live resources they name
 * into stack S (read back through the providers, as `import` does), and
 * writes the program (DIR/wrangler.dome) and a stack file per environment,
 * so the next preview of stack S shows no changes. The workers' code is
 * taken as what the configurations build (wrangler deployed it from the
 * same files): their code_hash is adopted from the program, like any
 * attribute an import cannot read. */
#include "cli/cmd/import_wrangler.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd/wrangler_model.h"
#include "cli/cmd/wrangler_program.h"
#include "cli/session.h"
#include "cli/stack/stack_common.h"
#include "runtime/base/xalloc.h"
#include "runtime/build/migrations.h"
#include "runtime/import/import.h"
#include "runtime/model/kind.h"
#include "runtime/store/fsutil.h"

struct wimport {
    const struct opts *o;
    struct wr_model m;
    struct session s;
    struct lock lk;
    struct state st, found, tmp;
};

static const cJSON *found_entry(const struct state *found, enum ir_kind k, const char *name)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, state_resources(found))
    {
        const char *kind = state_str(e, "kind"), *n = state_str(e, "name");
        if (kind && n && !strcmp(kind, kind_name(k)) && !strcmp(n, name))
            return e;
    }
    return NULL;
}

/* stubs: one stub per resource of the top stack, under the model's labels;
 * -1 when one is not in the account. */
static int stubs(struct wimport *w)
{
    for (size_t i = 0; i < w->m.n_res; i++) {
        const struct wr_res *r = &w->m.res[i];
        const cJSON *f = found_entry(&w->found, r->kind, r->name[0]);
        const char *id = r->id[0] ? r->id[0] : state_str(f, "id");
        char key[300];
        if (!f) {
            fprintf(stderr,
                    "domec import: %s '%s' is not in the account\n  help: deploy the wrangler "
                    "configuration first, or import into a stack whose resources exist\n",
                    kind_name(r->kind), r->name[0]);
            return -1;
        }
        kind_key(key, sizeof key, r->kind, r->label);
        state_put(&w->tmp, key, import_stub(r->kind, r->label, id, r->name[0]));
    }
    return 0;
}

/* applied_names: the names in the database's d1_migrations (none when the
 * table does not exist yet), read with one D1 query. NULL on failure. */
static cJSON *applied_names(struct wimport *w, const char *db_id)
{
    char path[300];
    snprintf(path, sizeof path, "/accounts/%s/d1/database/%s/query", w->s.account, db_id);
    cJSON *q = cJSON_CreateObject();
    cJSON_AddStringToObject(q, "sql", migrations_list_sql());
    char *body = cJSON_PrintUnformatted(q);
    cJSON_Delete(q);
    struct cf_request req = {.method = "POST",
                             .path = path,
                             .content_type = "application/json",
                             .body = body,
                             .body_len = strlen(body)};
    struct cf_http_completion c;
    cJSON *names = NULL;
    if (cf_http_submit(w->s.http, &req) == 0 && cf_http_next(w->s.http, &c) == 1) {
        cJSON *doc = c.outcome == CF_DONE && c.body ? cJSON_Parse(c.body) : NULL;
        const cJSON *rows = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(doc, "result"), 0), "results");
        if (c.outcome == CF_DONE && c.status < 300) {
            names = cJSON_CreateArray();
            const cJSON *row;
            cJSON_ArrayForEach(row, rows)
                cJSON_AddItemToArray(names, cJSON_CreateString(state_str(row, "name")));
        } else if (c.outcome == CF_DONE && c.body && strstr(c.body, "no such table")) {
            names = cJSON_CreateArray();
        }
        cJSON_Delete(doc);
        cf_http_completion_free(&c);
    }
    free(body);
    return names;
}

/* record_migrations: a database's applied migrations (by wrangler) go in
 * the state with the hashes of the files, as apply records them. */
static int record_migrations(struct wimport *w, const struct wr_res *r, cJSON *entry)
{
    struct migration *m;
    size_t n;
    char err[900];
    if (!r->migrations)
        return 0;
    if (migrations_read(w->o->dir, r->migrations, &m, &n, err, sizeof err) != 0) {
        fprintf(stderr, "domec import: database '%s': %s\n", r->name[0], err);
        return -1;
    }
    cJSON *names = applied_names(w, state_str(entry, "id"));
    if (!names) {
        fprintf(stderr, "domec import: database '%s': cannot read d1_migrations\n", r->name[0]);
        migrations_free(m, n);
        return -1;
    }
    cJSON *done = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++) {
        const cJSON *it;
        cJSON_ArrayForEach(it, names) if (cJSON_IsString(it) && !strcmp(it->valuestring, m[i].name))
            cJSON_AddStringToObject(done, m[i].name, m[i].hash);
    }
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs");
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, "migrations");
    cJSON_AddItemToObject(attrs, "migrations", done);
    cJSON_Delete(names);
    migrations_free(m, n);
    return 0;
}

/* kv_title: the title of the account's KV namespace id, or NULL. */
static const char *kv_title(void *arg, const char *id)
{
    const cJSON *e;
    cJSON_ArrayForEach(e, state_resources(&((struct wimport *)arg)->found))
    {
        const char *kind = state_str(e, "kind"), *i = state_str(e, "id");
        if (kind && i && !strcmp(kind, kind_name(IR_KV)) && !strcmp(i, id))
            return state_str(e, "name");
    }
    return NULL;
}

/* read_live reads the stubs; a worker's code attributes are adopted. */
static int read_live(struct wimport *w)
{
    struct prov_ctx ctx = {w->s.account, &w->tmp, NULL, NULL};
    char *errors = NULL, err[512];
    if (discover_list(&ctx, w->s.http, &w->found, err, sizeof err) < 0) {
        fprintf(stderr, "domec import: %s\n", err);
        return -1;
    }
    wr_model_kv_titles(&w->m, kv_title, w);
    for (size_t i = 0; i < w->m.n_notes; i++)
        fprintf(stderr, "note: %s\n", w->m.notes[i]);
    if (stubs(w) != 0)
        return -1;
    int failed = import_read(&ctx, w->s.http, &errors);
    import_consumers(&ctx, w->s.http);
    if (errors)
        fprintf(stderr, "domec import: cannot import:\n%s", errors);
    free(errors);
    for (size_t i = 0; i < w->m.n_res && failed == 0; i++) {
        char key[300];
        kind_key(key, sizeof key, w->m.res[i].kind, w->m.res[i].label);
        cJSON *e = (cJSON *)state_get(&w->tmp, key);
        if (e && w->m.res[i].kind == IR_DATABASE && record_migrations(w, &w->m.res[i], e) != 0)
            failed++;
    }
    cJSON *e;
    cJSON_ArrayForEach(e, state_resources(&w->tmp))
    {
        const char *kind = state_str(e, "kind");
        if (!kind || strcmp(kind, "worker") != 0)
            continue;
        cJSON_DeleteItemFromObjectCaseSensitive(e, "unknown");
        cJSON *u = cJSON_AddArrayToObject(e, "unknown");
        cJSON_AddItemToArray(u, cJSON_CreateString("code_hash"));
        cJSON_AddItemToArray(u, cJSON_CreateString("main_module"));
        cJSON_AddItemToArray(u, cJSON_CreateString("modules"));
    }
    return failed ? -1 : 0;
}

static const cJSON *live_of(void *arg, const struct wr_res *r)
{
    char key[300];
    kind_key(key, sizeof key, r->kind, r->label);
    return state_get(&((struct wimport *)arg)->tmp, key);
}

/* write_text writes text to DIR/name, refusing to replace a file. */
static int write_new(const char *dir, const char *name, const char *text)
{
    char err[600];
    char *path = fs_join(dir, name);
    int rc = 0;
    FILE *probe = fopen(path, "r");
    if (probe) {
        fclose(probe);
        fprintf(stderr,
                "domec import: %s exists; import into a directory without it (nothing was "
                "written or imported)\n",
                path);
        rc = -1;
    } else if (fs_write_atomic(path, text, strlen(text), 0644, err, sizeof err) != 0) {
        fprintf(stderr, "domec import: %s\n", err);
        rc = -1;
    } else {
        fprintf(stderr, "wrote %s\n", path);
    }
    free(path);
    return rc;
}

/* write_stack writes stack s's file; a stack file `domec stack init`
 * made (its `config {}` still empty) gets the values in that block. */
static int write_stack(struct wimport *w, size_t s)
{
    char *text = NULL, *name = xasprintf("stacks/%s.dome", w->m.stacks[s]), err[600];
    size_t n = 0;
    FILE *f = open_memstream(&text, &n);
    wrangler_stack_file(f, &w->m, s);
    fclose(f);
    char *dir = fs_join(w->o->dir, "stacks"), *path = fs_join(w->o->dir, name);
    char *old = fs_read_all(path, NULL), *at = old ? strstr(old, "config {}") : NULL;
    int rc = fs_mkdirs(dir) == 0 ? 0 : -1;
    if (rc == 0 && old && at) {
        const char *block = strstr(text, "config {");
        char *merged =
            xasprintf("%.*s%s%s", (int)(at - old), old, block, at + strlen("config {}\n"));
        rc = fs_write_atomic(path, merged, strlen(merged), 0600, err, sizeof err);
        if (rc != 0)
            fprintf(stderr, "domec import: %s\n", err);
        free(merged);
    } else if (rc == 0) {
        rc = write_new(w->o->dir, name, text);
    }
    free(old);
    free(path);
    free(dir);
    free(name);
    free(text);
    return rc;
}

/* write_files writes the program and every stack's file. */
static int write_files(struct wimport *w)
{
    char *text = NULL, err[600], real[4096];
    size_t len = 0;
    const char *base = realpath(w->o->dir, real) ? strrchr(real, '/') : NULL;
    FILE *out = open_memstream(&text, &len);
    int rc = wrangler_program(out, &w->m, base && base[1] ? base + 1 : "imported", live_of, w, err,
                              sizeof err);
    fclose(out);
    if (rc != 0)
        fprintf(stderr, "domec import: %s\n", err);
    rc = rc == 0 ? write_new(w->o->dir, "wrangler.dome", text) : rc;
    for (size_t s = 0; rc == 0 && s < w->m.n_stacks; s++)
        rc = write_stack(w, s);
    free(text);
    return rc;
}

static int adopt(struct wimport *w)
{
    cJSON *e;
    cJSON_ArrayForEach(e, state_resources(&w->tmp))
    {
        if (!cJSON_GetObjectItemCaseSensitive(e, "pending"))
            state_put(&w->st, e->string, cJSON_Duplicate(e, 1));
    }
    return stack_save("import", &w->st) == 0 ? 0 : 2;
}

/* import_from_wrangler: see import_wrangler.h. */
int import_from_wrangler(const struct opts *o)
{
    struct wimport w = {.o = o};
    char err[1200];
    w.s.cl = o;
    w.s.command = "import";
    if (wr_model_read(&w.m, o->dir, o->stack, o->from_wrangler.v, o->from_wrangler.n, err,
                      sizeof err) != 0) {
        fprintf(stderr, "domec import: %s\n", err);
        wr_model_free(&w.m);
        return 1;
    }
    int rc = session_http(&w.s) != 0 ? 2 : 0;
    if (rc == 0 && stack_open_locked("import", o, o->stack, &w.lk, &w.st) != 0)
        rc = 2;
    if (rc == 0) {
        stack_copy_state(&w.tmp, NULL);
        stack_copy_state(&w.found, NULL);
        rc = read_live(&w) != 0 ? 1 : write_files(&w) != 0 ? 2 : adopt(&w);
        state_close(&w.st);
        lock_release(&w.lk);
    }
    if (rc == 0)
        fprintf(stderr,
                "imported %zu resources of %zu wrangler configurations into stack '%s'; "
                "check with `domec preview --stack %s`\n",
                w.m.n_res, w.m.n_workers, o->stack, o->stack);
    state_close(&w.tmp);
    state_close(&w.found);
    session_close(&w.s);
    wr_model_free(&w.m);
    return rc;
}
