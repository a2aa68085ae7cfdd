/* domec import kind.label ID: adopts one existing Cloudflare resource into a
 * stack's state and prints the matching .dome block. domec import --discover
 * adopts the whole account and prints a program for it. Both read through
 * the providers, so the next preview of the printed program shows no change. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/cmd/import_wrangler.h"
#include "cli/stack/stack_common.h"
#include "runtime/import/import.h"
#include "runtime/store/fsutil.h"
#include "runtime/model/kind.h"
#include "cli/session.h"
#include "lang/fmt.h"
#include "runtime/base/xalloc.h"

struct run {
    const struct opts *o;
    struct session s;
    struct lock lk;
    struct state st;  /* the stack's state (locked) */
    struct state tmp; /* entries being read */
};

/* tmp starts as a copy of the state with every entry marked pending, so
 * binding targets resolve against it but only new stubs are read. */
static void tmp_init(struct run *r, bool copy)
{
    state_close(&r->tmp);
    stack_copy_state(&r->tmp, copy ? &r->st : NULL);
    cJSON *e;
    cJSON_ArrayForEach(
        e, state_resources(&r->tmp)) if (!cJSON_GetObjectItemCaseSensitive(e, "pending"))
        cJSON_AddStringToObject(e, "pending", "import");
}

static int start(struct run *r, const struct opts *o)
{
    r->o = o;
    r->s.cl = o;
    r->s.command = "import";
    if (session_http(&r->s) != 0)
        return 2;
    if (stack_open_locked("import", o, o->stack, &r->lk, &r->st) != 0)
        return 2;
    return 0;
}

static void finish(struct run *r)
{
    state_close(&r->st);
    state_close(&r->tmp);
    lock_release(&r->lk);
    session_close(&r->s);
}

/* Reads the stubs in tmp; fetches worker code. Returns failures. */
static int read_all(struct run *r, char ***mains)
{
    struct prov_ctx ctx = {r->s.account, &r->tmp, NULL, NULL};
    char *errors = NULL, err[512];
    int failed = import_read(&ctx, r->s.http, &errors);
    import_consumers(&ctx, r->s.http);
    if (errors)
        fprintf(stderr, "domec import: cannot import:\n%s", errors);
    free(errors);
    cJSON *e;
    size_t n = (size_t)cJSON_GetArraySize(state_resources(&r->tmp)), i = 0;
    *mains = xcalloc(n + 1, sizeof **mains);
    cJSON_ArrayForEach(e, state_resources(&r->tmp))
    {
        const char *kind = state_str(e, "kind");
        if (!cJSON_GetObjectItemCaseSensitive(e, "pending") && kind && !strcmp(kind, "worker") &&
            *mains &&
            import_worker_code(&ctx, r->s.http, r->o->dir, e, &(*mains)[i], err, sizeof err) != 0) {
            fprintf(stderr, "domec import: %s: %s\n", e->string, err);
            failed++;
        }
        i++;
    }
    return failed;
}

/* Prints text in the formatter's canonical layout (as is if it fails). */
/* append_blocks: import --write FILE adds the blocks to the program itself,
 * so nothing adopted is ever in the state without its declaration. */
static int append_blocks(const struct opts *o, const char *blocks)
{
    char *path = o->write_file[0] == '/' ? xstrdup(o->write_file) : fs_join(o->dir, o->write_file);
    FILE *f = fopen(path, "a");
    int rc = f && fprintf(f, "\n%s", blocks) >= 0 ? 0 : -1;
    if (f && fclose(f) != 0)
        rc = -1;
    if (rc != 0)
        fprintf(stderr, "domec import: cannot append to '%s': %s; nothing was imported\n", path,
                strerror(errno));
    else
        fprintf(stderr, "domec import: appended to %s\n", path);
    free(path);
    return rc;
}

/* print_formatted prints the blocks (and with --write appends them); -1
 * when --write failed. */
static int print_formatted(const struct opts *o, const char *text, size_t len)
{
    char *f = fmt_source("import", text, len, NULL);
    fputs(f ? f : text, stdout);
    int rc = o->write_file ? append_blocks(o, f ? f : text) : 0;
    free(f);
    return rc;
}

/* Moves every non-pending entry of tmp into the state, printing blocks. */
static int adopt(struct run *r, char **mains)
{
    cJSON *e;
    size_t i = 0, n = 0, len = 0;
    char *text = NULL;
    FILE *out = open_memstream(&text, &len);
    if (!out)
        return 2;
    cJSON_ArrayForEach(e, state_resources(&r->tmp))
    {
        if (!cJSON_GetObjectItemCaseSensitive(e, "pending")) {
            if (n++)
                fputc('\n', out);
            import_print_block(out, e, mains ? mains[i] : NULL);
            state_put(&r->st, e->string, cJSON_Duplicate(e, 1));
        }
        i++;
    }
    fclose(out);
    int written = n > 0 ? print_formatted(r->o, text, len) : 0;
    free(text);
    if (written != 0)
        return 2;
    return n == 0 ? 1 : stack_save("import", &r->st) == 0 ? 0 : 2;
}

static void free_mains(char **mains, const struct state *tmp)
{
    int n = cJSON_GetArraySize(state_resources(tmp));
    for (int i = 0; mains && i < n; i++)
        free(mains[i]);
    free(mains);
}

/* import kind.label ID */
static int import_one(struct run *r, const char *addr, const char *id)
{
    char kind[32];
    enum ir_kind k;
    const char *dot = strchr(addr, '.');
    snprintf(kind, sizeof kind, "%.*s", dot ? (int)(dot - addr) : 0, addr);
    if (!dot || !dot[1] || kind_parse(kind, &k) != 0) {
        fprintf(stderr,
                "domec import: '%s' is not a resource address\n  help: write "
                "kind.label, e.g. database.meta (kinds: database bucket index queue "
                "worker)\n",
                addr);
        return 2;
    }
    if (state_get(&r->st, addr)) {
        fprintf(stderr,
                "domec import: %s is already in the state of stack '%s'\n  help: "
                "`domec state rm %s` first to import it again\n",
                addr, r->o->stack, addr);
        return 1;
    }
    const cJSON *t;
    cJSON_ArrayForEach(t, state_resources(&r->st))
    {
        const char *tk = state_str(t, "kind"), *tid = state_str(t, "id");
        if (tk && tid && !strcmp(tk, kind) && !strcmp(tid, id)) {
            fprintf(stderr,
                    "domec import: %s is already tracked as %s in stack '%s'\n  help: "
                    "`domec state mv %s %s` renames it instead\n",
                    id, t->string, r->o->stack, t->string, addr);
            return 1;
        }
    }
    tmp_init(r, true);
    bool by_id = k == IR_DATABASE || k == IR_QUEUE || k == IR_KV;
    state_put(&r->tmp, addr, import_stub(k, dot + 1, id, by_id ? NULL : id));
    char **mains = NULL;
    int rc = read_all(r, &mains) > 0 ? 1 : adopt(r, mains);
    free_mains(mains, &r->tmp);
    if (rc == 0)
        fprintf(stderr,
                "imported %s (%s) into stack '%s'; add the block above to the "
                "program\n",
                addr, id, r->o->stack);
    return rc;
}

/* import --discover */
static int import_discover(struct run *r)
{
    char err[512];
    if (stack_count_resources(&r->st) > 0 && !r->o->force) {
        fprintf(stderr,
                "domec import --discover: stack '%s' already has resources\n  help: "
                "discover into a new stack, or add --force to add the rest\n",
                r->o->stack);
        return 1;
    }
    tmp_init(r, true);
    struct prov_ctx ctx = {r->s.account, &r->tmp, NULL, NULL};
    struct state found;
    stack_copy_state(&found, NULL);
    long n = discover_list(&ctx, r->s.http, &found, err, sizeof err);
    cJSON *e;
    cJSON_ArrayForEach(e, state_resources(&found))
    {
        const char *id = state_str(e, "id");
        bool tracked = false;
        const cJSON *t;
        cJSON_ArrayForEach(t, state_resources(&r->st)) tracked |=
            id && state_str(t, "id") && !strcmp(state_str(t, "id"), id);
        if (!tracked && !state_get(&r->tmp, e->string))
            state_put(&r->tmp, e->string, cJSON_Duplicate(e, 1));
    }
    state_close(&found);
    if (n < 0) {
        fprintf(stderr, "domec import --discover: %s\n", err);
        return 2;
    }
    char **mains = NULL;
    int failed = read_all(r, &mains);
    printf("# Discovered by `domec import --discover --stack %s`.\n\n", r->o->stack);
    int rc = adopt(r, mains);
    free_mains(mains, &r->tmp);
    fprintf(stderr, "discovered %ld resources; %d could not be read\n", n, failed);
    return rc == 1 ? 0 : rc ? rc : failed ? 1 : 0;
}

/* cmd_import: `domec import kind.label ID` and `domec import --discover`. */
int cmd_import(struct opts *o)
{
    int rc;
    if (o->from_wrangler.n > 0 && (o->discover || o->n_pos != 0)) {
        fprintf(stderr, "domec import: --from-wrangler takes no address and not --discover\n  ");
        args_usage_line(stderr, o->id);
        return 2;
    }
    if (o->from_wrangler.n > 0)
        return import_from_wrangler(o);
    if (o->discover ? o->n_pos != 0 : o->n_pos != 2) {
        fprintf(stderr, "domec import: %s\n  ",
                o->discover ? "--discover takes no address" : "give kind.label and the ID");
        args_usage_line(stderr, o->id);
        return 2;
    }
    struct run r;
    memset(&r, 0, sizeof r);
    if ((rc = start(&r, o)) == 0)
        rc = o->discover ? import_discover(&r) : import_one(&r, o->pos[0], o->pos[1]);
    finish(&r);
    return rc;
}
