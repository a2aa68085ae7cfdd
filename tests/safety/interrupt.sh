# tests/safety: Ctrl-C and SIGTERM during apply (finish what is in flight, save,
# say what was not started, exit 130/143; a second signal kills at once), and
# destroy right after a killed apply whose creates have not landed yet.
# Sourced by run.sh (cfemu, $D and the helpers are set there). Runs its own
# cfemu instances with latency, then hands the suite's cfemu back.
main_pid=$CFEMU_PID main_port=$CFEMU_PORT main_url=$CLOUDFLARE_API_BASE_URL
SIGRUN="python3 $E2E/sigrun.py"
I=$tmp/intr
body=""
for n in 1 2 3 4 5 6 7 8 9 10; do
  body="$body
bucket b$n { name = \"intr-b$n\" }
queue q$n { name = \"intr-q$n\" }"
done
program "$I" "$body"
cfemu_start "$tmp/emu-intr" --latency 300 --rate-limit 0 || not_ok "interrupt: cfemu with latency starts"

# intr_fresh: empty cfemu, no state
intr_fresh() { curl -s -X POST "$(base)/__cfemu/reset" >/dev/null; st_forget "$I"; }
# n_state: how many resources the state lists
n_state() { inv_state "$I" | wc -l; }

# --- 11. one SIGINT/SIGTERM: in-flight finish, state saved, exit 128+sig -----
for sig in INT:130 TERM:143; do
  name=${sig%%:*} code=${sig#*:}
  intr_fresh
  # the signal arrives right after the second operation finished: two more are in flight
  res=$($SIGRUN "$tmp/io" --after '^  ok  ' 2 0:$name -- "$D" apply "$I" --stack dev --yes --parallel 2)
  a=$(inv_cfemu) b=$(inv_state "$I") n=$(n_state)
  if [ "$res" = "exit $code" ] && [ "$a" = "$b" ] && [ "$n" -ge 2 ] && [ "$n" -lt 20 ] &&
     grep -q "not started: interrupted" "$tmp/io" &&
     grep -q "^interrupted: $n done, $((20 - n)) not started; run apply again to finish" "$tmp/io" &&
     ! st_has_journal "$I" && ! st_locked "$I"; then
    ok "interrupt: SIG$name during apply finishes what is in flight, saves it ($n of 20), exits $code"
  else not_ok "interrupt: SIG$name during apply finishes what is in flight, saves it, exits $code" \
    "res=$res n=$n cfemu/state differ? $( [ "$a" = "$b" ] || echo yes) $(st_journal "$I"; tail -8 "$tmp/io")"; fi
  "$D" apply "$I" --stack dev --yes >"$tmp/io2" 2>&1; rc=$?
  if [ $rc -eq 0 ] && o=$(converged "$I") && [ "$(n_state)" -eq 20 ]; then
    ok "interrupt: the apply after SIG$name converges"
  else not_ok "interrupt: the apply after SIG$name converges" "rc=$rc $o $(tail -5 "$tmp/io2")"; fi
done

# --- 11. two SIGINTs: the second kills at once; the next apply converges ------
intr_fresh
res=$($SIGRUN "$tmp/io" --after '^  ok  ' 2 0:INT,0.1:INT -- "$D" apply "$I" --stack dev --yes --parallel 2)
if [ "$res" = "signal 2" ] && ! grep -q "^interrupted:" "$tmp/io" && st_has_journal "$I"; then
  ok "interrupt: a second SIGINT kills at once (the journal is left for the next run)"
else not_ok "interrupt: a second SIGINT kills at once" "res=$res $(tail -5 "$tmp/io")"; fi
"$D" apply "$I" --stack dev --yes >"$tmp/io2" 2>&1; rc=$?
if [ $rc -eq 0 ] && o=$(converged "$I") && [ "$(inv_cfemu | wc -l)" -eq 20 ]; then
  ok "interrupt: the apply after two SIGINTs converges, no duplicate, no orphan"
else not_ok "interrupt: the apply after two SIGINTs converges" "rc=$rc $o $(tail -5 "$tmp/io2")"; fi

# --- 11. SIGINT during destroy: same contract ---------------------------------
res=$($SIGRUN "$tmp/io" --after '^  ok  ' 2 0:INT -- "$D" destroy "$I" --stack dev --yes --parallel 2)
n=$(n_state)
if [ "$res" = "exit 130" ] && [ "$(inv_cfemu)" = "$(inv_state "$I")" ] && [ "$n" -gt 0 ] &&
   grep -q "^interrupted: $((20 - n)) done, $n not started; run destroy again" "$tmp/io" &&
   ! st_has_journal "$I" && "$D" destroy "$I" --stack dev --yes >/dev/null 2>&1 &&
   [ -z "$(inv_cfemu)" ]; then
  ok "interrupt: SIGINT during destroy saves what was deleted; destroy again finishes"
else not_ok "interrupt: SIGINT during destroy" "res=$res n=$n $(tail -5 "$tmp/io")"; fi
cfemu_stop

# --- 17. destroy right after a killed apply whose creates have not landed -----
# only creates (POST, PUT) are slow: destroy's lookups and deletes answer at once
cfemu_start "$tmp/emu-land" --latency 3000 --fault-method POST --fault-method PUT \
  --rate-limit 0 || not_ok "interrupt: cfemu with slow creates starts"
K=$tmp/land
program "$K" 'bucket b1 { name = "land-b1" }
bucket b2 { name = "land-b2" }
queue q { name = "land-q" }
database db { name = "land-db" }
'"$(worker w land-w)"
"$D" apply "$K" --stack dev --yes >"$tmp/ka" 2>&1 &
pid=$!
# killed once all five creates are journaled as sent (pending), not after a
# fixed time: connecting to PostgreSQL or running under ASan takes longer
i=0
while [ "$(st_journal "$K" 2>/dev/null | grep -c '"phase":"pending"')" -lt 5 ] && [ $i -lt 200 ]; do
  sleep 0.05; i=$((i + 1))
done
sleep 0.2
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
"$D" destroy "$K" --stack dev --yes >"$tmp/kd" 2>&1; rc=$?
pend=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["resources"]
print(sum(1 for e in r.values() if e.get("pending") == "create"))' "$(st_file "$K")" 2>/dev/null)
if [ $rc -ne 0 ] && [ "$pend" = 5 ] && grep -q "has not landed yet; run destroy again in a moment" "$tmp/kd" &&
   ! st_has_journal "$K"; then
  ok "landing: destroy right after a killed apply keeps the creates in flight (pending) and fails"
else not_ok "landing: destroy right after a killed apply keeps the creates in flight (pending) and fails" \
  "rc=$rc pending=$pend $(tail -8 "$tmp/kd")"; fi
i=0
while [ "$(inv_cfemu | wc -l)" -lt 5 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
"$D" destroy "$K" --stack dev --yes >"$tmp/kd" 2>&1; rc=$?
if [ $rc -eq 0 ] && [ -z "$(inv_cfemu)" ] && [ -z "$(inv_state "$K")" ]; then
  ok "landing: once the creates have landed, destroy deletes them; nothing orphaned"
else not_ok "landing: once the creates have landed, destroy deletes them" "rc=$rc $(inv_cfemu) $(tail -8 "$tmp/kd")"; fi
cfemu_stop

CFEMU_PID=$main_pid CFEMU_PORT=$main_port CLOUDFLARE_API_BASE_URL=$main_url
export CFEMU_PID CFEMU_PORT CLOUDFLARE_API_BASE_URL
