/* Loads and saves a stack's state through its backend (store.h): versioned
 * JSON, numbered history. Knows nothing of the plan or the API. */
#include "runtime/store/state.h"

#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/store.h"

static cJSON *empty_state(const char *stack)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddNumberToObject(root, "version", STATE_VERSION);
    cJSON_AddStringToObject(root, "stack", stack);
    cJSON_AddNumberToObject(root, "serial", 0);
    cJSON_AddItemToObject(root, "resources", cJSON_CreateObject());
    cJSON_AddItemToObject(root, "outputs", cJSON_CreateObject());
    return root;
}

static void build_index(struct state *st)
{
    cJSON *e;
    keymap_free(&st->index);
    cJSON_ArrayForEach(e, state_resources(st)) keymap_set(&st->index, e->string, e);
}

/* load reads and checks the stored state into st->root; -1 with err filled. */
static int load(struct state *st, char *err, size_t err_len)
{
    size_t len = 0;
    char *text = NULL;
    if (st->store->ops->load(st->store, st->stack, &text, &len, &st->saved_at, err, err_len) != 0)
        return -1;
    if (!text)
        return 0;
    char why[700], where[600];
    st->root = state_parse(text, len, st->stack, why, sizeof why);
    free(text);
    if (!st->root) {
        store_state_name(st->store, st->stack, where, sizeof where);
        snprintf(err, err_len,
                 "%s: %s\n  help: fix it, or restore a good copy (`domec stack history`, "
                 "`domec stack rollback SERIAL`)",
                 where, why);
        return -1;
    }
    return 0;
}

/* state_open_in: see state.h. */
int state_open_in(struct state *st, struct store *s, const char *stack, char *err, size_t err_len)
{
    memset(st, 0, sizeof *st);
    st->store = s;
    st->stack = xstrdup(stack);
    int rc = load(st, err, err_len);
    if (!st->root)
        st->root = empty_state(stack);
    build_index(st);
    return rc;
}

/* state_open: see state.h. */
int state_open(struct state *st, const char *prog_dir, const char *stack, char *err, size_t err_len)
{
    struct store *s = store_local(prog_dir);
    int rc = state_open_in(st, s, stack, err, err_len);
    st->owns_store = true;
    return rc;
}

/* state_save_text: see state.h. */
int state_save_text(struct state *st, const char *text, size_t len, long serial, char *err,
                    size_t err_len)
{
    return st->store->ops->save(st->store, st->stack, serial, text, len, err, err_len);
}

/* state_save: see state.h. */
int state_save(struct state *st, char *err, size_t err_len)
{
    long serial = state_serial(st) + 1;
    cJSON_ReplaceItemInObject(st->root, "serial", cJSON_CreateNumber((double)serial));
    char *text = cJSON_Print(st->root); /* never NULL: cJSON allocates with xmalloc */
    assert(text != NULL);
    int rc = state_save_text(st, text, strlen(text), serial, err, err_len);
    free(text);
    return rc;
}

/* state_close: see state.h. */
void state_close(struct state *st)
{
    cJSON_Delete(st->root);
    keymap_free(&st->index);
    keymap_free(&st->idents);
    if (st->owns_store)
        store_free(st->store);
    free(st->stack);
    memset(st, 0, sizeof *st);
}

/* state_serial: see state.h. */
long state_serial(const struct state *st)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(st->root, "serial");
    return cJSON_IsNumber(v) ? (long)v->valuedouble : 0;
}

/* state_resources: see state.h. */
cJSON *state_resources(const struct state *st)
{
    return cJSON_GetObjectItemCaseSensitive(st->root, "resources");
}

/* state_get: see state.h. */
cJSON *state_get(const struct state *st, const char *key)
{
    cJSON *e = keymap_get(&st->index, key);
    /* the index names entries by their own key in root.resources */
    assert(!e || (e->string && strcmp(e->string, key) == 0));
    return e;
}

static void drop_idents(struct state *st)
{
    keymap_free(&st->idents);
    st->has_idents = false;
}

static void ident_key(char *buf, size_t len, const char *kind, const char *member,
                      const char *value)
{
    snprintf(buf, len, "%s/%s/%s", kind, member, value);
}

/* state_find: see state.h. */
cJSON *state_find(struct state *st, const char *kind, const char *member, const char *value)
{
    char k[600];
    if (!st->has_idents) {
        cJSON *e;
        cJSON_ArrayForEach(e, state_resources(st))
        {
            const char *kd = state_str(e, "kind"), *id = state_str(e, "id");
            const char *name = state_str(e, "name");
            if (kd && id && (ident_key(k, sizeof k, kd, "id", id), !keymap_get(&st->idents, k)))
                keymap_set(&st->idents, k, e);
            if (kd && name &&
                (ident_key(k, sizeof k, kd, "name", name), !keymap_get(&st->idents, k)))
                keymap_set(&st->idents, k, e);
        }
        st->has_idents = true;
    }
    ident_key(k, sizeof k, kind, member, value);
    return keymap_get(&st->idents, k);
}

/* state_put: see state.h. */
void state_put(struct state *st, const char *key, cJSON *entry)
{
    assert(st->root && key && cJSON_IsObject(entry));
    char *k = xstrdup(key); /* key may be entry->string, which is replaced below */
    drop_idents(st);
    cJSON *res = state_resources(st);
    cJSON *old = keymap_get(&st->index, k);
    if (old) { /* ReplaceItemViaPointer does not name the item: name it first */
        if (!(entry->type & cJSON_StringIsConst))
            free(entry->string);
        entry->string = xstrdup(k);
        entry->type &= ~cJSON_StringIsConst;
        cJSON_ReplaceItemViaPointer(res, old, entry);
    } else {
        cJSON_AddItemToObject(res, k, entry);
    }
    keymap_set(&st->index, k, entry);
    free(k);
}

/* state_remove: see state.h. */
void state_remove(struct state *st, const char *key)
{
    cJSON *old = keymap_get(&st->index, key);
    if (!old)
        return;
    drop_idents(st);
    keymap_del(&st->index, key);
    cJSON_Delete(cJSON_DetachItemViaPointer(state_resources(st), old));
}

/* state_str: see state.h. */
const char *state_str(const cJSON *entry, const char *member)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(entry, member);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Renames every string equal to from (deps, binding targets, consumers). */
static void rename_refs(cJSON *node, const char *from, const char *to)
{
    cJSON *c;
    cJSON_ArrayForEach(c, node)
    {
        if (cJSON_IsString(c) && !strcmp(c->valuestring, from))
            cJSON_SetValuestring(c, to);
        else if (cJSON_IsObject(c) || cJSON_IsArray(c))
            rename_refs(c, from, to);
    }
}

/* state_move: see state.h. */
int state_move(struct state *st, const char *from, const char *to)
{
    const char *fdot = strchr(from, '.'), *tdot = strchr(to, '.');
    cJSON *e = state_get(st, from);
    if (!e || state_get(st, to) || !fdot || !tdot || fdot - from != tdot - to ||
        strncmp(from, to, (size_t)(fdot - from)) != 0)
        return -1;
    cJSON *moved = cJSON_Duplicate(e, true);
    cJSON_ReplaceItemInObjectCaseSensitive(moved, "label", cJSON_CreateString(tdot + 1));
    char *old = xstrdup(from); /* from may be e->string, freed below */
    state_remove(st, old);
    state_put(st, to, moved);
    rename_refs(state_resources(st), old, to);
    free(old);
    return 0;
}
