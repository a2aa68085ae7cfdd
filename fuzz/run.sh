#!/bin/sh
# Runs the libFuzzer harness BIN for SECONDS over a seed corpus made from
# programs/ and tests/lang/golden/*.dome, then prints one PASS/FAIL line.
# Exit 0 only if no crash, sanitizer report, leak, hang or OOM.
# usage: sh fuzz/run.sh NAME BIN WORKDIR SECONDS
set -u
name=$1
bin=$2
dir=$3
secs=$4
seeds=$dir/seeds
corpus=$dir/corpus
art=$dir/artifacts
log=$dir/fuzz.log

rm -rf "$seeds" "$art"
mkdir -p "$seeds" "$corpus" "$art" || exit 2
n_seeds=0
for f in $(find programs tests/lang/golden -name '*.dome' 2>/dev/null | sort); do
  cp "$f" "$seeds/$(printf '%s' "$f" | tr '/' '_')" && n_seeds=$((n_seeds + 1))
done
echo "fuzz $name: $n_seeds seed files, ${secs}s, max_len 4096, timeout 2s per input"

# The outer timeout catches a fuzzer that stops honouring -max_total_time.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
timeout $((secs + 120)) "$bin" -max_total_time="$secs" -max_len=4096 \
  -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict=fuzz/dome.dict -artifact_prefix="$art/" \
  "$corpus" "$seeds" >"$log" 2>&1
rc=$?

runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 runs in \2 s/p' "$log")
found=$(ls "$art" 2>/dev/null | head -n 1)
if [ "$rc" -eq 0 ] && [ -z "$found" ]; then
  echo "fuzz $name: PASS ($runs, corpus $(ls "$corpus" | wc -l) inputs, no crash, leak or hang)"
  exit 0
fi
grep -E '^fuzz_[a-z]+:|ERROR:|SUMMARY:|runtime error|Test unit written|^ *#[0-9]+ 0x' "$log" | head -n 40
kind=${found%%-*}
[ -n "$found" ] || kind="exit status $rc"
[ "$rc" -eq 124 ] && kind="hang (fuzzer killed after $((secs + 120))s)"
echo "fuzz $name: FAIL ($kind); full log: $log${found:+; reproduce: $bin $art/$found}"
exit 1
