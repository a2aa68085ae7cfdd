/* cfemu: validation of Workers bindings (upload metadata, settings PATCH,
 * versions): known type, required fields, unique names, and the target of
 * d1/r2/queue/vectorize/service bindings must exist. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emu.h"

struct btype {
    const char *type;
    const char *required[3]; /* NULL-terminated field names */
};

/* Every documented binding type (API.md 6.2) and its required fields. */
static const struct btype btypes[] = {
    {"d1", {NULL}}, /* database_id or id: checked in check_target */
    {"r2_bucket", {"bucket_name", NULL}},
    {"vectorize", {"index_name", NULL}},
    {"queue", {"queue_name", NULL}},
    {"service", {"service", NULL}},
    {"ai", {NULL}},
    {"plain_text", {"text", NULL}},
    {"secret_text", {"text", NULL}},
    {"json", {"json", NULL}},
    {"kv_namespace", {"namespace_id", NULL}},
    {"analytics_engine", {NULL}},
    {"hyperdrive", {"id", NULL}},
    {"durable_object_namespace", {"class_name", NULL}},
    {"assets", {NULL}},
    {"browser", {NULL}},
    {"data_blob", {"part", NULL}},
    {"dispatch_namespace", {"namespace", NULL}},
    {"inherit", {NULL}},
    {"images", {NULL}},
    {"media", {NULL}},
    {"mtls_certificate", {"certificate_id", NULL}},
    {"pipelines", {"pipeline", NULL}},
    {"ratelimit", {"namespace_id", "simple", NULL}},
    {"send_email", {NULL}},
    {"secrets_store_secret", {"store_id", "secret_name", NULL}},
    {"secret_key", {"algorithm", "format", "usages"}},
    {"text_blob", {"part", NULL}},
    {"version_metadata", {NULL}},
    {"workflow", {"workflow_name", NULL}},
    {"wasm_module", {"part", NULL}},
    {"vpc_service", {"service_id", NULL}},
    {"vpc_network", {NULL}},
    {"ai_search", {"instance_name", NULL}},
    {"ai_search_namespace", {"namespace", NULL}},
    {"flagship", {"app_id", NULL}},
    {"tail_consumer", {NULL}},
};

static const struct btype *find_type(const char *t)
{
    for (size_t i = 0; t && i < sizeof btypes / sizeof btypes[0]; i++)
        if (strcmp(btypes[i].type, t) == 0)
            return &btypes[i];
    return NULL;
}

static int check_fields(const struct btype *bt, cJSON *b, const char *name, struct resp *rs)
{
    for (int i = 0; i < 3 && bt->required[i]; i++) {
        cJSON *v = cJSON_GetObjectItem(b, bt->required[i]);
        bool is_text = strcmp(bt->required[i], "text") == 0;
        if (!v || (is_text && !cJSON_IsString(v))) {
            env_err(rs, 400, 10021, "binding '%s' of type '%s' needs '%s'%s", name, bt->type,
                    bt->required[i], is_text ? " (a string)" : "");
            return -1;
        }
    }
    return 0;
}

static int check_d1(struct emu *e, const char *account, cJSON *b, const char *name, struct resp *rs)
{
    const char *id = jstr(b, "database_id");
    if (!id)
        id = jstr(b, "id");
    if (!id) {
        env_err(rs, 400, 10021, "binding '%s' of type 'd1' needs 'database_id'", name);
        return -1;
    }
    if (!store_find(store_list(e, account, "d1"), "uuid", id)) {
        env_err(rs, 400, 10021,
                "binding '%s' references D1 database '%s', which does not "
                "exist",
                name, id);
        return -1;
    }
    char *copy = strdup(id);
    jset_str(b, "database_id", copy);
    jset_str(b, "id", copy); /* deprecated alias OAS24 still requires */
    free(copy);
    return 0;
}

/* Checks that the resource a binding points at exists; -1 with rs set. */
static int check_target(struct emu *e, const char *account, const char *self, cJSON *b,
                        struct resp *rs)
{
    const char *t = jstr(b, "type"), *name = jstr(b, "name");
    if (strcmp(t, "d1") == 0)
        return check_d1(e, account, b, name, rs);
    if (strcmp(t, "r2_bucket") == 0) {
        const char *j = jstr(b, "jurisdiction");
        if (!r2_lookup(e, account, jstr(b, "bucket_name"), j ? j : "default")) {
            env_err(rs, 400, 10021,
                    "binding '%s' references R2 bucket '%s', which does not "
                    "exist",
                    name, jstr(b, "bucket_name"));
            return -1;
        }
    } else if (strcmp(t, "queue") == 0) {
        if (!q_by_name(e, account, jstr(b, "queue_name"))) {
            env_err(rs, 400, 10021, "binding '%s' references queue '%s', which does not exist",
                    name, jstr(b, "queue_name"));
            return -1;
        }
    } else if (strcmp(t, "vectorize") == 0) {
        if (!store_find(store_list(e, account, "vectorize"), "name", jstr(b, "index_name"))) {
            env_err(rs, 400, 10021,
                    "binding '%s' references Vectorize index '%s', which does "
                    "not exist",
                    name, jstr(b, "index_name"));
            return -1;
        }
    } else if (strcmp(t, "durable_object_namespace") == 0) {
        return do_check_foreign(e, account, self, b, rs);
    } else if (strcmp(t, "kv_namespace") == 0) {
        if (!kv_lookup(e, account, jstr(b, "namespace_id"))) {
            env_err(rs, 400, 10041, "KV namespace '%s' is not valid.", jstr(b, "namespace_id"));
            return -1;
        }
    } else if (strcmp(t, "service") == 0) {
        const char *svc = jstr(b, "service");
        cJSON *target = svc ? ws_lookup(e, account, svc) : NULL;
        if (!svc || (strcmp(svc, self) != 0 && (!target || !ws_current_version(target)))) {
            env_err(rs, 400, 10143,
                    "binding '%s' references Worker '%s', which does not exist "
                    "or has no deployment",
                    name, svc ? svc : "");
            return -1;
        }
        if (!jstr(b, "environment"))
            jset_str(b, "environment", "production");
    }
    return 0;
}

static bool seen_before(cJSON *bindings, cJSON *upto, const char *name)
{
    cJSON *b;
    cJSON_ArrayForEach(b, bindings)
    {
        if (b == upto)
            return false;
        const char *n = jstr(b, "name");
        if (n && strcmp(n, name) == 0)
            return true;
    }
    return false;
}

/* ws_check_bindings: validates (and normalises: d1 `id` becomes
 * `database_id`, service gets environment "production") every binding of
 * a worker named self. Returns 0, or -1 with Cloudflare's error in rs. */
int ws_check_bindings(struct emu *e, const char *account, const char *self, cJSON *bindings,
                      struct resp *rs)
{
    cJSON *b;
    if (bindings && !cJSON_IsArray(bindings)) {
        env_err(rs, 400, 10021, "bindings must be an array");
        return -1;
    }
    cJSON_ArrayForEach(b, bindings)
    {
        const char *name = jstr(b, "name"), *type = jstr(b, "type");
        const struct btype *bt = find_type(type);
        if (!name || !*name) {
            env_err(rs, 400, 10052, "every binding needs a name");
            return -1;
        }
        if (!bt) {
            env_err(rs, 400, 10021, "binding '%s' has unknown type '%s'", name, type ? type : "");
            return -1;
        }
        if (seen_before(bindings, b, name)) {
            env_err(rs, 400, 10021, "binding name '%s' is used more than once", name);
            return -1;
        }
        if (check_fields(bt, b, name, rs) != 0 || check_target(e, account, self, b, rs) != 0)
            return -1;
    }
    return 0;
}
