# tests/full: Durable Objects: created by the host's upload with a computed
# migration, bound by the host and by another worker, renamed, refused when
# removed, deleted on purpose with `delete = true`.
P=$tmp/do
mkdir -p "$P"
printf 'export class ResourceObject {}\nexport class Renamed {}\nexport default { fetch() { return new Response("ok") } }\n' >"$P/index.js"
do_program() { # do_program CLASS [EXTRA-DO-LINES] [HOST-BINDING]
  program "$P" "durable_object resource_object {
  class   = \"$1\"
  worker  = worker.tsunami
  storage = \"sqlite\"
$2}
worker tsunami {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
$3}
worker reader {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  bindings { RO = durable_object.resource_object }
}"
}
do_program ResourceObject '' '  bindings { RESOURCE_OBJECT = durable_object.resource_object }
'
check "durable: check" "$D" check "$P"
check "durable: apply" "$D" apply "$P" --stack dev --yes
ns=$(cf_get /workers/durable_objects/namespaces)
if [ "$(py '[(n["class"], n["script"], n["use_sqlite"]) for n in d]' "$ns")" = "[('ResourceObject', 'fl-tsunami-dev', True)]" ]; then
  ok "durable: the host's upload made a SQLite namespace for ResourceObject"
else not_ok "durable: the host's upload made a SQLite namespace for ResourceObject" "$ns"; fi
id=$(py 'd["resources"]["durable_object.resource_object"]["id"]' "$(cat "$P/.dome/dev.json")")
if [ "$id" = "$(py 'd[0]["id"]' "$ns")" ]; then ok "durable: state records the namespace id"
else not_ok "durable: state records the namespace id" "$id $ns"; fi
s=$(cf_get /workers/scripts/fl-reader-dev/settings)
if [ "$(py '[(b["class_name"], b.get("script_name")) for b in d["bindings"]]' "$s")" = "[('ResourceObject', 'fl-tsunami-dev')]" ]; then
  ok "durable: another worker binds it with the host's script_name"
else not_ok "durable: another worker binds it with the host's script_name" "$s"; fi
check "durable: then no changes" "$D" preview "$P" --stack dev --expect-no-changes
check "durable: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# a rename through renamed_from: same namespace, migration renamed_classes
do_program Renamed '  renamed_from = "ResourceObject"
' '  bindings { RESOURCE_OBJECT = durable_object.resource_object }
'
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update   durable_object" && ! echo "$out" | grep -q "data will be lost"; then ok "durable: a class rename is an update"
else not_ok "durable: a class rename is an update" "$out"; fi
check "durable: apply the rename" "$D" apply "$P" --stack dev --yes
ns=$(cf_get /workers/durable_objects/namespaces)
if [ "$(py '[(n["class"], n["id"]) for n in d]' "$ns")" = "[('Renamed', '$id')]" ]; then ok "durable: renamed, same namespace id"
else not_ok "durable: renamed, same namespace id" "$ns"; fi
check "durable: no changes after the rename" "$D" preview "$P" --stack dev --expect-no-changes

# a move to another host: the new host's upload transfers the class, with
# its namespace and objects; the old host waits for it, then drops it
transfer_program() { # transfer_program HOST
  program "$P" "durable_object resource_object {
  class   = \"Renamed\"
  worker  = worker.$1
  storage = \"sqlite\"
}
worker tsunami {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  bindings { RESOURCE_OBJECT = durable_object.resource_object }
}
worker reader {
  main = \"index.js\"
  compatibility_date = \"2025-04-15\"
  bindings { RO = durable_object.resource_object }
}"
}
for move in "reader fl-reader-dev fl-tsunami-dev" "tsunami fl-tsunami-dev fl-reader-dev"; do
  set -- $move
  transfer_program "$1"
  out=$("$D" preview "$P" --stack dev 2>&1)
  if echo "$out" | grep -q "update   durable_object" && ! echo "$out" | grep -q "data will be lost"; then
    ok "durable: moving the class to worker $1 is an update"
  else not_ok "durable: moving the class to worker $1 is an update" "$out"; fi
  check "durable: apply the move to worker $1" "$D" apply "$P" --stack dev --yes
  ns=$(cf_get /workers/durable_objects/namespaces)
  if [ "$(py '[(n["class"], n["id"], n["script"]) for n in d]' "$ns")" = "[('Renamed', '$id', '$2')]" ]; then
    ok "durable: transferred to $2 with the same namespace id"
  else not_ok "durable: transferred to $2 with the same namespace id" "$ns"; fi
  s=$(cf_get /workers/scripts/$3/settings)
  if [ "$(py '[(b["class_name"], b.get("script_name")) for b in d["bindings"]]' "$s")" = "[('Renamed', '$2')]" ]; then
    ok "durable: the old host $3 now binds it on $2"
  else not_ok "durable: the old host $3 now binds it on $2" "$s"; fi
  check "durable: no changes after the move to worker $1" "$D" preview "$P" --stack dev --expect-no-changes
done

# storage cannot change; removing the block is refused
do_program Renamed '  storage = "kv"
' ''
sed -i '0,/storage = "sqlite"/{/storage = "sqlite"/d}' "$P/main.dome"
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "would be replaced" && echo "$out" | grep -q "every object's data"; then
  ok "durable: a storage change is refused (data)"
else not_ok "durable: a storage change is refused (data)" "rc=$rc $out"; fi
program "$P" 'worker tsunami {
  main = "index.js"
  compatibility_date = "2025-04-15"
}'
out=$("$D" preview "$P" --stack dev 2>&1); rc=$?
if [ $rc -ne 0 ] && echo "$out" | grep -q "durable_object.resource_object would be deleted" && echo "$out" | grep -q "delete = true"; then
  ok "durable: removing the block is refused, naming delete = true"
else not_ok "durable: removing the block is refused, naming delete = true" "rc=$rc $out"; fi

# delete = true deletes the class through the host's upload
program "$P" 'durable_object resource_object {
  class  = "Renamed"
  worker = worker.tsunami
  delete = true
}
worker tsunami {
  main = "index.js"
  compatibility_date = "2025-04-15"
}'
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "delete   durable_object.*data will be lost"; then ok "durable: delete = true plans the delete, marked as data loss"
else not_ok "durable: delete = true plans the delete, marked as data loss" "$out"; fi
check "durable: apply the delete" "$D" apply "$P" --stack dev --yes
ns=$(cf_get /workers/durable_objects/namespaces)
if [ "$ns" = "[]" ]; then ok "durable: the class is gone"; else not_ok "durable: the class is gone" "$ns"; fi
check "durable: no changes after the delete" "$D" preview "$P" --stack dev --expect-no-changes
check "durable: destroy" "$D" destroy "$P" --stack dev --yes

# a host deployed outside domec (a migration tag v1, as wrangler leaves it)
# is adopted by import --discover; declaring what it runs then plans nothing,
# and a change uploads with old_tag v1 (cfemu refuses a wrong one)
printf 'export class ResourceObject {}\nexport default { fetch() { return new Response("ok") } }\n' >"$tmp/host.js"
curl -s -X PUT -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN" "$(api)/workers/scripts/adopt-host" \
  -F 'metadata={"main_module":"index.js","compatibility_date":"2025-04-15","migrations":{"new_tag":"v1","new_sqlite_classes":["ResourceObject"]},"bindings":[{"type":"durable_object_namespace","name":"RO","class_name":"ResourceObject"}]};type=application/json' \
  -F "index.js=@$tmp/host.js;filename=index.js;type=application/javascript+module" >/dev/null
A=$tmp/adopt
mkdir -p "$A/stacks" && : >"$A/stacks/dev.dome"
if (cd "$A" && "$D" import --discover --stack dev >existing.dome 2>"$tmp/adopt.err"); then ok "durable: discover adopts a host and its class"
else not_ok "durable: discover adopts a host and its class" "$(cat "$tmp/adopt.err")"; fi
if python3 - "$A/.dome/dev.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["resources"]
w = r["worker.adopt_host"]
assert w["attrs"]["durable_objects"] == [{"class": "ResourceObject", "storage": "sqlite"}], w
assert w["extra"]["do_tag"] == "v1", w
d = [e for e in r.values() if e["kind"] == "durable_object"][0]
assert d["attrs"]["class"] == "ResourceObject" and d["attrs"]["worker"] == "worker.adopt_host", d
PY
then ok "durable: the host's classes and migration tag are recorded"
else not_ok "durable: the host's classes and migration tag are recorded" "$(cat "$A/.dome/dev.json")"; fi
label=$(python3 -c 'import json,sys; print([k for k,e in json.load(open(sys.argv[1]))["resources"].items() if e["kind"]=="durable_object"][0].split(".")[1])' "$A/.dome/dev.json")
cp "$tmp/host.js" "$A/index.js"
printf 'project "adopt" {\n  naming = "${name}"\n}\ndurable_object %s {\n  class  = "ResourceObject"\n  worker = worker.adopt_host\n}\nworker adopt_host {\n  name                = "adopt-host"\n  main                = "index.js"\n  compatibility_date  = "2025-04-15"\n  compatibility_flags = []\n  workers_dev         = false\n  bindings { RO = durable_object.%s }\n}\n' "$label" "$label" >"$A/main.dome"
rm -f "$A/existing.dome"
out=$("$D" preview "$A" --stack dev 2>&1)
if echo "$out" | grep -q "no changes"; then ok "durable: the adopted host and class plan no changes"
else not_ok "durable: the adopted host and class plan no changes" "$out $(cat "$A/.dome/dev.json")"; fi
sed -i 's/bindings { RO = /vars { MODE = "x" }\n  bindings { RO = /' "$A/main.dome"
check "durable: a change to the adopted host applies (old_tag v1 accepted)" "$D" apply "$A" --stack dev --yes
check "durable: destroy the adopted host" "$D" destroy "$A" --stack dev --yes
