/* `domec config ls`: the stack's config values, plus declared keys the stack
 * leaves unset. Secrets show as (sensitive); --json gives an object. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/cmd/config_value.h"
#include "lang/stackfile.h"
#include "cli/stackfile/stackcfg.h"

static bool is_set(const struct stackfile_entry *e, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(e[i].key, key))
            return true;
    return false;
}

static void print_text(const struct stackfile_entry *e, size_t n, const struct stackfile_decl *d,
                       long nd)
{
    printf("%-24s %s\n", "KEY", "VALUE");
    for (size_t i = 0; i < n; i++) {
        const struct stackfile_value *v = &e[i].value;
        const char *plain = v->kind == STACKFILE_STRING ? v->text : NULL;
        bool sec = v->kind == STACKFILE_SECRET;
        printf("%-24s %s\n", e[i].key, sec ? "(sensitive)" : plain ? plain : v->src);
    }
    for (long i = 0; i < nd; i++)
        if (!is_set(e, n, d[i].name))
            printf("%-24s %s\n", d[i].name, d[i].has_default ? "(program default)" : "(not set)");
}

static void print_json(const struct stackfile_entry *e, size_t n)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < n; i++)
        cJSON_AddItemToObject(o, e[i].key, config_value_json(&e[i].value));
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
    struct stackfile *sf = stackcfg_parse(o.cmd, o.dir, o.stack, text);
    if (!sf) {
        free(text);
        return 1;
    }
    const struct stackfile_entry *e;
    struct stackfile_decl *d = NULL;
    size_t n = stackfile_entries(sf, "config", &e);
    long nd = stackfile_decls(o.dir, &d);
    if (o.json)
        print_json(e, n);
    else
        print_text(e, n, d, nd);
    stackfile_decls_free(d, nd);
    stackfile_free(sf);
    free(text);
    return 0;
}
