# e2e, continued (sourced by run.sh): a worker's dependents start once its
# script is uploaded; when the rest of its operation (the workers.dev
# switch) fails, the worker fails, its dependent is in place, and its
# state entry is not recorded until the next apply finishes it.
R=$tmp/early
RE=$tmp/emu-early
mkdir -p "$R/stacks"
printf '# early\nconfig {\n}\n' >"$R/stacks/dev.dome"
echo 'export default { fetch() { return new Response("ok"); } };' >"$R/index.js"
# edge ends the longest chain, so it is the worker created ahead of its
# upload (early_create.sh); front is uploaded the usual way
printf 'project "er" {\n  naming = "${project}-${name}-${stack}"\n}\nworker base {\n  main = "index.js"\n}\nworker front {\n  main = "index.js"\n  bindings {\n    BASE = worker.base\n  }\n}\nworker edge {\n  main = "index.js"\n  bindings {\n    FRONT = worker.front\n  }\n}\n' >"$R/main.dome"
cfemu_stop
CLOUDFLARE_ACCOUNT_ID=${CLOUDFLARE_ACCOUNT_ID:-0123456789abcdef0123456789abcdef}
cfemu_start "$RE" --data "$RE/data" --rate-limit 0 --fail-rate 1 --fault-path "/accounts/$CLOUDFLARE_ACCOUNT_ID/workers/scripts/er-base-dev/subdomain" \
  --log "$RE/log" || not_ok "early: cfemu starts"
out=$("$D" apply "$R" --stack dev --yes 2>&1); rc=$?
up_base=$(grep -n '"method":"PUT","path":"[^"]*/workers/scripts/er-base-dev"' "$RE/log" | head -1 | cut -d: -f1)
up_front=$(grep -n '"method":"PUT","path":"[^"]*/workers/scripts/er-front-dev"' "$RE/log" | head -1 | cut -d: -f1)
sub=$(grep -c '"path":"[^"]*/workers/scripts/er-base-dev/subdomain"' "$RE/log")
# before, a worker whose operation failed blocked its dependents: front was never uploaded
if [ $rc -eq 1 ] && echo "$out" | grep -q "worker.base" && [ -n "$up_front" ] && [ "$up_front" -gt "$up_base" ] &&
   [ "$sub" -ge 1 ]; then
  ok "early: the dependent worker is uploaded once the base script is, though the base's workers.dev switch fails (exit 1)"
else not_ok "early: the dependent uploads once the base script is in place" "rc=$rc base=$up_base front=$up_front subdomain posts=$sub $out"; fi
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["resources"]; sys.exit(0 if "worker.front" in r and "worker.edge" in r and "worker.base" not in r else 1)' "$R/.dome/dev.json"; then
  ok "early: the failed worker is not recorded in the state, its dependents are"
else not_ok "early: the failed worker is not recorded in the state, its dependents are" "$(cat "$R/.dome/dev.json")"; fi
cfemu_stop
# the same account (--data) without the fault
cfemu_start "$RE" --data "$RE/data" --rate-limit 0 --log "$RE/log" || not_ok "early: cfemu starts"
"$D" apply "$R" --stack dev --yes >"$tmp/eo" 2>&1; rc=$?
if [ $rc -eq 0 ] && "$D" preview "$R" --stack dev --expect-no-changes >/dev/null 2>&1 &&
   [ "$(cf_get /workers/scripts/er-base-dev/subdomain | python3 -c 'import json,sys; print(json.load(sys.stdin)["enabled"])')" = True ]; then
  ok "early: the next apply finishes the worker (workers.dev on), then nothing is left to change"
else not_ok "early: the next apply finishes the worker" "rc=$rc $(tail -5 "$tmp/eo")"; fi
cfemu_stop
