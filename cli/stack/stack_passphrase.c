/* domec stack change-passphrase: re-seals every secret of a stack under a new
 * passphrase (new salt, new key check) and writes the stack file in one
 * atomic replace; the keyed hashes in state are recomputed so the next
 * preview shows no change. Old passphrase: DOME_PASSPHRASE (or the key file,
 * or a prompt); new one: DOME_NEW_PASSPHRASE or a prompt asked twice. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/stack/stack_cmds.h"
#include "cli/stack/stack_common.h"
#include "cli/commands.h"
#include "cli/passphrase.h"
#include "lang/stackfile.h"
#include "runtime/secrets/secret.h"
#include "cli/stackfile/stackcfg.h"
#include "runtime/base/xalloc.h"

struct reseal {
    struct secret_key *old_key, *new_key;
    struct secret_plain *plain; /* opened values, one per secret entry */
    const char **names;
    size_t n;
};

static struct secret_key *new_key(const char *stack, char **salt, char *err, size_t n)
{
    char prompt[160];
    struct secret_plain p = {0};
    snprintf(prompt, sizeof prompt, "New passphrase for stack '%s': ", stack);
    if (passphrase_read("DOME_NEW_PASSPHRASE", prompt, true, &p, err, n) < 0)
        return NULL;
    *salt = secret_salt_new();
    struct secret_key *k = *salt ? secret_key_from_passphrase(p.data, *salt, err, n) : NULL;
    secret_plain_free(&p);
    return k;
}

/* Re-seals one `secret("v1:...")` entry of *text under the new key. */
static int reseal_entry(struct reseal *r, char **text, const struct stackfile_entry *e, char *err,
                        size_t n)
{
    struct secret_plain *p = &r->plain[r->n];
    if (!e->value.text)
        return snprintf(err, n,
                        "config '%s' is not a sealed value: secret() holds one "
                        "\"v1:...\" string",
                        e->key),
               -1;
    if (secret_unseal(r->old_key, e->key, e->value.text, p, err, n) < 0)
        return -1;
    r->names[r->n++] = e->key;
    char *resealed = secret_seal(r->new_key, e->key, p->data, p->len);
    char *src = resealed ? stackfile_secret_src(resealed) : NULL;
    char *t = src ? stackfile_set(*text, strlen(*text), "config", e->key, src) : NULL;
    free(resealed);
    free(src);
    if (!t)
        return snprintf(err, n, "cannot re-seal '%s'", e->key), -1;
    free(*text);
    *text = t;
    return 0;
}

/* Replaces each secret binding hash made with the old key by the new key's. */
static void rehash_state(const struct reseal *r, struct state *st)
{
    const cJSON *e, *b;
    cJSON_ArrayForEach(e, state_resources(st))
    {
        const cJSON *attrs = cJSON_GetObjectItemCaseSensitive(e, "attrs");
        cJSON_ArrayForEach(b, cJSON_GetObjectItemCaseSensitive(attrs, "bindings"))
        {
            cJSON *h = cJSON_GetObjectItemCaseSensitive(b, "hash");
            const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(b, "name"));
            for (size_t i = 0; cJSON_IsString(h) && name && i < r->n; i++) {
                char *old = secret_hash(r->old_key, name, &r->plain[i]);
                char *neu = old && !strcmp(old, h->valuestring)
                                ? secret_hash(r->new_key, name, &r->plain[i])
                                : NULL;
                if (neu)
                    cJSON_SetValuestring(h, neu);
                free(old);
                free(neu);
            }
        }
    }
}

/* Re-seals every secret entry of sf (the parsed *text) into *text and sets
 * the new salt and check. */
static int reseal_all(struct reseal *r, struct stackfile *sf, char **text, const char *salt,
                      char *err, size_t n)
{
    const struct stackfile_entry *list;
    size_t cnt = stackfile_entries(sf, "config", &list);
    r->plain = xcalloc(cnt + 1, sizeof *r->plain);
    r->names = xcalloc(cnt + 1, sizeof *r->names);
    int rc = !r->plain || !r->names ? -1 : 0;
    if (rc < 0)
        snprintf(err, n, "out of memory");
    for (size_t i = 0; rc == 0 && i < cnt; i++)
        if (list[i].value.kind == STACKFILE_SECRET)
            rc = reseal_entry(r, text, &list[i], err, n);
    for (size_t i = 0; i < r->n; i++) /* names pointed into sf */
        r->names[i] = NULL;
    char *check = rc == 0 ? secret_check_new(r->new_key) : NULL;
    if (rc == 0 && (!check || stackcfg_set_encryption(text, salt, check) < 0)) {
        snprintf(err, n, "cannot update the encryption block");
        rc = -1;
    }
    free(check);
    return rc;
}

static void reseal_free(struct reseal *r)
{
    for (size_t i = 0; r->plain && i < r->n; i++)
        secret_plain_free(&r->plain[i]);
    free(r->plain);
    free(r->names);
    secret_key_free(r->old_key);
    secret_key_free(r->new_key);
}

/* Writes the stack file, then the state with recomputed hashes. */
static int commit(const struct opts *o, const struct reseal *r, const char *text)
{
    char err[512];
    struct lock lk = {0};
    struct state st;
    if (stack_open_locked("stack change-passphrase", o, o->stack, &lk, &st) != 0)
        return 2;
    int rc = stackcfg_store(o->dir, o->stack, text, err, sizeof err);
    if (rc != 0)
        fprintf(stderr, "domec stack change-passphrase: %s (nothing changed)\n", err);
    else if (stack_count_resources(&st) > 0) {
        rehash_state(r, &st);
        rc = stack_save("stack change-passphrase", &st);
    }
    state_close(&st);
    lock_release(&lk);
    return rc == 0 ? 0 : 2;
}

/* stack_change_passphrase: see cli/commands.def. */
int stack_change_passphrase(struct opts *o)
{
    int rc;
    char err[512], *text = NULL, *salt = NULL;
    bool exists;
    struct reseal r = {0};
    struct stackfile *sf = NULL;
    if (stackcfg_load(o->dir, o->stack, &text, &exists, err, sizeof err) == 0 && exists)
        sf = stackcfg_parse(o->cmd, o->dir, o->stack, text);
    if (exists && !sf) {
        rc = 1; /* syntax errors: reported, the file left alone */
    } else if (!exists ||
               !(r.old_key = stackcfg_open_key(o->stack, &text, false, err, sizeof err)) ||
               !(r.new_key = new_key(o->stack, &salt, err, sizeof err))) {
        /* no stack file, or a passphrase that does not open it: credentials */
        fprintf(stderr, "domec stack change-passphrase: %s\n",
                exists || !text ? err : "the stack has no stack file");
        rc = 2;
    } else if (reseal_all(&r, sf, &text, salt, err, sizeof err) < 0) {
        fprintf(stderr, "domec stack change-passphrase: %s\n", err);
        rc = 1;
    } else if ((rc = commit(o, &r, text)) == 0) {
        printf("re-sealed %zu secret%s of stack '%s' under the new passphrase\n", r.n,
               r.n == 1 ? "" : "s", o->stack);
    }
    reseal_free(&r);
    stackfile_free(sf);
    free(salt);
    free(text);
    return rc;
}
