# bench/refresh/: refresh by listing versus one GET per resource, drift
# among 10,000, the first apply under the default limiter and at 100 ms
# latency. `make bench-refresh`; figures in bench/refresh/results.txt.
.PHONY: bench-refresh
bench-refresh: $(BIN)/domec $(BIN)/cfemu
	@BIN=$(BIN) sh bench/refresh/run.sh
