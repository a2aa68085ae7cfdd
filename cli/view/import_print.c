/* Prints the .dome block matching an imported state entry: `name` pinned to
 * the physical name, every tracked attribute, and for workers the main
 * module, bindings, vars and (as a comment) secrets to declare. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/import/import.h"
#include "lang/stackfile.h"

static void print_value(FILE *out, const cJSON *v)
{
    if (cJSON_IsString(v)) {
        char *q = stackfile_quote(v->valuestring);
        fputs(q ? q : "\"\"", out);
        free(q);
    } else if (cJSON_IsBool(v)) {
        fputs(cJSON_IsTrue(v) ? "true" : "false", out);
    } else if (cJSON_IsNumber(v)) {
        char num[64];
        stackfile_number(num, sizeof num, v->valuedouble);
        fputs(num, out);
    } else if (cJSON_IsArray(v)) {
        const cJSON *it;
        fputc('[', out);
        cJSON_ArrayForEach(it, v)
        {
            print_value(out, it);
            if (it->next)
                fputs(", ", out);
        }
        fputc(']', out);
    } else if (cJSON_IsObject(v)) { /* { key = value, ... } (metadata_indexes) */
        const cJSON *it;
        fputs(v->child ? "{ " : "{}", out);
        cJSON_ArrayForEach(it, v)
        {
            fprintf(out, "%s = ", it->string);
            print_value(out, it);
            fputs(it->next ? ", " : " }", out);
        }
    }
}

static bool skipped(const char *attr)
{
    /* printed as blocks of their own, or (durable_objects: the classes a
     * host has) following from the durable_object blocks */
    static const char *const worker_only[] = {"code_hash",     "main_module",     "bindings",
                                              "consumers",     "crons",           "observability",
                                              "notifications", "durable_objects", NULL};
    for (size_t i = 0; worker_only[i]; i++)
        if (!strcmp(worker_only[i], attr))
            return true;
    return false;
}

/* Is s a resource address "kind.label" (not a raw id or name)? */
static bool is_address(const char *s)
{
    static const char *const kinds[] = {"database.", "bucket.", "index.",         "queue.",
                                        "kv.",       "worker.", "durable_object."};
    for (size_t i = 0; s && i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strncmp(s, kinds[i], strlen(kinds[i])) && !strchr(s + strlen(kinds[i]), '-'))
            return true;
    return false;
}

/* bindings { NAME = kind.label } and vars { NAME = "text" } of a worker. */
static void print_bindings(FILE *out, const cJSON *binds, const char *type_want)
{
    const cJSON *b;
    bool vars = !strcmp(type_want, "plain_text"), any = false;
    cJSON_ArrayForEach(b, binds)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "type"));
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name"));
        const char *target = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "target"));
        if (!type || !name || !strcmp(type, "secret_text") || vars != !strcmp(type, "plain_text"))
            continue;
        if (!any)
            fprintf(out, "  %s {\n", vars ? "vars" : "bindings");
        any = true;
        bool known = vars || !strcmp(type, "ai") || is_address(target);
        fprintf(out, "    %s%s = ", known ? "" : "# ", name);
        if (vars)
            print_value(out, cJSON_GetObjectItemCaseSensitive(b, "text"));
        else if (known)
            fputs(!strcmp(type, "ai") ? "ai" : target, out);
        else
            fprintf(out, "%s binding to '%s', which is not imported yet", type,
                    target ? target : "?");
        if (known && cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(b, "delivery_delay")))
            fprintf(out, " { delivery_delay = %d }",
                    cJSON_GetObjectItemCaseSensitive(b, "delivery_delay")->valueint);
        fputc('\n', out);
    }
    if (any)
        fputs("  }\n", out);
}

/* consumes queue.x { batch_size max_retries max_wait_ms dead_letter } */
static void print_consumers(FILE *out, const cJSON *list)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, list)
    {
        const cJSON *b = cJSON_GetObjectItemCaseSensitive(c, "batch_size");
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(c, "max_retries");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(c, "max_wait_time_ms");
        const char *dlq = state_str(c, "dead_letter");
        fprintf(out,
                "  consumes %s {\n    batch_size = %d\n    max_retries = %d\n"
                "    max_wait_ms = %d\n",
                state_str(c, "queue") ? state_str(c, "queue") : "?", b ? b->valueint : 10,
                r ? r->valueint : 3, w ? w->valueint : 5000);
        if (dlq)
            fprintf(out, "    dead_letter = %s\n", dlq);
        const char *opt[] = {"max_concurrency", "retry_delay"};
        for (int i = 0; i < 2; i++)
            if (cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(c, opt[i])))
                fprintf(out, "    %s = %d\n", opt[i],
                        cJSON_GetObjectItemCaseSensitive(c, opt[i])->valueint);
        fputs("  }\n", out);
    }
}

/* notify queue.x { events prefix suffix }: a bucket's event notification
 * rules; a rule to a queue the stack does not track is a comment */
static void print_notify(FILE *out, const cJSON *rules)
{
    const cJSON *r;
    cJSON_ArrayForEach(r, rules)
    {
        const char *q = state_str(r, "queue");
        bool known = is_address(q);
        const char *pre = known ? "" : "# ";
        if (!known)
            fprintf(out, "  # a rule to %s, which is not imported yet:\n", q ? q : "?");
        fprintf(out, "  %snotify %s {\n  %s  events = ", pre, known ? q : "queue.LABEL", pre);
        print_value(out, cJSON_GetObjectItemCaseSensitive(r, "events"));
        fputc('\n', out);
        const char *opt[] = {"prefix", "suffix"};
        for (int i = 0; i < 2; i++)
            if (state_str(r, opt[i])) {
                fprintf(out, "  %s  %s = ", pre, opt[i]);
                print_value(out, cJSON_GetObjectItemCaseSensitive(r, opt[i]));
                fputc('\n', out);
            }
        fprintf(out, "  %s}\n", pre);
    }
}

static void print_worker(FILE *out, const cJSON *attrs, const char *main_rel)
{
    const cJSON *binds = cJSON_GetObjectItemCaseSensitive(attrs, "bindings"), *b;
    fprintf(out, "  main = \"%s\"\n", main_rel ? main_rel : "index.js");
    const cJSON *crons = cJSON_GetObjectItemCaseSensitive(attrs, "crons");
    if (cJSON_GetArraySize(crons) > 0) {
        fputs("  crons = ", out);
        print_value(out, crons);
        fputc('\n', out);
    }
    const cJSON *obs = cJSON_GetObjectItemCaseSensitive(attrs, "observability");
    if (cJSON_IsObject(obs)) {
        const cJSON *rate = cJSON_GetObjectItemCaseSensitive(obs, "head_sampling_rate");
        fprintf(out, "  observability {\n    enabled            = %s\n    head_sampling_rate = ",
                cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(obs, "enabled")) ? "true" : "false");
        if (cJSON_IsNumber(rate))
            print_value(out, rate);
        else
            fputc('1', out);
        fputs("\n  }\n", out);
    }
    print_bindings(out, binds, "binding");
    print_bindings(out, binds, "plain_text");
    print_consumers(out, cJSON_GetObjectItemCaseSensitive(attrs, "consumers"));
    cJSON_ArrayForEach(b, binds)
    {
        const char *type = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "type"));
        if (type && !strcmp(type, "secret_text"))
            fprintf(out,
                    "  # secret %s: declare `config NAME: secret`, set it with `domec "
                    "config set NAME --secret`, then add secrets { %s = config.NAME }\n",
                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name")),
                    cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name")));
    }
}

/* print_kept: the bindings domec does not model, which every upload keeps */
static void print_kept(FILE *out, const cJSON *entry)
{
    const cJSON *b;
    cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(
                              cJSON_GetObjectItemCaseSensitive(entry, "extra"), "kept_bindings"))
    {
        const char *name = state_str(b, "name"), *type = state_str(b, "type");
        const char *target = state_str(b, "target");
        if (target)
            fprintf(out,
                    "  # %s: a %s binding to '%s', which is not imported; every apply keeps it "
                    "as it is until you import '%s' and bind it here\n",
                    name, type, target, target);
        else
            fprintf(out,
                    "  # %s: a %s binding, not modeled by domec; every apply keeps it as it is\n",
                    name, type);
    }
}

/* print_host: `worker = worker.LABEL` when the host is imported; else a
 * comment naming the script to import first */
static void print_host(FILE *out, const char *host)
{
    if (is_address(host))
        fprintf(out, "  worker = %s\n", host);
    else
        fprintf(out,
                "  # worker = worker.LABEL: import the host script '%s' first, then reference "
                "it here\n",
                host ? host : "?");
}

/* import_print_block: see runtime/import/import.h. */
void import_print_block(FILE *out, const cJSON *entry, const char *main_rel)
{
    const char *kind = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "kind"));
    const char *label = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(entry, "label"));
    const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(entry, "attrs"), *a;
    fprintf(out, "%s %s {\n  name = ", kind ? kind : "?", label ? label : "?");
    print_value(out, cJSON_GetObjectItemCaseSensitive(entry, "name"));
    fputc('\n', out);
    cJSON_ArrayForEach(a, attrs)
    {
        if (skipped(a->string) || cJSON_IsNull(a))
            continue;
        if (!strcmp(a->string, "worker")) { /* a durable_object's host */
            print_host(out, a->valuestring);
            continue;
        }
        fprintf(out, "  %s = ", a->string);
        print_value(out, a);
        fputc('\n', out);
    }
    if (kind && !strcmp(kind, "worker"))
        print_worker(out, attrs, main_rel);
    print_notify(out, cJSON_GetObjectItemCaseSensitive(attrs, "notifications"));
    print_kept(out, entry);
    fputs("}\n", out);
}
