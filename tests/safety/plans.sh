# tests/safety: Plans that must not delete what the program still declares: moves, removed blocks, protect, a renamed worker, imported resources.
# Sourced by run.sh (cfemu, $D, $LOG and the helpers are set there).

# --- 1. relabelling keeps the physical resource -------------------------------
P=$tmp/relabel
program "$P" "$(worker api rr-api)
bucket raw { name = \"rr-raw\" }
database meta { name = \"rr-meta\" }
queue jobs { name = \"rr-jobs\" }"
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "relabel: first apply" "$(cat "$tmp/o")"
: >"$LOG"
program "$P" "$(worker gateway rr-api)
bucket raw_files { name = \"rr-raw\" }
database meta2 { name = \"rr-meta\" }
queue jobs2 { name = \"rr-jobs\" }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "worker.gateway.*(moved from worker.api)" &&
   echo "$out" | grep -q "bucket.raw_files.*(moved from bucket.raw)" &&
   echo "$out" | grep -q "0 to create.*0 to delete"; then
  ok "relabel: preview shows moves, no create and no delete"
else not_ok "relabel: preview shows moves, no create and no delete" "$out"; fi
if "$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 && [ "$(grep -c '"method":"\(DELETE\|POST\|PUT\)"' "$LOG")" -eq 0 ]; then
  ok "relabel: apply sends no create, upload or delete"
else not_ok "relabel: apply sends no create, upload or delete" "$(cat "$tmp/o"; cat "$LOG")"; fi
if live worker rr-api && live bucket rr-raw && live database rr-meta && live queue rr-jobs &&
   st_state "$P" | grep -q '"worker.gateway"' && ! st_state "$P" | grep -q '"worker.api"'; then
  ok "relabel: every resource still live, state under the new addresses"
else not_ok "relabel: every resource still live, state under the new addresses" "$(inv_cfemu)"; fi
check "relabel: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 1. an explicit moved block, with a physical rename in the same change ----
program "$P" "$(worker edge rr-api)
bucket raw_files { name = \"rr-raw\" }
database meta2 { name = \"rr-meta\" }
queue jobs2 { name = \"rr-jobs\" }
moved { from = worker.gateway  to = worker.edge }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "→ move .*worker.edge.*(moved from worker.gateway)"; then ok "moved block: preview shows the move"
else not_ok "moved block: preview shows the move" "$out"; fi
out=$("$D" preview "$P" --stack dev --json 2>&1)
if echo "$out" | grep -q '"moved_from":[[:space:]]*"worker.gateway"'; then ok "moved block: --json names moved_from"
else not_ok "moved block: --json names moved_from" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
check "moved block: applied, then no changes" "$D" preview "$P" --stack dev --expect-no-changes
if [ "$(deletes workers/scripts)" -eq 0 ] && live worker rr-api; then ok "moved block: the worker was never deleted"
else not_ok "moved block: the worker was never deleted" "$(cat "$LOG")"; fi

# --- removed { destroy = false } forgets; removed deletes -----------------------
program "$P" "$(worker edge rr-api)
database meta2 { name = \"rr-meta\" }
removed {
  from    = bucket.raw_files
  destroy = false
}
removed { from = queue.jobs2 }"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "forget .*bucket.raw_files" && echo "$out" | grep -q "delete .*queue.jobs2"; then
  ok "removed: preview forgets the bucket and deletes the queue"
else not_ok "removed: preview forgets the bucket and deletes the queue" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if live bucket rr-raw && ! live queue rr-jobs && ! st_state "$P" | grep -q '"bucket.raw_files"'; then
  ok "removed: the forgotten bucket stays live, out of the state; the queue is gone"
else not_ok "removed: the forgotten bucket stays live, out of the state; the queue is gone" "$(inv_cfemu)"; fi

# --- 3. protect added to a deployed resource protects it at once ---------------
P=$tmp/protect
program "$P" 'database keep { name = "pr-keep" }
bucket other { name = "pr-other" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
program "$P" 'database keep {
  name    = "pr-keep"
  protect = true
}
bucket other { name = "pr-other" }'
: >"$LOG"
out=$("$D" destroy "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "database.keep' is protected" && [ ! -s "$LOG" -o "$(deletes /d1/database)" -eq 0 ] &&
   live database pr-keep && live bucket pr-other; then
  ok "protect: destroy refuses a resource protected only in the program, deleting nothing"
else not_ok "protect: destroy refuses a resource protected only in the program, deleting nothing" "rc=$rc $out"; fi
program "$P" 'database keep {
  name    = "pr-keep"
  protect = true
}
bucket other { name = "pr-other" '
out=$("$D" destroy "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "fix its errors" && live database pr-keep && live bucket pr-other; then
  ok "protect: destroy of a program with errors refuses before reading the state"
else not_ok "protect: destroy of a program with errors refuses before reading the state" "rc=$rc $out"; fi

# --- 2. a renamed worker is live under its new name before the old goes ----------
P=$tmp/rename
program "$P" "queue jobs { name = \"rn-jobs\" }
$(worker api rn-api '  consumes queue.jobs {}
')
$(worker front rn-front '  bindings { API = worker.api }
')"
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1 || not_ok "rename: first apply" "$(cat "$tmp/o")"
: >"$LOG"
program "$P" "queue jobs { name = \"rn-jobs\" }
$(worker api rn-api2 '  consumes queue.jobs {}
')
$(worker front rn-front '  bindings { API = worker.api }
')"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "replace .*worker.api .*new script first" && echo "$out" | grep -q "delete .*worker.api~old .*rn-api "; then
  ok "rename: preview creates the new script first and deletes the old one after"
else not_ok "rename: preview creates the new script first and deletes the old one after" "$out"; fi
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1; rc=$?
order=$(grep -o '"method":"[A-Z]*","path":"[^"]*/workers/scripts/rn-[a-z0-9]*"' "$LOG" | sed 's/.*"method":"\([A-Z]*\)".*scripts\/\(.*\)"/\1 \2/' | uniq | tr '\n' ' ')
case $order in "PUT rn-api2 PUT rn-front DELETE rn-api "*) good=1 ;; *) good= ;; esac
if [ $rc -eq 0 ] && [ -n "$good" ]; then
  ok "rename: new script, then the worker binding it, then the old script's delete"
else not_ok "rename: new script, then the worker binding it, then the old script's delete" "rc=$rc order: $order $(cat "$tmp/o")"; fi
if live worker rn-api2 && ! live worker rn-api && live consumer "rn-jobs rn-api2" && ! live consumer "rn-jobs rn-api"; then
  ok "rename: the old script is gone and the queue's consumer moved to the new one"
else not_ok "rename: the old script is gone and the queue's consumer moved to the new one" "$(inv_cfemu)"; fi
check "rename: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# --- 5. an imported resource the program lacks is never deleted by a plan ---------
P=$tmp/adopt
program "$P" ''
cf POST /r2/buckets '{"name":"adopt-raw"}' >/dev/null
"$D" import bucket.raw adopt-raw --stack dev --dir "$P" >/dev/null 2>"$tmp/err" || not_ok "adopt: import" "$(cat "$tmp/err")"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "keep .*bucket.raw .*removed { from = bucket.raw }" && ! echo "$out" | grep -q "^ - delete"; then
  ok "adopt: preview keeps an imported resource the program lacks, saying how to delete it"
else not_ok "adopt: preview keeps an imported resource the program lacks, saying how to delete it" "$out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
if live bucket adopt-raw && st_state "$P" | grep -q '"bucket.raw"'; then ok "adopt: apply --yes leaves it live and in the state"
else not_ok "adopt: apply --yes leaves it live and in the state" "$(inv_cfemu)"; fi
program "$P" 'bucket raw { name = "adopt-raw" }'
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
program "$P" ''
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "delete .*bucket.raw"; then ok "adopt: once applied from the program, removing the block plans its delete"
else not_ok "adopt: once applied from the program, removing the block plans its delete" "$out"; fi

# --- 5. import --write declares what it adopts, in the same step -----------------
P=$tmp/adoptw
program "$P" ''
cf POST /r2/buckets '{"name":"adopt-w"}' >/dev/null
"$D" import bucket.raw adopt-w --stack dev --dir "$P" --write main.dome >/dev/null 2>"$tmp/err"
if grep -q '^bucket raw {' "$P/main.dome" && "$D" preview "$P" --stack dev --expect-no-changes >/dev/null 2>&1; then
  ok "adopt: import --write appends the block; preview then shows no changes"
else not_ok "adopt: import --write appends the block; preview then shows no changes" "$(cat "$tmp/err" "$P/main.dome")"; fi

# --- 1. a create never runs beside a delete of the same physical name -------------
P=$tmp/reuse
program "$P" "$(worker api ru-api)
bucket a { name = \"ru-a\" }
bucket b { name = \"ru-b\" }"
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
: >"$LOG"
program "$P" "$(worker api ru-api2)
$(worker legacy ru-api)
bucket a { name = \"ru-a\" }
bucket b { name = \"ru-b\" }"
"$D" apply "$P" --stack dev --yes --parallel 8 >"$tmp/o" 2>&1; rc=$?
order=$(grep -o '"method":"[A-Z]*","path":"[^"]*/workers/scripts/ru-api[0-9]*"' "$LOG" | sed 's/.*"method":"\([A-Z]*\)".*scripts\/\(.*\)"/\1 \2/' | tr '\n' ' ')
case $order in *"DELETE ru-api PUT ru-api "*) good=1 ;; *) good= ;; esac
if [ $rc -eq 0 ] && [ -n "$good" ] && live worker ru-api && live worker ru-api2; then
  ok "names: a new worker reusing a renamed worker's old name is uploaded after the old script's delete"
else not_ok "names: a new worker reusing a renamed worker's old name is uploaded after the old script's delete" "rc=$rc order: $order $(cat "$tmp/o")"; fi
program "$P" "$(worker api ru-api2)
$(worker legacy ru-api)
bucket a { name = \"ru-b\" }
bucket b { name = \"ru-a\" }"
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "trade the physical name"; then ok "names: two buckets trading names are refused, not raced"
else not_ok "names: two buckets trading names are refused, not raced" "rc=$rc $out"; fi
