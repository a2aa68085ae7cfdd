# bench/deploy/: the Dome program deployed the wrangler way (6 creates + 3
# `wrangler deploy`) versus one `domec apply`, against cfemu at 100 ms and
# 0 ms latency. `make bench-deploy`; figures in bench/deploy/results.txt.
.PHONY: bench-deploy
bench-deploy: $(BIN)/domec $(BIN)/cfemu
	@BIN=$(BIN) sh bench/deploy/run.sh
