# bench/apply/run.sh stops every cfemu it starts. Its cfemu is a wrapper
# that records the pid, so the test can tell which are still running.
# (Sourced by run.sh.)
mkdir -p "$tmp/bbin"
ln -s "$BIN/domec" "$tmp/bbin/domec"
cat >"$tmp/bbin/cfemu" <<SH
#!/bin/sh
echo \$\$ >>"$tmp/bbin/pids"
exec "$BIN/cfemu" "\$@"
SH
chmod +x "$tmp/bbin/cfemu"
BIN="$tmp/bbin" BENCH_SIZES=8 BENCH_LATENCY=0 sh "$TOP/bench/apply/run.sh" >"$tmp/bench.out" 2>&1
started=$(wc -l <"$tmp/bbin/pids" 2>/dev/null || echo 0)
leaked=
for p in $(cat "$tmp/bbin/pids" 2>/dev/null); do
  kill -0 "$p" 2>/dev/null && leaked="$leaked $p"
done
[ -n "$leaked" ] && kill $leaked 2>/dev/null
check "bench: bench/apply/run.sh stops every cfemu it started" \
  eval '[ "$started" -ge 3 ] && [ -z "$leaked" ] && grep -q "first apply, 8 resources" "$tmp/bench.out"'
