/* Providers: one file per resource kind (prov_d1.c, prov_r2.c,
 * prov_vectorize.c, prov_queue.c, prov_worker.c); the collection kinds share
 * their steps (prov_common.c), workers rotate secrets with prov_secrets.c.
 * Each operation is a small
 * step machine so the executor can run many at once on one cf_http: called
 * first with no completion, then once per completion, it either prepares
 * the next request in op->req (PROV_SEND) or finishes (PROV_DONE/PROV_FAIL).
 * A create may have an early step (prov_early_for) that runs before its
 * dependencies have finished and ends with PROV_WAIT: the executor calls
 * the op again with no completion once they have.
 *
 * Ownership: a prov_op owns its entry, request path and body; the executor
 * owns the op. Secret plaintext is only ever in op->body, which is wiped
 * (op->is_secret_body) when the next request replaces it or the op ends. */
#ifndef DOME_PROV_H
#define DOME_PROV_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"
#include "runtime/base/compiler.h"
#include "runtime/net/cf_http.h"
#include "runtime/store/state.h"

struct secret_key;

enum prov_action { PROV_CREATE, PROV_UPDATE, PROV_DELETE, PROV_READ };
enum prov_result { PROV_SEND, PROV_DONE, PROV_FAIL, PROV_WAIT };

/* What every operation of one run shares. */
struct prov_ctx {
    const char *account;           /* Cloudflare account id */
    struct state *st;              /* current state; updated as ops finish */
    const struct ir_program *prog; /* NULL for destroy and refresh */
    const struct secret_key *key;  /* opens worker secrets; may be NULL */
};

struct prov_op {
    enum prov_action action;
    enum ir_kind kind;
    const char *key;       /* "kind.label" (borrowed from the plan or state) */
    long res;              /* IR resource index or -1 */
    bool is_adopt;         /* create: look the name up before creating */
    cJSON *entry;          /* working entry: desired (create/update) or state */
    int stage;             /* step-machine position, 0 at start */
    int index;             /* a loop counter inside a stage */
    bool is_usable;        /* create/update: the resource is in place for what
                              depends on it (a worker's script is uploaded); the
                              steps left (workers.dev, routes, consumers) do not
                              concern its dependents, which may start */
    bool is_gone;          /* read/delete: the resource does not exist (a delete
                              that finds nothing still returns PROV_DONE) */
    bool is_early_sent;    /* create: its early step may have created the resource
                              (answered, lost or a server error; not refused) */
    bool is_created_early; /* create: its early step created it, with what that
                              step sets (a worker's workers.dev switch) */
    struct cf_request req; /* the request in flight */
    char path[1024];
    char *body;
    size_t body_len;
    char ctype[128];
    const char *headers[4]; /* extra headers, NULL-terminated */
    char header_buf[2][160];
    bool is_secret_body; /* body holds secret plaintext: wipe it */
    char error[1024];    /* failure message (Cloudflare code and text) */
};

typedef enum prov_result (*prov_fn)(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c);

/* The kinds with a collection path (D1, R2, Vectorize, Queues) share one
 * step machine (prov_common.c); a kind describes only what is its own. */
enum prov_kind_stage {
    PROV_ST_LOOKUP = 1,
    PROV_ST_CREATED,
    PROV_ST_UPDATED,
    PROV_ST_DELETED,
    PROV_ST_DEL_LOOKUP,
    PROV_ST_READ
};

struct prov_kind {
    const char *path;       /* collection below the account: "/d1/database" */
    const char *id_field;   /* id member of a create answer and of a list item
                               ("uuid"); NULL: addressed by name, the name is the id */
    const char *name_field; /* name member of a list item and a read answer */
    const char *list_query; /* appended to "?name=NAME" when looking up by listing */
    /* the POST body of a create (a new cJSON) */
    cJSON *(*create_body)(const struct prov_op *op);
    /* sends the in-place update (stage PROV_ST_UPDATED) or returns PROV_DONE;
     * NULL: nothing is updatable in place */
    enum prov_result (*update)(const struct prov_kind *k, const struct prov_ctx *ctx,
                               struct prov_op *op);
    /* runs once a create (or an adopting lookup) has the id; NULL: done */
    enum prov_result (*after_create)(const struct prov_kind *k, const struct prov_ctx *ctx,
                                     struct prov_op *op);
    /* copies what a read answer says into the tracked attributes */
    void (*read)(struct prov_op *op, const cJSON *result);
    /* adds the kind's extra headers to every request; may be NULL */
    void (*headers)(struct prov_op *op);
};

/* Listing: refresh reads a kind by listing its collection (every page, at
 * the API's largest page size) instead of one GET per resource. A kind opts
 * in with a struct prov_lister, returned by prov_lister_for (prov.c). The
 * listings of every kind are fetched first (runtime/exec/listing.c), then
 * each state entry is folded from its list item. */
enum prov_paging {
    PROV_PAGE_NONE,   /* one answer holds the whole collection */
    PROV_PAGE_NUMBER, /* ?page=N; result_info says how many pages */
    PROV_PAGE_CURSOR  /* ?cursor=C from result_info.cursor, "" at the end */
};

struct prov_listings;

struct prov_lister {
    const char *path;  /* below the account, with the largest page size:
                          "/d1/database?per_page=10000" */
    const char *array; /* member of result holding the items; NULL: result */
    enum prov_paging paging;
    const char *key_field;  /* item member equal to the state entry's id */
    const char *name_field; /* item member holding the physical name */
    /* fold: the one function a kind writes. Copies what the list item says
     * into op->entry (as a read would) and returns PROV_DONE when that is
     * everything a read compares, or PROV_SEND with the detail read the
     * list cannot replace prepared in op->req (it then runs through
     * prov_for(kind) as a read), or PROV_FAIL. ls holds every kind's
     * listing (a worker finds its queue consumers there). */
    enum prov_result (*fold)(const struct prov_ctx *ctx, struct prov_op *op, const cJSON *item,
                             const struct prov_listings *ls);
    /* predict: true when the entry will still need a detail read after
     * folding (from state alone; for the up-front request count). NULL:
     * never */
    bool (*predict)(const cJSON *entry);
    /* covers: false for an entry this listing cannot show (an R2 bucket in
     * another jurisdiction); it is read one by one. NULL: covers every one */
    bool (*covers)(const cJSON *entry);
};

/* prov_lister_for returns how kind is listed, or NULL when the kind is read
 * one resource at a time. */
const struct prov_lister *prov_lister_for(enum ir_kind kind);

/* prov_listing_find returns the list item of kind whose key field equals
 * key, or NULL (also when kind was not listed completely). */
const cJSON *prov_listing_find(const struct prov_listings *ls, enum ir_kind kind, const char *key);

/* prov_listing_complete is true when kind was listed completely. */
bool prov_listing_complete(const struct prov_listings *ls, enum ir_kind kind);

/* prov_fold_collection folds a list item of a collection kind: the name
 * (for kinds addressed by id) and k->read. Returns PROV_DONE. */
enum prov_result prov_fold_collection(const struct prov_kind *k, struct prov_op *op,
                                      const cJSON *item);

/* prov_kind_step runs one step of op for kind k: create by POST (looked up
 * by name when the answer was lost, or first when adopting), update through
 * k->update, delete (looked up first when the id is unknown; a 404 or a
 * lookup that finds nothing is PROV_DONE with op->is_gone set), read (a 404 marks op->is_gone).
 * Same contract as prov_fn. */
enum prov_result prov_kind_step(const struct prov_kind *k, const struct prov_ctx *ctx,
                                struct prov_op *op, const struct cf_http_completion *c) WARN_UNUSED;

/* prov_kind_send prepares a request of kind k at stage: to the collection,
 * or with is_one to the resource itself (by id, or by name for kinds
 * addressed by name), body consumed (may be NULL), plus the kind's
 * headers. Returns PROV_SEND. */
enum prov_result prov_kind_send(const struct prov_kind *k, const struct prov_ctx *ctx,
                                struct prov_op *op, const char *method, cJSON *body, int stage,
                                bool is_one);

/* prov_for returns the step function for kind (never NULL). */
prov_fn prov_for(enum ir_kind kind);

/* A create's early step: PROV_SEND with its request, or PROV_WAIT when it
 * has none for this op. Its answer goes to prov_for(kind), which returns
 * PROV_WAIT (never PROV_FAIL: a failed early step leaves the work to the
 * op's usual steps). */
typedef enum prov_result (*prov_early_fn)(const struct prov_ctx *ctx, struct prov_op *op);

/* prov_early_for returns kind's early step, or NULL when it has none. Only
 * worth it for a create that would otherwise end with a round trip its
 * dependents do not wait for (a worker's workers.dev switch). */
prov_early_fn prov_early_for(enum ir_kind kind);

/* The descriptions of the collection kinds (prov_d1.c, prov_r2.c,
 * prov_vectorize.c, prov_queue.c, prov_kv.c). */
extern const struct prov_kind prov_d1_kind;
extern const struct prov_kind prov_r2_kind;
extern const struct prov_kind prov_vectorize_kind;
extern const struct prov_kind prov_queue_kind;
extern const struct prov_kind prov_kv_kind;

/* How each listed kind is listed (prov_d1.c, prov_r2.c, prov_vectorize.c,
 * prov_queue.c, prov_kv.c, prov_durable.c, worker_list.c). */
extern const struct prov_lister prov_d1_lister;
extern const struct prov_lister prov_r2_lister;
extern const struct prov_lister prov_vectorize_lister;
extern const struct prov_lister prov_queue_lister;
extern const struct prov_lister prov_kv_lister;
extern const struct prov_lister prov_durable_lister;
extern const struct prov_lister prov_worker_lister;

/* prov_collection steps an op of a collection kind (by op->kind) through
 * prov_kind_step. */
enum prov_result prov_collection(const struct prov_ctx *ctx, struct prov_op *op,
                                 const struct cf_http_completion *c) WARN_UNUSED;

/* prov_durable steps a durable_object op (prov_durable.c). */
enum prov_result prov_durable(const struct prov_ctx *ctx, struct prov_op *op,
                              const struct cf_http_completion *c) WARN_UNUSED;

/* prov_worker steps a worker op, dispatching on op->action. */
enum prov_result prov_worker(const struct prov_ctx *ctx, struct prov_op *op,
                             const struct cf_http_completion *c) WARN_UNUSED;

/* D1 migrations (prov_d1_migrate.c): start sends the first query when
 * the database entry has migrations to run (else PROV_DONE); step handles
 * a completion while prov_d1_is_migrating(op). */
enum prov_result prov_d1_migrate_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;
enum prov_result prov_d1_migrate_step(const struct prov_ctx *ctx, struct prov_op *op,
                                      const struct cf_http_completion *c) WARN_UNUSED;
bool prov_d1_is_migrating(const struct prov_op *op);

/* R2 event notification rules of a bucket (prov_r2_notify.c): start reads
 * the bucket's configuration; for a create or update, step then changes the
 * rules until they are the entry's "notifications", for a read it records
 * them there. is_syncing: op is in these steps. */
enum prov_result prov_r2_notify_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;
enum prov_result prov_r2_notify_step(const struct prov_ctx *ctx, struct prov_op *op,
                                     const struct cf_http_completion *c) WARN_UNUSED;
bool prov_r2_notify_is_syncing(const struct prov_op *op);

/* Vectorize metadata indexes of an index (prov_vec_meta.c), the same way
 * for the entry's "metadata_indexes" ({field: type}). */
enum prov_result prov_vec_meta_start(const struct prov_ctx *ctx, struct prov_op *op) WARN_UNUSED;
enum prov_result prov_vec_meta_step(const struct prov_ctx *ctx, struct prov_op *op,
                                    const struct cf_http_completion *c) WARN_UNUSED;
bool prov_vec_meta_is_syncing(const struct prov_op *op);

/* prov_request prepares a request: method, printf-style path below the
 * account ("/d1/database"), optional JSON body (consumed, may be NULL).
 * Returns PROV_SEND. */
enum prov_result prov_request(const struct prov_ctx *ctx, struct prov_op *op, const char *method,
                              cJSON *json, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* prov_clear_body frees (and wipes, if secret) the op's request body. */
void prov_clear_body(struct prov_op *op);

/* prov_result_of checks a completion: on success returns 0 and sets *result
 * to the envelope's result (borrowed from *doc, which the caller deletes);
 * otherwise fills op->error with the HTTP status and Cloudflare's codes and
 * messages and returns -1. A lost POST, a transport failure or a garbled
 * success (prov_is_garbled) also fails. */
int prov_result_of(struct prov_op *op, const struct cf_http_completion *c, cJSON **doc,
                   cJSON **result) WARN_UNUSED;

/* prov_fail_with fills op->error from a completion and returns PROV_FAIL. */
enum prov_result prov_fail_with(struct prov_op *op, const struct cf_http_completion *c) WARN_UNUSED;

/* prov_is_garbled is true for a 2xx answer whose body is not Cloudflare's
 * JSON envelope (an HTML page from a proxy, a body cut short): whether the
 * request took effect is unknown, as for a lost answer. */
bool prov_is_garbled(const struct cf_http_completion *c);

/* prov_is_404 is true when c is an HTTP 404 answer. */
bool prov_is_404(const struct cf_http_completion *c);

/* prov_attr returns entry.attrs[name], or NULL. */
const cJSON *prov_attr(const cJSON *entry, const char *name);

/* prov_set_id stores id in the working entry. */
void prov_set_id(struct prov_op *op, const char *id);

/* prov_id returns the working entry's id, or NULL. */
const char *prov_id(const struct prov_op *op);

/* prov_name returns the working entry's physical name. */
const char *prov_name(const struct prov_op *op);

/* prov_refresh_attr overwrites entry.attrs[name] with value (consumed) when
 * the state already tracks that attribute; otherwise deletes value. */
void prov_refresh_attr(cJSON *entry, const char *name, cJSON *value);

/* prov_record_read sets entry.attrs[name] to what a read found (value,
 * consumed), or removes it when value is empty: an attribute the program
 * leaves out means none. */
void prov_record_read(cJSON *entry, const char *name, cJSON *value);

/* prov_target_entry returns the state entry of a binding target key. */
const cJSON *prov_target_entry(const struct prov_ctx *ctx, const char *key);

#endif
