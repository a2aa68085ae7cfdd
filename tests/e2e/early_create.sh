# e2e, continued (sourced by run.sh): a new worker at the end of the run's
# longest chain is created ahead of its upload with its workers.dev switch
# set (POST /workers/workers), so no switch follows its upload; a name
# already taken falls back to the switch after the upload; when its
# dependency fails or the run is interrupted, the worker created early is
# kept in the state as a pending create, which destroy deletes and the
# next apply finishes.
R=$tmp/ecreate
RE=$tmp/emu-ecreate
mkdir -p "$R/stacks"
printf '# early create\nconfig {\n}\n' >"$R/stacks/dev.dome"
echo 'export default { fetch() { return new Response("ok"); } };' >"$R/index.js"
printf 'project "ec" {\n  naming = "${project}-${name}-${stack}"\n}\nbucket b {}\nworker w {\n  main = "index.js"\n  bindings {\n    B = bucket.b\n  }\n}\n' >"$R/main.dome"
CLOUDFLARE_ACCOUNT_ID=${CLOUDFLARE_ACCOUNT_ID:-0123456789abcdef0123456789abcdef}
W=ec-w-dev
line_of() { grep -n "$1" "$RE/log" | head -1 | cut -d: -f1; }
subdomain_of() { cf_get "/workers/scripts/$W/subdomain" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["enabled"], d["previews_enabled"])'; }
pending_of() { st_state "$R" | python3 -c 'import json,sys; print(json.load(sys.stdin)["resources"].get("worker.w", {}).get("pending", "-"))'; }
ec_emu() { cfemu_stop; cfemu_start "$RE" --data "$RE/data" --rate-limit 0 --log "$RE/log" "$@" || not_ok "early create: cfemu starts"; }

# 1. the worker is created early; no switch after its upload
rm -rf "$RE"; ec_emu
out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
early=$(line_of '"method":"POST","path":"[^"]*/workers/workers"')
upload=$(line_of "\"method\":\"PUT\",\"path\":\"[^\"]*/workers/scripts/$W\"")
switches=$(grep -c "/workers/scripts/$W/subdomain\"" "$RE/log")
if [ $rc -eq 0 ] && [ -n "$early" ] && [ -n "$upload" ] && [ "$early" -lt "$upload" ] && [ "$switches" -eq 0 ] &&
   [ "$(subdomain_of)" = "True True" ]; then
  ok "early create: the worker is created with workers.dev on before its upload, and no switch follows the upload"
else not_ok "early create: the worker is created with workers.dev on before its upload" \
  "rc=$rc early=$early upload=$upload switches=$switches subdomain=$(subdomain_of) $out"; fi
if converged "$R" >"$tmp/ec.conv" 2>&1 && [ "$(pending_of)" = "-" ]; then ok "early create: converged, no pending entry"
else not_ok "early create: converged, no pending entry" "pending=$(pending_of) $(cat "$tmp/ec.conv")"; fi
"$D" destroy "$R" --stack dev --yes >/dev/null 2>&1

# 2. the name is taken (a worker made outside domec): refused, so the
# upload takes it over and the switch follows it as before
rm -rf "$RE" "$R/.dome"; ec_emu
cf POST /workers/workers "{\"name\":\"$W\",\"subdomain\":{\"enabled\":false}}" >/dev/null
out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
refused=$(grep -c '"method":"POST","path":"[^"]*/workers/workers","query":"[^"]*","status":409' "$RE/log")
switches=$(grep -c "\"method\":\"POST\",\"path\":\"[^\"]*/workers/scripts/$W/subdomain\"" "$RE/log")
if [ $rc -eq 0 ] && [ "$refused" -eq 1 ] && [ "$switches" -eq 1 ] && [ "$(subdomain_of)" = "True True" ] &&
   converged "$R" >"$tmp/ec.conv" 2>&1; then
  ok "early create: a name already taken is refused (409); the upload takes it over and the switch follows"
else not_ok "early create: a name already taken falls back to the switch after the upload" \
  "rc=$rc refused=$refused switches=$switches subdomain=$(subdomain_of) $out $(cat "$tmp/ec.conv")"; fi
"$D" destroy "$R" --stack dev --yes >/dev/null 2>&1

# 3. its dependency fails after the worker was created early
ec_fail() {
  rm -rf "$R/.dome"
  ec_emu --fail-rate 1 --fault-method POST --fault-path "/accounts/$CLOUDFLARE_ACCOUNT_ID/r2/buckets"
  out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
  ec_emu
}
rm -rf "$RE"; ec_fail
if [ $rc -eq 1 ] && [ "$(pending_of)" = create ] && cf_get "/workers/workers/$W" >/dev/null 2>&1 &&
   echo "$out" | grep -q "worker.w skipped (a dependency failed); created ahead of its upload, it is kept in the state as a pending create"; then
  ok "early create: the bucket fails; the worker created early is kept in the state as a pending create (exit 1)"
else not_ok "early create: the worker created early is kept as a pending create" \
  "rc=$rc pending=$(pending_of) $out $(st_state "$R")"; fi
out=$("$D" destroy "$R" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 0 ] && ! cf_get "/workers/workers/$W" >/dev/null 2>&1 && [ -z "$(inv_cfemu)" ]; then
  ok "early create: destroy deletes that worker; nothing is left behind"
else not_ok "early create: destroy deletes the worker created early" "rc=$rc $out $(inv_cfemu)"; fi
ec_fail
out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 0 ] && [ "$(pending_of)" = "-" ] && [ "$(subdomain_of)" = "True True" ] &&
   converged "$R" >"$tmp/ec.conv" 2>&1; then
  ok "early create: the next apply uploads the pending worker and converges"
else not_ok "early create: the next apply finishes the pending worker" \
  "rc=$rc pending=$(pending_of) $out $(cat "$tmp/ec.conv")"; fi
"$D" destroy "$R" --stack dev --yes >/dev/null 2>&1

# 4. Ctrl-C while the worker created early waits for its bucket (slowed
# down): the bucket's create finishes, the worker is kept pending
rm -rf "$R/.dome"
ec_emu --latency 1500 --fault-method POST --fault-path "/accounts/$CLOUDFLARE_ACCOUNT_ID/r2/buckets"
res=$(python3 "$E2E/sigrun.py" "$tmp/ec.int" --after '[.][.][.] create +worker[.]w' 1 0.3:INT -- \
  "$D" apply "$R" --stack dev --yes)
ec_emu
if [ "$res" = "exit 130" ] && [ "$(pending_of)" = create ] && cf_get "/workers/workers/$W" >/dev/null 2>&1 &&
   grep -q "worker.w not uploaded: interrupted; created ahead of its upload, it is kept in the state as a pending create" "$tmp/ec.int"; then
  ok "early create: interrupted while it waits, the worker created early is kept pending (exit 130)"
else not_ok "early create: interrupted while it waits, the worker is kept pending" \
  "$res pending=$(pending_of) $(cat "$tmp/ec.int")"; fi
out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 0 ] && [ "$(pending_of)" = "-" ] && converged "$R" >"$tmp/ec.conv" 2>&1; then
  ok "early create: after the interruption the next apply converges"
else not_ok "early create: after the interruption the next apply converges" "rc=$rc $out $(cat "$tmp/ec.conv")"; fi
"$D" destroy "$R" --stack dev --yes >/dev/null 2>&1

# 5. what it binds is uploaded, then fails (its route is on no zone of the
# account) while the early create is still on its way (slowed down): the
# worker is blocked as by any failed dependency, not uploaded against a
# binding the state no longer holds, and kept pending
R2=$tmp/ecreate2
mkdir -p "$R2/stacks"
cp "$R/stacks/dev.dome" "$R2/stacks/dev.dome"; cp "$R/index.js" "$R2/index.js"
printf 'project "ec" {\n  naming = "${project}-${name}-${stack}"\n}\nworker base {\n  main = "index.js"\n  routes = ["nowhere.example/*"]\n}\nworker w {\n  main = "index.js"\n  bindings {\n    BASE = worker.base\n  }\n}\n' >"$R2/main.dome"
ec_emu --latency 1500 --fault-method POST --fault-path "/accounts/$CLOUDFLARE_ACCOUNT_ID/workers/workers"
out=$("$D" apply "$R2" --stack dev --yes 2>&1); rc=$?
w_pending=$(st_state "$R2" | python3 -c 'import json,sys; r=json.load(sys.stdin)["resources"]; print(r.get("worker.w", {}).get("pending", "-"), "worker.base" in r)')
if [ $rc -eq 1 ] && echo "$out" | grep -q "worker.base failed" && ! echo "$out" | grep -q "does not exist yet" &&
   echo "$out" | grep -q "worker.w skipped (a dependency failed); created ahead of its upload" &&
   [ "$w_pending" = "create False" ]; then
  ok "early create: what it binds fails after its upload while the early create is on its way: the worker is skipped and kept pending"
else not_ok "early create: a dependency failing after its upload blocks the parked worker" "rc=$rc state=$w_pending $out"; fi
ec_emu
"$D" destroy "$R2" --stack dev --yes >/dev/null 2>&1
cfemu_stop
