/* Writing the .dome program and the stack files for a wrangler model (see
 * wrangler_program.h). A value that is the same in every stack is written
 * in the program; one that differs (an environment's physical name, a var)
 * becomes a config value each stack file sets. */
#include "cli/cmd/wrangler_program.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lang/stackfile.h"
#include "runtime/base/xalloc.h"
#include "runtime/model/kind.h"

/* quoted: s as a .dome string literal (escapes \" \\ \n \t \$). */
static void quoted(FILE *out, const char *s)
{
    fputc('"', out);
    for (; s && *s; s++) {
        if (*s == '"' || *s == '\\' || *s == '$')
            fputc('\\', out);
        if (*s == '\n')
            fputs("\\n", out);
        else if (*s == '\t')
            fputs("\\t", out);
        else
            fputc(*s, out);
    }
    fputc('"', out);
}

/* same: every stack gives the same value. */
static bool same(const struct wr_model *m, char *const *v)
{
    for (size_t s = 1; s < m->n_stacks; s++)
        if (!v[s] || !v[0] || strcmp(v[s], v[0]) != 0)
            return false;
    return true;
}

static char *name_key(const struct wr_res *r)
{
    return xasprintf("%s_%s_name", kind_name(r->kind), r->label);
}

static char *var_key(const struct wr_model *m, const struct wr_worker *w, const char *var)
{
    char *k = xasprintf("%s_%s", m->res[w->res].label, var);
    for (char *p = k; *p; p++)
        *p = *p >= 'A' && *p <= 'Z' ? (char)(*p - 'A' + 'a') : *p;
    return k;
}

/* value: a literal when every stack agrees, else the config value key. */
static void value(FILE *out, const struct wr_model *m, char *const *v, const char *key)
{
    if (same(m, v))
        quoted(out, v[0]);
    else
        fprintf(out, "config.%s", key);
}

/* same_list: every stack gives the same list. */
static bool same_list(const struct wr_model *m, cJSON *const *v)
{
    for (size_t s = 1; s < m->n_stacks; s++)
        if (!cJSON_Compare(v[s], v[0], true))
            return false;
    return true;
}

static void list_literal(FILE *out, const cJSON *list)
{
    const cJSON *it;
    fputc('[', out);
    cJSON_ArrayForEach(it, list)
    {
        quoted(out, it->valuestring);
        fputs(it->next ? ", " : "", out);
    }
    fputc(']', out);
}

/* The traffic lists of a worker: routes and custom domains per stack. */
static const char *const traffic_attrs[] = {"routes", "domains"};

static cJSON *const *traffic_list(const struct wr_worker *w, int i)
{
    return i == 0 ? w->routes : w->domains;
}

static void configs(FILE *out, const struct wr_model *m)
{
    for (size_t i = 0; i < m->n_workers; i++)
        for (int t = 0; t < 2; t++)
            if (!same_list(m, traffic_list(&m->workers[i], t)))
                fprintf(out, "config %s_%s: list\n", m->res[m->workers[i].res].label,
                        traffic_attrs[t]);
    for (size_t i = 0; i < m->n_res; i++) {
        char *k = name_key(&m->res[i]);
        if (!same(m, m->res[i].name))
            fprintf(out, "config %s: string\n", k);
        free(k);
    }
    for (size_t i = 0; i < m->n_workers; i++)
        for (size_t b = 0; b < m->workers[i].n_binds; b++) {
            const struct wr_bind *x = &m->workers[i].binds[b];
            char *k = var_key(m, &m->workers[i], x->name);
            if (x->type == IR_BIND_PLAIN_TEXT && !same(m, x->text))
                fprintf(out, "config %s: string\n", k);
            free(k);
        }
}

static const char *str(const cJSON *o, const char *k)
{
    return cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, k));
}

/* traffic_settings: workers_dev and preview_urls when the configuration
 * sets them (both default as wrangler's do, except that wrangler turns
 * workers.dev off for a worker with routes: routed, false here), and
 * [observability]. */
static void traffic_settings(FILE *out, const cJSON *top, bool routed)
{
    const cJSON *dev = cJSON_GetObjectItemCaseSensitive(top, "workers_dev");
    const cJSON *previews = cJSON_GetObjectItemCaseSensitive(top, "preview_urls");
    const cJSON *obs = cJSON_GetObjectItemCaseSensitive(top, "observability");
    if (cJSON_IsBool(dev) || routed)
        fprintf(out, "\n  workers_dev = %s", cJSON_IsTrue(dev) ? "true" : "false");
    if (cJSON_IsBool(previews))
        fprintf(out, "\n  preview_urls = %s", cJSON_IsTrue(previews) ? "true" : "false");
    if (!cJSON_IsObject(obs))
        return;
    const cJSON *en = cJSON_GetObjectItemCaseSensitive(obs, "enabled");
    const cJSON *rate = cJSON_GetObjectItemCaseSensitive(obs, "head_sampling_rate");
    fprintf(out, "\n  observability {\n    enabled = %s", cJSON_IsFalse(en) ? "false" : "true");
    if (cJSON_IsNumber(rate)) {
        char num[64];
        stackfile_number(num, sizeof num, rate->valuedouble);
        fprintf(out, "\n    head_sampling_rate = %s", num);
    }
    fputs("\n  }", out);
}

/* traffic_lists: routes = [...] and domains = [...], a config value when
 * the stacks differ, nothing when none has any. */
static void traffic_lists(FILE *out, const struct wr_model *m, const struct wr_worker *w)
{
    for (int t = 0; t < 2; t++) {
        cJSON *const *v = traffic_list(w, t);
        if (!same_list(m, v))
            fprintf(out, "\n  %s = config.%s_%s", traffic_attrs[t], m->res[w->res].label,
                    traffic_attrs[t]);
        else if (cJSON_GetArraySize(v[0]) > 0) {
            fprintf(out, "\n  %s = ", traffic_attrs[t]);
            list_literal(out, v[0]);
        }
    }
}

static void worker_settings(FILE *out, const struct wr_model *m, const struct wr_worker *w)
{
    const cJSON *flags = cJSON_GetObjectItemCaseSensitive(w->top, "compatibility_flags"), *f;
    fputs("  main = ", out);
    quoted(out, w->main_rel);
    if (str(w->top, "compatibility_date")) {
        fputs("\n  compatibility_date = ", out);
        quoted(out, str(w->top, "compatibility_date"));
    }
    {
        int n = 0;
        fputs("\n  compatibility_flags = [", out);
        cJSON_ArrayForEach(f, flags)
        {
            fputs(n++ ? ", " : "", out);
            quoted(out, cJSON_GetStringValue(f));
        }
        fputc(']', out);
    }
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w->top, "no_bundle")))
        fputs("\n  bundle = false", out);
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(w->top, "logpush")))
        fputs("\n  logpush = true", out);
    traffic_settings(out, w->top,
                     cJSON_GetArraySize(w->routes[0]) + cJSON_GetArraySize(w->domains[0]) > 0);
    traffic_lists(out, m, w);
    if (w->build) {
        fputs("\n  build = ", out);
        quoted(out, w->build);
    }
    const cJSON *crons = cJSON_GetObjectItemCaseSensitive(
        cJSON_GetObjectItemCaseSensitive(w->top, "triggers"), "crons");
    if (cJSON_GetArraySize(crons) > 0) {
        int n = 0;
        fputs("\n  crons = [", out);
        cJSON_ArrayForEach(f, crons)
        {
            fputs(n++ ? ", " : "", out);
            quoted(out, cJSON_GetStringValue(f));
        }
        fputc(']', out);
    }
    fputc('\n', out);
}

static void worker_bindings(FILE *out, const struct wr_model *m, const struct wr_worker *w)
{
    bool any = false, vars = false;
    for (size_t b = 0; b < w->n_binds; b++) {
        const struct wr_bind *x = &w->binds[b];
        if (x->type == IR_BIND_PLAIN_TEXT) {
            vars = true;
            continue;
        }
        fprintf(out, "%s    %s = ", any ? "" : "  bindings {\n", x->name);
        any = true;
        if (x->type == IR_BIND_AI)
            fputs("ai\n", out);
        else
            fprintf(out, "%s.%s\n", kind_name(m->res[x->res].kind), m->res[x->res].label);
    }
    if (any)
        fputs("  }\n", out);
    if (vars)
        fputs("  vars {\n", out);
    for (size_t b = 0; vars && b < w->n_binds; b++) {
        const struct wr_bind *x = &w->binds[b];
        if (x->type != IR_BIND_PLAIN_TEXT)
            continue;
        char *k = var_key(m, w, x->name);
        fprintf(out, "    %s = ", x->name);
        value(out, m, x->text, k);
        fputc('\n', out);
        free(k);
    }
    if (vars)
        fputs("  }\n", out);
}

static void worker_block(FILE *out, const struct wr_model *m, const struct wr_worker *w)
{
    const struct wr_res *r = &m->res[w->res];
    char *k = name_key(r);
    fprintf(out, "\n# from %s\nworker %s {\n  name = ", w->file, r->label);
    value(out, m, r->name, k);
    fputc('\n', out);
    free(k);
    worker_settings(out, m, w);
    worker_bindings(out, m, w);
    for (size_t c = 0; c < w->n_consumers; c++) {
        const struct wr_consumer *x = &w->consumers[c];
        fprintf(out,
                "  consumes queue.%s {\n    batch_size = %ld\n    max_retries = %ld\n"
                "    max_wait_ms = %ld\n",
                m->res[x->queue].label, x->batch_size, x->max_retries, x->max_wait_ms);
        if (x->dead_letter >= 0)
            fprintf(out, "    dead_letter = queue.%s\n", m->res[x->dead_letter].label);
        if (x->max_concurrency >= 0)
            fprintf(out, "    max_concurrency = %ld\n", x->max_concurrency);
        if (x->retry_delay >= 0)
            fprintf(out, "    retry_delay = %ld\n", x->retry_delay);
        fputs("  }\n", out);
    }
    fputs("}\n", out);
}

/* wrangler_program: see wrangler_program.h. */
int wrangler_program(FILE *out, const struct wr_model *m, const char *project,
                     const cJSON *(*live)(void *arg, const struct wr_res *r), void *arg, char *err,
                     size_t err_len)
{
    fprintf(out, "# Imported from wrangler configurations by `domec import --from-wrangler`.\n"
                 "project ");
    quoted(out, project);
    fputs(" {}\n\n", out);
    configs(out, m);
    for (size_t i = 0; i < m->n_res; i++) {
        const struct wr_res *r = &m->res[i];
        if (r->kind == IR_WORKER)
            continue;
        char *k = name_key(r);
        fprintf(out, "\n%s %s {\n  name = ", kind_name(r->kind), r->label);
        value(out, m, r->name, k);
        fputc('\n', out);
        free(k);
        if (r->migrations) {
            fputs("  migrations = ", out);
            quoted(out, r->migrations);
            fputc('\n', out);
        }
        if (r->kind == IR_DURABLE_OBJECT) {
            fputs("  class = ", out);
            quoted(out, r->class_name);
            fprintf(out, "\n  worker = worker.%s\n  storage = ", m->res[r->host].label);
            quoted(out, r->storage);
            fputc('\n', out);
        }
        if (r->kind == IR_INDEX) {
            const cJSON *e = live ? live(arg, r) : NULL;
            const cJSON *a = cJSON_GetObjectItemCaseSensitive(e, "attrs");
            const cJSON *dim = cJSON_GetObjectItemCaseSensitive(a, "dimensions");
            if (!cJSON_IsNumber(dim)) {
                snprintf(err, err_len,
                         "index '%s': wrangler's configuration does not say its dimensions and "
                         "metric, and it could not be read from the account",
                         r->name[0]);
                return -1;
            }
            fprintf(out, "  dimensions = %d\n  metric = ", dim->valueint);
            quoted(out, str(a, "metric") ? str(a, "metric") : "cosine");
            fputc('\n', out);
        }
        fputs("}\n", out);
    }
    for (size_t i = 0; i < m->n_workers; i++)
        worker_block(out, m, &m->workers[i]);
    return 0;
}

/* wrangler_stack_file: see wrangler_program.h. */
void wrangler_stack_file(FILE *out, const struct wr_model *m, size_t s)
{
    fprintf(out, "# Stack %s, imported from wrangler (%s).\nconfig {\n", m->stacks[s],
            s ? "its [env] blocks" : "the top level");
    for (size_t i = 0; i < m->n_res; i++) {
        char *k = name_key(&m->res[i]);
        if (!same(m, m->res[i].name)) {
            fprintf(out, "  %s = ", k);
            quoted(out, m->res[i].name[s] ? m->res[i].name[s] : "");
            fputc('\n', out);
        }
        free(k);
    }
    for (size_t i = 0; i < m->n_workers; i++)
        for (size_t b = 0; b < m->workers[i].n_binds; b++) {
            const struct wr_bind *x = &m->workers[i].binds[b];
            if (x->type != IR_BIND_PLAIN_TEXT || same(m, x->text))
                continue;
            char *k = var_key(m, &m->workers[i], x->name);
            fprintf(out, "  %s = ", k);
            quoted(out, x->text[s] ? x->text[s] : "");
            fputc('\n', out);
            free(k);
        }
    for (size_t i = 0; i < m->n_workers; i++)
        for (int t = 0; t < 2; t++) {
            cJSON *const *v = traffic_list(&m->workers[i], t);
            if (same_list(m, v))
                continue;
            fprintf(out, "  %s_%s = ", m->res[m->workers[i].res].label, traffic_attrs[t]);
            list_literal(out, v[s]);
            fputc('\n', out);
        }
    fputs("}\n", out);
}
