# tests/full: programs/dome-full, the real Dome system: every stack checks
# clean; dev applies (each worker's TypeScript bundled by esbuild, each
# database's migrations run and recorded in d1_migrations), then preview and
# refresh show no changes; editing one imported file changes exactly that
# worker; a new migration and a realistic change apply; destroy leaves cfemu
# empty. esbuild and hono come from npm, pinned in the program's
# package-lock.json (installed once into programs/dome-full/node_modules).
if ! command -v npm >/dev/null 2>&1; then
  not_ok "dome-full: npm is needed to install esbuild (programs/dome-full/package.json)"; return 0
fi
if ! out=$(npm_ci_once "$TOP/programs/dome-full"); then
  not_ok "dome-full: npm ci in programs/dome-full" "$out"; return 0
fi
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
# Each worker went up as one esbuild bundle holding its relative imports
# (and dome-api's hono), nothing left to resolve but node:* builtins.
dc() { python3 "$TOP/tests/full/dome_check.py" "$@"; }
while IFS='|' read -r svc marker1 marker2; do
  if o=$(dc bundle "$svc-dev" "$marker1" "$marker2" 2>&1); then ok "dome-full: $svc is uploaded as one bundle with its imports"
  else not_ok "dome-full: $svc is uploaded as one bundle with its imports" "$o"; fi
done <<'EOF_BUNDLES'
dome-api|ingest queued|next() called multiple times
auth|revoked:|SELECT id, email FROM users WHERE email = ?
chat|FROM checkpoints WHERE run_id|@cf/meta/llama-3.1-8b-instruct
constellation|@cf/baai/bge-large-en-v1.5|embedding failed
ai-processor|Answer with JSON only|from "node:buffer"
silo|silo: no handler for queue|INSERT OR IGNORE INTO contents
todos|INSERT INTO todos|ORDER BY created_at DESC
tsunami|CREATE TABLE IF NOT EXISTS cursor|var ResourceObject = class
EOF_BUNDLES
if dc module tsunami-dev | tr -d ' \n' | grep -q 'export{ResourceObject,'; then ok "dome-full: tsunami's bundle exports ResourceObject"
else not_ok "dome-full: tsunami's bundle exports ResourceObject" "$(dc module tsunami-dev | tail -5)"; fi
# Each database ran its migrations, recorded in wrangler's d1_migrations.
while IFS='|' read -r db svc; do
  check "dome-full: $db-dev ran services/$svc/migrations and recorded them in d1_migrations" \
    dc migrations "$db-dev" "$F/services/$svc/migrations"
done <<'EOF_DBS'
auth-db|auth
chat-db|chat
silo|silo
todos-db|todos
sync-plan|tsunami
EOF_DBS
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
# Editing one imported file changes exactly the worker that bundles it.
sed -i 's/ORDER BY created_at DESC/ORDER BY updated_at DESC/' "$F/services/todos/src/todos.ts"
out=$("$D" preview "$F" --stack dev 2>&1)
if [ "$(echo "$out" | grep -c '^ ~ ')" = 1 ] && echo "$out" | grep -q '^ ~ update *worker *worker.todos .*\[code_hash\]' &&
   echo "$out" | grep -q "~ 1 to update"; then ok "dome-full: editing services/todos/src/todos.ts changes only worker.todos"
else not_ok "dome-full: editing services/todos/src/todos.ts changes only worker.todos" "$out"; fi
check "dome-full: apply the edited todos" "$D" apply "$F" --stack dev --yes
check "dome-full: the new todos bundle is uploaded" dc bundle todos-dev "ORDER BY updated_at DESC"
# A new migration is pending on its database only, and apply runs just it.
printf 'ALTER TABLE `todos` ADD `priority` integer DEFAULT 0 NOT NULL;\n' >"$F/services/todos/migrations/0001_todo_priority.sql"
out=$("$D" preview "$F" --stack dev 2>&1)
if [ "$(echo "$out" | grep -c '^ ~ ')" = 1 ] &&
   echo "$out" | grep -q '^ ~ update *database *database.todos_db .*(pending migrations: 0001_todo_priority.sql)'; then
  ok "dome-full: a new migration file is pending on todos-db only"
else not_ok "dome-full: a new migration file is pending on todos-db only" "$out"; fi
check "dome-full: apply the new migration" "$D" apply "$F" --stack dev --yes
check "dome-full: todos-db recorded both migrations" dc migrations todos-db-dev "$F/services/todos/migrations"
check "dome-full: converged after the edit and the migration" converged "$F"
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
