#!/bin/sh
# bench/state: what the PostgreSQL state backend costs next to local files.
#  1. load and save of a 10,000-resource state (bench_store), each backend,
#     after one untimed round;
#  2. a no-change `domec preview` of programs/dome (stack dev, applied to
#     cfemu first), median of BENCH_RUNS runs on each backend: local files,
#     PostgreSQL with a scram-sha-256 password (what a team uses) and, for
#     comparison, PostgreSQL with trust (no password exchange).
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
# One untimed round on each backend first: a new server's first large
# writes also create its WAL segments (16 MB each, zero-filled), which a
# database in use has done long ago; the local disk gets the same warm-up.
"$BENCH_STORE" local "$tmp/local" 10000 9 >/dev/null || exit 1
"$BENCH_STORE" postgres "$url" 10000 9 >/dev/null || exit 1
l=$("$BENCH_STORE" local "$tmp/local" 10000 9) || exit 1
p=$("$BENCH_STORE" postgres "$url" 10000 9) || exit 1

cp -R "$TOP/programs/dome" "$tmp/dome"
export DOME_PASSPHRASE=dome-demo-passphrase
"$BIN/domec" apply "$tmp/dome" --stack dev --yes >/dev/null 2>&1 || { echo "bench-state: apply failed" >&2; exit 1; }
DOME_BACKEND_URL=$url "$BIN/domec" state migrate --to postgres --dir "$tmp/dome" >/dev/null || exit 1
# A second role that logs in without a password (trust), to show what
# scram-sha-256, the authentication a team uses, costs by itself.
pg_sql "CREATE ROLE dome_trust LOGIN SUPERUSER" || exit 1
{ echo "host all dome_trust 127.0.0.1/32 trust"; cat "$PG_DIR/data/pg_hba.conf"; } >"$tmp/hba" &&
  cat "$tmp/hba" >"$PG_DIR/data/pg_hba.conf" && pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" reload >/dev/null || exit 1
trust_url="postgres://dome_trust@127.0.0.1:$PG_PORT/dome"
# CPU time, besides wall time: on a busy machine every wakeup of the server
# waits for a CPU, so wall time there says more about the machine than about
# domec. cpu_ticks PID: the CPU (user + system, clock ticks) of PID's
# finished children: this shell's are the domec runs, the postmaster's are
# the server backends that served them.
pm=$(head -n 1 "$PG_DIR/data/postmaster.pid")
cpu_ticks() { awk '{ print $16 + $17 }' "/proc/$1/stat"; }
hz=$(getconf CLK_TCK)
# interleaved, so load from elsewhere on the machine hits all alike
i=0
while [ $i -lt "$BENCH_RUNS" ]; do
  for b in local postgres trust; do
    u=; [ $b = postgres ] && u=$url; [ $b = trust ] && u=$trust_url
    c0=$(cpu_ticks $$) s0=$(cpu_ticks "$pm")
    a=$(date +%s%N)
    DOME_BACKEND_URL=$u "$BIN/domec" preview "$tmp/dome" --stack dev --expect-no-changes >/dev/null 2>&1 ||
      { echo "bench-state: preview on $b failed" >&2; exit 1; }
    echo "$b $((($(date +%s%N) - a) / 1000)) $(($(cpu_ticks $$) - c0)) $(($(cpu_ticks "$pm") - s0))"
  done
  i=$((i + 1))
done >"$tmp/times"
med() { awk -v b="$1" '$1 == b { print $2 }' "$tmp/times" | sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", v[int((NR + 1) / 2)] / 1000 }'; }
pl=$(med local); pp=$(med postgres); pt=$(med trust)
# cpu BACKEND COLUMN: mean CPU ms per preview (3: domec, 4: the server)
cpu() { awk -v b="$1" -v c="$2" -v hz="$hz" '$1 == b { t += $c; n++ } END { printf "%.1f", t * 1000 / hz / n }' "$tmp/times"; }
n=$(grep -c '^[a-z]* [a-z_0-9]* {' "$tmp/dome"/*.dome)

{
  echo "# state backends, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s), load average $(cut -d" " -f1 /proc/loadavg), PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on loopback"
  echo "# 1. load/save of one state (bench_store; each save also writes a history entry)"
  echo "$l"
  echo "$p"
  echo "# 2. no-change preview of programs/dome, stack dev, median of $BENCH_RUNS runs (cfemu on loopback)"
  echo "local                     preview $pl ms"
  echo "postgres (scram-sha-256)  preview $pp ms"
  echo "postgres (trust)          preview $pt ms"
  echo "# CPU per preview, mean of $BENCH_RUNS (what an idle machine would wait for, besides loopback round trips)"
  echo "local                     domec $(cpu local 3) ms"
  echo "postgres (scram-sha-256)  domec $(cpu postgres 3) ms  server $(cpu postgres 4) ms"
  echo "postgres (trust)          domec $(cpu trust 3) ms  server $(cpu trust 4) ms"
  echo "# targets: postgres adds < 20 ms to the preview; < 2x local at 10,000 resources"
  awk -v pl="$pl" -v pp="$pp" -v pt="$pt" 'BEGIN {
    printf "added to a small preview: %.1f ms (postgres, scram-sha-256 password; %s)\n", pp - pl, pp - pl < 20 ? "ok" : "ABOVE TARGET"
    printf "added to a small preview: %.1f ms (postgres, trust: no password exchange)\n", pt - pl }'
  awk -v lc="$(cpu local 3)" -v pc="$(cpu postgres 3)" -v ps="$(cpu postgres 4)" 'BEGIN {
    printf "added CPU per small preview: %.1f ms (domec %+.1f, server %.1f; scram-sha-256)\n", pc - lc + ps, pc - lc, ps }'
  echo "$p" | awk '{ for (i = 1; i <= NF; i++) if ($i == "connect+open") printf "what postgres adds to every command (in-process: connect, schema check, first read): %s ms\n", $(i + 1) }'
  echo "$l $p" | awk '{ for (i = 1; i <= NF; i++) { if ($i == "save") s[++ns] = $(i + 1); if ($i == "load") d[++nd] = $(i + 1) } }
    END { printf "10,000 resources: save %.2fx local, load %.2fx local (%s)\n", s[2] / s[1], d[2] / d[1],
          s[2] < 2 * s[1] && d[2] < 2 * d[1] ? "ok" : "ABOVE TARGET" }'
} | tee "$BENCH_OUT"
