# tests/safety: Hostile or broken input: module paths, garbled API answers (restarts cfemu: keep last).
# Sourced by run.sh (cfemu, $D, $LOG and the helpers are set there).

# --- 12. modules come from inside the program directory only -------------------
P=$tmp/paths
mkdir -p "$P" "$tmp/elsewhere"
echo 'export default {}' >"$tmp/elsewhere/evil.js"
ln -sf "$tmp/elsewhere/evil.js" "$P/link.js"
mkdir -p "$P/adir"
for main in /proc/self/environ ../elsewhere/evil.js link.js adir; do
  program "$P" "worker w {
  name = \"paths-w\"
  main = \"$main\"
  compatibility_date = \"2025-01-01\"
}"
  : >"$LOG"
  out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
  if [ $rc -eq 1 ] && echo "$out" | grep -q "outside the program directory\|not a regular file" &&
     ! grep -q '"PUT"' "$LOG"; then ok "paths: main = \"$main\" is refused and nothing is uploaded"
  else not_ok "paths: main = \"$main\" is refused and nothing is uploaded" "rc=$rc $out"; fi
done
ln -sf index.js "$P/inside.js"
program "$P" "$(worker w paths-w | sed 's/index.js/inside.js/')"
check "paths: a symlink to a file inside the program directory is fine" "$D" apply "$P" --stack dev --yes

# --- 13. a 2xx answer that is not Cloudflare's JSON counts as lost -------------------
cfemu_stop
cfemu_start "$tmp/emu-garble" --log "$LOG" --garble-rate 1 --fault-path /accounts/$CLOUDFLARE_ACCOUNT_ID/d1/database \
  --fault-path /accounts/$CLOUDFLARE_ACCOUNT_ID/queues --seed 3 || not_ok "cfemu starts with --garble-rate"
P=$tmp/garble
program "$P" 'database meta { name = "gb-meta" }
queue jobs { name = "gb-jobs" }'
"$D" apply "$P" --stack dev --yes >"$tmp/o" 2>&1; rc=$?
if python3 - "$(st_file "$P")" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["resources"]
assert r["database.meta"]["id"] and r["queue.jobs"]["id"], r
PY
then ok "garbled answers: a created database and queue are recorded with their real ids (found by name)"
else not_ok "garbled answers: a created database and queue are recorded with their real ids (found by name)" "rc=$rc $(cat "$tmp/o")"; fi
cfemu_stop
cfemu_start "$tmp/emu-garble" --log "$LOG" --seed 3 || not_ok "cfemu restarts"
check "garbled answers: the next apply has nothing to do" "$D" preview "$P" --stack dev --expect-no-changes
