#!/bin/sh
# bench/refresh: refresh by listing against the one-GET-per-resource
# method it replaced, side by side in one run, against cfemu; plus the
# apply figures of issue 13. Prints every figure; writes them to
# bench/refresh/results.txt (BENCH_OUT).
#
#  1. refresh of 100, 1,000 and 10,000 in-sync resources (bench/apply's
#     program) with 100 ms latency on every GET: requests and wall time,
#     this domec against the domec of commit $BASE (one GET per resource,
#     built from git into a temporary directory; BASE_BIN skips the build).
#     Both run with --api-budget 1000000/1 so the wall time is the method's
#     own, and cfemu's per-IP limit (200/s) on; the time the requests would
#     cost at Cloudflare's 1,200 per 5 minutes is printed beside them.
#  2. drift: 10 resources changed or deleted out of band among 10,000; the
#     extra requests over the in-sync refresh.
#  3. first apply of 1,000 resources under cfemu's default limiter (1,200
#     per 5 min per token, refused until the window ends once exceeded;
#     200/s per IP), default settings: answered 429s, wall time against the
#     budget-limited bound.
#  4. first apply of 100 resources at 100 ms latency: default settings and
#     --parallel 10 and 20, against the dependency-depth bound (4 x 100 ms);
#     the no-change apply after it.
# Env: BENCH_SIZES ("100 1000 10000"), BENCH_SKIP (space-separated parts
# to skip: refresh drift limiter depth), BASE, BASE_BIN, BENCH_OUT.
# Usage: sh bench/refresh/run.sh (after make)
top=$(cd "$(dirname "$0")/../.." && pwd)
BIN=${BIN:-$top/bin}
TOP=$top
. "$top/tests/lib.sh"
BASE=${BASE:-e441464}
OUT=${BENCH_OUT:-$top/bench/refresh/results.txt}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-bench-refresh.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
now_ms() { date +%s%3N; }
say() { echo "$*" | tee -a "$tmp/results"; }
skip() { case " $BENCH_SKIP " in *" $1 "*) return 0 ;; esac; return 1; }
lines() { wc -l <"$1" | tr -d ' '; }
count429() { grep -c '"status":429' "$1"; }

base_bin() {
  if [ -n "$BASE_BIN" ]; then echo "$BASE_BIN"; return; fi
  mkdir -p "$tmp/base"
  git -C "$top" archive "$BASE" | tar -x -C "$tmp/base" &&
    make -C "$tmp/base" -s -j2 bin/domec >"$tmp/base.log" 2>&1 || { tail "$tmp/base.log" >&2; exit 1; }
  echo "$tmp/base/bin/domec"
}

# timed DOMEC ARGS...: runs it, sets ms and rc
timed() {
  t0=$(now_ms)
  "$@" >"$tmp/cmd.out" 2>&1
  rc=$?
  ms=$(($(now_ms) - t0))
}

# refresh_pair N: set up N in-sync resources, refresh with both binaries
refresh_pair() {
  n=$1 p="$tmp/p$n" emu="$tmp/emu$n"
  sh "$top/bench/apply/gen.sh" "$n" "$p"
  # latency only on GETs: the setup apply (POST/PUT) is not slowed down
  cfemu_start "$emu" --rate-limit 0 --ip-rate 200 --latency 100 --fault-method GET --log "$emu/log"
  "$BIN/domec" apply "$p" --stack dev --yes --api-budget 1000000/1 >"$tmp/setup$n" 2>&1 ||
    { tail -5 "$tmp/setup$n"; return 1; }
  for who in new old; do
    bin=$BIN/domec
    [ $who = old ] && bin=$OLD
    cp "$p/.dome/dev.json" "$tmp/state$n.json"
    before=$(lines "$emu/log")
    timed "$bin" refresh "$p" --stack dev --expect-no-changes --api-budget 1000000/1
    [ "$rc" = 0 ] || { echo "refresh ($who) exited $rc:"; tail -5 "$tmp/cmd.out"; }
    req=$(($(lines "$emu/log") - before))
    budget_s=$(((req + 1199) / 1200 * 300 - 300))
    [ "$budget_s" -lt 0 ] && budget_s=0
    label="listing (this domec)"
    [ $who = old ] && label="one GET per resource ($BASE)"
    say "refresh, $n in-sync resources, 100 ms per GET, $label: $req requests, $ms ms wall; at 1,200 requests per 5 min: ${budget_s} s of budget waiting"
    [ $who = new ] && insync=$req
  done
  [ "$n" = "$LAST" ] && ! skip drift && drift "$p" "$emu"
  cfemu_stop
}

# api METHOD PATH [curl args]: one call to cfemu, as another client would
api() {
  m=$1 path=$2; shift 2
  curl -sf -X "$m" -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$@" \
    "$CLOUDFLARE_API_BASE_URL/accounts/$CLOUDFLARE_ACCOUNT_ID$path" >/dev/null
}

# drift P EMU: (n set) change 10 resources out of band, then refresh
drift() {
  p=$1 emu=$2 st="$p/.dome/dev.json"
  q() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"][sys.argv[2]]["id"])' "$st" "$1"; }
  for i in 0 1 2; do api DELETE "/r2/buckets/bench-b$i-dev"; done
  for i in 0 1; do api DELETE "/vectorize/v2/indexes/bench-v$i-dev"; done
  for i in 0 1; do
    api PATCH "/queues/$(q queue.q$i)" -H 'Content-Type: application/json' \
      -d "{\"queue_name\":\"bench-q$i-dev\",\"settings\":{\"delivery_delay\":7}}"
  done
  for i in 0 1 2; do
    api PATCH "/workers/scripts/bench-a$i-dev/settings" \
      -F 'settings={"bindings":[]};type=application/json'
  done
  before=$(lines "$emu/log")
  timed "$BIN/domec" refresh "$p" --stack dev --expect-no-changes --api-budget 1000000/1
  req=$(($(lines "$emu/log") - before))
  cp "$tmp/cmd.out" "$tmp/drift.out"; [ -n "$BENCH_KEEP" ] && cp "$tmp/cmd.out" "$BENCH_KEEP"
  found=$(grep -c '^ [~-] ' "$tmp/cmd.out")
  say "drift, 10 of $n resources changed out of band (3 buckets and 2 indexes deleted, 2 queues' settings and 3 workers' bindings removed): $req requests ($((req - insync)) more than in sync), $ms ms wall, $found drifted resources shown (exit $rc)"
}

# first apply of 1,000 under the default limiter
limiter() {
  n=1000 p="$tmp/pl"
  sh "$top/bench/apply/gen.sh" "$n" "$p"
  cfemu_start "$tmp/emul" --log "$tmp/emul/log"
  timed "$BIN/domec" apply "$p" --stack dev --yes
  [ "$rc" = 0 ] || tail -5 "$tmp/cmd.out"
  req=$(lines "$tmp/emul/log") locked=$(count429 "$tmp/emul/log")
  cfemu_stop
  python3 - "$ms" "$req" "$locked" <<'PY' | tee -a "$tmp/results"
import math, sys
ms, req, locked = map(int, sys.argv[1:])
budget = (math.ceil(req / 1188) - 1) * 300  # 1,200 less the 1% reserve, per 5 min
per_ip = math.ceil(req / 200) - 1            # 200 per second, the first 200 at once
bound = max(budget, per_ip) * 1000
print(f"first apply, 1,000 resources, cfemu's default limiter (1,200/5 min per token, 200/s per IP), "
      f"default settings: {req} requests, {locked} answered 429, {ms} ms wall; budget-limited bound "
      f"{bound} ms (per-IP {per_ip} s, budget {budget} s): {ms / bound:.2f}x")
PY
}

# first apply of 100 at 100 ms latency, side by side
depth() {
  p="$tmp/pd"
  sh "$top/bench/apply/gen.sh" 100 "$p"
  for par in default 10 20; do
    walls=
    for run in 1 2 3; do
      rm -rf "$p/.dome"
      cfemu_start "$tmp/emud$par$run" --latency 100 --log "$tmp/emud$par$run/log"
      if [ $par = default ]; then timed "$BIN/domec" apply "$p" --stack dev --yes
      else timed "$BIN/domec" apply "$p" --stack dev --yes --parallel $par; fi
      walls="$walls $ms"
      req=$(lines "$tmp/emud$par$run/log")
      if [ $run = 3 ] && [ $par = default ]; then
        before=$(lines "$tmp/emud$par$run/log")
        "$BIN/domec" apply "$p" --stack dev --yes >/dev/null 2>&1
        nc_req=$(($(lines "$tmp/emud$par$run/log") - before))
        nc_w=$(tail -n "$nc_req" "$tmp/emud$par$run/log" | grep -vc '"method":"GET"')
      fi
      cfemu_stop
    done
    med=$(printf '%s\n' $walls | sort -n | sed -n 2p)
    say "first apply, 100 resources, 100 ms latency, --parallel $par: $med ms (median of$walls); depth bound 400 ms: $(python3 -c "print(f'{$med/400:.2f}')")x (target 1.2x); $req requests in the third run"
  done
  say "no-change apply after it: $nc_req requests, $nc_w writes"
}

echo "# bench/refresh, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s), load $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$tmp/results"
if ! skip refresh; then
  OLD=$(base_bin)
  SIZES=${BENCH_SIZES:-100 1000 10000}
  LAST=${SIZES##* }
  for n in $SIZES; do refresh_pair "$n"; done
fi
skip limiter || limiter
skip depth || depth
cp "$tmp/results" "$OUT"
