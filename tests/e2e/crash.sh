# e2e crash test (sourced by run.sh): SIGKILL `domec apply` of a 40-resource
# program at seeded random moments; after each kill the next apply must
# converge with cfemu holding exactly the program (no duplicate, no orphan).
# Then seeded SIGINTs and SIGTERMs (a clean stop), and a destroy right after
# a SIGKILL (nothing orphaned). One script for both state backends: local
# files (tests/e2e) and PostgreSQL (tests/backend, DOME_TEST_BACKEND=postgres);
# the state and journal are read and reset through tests/lib.sh's st_*.
TRIALS=${CRASH_TRIALS:-50}
# under ASan every process is several times slower: fewer trials there
[ -n "$SANITIZED" ] && [ -z "$CRASH_TRIALS" ] && TRIALS=15
# on PostgreSQL (tests/backend, inside `make test`) half the trials: every
# run there also waits on the server
on_pg && [ -z "$SANITIZED" ] && [ -z "$CRASH_TRIALS" ] && TRIALS=25
SEED=${CRASH_SEED:-4242}
B=$tmp/big
sh "$E2E/gen_big.sh" "$B"
st_forget "$B" 2>/dev/null # a shared backend may hold an earlier run's stack
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
  if [ $rc -ne 0 ] || ! python3 "$E2E/inv.py" same "$(base)" "$(st_file "$B")" 44 >"$tmp/cc" ||
     ! "$D" preview "$B" --stack dev --expect-no-changes >/dev/null 2>&1; then
    bad=$((bad + 1))
    [ $bad -eq 1 ] && first="trial $i (kill at ${ms} ms, rc $rc): $(tail -5 "$tmp/ca"; head -60 "$tmp/cc")"
  fi
  # start the next trial from nothing: empty cfemu, no state
  curl -s -X POST "$(base)/__cfemu/reset" >/dev/null
  st_forget "$B"
  i=$((i + 1))
done
if [ $bad -eq 0 ]; then ok "crash: $TRIALS SIGKILLs during apply (seed $SEED, $killed mid-run, apply ${span} ms), every next apply converged exactly"
else not_ok "crash: $TRIALS SIGKILLs during apply (seed $SEED)" "$bad bad; first: $first"; fi

# SIGINT and SIGTERM at seeded moments: the run stops cleanly (exit 130/143
# with no journal left; exit 0 when it had already finished; killed by the
# signal when it came before apply armed its handling, as before planning),
# and the next apply converges exactly.
STRIALS=${CRASH_SIG_TRIALS:-10}
[ -n "$SANITIZED" ] && [ -z "$CRASH_SIG_TRIALS" ] && STRIALS=3
on_pg && [ -z "$SANITIZED" ] && [ -z "$CRASH_SIG_TRIALS" ] && STRIALS=5
for sig in INT:130:2 TERM:143:15; do
  name=${sig%%:*} code=${sig#*:} code=${code%%:*} num=${sig##*:}
  bad=0 graceful=0 i=0
  while [ $i -lt "$STRIALS" ]; do
    ms=$(awk -v s="$SEED" -v i="$i" -v span="$span" -v k="$num" \
      'BEGIN { srand(s + 1000 * k + i); print int(rand() * span) }')
    res=$(python3 "$E2E/sigrun.py" "$tmp/cs" "$(awk -v ms="$ms" 'BEGIN { printf "%.3f", ms / 1000 }'):$name" \
      -- "$D" apply "$B" --stack dev --yes --api-budget 100000/1)
    why=
    case $res in
      "exit $code") graceful=$((graceful + 1))
        st_has_journal "$B" && why="a journal is left"
        grep -q "^interrupted: [0-9]* done, [0-9]* not started" "$tmp/cs" || why="no summary" ;;
      "exit 0"|"signal $num") ;;
      *) why="ended with $res" ;;
    esac
    "$D" apply "$B" --stack dev --yes --api-budget 100000/1 >"$tmp/ca" 2>&1; rc=$?
    if [ -n "$why" ] || [ $rc -ne 0 ] || ! python3 "$E2E/inv.py" same "$(base)" "$(st_file "$B")" 44 >"$tmp/cc" ||
       ! "$D" preview "$B" --stack dev --expect-no-changes >/dev/null 2>&1; then
      bad=$((bad + 1))
      [ $bad -eq 1 ] && first="trial $i (SIG$name at ${ms} ms: $res $why, rc $rc): $(tail -5 "$tmp/cs"; tail -5 "$tmp/ca"; head -60 "$tmp/cc")"
    fi
    curl -s -X POST "$(base)/__cfemu/reset" >/dev/null
    st_forget "$B"
    i=$((i + 1))
  done
  if [ $bad -eq 0 ]; then ok "crash: $STRIALS SIG$name during apply ($graceful stopped cleanly with $code), every next apply converged exactly"
  else not_ok "crash: $STRIALS SIG$name during apply (seed $SEED)" "$bad bad; first: $first"; fi
done

# SIGKILL mid-apply, then destroy at once and again until it succeeds: a
# create that had not landed is never forgotten, so nothing is orphaned
"$D" apply "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1 &
pid=$!
sleep "$(awk -v span="$span" 'BEGIN { printf "%.3f", span / 2000 }')"
kill -9 "$pid" 2>/dev/null
wait "$pid" 2>/dev/null
n=0
until "$D" destroy "$B" --stack dev --yes --api-budget 100000/1 >"$tmp/cd" 2>&1 || [ $n -ge 80 ]; do
  n=$((n + 1)); sleep 0.5
done
if [ $n -lt 80 ] && [ -z "$(inv_cfemu)" ] && [ -z "$(inv_state "$B")" ]; then
  ok "crash: destroy after a SIGKILLed apply (retried $n times) leaves nothing, no orphan"
else not_ok "crash: destroy after a SIGKILLed apply leaves nothing" "tries $n: $(inv_cfemu | head; tail -5 "$tmp/cd")"; fi
curl -s -X POST "$(base)/__cfemu/reset" >/dev/null
st_forget "$B"

"$D" apply "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
"$D" destroy "$B" --stack dev --yes --api-budget 100000/1 >/dev/null 2>&1
if [ -z "$(inv_cfemu)" ]; then ok "crash: destroy leaves nothing"; else not_ok "crash: destroy leaves nothing" "$(inv_cfemu)"; fi
cfemu_stop
