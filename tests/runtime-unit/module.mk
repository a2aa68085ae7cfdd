# tests/runtime-unit: C unit tests of the planner, state, lock and journal
# (runtime/), on hand-built IR. Built by `all` into $(BIN)/tests/.
.DEFAULT_GOAL := all

RT_UNIT_ARCHIVES = $(LIB_cli) $(LIB_exec) $(LIB_providers) $(LIB_plan) $(LIB_model) $(LIB_build) \
                   $(LIB_secrets) $(LIB_store) $(LIB_net) $(LIB_lang) $(LIB_base)
TEST_PROGS += $(BIN)/tests/rt_plan_test $(BIN)/tests/rt_apply
ALL_OBJS   += $(addprefix $(BUILD)/tests/runtime-unit/,plan_test.o apply_driver.o fixture.o)

$(BIN)/tests/rt_plan_test: $(BUILD)/tests/runtime-unit/plan_test.o \
                           $(BUILD)/tests/runtime-unit/fixture.o $(RT_UNIT_ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

$(BIN)/tests/rt_apply: $(BUILD)/tests/runtime-unit/apply_driver.o \
                       $(BUILD)/tests/runtime-unit/fixture.o $(RT_UNIT_ARCHIVES)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

# lock_race: N processes race for a stale lock (tests/safety/store.sh, item 16)
TEST_PROGS += $(BIN)/tests/lock_race
ALL_OBJS   += $(BUILD)/tests/runtime-unit/lock_race.o
$(BIN)/tests/lock_race: $(BUILD)/tests/runtime-unit/lock_race.o $(LIB_store) $(LIB_base)
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)
