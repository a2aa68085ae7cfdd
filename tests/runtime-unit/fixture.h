/* A hand-built IR program for runtime tests: database meta, queues events
 * and dlq, index emb, worker api (D1 + queue producer + plain var, consumes
 * events with dlq), workers b and c bound to each other (c's binding is the
 * cyclic one). Everything lives in the fixture struct. */
#ifndef DOME_TEST_FIXTURE_H
#define DOME_TEST_FIXTURE_H

#include "lang/ir.h"

enum { R_DB, R_Q, R_DLQ, R_IDX, R_API, R_B, R_C, N_RES };

struct fixture {
    struct ir_program prog;
    struct ir_resource res[N_RES];
    struct ir_attr idx_attrs[2];
    struct ir_attr q_attrs[1];
    struct ir_binding api_binds[3];
    struct ir_binding b_binds[1], c_binds[1];
    struct ir_consumer api_cons[1];
    size_t api_deps[4], b_deps[1], c_deps[1];
    char main_path[512];
};

/* fixture_init fills f for program dir (index.js is dir/index.js) with the
 * index's dimensions set to dims. */
void fixture_init(struct fixture *f, const char *dir, long dims);

#endif
