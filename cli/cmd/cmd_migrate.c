/* domec state migrate --to postgres|local: copies every stack of the
 * program, with its history, from one state backend to the other
 * (runtime/store/store.h). Each stack is copied under both backends'
 * locks; one with an interrupted apply's journal, or one the destination
 * already has, is refused and named. The source is left as it was. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "lang/lang.h"
#include <cJSON.h>

#include "runtime/store/lock.h"
#include "runtime/store/state.h"
#include "runtime/store/store.h"

struct migration {
    const struct opts *o;
    struct store *from, *to;
    char err[1024];
};

/* refused: why stack cannot be copied now (err filled), or false */
static bool refused(struct migration *m, const char *stack)
{
    char *text = NULL;
    size_t len;
    if (m->from->ops->journal_read(m->from, stack, &text, m->err, sizeof m->err) != 0)
        return true;
    if (text) {
        free(text);
        snprintf(m->err, sizeof m->err,
                 "stack '%s' has an interrupted apply's journal\n  help: run `domec apply "
                 "--stack %s` first; it finishes that run",
                 stack, stack);
        return true;
    }
    if (m->to->ops->load(m->to, stack, &text, &len, NULL, m->err, sizeof m->err) != 0)
        return true;
    if (text) {
        free(text);
        snprintf(m->err, sizeof m->err,
                 "stack '%s' already has a state in the %s backend; nothing was copied\n  help: "
                 "compare them with `domec stack export`; remove the copy you do not want "
                 "(`domec stack rm`) and migrate again",
                 stack, m->to->ops->name);
        return true;
    }
    return false;
}

/* copy_stack: every history entry in order, then the current state */
static int copy_stack(struct migration *m, const char *stack, size_t *n_saved)
{
    struct store_saved *list = NULL;
    size_t n = 0, len = 0;
    char *text = NULL;
    int rc = m->from->ops->history(m->from, stack, &list, &n, m->err, sizeof m->err);
    for (size_t i = 0; rc == 0 && i < n; i++) {
        char *h = m->from->ops->history_get(m->from, stack, list[i].serial, &len);
        if (h)
            rc = m->to->ops->save(m->to, stack, list[i].serial, h, len, m->err, sizeof m->err);
        free(h);
    }
    *n_saved = n;
    free(list);
    if (rc == 0)
        rc = m->from->ops->load(m->from, stack, &text, &len, NULL, m->err, sizeof m->err);
    if (rc == 0 && text) {
        char why[600];
        cJSON *doc = state_parse(text, len, stack, why, sizeof why);
        long serial = (long)cJSON_GetNumberValue(cJSON_GetObjectItemCaseSensitive(doc, "serial"));
        cJSON_Delete(doc);
        if (!doc)
            snprintf(m->err, sizeof m->err, "the state of stack '%s' is not valid: %s", stack, why);
        rc = doc ? m->to->ops->save(m->to, stack, serial, text, len, m->err, sizeof m->err) : -1;
    }
    free(text);
    return rc;
}

static int migrate_one(struct migration *m, const char *stack)
{
    struct lock a, b;
    size_t n = 0;
    int rc = -1;
    if (lock_take(&a, m->from, stack, "state migrate", m->o->lock_wait_s, m->err, sizeof m->err) ==
        0) {
        if (lock_take(&b, m->to, stack, "state migrate", m->o->lock_wait_s, m->err,
                      sizeof m->err) == 0) {
            rc = refused(m, stack) ? -1 : copy_stack(m, stack, &n);
            lock_release(&b);
        }
        lock_release(&a);
    }
    if (rc != 0) {
        fprintf(stderr, "domec state migrate: %s\n", m->err);
        return -1;
    }
    printf("copied stack '%s' with %zu history entr%s\n", stack, n, n == 1 ? "y" : "ies");
    return 0;
}

/* state_migrate: see cli/commands.def. */
int state_migrate(struct opts *o)
{
    const char *url = getenv("DOME_BACKEND_URL");
    if (!o->migrate_to) {
        fprintf(stderr, "domec state migrate: say where to: --to postgres or --to local\n");
        return 2;
    }
    if (!url || !url[0]) {
        fprintf(stderr, "domec state migrate: DOME_BACKEND_URL is not set\n  help: export "
                        "DOME_BACKEND_URL=postgres://USER@HOST/DB (see docs/team.md)\n");
        return 2;
    }
    char *project = NULL, *backend = NULL;
    if (lang_project(o->dir, &project, &backend) != 0) {
        /* no program here: stacks/ and .dome/ may still be */
    }
    struct store *local = store_local(o->dir);
    struct store *pg = store_postgres(o->dir, project ? project : "", url);
    free(project);
    free(backend);
    bool to_pg = !strcmp(o->migrate_to, "postgres");
    struct migration m = {o, to_pg ? local : pg, to_pg ? pg : local, ""};
    char err[1024];
    char **names = m.from->ops->stacks(m.from, err, sizeof err);
    int rc = names ? 0 : 2, n = 0;
    if (!names)
        fprintf(stderr, "domec state migrate: %s\n", err);
    for (size_t i = 0; names && names[i]; i++, n++) {
        rc |= migrate_one(&m, names[i]) == 0 ? 0 : 2;
        free(names[i]);
    }
    free(names);
    char where[1024];
    store_where(m.to, where, sizeof where);
    if (rc == 0)
        printf("%d stack%s copied to %s\nnext: %s\n", n, n == 1 ? "" : "s", where,
               to_pg ? "set backend = \"postgres\" in the project block; the .dome/ files stay "
                       "until you remove them"
                     : "set backend = \"local\" (or drop it) and unset DOME_BACKEND_URL");
    store_free(local);
    store_free(pg);
    return rc;
}
