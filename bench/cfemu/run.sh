#!/bin/sh
# cfemu throughput: starts cfemu on a free loopback port (no injected faults,
# rate limit off), then drives small GETs over keep-alive
# connections with cfemu-loadgen and reports requests/s per endpoint.
# Env: BIN, LOADGEN, BENCH_SECONDS (5), BENCH_CONNS (16), BENCH_TARGET (5000),
# BENCH_OUT (bench/cfemu/results.txt), BENCH_CFEMU_ARGS (extra cfemu flags,
# e.g. "--log /tmp/log.jsonl"). Exits 1 if any endpoint is below target.
TOP=$(cd "$(dirname "$0")/../.." && pwd)
: "${BIN:=$TOP/bin}"
case "$BIN" in /*) ;; *) BIN="$TOP/$BIN" ;; esac
. "$TOP/tests/lib.sh"
: "${LOADGEN:=$TOP/build/bench/cfemu-loadgen}"
: "${BENCH_SECONDS:=5}" "${BENCH_CONNS:=16}" "${BENCH_TARGET:=5000}"
: "${BENCH_OUT:=$TOP/bench/cfemu/results.txt}"

tmp=$(mktemp -d)
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
# shellcheck disable=SC2086 # BENCH_CFEMU_ARGS is a list of flags
if ! cfemu_start "$tmp" --rate-limit 0 $BENCH_CFEMU_ARGS; then
  echo "bench-cfemu: cfemu did not start:" >&2
  cat "$tmp/cfemu.out" >&2
  exit 1
fi
acct=$CLOUDFLARE_ACCOUNT_ID
auth="Authorization: Bearer $CLOUDFLARE_API_TOKEN"
for n in 1 2 3; do
  curl -sf -H "$auth" -H 'Content-Type: application/json' -d "{\"name\":\"bench-db-$n\"}" \
    "$CLOUDFLARE_API_BASE_URL/accounts/$acct/d1/database" >/dev/null || { echo "bench-cfemu: seeding D1 failed" >&2; exit 1; }
done
curl -sf -H "$auth" -H 'Content-Type: application/json' -d '{"name":"bench-bucket"}' \
  "$CLOUDFLARE_API_BASE_URL/accounts/$acct/r2/buckets" >/dev/null || { echo "bench-cfemu: seeding R2 failed" >&2; exit 1; }

status=0
{
  echo "# cfemu throughput, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPU(s): $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
  echo "# $BENCH_CONNS keep-alive connections, ${BENCH_SECONDS} s per endpoint, loopback, no injected latency; target $BENCH_TARGET requests/s"
  [ -z "$BENCH_CFEMU_ARGS" ] || echo "# cfemu flags: --rate-limit 0 $BENCH_CFEMU_ARGS"
} >"$tmp/report"
for path in /user/tokens/verify /accounts/$acct/d1/database /accounts/$acct/r2/buckets/bench-bucket; do
  "$LOADGEN" -p "$CFEMU_PORT" -u "/client/v4$path" -t "$CLOUDFLARE_API_TOKEN" -c "$BENCH_CONNS" -d 1 >/dev/null 2>&1
  if ! out=$("$LOADGEN" -p "$CFEMU_PORT" -u "/client/v4$path" -t "$CLOUDFLARE_API_TOKEN" -c "$BENCH_CONNS" -d "$BENCH_SECONDS" 2>&1); then
    echo "bench-cfemu: GET $path had errors or non-2xx responses:" >&2
    echo "$out" >&2
    status=1
  fi
  rps=$(echo "$out" | sed -n 's/^requests\/s //p')
  lat=$(echo "$out" | sed -n 's/^latency ms: //p')
  verdict=ok
  [ "${rps:-0}" -ge "$BENCH_TARGET" ] || { verdict=BELOW-TARGET; status=1; }
  shown=$(echo "$path" | sed "s/$acct/:account_id/")
  printf 'GET %-50s %8s requests/s  (latency ms %s)  %s\n' "$shown" "${rps:-0}" "$lat" "$verdict" >>"$tmp/report"
done
cat "$tmp/report"
cp "$tmp/report" "$BENCH_OUT"
exit $status
