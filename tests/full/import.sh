# tests/full: importing a worker whose KV binding is not imported never
# strips that binding; import --discover adopts KV namespaces and binds them.
P=$tmp/imp
program "$P" ''
ns=$(cf POST /storage/kv/namespaces '{"title":"imp-tokens"}')
nsid=$(py 'd["result"]["id"]' "$ns")
echo 'export default { fetch() { return new Response("ok") } }' >"$tmp/w.js"
curl -s -X PUT -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$(api)/workers/scripts/imp-auth" \
  -F "metadata={\"main_module\":\"index.js\",\"compatibility_date\":\"2025-04-15\",\"observability\":{\"enabled\":true,\"head_sampling_rate\":1},\"bindings\":[{\"type\":\"kv_namespace\",\"name\":\"AUTH_TOKENS\",\"namespace_id\":\"$nsid\"},{\"type\":\"plain_text\",\"name\":\"MODE\",\"text\":\"a\"}]};type=application/json" \
  -F "index.js=@$tmp/w.js;filename=index.js;type=application/javascript+module" >/dev/null
out=$("$D" import worker.auth imp-auth --stack dev --dir "$P" 2>&1)
if echo "$out" | grep -q "# AUTH_TOKENS: a kv_namespace binding to '$nsid', which is not imported"; then
  ok "import: a KV binding whose namespace is not imported is printed as kept"
else not_ok "import: a KV binding whose namespace is not imported is printed as kept" "$out"; fi
if echo "$out" | grep -q "observability {" && echo "$out" | grep -q "enabled *= true"; then ok "import: observability is imported"
else not_ok "import: observability is imported" "$out"; fi
program "$P" 'worker auth {
  name = "imp-auth"
  main = "index.js"
  compatibility_date = "2025-04-15"
  workers_dev = false
  observability {
    enabled            = true
    head_sampling_rate = 1
  }
  vars { MODE = "b" }
}'
check "import: apply a change to the imported worker" "$D" apply "$P" --stack dev --yes
s=$(cf_get /workers/scripts/imp-auth/settings)
if [ "$(py '[b.get("namespace_id") for b in d["bindings"] if b["name"]=="AUTH_TOKENS"][0]' "$s")" = "$nsid" ] &&
   [ "$(py '[b["text"] for b in d["bindings"] if b["name"]=="MODE"][0]' "$s")" = "b" ]; then
  ok "import: the apply kept AUTH_TOKENS (and set MODE)"
else not_ok "import: the apply kept AUTH_TOKENS (and set MODE)" "$s"; fi
check "import: then no changes" "$D" preview "$P" --stack dev --expect-no-changes

# importing the namespace lets the program declare the binding
out=$("$D" import kv.tokens "$nsid" --stack dev --dir "$P" 2>&1)
if echo "$out" | grep -q '^kv tokens {' && echo "$out" | grep -q 'name = "imp-tokens"'; then ok "import: kv namespace by id"
else not_ok "import: kv namespace by id" "$out"; fi
program "$P" 'kv tokens { name = "imp-tokens" }
worker auth {
  name = "imp-auth"
  main = "index.js"
  compatibility_date = "2025-04-15"
  workers_dev = false
  observability {
    enabled            = true
    head_sampling_rate = 1
  }
  bindings { AUTH_TOKENS = kv.tokens }
  vars { MODE = "b" }
}'
check "import: apply with the namespace declared" "$D" apply "$P" --stack dev --yes --refresh
check "import: converged" converged "$P"
check "import: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# --discover adopts the namespace and the binding together
R=$tmp/disc
mkdir -p "$R/stacks" && : >"$R/stacks/dev.dome"
if (cd "$R" && "$D" import --discover --stack dev >existing.dome 2>"$tmp/disc.err"); then ok "discover: runs"
else not_ok "discover: runs" "$(cat "$tmp/disc.err")"; fi
if grep -q '^kv imp_tokens {' "$R/existing.dome" && grep -q 'AUTH_TOKENS = kv.imp_tokens' "$R/existing.dome"; then
  ok "discover: the namespace and the worker's binding to it"
else not_ok "discover: the namespace and the worker's binding to it" "$(cat "$R/existing.dome")"; fi
printf 'project "disc" {\n  naming = "${name}"\n}\n' >"$R/project.dome"
check "discover: then no changes" "$D" preview "$R" --stack dev --expect-no-changes
check "import: destroy" "$D" destroy "$P" --stack dev --yes
