# e2e crash test (sourced by run.sh): SIGKILL `domec apply` of a 40-resource
# program at seeded random moments; after each kill the next apply must
# converge with cfemu holding exactly the program (no duplicate, no orphan).
TRIALS=${CRASH_TRIALS:-50}
# under ASan every process is several times slower: fewer trials there
[ -n "$SANITIZED" ] && [ -z "$CRASH_TRIALS" ] && TRIALS=15
SEED=${CRASH_SEED:-4242}
B=$tmp/big
sh "$E2E/gen_big.sh" "$B"
cfemu_start "$tmp/emu-crash" --latency 1 --seed "$SEED" --rate-limit 0
if "$D" check "$B" --stack dev >"$tmp/co" 2>&1; then ok "crash: the 40-resource program checks"
else not_ok "crash: the 40-resource program checks" "$(cat "$tmp/co")"; fi
# how long an uninterrupted apply takes, to spread the kills over it
t0=$(date +%s%N)
"$D" apply "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000000 ))
"$D" destroy "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
bad=0 killed=0
i=0
while [ $i -lt "$TRIALS" ]; do
  ms=$(awk -v s="$SEED" -v i="$i" -v span="$span" 'BEGIN { srand(s + i); print int(rand() * span) }')
  "$D" apply "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }')"
  kill -9 "$pid" 2>/dev/null && killed=$((killed + 1))
  wait "$pid" 2>/dev/null
  "$D" apply "$B" --stack dev --yes --api-budget 100000/1 >"$tmp/ca" 2>&1; rc=$?
  if [ $rc -ne 0 ] || ! python3 "$E2E/inv.py" same "$(base)" "$B/.dome/dev.json" 44 >"$tmp/cc" ||
     ! "$D" preview "$B" --stack dev --expect-no-changes >/dev/null 2>&1; then
    bad=$((bad + 1))
    [ $bad -eq 1 ] && first="trial $i (kill at ${ms} ms, rc $rc): $(tail -5 "$tmp/ca"; head -60 "$tmp/cc")"
  fi
  # start the next trial from nothing: empty cfemu, no state
  curl -s -X POST "$(base)/__cfemu/reset" >/dev/null
  rm -rf "$B/.dome"
  i=$((i + 1))
done
if [ $bad -eq 0 ]; then ok "crash: $TRIALS SIGKILLs during apply (seed $SEED, $killed mid-run, apply ${span} ms), every next apply converged exactly"
else not_ok "crash: $TRIALS SIGKILLs during apply (seed $SEED)" "$bad bad; first: $first"; fi
"$D" apply "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
"$D" destroy "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
if [ -z "$(inv_cfemu)" ]; then ok "crash: destroy leaves nothing"; else not_ok "crash: destroy leaves nothing" "$(inv_cfemu)"; fi
cfemu_stop
