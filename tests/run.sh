#!/bin/sh
# Runs every test suite (tests/*/run.sh, in name order) and sums them up.
# A suite prints one line per test: "ok - NAME" or "not ok - NAME", with
# details on following lines starting with "#". A suite that exits non-zero
# without reporting a failure counts as one failure, so a crash is never green.
# Env: BIN (where domec and cfemu are), SUITES (space-separated names to run),
# TEST_OUT (where suite logs go, default tests/out).
top=$(cd "$(dirname "$0")/.." && pwd)
BIN=${BIN:-bin}
case "$BIN" in /*) ;; *) BIN="$top/$BIN" ;; esac
export BIN TOP="$top"
out=${TEST_OUT:-$top/tests/out}   # where suite logs go
mkdir -p "$out"
passed=0
failed=0
for suite in "$top"/tests/*/run.sh; do
  name=$(basename "$(dirname "$suite")")
  if [ -n "$SUITES" ]; then
    case " $SUITES " in *" $name "*) ;; *) continue ;; esac
  fi
  log="$out/$name.log"
  sh "$suite" >"$log" 2>&1
  rc=$?
  p=$(grep -ac '^ok ' "$log")
  f=$(grep -ac '^not ok ' "$log")
  if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
    echo "not ok - suite $name exited with status $rc" >>"$log"
    f=1
  fi
  grep -a -A8 '^not ok ' "$log" | sed "s/^/[$name] /"
  echo "$name: $p passed, $f failed"
  passed=$((passed + p))
  failed=$((failed + f))
done
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
