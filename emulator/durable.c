/* cfemu: Durable Objects. A worker upload's metadata.migrations (one step,
 * or {old_tag, new_tag, steps}) creates, renames, transfers and deletes
 * the classes the worker implements; each class is a namespace with an id.
 * Refused as Cloudflare does: a wrong old_tag (10079), a class created
 * twice (10074), a new class the modules never mention (10070), a binding
 * to a class that is not a Durable Object (10061), and a deleted class a
 * binding still uses (10061). Also the namespace and object lists. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

/* The classes of a script: [{class, id, use_sqlite}] (borrowed; created). */
static cJSON *classes_of(cJSON *script)
{
    cJSON *c = cJSON_GetObjectItem(script, "do_classes");
    return c ? c : cJSON_AddArrayToObject(script, "do_classes");
}

/* Whether some module's text names cls (the class is defined or exported
 * there). A bundled worker keeps class names, so this is what Cloudflare's
 * "not exported" check sees, read leniently. */
static bool mentioned(const cJSON *mods, const char *cls)
{
    cJSON *m;
    cJSON_ArrayForEach(m, mods)
    {
        size_t n = 0;
        char *src = b64_decode(jstr(m, "b64"), &n);
        bool found = src && strstr(src, cls) != NULL;
        free(src);
        if (found)
            return true;
    }
    return false;
}

static cJSON *new_class(struct emu *e, const char *cls, bool sqlite)
{
    char id[33];
    store_new_hex(e, id);
    cJSON *c = cJSON_CreateObject();
    jset_str(c, "class", cls);
    jset_str(c, "id", id);
    cJSON_AddBoolToObject(c, "use_sqlite", sqlite);
    return c;
}

/* What a migration step needs besides the classes it changes. */
struct step_ctx {
    struct emu *e;
    const char *account;
    const cJSON *mods;
    const cJSON *binds; /* the new version's bindings */
    struct resp *rs;
};

static int add_classes(struct step_ctx *x, cJSON *classes, const cJSON *names, bool sqlite)
{
    cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        const char *cls = cJSON_IsString(n) ? n->valuestring : "";
        if (store_find(classes, "class", cls)) {
            env_err(x->rs, 400, 10074,
                    "Cannot apply --new-class migration to class '%s' that is already depended "
                    "on by existing Durable Objects",
                    cls);
            return -1;
        }
        if (!*cls || !mentioned(x->mods, cls)) {
            env_err(x->rs, 400, 10070,
                    "Cannot apply new-class migration to class '%s' that is not exported by "
                    "script",
                    cls);
            return -1;
        }
        cJSON_AddItemToArray(classes, new_class(x->e, cls, sqlite));
    }
    return 0;
}

static bool bound(const cJSON *binds, const char *cls)
{
    cJSON *b;
    cJSON_ArrayForEach(b, binds)
    {
        const char *t = jstr(b, "type"), *c = jstr(b, "class_name");
        if (t && strcmp(t, "durable_object_namespace") == 0 && c && strcmp(c, cls) == 0 &&
            !jstr(b, "script_name"))
            return true;
    }
    return false;
}

static int delete_classes(struct step_ctx *x, cJSON *classes, const cJSON *names)
{
    cJSON *n;
    cJSON_ArrayForEach(n, names)
    {
        const char *cls = cJSON_IsString(n) ? n->valuestring : "";
        int i = store_index(classes, "class", cls);
        if (i < 0) {
            env_err(x->rs, 400, 10061,
                    "Cannot apply --delete-class migration to class '%s' that does not exist", cls);
            return -1;
        }
        if (bound(x->binds, cls)) {
            env_err(x->rs, 400, 10061,
                    "Cannot apply --delete-class migration to class '%s' without also removing "
                    "the binding that references it",
                    cls);
            return -1;
        }
        cJSON_DeleteItemFromArray(classes, i);
    }
    return 0;
}

static int rename_classes(struct step_ctx *x, cJSON *classes, const cJSON *pairs)
{
    cJSON *p;
    cJSON_ArrayForEach(p, pairs)
    {
        const char *from = jstr(p, "from"), *to = jstr(p, "to");
        cJSON *c = from ? store_find(classes, "class", from) : NULL;
        if (!c || !to || store_find(classes, "class", to)) {
            env_err(x->rs, 400, 10061,
                    "Cannot apply --rename-class migration from '%s' to '%s': the source must "
                    "exist and the target must not",
                    from ? from : "", to ? to : "");
            return -1;
        }
        jset_str(c, "class", to);
    }
    return 0;
}

/* Transfers take the class (and its namespace id) from another worker;
 * the source is removed from that worker by do_commit. */
static int transfer_classes(struct step_ctx *x, cJSON *classes, const cJSON *items, cJSON *moves)
{
    cJSON *p;
    cJSON_ArrayForEach(p, items)
    {
        const char *from = jstr(p, "from"), *script = jstr(p, "from_script"), *to = jstr(p, "to");
        cJSON *src = script ? ws_lookup(x->e, x->account, script) : NULL;
        cJSON *c = src && from ? store_find(classes_of(src), "class", from) : NULL;
        if (!c || !to || store_find(classes, "class", to)) {
            env_err(x->rs, 400, 10061,
                    "Cannot apply --transfer-class migration from '%s' in '%s' to '%s': the "
                    "source class must exist and the target must not",
                    from ? from : "", script ? script : "", to ? to : "");
            return -1;
        }
        cJSON *copy = cJSON_Duplicate(c, 1);
        jset_str(copy, "class", to);
        cJSON_AddItemToArray(classes, copy);
        cJSON *mv = cJSON_CreateObject();
        jset_str(mv, "script", script);
        jset_str(mv, "class", from);
        cJSON_AddItemToArray(moves, mv);
    }
    return 0;
}

static int apply_step(struct step_ctx *x, cJSON *classes, const cJSON *step, cJSON *moves)
{
    if (!cJSON_IsObject(step)) {
        env_err(x->rs, 400, 10021, "each migration step must be an object");
        return -1;
    }
    if (add_classes(x, classes, cJSON_GetObjectItem(step, "new_classes"), false) != 0 ||
        add_classes(x, classes, cJSON_GetObjectItem(step, "new_sqlite_classes"), true) != 0 ||
        rename_classes(x, classes, cJSON_GetObjectItem(step, "renamed_classes")) != 0 ||
        transfer_classes(x, classes, cJSON_GetObjectItem(step, "transferred_classes"), moves) != 0)
        return -1;
    return delete_classes(x, classes, cJSON_GetObjectItem(step, "deleted_classes"));
}

/* Checks old_tag against the script's current tag (10079). */
static int check_tag(const cJSON *mig, const char *cur, struct resp *rs)
{
    const char *old = jstr(mig, "old_tag");
    if ((old ? old : "")[0] == '\0' && !cur)
        return 0;
    if (old && cur && strcmp(old, cur) == 0)
        return 0;
    env_err(rs, 400, 10079,
            "Actor migration tag precondition failed, got tag '%s' when expected tag is '%s'.",
            old ? old : "", cur ? cur : "");
    return -1;
}

/* Every same-worker Durable Object binding must name one of classes. */
static int check_bound_classes(const cJSON *binds, const cJSON *classes, struct resp *rs)
{
    cJSON *b;
    cJSON_ArrayForEach(b, binds)
    {
        const char *t = jstr(b, "type"), *cls = jstr(b, "class_name");
        if (!t || strcmp(t, "durable_object_namespace") != 0 || jstr(b, "script_name"))
            continue;
        if (!store_find((cJSON *)classes, "class", cls)) {
            env_err(rs, 400, 10061,
                    "Cannot create binding for class '%s' because it is not currently "
                    "configured to implement Durable Objects. Ensure a --new-class migration "
                    "has been applied to it.",
                    cls ? cls : "");
            return -1;
        }
    }
    return 0;
}

static cJSON *steps_of(cJSON *mig)
{
    cJSON *steps = cJSON_GetObjectItem(mig, "steps");
    if (steps)
        return cJSON_Duplicate(steps, 1);
    cJSON *one = cJSON_CreateArray();
    cJSON_AddItemToArray(one, cJSON_Duplicate(mig, 1));
    return one;
}

/* do_plan: takes metadata.migrations out of version v of worker script
 * (NULL when new) and works out the worker's classes after it. Returns
 * {migration_tag, classes, moves} (caller owns, for do_commit), or NULL
 * with Cloudflare's error in rs. */
cJSON *do_plan(struct emu *e, const char *account, cJSON *script, cJSON *v, struct resp *rs)
{
    cJSON *md = cJSON_GetObjectItem(v, "metadata");
    cJSON *mig = cJSON_DetachItemFromObject(md, "migrations");
    const char *cur = script ? jstr(script, "migration_tag") : NULL;
    cJSON *plan = cJSON_CreateObject();
    cJSON *classes = script ? cJSON_Duplicate(classes_of(script), 1) : cJSON_CreateArray();
    cJSON_AddItemToObject(plan, "classes", classes);
    cJSON *moves = cJSON_AddArrayToObject(plan, "moves");
    jset_str(plan, "migration_tag", cur);
    struct step_ctx x = {e, account, cJSON_GetObjectItem(v, "modules"),
                         cJSON_GetObjectItem(md, "bindings"), rs};
    int rc = 0;
    if (mig && !cJSON_IsObject(mig)) {
        env_err(rs, 400, 10021, "migrations must be an object");
        rc = -1;
    } else if (mig) {
        rc = check_tag(mig, cur, rs);
        cJSON *steps = rc == 0 ? steps_of(mig) : NULL, *s;
        cJSON_ArrayForEach(s, steps) if (rc == 0) rc = apply_step(&x, classes, s, moves);
        cJSON_Delete(steps);
        if (rc == 0 && jstr(mig, "new_tag"))
            jset_str(plan, "migration_tag", jstr(mig, "new_tag"));
    }
    if (rc == 0)
        rc = check_bound_classes(x.binds, classes, rs);
    cJSON_Delete(mig);
    if (rc != 0) {
        cJSON_Delete(plan);
        return NULL;
    }
    return plan;
}

/* do_commit: stores a plan from do_plan on script (plan owned). */
void do_commit(struct emu *e, const char *account, cJSON *script, cJSON *plan)
{
    cJSON *mv;
    cJSON_ArrayForEach(mv, cJSON_GetObjectItem(plan, "moves"))
    {
        cJSON *src = ws_lookup(e, account, jstr(mv, "script"));
        cJSON *cls = src ? classes_of(src) : NULL;
        if (cls)
            cJSON_DeleteItemFromArray(cls, store_index(cls, "class", jstr(mv, "class")));
    }
    jset(script, "do_classes", cJSON_DetachItemFromObject(plan, "classes"));
    const char *tag = jstr(plan, "migration_tag");
    if (tag)
        jset_str(script, "migration_tag", tag);
    cJSON_Delete(plan);
}

/* do_check_foreign: a binding to a class of another worker (script_name)
 * must name a Durable Object class that worker implements. */
int do_check_foreign(struct emu *e, const char *account, const char *self, cJSON *b,
                     struct resp *rs)
{
    const char *script = jstr(b, "script_name"), *cls = jstr(b, "class_name");
    if (!script || strcmp(script, self) == 0)
        return 0;
    cJSON *target = ws_lookup(e, account, script);
    if (target && store_find(classes_of(target), "class", cls))
        return 0;
    env_err(rs, 400, 10061,
            "Cannot create binding for class '%s' in script '%s' because it is not currently "
            "configured to implement Durable Objects.",
            cls ? cls : "", script);
    return -1;
}

static cJSON *ns_view(const cJSON *script, const cJSON *c)
{
    char name[300];
    snprintf(name, sizeof name, "%s_%s", jstr(script, "id"), jstr(c, "class"));
    cJSON *r = cJSON_CreateObject();
    jset_str(r, "id", jstr(c, "id"));
    jset_str(r, "class", jstr(c, "class"));
    jset_str(r, "name", name);
    jset_str(r, "script", jstr(script, "id"));
    cJSON_AddBoolToObject(r, "use_sqlite", cJSON_IsTrue(cJSON_GetObjectItem(c, "use_sqlite")));
    return r;
}

/* do_ns_list: GET /workers/durable_objects/namespaces (page/per_page). */
void do_ns_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *all = cJSON_CreateArray(), *s, *c;
    cJSON_ArrayForEach(s, store_list(e, rq->account, "workers"))
    {
        cJSON_ArrayForEach(c, cJSON_GetObjectItem(s, "do_classes"))
            cJSON_AddItemToArray(all, ns_view(s, c));
    }
    env_paged(rs, rq, all, 20, 1000);
    cJSON_Delete(all);
}

/* do_objects_list: GET .../namespaces/{id}/objects: the objects that hold
 * stored data. cfemu runs no Worker code, so no object is ever created:
 * the list is empty, with the cursor pagination Cloudflare uses. */
void do_objects_list(struct emu *e, struct req *rq, struct resp *rs)
{
    cJSON *s, *found = NULL;
    cJSON_ArrayForEach(s, store_list(e, rq->account, "workers"))
    {
        if (!found)
            found = store_find(cJSON_GetObjectItem(s, "do_classes"), "id", rq->segs[5]);
    }
    if (!found) {
        env_err(rs, 404, 10066, "workers.api.error.durable_object_namespace_not_found");
        return;
    }
    cJSON *info = cJSON_CreateObject();
    cJSON_AddNumberToObject(info, "count", 0);
    cJSON *cur = cJSON_AddObjectToObject(info, "cursors");
    jset_str(cur, "after", "");
    env_list(rs, cJSON_CreateArray(), info);
}
