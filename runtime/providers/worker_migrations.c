/* Durable Object migrations: see worker_migrations.h. */
#include "runtime/providers/worker_migrations.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/model/desired.h"

static const cJSON *class_in(const cJSON *list, const char *cls)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list)
    {
        const char *c = state_str(it, "class");
        if (c && cls && !strcmp(c, cls))
            return it;
    }
    return NULL;
}

static const char *ir_str(const struct ir_resource *r, const char *name)
{
    const struct ir_attr *a = ir_find_attr(r, name);
    return a && a->value.type == IR_STRING ? a->value.u.s : NULL;
}

/* hosted: the program's durable_object block for class cls on host op
 * (deleted ones only with want_deleted), or NULL */
static const struct ir_resource *hosted(const struct prov_ctx *ctx, const struct prov_op *op,
                                        const char *cls, bool want_deleted)
{
    for (size_t i = 0; ctx->prog && i < ctx->prog->n_resources; i++) {
        const struct ir_resource *d = &ctx->prog->resources[i];
        const struct ir_attr *w = ir_find_attr(d, "worker");
        if (d->kind != IR_DURABLE_OBJECT || !w || w->value.type != IR_REF ||
            (long)w->value.u.ref.resource != op->res || d->is_deleted != want_deleted)
            continue;
        const char *c = ir_str(d, "class");
        if (c && cls && !strcmp(c, cls))
            return d;
    }
    return NULL;
}

/* renamed_from: the old class name the program gives for cls on host op */
static const char *renamed_from(const struct prov_ctx *ctx, const struct prov_op *op,
                                const char *cls)
{
    const struct ir_resource *d = hosted(ctx, op, cls, false);
    return d ? ir_str(d, "renamed_from") : NULL;
}

/* moved_from: when state records cls's block on another host, that host's
 * script name, with the class's name there in *old_cls: a transfer. */
static const char *moved_from(const struct prov_ctx *ctx, const struct prov_op *op, const char *cls,
                              const char **old_cls)
{
    const struct ir_resource *d = hosted(ctx, op, cls, false);
    char key[300];
    if (!d)
        return NULL;
    desired_key(ctx->prog, (size_t)(d - ctx->prog->resources), key, sizeof key);
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(state_get(ctx->st, key), "attrs");
    const char *host = state_str(attrs, "worker");
    if (!host || !strcmp(host, op->key))
        return NULL;
    *old_cls = state_str(attrs, "class");
    const cJSON *entry = state_get(ctx->st, host); /* an imported entry names the script */
    return entry ? state_str(entry, "name") : host;
}

static void add_name(cJSON *step, const char *list, const char *cls)
{
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(step, list);
    if (!arr)
        arr = cJSON_AddArrayToObject(step, list);
    cJSON_AddItemToArray(arr, cJSON_CreateString(cls));
}

/* add_move: {from, to} to renamed_classes, or {from, from_script, to} to
 * transferred_classes when script is given */
static void add_move(cJSON *step, const char *from, const char *script, const char *to)
{
    const char *list = script ? "transferred_classes" : "renamed_classes";
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(step, list);
    if (!arr)
        arr = cJSON_AddArrayToObject(step, list);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "from", from);
    if (script)
        cJSON_AddStringToObject(o, "from_script", script);
    cJSON_AddStringToObject(o, "to", to);
    cJSON_AddItemToArray(arr, o);
}

/* next_tag: "v1" -> "v2"; a tag without a trailing number gets "-2" */
static void next_tag(const char *old, char *out, size_t len)
{
    if (!old || !*old) {
        snprintf(out, len, "v1");
        return;
    }
    size_t n = strlen(old), k = n;
    while (k > 0 && old[k - 1] >= '0' && old[k - 1] <= '9')
        k--;
    if (k == n)
        snprintf(out, len, "%s-2", old);
    else
        snprintf(out, len, "%.*s%ld", (int)k, old, strtol(old + k, NULL, 10) + 1);
}

/* worker_migrations: see worker_migrations.h. */
void worker_migrations(const struct prov_ctx *ctx, struct prov_op *op, cJSON *meta)
{
    const cJSON *before = state_get(ctx->st, op->key);
    const cJSON *had = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(before, "attrs"), "durable_objects");
    const cJSON *want = prov_attr(op->entry, "durable_objects"), *it;
    cJSON *step = cJSON_CreateObject();
    cJSON_ArrayForEach(it, want)
    {
        const char *cls = state_str(it, "class");
        if (!cls || class_in(had, cls))
            continue;
        const char *from = renamed_from(ctx, op, cls), *old_cls = NULL;
        const char *script = moved_from(ctx, op, cls, &old_cls);
        if (script)
            add_move(step, old_cls ? old_cls : cls, script, cls);
        else if (from && class_in(had, from))
            add_move(step, from, NULL, cls);
        else
            add_name(step,
                     !strcmp(state_str(it, "storage") ? state_str(it, "storage") : "", "kv")
                         ? "new_classes"
                         : "new_sqlite_classes",
                     cls);
    }
    /* Only a block kept with `delete = true` deletes a class: one renamed
     * away or transferred to another host keeps its objects, and one the
     * program never declared is left alone. */
    cJSON_ArrayForEach(it, had)
    {
        const char *cls = state_str(it, "class");
        if (cls && !class_in(want, cls) && hosted(ctx, op, cls, true))
            add_name(step, "deleted_classes", cls);
    }
    if (!step->child) {
        cJSON_Delete(step);
        return;
    }
    cJSON *extra = cJSON_GetObjectItemCaseSensitive(op->entry, "extra");
    const char *old = state_str(extra, "do_tag");
    char tag[64];
    next_tag(old, tag, sizeof tag);
    if (old)
        cJSON_AddStringToObject(step, "old_tag", old);
    cJSON_AddStringToObject(step, "new_tag", tag);
    cJSON_AddItemToObject(meta, "migrations", step);
    if (!extra)
        extra = cJSON_AddObjectToObject(op->entry, "extra");
    cJSON_DeleteItemFromObjectCaseSensitive(extra, "do_tag");
    cJSON_AddStringToObject(extra, "do_tag", tag);
}
