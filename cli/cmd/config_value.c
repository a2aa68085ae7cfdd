/* Values of `domec config`: checked against the program's declarations,
 * secrets sealed at once (plaintext only in sodium memory), printing that
 * never shows a secret unless asked with --reveal. */
#include "cli/cmd/config_value.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "lang/stackfile.h"
#include "runtime/secrets/secret.h"
#include "cli/stackfile/stackcfg.h"
#include "runtime/base/xalloc.h"

static int bad_value(const struct opts *o, const struct stackfile_decl *d, const char *why)
{
    fprintf(stderr, "domec %s: config '%s' is declared `%s`, %s\n", o->cmd, d->name, d->type, why);
    return 1;
}

/* A plain (non-secret) value as .dome source for declared type d->type. */
static int plain_src(const struct opts *o, const struct stackfile_decl *d, const char *v,
                     char **src)
{
    if (!strcmp(d->type, "string")) {
        *src = stackfile_quote(v);
    } else if (!strcmp(d->type, "int")) {
        char *end;
        errno = 0;
        long long n = strtoll(v, &end, 10);
        if (!*v || *end || errno)
            return bad_value(o, d, "so the value must be a whole number");
        char buf[32];
        snprintf(buf, sizeof buf, "%lld", n);
        *src = xstrdup(buf);
    } else if (!strcmp(d->type, "bool")) {
        if (strcmp(v, "true") && strcmp(v, "false"))
            return bad_value(o, d, "so the value must be true or false");
        *src = xstrdup(v);
    } else if (!strcmp(d->type, "list")) {
        if (stackfile_value_kind(v) != STACKFILE_LIST)
            return bad_value(o, d, "so the value must be a list such as '[\"a\", \"b\"]'");
        *src = xstrdup(v);
    } else {
        return bad_value(o, d, "a type `config set` cannot write");
    }
    return 0;
}

/* Seals the secret value (or one read from stdin / a prompt). */
static int sealed_src(const struct opts *o, const struct stackfile_decl *d, const char *v,
                      char **text, char **src)
{
    char err[512];
    struct secret_plain p = {0};
    if (!v && stackcfg_read_value(d->name, &p, err, sizeof err) < 0) {
        fprintf(stderr,
                "domec %s: %s\n  help: pipe the value on stdin, or give it after "
                "the key\n",
                o->cmd, err);
        return 2;
    }
    struct secret_key *key = stackcfg_open_key(o->stack, text, true, err, sizeof err);
    char *sealed = NULL;
    if (key)
        sealed = secret_seal(key, d->name, v ? v : p.data, v ? strlen(v) : p.len);
    secret_key_free(key);
    secret_plain_free(&p);
    if (!sealed) {
        fprintf(stderr, "domec %s: %s\n", o->cmd, key ? "cannot seal the value" : err);
        return 2;
    }
    *src = stackfile_secret_src(sealed);
    free(sealed);
    return *src ? 0 : 2;
}

/* config_value_src: see cli/cmd/config_value.h. */
int config_value_src(const struct opts *o, const struct stackfile_decl *d, const char *value,
                     char **text, char **src)
{
    bool is_secret = d->is_secret;
    if (is_secret && !o->secret) {
        fprintf(stderr,
                "domec %s: config '%s' is a secret and must be sealed\n  help: add "
                "--secret (leave the value out to type it or pipe it on stdin)\n",
                o->cmd, d->name);
        return 1;
    }
    if (!is_secret && o->secret) {
        fprintf(stderr,
                "domec %s: config '%s' is declared `%s`, not `secret`\n  help: drop "
                "--secret, or declare it `config %s: secret`\n",
                o->cmd, d->name, d->type, d->name);
        return 1;
    }
    if (is_secret)
        return sealed_src(o, d, value, text, src);
    return plain_src(o, d, value, src);
}

static int reveal(const struct opts *o, const char *key, const char *sealed, char **text)
{
    char err[512];
    if (!sealed) {
        fprintf(stderr,
                "domec %s: config '%s' is not a sealed value: secret() holds one "
                "\"v1:...\" string\n",
                o->cmd, key);
        return 1;
    }
    struct secret_key *k = stackcfg_open_key(o->stack, text, false, err, sizeof err);
    struct secret_plain p = {0};
    if (!k || secret_unseal(k, key, sealed, &p, err, sizeof err) < 0) {
        fprintf(stderr, "domec %s: %s\n", o->cmd, err);
        secret_key_free(k);
        return 2; /* a credential (the passphrase or key file), not the input */
    }
    fwrite(p.data, 1, p.len, stdout);
    fputc('\n', stdout);
    secret_plain_free(&p);
    secret_key_free(k);
    return 0;
}

/* config_value_json: see cli/cmd/config_value.h. */
cJSON *config_value_json(const struct stackfile_value *v)
{
    cJSON *j;
    switch (v->kind) {
    case STACKFILE_SECRET:
        j = cJSON_CreateObject();
        cJSON_AddBoolToObject(j, "secret", true);
        return j;
    case STACKFILE_STRING:
        return cJSON_CreateString(v->text);
    case STACKFILE_INT:
        return cJSON_CreateNumber((double)v->i);
    case STACKFILE_BOOL:
        return cJSON_CreateBool(v->b);
    case STACKFILE_LIST:
        j = cJSON_CreateArray();
        for (size_t i = 0; j && i < v->n_items; i++)
            cJSON_AddItemToArray(j, config_value_json(&v->items[i]));
        return j;
    default:
        return cJSON_CreateString(v->src);
    }
}

/* config_print_value: see cli/cmd/config_value.h. */
int config_print_value(const struct opts *o, const struct stackfile_entry *e, char **text)
{
    const struct stackfile_value *v = &e->value;
    bool sealed = v->kind == STACKFILE_SECRET;
    const char *plain = v->kind == STACKFILE_STRING ? v->text : NULL;
    int rc = 0;
    if (sealed && o->reveal)
        rc = reveal(o, e->key, v->text, text);
    else if (o->json) {
        cJSON *j = config_value_json(v);
        char *s = cJSON_PrintUnformatted(j);
        printf("%s\n", s ? s : "null");
        free(s);
        cJSON_Delete(j);
    } else {
        printf("%s\n", sealed ? "(sensitive)" : plain ? plain : v->src);
    }
    return rc;
}
