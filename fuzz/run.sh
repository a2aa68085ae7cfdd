#!/bin/sh
# Runs the libFuzzer harness BIN for SECONDS over a seed corpus, then prints
# one PASS/FAIL line. SEEDS picks the seeds and the dictionary:
#   dome  (default) programs/ and tests/lang/golden/*.dome, fuzz/dome.dict
#   state every real state in the tests (tests/**/.dome/*.json), fuzz/json.dict
#   lock  lock files as lock.c writes them, and planted ones, fuzz/json.dict
#   lsp   a request of every method, a change and a code action, a raw stream
# Exit 0 only if no crash, sanitizer report, leak, hang or OOM.
# usage: sh fuzz/run.sh NAME BIN WORKDIR SECONDS [SEEDS]
set -u
name=$1
bin=$2
dir=$3
secs=$4
kind=${5:-dome}
seeds=$dir/seeds
corpus=$dir/corpus
art=$dir/artifacts
log=$dir/fuzz.log

rm -rf "$seeds" "$art"
mkdir -p "$seeds" "$corpus" "$art" || exit 2
n_seeds=0
dict=fuzz/json.dict
case $kind in
dome)
  dict=fuzz/dome.dict
  files=$(find programs tests/lang/golden -name '*.dome' 2>/dev/null | sort) ;;
state)
  files=$(find tests -path '*/.dome/*.json' -not -path 'tests/out/*' 2>/dev/null | sort) ;;
lock)
  # what lock.c writes, a stale one, and the planted ones of tests/safety
  h=$(hostname)
  printf '{"pid":4242,"host":"%s","time":"2026-01-01T00:00:00Z","command":"apply"}' "$h" >"$seeds/lock_live"
  printf '{"pid": 999999, "host": "build-box-7", "time": "2026-01-01T00:00:00Z", "command": "apply"}' >"$seeds/lock_other_host"
  printf '{"pid":1,"host":"h\\u001b]0;pwned\\u0007x","time":"t","command":"apply\\u001b[2J"}' >"$seeds/lock_escapes"
  printf '{"pid":1,"host":"\\u009b31m","time":"t","command":"\\u0085"}' >"$seeds/lock_c1"
  : >"$seeds/lock_empty"
  n_seeds=5
  files= ;;
lsp)
  # requests of every method the server answers, a change, framing
  d='"textDocument":{"uri":"file:///nonexistent-fuzz/prog/main.dome"}'
  p='"position":{"line":3,"character":18}'
  for m in definition references hover completion documentHighlight prepareRename; do
    printf '{"jsonrpc":"2.0","id":2,"method":"textDocument/%s","params":{%s,%s}}' "$m" "$d" "$p" >"$seeds/lsp_$m"
  done
  for m in documentSymbol formatting foldingRange semanticTokens/full; do
    printf '{"jsonrpc":"2.0","id":3,"method":"textDocument/%s","params":{%s}}' "$m" "$d" >"$seeds/lsp_$(echo "$m" | tr / _)"
  done
  printf '{"jsonrpc":"2.0","id":4,"method":"textDocument/rename","params":{%s,%s,"newName":"r"}}' "$d" "$p" >"$seeds/lsp_rename"
  printf '{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"file:///nonexistent-fuzz/prog/main.dome","version":2},"contentChanges":[{"range":{"start":{"line":3,"character":17},"end":{"line":3,"character":18}},"text":"x"}]}}\000{"jsonrpc":"2.0","id":5,"method":"textDocument/codeAction","params":{%s,"range":{"start":{"line":3,"character":16},"end":{"line":3,"character":20}},"context":{"diagnostics":[{"range":{"start":{"line":3,"character":16},"end":{"line":3,"character":20}},"message":"x\\nhelp: did you mean '"'"'queue.q'"'"'?"}]}}}' "$d" >"$seeds/lsp_change_action"
  printf 'Content-Length: 52

{"jsonrpc":"2.0","id":9,"method":"shutdown"}
' >"$seeds/lsp_raw"
  n_seeds=13
  files= ;;
*) echo "fuzz $name: unknown seed kind '$kind'" >&2; exit 2 ;;
esac
for f in $files; do
  cp "$f" "$seeds/$(printf '%s' "$f" | tr '/' '_')" && n_seeds=$((n_seeds + 1))
done
echo "fuzz $name: $n_seeds seed files, ${secs}s, max_len 4096, timeout 2s per input"

# The outer timeout catches a fuzzer that stops honouring -max_total_time.
ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
timeout $((secs + 120)) "$bin" -max_total_time="$secs" -max_len=4096 \
  -timeout=2 -rss_limit_mb=2048 -print_final_stats=1 \
  -dict="$dict" -artifact_prefix="$art/" \
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
