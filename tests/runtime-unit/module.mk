# tests/runtime-unit: C unit tests of the planner, state, lock and journal
# (runtime/), on hand-built IR. Built by `all` into $(BIN)/tests/.
.DEFAULT_GOAL := all

RT_UNIT_OBJS = $(addprefix $(BUILD)/runtime/,plan.o plan_links.o plan_print.o desired.o kind.o \
               state.o fsutil.o journal.o lock.o secret.o keymap.o)

TEST_PROGS += $(BIN)/tests/rt_plan_test

$(BIN)/tests/rt_plan_test: $(BUILD)/tests/runtime-unit/plan_test.o \
                           $(BUILD)/tests/runtime-unit/fixture.o $(RT_UNIT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

RT_APPLY_OBJS = $(RT_UNIT_OBJS) $(addprefix $(BUILD)/runtime/,exec.o refresh.o progress.o prov.o \
                prov_d1.o prov_r2.o prov_vectorize.o prov_queue.o prov_worker.o prov_secrets.o prov_common.o worker_meta.o \
                worker_read.o cf_http.o cf_pacer.o cf_retry.o)

TEST_PROGS += $(BIN)/tests/rt_apply

$(BIN)/tests/rt_apply: $(BUILD)/tests/runtime-unit/apply_driver.o \
                       $(BUILD)/tests/runtime-unit/fixture.o $(RT_APPLY_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

# header dependencies of the test objects (the top Makefile only includes
# those of domec and cfemu)
-include $(wildcard $(BUILD)/tests/runtime-unit/*.d)
