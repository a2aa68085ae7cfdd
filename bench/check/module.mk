# bench/check: the `domec check` benchmark against tsc --noEmit on the
# equivalent Pulumi TypeScript program (see docs/benchmarks.md).
#   make bench-check                         sizes 100, 1000, 10000
#   make bench-check BENCH_SIZES=100,1000 BENCH_ARGS=--no-tsc
.PHONY: bench-check
bench-check: $(BIN)/domec
	python3 bench/check/run.py --domec $(BIN)/domec \
	  $(if $(BENCH_SIZES),--sizes $(BENCH_SIZES)) $(BENCH_ARGS)
