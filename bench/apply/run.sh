#!/bin/sh
# bench/apply: first apply of 100 and 200 resources against cfemu with
# 100 ms latency per request, compared with the ideal bound
# max(depth, ceil(requests / parallel)) x latency; request counts; a
# no-change apply (must send no write). BENCH_PACING=1 adds the pacing run
# (120 requests per 30 s, lockout when exceeded); BENCH_PREVIEW=1 the
# 10,000-resource preview. BENCH_SIZES lists the first-apply sizes (default
# "100 200"). Usage: sh bench/apply/run.sh (after make)
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
TOP=$top
. "$top/tests/lib.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-bench.XXXXXX")
# Every cfemu is started from this shell (never inside $(...), where its
# pid would be lost), so the EXIT trap stops the one still running.
trap 'cfemu_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
LAT=${BENCH_LATENCY:-100}
PAR=${BENCH_PARALLEL:-20}
now_ms() { date +%s%3N; }

# one timed first apply of program $1 into a fresh cfemu (left running);
# sets wall to the wall ms. No --verbose here: tracing every request would
# be part of the figure.
timed_apply() {
  rm -rf "$1/.dome" "$2"
  cfemu_start "$2" --latency "$LAT" --rate-limit 0 --log "$2/log" >/dev/null
  t0=$(now_ms)
  "$BIN/domec" apply "$1" --stack dev --yes --parallel "$PAR" >"$2/out" 2>&1 || tail "$2/out" >&2
  t1=$(now_ms)
  wall=$((t1 - t0))
}

first_apply() {
  n=$1
  sh "$top/bench/apply/gen.sh" "$n" "$tmp/p$n"
  # the median of three fresh first applies; the last cfemu stays up
  walls=
  for run in 1 2 3; do
    [ "$run" -gt 1 ] && cfemu_stop
    timed_apply "$tmp/p$n" "$tmp/emu$n.$run"
    walls="$walls $wall"
  done
  ms=$(printf '%s\n' $walls | sort -n | sed -n 2p)
  log="$tmp/emu$n.3/log"
  # mean time of one request as cfemu served it (its latency + its own work)
  obs=$(sed -n 's/.*"duration_ms":\([0-9]*\).*/\1/p' "$log" |
        awk '{ s += $1; n++ } END { printf "%d", n ? s / n : 0 }')
  req=$(wc -l <"$log")
  "$BIN/domec" apply "$tmp/p$n" --stack dev --yes --parallel "$PAR" >/dev/null 2>&1
  req2=$(wc -l <"$log")
  writes=$(tail -n +$((req + 1)) "$log" | grep -vc '"method":"GET"')
  cfemu_stop
  echo "first apply, $n resources: runs (ms):$walls"
  python3 - "$n" "$ms" "$req" "$LAT" "$PAR" "$((req2 - req))" "$writes" "$obs" <<'PY'
import math, sys
n, ms, req, lat, par, req2, writes, obs = map(int, sys.argv[1:])
rounds = max(4, math.ceil(req / par))
bound = rounds * lat
print(f"first apply, {n} resources: {ms} ms wall (median of 3), {req} requests, bound {bound} ms "
      f"(depth 4, {req} req / {par} parallel, {lat} ms latency): {ms / bound:.2f}x the bound")
if obs:
    print(f"  requests took {obs} ms on average as cfemu served them; with that latency the bound "
          f"is {rounds * obs} ms: {ms / (rounds * obs):.2f}x")
print(f"no-change apply, {n} resources: {req2} requests, {writes} writes")
PY
}

pacing() {
  n=${BENCH_PACING_N:-300}
  sh "$top/bench/apply/gen.sh" "$n" "$tmp/pp"
  cfemu_start "$tmp/emup" --rate-limit 120/30 --log "$tmp/emup/log"
  t0=$(now_ms)
  "$BIN/domec" apply "$tmp/pp" --stack dev --yes --api-budget 120/30 >"$tmp/outp" 2>&1 || tail -5 "$tmp/outp"
  t1=$(now_ms)
  req=$(wc -l <"$tmp/emup/log")
  locked=$(grep -c '"status":429' "$tmp/emup/log")
  cfemu_stop
  python3 - "$((t1 - t0))" "$req" "$locked" <<'PY'
import math, sys
ms, req, locked = map(int, sys.argv[1:])
bound = (math.ceil(req / 120) - 1) * 30000
print(f"pacing (120 req / 30 s): {ms} ms wall, {req} requests, {locked} answered 429, "
      f"bound {bound} ms ({math.ceil(req / 120)} windows)")
PY
}

preview_10k() {
  n=10000
  sh "$top/bench/apply/gen.sh" "$n" "$tmp/p10k"
  cfemu_start "$tmp/emu10k" --rate-limit 0
  "$BIN/domec" apply "$tmp/p10k" --stack dev --yes --parallel 50 --api-budget 1000000/1 >"$tmp/out10k" 2>&1 ||
    tail -5 "$tmp/out10k"
  cfemu_stop
  /usr/bin/time -f "%e %M %U %S" -o "$tmp/time10k" "$BIN/domec" preview "$tmp/p10k" --stack dev \
    --expect-no-changes >/dev/null 2>&1 || echo "preview found changes"
  read -r secs kb us ss <"$tmp/time10k"
  echo "preview of a 10,000-resource stack in sync: ${secs} s wall (${us} s user, ${ss} s sys), $((kb / 1024)) MB max RSS"
}

if [ -z "$BENCH_SKIP_FIRST" ]; then
  for size in ${BENCH_SIZES:-100 200}; do first_apply "$size"; done
fi
[ -n "$BENCH_PACING" ] && pacing
[ -n "$BENCH_PREVIEW" ] && preview_10k
exit 0
