#!/bin/sh
# bench/deploy: the Dome program deployed the wrangler way (resources made by
# `wrangler d1/r2/queues/vectorize create`, then one `wrangler deploy` per
# worker in dependency order) versus one `domec apply`, each against its own
# fresh cfemu with the same latency (100 ms, then 0 ms to separate start-up
# cost from API time). Checks both end with the same inventory shape.
# Usage: sh bench/deploy/run.sh (after make). Env: BIN, BENCH_LATENCIES
# ("100 0"), BENCH_RUNS (3; the median is reported), BENCH_OUT
# (bench/deploy/results.txt). Exits 1 if a step fails or the shapes differ.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${BIN:=$TOP/bin}"
case "$BIN" in /*) ;; *) BIN="$TOP/$BIN" ;; esac
. "$TOP/tests/lib.sh"
: "${BENCH_LATENCIES:=100 0}" "${BENCH_RUNS:=3}" "${BENCH_OUT:=$TOP/bench/deploy/results.txt}"
here=$TOP/bench/deploy
clients=$TOP/tests/clients
WRANGLER=$clients/node_modules/wrangler/bin/wrangler.js
now_ms() { date +%s%3N; }
die() { echo "bench-deploy: $*" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-bench-deploy.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM

# setup: node, the pinned wrangler (npm ci in tests/clients when the lock
# changed), the binaries, and a throwaway API_KEY for `--secrets-file`.
setup() {
  command -v node >/dev/null 2>&1 || die "node is needed to run wrangler (install Node.js 20 or newer)"
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to compare inventories"
  [ -x "$BIN/domec" ] && [ -x "$BIN/cfemu" ] || die "$BIN/domec and $BIN/cfemu are not built (run make)"
  stamp=$clients/node_modules/.domec-lock-stamp
  if ! cmp -s "$clients/package-lock.json" "$stamp"; then
    (cd "$clients" && npm ci --no-audit --no-fund >"$tmp/npm.out" 2>&1) ||
      { cat "$tmp/npm.out" >&2; die "npm ci in tests/clients failed"; }
    cp "$clients/package-lock.json" "$stamp"
  fi
  [ -f "$WRANGLER" ] || die "wrangler is not installed in tests/clients/node_modules"
  mask=$(umask); umask 077
  printf 'API_KEY=%s\n' "$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')" >"$tmp/secrets.env"
  umask "$mask"
}

# emu NAME LATENCY: a fresh cfemu logging to $tmp/NAME/log.
emu() {
  cfemu_start "$tmp/$1" --latency "$2" --rate-limit 0 --log "$tmp/$1/log" ||
    die "cfemu did not start: $(cat "$tmp/$1/cfemu.out")"
}

# inventory NAME: saves cfemu's inventory to $tmp/NAME/inventory.json.
inventory() {
  curl -sf -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" \
    "http://127.0.0.1:$CFEMU_PORT/__cfemu/inventory" >"$tmp/$1/inventory.json" ||
    die "GET /__cfemu/inventory failed"
}

# wr DIR ARGS...: one wrangler command, as a team script runs it; appends
# "step wall_ms requests" to $tmp/$n/steps ($n: the current run's name);
# stops the benchmark with wrangler's output if it fails.
wr() {
  d=$1; shift
  case $1 in deploy) step="deploy $(basename "$d")" ;; *) step="$1 $2 $3" ;; esac
  [ "$1 $2" = "r2 bucket" ] && step="r2 bucket create $4"
  s0=$(now_ms); q0=$(wc -l <"$tmp/$n/log")
  (cd "$d" && HOME=$tmp/home XDG_CONFIG_HOME=$tmp/home/.config WRANGLER_CACHE_DIR=$tmp/home/cache \
    WRANGLER_SEND_METRICS=false CI=true NO_COLOR=1 \
    /usr/bin/time -a -o "$tmp/cpu" -f '%U %S' node "$WRANGLER" "$@") >"$tmp/wr.out" 2>&1 ||
    { cat "$tmp/wr.out" >&2; die "wrangler $* failed"; }
  echo "$step|$(($(now_ms) - s0))|$(($(wc -l <"$tmp/$n/log") - q0))" >>"$tmp/$n/steps"
}

# cpu_ms: the user+sys time in $tmp/cpu (lines "user sys" from
# /usr/bin/time, one per process), in ms; empties the file.
cpu_ms() { awk '{ s += $1 + $2 } END { printf "%d", s * 1000 }' "$tmp/cpu"; : >"$tmp/cpu"; }

# wrangler_way RUN LATENCY: prints "wall_ms requests cpu_ms" for the wrangler
# way (cpu_ms: user+sys time of the 9 wrangler processes).
wrangler_way() {
  n=w$1-$2; p=$tmp/$n/prog
  rm -rf "$tmp/home"; mkdir -p "$tmp/home"; : >"$tmp/cpu"
  emu "$n" "$2"; cp -r "$TOP/programs/dome" "$p"; rm -rf "$p/.dome"
  t0=$(now_ms)
  wr "$p" d1 create dome-meta-dev --location wnam
  id=$(grep -oE '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}' "$tmp/wr.out" | head -n 1)
  [ -n "$id" ] || die "no database id in the output of wrangler d1 create"
  wr "$p" r2 bucket create dome-raw-dev
  wr "$p" r2 bucket create dome-processed-dev --storage-class Standard
  wr "$p" queues create dome-events-dlq-dev --message-retention-period-secs 1209600
  wr "$p" queues create dome-events-dev
  wr "$p" vectorize create dome-embeddings-dev --dimensions 1536 --metric cosine \
    --description "Note and document embeddings for dev"
  for w in silo constellation dome-api; do
    sed "s/@D1_ID@/$id/" "$here/wrangler/$w.jsonc" >"$p/services/$w/wrangler.jsonc"
  done
  wr "$p/services/silo" deploy
  wr "$p/services/constellation" deploy
  wr "$p/services/dome-api" deploy --secrets-file "$tmp/secrets.env"
  t1=$(now_ms)
  req=$(wc -l <"$tmp/$n/log"); inventory "$n"; cfemu_stop
  echo "$((t1 - t0)) $req $(cpu_ms)"
}

# domec_way RUN LATENCY: prints "wall_ms requests cpu_ms" for one `domec apply`.
domec_way() {
  n=d$1-$2; p=$tmp/$n/prog
  emu "$n" "$2"; cp -r "$TOP/programs/dome" "$p"; rm -rf "$p/.dome"; : >"$tmp/cpu"
  t0=$(now_ms)
  DOME_PASSPHRASE=dome-demo-passphrase /usr/bin/time -a -o "$tmp/cpu" -f '%U %S' "$BIN/domec" apply "$p" --stack dev --yes >"$tmp/domec.out" 2>&1 ||
    { cat "$tmp/domec.out" >&2; die "domec apply failed"; }
  t1=$(now_ms)
  req=$(wc -l <"$tmp/$n/log"); inventory "$n"; cfemu_stop
  echo "$((t1 - t0)) $req $(cpu_ms)"
}

# median: the median of the numbers on stdin (the lower middle for even counts).
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# one_run R: run R of both ways at each latency, alternating which goes
# first; appends "wall_ms requests cpu_ms" to $tmp/{w,d}-LATENCY.txt and
# stops if the two inventories differ in shape.
one_run() {
  k=$1
  for lat in $BENCH_LATENCIES; do
    if [ $((k % 2)) -eq 1 ]; then
      wrangler_way "$1" "$lat" >>"$tmp/w-$lat.txt" && domec_way "$1" "$lat" >>"$tmp/d-$lat.txt"
    else
      domec_way "$1" "$lat" >>"$tmp/d-$lat.txt" && wrangler_way "$1" "$lat" >>"$tmp/w-$lat.txt"
    fi || exit 1
    python3 "$here/shape.py" "$tmp/w$1-$lat/inventory.json" "$tmp/d$1-$lat/inventory.json" >"$tmp/shape.txt" ||
      { cat "$tmp/shape.txt" >&2; die "wrangler and domec left different inventories at --latency $lat"; }
    k=$((k + 1))
  done
}

# col FILE N: the median of column N of FILE.
col() { cut -d' ' -f"$2" "$1" | median; }

# rows LATENCY: the two table rows (medians over the runs) for one latency.
rows() {
  w=$tmp/w-$1.txt d=$tmp/d-$1.txt
  ratio=$(awk -v a="$(col "$w" 1)" -v b="$(col "$d" 1)" 'BEGIN { printf "%.1f", a / b }')
  printf '| %s ms | wrangler: 6 creates + 3 deploys (9 processes) | %s ms | %s | %s ms | %sx |\n' \
    "$1" "$(col "$w" 1)" "$(col "$w" 2)" "$(col "$w" 3)" "$ratio"
  printf '| %s ms | domec apply (1 process) | %s ms | %s | %s ms | 1x |\n' \
    "$1" "$(col "$d" 1)" "$(col "$d" 2)" "$(col "$d" 3)"
}

# steps LATENCY: each wrangler command's median wall time and requests.
steps() {
  cat "$tmp"/w*-"$1"/steps | awk -F'|' -v lat="$1" '
    !($1 in seen) { seen[$1] = 1; order[++n] = $1 }
    { ms[$1, ++c[$1]] = $2; req[$1] = $3 }
    END { for (i = 1; i <= n; i++) { s = order[i]; m = c[s]
      for (a = 1; a <= m; a++) for (b = a + 1; b <= m; b++)
        if (ms[s, b] < ms[s, a]) { t = ms[s, a]; ms[s, a] = ms[s, b]; ms[s, b] = t }
      printf "| %s ms | wrangler %s | %s ms | %s |\n", lat, s, ms[s, int((m + 1) / 2)], req[s] } }'
}

# api_time: per tool, the median over runs of (wall at 100 ms - wall at 0 ms),
# when both latencies were measured.
api_time() {
  [ -f "$tmp/w-100.txt" ] && [ -f "$tmp/w-0.txt" ] || return 0
  for t in w d; do
    paste -d' ' "$tmp/$t-100.txt" "$tmp/$t-0.txt" | awk '{ print $1 - $4 }' | median
  done | paste -sd' ' | awk '{ printf "wall at 100 ms - wall at 0 ms (median of the per-run differences): wrangler %d ms, domec %d ms\n", $1, $2 }'
  echo "requests x 100 ms (the API wait of a client that sends one request at a time):" \
    "wrangler $(($(col "$tmp/w-100.txt" 2) * 100)) ms, domec $(($(col "$tmp/d-100.txt" 2) * 100)) ms"
}

setup
load=$(cut -d' ' -f1-3 /proc/loadavg)
r=1
while [ "$r" -le "$BENCH_RUNS" ]; do one_run "$r"; r=$((r + 1)); done
{
  echo "# bench/deploy: Dome program (programs/dome, stack dev), wrangler way vs domec apply"
  echo "# $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1)"
  echo "# wrangler $(node "$WRANGLER" --version 2>/dev/null | tail -n 1), node $(node -v), domec $(git -C "$TOP" rev-parse --short HEAD 2>/dev/null)"
  echo "# median of $BENCH_RUNS runs; requests = lines of cfemu --log; client CPU = user+sys"
  echo "# of the client processes; ratio = wrangler wall / domec wall"
  echo "# load average at start: $load; at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo
  echo "| cfemu latency | tool | wall time | requests | client CPU | ratio |"
  echo "|---|---|---|---|---|---|"
  for lat in $BENCH_LATENCIES; do rows "$lat"; done
  echo
  api_time
  echo
  echo "| cfemu latency | wrangler command | wall time | requests |"
  echo "|---|---|---|---|"
  for lat in $BENCH_LATENCIES; do steps "$lat"; done
  echo
  echo "inventory after each run, the same for both tools (bench/deploy/shape.py):"
  cat "$tmp/shape.txt"
  echo
  echo "each run (wall_ms requests cpu_ms):"
  for lat in $BENCH_LATENCIES; do
    echo "  --latency $lat: wrangler $(paste -sd';' "$tmp/w-$lat.txt"); domec $(paste -sd';' "$tmp/d-$lat.txt")"
  done
} >"$tmp/results"
cat "$tmp/results"
cp "$tmp/results" "$BENCH_OUT"
