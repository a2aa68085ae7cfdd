/* Reading wrangler configurations into a program model (see
 * wrangler_model.h). wrangler's rules: an [env.X] inherits main, the
 * compatibility settings, build, no_bundle and triggers from the top level,
 * never bindings or vars, and its worker is called "<name>-X" unless it
 * names one. Resources are one per (kind, physical name at the top level);
 * an environment's binding of the same name names the same resource. */
#include "cli/cmd/wrangler_model.h"

#include <dirent.h>
#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli/cmd/wrangler_classes.h"
#include "runtime/base/xalloc.h"
#include "runtime/build/build_path.h"
#include "runtime/store/fsutil.h"
#include "runtime/wrangler/wrangler_config.h"

struct reader {
    struct wr_model *m;
    struct wr_bind skip;  /* what bind() returns for a binding left out */
    const char *prog_dir; /* absolute */
    char *err;
    size_t err_len;
};

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

static int fail(struct reader *r, const char *fmt, const char *a, const char *b, const char *c)
{
    snprintf(r->err, r->err_len, fmt, a, b, c);
    return -1;
}

static void note(struct wr_model *m, char *text)
{
    m->notes = xreallocarray(m->notes, m->n_notes + 1, sizeof *m->notes);
    m->notes[m->n_notes++] = text;
}

/* ---- files ---------------------------------------------------------- */

static bool is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* config_in: dir's wrangler.toml, .jsonc or .json (malloc'd), or NULL. */
static char *config_in(const char *dir)
{
    static const char *const names[] = {"wrangler.toml", "wrangler.jsonc", "wrangler.json"};
    for (size_t i = 0; i < 3; i++) {
        char *p = fs_join(dir, names[i]);
        if (is_file(p))
            return p;
        free(p);
    }
    return NULL;
}

static int by_string(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* expand: the configuration files a path names, appended to *files. */
static void expand(const char *path, char ***files, size_t *n)
{
    char *own = is_file(path) ? xstrdup(path) : config_in(path);
    if (own) {
        *files = xreallocarray(*files, *n + 1, sizeof **files);
        (*files)[(*n)++] = own;
        return;
    }
    DIR *d = opendir(path);
    size_t first = *n;
    for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        char *sub = fs_join(path, e->d_name), *c = config_in(sub);
        if (c) {
            *files = xreallocarray(*files, *n + 1, sizeof **files);
            (*files)[(*n)++] = c;
        }
        free(sub);
    }
    if (d)
        closedir(d);
    qsort(*files + first, *n - first, sizeof **files, by_string);
}

/* prog_path: p (relative to the configuration's directory) relative to
 * the program directory. */
static char *prog_path(struct reader *r, const char *file, const char *p)
{
    char real[PATH_MAX];
    char *dir = build_path_dir(file), *joined = p[0] == '/' ? xstrdup(p) : fs_join(dir, p);
    char *abs = realpath(joined, real) ? xstrdup(real) : build_path_normalize(joined);
    char *rel = build_path_relative(r->prog_dir, abs);
    free(dir);
    free(joined);
    free(abs);
    return rel;
}

/* ---- resources -------------------------------------------------------- */

static char *label_of(const struct wr_model *m, enum ir_kind kind, const char *name)
{
    char base[80];
    size_t k = 0;
    if (isdigit((unsigned char)name[0]))
        base[k++] = 'r';
    for (const char *p = name; *p && k + 1 < sizeof base; p++)
        base[k++] = isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : '_';
    base[k] = '\0';
    char *label = xstrdup(base);
    for (int suffix = 2;; suffix++) {
        bool taken = false;
        for (size_t i = 0; i < m->n_res; i++)
            taken = taken || (m->res[i].kind == kind && m->res[i].label &&
                              strcmp(m->res[i].label, label) == 0);
        if (!taken)
            return label;
        free(label);
        label = xasprintf("%s_%d", base, suffix);
    }
}

/* wr_find: see wrangler_model.h. */
int wr_find(const struct wr_model *m, enum ir_kind kind, size_t s, const char *name)
{
    for (size_t i = 0; name && i < m->n_res; i++)
        if (m->res[i].kind == kind && m->res[i].name[s] && strcmp(m->res[i].name[s], name) == 0)
            return (int)i;
    return -1;
}

/* resource: the resource of kind named name in stack 0, added if new. */
static int resource(struct wr_model *m, enum ir_kind kind, const char *name)
{
    int i = wr_find(m, kind, 0, name);
    if (i >= 0)
        return i;
    m->res = xreallocarray(m->res, m->n_res + 1, sizeof *m->res);
    struct wr_res *r = &m->res[m->n_res];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->worker = -1;
    r->host = -1;
    r->label = label_of(m, kind, name);
    r->name[0] = xstrdup(name);
    return (int)m->n_res++;
}

/* resource_as: resource() labelled after hint (a binding or class name)
 * when it is new: a KV namespace is named by its id until its title is
 * read, and a Durable Object by its namespace name. */
static int resource_as(struct wr_model *m, enum ir_kind kind, const char *name, const char *hint)
{
    int i = wr_find(m, kind, 0, name);
    if (i >= 0)
        return i;
    i = resource(m, kind, name);
    free(m->res[i].label);
    m->res[i].label = NULL; /* not counted as taken by label_of */
    m->res[i].label = label_of(m, kind, hint);
    return i;
}

/* snake_of: ResourceObject -> resource_Object (label_of lowers it) */
static char *snake_of(const char *camel)
{
    char *out = xcalloc(2 * strlen(camel) + 1, 1), *o = out;
    for (const char *p = camel; *p; p++) {
        if (p > camel && isupper((unsigned char)*p) &&
            (islower((unsigned char)p[-1]) || isdigit((unsigned char)p[-1])))
            *o++ = '_';
        *o++ = *p;
    }
    return out;
}

/* stack_name: in stack s, resource i is called name; one name per stack. */
static int stack_name(struct reader *r, int i, size_t s, const char *name, const char *file)
{
    struct wr_res *res = &r->m->res[i];
    if (!res->name[s])
        res->name[s] = xstrdup(name);
    else if (strcmp(res->name[s], name) != 0)
        return fail(r,
                    "%s: in one environment '%s' names two resources the top level names "
                    "as one ('%s'); give them one name per environment",
                    file, name, res->name[s]);
    return 0;
}

/* ---- bindings ------------------------------------------------------- */

static struct wr_bind *bind_named(struct wr_worker *w, const char *name)
{
    for (size_t i = 0; i < w->n_binds; i++)
        if (strcmp(w->binds[i].name, name) == 0)
            return &w->binds[i];
    return NULL;
}

/* bind: the binding name of w for stack s: created at the top level,
 * matched by name in an environment. */
static struct wr_bind *bind(struct reader *r, struct wr_worker *w, size_t s, const char *name,
                            enum ir_binding_type type, const char *file)
{
    struct wr_bind *b = bind_named(w, name);
    if (!b && s > 0) {
        note(r->m, xasprintf("%s: [env.%s] binds %s, which the top level does not: left out "
                             "(the program binds the same names in every stack)",
                             file, r->m->stacks[s], name));
        return &r->skip;
    }
    if (!b) {
        w->binds = xreallocarray(w->binds, w->n_binds + 1, sizeof *w->binds);
        b = &w->binds[w->n_binds++];
        memset(b, 0, sizeof *b);
        b->name = xstrdup(name);
        b->type = type;
        b->res = -1;
    }
    return b;
}

/* target: a binding to a resource of kind named name (in stack s). */
static int target(struct reader *r, struct wr_worker *w, size_t s, const char *file,
                  const char *bname, enum ir_binding_type type, enum ir_kind kind, const char *name)
{
    if (!bname || !name)
        return fail(r, "%s: a binding without %s%s", file, bname ? "its resource's name" : "",
                    bname ? "" : "\"binding\"");
    struct wr_bind *b = bind(r, w, s, bname, type, file);
    if (!b)
        return -1;
    if (b == &r->skip)
        return 0;
    if (s == 0)
        b->res = resource(r->m, kind, name);
    return stack_name(r, b->res, s, name, file);
}

static int list_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg,
                         const char *key, const char *field, enum ir_binding_type type,
                         enum ir_kind kind)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, key))
    {
        if (target(r, w, s, w->file, str(it, "binding"), type, kind, str(it, field)) != 0)
            return -1;
    }
    return 0;
}

static int d1_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, "d1_databases"))
    {
        const char *name = str(it, "database_name"), *id = str(it, "database_id");
        if (target(r, w, s, w->file, str(it, "binding"), IR_BIND_D1, IR_DATABASE, name) != 0)
            return -1;
        const struct wr_bind *b = bind_named(w, str(it, "binding"));
        if (!b || b->type != IR_BIND_D1)
            continue;
        struct wr_res *db = &r->m->res[b->res];
        if (id && !db->id[s])
            db->id[s] = xstrdup(id);
        const char *dir = str(it, "migrations_dir");
        if (!db->migrations && (dir || s == 0)) {
            char *p = prog_path(r, w->file, dir ? dir : "migrations");
            char *abs = fs_join(r->prog_dir, p);
            struct stat st;
            if (dir || (stat(abs, &st) == 0 && S_ISDIR(st.st_mode)))
                db->migrations = p;
            else
                free(p);
            free(abs);
        }
    }
    return 0;
}

static int var_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *v;
    cJSON_ArrayForEach(v, cJSON_GetObjectItemCaseSensitive(cfg, "vars"))
    {
        struct wr_bind *b = bind(r, w, s, v->string, IR_BIND_PLAIN_TEXT, w->file);
        if (!b)
            return -1;
        if (b == &r->skip)
            continue;
        free(b->text[s]);
        b->text[s] = cJSON_IsString(v) ? xstrdup(v->valuestring) : cJSON_PrintUnformatted(v);
    }
    return 0;
}

static int service_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, "services"))
    {
        /* an environment's binding may name the service's top-level worker
         * (wrangler's `environment` key picks the service's environment) */
        const char *svc = str(it, "service");
        int target_res = wr_find(r->m, IR_WORKER, s, svc);
        if (target_res < 0)
            target_res = wr_find(r->m, IR_WORKER, 0, svc);
        if (target_res < 0)
            return fail(r,
                        "%s: service binding to '%s', a worker none of the configurations "
                        "given deploys%s; import its configuration too",
                        w->file, svc ? svc : "?", "");
        struct wr_bind *b = bind(r, w, s, str(it, "binding"), IR_BIND_SERVICE, w->file);
        if (!b)
            return -1;
        if (b != &r->skip && s == 0)
            b->res = target_res;
    }
    const cJSON *ai = cJSON_GetObjectItemCaseSensitive(cfg, "ai");
    if (str(ai, "binding") && !bind(r, w, s, str(ai, "binding"), IR_BIND_AI, w->file))
        return -1;
    return 0;
}

/* kv_bindings: [[kv_namespaces]] {binding, id}; the namespace is called by
 * its id until wr_model_kv_titles reads its title. */
static int kv_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, "kv_namespaces"))
    {
        const char *bname = str(it, "binding"), *id = str(it, "id");
        if (!bname || !id)
            return fail(r, "%s: a [[kv_namespaces]] entry without \"%s\"%s", w->file,
                        bname ? "id" : "binding", "");
        struct wr_bind *b = bind(r, w, s, bname, IR_BIND_KV, w->file);
        if (!b)
            return -1;
        if (b == &r->skip)
            continue;
        if (s == 0)
            b->res = resource_as(r->m, IR_KV, id, bname);
        if (stack_name(r, b->res, s, id, w->file) != 0)
            return -1;
        if (!r->m->res[b->res].id[s])
            r->m->res[b->res].id[s] = xstrdup(id);
    }
    return 0;
}

/* durable_of: the Durable Object resource of class cls hosted by host. */
static int durable_of(const struct wr_model *m, int host, const char *cls)
{
    for (size_t i = 0; cls && i < m->n_res; i++)
        if (m->res[i].kind == IR_DURABLE_OBJECT && m->res[i].host == host &&
            strcmp(m->res[i].class_name, cls) == 0)
            return (int)i;
    return -1;
}

/* durable_bindings: [[durable_objects.bindings]] {name, class_name,
 * script_name}: the class of the host script_name names (this worker when
 * it names none), created by that host's [[migrations]]. */
static int durable_bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *it;
    cJSON_ArrayForEach(it,
                       cJSON_GetObjectItemCaseSensitive(
                           cJSON_GetObjectItemCaseSensitive(cfg, "durable_objects"), "bindings"))
    {
        const char *bname = str(it, "name"), *cls = str(it, "class_name");
        const char *script = str(it, "script_name");
        if (!bname || !cls)
            return fail(r, "%s: a [[durable_objects.bindings]] entry without \"%s\"%s", w->file,
                        bname ? "class_name" : "name", "");
        int host = script ? wr_find(r->m, IR_WORKER, s, script) : w->res;
        if (host < 0)
            host = wr_find(r->m, IR_WORKER, 0, script);
        int target_res = durable_of(r->m, host, cls);
        if (target_res < 0) {
            char *what = xasprintf("%s: %s binds Durable Object class %s of worker '%s'", w->file,
                                   bname, cls, script ? script : r->m->res[w->res].name[0]);
            fail(r, "%s, %s%s", what,
                 host < 0 ? "which none of the configurations given deploys; import its "
                            "configuration too"
                          : "but no [[migrations]] entry of that worker creates the class; add "
                            "the migration that created it (new_classes or new_sqlite_classes)",
                 "");
            free(what);
            return -1;
        }
        struct wr_bind *b = bind(r, w, s, bname, IR_BIND_DURABLE_OBJECT, w->file);
        if (!b)
            return -1;
        if (b != &r->skip && s == 0)
            b->res = target_res;
    }
    return 0;
}

static long number(const cJSON *o, const char *k, long dflt)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? (long)v->valuedouble : dflt;
}

/* consumers: queues.consumers of the top level (wrangler's defaults:
 * batch 10, 3 retries, 5 s). An environment's consumers name its queues. */
static int consumers(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    const cJSON *it;
    size_t k = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(
                               cJSON_GetObjectItemCaseSensitive(cfg, "queues"), "consumers"))
    {
        const char *q = str(it, "queue"), *dlq = str(it, "dead_letter_queue");
        if (!q)
            return fail(r, "%s: a queue consumer without \"queue\"%s%s", w->file, "", "");
        if (s == 0) {
            w->consumers = xreallocarray(w->consumers, w->n_consumers + 1, sizeof *w->consumers);
            struct wr_consumer *c = &w->consumers[w->n_consumers++];
            c->queue = resource(r->m, IR_QUEUE, q);
            c->dead_letter = dlq ? resource(r->m, IR_QUEUE, dlq) : -1;
            c->batch_size = number(it, "max_batch_size", 10);
            c->max_retries = number(it, "max_retries", 3);
            const cJSON *t = cJSON_GetObjectItemCaseSensitive(it, "max_batch_timeout");
            c->max_wait_ms = cJSON_IsNumber(t) ? (long)(t->valuedouble * 1000) : 5000;
            c->max_concurrency = number(it, "max_concurrency", -1);
            c->retry_delay = number(it, "retry_delay", -1);
        } else if (k < w->n_consumers) {
            if (stack_name(r, w->consumers[k].queue, s, q, w->file) != 0 ||
                (dlq && w->consumers[k].dead_letter >= 0 &&
                 stack_name(r, w->consumers[k].dead_letter, s, dlq, w->file) != 0))
                return -1;
        }
        k++;
    }
    return 0;
}

static int bindings(struct reader *r, struct wr_worker *w, size_t s, const cJSON *cfg)
{
    if (d1_bindings(r, w, s, cfg) || var_bindings(r, w, s, cfg) || kv_bindings(r, w, s, cfg) ||
        durable_bindings(r, w, s, cfg) ||
        list_bindings(r, w, s, cfg, "r2_buckets", "bucket_name", IR_BIND_R2, IR_BUCKET) ||
        list_bindings(r, w, s, cfg, "vectorize", "index_name", IR_BIND_VECTORIZE, IR_INDEX) ||
        service_bindings(r, w, s, cfg) || consumers(r, w, s, cfg))
        return -1;
    const cJSON *prod = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(cfg, "queues"), "producers");
    const cJSON *it;
    cJSON_ArrayForEach(it, prod)
    {
        if (target(r, w, s, w->file, str(it, "binding"), IR_BIND_QUEUE, IR_QUEUE,
                   str(it, "queue")) != 0)
            return -1;
    }
    return 0;
}

/* ---- workers and stacks ---------------------------------------------- */

static void add_stack(struct wr_model *m, const char *name)
{
    for (size_t i = 0; i < m->n_stacks; i++)
        if (strcmp(m->stacks[i], name) == 0)
            return;
    if (m->n_stacks < WR_MAX_STACKS)
        m->stacks[m->n_stacks++] = xstrdup(name);
}

/* env_config: the configuration of stack s of a worker (the top level, or
 * its [env.X]); NULL when it has no such environment. */
static const cJSON *env_config(const struct wr_model *m, const cJSON *top, size_t s)
{
    if (s == 0)
        return top;
    return cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(top, "env"),
                                            m->stacks[s]);
}

/* unmodeled: a note naming the top-level keys the program cannot say
 * (KV, Durable Objects, routes, observability, ...). Bindings among them
 * stay on the live worker: import keeps what it cannot model. */
static void unmodeled(struct wr_model *m, const char *file, const cJSON *top)
{
    static const char *const known[] = {"name",
                                        "main",
                                        "compatibility_date",
                                        "compatibility_flags",
                                        "no_bundle",
                                        "logpush",
                                        "build",
                                        "triggers",
                                        "vars",
                                        "d1_databases",
                                        "r2_buckets",
                                        "vectorize",
                                        "queues",
                                        "services",
                                        "ai",
                                        "env",
                                        "account_id",
                                        "$schema",
                                        "upload_source_maps",
                                        "workers_dev",
                                        "preview_urls",
                                        "observability",
                                        "route",
                                        "routes",
                                        "kv_namespaces",
                                        "durable_objects",
                                        "migrations"};
    const cJSON *k;
    cJSON_ArrayForEach(k, top)
    {
        bool is_known = false;
        for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
            is_known = is_known || strcmp(k->string, known[i]) == 0;
        if (!is_known)
            note(m,
                 xasprintf("%s: '%s' is not imported (domec does not model it)", file, k->string));
    }
}

/* worker: the top level of one configuration, and its environments' names. */
static int worker(struct reader *r, const char *file)
{
    cJSON *top = wrangler_config_read(file, r->err, r->err_len);
    if (!top)
        return -1;
    const char *name = str(top, "name"), *main = str(top, "main");
    if (!name || !main) {
        cJSON_Delete(top);
        return fail(r, "%s: a worker's configuration needs \"name\" and \"main\"%s%s", file, "",
                    "");
    }
    struct wr_model *m = r->m;
    m->workers = xreallocarray(m->workers, m->n_workers + 1, sizeof *m->workers);
    struct wr_worker *w = &m->workers[m->n_workers];
    memset(w, 0, sizeof *w);
    w->file = xstrdup(file);
    w->top = top;
    w->main_rel = prog_path(r, file, main);
    const char *cmd = str(cJSON_GetObjectItemCaseSensitive(top, "build"), "command");
    if (cmd) {
        char *dir = build_path_dir(file), *cwd = build_path_relative(r->prog_dir, dir);
        w->build = strcmp(cwd, ".") == 0 ? xstrdup(cmd) : xasprintf("cd %s && %s", cwd, cmd);
        free(dir);
        free(cwd);
    }
    unmodeled(m, file, top);
    w->res = resource(m, IR_WORKER, name);
    m->res[w->res].worker = (int)m->n_workers++;
    const cJSON *e;
    cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(top, "env")) add_stack(m, e->string);
    return 0;
}

/* worker_names: each environment's name of the worker. */
static int worker_names(struct reader *r, struct wr_worker *w)
{
    for (size_t s = 0; s < r->m->n_stacks; s++) {
        const cJSON *cfg = env_config(r->m, w->top, s);
        const char *n = s && cfg ? str(cfg, "name") : NULL;
        char *name = n   ? xstrdup(n)
                     : s ? xasprintf("%s-%s", r->m->res[w->res].name[0], r->m->stacks[s])
                         : NULL;
        if (name && stack_name(r, w->res, s, name, w->file) != 0) {
            free(name);
            return -1;
        }
        free(name);
    }
    return 0;
}

/* worker_classes: a Durable Object resource for each class the worker
 * hosts, called by its namespace's name (Cloudflare's SCRIPT_CLASS) in
 * every stack. */
static void worker_classes(struct reader *r, struct wr_worker *w)
{
    cJSON *classes = wr_classes_after(cJSON_GetObjectItemCaseSensitive(w->top, "migrations"));
    const cJSON *c;
    cJSON_ArrayForEach(c, classes)
    {
        const struct wr_res *host = &r->m->res[w->res];
        char *ns = xasprintf("%s_%s", host->name[0], c->string), *hint = snake_of(c->string);
        int i = resource_as(r->m, IR_DURABLE_OBJECT, ns, hint);
        struct wr_res *d = &r->m->res[i];
        d->class_name = xstrdup(c->string);
        d->storage = xstrdup(c->valuestring);
        d->host = w->res;
        for (size_t s = 1; s < r->m->n_stacks; s++)
            d->name[s] = xasprintf("%s_%s", r->m->res[w->res].name[s], c->string);
        free(ns);
        free(hint);
    }
    cJSON_Delete(classes);
}

/* add_route: one entry of routes (a pattern, or {pattern, zone_name |
 * zone_id, custom_domain}) to w's routes or domains of stack s; domec
 * finds the zone from the pattern's host, so the zone keys are not kept. */
static void add_route(struct wr_worker *w, size_t s, const cJSON *it)
{
    const char *pattern = cJSON_IsString(it) ? it->valuestring : str(it, "pattern");
    bool is_domain = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(it, "custom_domain"));
    if (pattern)
        cJSON_AddItemToArray(is_domain ? w->domains[s] : w->routes[s], cJSON_CreateString(pattern));
}

/* worker_traffic: routes and custom domains per stack. An [env.X] without
 * route/routes inherits the top level's, as wrangler does; a stack with no
 * [env.X] gets none (a route leads to one worker only). */
static void worker_traffic(struct reader *r, struct wr_worker *w)
{
    for (size_t s = 0; s < r->m->n_stacks; s++) {
        const cJSON *cfg = env_config(r->m, w->top, s), *it;
        w->routes[s] = cJSON_CreateArray();
        w->domains[s] = cJSON_CreateArray();
        if (!cfg)
            continue;
        if (!cJSON_GetObjectItemCaseSensitive(cfg, "route") &&
            !cJSON_GetObjectItemCaseSensitive(cfg, "routes"))
            cfg = w->top;
        if (cJSON_GetObjectItemCaseSensitive(cfg, "route"))
            add_route(w, s, cJSON_GetObjectItemCaseSensitive(cfg, "route"));
        cJSON_ArrayForEach(it, cJSON_GetObjectItemCaseSensitive(cfg, "routes")) add_route(w, s, it);
    }
}

/* worker_bindings: every binding, in every stack (names known). */
static int worker_bindings(struct reader *r, struct wr_worker *w)
{
    for (size_t s = 0; s < r->m->n_stacks; s++) {
        const cJSON *cfg = env_config(r->m, w->top, s);
        if (!cfg)
            note(r->m, xasprintf("%s has no [env.%s]: in stack %s its worker is %s-%s and its "
                                 "resources NAME-%s",
                                 w->file, r->m->stacks[s], r->m->stacks[s],
                                 r->m->res[w->res].name[0], r->m->stacks[s], r->m->stacks[s]));
        if (cfg && bindings(r, w, s, cfg) != 0)
            return -1;
    }
    return 0;
}

/* wr_model_read: see wrangler_model.h. */
int wr_model_read(struct wr_model *m, const char *prog_dir, const char *top_stack,
                  const char *const *paths, size_t n, char *err, size_t err_len)
{
    char real[PATH_MAX];
    char **files = NULL;
    size_t n_files = 0;
    memset(m, 0, sizeof *m);
    m->stacks[m->n_stacks++] = xstrdup(top_stack);
    struct reader r = {.m = m,
                       .prog_dir = realpath(prog_dir, real) ? real : prog_dir,
                       .err = err,
                       .err_len = err_len};
    for (size_t i = 0; i < n; i++)
        expand(paths[i], &files, &n_files);
    int rc = n_files ? 0
                     : fail(&r, "no wrangler.toml, wrangler.jsonc or wrangler.json in %s%s%s",
                            n ? paths[0] : "the paths given", "", "");
    for (size_t i = 0; rc == 0 && i < n_files; i++)
        rc = worker(&r, files[i]);
    for (size_t i = 0; rc == 0 && i < m->n_workers; i++)
        rc = worker_names(&r, &m->workers[i]);
    for (size_t i = 0; rc == 0 && i < m->n_workers; i++) {
        worker_classes(&r, &m->workers[i]);
        worker_traffic(&r, &m->workers[i]);
    }
    for (size_t i = 0; rc == 0 && i < m->n_workers; i++)
        rc = worker_bindings(&r, &m->workers[i]);
    /* a resource no binding of an environment names gets, in that stack,
     * the name wrangler would give an environment's worker: NAME-ENV (a
     * KV namespace's, once its title is known: wr_model_kv_titles) */
    for (size_t i = 0; rc == 0 && i < m->n_res; i++)
        for (size_t s = 1; s < m->n_stacks; s++)
            if (!m->res[i].name[s] && m->res[i].kind != IR_KV)
                m->res[i].name[s] = xasprintf("%s-%s", m->res[i].name[0], m->stacks[s]);
    for (size_t i = 0; i < n_files; i++)
        free(files[i]);
    free(files);
    return rc;
}

/* wr_model_free: see wrangler_model.h. */
void wr_model_free(struct wr_model *m)
{
    for (size_t i = 0; i < m->n_res; i++) {
        free(m->res[i].label);
        free(m->res[i].migrations);
        free(m->res[i].class_name);
        free(m->res[i].storage);
        for (size_t s = 0; s < WR_MAX_STACKS; s++) {
            free(m->res[i].name[s]);
            free(m->res[i].id[s]);
        }
    }
    for (size_t i = 0; i < m->n_workers; i++) {
        struct wr_worker *w = &m->workers[i];
        for (size_t k = 0; k < w->n_binds; k++) {
            free(w->binds[k].name);
            for (size_t s = 0; s < WR_MAX_STACKS; s++)
                free(w->binds[k].text[s]);
        }
        free(w->binds);
        free(w->consumers);
        for (size_t s = 0; s < WR_MAX_STACKS; s++) {
            cJSON_Delete(w->routes[s]);
            cJSON_Delete(w->domains[s]);
        }
        free(w->file);
        free(w->main_rel);
        free(w->build);
        cJSON_Delete(w->top);
    }
    for (size_t s = 0; s < m->n_stacks; s++)
        free(m->stacks[s]);
    for (size_t i = 0; i < m->n_notes; i++)
        free(m->notes[i]);
    free(m->notes);
    free(m->res);
    free(m->workers);
    memset(m, 0, sizeof *m);
}

/* wr_model_kv_titles: see wrangler_model.h. */
void wr_model_kv_titles(struct wr_model *m, const char *(*title)(void *arg, const char *id),
                        void *arg)
{
    for (size_t i = 0; i < m->n_res; i++) {
        struct wr_res *r = &m->res[i];
        if (r->kind != IR_KV)
            continue;
        const char *top = r->id[0] ? title(arg, r->id[0]) : NULL;
        if (top) {
            free(r->name[0]);
            r->name[0] = xstrdup(top);
        }
        for (size_t s = 1; s < m->n_stacks; s++) {
            const char *t = r->id[s] ? title(arg, r->id[s]) : NULL;
            if (r->id[s] && !t)
                note(m, xasprintf("KV namespace %s of [env.%s] is not in this account: stack %s "
                                  "calls it %s-%s",
                                  r->id[s], m->stacks[s], m->stacks[s], r->name[0], m->stacks[s]));
            free(r->name[s]);
            r->name[s] = t ? xstrdup(t) : xasprintf("%s-%s", r->name[0], m->stacks[s]);
        }
    }
}
