# tests/full: KV namespaces: create, bind, rename in place, drift, delete.
# Sourced by run.sh (cfemu, $D, program, py and the e2e helpers are set there).
P=$tmp/kv
program "$P" 'kv auth_tokens {}
worker auth {
  main = "index.js"
  compatibility_date = "2025-04-15"
  bindings { AUTH_TOKENS = kv.auth_tokens }
}'
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "create   kv  *kv.auth_tokens .*fl-auth-tokens-dev"; then ok "kv: preview creates the namespace, titled by naming"
else not_ok "kv: preview creates the namespace, titled by naming" "$out"; fi
check "kv: apply" "$D" apply "$P" --stack dev --yes
id=$(py 'd["resources"]["kv.auth_tokens"]["id"]' "$(cat "$P/.dome/dev.json")")
s=$(cf_get /workers/scripts/fl-auth-dev/settings)
if [ -n "$id" ] && [ "$(py '[b["namespace_id"] for b in d["bindings"] if b["type"]=="kv_namespace"][0]' "$s")" = "$id" ]; then
  ok "kv: the worker's AUTH_TOKENS binding names the namespace id"
else not_ok "kv: the worker's AUTH_TOKENS binding names the namespace id" "$id $s"; fi
check "kv: converged (cfemu holds what state lists)" converged "$P"
check "kv: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# a new title is a rename in place: same id, no replace
sed -i 's/kv auth_tokens {}/kv auth_tokens { name = "fl-tokens-renamed" }/' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update   kv  *kv.auth_tokens" && ! echo "$out" | grep -q "replace  kv"; then ok "kv: a new title updates in place"
else not_ok "kv: a new title updates in place" "$out"; fi
check "kv: apply the rename" "$D" apply "$P" --stack dev --yes
ns=$(cf_get "/storage/kv/namespaces/$id")
if [ "$(py 'd["title"]' "$ns")" = "fl-tokens-renamed" ]; then ok "kv: renamed, same id"
else not_ok "kv: renamed, same id" "$ns"; fi
check "kv: converged after the rename" converged "$P"

# a rename out of band is drift, and the next apply puts it back
cf PUT "/storage/kv/namespaces/$id" '{"title":"someone-else"}' >/dev/null
out=$("$D" refresh "$P" --stack dev 2>&1)
if echo "$out" | grep -q "kv.auth_tokens.*changed out of band"; then ok "kv: refresh reports an out-of-band rename"
else not_ok "kv: refresh reports an out-of-band rename" "$out"; fi
"$D" apply "$P" --stack dev --yes --refresh >/dev/null 2>&1
check "kv: apply --refresh puts the title back" converged "$P"

# removing the namespace and its binding deletes it
program "$P" 'worker auth {
  main = "index.js"
  compatibility_date = "2025-04-15"
}'
check "kv: apply without the namespace" "$D" apply "$P" --stack dev --yes
if inv_cfemu | grep -q "^kv "; then not_ok "kv: deleted from cfemu" "$(inv_cfemu)"; else ok "kv: deleted from cfemu"; fi
check "kv: destroy" "$D" destroy "$P" --stack dev --yes
