/* A worker's code for import: GET .../content/v2 (the main module, raw),
 * written beside the program so the imported block's `main` points at the
 * exact bytes Cloudflare runs; plus the script-level logpush setting. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "runtime/base/xalloc.h"
#include "runtime/store/fsutil.h"
#include "runtime/import/import.h"

static int write_code(const char *dir, const char *script, const char *code, size_t len, char **rel,
                      char *err, size_t err_len)
{
    char sub[600];
    snprintf(sub, sizeof sub, "imported/%s", script);
    char *full_dir = fs_join(dir, sub);
    char *path = fs_join(full_dir, "index.js");
    int rc = -1;
    if (fs_mkdirs(full_dir) != 0)
        snprintf(err, err_len, "cannot create '%s': %s", full_dir, strerror(errno));
    else
        rc = fs_write_atomic(path, code, len, 0644, err, err_len);
    if (rc == 0)
        *rel = xasprintf("%s/index.js", sub);
    free(full_dir);
    free(path);
    return rc;
}

static void read_logpush(const struct prov_ctx *ctx, struct cf_http *http, const char *script,
                         cJSON *attrs)
{
    char path[400], err[256];
    snprintf(path, sizeof path, "/workers/scripts/%s/script-settings", script);
    cJSON *doc = import_get(ctx, http, path, err, sizeof err);
    const cJSON *lp = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(doc, "result"), "logpush");
    if (cJSON_IsBool(lp))
        cJSON_ReplaceItemInObject(attrs, "logpush", cJSON_CreateBool(cJSON_IsTrue(lp)));
    cJSON_Delete(doc);
}

/* import_worker_code: see runtime/import/import.h. */
int import_worker_code(const struct prov_ctx *ctx, struct cf_http *http, const char *dir,
                       cJSON *entry, char **rel, char *err, size_t err_len)
{
    const char *script = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "name"));
    cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs");
    char path[400], *code = NULL;
    size_t len = 0;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    *rel = NULL;
    if (!script || !attrs)
        return snprintf(err, err_len, "not a worker entry"), -1;
    snprintf(path, sizeof path, "/workers/scripts/%s/content/v2", script);
    if (import_get_raw(ctx, http, path, &code, &len, err, err_len) != 0)
        return -1;
    int rc = write_code(dir, script, code, len, rel, err, err_len);
    crypto_hash_sha256(h, (const unsigned char *)code, len);
    free(code);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, "code_hash");
    cJSON_DeleteItemFromObjectCaseSensitive(attrs, "main_module");
    cJSON_AddStringToObject(attrs, "code_hash", hex);
    cJSON_AddStringToObject(attrs, "main_module", "index.js");
    read_logpush(ctx, http, script, attrs);
    return rc;
}
