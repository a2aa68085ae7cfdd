/* The hand-built IR fixture shared by the runtime unit tests. */
#include "tests/runtime-unit/fixture.h"

#include <stdio.h>
#include <string.h>

static void res(struct fixture *f, int i, enum ir_kind k, const char *label, const char *name)
{
    memset(&f->res[i], 0, sizeof f->res[i]);
    f->res[i].kind = k;
    f->res[i].label = label;
    f->res[i].name = name;
    if (k == IR_WORKER)
        f->res[i].main_path = f->main_path;
}

static void binding(struct ir_binding *b, const char *name, enum ir_binding_type type,
                    size_t target, bool cyclic)
{
    memset(b, 0, sizeof *b);
    b->name = name;
    b->type = type;
    b->target = target;
    b->is_cyclic = cyclic;
}

/* fixture_init: see fixture.h. */
void fixture_init(struct fixture *f, const char *dir, long dims)
{
    memset(f, 0, sizeof *f);
    snprintf(f->main_path, sizeof f->main_path, "%s/index.js", dir);
    res(f, R_DB, IR_DATABASE, "meta", "t-meta");
    res(f, R_Q, IR_QUEUE, "events", "t-events");
    res(f, R_DLQ, IR_QUEUE, "dlq", "t-dlq");
    res(f, R_IDX, IR_INDEX, "emb", "t-emb");
    res(f, R_API, IR_WORKER, "api", "t-api");
    res(f, R_B, IR_WORKER, "b", "t-b");
    res(f, R_C, IR_WORKER, "c", "t-c");
    f->idx_attrs[0] =
        (struct ir_attr){"dimensions", {.type = IR_INT, .u.i = dims}, true, false, {0}};
    f->idx_attrs[1] =
        (struct ir_attr){"metric", {.type = IR_STRING, .u.s = "cosine"}, true, false, {0}};
    f->res[R_IDX].attrs = f->idx_attrs;
    f->res[R_IDX].n_attrs = 2;
    f->q_attrs[0] =
        (struct ir_attr){"delivery_delay", {.type = IR_INT, .u.i = 0}, false, false, {0}};
    f->res[R_Q].attrs = f->q_attrs;
    f->res[R_Q].n_attrs = 1;
    binding(&f->api_binds[0], "DB", IR_BIND_D1, R_DB, false);
    binding(&f->api_binds[1], "EVENTS", IR_BIND_QUEUE, R_Q, false);
    binding(&f->api_binds[2], "LEVEL", IR_BIND_PLAIN_TEXT, 0, false);
    f->api_binds[2].value = (struct ir_value){.type = IR_STRING, .u.s = "debug"};
    f->res[R_API].bindings = f->api_binds;
    f->res[R_API].n_bindings = 3;
    f->api_cons[0] = (struct ir_consumer){.queue = R_Q,
                                          .batch_size = 10,
                                          .max_retries = 3,
                                          .max_wait_ms = 5000,
                                          .max_concurrency = -1,
                                          .retry_delay = -1,
                                          .has_dead_letter = true,
                                          .dead_letter = R_DLQ};
    f->res[R_API].consumers = f->api_cons;
    f->res[R_API].n_consumers = 1;
    size_t deps[] = {R_DB, R_Q, R_DLQ};
    memcpy(f->api_deps, deps, sizeof deps);
    f->res[R_API].deps = f->api_deps;
    f->res[R_API].n_deps = 3;
    binding(&f->b_binds[0], "C", IR_BIND_SERVICE, R_C, false);
    binding(&f->c_binds[0], "B", IR_BIND_SERVICE, R_B, true);
    f->res[R_B].bindings = f->b_binds;
    f->res[R_B].n_bindings = 1;
    f->c_deps[0] = R_B;
    f->res[R_C].bindings = f->c_binds;
    f->res[R_C].n_bindings = 1;
    f->b_deps[0] = R_C;
    f->res[R_B].deps = f->b_deps;
    f->res[R_B].n_deps = 1;
    f->res[R_C].deps = f->c_deps;
    f->res[R_C].n_deps = 1;
    f->prog = (struct ir_program){
        .project = "t", .stack = "dev", .dir = dir, .resources = f->res, .n_resources = N_RES};
}
