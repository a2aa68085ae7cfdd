/* cfemu: the resource store. All state is one cJSON tree, saved atomically
 * (temp file, fsync, rename) to DIR/state.json after each mutating request
 * when --data is given, and reloaded at start. Ids come from a seeded mix. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "emulator/emu.h"

static const char *const kinds[] = {"d1", "r2", "vectorize", "queues", "workers", "kv"};

/* jstr: the string value of obj[key], or NULL when absent or not a string. */
const char *jstr(const cJSON *obj, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* jset: sets obj[key] = value (owned), replacing any previous value. */
void jset(cJSON *obj, const char *key, cJSON *value)
{
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, value);
    else
        cJSON_AddItemToObject(obj, key, value);
}

/* jset_str: sets obj[key] to a copy of value (null when value is NULL). */
void jset_str(cJSON *obj, const char *key, const char *value)
{
    jset(obj, key, value ? cJSON_CreateString(value) : cJSON_CreateNull());
}

/* store_is_account: whether id was given with --account. */
bool store_is_account(struct emu *e, const char *id)
{
    for (int i = 0; i < e->o.n_accounts; i++)
        if (strcmp(e->o.accounts[i], id) == 0)
            return true;
    return false;
}

/* store_list: the array of one resource kind of an account, created on
 * first use. Borrowed; never NULL for a known account and kind. */
cJSON *store_list(struct emu *e, const char *account, const char *kind)
{
    cJSON *accts = cJSON_GetObjectItemCaseSensitive(e->state, "accounts");
    cJSON *a = cJSON_GetObjectItemCaseSensitive(accts, account);
    if (!a) {
        a = cJSON_CreateObject();
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            cJSON_AddItemToObject(a, kinds[i], cJSON_CreateArray());
        cJSON_AddItemToObject(accts, account, a);
    }
    cJSON *arr = cJSON_GetObjectItemCaseSensitive(a, kind);
    if (!arr) {
        arr = cJSON_CreateArray();
        cJSON_AddItemToObject(a, kind, arr);
    }
    return arr;
}

/* store_index: position of the first element of arr whose key equals
 * value, or -1. */
int store_index(cJSON *arr, const char *key, const char *value)
{
    int i = 0;
    cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        const char *s = jstr(it, key);
        if (s && value && strcmp(s, value) == 0)
            return i;
        i++;
    }
    return -1;
}

/* store_find: the first element of arr whose key equals value (borrowed),
 * or NULL. */
cJSON *store_find(cJSON *arr, const char *key, const char *value)
{
    int i = store_index(arr, key, value);
    return i < 0 ? NULL : cJSON_GetArrayItem(arr, i);
}

static uint64_t next_draw(struct emu *e)
{
    cJSON *seq = cJSON_GetObjectItemCaseSensitive(e->state, "seq");
    double n = cJSON_IsNumber(seq) ? seq->valuedouble : 0;
    cJSON_SetNumberValue(seq, n + 1);
    return faults_mix(e->o.seed ^ faults_mix((uint64_t)n + 0x5eed));
}

/* store_new_hex: a fresh 32-hex id (like queue and consumer ids). */
void store_new_hex(struct emu *e, char out[33])
{
    uint64_t a = next_draw(e), b = next_draw(e);
    snprintf(out, 33, "%016llx%016llx", (unsigned long long)a, (unsigned long long)b);
}

/* store_new_uuid: a fresh version-4 UUID (like D1 ids). */
void store_new_uuid(struct emu *e, char out[37])
{
    char h[33];
    store_new_hex(e, h);
    h[12] = '4';
    h[16] = "89ab"[h[16] % 4];
    snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", h, h + 8, h + 12, h + 16, h + 20);
}

/* store_now: the current time as ISO-8601 with microseconds and Z. */
void store_now(char out[40])
{
    struct timespec ts;
    struct tm tm;
    clock_gettime(CLOCK_REALTIME, &ts);
    gmtime_r(&ts.tv_sec, &tm);
    char base[24];
    strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(out, 40, "%.19s.%06uZ", base, (unsigned)(ts.tv_nsec / 1000) % 1000000u);
}

static cJSON *empty_state(void)
{
    cJSON *s = cJSON_CreateObject();
    cJSON_AddNumberToObject(s, "seq", 0);
    cJSON_AddItemToObject(s, "accounts", cJSON_CreateObject());
    return s;
}

static char *state_path(struct emu *e, const char *suffix)
{
    size_t n = strlen(e->o.data_dir) + 32;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/state.json%s", e->o.data_dir, suffix);
    return p;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    if (buf)
        buf[n] = '\0';
    fclose(f);
    return buf;
}

/* store_load: initialises e->state, from DIR/state.json when --data is set
 * and the file exists. Returns 0, or -1 after printing why (unreadable or
 * corrupt state file). */
int store_load(struct emu *e)
{
    e->state = empty_state();
    if (!e->o.data_dir)
        return 0;
    if (mkdir(e->o.data_dir, 0700) != 0 && errno != EEXIST) {
        fprintf(stderr, "cfemu: cannot create --data directory '%s': %s\n", e->o.data_dir,
                strerror(errno));
        return -1;
    }
    char *path = state_path(e, "");
    char *text = path ? read_all(path) : NULL;
    int rc = 0;
    if (text) {
        cJSON *s = cJSON_Parse(text);
        if (!s || !cJSON_IsObject(cJSON_GetObjectItem(s, "accounts"))) {
            fprintf(stderr,
                    "cfemu: %s is not a cfemu state file; move it away "
                    "or pass another --data directory\n",
                    path);
            cJSON_Delete(s);
            rc = -1;
        } else {
            cJSON_Delete(e->state);
            e->state = s;
        }
    }
    free(text);
    free(path);
    return rc;
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(text), off = 0;
    while (off < len) {
        ssize_t w = write(fd, text + off, len - off);
        if (w <= 0) {
            close(fd);
            return -1;
        }
        off += (size_t)w;
    }
    int rc = fsync(fd);
    return close(fd) == 0 && rc == 0 ? 0 : -1;
}

/* store_save: writes the state atomically when --data is set. Returns 0,
 * or -1 (and prints why) when the file cannot be written. */
int store_save(struct emu *e)
{
    if (!e->o.data_dir)
        return 0;
    char *text = cJSON_PrintUnformatted(e->state);
    char *tmp = state_path(e, ".tmp");
    char *path = state_path(e, "");
    int rc = -1;
    if (text && tmp && path && write_file(tmp, text) == 0 && rename(tmp, path) == 0) {
        int dfd = open(e->o.data_dir, O_RDONLY);
        if (dfd >= 0) {
            fsync(dfd);
            close(dfd);
        }
        rc = 0;
    }
    if (rc != 0)
        fprintf(stderr, "cfemu: cannot save state in '%s': %s\n", e->o.data_dir, strerror(errno));
    free(text);
    free(tmp);
    free(path);
    return rc;
}

/* store_reset: forgets every resource (and deletes D1 files). */
void store_reset(struct emu *e)
{
    cJSON *accts = cJSON_GetObjectItemCaseSensitive(e->state, "accounts");
    cJSON *a, *db;
    cJSON_ArrayForEach(a, accts)
    {
        cJSON_ArrayForEach(db, cJSON_GetObjectItemCaseSensitive(a, "d1"))
            d1_drop(e, jstr(db, "uuid"), true);
    }
    cJSON *seq = cJSON_Duplicate(cJSON_GetObjectItem(e->state, "seq"), 1);
    cJSON_Delete(e->state);
    e->state = empty_state();
    jset(e->state, "seq", seq);
    store_save(e);
}

static void strip_modules(cJSON *scripts)
{
    cJSON *s, *v, *m;
    cJSON_ArrayForEach(s, scripts)
    {
        cJSON_ArrayForEach(v, cJSON_GetObjectItem(s, "versions"))
        {
            cJSON_ArrayForEach(m, cJSON_GetObjectItem(v, "modules"))
            {
                const char *b = jstr(m, "b64");
                size_t n = 0;
                char *raw = b ? b64_decode(b, &n) : NULL;
                free(raw);
                cJSON_DeleteItemFromObject(m, "b64");
                cJSON_AddNumberToObject(m, "size", (double)n);
            }
        }
    }
}

/* store_inventory: a copy of every account's resources (module bodies
 * replaced by their size). Caller frees. */
cJSON *store_inventory(struct emu *e)
{
    cJSON *inv = cJSON_Duplicate(cJSON_GetObjectItem(e->state, "accounts"), 1);
    cJSON *a;
    cJSON_ArrayForEach(a, inv)
    {
        strip_modules(cJSON_GetObjectItem(a, "workers"));
    }
    cJSON *out = cJSON_CreateObject();
    cJSON_AddItemToObject(out, "accounts", inv);
    return out;
}
