# tests/runtime-unit: C unit tests of the planner, state, lock and journal
# (runtime/), on hand-built IR. Built by `all` into $(BIN)/tests/.
.DEFAULT_GOAL := all

RT_UNIT_OBJS = $(addprefix $(BUILD)/runtime/,plan.o plan_links.o plan_print.o desired.o kind.o \
               state.o fsutil.o journal.o lock.o secret.o)

TEST_PROGS += $(BIN)/tests/rt_plan_test

$(BIN)/tests/rt_plan_test: $(BUILD)/tests/runtime-unit/plan_test.o $(RT_UNIT_OBJS)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)
