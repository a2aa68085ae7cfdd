/* One runtime command's resources: the loaded program (lang), the stack's
 * state and lock, the secrets key, the HTTP transport. Functions print
 * their own errors to stderr (with a hint) and return -1 on failure. */
#ifndef DOME_SESSION_H
#define DOME_SESSION_H

#include <stdbool.h>

#include "lang/ir.h"
#include "runtime/net/cf_http.h"
#include "cli/args.h"
#include "runtime/store/lock.h"
#include "runtime/plan/moves.h"
#include "runtime/store/state.h"

struct lang_unit;
struct secret_key;
struct account_async;
struct key_async;

struct session {
    const struct opts *cl;  /* the command's parsed options (cli/args.h) */
    const char *command;    /* "apply", ... */
    struct lang_unit *unit; /* NULL until session_load */
    const struct ir_program *prog;
    struct state st;
    bool has_state;
    struct lock lk;
    struct secret_key *key;    /* NULL when the program has no secrets */
    struct key_async *key_job; /* the key being derived (session_key_begin) */
    struct cf_http *http;
    struct account_async *check; /* the account check under way (session_http_begin) */
    char account[128];
    int n_folded;            /* journal records folded into state */
    struct plan_moves moves; /* state entries moved by session_moves */
    bool json_reported;      /* the command's --json output already holds its failure */
};

/* session_load compiles cl->dir for cl->stack. Returns 0, or 1 when the
 * program has errors (already printed). */
int session_load(struct session *s);

/* session_state opens the state (locking it first when lock is set) and
 * folds any journal left by an interrupted run. Returns 0 or -1. */
int session_state(struct session *s, bool lock);

/* session_moves hands state entries to their new addresses (moved blocks,
 * relabels that keep the physical name; runtime/plan/moves.h) in memory,
 * before planning. Returns 0, or -1 after printing why. */
int session_moves(struct session *s);

/* session_references looks up the resources the program refers to with
 * `existing` (runtime/exec/references.h) into the state in memory, making
 * the transport when there is one to look up. Returns 0; 1 when one is not
 * found (each printed against its block, a program error); 2 without
 * credentials. */
int session_references(struct session *s);

/* session_key opens the stack's secrets key when the program has secrets
 * (waiting for the one session_key_begin started). Returns 0 or -1. */
int session_key(struct session *s);

/* session_key_begin starts deriving the key in the background, to overlap
 * session_state; session_key then waits for it. Returns 0 or -1. */
int session_key_begin(struct session *s);

/* session_http (once; later calls keep the first) makes the transport from CLOUDFLARE_API_TOKEN,
 * CLOUDFLARE_ACCOUNT_ID (or the program's account_id) and
 * CLOUDFLARE_API_BASE_URL, and checks once that the token can use the
 * account. Returns 0 or -1 (after printing which variable is missing or
 * wrong; commands exit 2). */
int session_http(struct session *s);

/* session_http_begin is session_http with the account check started in the
 * background (its round trip overlaps the run's local work); the command
 * calls session_verify before it sends any request. */
int session_http_begin(struct session *s);

/* session_verify waits for the check session_http_begin started. Returns 0,
 * or -1 after printing why the token or account was refused (exit 2). */
int session_verify(struct session *s);

/* session_check_answer is session_verify without printing: 0 when the
 * check passed (or none runs), -1 when it failed (err says why), 1 while
 * it has no answer yet (only when wait is false). */
int session_check_answer(struct session *s, bool wait, char *err, size_t err_len);

/* session_report prints an error against the source span of resource res
 * (or plainly when there is no program). */
void session_report(struct session *s, long res, const char *msg);

/* session_confirm asks "question [y/N]" on a terminal; with --yes answers
 * yes; without a terminal refuses (printing why). Returns true for yes. */
bool session_confirm(struct session *s, const char *question);

/* session_close releases everything (lock included). */
void session_close(struct session *s);

#endif
