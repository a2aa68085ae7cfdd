# bench/cfemu/: cfemu throughput benchmark. `make bench-cfemu` builds cfemu
# and the keep-alive load generator, then runs bench/cfemu/run.sh (small GETs
# on loopback; target >= 5,000 requests/s; figures in bench/cfemu/results.txt).
CFEMU_LOADGEN = $(BUILD)/bench/cfemu-loadgen

$(CFEMU_LOADGEN): bench/cfemu/loadgen.c
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $<

.PHONY: bench-cfemu
bench-cfemu: check-build-deps $(BIN)/cfemu $(CFEMU_LOADGEN)
	@BIN=$(BIN) LOADGEN=$(CFEMU_LOADGEN) sh bench/cfemu/run.sh
