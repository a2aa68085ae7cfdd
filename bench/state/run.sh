#!/bin/sh
# bench/state: what the PostgreSQL state backend costs next to local files.
#  1. load and save of a 10,000-resource state (bench_store), each backend;
#  2. a no-change `domec preview` of programs/dome (stack dev, applied to
#     cfemu first), median of BENCH_RUNS runs on each backend.
# Starts PostgreSQL (tests/lib-pg.sh) and cfemu on free loopback ports and
# stops them. Targets (issue 15): postgres adds < 20 ms to the preview and
# stays under 2x local at 10,000 resources. Env: BIN, BENCH_STORE,
# BENCH_RUNS (15), BENCH_OUT (bench/state/results.txt).
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${BIN:=$TOP/bin}"
case "$BIN" in /*) ;; *) BIN="$TOP/$BIN" ;; esac
. "$TOP/tests/lib.sh"
. "$TOP/tests/lib-pg.sh"
: "${BENCH_STORE:=$TOP/build/bench/bench_store}" "${BENCH_RUNS:=15}"
: "${BENCH_OUT:=$TOP/bench/state/results.txt}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-bench-state.XXXXXX")
trap 'cfemu_stop; pg_stop; rm -rf "$tmp"' EXIT INT TERM
pg_start >"$tmp/pg.out" 2>&1 || { echo "bench-state: PostgreSQL did not start:" >&2; cat "$tmp/pg.out" >&2; exit 1; }
url=$DOME_BACKEND_URL
unset DOME_BACKEND_URL
cfemu_start "$tmp/emu" --rate-limit 0 || { echo "bench-state: cfemu did not start" >&2; exit 1; }

mkdir -p "$tmp/local"
l=$("$BENCH_STORE" local "$tmp/local" 10000 5) || exit 1
p=$("$BENCH_STORE" postgres "$url" 10000 5) || exit 1

cp -R "$TOP/programs/dome" "$tmp/dome"
export DOME_PASSPHRASE=dome-demo-passphrase
"$BIN/domec" apply "$tmp/dome" --stack dev --yes >/dev/null 2>&1 || { echo "bench-state: apply failed" >&2; exit 1; }
DOME_BACKEND_URL=$url "$BIN/domec" state migrate --to postgres --dir "$tmp/dome" >/dev/null || exit 1
# interleaved, so load from elsewhere on the machine hits both alike
i=0
while [ $i -lt "$BENCH_RUNS" ]; do
  for b in local postgres; do
    u=; [ $b = postgres ] && u=$url
    a=$(date +%s%N)
    DOME_BACKEND_URL=$u "$BIN/domec" preview "$tmp/dome" --stack dev --expect-no-changes >/dev/null 2>&1 ||
      { echo "bench-state: preview on $b failed" >&2; exit 1; }
    echo "$b $((($(date +%s%N) - a) / 1000))"
  done
  i=$((i + 1))
done >"$tmp/times"
med() { awk -v b="$1" '$1 == b { print $2 }' "$tmp/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }
pl=$(med local); pp=$(med postgres)
n=$(grep -c '^[a-z]* [a-z_0-9]* {' "$tmp/dome"/*.dome)

{
  echo "# state backends, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s), load average $(cut -d" " -f1 /proc/loadavg), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on loopback"
  echo "# 1. load/save of one state (bench_store; each save also writes a history entry)"
  echo "$l"
  echo "$p"
  echo "# 2. no-change preview of programs/dome, stack dev, median of $BENCH_RUNS runs (cfemu on loopback)"
  echo "local    preview $pl ms"
  echo "postgres preview $pp ms"
  echo "# targets: postgres adds < 20 ms to the preview; < 2x local at 10,000 resources"
  awk -v pl="$pl" -v pp="$pp" 'BEGIN { printf "preview: postgres adds %.1f ms (%s)\n", pp - pl, pp - pl < 20 ? "ok" : "ABOVE TARGET" }'
  echo "$p" | awk '{ for (i = 1; i <= NF; i++) if ($i == "connect+open") printf "what postgres adds to every command (in-process: connect, schema check, first read): %s ms\n", $(i + 1) }'
  echo "$l $p" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "save") s[++ns] = $(i + 1); if ($i == "load") d[++nd] = $(i + 1) } }
    END { printf "10,000 resources: save %.2fx local, load %.2fx local (%s)\n", s[2] / s[1], d[2] / d[1],
          s[2] < 2 * s[1] && d[2] < 2 * d[1] ? "ok" : "ABOVE TARGET" }'
} | tee "$BENCH_OUT"
