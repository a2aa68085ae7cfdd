# tests/full: programs/dome-full, the real Dome system: every stack checks
# clean; dev applies, then preview and refresh show no changes; a realistic
# change applies; destroy leaves cfemu empty.
F=$tmp/dome-full
cp -R "$TOP/programs/dome-full" "$F"
export DOME_PASSPHRASE=dome-demo-passphrase
for s in dev staging prod; do check "dome-full: check --stack $s" "$D" check "$F" --stack "$s"; done
check "dome-full: apply dev" "$D" apply "$F" --stack dev --yes
inv=$(inv_cfemu)
n() { printf '%s\n' "$inv" | grep -c "^$1 "; }
if [ "$(n worker)" = 8 ] && [ "$(n database)" = 5 ] && [ "$(n bucket)" = 1 ] && [ "$(n index)" = 1 ] &&
   [ "$(n kv)" = 1 ] && [ "$(n queue)" = 10 ] && [ "$(n consumer)" = 9 ]; then
  ok "dome-full: 8 workers, 5 databases, a bucket, an index, a KV namespace, 10 queues, 9 consumers"
else not_ok "dome-full: 8 workers, 5 databases, a bucket, an index, a KV namespace, 10 queues, 9 consumers" "$inv"; fi
ns=$(cf_get /workers/durable_objects/namespaces)
if [ "$(py '[(n["class"], n["script"]) for n in d]' "$ns")" = "[('ResourceObject', 'tsunami-dev')]" ]; then ok "dome-full: tsunami hosts ResourceObject"
else not_ok "dome-full: tsunami hosts ResourceObject" "$ns"; fi
sub=$(cf_get /workers/scripts/dome-api-dev/subdomain)
if [ "$(py 'd["enabled"]' "$sub")" = "True" ]; then ok "dome-full: dome-api is on workers.dev"; else not_ok "dome-full: dome-api is on workers.dev" "$sub"; fi
st=$(cat "$F/.dome/dev.json")
bk=$(py 'd["resources"]["bucket.silo_content"]["name"]' "$st")
ix=$(py 'd["resources"]["index.dome_notes"]["name"]' "$st")
rl=$(cf_get "/event_notifications/r2/$bk/configuration")
if [ "$(py '[(q["queueName"], sorted(r["actions"])) for q in d["queues"] for r in q["rules"]]' "$rl")" = \
     "[('silo-content-uploaded-dev', ['CompleteMultipartUpload', 'CopyObject', 'PutObject'])]" ]; then
  ok "dome-full: silo-content uploads notify silo-content-uploaded"
else not_ok "dome-full: silo-content uploads notify silo-content-uploaded" "$rl"; fi
mi=$(cf_get "/vectorize/v2/indexes/$ix/metadata_index/list")
if [ "$(py 'sorted((m["propertyName"], m["indexType"]) for m in d["metadataIndexes"])' "$mi")" = \
     "[('noteId', 'string'), ('userId', 'string'), ('version', 'number')]" ]; then
  ok "dome-full: dome-notes has the userId, noteId and version metadata indexes"
else not_ok "dome-full: dome-notes has the userId, noteId and version metadata indexes" "$mi"; fi
check "dome-full: converged" converged "$F"
check "dome-full: refresh shows no changes" "$D" refresh "$F" --stack dev --expect-no-changes
# a realistic change: constellation gets more concurrency, auth a new var
sed -i 's/max_concurrency = 3/max_concurrency = 5/' "$F/workers.dome"
sed -i '/^worker auth {/,/^}/ s/    VERSION     = "0.1.0"/    VERSION     = "0.2.0"/' "$F/workers.dome"
out=$("$D" preview "$F" --stack dev 2>&1)
if echo "$out" | grep -q "~ 2 to update"; then ok "dome-full: the change updates two workers"; else not_ok "dome-full: the change updates two workers" "$out"; fi
check "dome-full: apply the change" "$D" apply "$F" --stack dev --yes
check "dome-full: converged after the change" converged "$F"
check "dome-full: destroy dev" "$D" destroy "$F" --stack dev --yes
if [ -z "$(inv_cfemu)" ] && [ "$(cf_get /workers/durable_objects/namespaces)" = "[]" ]; then ok "dome-full: cfemu is empty after destroy"
else not_ok "dome-full: cfemu is empty after destroy" "$(inv_cfemu)"; fi
