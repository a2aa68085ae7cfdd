# tests/full: R2 event notification rules (bucket notify blocks) and
# Vectorize metadata indexes: apply, read back through the API, preview with
# no changes, an in-place change, out-of-band changes shown as drift, import
# reading both, destroy removing them.
P=$tmp/notify
nbody() { # nbody EVENTS PREFIX FIELDS
  program "$P" "queue uploaded {}
queue other {}
bucket content {
  notify queue.uploaded {
    events = $1
    prefix = \"$2\"
  }
  notify queue.other {
    events = [\"object-delete\"]
    suffix = \".json\"
  }
}
index notes {
  preset           = \"@cf/baai/bge-large-en-v1.5\"
  metadata_indexes = $3
}"
}
rules() { cf_get /event_notifications/r2/fl-content-dev/configuration; }
# rule_summary: queueName:prefix:suffix:actions per rule, sorted
rule_summary() {
  py '" ".join(sorted(q["queueName"]+":"+r["prefix"]+":"+r["suffix"]+":"+",".join(sorted(r["actions"])) for q in d["queues"] for r in q["rules"]))' "$(rules)"
}
fields() { py '" ".join(sorted(m["propertyName"]+"="+m["indexType"] for m in d["metadataIndexes"]))' \
  "$(cf_get /vectorize/v2/indexes/fl-notes-dev/metadata_index/list)"; }

nbody '["object-create"]' uploads/ '{ userId = "string", version = "number" }'
check "notify: apply creates the rules and metadata indexes" "$D" apply "$P" --stack dev --yes
want="fl-other-dev::.json:DeleteObject,LifecycleDeletion fl-uploaded-dev:uploads/::CompleteMultipartUpload,CopyObject,PutObject"
got=$(rule_summary)
if [ "$got" = "$want" ]; then ok "notify: the bucket sends object-create under uploads/ and .json deletes"
else not_ok "notify: the bucket sends object-create under uploads/ and .json deletes" "$got"; fi
got=$(fields)
if [ "$got" = "userId=string version=number" ]; then ok "notify: the index has metadata indexes userId and version"
else not_ok "notify: the index has metadata indexes userId and version" "$got"; fi
check "notify: converged after apply" converged "$P"
check "notify: refresh finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# in place: events, prefix and a field's type change, a field is added
nbody '["object-delete", "object-create"]' in/ '{ userId = "string", version = "string", draft = "boolean" }'
out=$("$D" preview "$P" --stack dev 2>&1)
if echo "$out" | grep -q "update   bucket .*bucket.content" && echo "$out" | grep -q "update   index .*index.notes"; then
  ok "notify: preview updates the bucket and the index in place"
else not_ok "notify: preview updates the bucket and the index in place" "$out"; fi
if "$D" preview "$P" --stack dev --diff 2>&1 | grep -q "metadata_indexes.version: \"number\" → \"string\" (the metadata index is deleted and created again)"; then
  ok "notify: preview says the retyped metadata index is deleted and created again"
else not_ok "notify: preview says the retyped metadata index is deleted and created again" "$out"; fi
check "notify: apply the change" "$D" apply "$P" --stack dev --yes
want="fl-other-dev::.json:DeleteObject,LifecycleDeletion fl-uploaded-dev:in/::CompleteMultipartUpload,CopyObject,DeleteObject,LifecycleDeletion,PutObject"
got=$(rule_summary)
if [ "$got" = "$want" ]; then ok "notify: the changed rule is in place"
else not_ok "notify: the changed rule is in place" "$got"; fi
got=$(fields)
if [ "$got" = "draft=boolean userId=string version=string" ]; then ok "notify: version retyped, draft added"
else not_ok "notify: version retyped, draft added" "$got"; fi
check "notify: converged after the change" converged "$P"

# out of band: a rule dropped, a metadata index added behind domec's back
oid=$(py 'd["resources"]["queue.other"]["id"]' "$(cat "$P/.dome/dev.json")")
cf DELETE "/event_notifications/r2/fl-content-dev/configuration/queues/$oid" >/dev/null
cf POST /vectorize/v2/indexes/fl-notes-dev/metadata_index/create '{"propertyName":"extra","indexType":"string"}' >/dev/null
out=$("$D" refresh "$P" --stack dev 2>&1)
if echo "$out" | grep -q "bucket.content.*changed out of band.*notifications" &&
   echo "$out" | grep -q "index.notes.*changed out of band.*metadata_indexes"; then
  ok "notify: refresh reports the dropped rule and the added metadata index"
else not_ok "notify: refresh reports the dropped rule and the added metadata index" "$out"; fi
check "notify: apply --refresh puts them back" "$D" apply "$P" --stack dev --yes --refresh
if [ "$(rule_summary)" = "$want" ] && [ "$(fields)" = "draft=boolean userId=string version=string" ]; then
  ok "notify: the rule is back and the extra metadata index gone"
else not_ok "notify: the rule is back and the extra metadata index gone" "$(rule_summary) $(fields)"; fi
check "notify: refresh after the repair finds no drift" "$D" refresh "$P" --stack dev --expect-no-changes

# import reads the rules and the metadata indexes of existing resources
I=$tmp/notify-import
program "$I" "queue uploaded { name = \"fl-uploaded-dev\" }
queue other { name = \"fl-other-dev\" }"
"$D" import queue.uploaded "$(py 'd["resources"]["queue.uploaded"]["id"]' "$(cat "$P/.dome/dev.json")")" --stack dev --dir "$I" >/dev/null 2>&1
"$D" import queue.other "$oid" --stack dev --dir "$I" >/dev/null 2>&1
out=$("$D" import bucket.content fl-content-dev --stack dev --dir "$I" 2>&1)
if echo "$out" | grep -q "notify queue.uploaded" && echo "$out" | grep -q 'prefix *= "in/"' &&
   echo "$out" | grep -q "notify queue.other"; then
  ok "notify: import of the bucket writes its notify blocks"
else not_ok "notify: import of the bucket writes its notify blocks" "$out"; fi
out=$("$D" import index.notes fl-notes-dev --stack dev --dir "$I" 2>&1)
if echo "$out" | grep -q 'metadata_indexes *= { draft = "boolean", userId = "string", version = "string" }'; then
  ok "notify: import of the index writes its metadata_indexes"
else not_ok "notify: import of the index writes its metadata_indexes" "$out"; fi

# removing every notify block and metadata index deletes them; destroy
nbody '["object-create"]' in/ '{}'
program "$P" "queue uploaded {}
queue other {}
bucket content {}
index notes { preset = \"@cf/baai/bge-large-en-v1.5\" }"
check "notify: apply without rules" "$D" apply "$P" --stack dev --yes
if [ -z "$(rule_summary)" ] && [ -z "$(fields)" ]; then ok "notify: no rule and no metadata index left"
else not_ok "notify: no rule and no metadata index left" "$(rule_summary) $(fields)"; fi
check "notify: converged without rules" converged "$P"
nbody '["object-create"]' uploads/ '{ userId = "string" }'
check "notify: apply the rules again" "$D" apply "$P" --stack dev --yes
check "notify: destroy" "$D" destroy "$P" --stack dev --yes
if [ "$(inv_cfemu)" = "" ] || ! inv_cfemu | grep -q "fl-content-dev\|fl-notes-dev\|fl-uploaded-dev"; then
  ok "notify: destroy leaves no bucket, index or queue"
else not_ok "notify: destroy leaves no bucket, index or queue" "$(inv_cfemu)"; fi
