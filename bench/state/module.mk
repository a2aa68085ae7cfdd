# bench/state/: the state backends' speed. `make bench-state` builds
# bench_store and runs bench/state/run.sh: load and save of a 10,000-resource
# state on PostgreSQL and on local files, and a no-change preview of
# programs/dome on each (figures in bench/state/results.txt).
BENCH_STORE = $(BUILD)/bench/bench_store
ALL_OBJS += $(BUILD)/bench/state/bench_store.o

$(BENCH_STORE): $(BUILD)/bench/state/bench_store.o $(BUILD)/lib/libstore.a $(BUILD)/lib/libbase.a
	@mkdir -p $(@D)
	$(CC) $(ALL_LDFLAGS) -o $@ $^ $(LIBS_domec)

.PHONY: bench-state
bench-state: check-build-deps $(BIN)/domec $(BIN)/cfemu $(BENCH_STORE)
	@BIN=$(BIN) BENCH_STORE=$(BENCH_STORE) sh bench/state/run.sh
