# bench/lsp: the language server's diagnostic round trip after a one-character
# edit, for programs/dome and a 1,000-resource program (docs/benchmarks.md).
#   make bench-lsp                  200 edits per program
#   make bench-lsp BENCH_RUNS=1000
.PHONY: bench-lsp
bench-lsp: $(BIN)/domec
	python3 bench/lsp/run.py --domec $(BIN)/domec $(if $(BENCH_RUNS),--runs $(BENCH_RUNS))
