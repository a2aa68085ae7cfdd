/* domec config set|get|rm|ls: a stack's config values in stacks/<stack>.dome,
 * checked against the program's `config` declarations when they are set.
 * Secret values are sealed before they touch the file; none is ever printed
 * unless `config get --reveal` asks for it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "cli/commands.h"
#include "cli/cmd/config_value.h"
#include "lang/diag.h"
#include "lang/stackfile.h"
#include "runtime/base/xalloc.h"
#include "runtime/secrets/secret.h"
#include "cli/stackfile/stackcfg.h"

#define USAGE_SET "KEY [VALUE] [--secret] [--stack S] [--dir DIR]"

/* Finds KEY's declaration among the program's (*list, freed by the caller);
 * prints an error when the program lacks it. */
static int find_decl(const struct opts *o, const char *key, struct stackfile_decl **list, long *n,
                     const struct stackfile_decl **out)
{
    *n = stackfile_decls(o->dir, list);
    if (*n < 0) {
        fprintf(stderr,
                "domec %s: cannot read the program in '%s'\n  help: run it in the "
                "program directory or pass --dir DIR\n",
                o->cmd, o->dir);
        return 2;
    }
    for (long i = 0; i < *n; i++)
        if (!strcmp((*list)[i].name, key)) {
            *out = &(*list)[i];
            return 0;
        }
    const char **names = xcalloc((size_t)*n + 1, sizeof *names);
    for (long i = 0; names && i < *n; i++)
        names[i] = (*list)[i].name;
    const char *near = names ? diag_suggest(key, names, (size_t)*n) : NULL;
    fprintf(stderr, "domec %s: the program in '%s' declares no config '%s'\n", o->cmd, o->dir, key);
    if (near)
        fprintf(stderr, "  help: did you mean '%s'?\n", near);
    else
        fprintf(stderr, "  help: declare it first, e.g. `config %s: string`\n", key);
    free(names);
    return 1;
}

/* Reads the stack file into *text and parses it into *sf (NULL: only
 * checked); a file with syntax errors is refused after its diagnostics. */
static int load(const struct opts *o, char **text, struct stackfile **sf)
{
    char err[512];
    bool exists;
    if (stackcfg_load(o->dir, o->stack, text, &exists, err, sizeof err) != 0) {
        fprintf(stderr, "domec %s: %s\n", o->cmd, err);
        return 2;
    }
    struct stackfile *parsed = stackcfg_parse(o->cmd, o->dir, o->stack, *text);
    if (!parsed)
        return 1;
    if (sf)
        *sf = parsed;
    else
        stackfile_free(parsed);
    return 0;
}

static int store(const struct opts *o, const char *text)
{
    char err[512];
    if (stackcfg_store(o->dir, o->stack, text, err, sizeof err) == 0)
        return 0;
    fprintf(stderr, "domec %s: %s\n", o->cmd, err);
    return 2;
}

int config_set(struct opts *opts)
{
    const struct opts o = *opts; /* parsed by cli/args.c */
    int rc;
    if (o.n_pos < 1 || (o.n_pos < 2 && !o.secret)) {
        fprintf(stderr, "domec config set: missing %s\n  usage: domec config set " USAGE_SET "\n",
                o.n_pos < 1 ? "KEY" : "VALUE");
        return 2;
    }
    struct stackfile_decl *decls = NULL;
    const struct stackfile_decl *d = NULL;
    long nd = 0;
    char *text = NULL, *src = NULL;
    if ((rc = find_decl(&o, o.pos[0], &decls, &nd, &d)) == 0 && (rc = load(&o, &text, NULL)) == 0 &&
        (rc = config_value_src(&o, d, o.n_pos > 1 ? o.pos[1] : NULL, &text, &src)) == 0) {
        char *edited = stackfile_set(text, strlen(text), "config", d->name, src);
        if (!edited)
            fprintf(stderr, "domec config set: the value is not valid .dome\n  help: write a "
                            "list as '[\"a\", \"b\"]'\n");
        rc = edited ? store(&o, edited) : 1;
        if (rc == 0)
            fprintf(stderr, "config '%s' of stack '%s' set%s\n", d->name, o.stack,
                    o.secret ? " (sealed)" : "");
        free(edited);
    }
    stackfile_decls_free(decls, nd);
    free(src);
    free(text);
    return rc;
}

int config_get(struct opts *opts)
{
    const struct opts o = *opts; /* parsed by cli/args.c */
    int rc;
    if (o.n_pos < 1) {
        fprintf(stderr, "domec config get: missing KEY\n");
        return 2;
    }
    char *text = NULL;
    struct stackfile *sf = NULL;
    if ((rc = load(&o, &text, &sf))) {
        free(text);
        return rc;
    }
    const struct stackfile_entry *e = stackfile_get(sf, "config", o.pos[0]);
    if (!e) {
        fprintf(stderr,
                "domec config get: stack '%s' does not set '%s'\n  help: set it with "
                "`domec config set %s VALUE --stack %s`\n",
                o.stack, o.pos[0], o.pos[0], o.stack);
        rc = 1;
    } else {
        rc = config_print_value(&o, e, &text);
    }
    stackfile_free(sf);
    free(text);
    return rc;
}

int config_rm(struct opts *opts)
{
    const struct opts o = *opts; /* parsed by cli/args.c */
    int rc;
    char *text = NULL, *edited = NULL;
    struct stackfile *sf = NULL;
    if (o.n_pos < 1) {
        fprintf(stderr, "domec config rm: missing KEY\n");
        return 2;
    }
    if ((rc = load(&o, &text, &sf))) {
        free(text);
        return rc;
    }
    if (!stackfile_get(sf, "config", o.pos[0])) {
        fprintf(stderr, "domec config rm: stack '%s' does not set '%s'\n", o.stack, o.pos[0]);
        rc = 1;
    } else if (!(edited = stackfile_remove(text, strlen(text), "config", o.pos[0]))) {
        fprintf(stderr, "domec config rm: cannot edit stacks/%s.dome\n", o.stack);
        rc = 2;
    } else {
        rc = store(&o, edited);
    }
    stackfile_free(sf);
    free(edited);
    free(text);
    return rc;
}
