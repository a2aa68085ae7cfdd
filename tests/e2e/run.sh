#!/bin/sh
# Suite "e2e": domec preview/apply/refresh/destroy against cfemu on
# 127.0.0.1: create, no-change, update, replace, delete, drift and recovery,
# secrets, partial failure, --target, two-phase cycles, protect, lock
# contention, convergence under injected faults, the crash test, then
# an apply whose journal cannot grow (journal_full.sh), listing refresh,
# early release of a worker's dependents and early creates of workers
# (early_release.sh, early_create.sh).
. "$(dirname "$0")/../lib.sh"
. "$TOP/tests/e2e/lib_e2e.sh"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/domec-e2e.XXXXXX")
trap 'cfemu_stop; rm -rf "$tmp"' EXIT INT TERM
D="$BIN/domec"
P=$tmp/basic
SECRET="e2e-plain-secret-$$"

# the basic program with a freshly sealed secret in its dev stack
cp -R "$E2E/programs/basic" "$P"
printf '\n%s\n' "$SECRET" | DOME_PASSPHRASE=e2e-pass "$BIN/tests/seal_tool" api_key >"$P/stacks/dev.dome"
export DOME_PASSPHRASE=e2e-pass

cfemu_start "$tmp/emu" --data "$tmp/emu/data" --seed 7 --log "$tmp/emu/requests.log" || { not_ok "cfemu starts"; exit 0; }

# --- credentials ------------------------------------------------------------
out=$(env -u CLOUDFLARE_API_TOKEN "$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "CLOUDFLARE_API_TOKEN is not set"; then ok "credentials: a missing token names the variable"
else not_ok "credentials: a missing token names the variable" "$out"; fi
out=$(CLOUDFLARE_API_TOKEN=wrong-token-4711 "$D" apply "$P" --stack dev --yes --verbose 2>&1); rc=$?
if [ $rc -eq 2 ] && echo "$out" | grep -q "the API token was refused" && echo "$out" | grep -q "CLOUDFLARE_API_TOKEN" &&
   ! echo "$out" | grep -q "wrong-token-4711"; then ok "credentials: a rejected token is reported, never printed"
else not_ok "credentials: a rejected token is reported, never printed" "rc=$rc $out"; fi
rm -rf "$P/.dome"

# --- create --------------------------------------------------------------
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "+ 7 to create"; then ok "preview: 7 to create"; else not_ok "preview: 7 to create" "$out"; fi
if "$D" apply "$P" --stack dev </dev/null >"$tmp/o" 2>&1; then not_ok "apply without --yes off a terminal refuses"
elif grep -q -- "--yes" "$tmp/o"; then ok "apply without --yes off a terminal refuses"
else not_ok "apply without --yes off a terminal refuses" "$(cat "$tmp/o")"; fi
if "$D" apply "$P" --stack dev --yes --verbose >"$tmp/o" 2>&1; then ok "apply: creates the program"
else not_ok "apply: creates the program" "$(cat "$tmp/o")"; fi
if grep -q "PUT /accounts/.*/workers/scripts/e2e-api-dev" "$tmp/o" && ! grep -q -- "$CLOUDFLARE_API_TOKEN" "$tmp/o"; then
  ok "apply --verbose: traces requests, never the token"
else not_ok "apply --verbose: traces requests, never the token" "$(head -20 "$tmp/o")"; fi
check "apply: inventory equals state equals program" converged "$P"
check "preview --expect-no-changes after apply" "$D" preview "$P" --stack dev --expect-no-changes
check "refresh --expect-no-changes after apply" "$D" refresh "$P" --stack dev --expect-no-changes
out=$("$D" stack output "$P" --stack dev --json 2>&1)
if echo "$out" | grep -q '"api_name":[[:space:]]*"e2e-api-dev"'; then ok "stack output --json"; else not_ok "stack output --json" "$out"; fi

# --- secrets never leave in plaintext --------------------------------------
if grep -rq -- "$SECRET" "$P/.dome" "$tmp/o"; then not_ok "secret: no plaintext in state, history or output"
else ok "secret: no plaintext in state, history or output"; fi
s=$(cf_get /workers/scripts/e2e-api-dev/settings)
if echo "$s" | grep -q '"secret_text"' && ! echo "$s" | grep -q -- "$SECRET"; then ok "secret: uploaded as secret_text"
else not_ok "secret: uploaded as secret_text" "$s"; fi
if grep -q '"hash":[[:space:]]*"h1:' "$P/.dome/dev.json"; then ok "secret: state keeps a keyed hash"; else not_ok "secret: state keeps a keyed hash"; fi
printf '\n%s\n' "another-secret" | DOME_PASSPHRASE=e2e-pass "$BIN/tests/seal_tool" api_key >/dev/null
out=$(DOME_PASSPHRASE=wrong "$D" preview "$P" --stack dev 2>&1)
if [ $? -ne 0 ] && echo "$out" | grep -qi "passphrase"; then ok "secret: a wrong passphrase is refused"
else not_ok "secret: a wrong passphrase is refused" "$out"; fi

# --- update in place ---------------------------------------------------------
sed -i 's/LEVEL = "debug"/LEVEL = "info"/' "$P/main.dome"
out=$("$D" preview "$P" --stack dev --diff 2>&1)
if echo "$out" | grep -q "~ update.*worker.api" && echo "$out" | grep -q '"info"' &&
   ! echo "$out" | grep -q "h1:"; then ok "preview --diff: update in place, secrets (sensitive)"
else not_ok "preview --diff: update in place, secrets (sensitive)" "$out"; fi
n0=$(wc -l <"$tmp/emu/requests.log")
check "apply: update in place" "$D" apply "$P" --stack dev --yes
writes=$(sed -n "$((n0 + 1)),\$p" "$tmp/emu/requests.log" | grep -E '"method":"(PUT|POST|PATCH|DELETE)"')
if printf '%s\n' "$writes" | grep -q '"method":"PUT","path":"[^"]*/workers/scripts/e2e-api-dev"' &&
   ! printf '%s\n' "$writes" | grep -q '/secrets"'; then ok "update: a var change re-uploads the script, not the secrets"
else not_ok "update: a var change re-uploads the script, not the secrets" "$writes"; fi
s=$(cf_get /workers/scripts/e2e-api-dev/settings)
if echo "$s" | grep -q '"text": "info"'; then ok "update: the new var is live"; else not_ok "update: the new var is live" "$s"; fi

# --- a changed secret ------------------------------------------------------------
salt=$(sed -n 's/^  salt  = "\(.*\)"$/\1/p' "$P/stacks/dev.dome")
printf '%s\n%s\n' "$salt" "$SECRET-rotated" | DOME_PASSPHRASE=e2e-pass "$BIN/tests/seal_tool" api_key >"$P/stacks/dev.dome"
out=$("$D" preview "$P" --stack dev --diff 2>&1)
if echo "$out" | grep -q "update.*worker.api.*bindings" && echo "$out" | grep -q "(sensitive, changed)" &&
   ! echo "$out" | grep -q -- "$SECRET" && ! echo "$out" | grep -q "h1:"; then
  ok "preview --diff: a rotated secret shows as (sensitive, changed), never its value or hash"
else not_ok "preview --diff: a rotated secret shows as (sensitive, changed), never its value or hash" "$out"; fi
n0=$(wc -l <"$tmp/emu/requests.log")
check "apply: rotated secret" "$D" apply "$P" --stack dev --yes
# the rotation sends the one changed secret and nothing else: no script upload
writes=$(sed -n "$((n0 + 1)),\$p" "$tmp/emu/requests.log" | grep -E '"method":"(PUT|POST|PATCH|DELETE)"')
puts=$(printf '%s\n' "$writes" | grep -c '"method":"PUT","path":"[^"]*/workers/scripts/e2e-api-dev/secrets"')
if [ "$puts" -eq 1 ] && [ "$(printf '%s\n' "$writes" | grep -c .)" -eq 1 ]; then
  ok "rotated secret: apply sends exactly one secrets PUT and no script upload"
else not_ok "rotated secret: apply sends exactly one secrets PUT and no script upload" "$writes"; fi
check "rotated secret: preview shows no changes" "$D" preview "$P" --stack dev --expect-no-changes
s=$(cf_get /workers/scripts/e2e-api-dev/settings)
if echo "$s" | grep -q '"secret_text"' && echo "$s" | grep -q '"text": "info"'; then
  ok "rotated secret: the binding is still a secret and the other bindings are intact"
else not_ok "rotated secret: the binding is still a secret and the other bindings are intact" "$s"; fi
if grep -rq -- "$SECRET" "$P/.dome"; then not_ok "rotated secret: no plaintext in state"; else ok "rotated secret: no plaintext in state"; fi

# --- replace -------------------------------------------------------------------
sed -i 's/dimensions = 768/dimensions = 1536/' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "replace.*index.emb.*dimensions"; then ok "preview: dimensions force a replace"
else not_ok "preview: dimensions force a replace" "$out"; fi
check "apply: replace" "$D" apply "$P" --stack dev --yes
if cf_get /vectorize/v2/indexes/e2e-emb-dev | grep -q '"dimensions": 1536'; then ok "replace: the index has the new dimensions"
else not_ok "replace: the index has the new dimensions"; fi
check "replace: converged" converged "$P"

# --- delete ------------------------------------------------------------------
sed -i '/^bucket extra {}$/d' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "delete.*bucket.extra"; then ok "preview: a removed resource is deleted"
else not_ok "preview: a removed resource is deleted" "$out"; fi
check "apply: delete" "$D" apply "$P" --stack dev --yes
if inv_cfemu | grep -q "e2e-extra-dev"; then not_ok "delete: the bucket is gone"; else ok "delete: the bucket is gone"; fi

# --- drift and recovery ----------------------------------------------------------
qid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["queue.events"]["id"])' "$P/.dome/dev.json")
cf PATCH "/queues/$qid" '{"queue_name":"e2e-events-dev","settings":{"delivery_delay":30}}' >/dev/null
cf DELETE /vectorize/v2/indexes/e2e-emb-dev >/dev/null
cid=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["resources"]["worker.api"]["extra"]["consumers"][0]["consumer_id"])' "$P/.dome/dev.json")
cf DELETE "/queues/$qid/consumers/$cid" >/dev/null
out=$("$D" refresh "$P" --stack dev --expect-no-changes 2>&1); rc=$?
if [ $rc -eq 3 ] && echo "$out" | grep -q "queue.events.*changed out of band.*delivery_delay" &&
   echo "$out" | grep -q "index.emb.*deleted out of band" &&
   echo "$out" | grep -q "worker.api.*changed out of band.*consumers"; then ok "refresh: shows drift (changed and deleted)"
else not_ok "refresh: shows drift (changed and deleted)" "rc=$rc $out"; fi
out=$("$D" refresh "$P" --stack dev --json --expect-no-changes 2>/dev/null); rc=$?
if [ $rc -eq 3 ] && printf '%s' "$out" | jq -e -s 'length == 1 and .[0].written == false and
     (.[0].drift | map(select(.key == "index.emb" and .status == "deleted")) | length == 1) and
     (.[0].drift | map(select(.key == "queue.events" and .status == "changed" and (.changed | index("delivery_delay")))) | length == 1)' >/dev/null
then ok "refresh --json: the drift as one JSON document, exit 3, nothing written"
else not_ok "refresh --json: the drift as one JSON document, exit 3, nothing written" "rc=$rc $out"; fi
check "refresh --yes records the drift" "$D" refresh "$P" --stack dev --yes
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "create.*index.emb" && echo "$out" | grep -q "update.*queue.events"; then
  ok "preview after refresh: recreate and repair"
else not_ok "preview after refresh: recreate and repair" "$out"; fi
check "apply: recovers from out-of-band changes" "$D" apply "$P" --stack dev --yes
check "recovery: converged" converged "$P"
cf DELETE /vectorize/v2/indexes/e2e-emb-dev >/dev/null
out=$("$D" apply "$P" --stack dev --yes --refresh 2>&1); rc=$?
if [ $rc -eq 0 ] && echo "$out" | grep -q "index.emb.*deleted out of band" && echo "$out" | grep -q "index.emb created"; then
  ok "apply --refresh: repairs an out-of-band deletion in one run"
else not_ok "apply --refresh: repairs an out-of-band deletion in one run" "rc=$rc $out"; fi
check "apply --refresh: converged" converged "$P"

# --- rename in place -------------------------------------------------------------
sed -i 's/^queue events {}$/queue events { name = "e2e-events-renamed" }/' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update.*queue.events.*\[name\]" && echo "$out" | grep -q "update.*worker.api"; then
  ok "preview: a queue rename updates in place, and the worker bound to it"
else not_ok "preview: a queue rename updates in place, and the worker bound to it" "$out"; fi
check "apply: rename" "$D" apply "$P" --stack dev --yes
s=$(cf_get /workers/scripts/e2e-api-dev/settings)
if echo "$s" | grep -q '"queue_name": "e2e-events-renamed"' && inv_cfemu | grep -q "consumer e2e-events-renamed e2e-api-dev"; then
  ok "rename: the binding and the consumer follow the new name"
else not_ok "rename: the binding and the consumer follow the new name" "$s"; fi
check "rename: converged" converged "$P"

# --- lock contention -----------------------------------------------------------
printf '{"pid": %d, "host": "%s", "time": "now", "command": "apply"}' $$ "$(hostname)" >"$P/.dome/dev.lock"
out=$("$D" apply "$P" --stack dev --yes 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "locked by 'apply' (pid $$"; then ok "lock: a second apply fails at once, naming the holder"
else not_ok "lock: a second apply fails at once, naming the holder" "$out"; fi
rm -f "$P/.dome/dev.lock"

. "$E2E/more.sh"
. "$E2E/journal_full.sh"
. "$E2E/listing.sh"
. "$E2E/early_release.sh"
. "$E2E/early_create.sh"
exit 0
