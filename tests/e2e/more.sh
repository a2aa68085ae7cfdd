# e2e, continued (sourced by run.sh): partial failure, --target, cycles,
# protect, destroy, convergence under faults, the crash test.

# --- partial failure: queue creation fails, the rest goes on ---------------------
cat >>"$P/main.dome" <<'DOME'
queue jobs {}
bucket logs {}
worker jobrunner {
  main = "index.js"
  bindings { JOBS = queue.jobs }
}
DOME
cfemu_stop
cfemu_start "$tmp/emu" --data "$tmp/emu/data" --fail-rate 1 --fault-path /accounts/$CLOUDFLARE_ACCOUNT_ID/queues
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "queue.jobs" && echo "$out" | grep -q "worker.jobrunner skipped" &&
   echo "$out" | grep -q "bucket.logs created"; then ok "partial failure: reported, dependents skipped, the rest applied"
else not_ok "partial failure: reported, dependents skipped, the rest applied" "rc=$rc $out"; fi
if echo "$out" | grep -q "HTTP 5[0-9][0-9]\|no answer"; then ok "partial failure: the error names the HTTP status"
else not_ok "partial failure: the error names the HTTP status" "$out"; fi
if inv_state "$P" | grep -q "e2e-logs-dev"; then ok "partial failure: completed work is in state"
else not_ok "partial failure: completed work is in state"; fi
cfemu_stop
cfemu_start "$tmp/emu" --data "$tmp/emu/data"
check "partial failure: the next apply converges" "$D" apply "$P" --stack dev --yes
check "partial failure: converged" converged "$P"

# --- --target -----------------------------------------------------------------------
printf 'bucket t1 {}\nbucket t2 {}\n' >>"$P/main.dome"
check "apply --target bucket.t1" "$D" apply "$P" --stack dev --yes --target bucket.t1
out=$(inv_cfemu)
if echo "$out" | grep -q e2e-t1-dev && ! echo "$out" | grep -q e2e-t2-dev; then ok "--target: only the target was created"
else not_ok "--target: only the target was created" "$out"; fi
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "+ 1 to create"; then ok "--target: the rest is still planned"; else not_ok "--target: the rest is still planned" "$out"; fi

# --- saved plans ------------------------------------------------------------------
check "preview --out saves a plan" "$D" preview "$P" --stack dev --out "$tmp/plan.json"
check "apply plan.json applies it" "$D" apply "$tmp/plan.json" --stack dev --yes
"$D" preview "$P" --stack dev --out "$tmp/plan2.json" >/dev/null 2>&1
printf 'bucket t3 {}\n' >>"$P/main.dome"
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1
out=$("$D" apply "$tmp/plan2.json" --stack dev --yes 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -q "moved since\|changed since"; then ok "apply plan.json refuses a stale plan"
else not_ok "apply plan.json refuses a stale plan" "$out"; fi

# --- protect --------------------------------------------------------------------------
sed -i 's/^database meta { location = "wnam" }$/database meta {\n  location = "wnam"\n  protect = true\n}/' "$P/main.dome"
check "protect: applying the flag" "$D" apply "$P" --stack dev --yes
sed -i 's/location = "wnam"/location = "weur"/' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "database.meta' is protected and would be replaced"; then ok "protect: a replace fails the plan"
else not_ok "protect: a replace fails the plan" "rc=$rc $out"; fi
sed -i 's/location = "weur"/location = "wnam"/' "$P/main.dome"
out=$("$D" destroy "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "protected and would be deleted" && inv_cfemu | grep -q e2e-meta-dev; then
  ok "protect: destroy refuses and deletes nothing"
else not_ok "protect: destroy refuses and deletes nothing" "rc=$rc $out"; fi
sed -i '/protect = true/d' "$P/main.dome"
check "protect: lifting the flag" "$D" apply "$P" --stack dev --yes

# --- destroy ---------------------------------------------------------------------------
check "destroy --yes" "$D" destroy "$P" --stack dev --yes
out=$(inv_cfemu)
if [ -z "$out" ]; then ok "destroy: nothing left in cfemu"; else not_ok "destroy: nothing left in cfemu" "$out"; fi

# --- two-phase cycle ------------------------------------------------------------------
C=$tmp/cycle
cp -R "$E2E/programs/cycle" "$C"
out=$("$D" preview "$C" --stack dev 2>&1)
if echo "$out" | grep -q "phase 2"; then ok "cycle: the plan shows phase 2"; else not_ok "cycle: the plan shows phase 2" "$out"; fi
"$D" apply "$C" --stack dev --yes --json >"$tmp/cj" 2>"$tmp/cj.err"
if python3 -c '
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
assert ev[0]["event"] == "plan" and len(ev[0]["plan"]["steps"]) == 3
assert ev[-1]["event"] == "summary" and ev[-1]["done"] == 3 and ev[-1]["failed"] == 0
assert sum(1 for e in ev if e["event"] == "done" and e["phase2"]) == 1
' "$tmp/cj"; then ok "cycle: apply --json streams plan, events and summary"
else not_ok "cycle: apply --json streams plan, events and summary" "$(cat "$tmp/cj" "$tmp/cj.err")"; fi
a=$(cf_get /workers/scripts/cyc-ping-dev/settings); b=$(cf_get /workers/scripts/cyc-pong-dev/settings)
if echo "$a" | grep -q '"service": "cyc-pong-dev"' && echo "$b" | grep -q '"service": "cyc-ping-dev"'; then
  ok "cycle: both workers are bound to each other"
else not_ok "cycle: both workers are bound to each other" "$a $b"; fi
check "cycle: converged" "$D" preview "$C" --stack dev --expect-no-changes
check "cycle: destroy" "$D" destroy "$C" --stack dev --yes
cfemu_stop

# --- every program in programs/, every stack: apply, then no perpetual diffs ---------
cfemu_start "$tmp/emu-progs"
# a program with a package-lock.json (programs/dome-full: esbuild for its
# TypeScript workers) gets its node_modules first, once, as tests/full does
for lock in "$TOP"/programs/*/package-lock.json; do
  [ -f "$lock" ] || continue
  out=$(npm_ci_once "$(dirname "$lock")") || not_ok "npm ci in $(dirname "$lock")" "$out"
done
for prog in "$TOP"/programs/*/; do
  name=$(basename "$prog")
  cp -R "$prog" "$tmp/prog-$name"
  for sf in "$prog"stacks/*.dome; do
    [ -f "$sf" ] || continue
    st=$(basename "$sf" .dome)
    if ! DOME_PASSPHRASE=${DEMO_PASSPHRASE:-dome-demo-passphrase} "$D" check "$tmp/prog-$name" --stack "$st" >/dev/null 2>&1; then
      echo "# skipped programs/$name stack $st: it does not check (e.g. an unset secret)"
      continue
    fi
    if out=$(DOME_PASSPHRASE=${DEMO_PASSPHRASE:-dome-demo-passphrase} sh -c '
          "$1" apply "$2" --stack "$3" --yes && "$1" preview "$2" --stack "$3" --expect-no-changes &&
          "$1" refresh "$2" --stack "$3" --expect-no-changes' sh "$D" "$tmp/prog-$name" "$st" 2>&1); then
      ok "programs/$name stack $st: applies, then preview and refresh show no changes"
    else not_ok "programs/$name stack $st: applies, then preview and refresh show no changes" "$out"; fi
  done
done
cfemu_stop

# --- the same program converges under injected faults --------------------------------
fresh_basic() { rm -rf "$1"; cp -R "$E2E/programs/basic" "$1"; cp "$P/stacks/dev.dome" "$1/stacks/dev.dome"; }
for fault in "--latency 30+-20" "--fail-rate 0.3" "--drop-rate 0.3" "--rate-limit 15/1"; do
  F=$tmp/fault
  fresh_basic "$F"
  rm -rf "$tmp/emu-f"
  cfemu_start "$tmp/emu-f" --seed 11 --data "$tmp/emu-f/data" $fault
  n=0
  until "$D" apply "$F" --stack dev --yes >"$tmp/fo" 2>&1 || [ $n -ge 3 ]; do n=$((n + 1)); done
  cfemu_stop
  cfemu_start "$tmp/emu-f" --data "$tmp/emu-f/data"
  if converged "$F" >"$tmp/fc" 2>&1; then ok "faults ($fault): converges to the program (extra applies: $n)"
  else not_ok "faults ($fault): converges to the program (extra applies: $n)" "$(cat "$tmp/fo" "$tmp/fc")"; fi
  "$D" destroy "$F" --stack dev --yes >/dev/null 2>&1
  cfemu_stop
done

. "$E2E/crash.sh"
