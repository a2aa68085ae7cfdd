/* cfemu: shared types of the local Cloudflare API v4 emulator.
 * One struct emu holds all server state; one mutex (emu.mu) guards it,
 * and each open D1 database has its own lock for the SQL it runs (so a
 * slow query holds up nobody else). Nothing here is shared with lang/,
 * runtime/ or stdlib/. */
#ifndef CFEMU_EMU_H
#define CFEMU_EMU_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cjson/cJSON.h>

struct MHD_Connection;
struct sqlite3;
struct emu;
struct resp;

#define EMU_MAX_LIST    32 /* tokens, accounts, fault paths */
#define EMU_MAX_HEADERS 12 /* extra response headers */
#define EMU_MAX_SEGS    16 /* path segments */

/* Command-line options; strings point into argv. */
struct emu_opts {
    int port;
    const char *port_file;
    const char *tokens[EMU_MAX_LIST];
    int n_tokens;
    const char *accounts[EMU_MAX_LIST];
    int n_accounts;
    const char *data_dir; /* NULL = in memory */
    const char *log_path; /* NULL = no request log */
    int latency_ms, jitter_ms;
    double fail_rate, drop_rate; /* 0..1 */
    double garble_rate;          /* 0..1: a 2xx answer replaced by an HTML page */
    int rl_count, rl_window_s;   /* rate limit per token */
    int ip_rate;                 /* requests per second per client address; 0: none */
    uint64_t seed;
    bool has_seed;
    const char *fault_paths[EMU_MAX_LIST];
    int n_fault_paths;
    const char *fault_methods[EMU_MAX_LIST]; /* --fault-method: only these get faults */
    int n_fault_methods;
    int d1_timeout_ms;        /* a D1 query is interrupted after this */
    int max_conns;            /* open connections, all clients */
    int max_conns_per_client; /* open connections from one address */
    int idle_timeout_s;       /* close a connection idle this long */
};

/* Per-address one-second window of the per-IP limit. */
struct emu_ip_window {
    char addr[48]; /* "" = free slot */
    double start;  /* seconds since epoch when the window opened */
    int count;
};

/* Rate-limit window of one token (index = token index). */
struct emu_window {
    double start; /* seconds since epoch when the window opened; 0 = none */
    int count;    /* requests counted in this window */
};

/* What the SQLite authorizer and progress handler of one D1 database see
 * (d1_sql.c). Touched only by the thread holding the database's run lock. */
struct d1_guard {
    bool active;                 /* a client's statement is being prepared or run:
                                    refuse what D1 refuses, enforce the deadline */
    double deadline;             /* CLOCK_MONOTONIC seconds */
    const atomic_bool *stopping; /* &emu.stopping: interrupt at shutdown */
    bool timed_out;              /* the progress handler interrupted the query */
};

/* An open SQLite handle backing one D1 database. Invariants: next, users,
 * dropped, num_tables and file_size are touched with emu.mu held; db and
 * guard only with run held (or emu.mu while users == 0). A dropped handle
 * is off the emu.dbs list and is closed by its last user. */
struct emu_db {
    char uuid[40];
    struct sqlite3 *db;
    pthread_mutex_t run; /* held while SQL runs on db */
    int users;           /* requests that hold this handle */
    bool dropped;
    double num_tables, file_size; /* as of the last query */
    struct d1_guard guard;
    struct emu_db *next;
};

/* The whole server. Invariant: state, dbs, windows, fault_n and the log
 * are only touched with mu held. */
struct emu {
    struct emu_opts o;
    pthread_mutex_t mu;
    atomic_bool stopping; /* set once SIGTERM/SIGINT arrived */
    cJSON *state;         /* {"seq": n, "accounts": {id: {...}}} */
    struct emu_db *dbs;
    struct emu_window windows[EMU_MAX_LIST];
    struct emu_ip_window ip_windows[EMU_MAX_LIST];
    uint64_t fault_n; /* fault draws so far */
    void *log;        /* FILE *, NULL when --log is not given */
};

/* One parsed request (valid during one call of the access handler). */
struct req {
    struct MHD_Connection *conn;
    const char *method;
    const char *url;          /* full path, e.g. /client/v4/accounts/... */
    char *segs[EMU_MAX_SEGS]; /* path segments below /client/v4 */
    int n_segs;
    const char *body;
    size_t body_len;
    const char *account; /* segs[1] when the path is accounts/{id}/... */
    int token_index;     /* index into o.tokens, -1 when unauthenticated */
};

struct resp_header {
    char name[48];
    char value[96];
};

/* Work a handler leaves for after emu.mu is released (a D1 query), so a
 * slow job delays no other request. It fills rs, takes emu.mu itself when
 * it needs it, and frees arg. */
typedef void (*emu_job)(struct emu *e, struct resp *rs, void *arg);

/* One response being built. body is malloc'd and owned by the resp. */
struct resp {
    int status;
    char *body;
    size_t len;
    char content_type[128];
    struct resp_header h[EMU_MAX_HEADERS];
    int n_h;
    bool mutated; /* the handler changed state: persist it */
    emu_job job;  /* run after emu.mu is released, when set */
    void *job_arg;
};

typedef void (*emu_handler)(struct emu *e, struct req *rq, struct resp *rs);

/* ---- envelope.c ---- */
void env_ok(struct resp *rs, int status, cJSON *result);
void env_list(struct resp *rs, cJSON *items, cJSON *info);
void env_err(struct resp *rs, int status, int code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void env_raw(struct resp *rs, int status, const char *ctype, char *body, size_t len);
void env_header(struct resp *rs, const char *name, const char *value);
void env_paged(struct resp *rs, struct req *rq, cJSON *items, int def_pp, int max_pp);
void env_whole(struct resp *rs, struct req *rq, cJSON *items);

/* ---- server.c (request helpers) ---- */
const char *req_query(struct req *rq, const char *key);
const char *req_header(struct req *rq, const char *name);
int req_query_all(struct req *rq, const char *key, const char **out, int max);
cJSON *req_json(struct req *rq);
bool json_has_nul(const char *text, size_t len);
cJSON *json_parse(const char *text, size_t len);
int req_int(struct req *rq, const char *key, int dflt);
char *req_rest(struct req *rq, int from);
int server_start(struct emu *e);

/* ---- store.c ---- */
cJSON *store_list(struct emu *e, const char *account, const char *kind);
cJSON *store_find(cJSON *arr, const char *key, const char *value);
int store_index(cJSON *arr, const char *key, const char *value);
void store_new_hex(struct emu *e, char out[33]);
void store_new_uuid(struct emu *e, char out[37]);
void store_now(char out[40]);
int store_load(struct emu *e);
int store_save(struct emu *e);
void store_reset(struct emu *e);
cJSON *store_inventory(struct emu *e);
bool store_is_account(struct emu *e, const char *id);
const char *jstr(const cJSON *obj, const char *key);
void jset(cJSON *obj, const char *key, cJSON *value);
void jset_str(cJSON *obj, const char *key, const char *value);

/* ---- d1.c / d1_sql.c ---- */
void d1_list(struct emu *e, struct req *rq, struct resp *rs);
void d1_create(struct emu *e, struct req *rq, struct resp *rs);
void d1_get(struct emu *e, struct req *rq, struct resp *rs);
void d1_update(struct emu *e, struct req *rq, struct resp *rs);
void d1_delete(struct emu *e, struct req *rq, struct resp *rs);
void d1_query(struct emu *e, struct req *rq, struct resp *rs);
void d1_raw(struct emu *e, struct req *rq, struct resp *rs);
void d1_export(struct emu *e, struct req *rq, struct resp *rs);
void d1_import(struct emu *e, struct req *rq, struct resp *rs);
void d1_signed(struct emu *e, struct req *rq, struct resp *rs);
void d1_bookmark(struct emu *e, const char *uuid, char *out, size_t n);
void d1_tt_bookmark(struct emu *e, struct req *rq, struct resp *rs);
void d1_tt_restore(struct emu *e, struct req *rq, struct resp *rs);
cJSON *d1_lookup(struct emu *e, const char *account, const char *id_or_name);
cJSON *d1_run(struct emu_db *d, cJSON *body, bool raw, int timeout_ms, char *err, size_t errlen);
void d1_measure(struct sqlite3 *db, double *num_tables, double *file_size);

/* ---- d1_db.c (handles; call with emu.mu held) ---- */
struct emu_db *d1_acquire(struct emu *e, const char *uuid);
void d1_release(struct emu_db *d);
void d1_drop(struct emu *e, const char *uuid, bool unlink_file);
void d1_close_all(struct emu *e);

/* ---- d1_guard.c ---- */
int d1_guard_setup(struct sqlite3 *db, struct d1_guard *g, const atomic_bool *stopping);
void d1_guard_start(struct d1_guard *g, int timeout_ms);
bool d1_guard_stopping(const struct d1_guard *g);

/* ---- r2.c ---- */
void r2_list(struct emu *e, struct req *rq, struct resp *rs);
void r2_create(struct emu *e, struct req *rq, struct resp *rs);
void r2_get(struct emu *e, struct req *rq, struct resp *rs);
void r2_patch(struct emu *e, struct req *rq, struct resp *rs);
void r2_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *r2_lookup(struct emu *e, const char *account, const char *name, const char *jur);
cJSON *r2_need(struct emu *e, struct req *rq, struct resp *rs);
void r2n_list(struct emu *e, struct req *rq, struct resp *rs);
void r2c_rules_put(struct emu *e, struct req *rq, struct resp *rs);
void r2c_rules_get(struct emu *e, struct req *rq, struct resp *rs);
void r2c_cors_delete(struct emu *e, struct req *rq, struct resp *rs);
void r2c_sippy_put(struct emu *e, struct req *rq, struct resp *rs);
void r2c_sippy_get(struct emu *e, struct req *rq, struct resp *rs);
void r2c_sippy_delete(struct emu *e, struct req *rq, struct resp *rs);
void r2c_metrics(struct emu *e, struct req *rq, struct resp *rs);
void r2c_temp_credentials(struct emu *e, struct req *rq, struct resp *rs);
void r2o_upload(struct emu *e, struct req *rq, struct resp *rs);
void r2o_get(struct emu *e, struct req *rq, struct resp *rs);
void r2o_delete(struct emu *e, struct req *rq, struct resp *rs);
void r2o_list(struct emu *e, struct req *rq, struct resp *rs);
void r2d_managed_get(struct emu *e, struct req *rq, struct resp *rs);
void r2d_managed_put(struct emu *e, struct req *rq, struct resp *rs);
void r2d_custom_list(struct emu *e, struct req *rq, struct resp *rs);
void r2d_custom_create(struct emu *e, struct req *rq, struct resp *rs);
void r2d_custom_get(struct emu *e, struct req *rq, struct resp *rs);
void r2d_custom_update(struct emu *e, struct req *rq, struct resp *rs);
void r2d_custom_delete(struct emu *e, struct req *rq, struct resp *rs);
void r2n_get(struct emu *e, struct req *rq, struct resp *rs);
void r2n_put(struct emu *e, struct req *rq, struct resp *rs);
void r2n_delete(struct emu *e, struct req *rq, struct resp *rs);

/* ---- vectorize.c ---- */
void vec_list(struct emu *e, struct req *rq, struct resp *rs);
void vec_create(struct emu *e, struct req *rq, struct resp *rs);
void vec_get(struct emu *e, struct req *rq, struct resp *rs);
void vec_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *vec_need(struct emu *e, struct req *rq, struct resp *rs);
cJSON *vec_data(struct emu *e, const char *account, const char *name);
void vec_drop_data(struct emu *e, const char *account, const char *name);
cJSON *vec_mutation(struct emu *e, cJSON *d);
void vec_meta_create(struct emu *e, struct req *rq, struct resp *rs);
void vec_meta_list(struct emu *e, struct req *rq, struct resp *rs);
void vec_meta_delete(struct emu *e, struct req *rq, struct resp *rs);
void vec_info(struct emu *e, struct req *rq, struct resp *rs);
void vec_insert(struct emu *e, struct req *rq, struct resp *rs);
void vec_upsert(struct emu *e, struct req *rq, struct resp *rs);
void vec_query(struct emu *e, struct req *rq, struct resp *rs);
void vec_get_by_ids(struct emu *e, struct req *rq, struct resp *rs);
void vec_delete_by_ids(struct emu *e, struct req *rq, struct resp *rs);
void vec_list_vectors(struct emu *e, struct req *rq, struct resp *rs);

/* ---- queues.c / consumers.c ---- */
void q_list(struct emu *e, struct req *rq, struct resp *rs);
void q_create(struct emu *e, struct req *rq, struct resp *rs);
void q_get(struct emu *e, struct req *rq, struct resp *rs);
void q_put(struct emu *e, struct req *rq, struct resp *rs);
void q_patch(struct emu *e, struct req *rq, struct resp *rs);
void q_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *q_by_name(struct emu *e, const char *account, const char *name);
cJSON *q_render(struct emu *e, const char *account, const cJSON *q);
cJSON *q_new(struct emu *e, const char *account, const char *name);
void qc_list(struct emu *e, struct req *rq, struct resp *rs);
void qc_create(struct emu *e, struct req *rq, struct resp *rs);
void qc_get(struct emu *e, struct req *rq, struct resp *rs);
void qc_put(struct emu *e, struct req *rq, struct resp *rs);
void qc_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *qc_render(const cJSON *queue, const cJSON *c);
int qc_count_for_script(struct emu *e, const char *account, const char *script, bool remove);
void ws_queue_consumers(struct emu *e, struct req *rq, struct resp *rs);
void qm_push(struct emu *e, struct req *rq, struct resp *rs);
void qm_batch(struct emu *e, struct req *rq, struct resp *rs);
void qm_peek(struct emu *e, struct req *rq, struct resp *rs);
void qm_pull(struct emu *e, struct req *rq, struct resp *rs);
void qm_ack(struct emu *e, struct req *rq, struct resp *rs);
void qm_purge_refs(struct emu *e, struct req *rq, struct resp *rs);
void qm_purge_start(struct emu *e, struct req *rq, struct resp *rs);
void qm_purge_status(struct emu *e, struct req *rq, struct resp *rs);
void qm_metrics(struct emu *e, struct req *rq, struct resp *rs);
void qm_drop_queue(struct emu *e, const char *account, const char *queue_id);
void sub_create(struct emu *e, struct req *rq, struct resp *rs);
void slurp_precheck(struct emu *e, struct req *rq, struct resp *rs);
void slurp_create(struct emu *e, struct req *rq, struct resp *rs);
void slurp_list(struct emu *e, struct req *rq, struct resp *rs);
void slurp_get(struct emu *e, struct req *rq, struct resp *rs);
void slurp_progress(struct emu *e, struct req *rq, struct resp *rs);
void slurp_pause(struct emu *e, struct req *rq, struct resp *rs);
void slurp_resume(struct emu *e, struct req *rq, struct resp *rs);
void slurp_abort(struct emu *e, struct req *rq, struct resp *rs);
void slurp_abort_all(struct emu *e, struct req *rq, struct resp *rs);
void slurp_logs(struct emu *e, struct req *rq, struct resp *rs);
void sub_list(struct emu *e, struct req *rq, struct resp *rs);
void sub_get(struct emu *e, struct req *rq, struct resp *rs);
void sub_patch(struct emu *e, struct req *rq, struct resp *rs);
void sub_delete(struct emu *e, struct req *rq, struct resp *rs);

/* ---- multipart.c ---- */
struct mp_part {
    char name[256];
    char filename[256];
    char ctype[128];
    const char *data; /* points into the request body */
    size_t len;
};
int mp_parse(const char *ctype, const char *body, size_t len, struct mp_part *parts, int max,
             char *err, size_t errlen);
const struct mp_part *mp_find(const struct mp_part *parts, int n, const char *name);
const char *mp_ctype(struct req *rq, char *buf, size_t n);
cJSON *mp_form_object(const struct mp_part *parts, int n, const char *prefix);
bool mp_is_form_field(const struct mp_part *p, const char *prefix);
char *b64_encode(const char *data, size_t len);
char *b64_decode(const char *text, size_t *len);

/* ---- workers*.c ---- */
void ws_list(struct emu *e, struct req *rq, struct resp *rs);
void ws_upload(struct emu *e, struct req *rq, struct resp *rs);
void ws_download(struct emu *e, struct req *rq, struct resp *rs);
void ws_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_settings_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_settings_patch(struct emu *e, struct req *rq, struct resp *rs);
void ws_script_settings_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_script_settings_patch(struct emu *e, struct req *rq, struct resp *rs);
void ws_content_put(struct emu *e, struct req *rq, struct resp *rs);
void ws_content_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_secrets_list(struct emu *e, struct req *rq, struct resp *rs);
void ws_secret_put(struct emu *e, struct req *rq, struct resp *rs);
void ws_secrets_patch(struct emu *e, struct req *rq, struct resp *rs);
void ws_secrets_bulk(struct emu *e, struct req *rq, struct resp *rs);
void ws_deployment_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_deployment_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_tail_create(struct emu *e, struct req *rq, struct resp *rs);
void ws_tail_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_tail_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_scripts_search(struct emu *e, struct req *rq, struct resp *rs);
void ws_assets_session(struct emu *e, struct req *rq, struct resp *rs);
void ws_secret_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_secret_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_schedules_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_schedules_put(struct emu *e, struct req *rq, struct resp *rs);
void ws_service_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_service_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_deployments_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_deployments_post(struct emu *e, struct req *rq, struct resp *rs);
void ws_versions_list(struct emu *e, struct req *rq, struct resp *rs);
void ws_versions_post(struct emu *e, struct req *rq, struct resp *rs);
void ws_version_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_subdomain_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_subdomain_post(struct emu *e, struct req *rq, struct resp *rs);
void ws_account_subdomain(struct emu *e, struct req *rq, struct resp *rs);
void ws_account_subdomain_put(struct emu *e, struct req *rq, struct resp *rs);
void ws_account_subdomain_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_subdomain_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *ws_lookup(struct emu *e, const char *account, const char *name);
cJSON *ws_current_version(const cJSON *script);
cJSON *ws_render(const cJSON *script);
void ws_script_level(cJSON *script, cJSON *version);
int ws_check_bindings(struct emu *e, const char *account, const char *self, cJSON *bindings,
                      struct resp *rs);
cJSON *ws_build_version(struct emu *e, struct req *rq, struct resp *rs, const cJSON *prev,
                        const char *self);
int ws_parse_upload(struct req *rq, struct resp *rs, cJSON **meta, cJSON **mods, bool need_meta);
int ws_check_meta(cJSON *meta, cJSON *mods, struct resp *rs);
/* ws_check_imports: 0 when every static import of every uploaded ES
 * module resolves to an uploaded module or a builtin; else -1 with
 * Cloudflare's "No such module" error in rs (module_imports.c). */
int ws_check_imports(const cJSON *meta, const cJSON *mods, struct resp *rs);
void ws_strip_secrets(cJSON *binds);
void ws_redeploy(struct emu *e, cJSON *script, cJSON *meta, cJSON *mods, const char *source);
cJSON *ws_make_version(struct emu *e, const cJSON *meta, cJSON *mods);
cJSON *ws_add_version(struct emu *e, cJSON *script, cJSON *version);
void ws_deploy(struct emu *e, cJSON *script, const char *version_id, const char *source);
const char *ws_source(struct req *rq);
int ws_check_observability(cJSON *obs, struct resp *rs);
bool ws_valid_name(const char *s);
cJSON *ws_new_script(struct emu *e, const char *name);
void ws_copy_key(cJSON *to, const cJSON *from, const char *key, cJSON *dflt);
cJSON *ws_need_version(const cJSON *script, struct resp *rs);
void ws_remove(struct emu *e, const char *account, const char *name);
void ws_apply_script_keys(cJSON *s, const cJSON *p);
bool ws_subdomain_apply(cJSON *sub, const cJSON *body);

/* ---- workers_beta.c (Cloudflare's beta Workers API, A/workers/workers) ---- */
void wb_create(struct emu *e, struct req *rq, struct resp *rs);
void wb_list(struct emu *e, struct req *rq, struct resp *rs);
void wb_get(struct emu *e, struct req *rq, struct resp *rs);
void wb_delete(struct emu *e, struct req *rq, struct resp *rs);

/* ---- durable.c ---- */
cJSON *do_plan(struct emu *e, const char *account, cJSON *script, cJSON *v, struct resp *rs);
void do_commit(struct emu *e, const char *account, cJSON *script, cJSON *plan);
int do_check_foreign(struct emu *e, const char *account, const char *self, cJSON *b,
                     struct resp *rs);
void do_ns_list(struct emu *e, struct req *rq, struct resp *rs);
void do_objects_list(struct emu *e, struct req *rq, struct resp *rs);

/* ---- zones.c / routes.c / domains.c ---- */
cJSON *zone_find(struct emu *e, const char *id, const char **account);
cJSON *zone_by_name(struct emu *e, const char *account, const char *name);
cJSON *zone_for_host(struct emu *e, const char *account, const char *host);
cJSON *zone_need(struct emu *e, struct req *rq, struct resp *rs, const char **account);
void zone_create(struct emu *e, struct req *rq, struct resp *rs);
void zone_list(struct emu *e, struct req *rq, struct resp *rs);
void zone_get(struct emu *e, struct req *rq, struct resp *rs);
void zone_delete(struct emu *e, struct req *rq, struct resp *rs);
void zr_list(struct emu *e, struct req *rq, struct resp *rs);
void zr_create(struct emu *e, struct req *rq, struct resp *rs);
void zr_get(struct emu *e, struct req *rq, struct resp *rs);
void zr_update(struct emu *e, struct req *rq, struct resp *rs);
void zr_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_routes_put(struct emu *e, struct req *rq, struct resp *rs);
void ws_routes_get(struct emu *e, struct req *rq, struct resp *rs);
void ws_routes_drop(struct emu *e, const char *account, const char *name);
cJSON *ws_routes_listed(struct emu *e, const char *account, const char *name);
void wd_list(struct emu *e, struct req *rq, struct resp *rs);
void wd_put(struct emu *e, struct req *rq, struct resp *rs);
void wd_get(struct emu *e, struct req *rq, struct resp *rs);
void wd_delete(struct emu *e, struct req *rq, struct resp *rs);
void ws_domains_changeset(struct emu *e, struct req *rq, struct resp *rs);
void ws_domains_records_put(struct emu *e, struct req *rq, struct resp *rs);
void wd_drop_one(struct emu *e, const char *account, const char *id);
void wd_drop_service(struct emu *e, const char *account, const char *name);

/* ---- kv.c / kv_items.c ---- */
void kv_list(struct emu *e, struct req *rq, struct resp *rs);
void kv_create(struct emu *e, struct req *rq, struct resp *rs);
void kv_get(struct emu *e, struct req *rq, struct resp *rs);
void kv_rename(struct emu *e, struct req *rq, struct resp *rs);
void kv_delete(struct emu *e, struct req *rq, struct resp *rs);
cJSON *kv_lookup(struct emu *e, const char *account, const char *id);
cJSON *kv_need(struct emu *e, struct req *rq, struct resp *rs);
void kv_value_put(struct emu *e, struct req *rq, struct resp *rs);
void kv_value_get(struct emu *e, struct req *rq, struct resp *rs);
void kv_value_delete(struct emu *e, struct req *rq, struct resp *rs);
void kv_metadata_get(struct emu *e, struct req *rq, struct resp *rs);
void kv_keys(struct emu *e, struct req *rq, struct resp *rs);
void kv_bulk_put(struct emu *e, struct req *rq, struct resp *rs);
void kv_bulk_delete(struct emu *e, struct req *rq, struct resp *rs);
void kv_bulk_get(struct emu *e, struct req *rq, struct resp *rs);

/* ---- accounts.c ---- */
void acct_user(struct emu *e, struct req *rq, struct resp *rs);
void acct_verify(struct emu *e, struct req *rq, struct resp *rs);
void acct_list(struct emu *e, struct req *rq, struct resp *rs);
void acct_get(struct emu *e, struct req *rq, struct resp *rs);
void acct_memberships(struct emu *e, struct req *rq, struct resp *rs);
int acct_auth(struct emu *e, struct req *rq, struct resp *rs);

/* ---- faults.c ---- */
struct fault_plan {
    int delay_ms;
    bool fail;
    int fail_status;
    bool drop;
    bool drop_after; /* apply the request, then drop the connection */
    bool garble;     /* apply the request, then answer a proxy's HTML page */
};
void faults_plan(struct emu *e, struct req *rq, struct fault_plan *fp);
int faults_rate_limit(struct emu *e, struct req *rq, struct resp *rs);
uint64_t faults_mix(uint64_t x);

/* ---- log.c ---- */
int log_open(struct emu *e);
void log_request(struct emu *e, struct req *rq, int status, double ms, bool dropped);
void log_close(struct emu *e);

/* ---- router.c ---- */
void router_dispatch(struct emu *e, struct req *rq, struct resp *rs);

#endif
