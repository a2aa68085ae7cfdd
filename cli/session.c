/* The plumbing every runtime command shares: compile, state + lock +
 * journal folding, secrets key, credentials and transport. The only runtime
 * file that calls lang/ (through lang.h's entry points). */
#include "cli/session.h"
#include "cli/term.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sodium.h>

#include "lang/lang.h"
#include "runtime/exec/references.h"
#include "runtime/providers/account.h"
#include "runtime/providers/account_async.h"
#include "runtime/store/journal.h"
#include "runtime/store/paths.h"
#include "cli/key_async.h"
#include "cli/passphrase.h"
#include "runtime/secrets/secret.h"

#define DEFAULT_BASE_URL "https://api.cloudflare.com/client/v4"

/* session_load: see session.h. */
int session_load(struct session *s)
{
    int n_errors = 0;
    struct lang_options opt = {s->cl->dir, s->cl->stack, stderr, term_color(2)};
    s->unit = lang_load(&opt, &n_errors);
    s->prog = n_errors == 0 ? lang_ir(s->unit) : NULL;
    if (!s->prog) {
        fprintf(stderr, "domec %s: the program has errors; nothing was changed\n", s->command);
        return 1;
    }
    return 0;
}

/* session_state: see session.h. */
int session_state(struct session *s, bool lock)
{
    char err[1024];
    struct store *store = opts_store(s->cl);
    if (!store)
        return -1;
    if (lock && lock_take(&s->lk, store, s->cl->stack, s->command, s->cl->lock_wait_s, err,
                          sizeof err) != 0) {
        fprintf(stderr, "domec %s: %s\n", s->command, err);
        return -1;
    }
    if (state_open_in(&s->st, store, s->cl->stack, err, sizeof err) != 0) {
        fprintf(stderr, "domec %s: %s\n", s->command, err);
        state_close(&s->st);
        return -1;
    }
    s->has_state = true;
    s->n_folded = journal_fold(&s->st, err, sizeof err);
    if (s->n_folded < 0) {
        fprintf(stderr, "domec %s: %s\n", s->command, err);
        return -1;
    }
    return 0;
}

/* session_moves: see session.h. */
int session_moves(struct session *s)
{
    char err[1024];
    if (plan_moves_apply(&s->st, s->prog, &s->moves, err, sizeof err) != 0) {
        fprintf(stderr, "domec %s: %s\n", s->command, err);
        return -1;
    }
    return 0;
}

static void report_reference(void *arg, long res, const char *msg)
{
    session_report(arg, res, msg);
}

/* session_references: see session.h. */
int session_references(struct session *s)
{
    if (references_count(s->prog) == 0) {
        (void)references_forget(&s->st, s->prog);
        return 0;
    }
    /* a background account check (apply) is waited for first, so a bad
     * token or account is reported as such, not as a failed lookup */
    if (session_http(s) != 0 || session_verify(s) != 0)
        return 2;
    struct prov_ctx ctx = {s->account, &s->st, s->prog, s->key};
    int n = references_resolve(&ctx, s->http, report_reference, s);
    if (n > 0)
        fprintf(stderr, "domec %s: %d existing resource%s not found\n", s->command, n,
                n == 1 ? "" : "s");
    return n > 0 ? 1 : 0;
}

static bool has_secrets(const struct ir_program *prog)
{
    for (size_t i = 0; prog && i < prog->n_resources; i++)
        for (size_t k = 0; k < prog->resources[i].n_bindings; k++)
            if (prog->resources[i].bindings[k].type == IR_BIND_SECRET_TEXT)
                return true;
    return false;
}

/* session_key_begin: see session.h. */
int session_key_begin(struct session *s)
{
    if (!has_secrets(s->prog) || s->key_job)
        return 0;
    if (sodium_init() < 0) {
        fprintf(stderr, "domec %s: libsodium failed to initialise\n", s->command);
        return -1;
    }
    struct passphrase_stack ps = {s->cl->stack, s->prog->secrets_salt, s->prog->secrets_check};
    s->key_job = key_async_begin(&ps);
    return 0;
}

/* session_key: see session.h. */
int session_key(struct session *s)
{
    char err[512];
    if (!has_secrets(s->prog) || s->key)
        return 0;
    if (session_key_begin(s) != 0)
        return -1;
    s->key = key_async_end(s->key_job, err, sizeof err);
    s->key_job = NULL;
    if (!s->key) {
        fprintf(stderr,
                "domec %s: cannot open the secrets of stack '%s': %s\n"
                "  help: set DOME_PASSPHRASE or DOME_SECRETS_KEY_FILE\n",
                s->command, s->cl->stack, err);
        return -1;
    }
    return 0;
}

static void trace(void *user, const char *line)
{
    (void)user;
    fprintf(stderr, "%s\n", line);
}

static int credentials(struct session *s, const char **token)
{
    *token = getenv("CLOUDFLARE_API_TOKEN");
    const char *acct = getenv("CLOUDFLARE_ACCOUNT_ID");
    if (!acct || !acct[0])
        acct = s->prog ? s->prog->account_id : NULL;
    if (!*token || !(*token)[0]) {
        fprintf(stderr,
                "domec %s: CLOUDFLARE_API_TOKEN is not set\n"
                "  help: create an API token in the Cloudflare dashboard and "
                "export CLOUDFLARE_API_TOKEN=<token>\n",
                s->command);
        return -1;
    }
    if (!acct || !acct[0]) {
        fprintf(stderr,
                "domec %s: no Cloudflare account id\n"
                "  help: export CLOUDFLARE_ACCOUNT_ID=<32-hex id> or declare "
                "`config account_id` in the program\n",
                s->command);
        return -1;
    }
    snprintf(s->account, sizeof s->account, "%s", acct);
    return 0;
}

/* refused: the account check said no (err says why); -1 */
static int refused(struct session *s, const char *err)
{
    fprintf(stderr, "domec %s: %s\n  nothing was changed\n", s->command, err);
    return -1;
}

/* open_http: the transport from the credentials; starts the account check
 * in the background when is_background, else checks before returning */
static int open_http(struct session *s, bool is_background)
{
    const char *token;
    char err[2048];
    if (s->http)
        return 0; /* made already (apply, then its references) */
    if (credentials(s, &token) != 0)
        return -1;
    const char *base = getenv("CLOUDFLARE_API_BASE_URL");
    char url[1024];
    snprintf(url, sizeof url, "%s", base && base[0] ? base : DEFAULT_BASE_URL);
    size_t n = strlen(url);
    while (n > 0 && url[n - 1] == '/')
        url[--n] = '\0';
    char *dome = dome_dir(s->cl->dir), *shared = dome_budget_file(dome);
    struct cf_http_config cfg = {.base_url = url,
                                 .token = token,
                                 .parallel = s->cl->parallel,
                                 .budget_requests = s->cl->budget.requests,
                                 .budget_window_s = s->cl->budget.window_s,
                                 .budget_file = shared,
                                 .max_retries = -1,
                                 .trace = s->cl->verbose ? trace : NULL};
    s->http = cf_http_new(&cfg, err, sizeof err);
    if (s->http && is_background)
        s->check = account_check_begin(&cfg, s->account, err, sizeof err);
    free(shared);
    free(dome);
    if (!s->http || (is_background && !s->check)) {
        fprintf(stderr, "domec %s: %s\n", s->command, err);
        return -1;
    }
    if (is_background)
        return 0;
    return account_check(s->http, s->account, err, sizeof err) == ACCOUNT_OK ? 0 : refused(s, err);
}

/* session_http: see session.h. */
int session_http(struct session *s)
{
    return open_http(s, false);
}

/* session_http_begin: see session.h. */
int session_http_begin(struct session *s)
{
    return open_http(s, true);
}

/* session_check_answer: see session.h. */
int session_check_answer(struct session *s, bool wait, char *err, size_t err_len)
{
    if (!s->check)
        return 0;
    if (!wait && !account_check_done(s->check))
        return 1;
    enum account_check r = account_check_end(s->check, s->http, err, err_len);
    s->check = NULL;
    return r == ACCOUNT_OK ? 0 : -1;
}

/* session_verify: see session.h. */
int session_verify(struct session *s)
{
    char err[2048];
    return session_check_answer(s, true, err, sizeof err) == 0 ? 0 : refused(s, err);
}

/* session_report: see session.h. */
void session_report(struct session *s, long res, const char *msg)
{
    if (s->unit && s->prog && res >= 0 && (size_t)res < s->prog->n_resources)
        lang_report(s->unit, "error", s->prog->resources[res].span, msg, NULL);
    else
        fprintf(stderr, "error: %s\n", msg);
}

/* session_confirm: see session.h. */
bool session_confirm(struct session *s, const char *question)
{
    char line[64];
    if (s->cl->yes)
        return true;
    if (!isatty(0)) {
        fprintf(stderr,
                "domec %s: refusing to change the stack without confirmation\n"
                "  help: stdin is not a terminal; pass --yes to proceed\n",
                s->command);
        return false;
    }
    fprintf(stderr, "%s [y/N] ", question);
    fflush(stderr);
    if (!fgets(line, sizeof line, stdin))
        return false;
    return line[0] == 'y' || line[0] == 'Y';
}

/* session_close: see session.h. */
void session_close(struct session *s)
{
    char err[2048];
    if (s->check)
        (void)account_check_end(s->check, NULL, err, sizeof err);
    if (s->http)
        cf_http_free(s->http);
    if (s->key_job)
        key_async_drop(s->key_job);
    secret_key_free(s->key);
    if (s->has_state)
        state_close(&s->st);
    lock_release(&s->lk);
    if (s->unit)
        lang_unit_free(s->unit);
    plan_moves_free(&s->moves);
    memset(s, 0, sizeof *s);
}
