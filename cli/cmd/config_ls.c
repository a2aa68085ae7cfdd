/* `domec config ls`: the stack's config values, plus declared keys the stack
 * leaves unset. Secrets show as (sensitive); --json gives an object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/cmd/config_value.h"
#include "cli/stackfile/stackcfg.h"
#include "cli/stackfile/stackcfg_scan.h"

static bool is_set(const struct stackcfg_entry *e, long n, const char *key)
{
    for (long i = 0; i < n; i++)
        if (!strcmp(e[i].key, key))
            return true;
    return false;
}

static cJSON *json_value(const char *src)
{
    if (!strncmp(src, "secret(", 7)) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "secret", true);
        return o;
    }
    char *plain = stackcfg_unquote(src);
    cJSON *j = plain ? cJSON_CreateString(plain) : cJSON_Parse(src);
    free(plain);
    return j ? j : cJSON_CreateString(src);
}

static void print_text(const struct stackcfg_entry *e, long n, const struct stackcfg_decl *d,
                       long nd)
{
    printf("%-24s %s\n", "KEY", "VALUE");
    for (long i = 0; i < n; i++) {
        char *plain = stackcfg_unquote(e[i].value);
        bool sec = !strncmp(e[i].value, "secret(", 7);
        printf("%-24s %s\n", e[i].key, sec ? "(sensitive)" : plain ? plain : e[i].value);
        free(plain);
    }
    for (long i = 0; i < nd; i++)
        if (!is_set(e, n, d[i].name))
            printf("%-24s %s\n", d[i].name, d[i].has_default ? "(program default)" : "(not set)");
}

static void print_json(const struct stackcfg_entry *e, long n)
{
    cJSON *o = cJSON_CreateObject();
    for (long i = 0; i < n; i++)
        cJSON_AddItemToObject(o, e[i].key, json_value(e[i].value));
    char *s = cJSON_Print(o);
    printf("%s\n", s ? s : "{}");
    free(s);
    cJSON_Delete(o);
}

/* config_ls: `domec config ls [--json]` (cli/commands.def). */
int config_ls(struct opts *opts)
{
    const struct opts o = *opts; /* parsed by cli/args.c */
    char *text = NULL, err[512];
    bool exists;
    if (stackcfg_load(o.dir, o.stack, &text, &exists, err, sizeof err) < 0) {
        fprintf(stderr, "domec config ls: %s\n", err);
        return 2;
    }
    struct stackcfg_entry *e;
    struct stackcfg_decl *d = NULL;
    long n = stackcfg_list(text, "config", &e), nd = stackcfg_decls(o.dir, &d);
    if (o.json)
        print_json(e, n);
    else
        print_text(e, n, d, nd);
    stackcfg_free_list(e, n);
    free(d);
    free(text);
    return n < 0 ? 2 : 0;
}
