/* wrangler configurations (one per worker; each [env.X] a stack) turned
 * into the resources and workers of one .dome program, with each
 * resource's physical name per stack. Read by `domec import
 * --from-wrangler`; written as a program by wrangler_program.c. */
#ifndef DOME_WRANGLER_MODEL_H
#define DOME_WRANGLER_MODEL_H

#include <stdbool.h>
#include <stddef.h>

#include <cJSON.h>

#include "lang/ir.h"

#define WR_MAX_STACKS 16

struct wr_res {
    enum ir_kind kind;
    char *label;
    char *name[WR_MAX_STACKS]; /* physical name per stack (NULL: not in it) */
    char *id[WR_MAX_STACKS];   /* databases: database_id; KV namespaces: id (per stack) */
    char *migrations;          /* databases: migrations_dir, relative to the program */
    int worker;                /* workers: index into wr_model.workers */
    char *class_name;          /* Durable Objects: the class */
    char *storage;             /* Durable Objects: "sqlite" or "kv" (from [[migrations]]) */
    int host;                  /* Durable Objects: the host worker's resource */
};

struct wr_bind {
    char *name;
    enum ir_binding_type type;
    int res;                   /* target resource, -1 for ai and vars */
    char *text[WR_MAX_STACKS]; /* vars: value per stack */
};

struct wr_consumer {
    int queue, dead_letter; /* resource indexes; dead_letter -1 when none */
    long batch_size, max_retries, max_wait_ms;
    long max_concurrency, retry_delay; /* -1 when the configuration sets none */
};

struct wr_worker {
    int res;        /* its own resource (kind worker) */
    char *file;     /* the configuration it came from */
    cJSON *top;     /* that configuration, top level */
    char *main_rel; /* main, relative to the program directory */
    char *build;    /* build.command, run from the program directory */
    struct wr_bind *binds;
    size_t n_binds;
    struct wr_consumer *consumers;
    size_t n_consumers;
    cJSON *routes[WR_MAX_STACKS];  /* route patterns per stack (arrays of strings) */
    cJSON *domains[WR_MAX_STACKS]; /* custom domains per stack (custom_domain = true) */
};

struct wr_model {
    char *stacks[WR_MAX_STACKS]; /* [0]: the top level (the --stack given) */
    size_t n_stacks;
    struct wr_res *res;
    size_t n_res;
    struct wr_worker *workers;
    size_t n_workers;
    char **notes; /* what was left out, and why (printed by the import) */
    size_t n_notes;
};

/* wr_model_read reads the configurations paths[0..n) (files, or
 * directories holding wrangler.toml/jsonc/json one level down) for the
 * program in prog_dir; the top level becomes stack top_stack. Returns 0, or
 * -1 with err saying what and where (FILE:LINE:COL for syntax). */
int wr_model_read(struct wr_model *m, const char *prog_dir, const char *top_stack,
                  const char *const *paths, size_t n, char *err, size_t err_len);

void wr_model_free(struct wr_model *m);

/* wr_model_kv_titles names each KV namespace after its title in the
 * account: a configuration gives only its id, so the model calls a
 * namespace by that id until title(arg, id) (NULL when the account has no
 * such namespace) says its title. A stack whose namespace is not in the
 * account gets the title of the top level's, suffixed -STACK (noted). */
void wr_model_kv_titles(struct wr_model *m, const char *(*title)(void *arg, const char *id),
                        void *arg);

/* wr_find: the resource of kind with physical name name in stack s, or -1. */
int wr_find(const struct wr_model *m, enum ir_kind kind, size_t s, const char *name);

#endif
