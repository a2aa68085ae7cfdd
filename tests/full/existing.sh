# tests/full: `existing` references to resources another team manages: a D1
# database and a queue made out of band (curl), referenced by name and by id,
# bound by a worker; an unknown one is a plan error; removing the block or
# destroying the stack leaves them on Cloudflare.
P=$tmp/existing
db=$(cf POST /d1/database '{"name":"legacy-db"}')
db_id=$(py 'd["result"]["uuid"]' "$db")
q=$(cf POST /queues '{"queue_name":"other-team-events"}')
q_id=$(py 'd["result"]["queue_id"]' "$q")
[ -n "$db_id" ] && [ -n "$q_id" ] && ok "existing: database and queue made out of band" ||
  not_ok "existing: database and queue made out of band" "$db $q"
body() { # body DATABASE-EXISTING
  program "$P" "database legacy { existing = \"$1\" }
queue shared { existing = \"$q_id\" }
worker api {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  bindings {
    LEGACY = database.legacy
    SHARED = queue.shared
  }
}"
}
body legacy-db
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "= read  *database  *database.legacy  *legacy-db (existing, id $db_id)" &&
   echo "$out" | grep -q "= read  *queue  *queue.shared  *other-team-events (existing, id $q_id)" &&
   echo "$out" | grep -q "+ 1 to create, ~ 0 to update, ± 0 to replace, - 0 to delete"; then
  ok "existing: preview reads the references (by name and by id) and creates only the worker"
else not_ok "existing: preview reads the references (by name and by id) and creates only the worker" "$out"; fi
json=$("$D" preview "$P" --stack dev --json 2>/dev/null)
if [ "$(py '[s["op"] + " " + s["id"] for s in d["steps"] if s["key"] == "database.legacy"][0]' "$json")" = "read $db_id" ]; then
  ok "existing: preview --json has a read step with the looked-up id"
else not_ok "existing: preview --json has a read step with the looked-up id" "$json"; fi
check "existing: apply" "$D" apply "$P" --stack dev --yes
s=$(cf_get /workers/scripts/fl-api-dev/settings)
if [ "$(py '[b["id"] for b in d["bindings"] if b["name"]=="LEGACY"][0]' "$s")" = "$db_id" ] &&
   [ "$(py '[b["queue_name"] for b in d["bindings"] if b["name"]=="SHARED"][0]' "$s")" = "other-team-events" ]; then
  ok "existing: the uploaded bindings carry the looked-up database id and queue name"
else not_ok "existing: the uploaded bindings carry the looked-up database id and queue name" "$s"; fi
st=$(cat "$P/.dome/dev.json")
if [ "$(py 'd["resources"]["database.legacy"]["existing"], d["resources"]["database.legacy"]["id"]' "$st")" = "legacy-db $db_id" ]; then
  ok "existing: the state records the database as a reference"
else not_ok "existing: the state records the database as a reference" "$st"; fi
check "existing: converged" converged "$P"
check "existing: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# the database named by id instead: the same reference, no change
body "$db_id"
check "existing: by id, no change" "$D" preview "$P" --stack dev --expect-no-changes

# an unknown name: a plan error naming it, exit 1 as other program errors
body nope-db
out=$(NO_COLOR=1 "$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -eq 1 ] && echo "$out" | grep -q "main.dome:4:1: error: database.legacy: no database named 'nope-db'"; then
  ok "existing: an unknown name is a plan error at the block, exit 1"
else not_ok "existing: an unknown name is a plan error at the block, exit 1" "rc=$rc $out"; fi
"$D" apply "$P" --stack dev --yes >/dev/null 2>&1; rc=$?
if [ $rc -eq 1 ] && [ "$(py 'd["resources"]["database.legacy"]["id"]' "$(cat "$P/.dome/dev.json")")" = "$db_id" ]; then
  ok "existing: apply refuses it too and changes nothing"
else not_ok "existing: apply refuses it too and changes nothing" "rc=$rc"; fi

# removing the block forgets the reference; the database stays
program "$P" "queue shared { existing = \"$q_id\" }
worker api {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  bindings { SHARED = queue.shared }
}"
out=$("$D" preview "$P" --stack dev 2>&1)
if ! echo "$out" | grep -q "^ - delete" && echo "$out" | grep -q "update   worker"; then ok "existing: removing the block plans no delete"
else not_ok "existing: removing the block plans no delete" "$out"; fi
check "existing: apply without the block" "$D" apply "$P" --stack dev --yes
if [ "$(py 'd["result"]["name"]' "$(cf GET "/d1/database/$db_id")")" = "legacy-db" ] &&
   [ "$(py '"database.legacy" in d["resources"]' "$(cat "$P/.dome/dev.json")")" = "False" ]; then
  ok "existing: the database is still in cfemu, the state forgot it"
else not_ok "existing: the database is still in cfemu, the state forgot it" "$(cat "$P/.dome/dev.json")"; fi

# destroy deletes the worker, never the referenced queue
body legacy-db
check "existing: apply again" "$D" apply "$P" --stack dev --yes
check "existing: destroy" "$D" destroy "$P" --stack dev --yes
left=$(inv_cfemu)
if echo "$left" | grep -q "legacy-db" && echo "$left" | grep -q "other-team-events" &&
   ! echo "$left" | grep -q "fl-api-dev"; then
  ok "existing: destroy left the database and the queue in cfemu, deleted the worker"
else not_ok "existing: destroy left the database and the queue in cfemu, deleted the worker" "$left"; fi
cf DELETE "/d1/database/$db_id" >/dev/null
cf DELETE "/queues/$q_id" >/dev/null
if [ -z "$(inv_cfemu)" ]; then ok "existing: cfemu empty once the other team deletes theirs"
else not_ok "existing: cfemu empty once the other team deletes theirs" "$(inv_cfemu)"; fi
