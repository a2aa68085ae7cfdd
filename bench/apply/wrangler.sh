#!/bin/sh
# bench/apply/wrangler.sh: the Dome program deployed the way the Dome team
# does it today (wrangler d1/r2/queues/vectorize create, then one
# `wrangler deploy` per worker and `wrangler secret put`) versus one
# `domec apply`, against the same cfemu with the same latency per request.
# Needs tests/clients/node_modules (the clients suite installs wrangler).
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
TOP=$top
. "$top/tests/lib.sh"
W="node $top/tests/clients/node_modules/wrangler/bin/wrangler.js"
[ -f "$top/tests/clients/node_modules/wrangler/bin/wrangler.js" ] ||
  { echo "wrangler is not installed: run the clients suite once (npm ci in tests/clients)"; exit 1; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-wr.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
LAT=${BENCH_LATENCY:-100}
now_ms() { date +%s%3N; }
export HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config WRANGLER_CACHE_DIR=$tmp/cache \
  WRANGLER_SEND_METRICS=false WRANGLER_HIDE_BANNER=true CI=true NO_COLOR=1
mkdir -p "$HOME"
src=$top/programs/dome/services

worker() { # worker DIR NAME MAIN EXTRA-JSON
  mkdir -p "$1"
  cp "$3" "$1/index.js"
  printf '{"name":"%s","main":"index.js","compatibility_date":"2025-04-15","compatibility_flags":["nodejs_als"]%s}\n' \
    "$2" "$4" >"$1/wrangler.json"
}

tm() { s=$(now_ms); "$@"; r=$?; echo "  $(( $(now_ms) - s )) ms: $*" >>"$tmp/steps"; return $r; }
wrangler_flow() {
  out=$(tm $W d1 create dome-meta-dev 2>&1) || { echo "$out"; return 1; }
  db=$(echo "$out" | grep -o '[0-9a-f]\{8\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{4\}-[0-9a-f]\{12\}' | head -1)
  for b in dome-raw-dev dome-processed-dev; do tm $W r2 bucket create "$b" >/dev/null 2>&1 || return 1; done
  for q in dome-events-dlq-dev dome-events-dev; do tm $W queues create "$q" >/dev/null 2>&1 || return 1; done
  tm $W vectorize create dome-embeddings-dev --dimensions 1536 --metric cosine >/dev/null 2>&1 || return 1
  worker "$tmp/silo" dome-silo-dev "$src/silo/dist/index.js" ",\"d1_databases\":[{\"binding\":\"DB\",\"database_name\":\"dome-meta-dev\",\"database_id\":\"$db\"}],\"r2_buckets\":[{\"binding\":\"RAW\",\"bucket_name\":\"dome-raw-dev\"},{\"binding\":\"PROCESSED\",\"bucket_name\":\"dome-processed-dev\"}],\"queues\":{\"producers\":[{\"binding\":\"EVENTS\",\"queue\":\"dome-events-dev\"}],\"consumers\":[{\"queue\":\"dome-events-dev\",\"max_batch_size\":10,\"max_retries\":3,\"dead_letter_queue\":\"dome-events-dlq-dev\"}]},\"vars\":{\"LOG_LEVEL\":\"trace\"}"
  worker "$tmp/constellation" dome-constellation-dev "$src/constellation/dist/index.js" ",\"ai\":{\"binding\":\"AI\"},\"vectorize\":[{\"binding\":\"VECTORS\",\"index_name\":\"dome-embeddings-dev\"}],\"services\":[{\"binding\":\"SILO\",\"service\":\"dome-silo-dev\"}],\"vars\":{\"LOG_LEVEL\":\"trace\"},\"triggers\":{\"crons\":[\"*/15 * * * *\"]}"
  worker "$tmp/api" dome-api "$src/dome-api/dist/index.js" ",\"ai\":{\"binding\":\"AI\"},\"d1_databases\":[{\"binding\":\"DB\",\"database_name\":\"dome-meta-dev\",\"database_id\":\"$db\"}],\"services\":[{\"binding\":\"CONSTELLATION\",\"service\":\"dome-constellation-dev\"},{\"binding\":\"SILO\",\"service\":\"dome-silo-dev\"}],\"vectorize\":[{\"binding\":\"VECTORS\",\"index_name\":\"dome-embeddings-dev\"}],\"queues\":{\"producers\":[{\"binding\":\"EVENTS\",\"queue\":\"dome-events-dev\"}]},\"vars\":{\"VERSION\":\"0.2.0\",\"ENVIRONMENT\":\"dev\",\"LOG_LEVEL\":\"trace\"}"
  for w in silo constellation api; do
    (cd "$tmp/$w" && tm $W deploy >"$tmp/$w.out" 2>&1) || { cat "$tmp/$w.out"; return 1; }
  done
  (cd "$tmp/api" && printf 'demo-api-key' | $W secret put API_KEY >/dev/null 2>&1) || return 1
}

cfemu_start "$tmp/emu1" --latency "$LAT" --rate-limit 0 --log "$tmp/emu1/log"
t0=$(now_ms); wrangler_flow || echo "wrangler flow failed"; t1=$(now_ms)
wr_ms=$((t1 - t0)); wr_req=$(wc -l <"$tmp/emu1/log")
[ -n "$BENCH_STEPS" ] && cat "$tmp/steps"
cfemu_stop
cp -R "$top/programs/dome" "$tmp/dome"
cfemu_start "$tmp/emu2" --latency "$LAT" --rate-limit 0 --log "$tmp/emu2/log"
t0=$(now_ms)
DOME_PASSPHRASE=${DOME_PASSPHRASE:-dome-demo-passphrase} "$BIN/domec" apply "$tmp/dome" --stack dev --yes \
  >"$tmp/domec.out" 2>&1 || tail "$tmp/domec.out"
t1=$(now_ms)
dc_ms=$((t1 - t0)); dc_req=$(wc -l <"$tmp/emu2/log")
cfemu_stop
echo "Dome program, $LAT ms per request: wrangler (create x6 + deploy x3 + secret put) ${wr_ms} ms, $wr_req requests;" \
  "domec apply ${dc_ms} ms, $dc_req requests; $(awk -v a="$wr_ms" -v b="$dc_ms" 'BEGIN { printf "%.1fx", a / b }') faster"
