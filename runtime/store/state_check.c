/* The state document's schema (docs/state.md, "The state file"), checked as
 * a whole before any command uses a loaded state: the planner, the executor
 * and the journal assume every entry has the members they read, so a
 * document that breaks the schema is refused instead of being half used
 * (a "resources" array crashed every command; a null entry planned a
 * replace of a live worker). Pure: no I/O, so fuzz/fuzz_state drives it. */
#include "runtime/store/state.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "runtime/store/keymap.h"

/* The kinds a state entry may have. SAME AS runtime/model/kind.c (store may
 * not include model, docs/architecture.md). */
static const char *const known_kinds[] = {"database", "bucket",         "index", "queue",
                                          "kv",       "durable_object", "worker"};

/* Members of an entry; the first six must be present. ORDER: entry_types
 * gives each one's type: s string, o object, b bool, a array of strings,
 * p the string "create", n a count (unlanded_since: unix seconds when a
 * delete first missed a pending create, runtime/exec). */
static const char *const entry_members[] = {
    "kind",    "label",    "name",    "attrs", "deps",           "protect", "id",
    "pending", "imported", "unknown", "extra", "unlanded_since", "existing"};
static const char entry_types[] = "sssoabspbaons";
#define N_REQUIRED 6

/* Members of the document; "outputs" may be missing (it is added), and
 * "update" ({"command","serial"}: which stack command wrote a rollback or
 * an import, cli/stack/stack_history.c) is optional. */
static const char *const doc_members[] = {"version",   "stack",   "serial",
                                          "resources", "outputs", "update"};

#define N_OF(a) (sizeof(a) / sizeof((a)[0]))

/* bad fills err with "WHERE MESSAGE" and returns -1. */
static int bad(char *err, size_t err_len, const char *where, const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    snprintf(err, err_len, "%s %s", where, msg);
    return -1;
}

static bool listed(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

/* is_count: an integer in [0, 2^53], the range a JSON number keeps exactly. */
static bool is_count(const cJSON *v)
{
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) && v->valuedouble >= 0 &&
           v->valuedouble <= 9007199254740992.0 && floor(v->valuedouble) == v->valuedouble;
}

/* members_ok: every member of obj is in list and appears once. Objects are
 * small here (a document, an entry): quadratic is fine. */
static int members_ok(const cJSON *obj, const char *const *list, size_t n, const char *where,
                      char *err, size_t err_len)
{
    for (const cJSON *a = obj->child; a; a = a->next) {
        char at[600];
        snprintf(at, sizeof at, "%s%s%s", where, where[0] ? "." : "", a->string);
        if (!listed(a->string, list, n))
            return bad(err, err_len, at, "is not a member this domec knows");
        for (const cJSON *b = a->next; b; b = b->next)
            if (strcmp(a->string, b->string) == 0)
                return bad(err, err_len, at, "appears twice");
    }
    return 0;
}

static int strings_ok(const cJSON *arr, const char *where, char *err, size_t err_len)
{
    if (!cJSON_IsArray(arr))
        return bad(err, err_len, where, "must be an array of strings");
    const cJSON *s;
    cJSON_ArrayForEach(s, arr) if (!cJSON_IsString(s)) return bad(err, err_len, where,
                                                                  "must be an array of strings");
    return 0;
}

/* key_ok: key is "kind.label", or "kind.label~old" for a renamed worker's
 * old script (docs/state.md); the index and every plan rely on it. */
static bool key_ok(const char *key, const char *kind, const char *label)
{
    size_t k = strlen(kind), l = strlen(label);
    return strncmp(key, kind, k) == 0 && key[k] == '.' && strncmp(key + k + 1, label, l) == 0 &&
           (key[k + 1 + l] == '\0' || strcmp(key + k + 1 + l, "~old") == 0);
}

static int kind_label_ok(const cJSON *e, const char *at, char *err, size_t err_len)
{
    char where[700];
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "kind"));
    const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(e, "label"));
    snprintf(where, sizeof where, "%s.kind", at);
    if (!listed(kind, known_kinds, N_OF(known_kinds)))
        return bad(err, err_len, where,
                   "must be one of database, bucket, index, queue, kv, durable_object, "
                   "worker");
    if (!key_ok(e->string, kind, label))
        return bad(err, err_len, at, "does not match its kind and label (\"%s.%s\")", kind, label);
    return 0;
}

/* typed: a present member has its type (entry_types' letters). */
static int typed(const cJSON *v, const char *at, char type, char *err, size_t err_len)
{
    char where[700];
    snprintf(where, sizeof where, "%s.%s", at, v->string);
    switch (type) {
    case 's':
        return cJSON_IsString(v) ? 0 : bad(err, err_len, where, "must be a string");
    case 'o':
        return cJSON_IsObject(v) ? 0 : bad(err, err_len, where, "must be an object");
    case 'b':
        return cJSON_IsBool(v) ? 0 : bad(err, err_len, where, "must be true or false");
    case 'p':
        return cJSON_IsString(v) && strcmp(v->valuestring, "create") == 0
                   ? 0
                   : bad(err, err_len, where, "must be \"create\" when present");
    case 'n':
        return is_count(v) ? 0 : bad(err, err_len, where, "must be a whole number");
    default:
        return strings_ok(v, where, err, err_len);
    }
}

static int entry_ok(const cJSON *e, char *err, size_t err_len)
{
    char at[600];
    snprintf(at, sizeof at, "resources.%s", e->string);
    if (!cJSON_IsObject(e))
        return bad(err, err_len, at, "must be an object");
    if (members_ok(e, entry_members, N_OF(entry_members), at, err, err_len) != 0)
        return -1;
    for (size_t i = 0; i < N_OF(entry_members); i++) {
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(e, entry_members[i]);
        if (!v && i < N_REQUIRED)
            return bad(err, err_len, at, "has no \"%s\"", entry_members[i]);
        if (v && typed(v, at, entry_types[i], err, err_len) != 0)
            return -1;
    }
    return kind_label_ok(e, at, err, err_len);
}

/* state_entry_trim: see state.h. */
void state_entry_trim(cJSON *entry)
{
    cJSON *m = entry ? entry->child : NULL;
    while (m) {
        cJSON *next = m->next;
        if (!listed(m->string, entry_members, N_OF(entry_members)))
            cJSON_Delete(cJSON_DetachItemViaPointer(entry, m));
        m = next;
    }
}

/* resources_ok checks every entry, and that no key appears twice (the
 * index would see one entry where the plan walks two). */
static int resources_ok(const cJSON *res, char *err, size_t err_len)
{
    if (!cJSON_IsObject(res))
        return bad(err, err_len, "resources", "must be an object");
    struct keymap seen = {0};
    int rc = 0;
    for (const cJSON *e = res->child; e && rc == 0; e = e->next) {
        if (keymap_get(&seen, e->string))
            rc = bad(err, err_len, "resources", "has \"%s\" twice", e->string);
        else
            rc = entry_ok(e, err, err_len);
        keymap_set(&seen, e->string, (void *)e);
    }
    keymap_free(&seen);
    return rc;
}

/* state_validate: see state.h. */
int state_validate(const cJSON *root, const char *stack, char *err, size_t err_len)
{
    if (!cJSON_IsObject(root))
        return bad(err, err_len, "the document", "must be a JSON object");
    if (members_ok(root, doc_members, N_OF(doc_members), "", err, err_len) != 0)
        return -1;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, "version");
    if (!cJSON_IsNumber(v) || v->valuedouble != STATE_VERSION)
        return bad(err, err_len, "version", "must be %d (the state version this domec reads)",
                   STATE_VERSION);
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(root, "stack"));
    if (!s)
        return bad(err, err_len, "stack", "must be a string");
    if (strcmp(s, stack) != 0)
        return bad(err, err_len, "stack", "is \"%.64s\", not \"%s\": this is another stack's state",
                   s, stack);
    if (!is_count(cJSON_GetObjectItemCaseSensitive(root, "serial")))
        return bad(err, err_len, "serial", "must be a non-negative integer");
    const cJSON *out = cJSON_GetObjectItemCaseSensitive(root, "outputs");
    if (out && !cJSON_IsObject(out))
        return bad(err, err_len, "outputs", "must be an object");
    const cJSON *up = cJSON_GetObjectItemCaseSensitive(root, "update");
    if (up && !cJSON_IsObject(up))
        return bad(err, err_len, "update", "must be an object");
    return resources_ok(cJSON_GetObjectItemCaseSensitive(root, "resources"), err, err_len);
}

/* state_parse: see state.h. */
cJSON *state_parse(const char *text, size_t len, const char *stack, char *err, size_t err_len)
{
    if (strlen(text) != len) {
        snprintf(err, err_len, "state contains a NUL byte");
        return NULL;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, 1);
    if (!root) {
        snprintf(err, err_len, "state is not valid JSON (at byte %ld)",
                 end ? (long)(end - text) : 0L);
        return NULL;
    }
    if (state_validate(root, stack, err, err_len) != 0) {
        cJSON_Delete(root);
        return NULL;
    }
    if (!cJSON_GetObjectItemCaseSensitive(root, "outputs"))
        cJSON_AddItemToObject(root, "outputs", cJSON_CreateObject());
    return root;
}
