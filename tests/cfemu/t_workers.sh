# Workers multipart upload and read-back, secrets, pagination, conflicts.
# (Sourced by run.sh.)
cfemu_start "$tmp/w" --data "$tmp/w/data" || not_ok "w: cfemu started"
api POST d1/database -d '{"name":"w-db"}'; db=$(jb .result.uuid)
api POST r2/buckets -d '{"name":"w-bucket"}'
api POST queues -d '{"queue_name":"w-queue"}'; qid=$(jb .result.queue_id)
check "queues: ids are 32 hex" eval 'printf %s "$qid" | grep -Eq "^[0-9a-f]{32}$"'
api POST vectorize/v2/indexes -d '{"name":"w-index","config":{"preset":"@cf/baai/bge-small-en-v1.5"}}'
check "vectorize: a preset sets dimensions" eval 'is $code 200 && is "$(jb .result.config.dimensions)" 384'

printf 'export default { async fetch() { return new Response("v1") }, async queue() {} };\n' >"$tmp/index.js"
printf '\000\001\002wasm\377' >"$tmp/mod.wasm"
meta() {
  cat <<JSON
{"main_module":"index.js","compatibility_date":"2025-04-15","compatibility_flags":["nodejs_als"],
 "bindings":[{"type":"d1","name":"DB","id":"$db"},{"type":"r2_bucket","name":"B","bucket_name":"w-bucket"},
  {"type":"queue","name":"Q","queue_name":"w-queue"},{"type":"vectorize","name":"V","index_name":"w-index"},
  {"type":"plain_text","name":"MODE","text":"dev"},{"type":"secret_text","name":"API_KEY","text":"sup3r-secret-value"},
  {"type":"ai","name":"AI"}$1]}
JSON
}
upload() { # upload NAME METADATA [EXTRA CURL ARGS]
  n=$1; md=$2; shift 2
  api PUT "workers/scripts/$n?bindings_inherit=strict" -F "metadata=$md" \
    -F "index.js=@$tmp/index.js;type=application/javascript+module;filename=index.js" "$@"
}
upload w-main "$(meta)" -F "mod.wasm=@$tmp/mod.wasm;type=application/wasm"
etag1=$(jb .result.etag)
check "workers: multipart upload (metadata found by name) returns etag and handlers" \
  eval 'is $code 200 && [ ${#etag1} -ge 32 ] && jb ".result.handlers|index(\"queue\")" | grep -q "[0-9]"'
api GET workers/scripts/w-main/settings
check "workers: settings read back every binding, d1 as database_id" \
  eval 'is "$(jb ".result.bindings|length")" 7 && is "$(jb ".result.bindings[]|select(.name==\"DB\").database_id")" "$db"'
check "workers: a secret_text value is never returned" eval '! grep -q sup3r "$tmp/body"'
check "workers: a secret value is never stored on disk" eval '! grep -rq sup3r "$tmp/w/data"'
api GET workers/scripts/w-main
check "workers: download returns the modules byte for byte" \
  eval 'is $code 200 && grep -q "Response(\"v1\")" "$tmp/body" && grep -q "wasm" "$tmp/body" && header content-type | grep -q multipart/form-data'
printf 'export default { async fetch() { return new Response("v2") } };\n' >"$tmp/index.js"
upload w-main "$(meta)"
api GET workers/scripts
check "workers: list etag changes when the content changes" \
  eval 'etag2=$(jb ".result[]|select(.id==\"w-main\").etag"); [ -n "$etag2" ] && [ "$etag2" != "$etag1" ]'
api PUT workers/scripts/w-main/secrets -d '{"name":"TOKEN2","type":"secret_text","text":"another-secret"}'
check "secrets: PUT answers without the text" eval 'is $code 200 && is "$(jb .result.name)" TOKEN2 && ! grep -q another-secret "$tmp/body"'
api GET workers/scripts/w-main/secrets
check "secrets: list names both secrets" eval 'is "$(jb "[.result[].name]|sort|join(\",\")")" "API_KEY,TOKEN2"'
api DELETE workers/scripts/w-main/secrets/TOKEN2
api GET workers/scripts/w-main/secrets/TOKEN2
check "secrets: deleted secret is 404" is $code 404
api PUT workers/scripts/w-main/schedules -d '[{"cron":"*/5 * * * *"}]'
api GET workers/scripts/w-main/schedules
check "schedules: cron triggers read back" eval 'is $code 200 && is "$(jb .result.schedules[0].cron)" "*/5 * * * *"'
api PUT workers/scripts/w-main/schedules -d '[{"cron":"every minute"}]'
check "schedules: an invalid cron is 400" is $code 400

api GET "queues/$qid"
check "queues: workers with a queue binding are listed as producers" \
  eval 'is "$(jb .result.producers[0].script)" w-main && is "$(jb .result.producers_total_count)" 1'

# Binding targets must exist.
upload w-bad "$(meta ',{"type":"r2_bucket","name":"X","bucket_name":"nope-bucket"}')"
check "bindings: a missing R2 bucket is refused" eval 'is $code 400 && jb .errors[0].message | grep -q nope-bucket'
upload w-bad "$(meta ',{"type":"service","name":"S","service":"ghost"}')"
check "bindings: a service binding to a missing worker is refused" is $code 400
upload w-bad "$(meta ',{"type":"queue","name":"Q2","queue_name":"ghost-q"}')"
check "bindings: a missing queue is refused" is $code 400
upload w-bad "$(meta ',{"type":"warp_drive","name":"W"}')"
check "bindings: an unknown binding type is refused" is $code 400
upload w-bad "$(meta ',{"type":"plain_text","name":"MODE","text":"x"}')"
check "bindings: duplicate binding names are refused" is $code 400
api GET workers/services/w-bad
check "workers: refused uploads create nothing (services 404 code 10090)" eval 'is $code 404 && is "$(jb .errors[0].code)" 10090'
upload w-svc "$(meta ',{"type":"service","name":"S","service":"w-main"}')"
check "bindings: a service binding to a deployed worker is accepted" is $code 200

# Consumers and conflicts.
api POST "queues/$qid/consumers" -H 'Content-Type: text/plain;charset=UTF-8' \
  -d '{"type":"worker","script_name":"w-main","dead_letter_queue":"w-dlq","settings":{"batch_size":5}}'
cid=$(jb .result.consumer_id)
check "consumers: create returns script and script_name" \
  eval 'is $code 200 && is "$(jb .result.script)" w-main && is "$(jb .result.script_name)" w-main && is "$(jb .result.settings.batch_size)" 5'
api GET "queues?name=w-dlq"
check "consumers: a missing dead-letter queue is created" eval 'is "$(jb ".result|length")" 1'
api GET "queues/$qid/consumers/$cid"
check "consumers: get one" eval 'is $code 200 && is "$(jb .result.consumer_id)" "$cid"'
api DELETE "queues/$qid"
check "conflicts: deleting a queue with consumers is refused" eval 'is $code 409 && is "$(header x-should-retry)" false'
api DELETE workers/scripts/w-main
check "conflicts: deleting a worker that consumes a queue is refused" is $code 409
api DELETE "workers/scripts/w-main?force=true"
api GET "queues/$qid/consumers"
check "workers: forced delete removes its consumers" eval 'is $code 200 && is "$(jb ".result|length")" 0'
api POST d1/database -d '{"name":"w-db"}'
check "conflicts: duplicate D1 name is 409 with x-should-retry: false" \
  eval 'is $code 409 && is "$(header x-should-retry)" false'
api POST r2/buckets -d '{"name":"w-bucket"}'
check "conflicts: duplicate bucket is 409 code 10073" eval 'is $code 409 && is "$(jb .errors[0].code)" 10073'
api POST r2/buckets -d '{"name":"Bad_Name"}'
check "r2: invalid bucket name is 400 code 10005" eval 'is $code 400 && is "$(jb .errors[0].code)" 10005'
api GET r2/buckets/ghost
check "r2: missing bucket is 404 code 10006" eval 'is $code 404 && is "$(jb .errors[0].code)" 10006'
api POST queues -d '{"queue_name":"w-queue"}'
check "conflicts: duplicate queue is 409" is $code 409
api POST queues -d '{"queue_name":"w-long","settings":{"message_retention_period":1209600}}'
check "queues: settings sent on create are kept" eval 'is $code 200 && is "$(jb .result.settings.message_retention_period)" 1209600'
api POST queues -d '{"queue_name":"w-bad","settings":{"message_retention_period":5}}'
check "queues: out-of-range settings on create are 400" is $code 400
api POST vectorize/v2/indexes -d '{"name":"w-index","config":{"dimensions":8,"metric":"cosine"}}'
check "conflicts: duplicate index is 409" is $code 409
api POST vectorize/v2/indexes -d '{"name":"big","config":{"dimensions":2000,"metric":"cosine"}}'
check "vectorize: dimensions above 1536 are refused" is $code 400

# Pagination.
i=0; while [ $i -lt 23 ]; do api POST d1/database -d "{\"name\":\"page-$i\"}"; i=$((i + 1)); done
api GET "d1/database?per_page=10&page=3"
check "pagination: page 3 of 24 databases at 10 per page has 4" \
  eval 'is "$(jb ".result|length")" 4 && is "$(jb .result_info.total_count)" 24 && is "$(jb .result_info.page)" 3'
api GET "d1/database?per_page=10&page=4"
check "pagination: past the end is an empty page" eval 'is $code 200 && is "$(jb ".result|length")" 0'
api GET "d1/database?name=page-7"
check "pagination: the name filter" eval 'is "$(jb ".result|length")" 1 && is "$(jb .result[0].name)" page-7'
i=0; while [ $i -lt 5 ]; do api POST r2/buckets -d "{\"name\":\"cur-$i\"}"; i=$((i + 1)); done
cursor=; seen=0; rounds=0
while [ $rounds -lt 10 ]; do
  api GET "r2/buckets?per_page=2&name_contains=cur-${cursor:+&cursor=$cursor}"
  seen=$((seen + $(jb ".result.buckets|length"))); cursor=$(jb '.result_info.cursor // ""'); rounds=$((rounds + 1))
  [ -z "$cursor" ] && break
done
check "pagination: R2 cursor walks every bucket and stops" eval 'is $seen 5 && is $rounds 3'
cfemu_stop
