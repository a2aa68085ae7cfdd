# What only a shared backend has (sourced by tests/backend/run.sh, with
# PostgreSQL started and DOME_BACKEND_URL exported).
D="$BIN/domec"
LOG=$tmp/emu/requests.log

# checkout DIR BUCKETS...: a checkout of project "team" declaring one bucket
# per name (the same program in every checkout)
checkout() {
  c=$1; shift
  mkdir -p "$c/stacks"; : >"$c/stacks/dev.dome"
  { printf 'project "team" {\n  naming = "${name}"\n  backend = "postgres"\n}\n'
    for b in "$@"; do printf 'bucket %s {\n  name = "team-%s"\n}\n' "$b" "$b"; done; } >"$c/main.dome"
}
# team_converged DIR: cfemu holds exactly what the stack's state in
# PostgreSQL lists, nothing twice, and preview plans nothing
team_converged() {
  "$D" stack export --stack dev --dir "$1" >"$tmp/state.json" 2>"$tmp/export.err" || { cat "$tmp/export.err"; return 1; }
  a=$(inv_cfemu); b=$(python3 "$E2E/inv.py" state "$tmp/state.json")
  [ "$a" = "$b" ] || { printf -- '--- cfemu\n%s\n--- state\n%s\n' "$a" "$b"; return 1; }
  [ -z "$(printf '%s\n' "$a" | sort | uniq -d)" ] || { echo "duplicates: $a"; return 1; }
  "$D" preview "$1" --stack dev --expect-no-changes >/dev/null 2>&1 || { "$D" preview "$1" --stack dev 2>&1; return 1; }
}
# fresh_emu [ARGS]: a new, empty cfemu; project team's stacks start empty too
fresh_emu() {
  cfemu_stop; rm -rf "$tmp/emu"; cfemu_start "$tmp/emu" --log "$LOG" "$@" || not_ok "cfemu starts $*"
  pg_sql "DELETE FROM dome_stacks WHERE project = 'team'" 2>/dev/null
}

# --- choosing the backend ----------------------------------------------------
A=$tmp/a; B=$tmp/b
checkout "$A" one two; checkout "$B" one two
fresh_emu
out=$(env -u DOME_BACKEND_URL "$D" preview "$A" --stack dev 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q 'DOME_BACKEND_URL is not set'; then ok "backend = \"postgres\" without DOME_BACKEND_URL: a clear error"
else not_ok "backend = \"postgres\" without DOME_BACKEND_URL: a clear error" "rc=$rc $out"; fi
check "apply from checkout a" "$D" apply "$A" --stack dev --yes
[ ! -e "$A/.dome/dev.json" ] && [ -n "$(pg_sql "SELECT serial FROM dome_state s JOIN dome_stacks k ON k.id = s.stack_id WHERE k.project = 'team' AND k.stack = 'dev'")" ] &&
  ok "the state is a row in PostgreSQL, not a file in .dome/" || not_ok "the state is a row in PostgreSQL, not a file in .dome/" "$(ls -la "$A/.dome" 2>&1)"
check "checkout b sees the state a wrote (no changes)" "$D" preview "$B" --stack dev --expect-no-changes
[ "$(pg_sql "SELECT max(version) FROM dome_schema")" = 1 ] && ok "the schema is created on first use, version 1" || not_ok "the schema is created on first use, version 1"

# --- two checkouts apply the same stack at once ---------------------------------
fresh_emu --latency 150 --fault-method POST
checkout "$A" one two three four five; checkout "$B" one two three four five
"$D" apply "$A" --stack dev --yes --parallel 1 >"$tmp/a.out" 2>&1 & pa=$!
"$D" apply "$B" --stack dev --yes --parallel 1 >"$tmp/b.out" 2>&1 & pb=$!
wait $pa; ra=$?; wait $pb; rb=$?
if { [ $ra -eq 0 ] && [ $rb -eq 2 ] && grep -q "locked by 'apply' (pid $pa " "$tmp/b.out"; } ||
   { [ $rb -eq 0 ] && [ $ra -eq 2 ] && grep -q "locked by 'apply' (pid $pb " "$tmp/a.out"; }; then
  ok "two checkouts apply at once: exactly one proceeds, the other names the holder"
else not_ok "two checkouts apply at once: exactly one proceeds, the other names the holder" "a=$ra $(cat "$tmp/a.out") b=$rb $(cat "$tmp/b.out")"; fi
check "after the race: cfemu equals the program" team_converged "$A"

# --lock-timeout: a held lock is waited for
pg_hold_lock team dev '{"pid":4242,"host":"ci-runner","time":"t","command":"apply"}'
out=$("$D" apply "$B" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "locked by 'apply' (pid 4242 on ci-runner" && echo "$out" | grep -q -- "--lock-timeout"; then
  ok "a held lock fails at once, naming the holder and --lock-timeout"
else not_ok "a held lock fails at once, naming the holder and --lock-timeout" "rc=$rc $out"; fi
(sleep 1; pg_release_hold) & rel=$!
out=$("$D" apply "$B" --stack dev --yes --lock-timeout 30s 2>&1); rc=$?
wait $rel; PG_HOLD_PID=
[ $rc -eq 0 ] && ok "--lock-timeout 30s waits for the holder, then applies" || not_ok "--lock-timeout 30s waits for the holder, then applies" "rc=$rc $out"

# --- SIGKILL the holder at random points -------------------------------------------
fresh_emu --latency 20+-15 --seed 15
seed=${BACKEND_KILL_SEED:-1515}
trials=${BACKEND_KILL_TRIALS:-20}
bad=""
i=0
while [ $i -lt "$trials" ]; do
  i=$((i + 1))
  # each trial adds and removes buckets, so every apply has work to cut short
  set -- $(awk -v s=$((seed + i)) 'BEGIN { srand(s); for (b = 1; b <= 8; b++) if (rand() < 0.6) printf "k%d ", b; print "anchor" }')
  checkout "$A" "$@"; checkout "$B" "$@"
  delay=$(awk -v s=$((seed * 7 + i)) 'BEGIN { srand(s); printf "%.3f", rand() * 0.25 }')
  "$D" apply "$A" --stack dev --yes --parallel 2 >"$tmp/kill.out" 2>&1 & p=$!
  sleep "$delay"; kill -9 $p 2>/dev/null; wait $p 2>/dev/null
  out=$("$D" apply "$B" --stack dev --yes 2>&1); rc=$?
  if [ $rc -ne 0 ]; then bad="$bad
trial $i (delay $delay): the next apply failed: $out"; continue; fi
  why=$(team_converged "$B") || bad="$bad
trial $i (delay $delay): $why"
done
[ -z "$bad" ] && ok "SIGKILL of the holder at $trials seeded points: the lock is released, the next apply converges, cfemu equals the program" ||
  not_ok "SIGKILL of the holder at $trials seeded points: the lock is released, the next apply converges, cfemu equals the program" "$bad"
team_holders="SELECT l.holder FROM dome_lock l JOIN dome_stacks k ON k.id = l.stack_id WHERE k.project = 'team'"
[ -z "$(pg_sql "$team_holders")" ] && ok "no holder row is left behind" || not_ok "no holder row is left behind" "$(pg_sql "$team_holders")"

# --- the server killed mid-apply, then restarted -----------------------------------
fresh_emu --latency 120 --fault-method POST
checkout "$A" anchor; "$D" apply "$A" --stack dev --yes >/dev/null 2>&1
"$D" stack export --stack dev --dir "$A" >"$tmp/before.json"
checkout "$A" anchor p1 p2 p3 p4 p5 p6
from=$(wc -l <"$LOG")
"$D" apply "$A" --stack dev --yes --parallel 1 >"$tmp/pgkill.out" 2>&1 & p=$!
i=0; until [ "$(pg_sql "SELECT count(*) FROM dome_journal")" -gt 1 ] 2>/dev/null || [ $i -gt 100 ]; do i=$((i + 1)); sleep 0.02; done
pg_kill
wait $p; rc=$?
if [ $rc -ne 0 ] && grep -q "lost the connection to the state backend" "$tmp/pgkill.out"; then
  ok "PostgreSQL killed mid-apply: the apply stops with a clear error"
else not_ok "PostgreSQL killed mid-apply: the apply stops with a clear error" "rc=$rc $(cat "$tmp/pgkill.out")"; fi
pg_restart || not_ok "PostgreSQL restarts"
pg_sql "SELECT records FROM dome_journal ORDER BY id" >"$tmp/journal.txt"
python3 "$E2E/inv.py" journaled "$(base)" "$LOG" "$from" "$tmp/journal.txt" "$tmp/before.json" >"$tmp/jr.out" 2>&1 &&
  ok "nothing was sent without a committed pending record" || not_ok "nothing was sent without a committed pending record" "$(cat "$tmp/jr.out")"
check "after the restart the next apply finishes" "$D" apply "$A" --stack dev --yes
check "no duplicate or orphaned resource after the rerun" team_converged "$A"

# --- connection failures ------------------------------------------------------------
fresh_emu
n0=$(wc -l <"$LOG")
closed=$((PG_PORT + 1)); [ "$closed" -gt 65000 ] && closed=$((PG_PORT - 1))
out=$(DOME_BACKEND_URL="postgres://dome:$PG_PASSWORD@127.0.0.1:$closed/dome" "$D" apply "$A" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "cannot connect to the state backend postgres://dome:\*\*\*@127.0.0.1:$closed/dome" &&
   [ "$(wc -l <"$LOG")" = "$n0" ]; then ok "no server: a clear error naming the URL without its password; nothing sent"
else not_ok "no server: a clear error naming the URL without its password; nothing sent" "rc=$rc $out"; fi
# a stack that exists only in PostgreSQL (no stacks/NAME.dome in this
# checkout): an unreachable server is a connection error, never "no stack"
C=$tmp/only-pg; rm -rf "$C"; checkout "$C" one
check "a stack only in PostgreSQL: applied, then its stack file removed" "$D" apply "$C" --stack dev --yes
rm -f "$C/stacks/dev.dome"; n1=$(wc -l <"$LOG")
before=$(pg_sql "SELECT serial FROM dome_state s JOIN dome_stacks k ON k.id = s.stack_id WHERE k.project = 'team' AND k.stack = 'dev'")
bad=""
for cmd in "preview" "apply --yes" "stack ls" "stack select dev" "stack init dev" "stack rm dev --force --yes" "stack history" "state migrate --to local"; do
  case $cmd in stack\ ls|stack\ select*|stack\ init*|stack\ rm*|state\ migrate*) s="";; *) s="--stack dev";; esac
  out=$(DOME_BACKEND_URL="postgres://dome:$PG_PASSWORD@127.0.0.1:$closed/dome" "$D" $cmd $s --dir "$C" 2>&1); rc=$?
  if [ $rc -ne 2 ] || echo "$out" | grep -q "no stack" || echo "$out" | grep -qF -- "$PG_PASSWORD" ||
     ! echo "$out" | grep -q "cannot connect to the state backend postgres://dome:\*\*\*@127.0.0.1:$closed/dome" ||
     ! echo "$out" | grep -q "port $closed failed: Connection refused"; then bad="$bad
$cmd: rc=$rc $out"; fi
done
after=$(pg_sql "SELECT serial FROM dome_state s JOIN dome_stacks k ON k.id = s.stack_id WHERE k.project = 'team' AND k.stack = 'dev'")
if [ -z "$bad" ] && [ -n "$before" ] && [ "$before" = "$after" ] && [ ! -e "$C/stacks/dev.dome" ] &&
   [ ! -e "$C/.dome/dev.json" ] && [ "$(wc -l <"$LOG")" = "$n1" ]; then
  ok "a stack only in PostgreSQL, server unreachable: 8 commands exit 2 naming host, port and libpq's reason (no password), never 'no stack'; no state change"
else not_ok "a stack only in PostgreSQL, server unreachable: 8 commands exit 2 naming host, port and libpq's reason (no password), never 'no stack'; no state change" "before=$before after=$after $bad $(ls -R "$C")"; fi
out=$(DOME_BACKEND_URL="host=127.0.0.1 port=$PG_PORT user=dome dbname=dome password=Wrong-Pass-91" "$D" preview "$A" --stack dev 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "password=\*\*\*" && ! echo "$out" | grep -q "Wrong-Pass-91"; then
  ok "a wrong password (keyword form): refused, the password redacted"
else not_ok "a wrong password (keyword form): refused, the password redacted" "rc=$rc $out"; fi

# --- schema versions ------------------------------------------------------------------
pg_sql "INSERT INTO dome_schema VALUES (2)"
out=$("$D" preview "$A" --stack dev 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "schema version 2, newer than the version 1"; then ok "a newer schema is refused with a clear message"
else not_ok "a newer schema is refused with a clear message" "rc=$rc $out"; fi
N=$tmp/newer; checkout "$N" one; sed -i 's/project "team"/project "newer"/' "$N/main.dome"
n0=$(wc -l <"$LOG")
out=$("$D" apply "$N" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "schema version 2, newer than the version 1" &&
   [ "$(pg_sql "SELECT count(*) FROM dome_stacks WHERE project = 'newer'")" = 0 ] && [ "$(wc -l <"$LOG")" = "$n0" ]; then
  ok "a newer schema: apply of a new project is refused before it writes a row or sends a request"
else not_ok "a newer schema: apply of a new project is refused before it writes a row or sends a request" "rc=$rc $out"; fi
pg_sql "DELETE FROM dome_schema WHERE version = 2"

# --- projects share one database -------------------------------------------------------
C=$tmp/c; mkdir -p "$C/stacks"; : >"$C/stacks/dev.dome"
printf 'project "other" {\n  naming = "${name}"\n}\nbucket solo {\n  name = "other-solo"\n}\n' >"$C/main.dome"
"$D" apply "$A" --stack dev --yes >/dev/null 2>&1
"$D" stack export --stack dev --dir "$A" >"$tmp/a-before.json" 2>&1
check "another project applies stack dev in the same database" "$D" apply "$C" --stack dev --yes
"$D" stack export --stack dev --dir "$A" >"$tmp/a-after.json" 2>&1
cmp -s "$tmp/a-before.json" "$tmp/a-after.json" && check "each project keeps its own stack dev" "$D" preview "$C" --stack dev --expect-no-changes ||
  not_ok "each project keeps its own stack dev" "$(diff "$tmp/a-before.json" "$tmp/a-after.json")"
[ "$(pg_sql "SELECT count(*) FROM dome_stacks WHERE stack = 'dev'")" -ge 2 ] && ok "one database holds both projects' stacks" || not_ok "one database holds both projects' stacks"

# --- migrate ------------------------------------------------------------------------------
M=$tmp/m; mkdir -p "$M/stacks"; : >"$M/stacks/dev.dome"; : >"$M/stacks/qa.dome"
printf 'project "mig" {\n  naming = "${name}-${stack}"\n}\nbucket one {}\n' >"$M/main.dome"
env -u DOME_BACKEND_URL "$D" apply "$M" --stack dev --yes >/dev/null 2>&1
printf 'bucket two {}\n' >>"$M/main.dome"
env -u DOME_BACKEND_URL "$D" apply "$M" --stack dev --yes >/dev/null 2>&1
env -u DOME_BACKEND_URL "$D" apply "$M" --stack qa --yes >/dev/null 2>&1
env -u DOME_BACKEND_URL "$D" stack export --stack dev --dir "$M" >"$tmp/m-local.json"
env -u DOME_BACKEND_URL "$D" stack history --json --stack dev --dir "$M" | python3 -c 'import json,sys; print([r["serial"] for r in json.load(sys.stdin)])' >"$tmp/m-hist-local"
check "state migrate --to postgres" "$D" state migrate --to postgres --dir "$M"
"$D" stack export --stack dev --dir "$M" >"$tmp/m-pg.json"
"$D" stack history --json --stack dev --dir "$M" | python3 -c 'import json,sys; print([r["serial"] for r in json.load(sys.stdin)])' >"$tmp/m-hist-pg"
cmp -s "$tmp/m-local.json" "$tmp/m-pg.json" && cmp -s "$tmp/m-hist-local" "$tmp/m-hist-pg" &&
  ok "migrate --to postgres: the state byte for byte and every history serial" || not_ok "migrate --to postgres: the state byte for byte and every history serial" "$(cat "$tmp/m-hist-local" "$tmp/m-hist-pg")"
check "after migrating, stack qa plans nothing on postgres" "$D" preview "$M" --stack qa --expect-no-changes
out=$("$D" state migrate --to postgres --dir "$M" 2>&1); rc=$?
[ $rc -ne 0 ] && echo "$out" | grep -q "already has a state" && ok "migrate refuses to overwrite a stack the destination has" || not_ok "migrate refuses to overwrite a stack the destination has" "rc=$rc $out"
check "stack rollback works on postgres" "$D" stack rollback 1 --stack dev --dir "$M"
rm -rf "$M/.dome"
check "state migrate --to local" "$D" state migrate --to local --dir "$M"
env -u DOME_BACKEND_URL "$D" stack export --stack dev --dir "$M" >"$tmp/m-back.json"
"$D" stack export --stack dev --dir "$M" >"$tmp/m-pg2.json"
cmp -s "$tmp/m-back.json" "$tmp/m-pg2.json" && [ "$(ls "$M/.dome/history/dev" | wc -l)" -eq 3 ] &&
  ok "migrate --to local: the state byte for byte, with its 3 history entries" || not_ok "migrate --to local: the state byte for byte, with its 3 history entries" "$(ls -R "$M/.dome")"

# --- the password never appears -------------------------------------------------------------
P=$tmp/pw
for cmd in "apply $A --stack dev --yes --verbose" "apply $A --stack dev --yes --json" "preview $A --stack dev --verbose --json" \
           "stack ls --dir $A --json" "stack history --stack dev --dir $A --json" "stack export --stack dev --dir $A" \
           "stack unlock --stack dev --dir $A" "state migrate --to postgres --dir $M" "refresh $A --stack dev --yes --verbose"; do
  # shellcheck disable=SC2086
  "$D" $cmd >>"$tmp/pw.out" 2>&1
done
DOME_BACKEND_URL="postgres://dome:$PG_PASSWORD@127.0.0.1:$closed/dome" "$D" apply "$A" --stack dev --yes --verbose >>"$tmp/pw.out" 2>&1
rows=$(pg_sql "SELECT doc FROM dome_state UNION ALL SELECT doc FROM dome_history UNION ALL SELECT records FROM dome_journal UNION ALL SELECT holder FROM dome_lock")
found=$(grep -rlF -- "$PG_PASSWORD" "$tmp/pw.out" "$A" "$B" "$M" "$LOG" 2>/dev/null)
if [ -z "$found" ] && [ -s "$tmp/pw.out" ] && ! printf '%s' "$rows" | grep -qF -- "$PG_PASSWORD" && printf '%s' "$rows" | grep -q resources; then
  ok "the password appears in no output, trace, file, state or history row"
else not_ok "the password appears in no output, trace, file, state or history row" "$found"; fi
printf 'x%sx\n' "$PG_PASSWORD" >"$tmp/pw-control"
grep -qF -- "$PG_PASSWORD" "$tmp/pw-control" && ok "the password search finds a planted copy" || not_ok "the password search finds a planted copy"
