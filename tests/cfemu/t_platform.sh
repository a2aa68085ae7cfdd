# KV namespaces, Durable Object migrations and their refusals, zones,
# routes, custom domains, R2 notifications and domains, Vectorize metadata
# indexes, a second queue consumer, wrangler as a deploy source.
# (Sourced by run.sh.)
cfemu_start "$tmp/p" || not_ok "p: cfemu started"

api POST storage/kv/namespaces -d '{"title":"p-kv"}'; kv=$(jb .result.id)
check "kv: create answers a 32-hex id and the title" eval 'is $code 200 && printf %s "$kv" | grep -Eq "^[0-9a-f]{32}$"'
api POST storage/kv/namespaces -d '{"title":"p-kv"}'
check "kv: a duplicate title is 400 code 10014" eval 'is $code 400 && is "$(jb .errors[0].code)" 10014'
for x in b c d e f; do api POST storage/kv/namespaces -d "{\"title\":\"p-kv-$x\"}"; done
api GET "storage/kv/namespaces?per_page=5&page=2&order=title&direction=desc"
check "kv: list pages with order and direction" \
  eval 'is "$(jb "[.result[].title]|join(\",\")")" p-kv && is "$(jb .result_info.total_count)" 6'
api PUT "storage/kv/namespaces/$kv" -d '{"title":"p-kv-b"}'
check "kv: renaming to a taken title is 400 code 10014" eval 'is $code 400 && is "$(jb .errors[0].code)" 10014'
api PUT "storage/kv/namespaces/$kv" -d '{"title":"p-kv-main"}'
check "kv: rename answers the namespace" eval 'is $code 200 && is "$(jb .result.title)" p-kv-main'
api PUT "storage/kv/namespaces/$kv/values/a%2Fkey" --data-binary 'v1'
api GET "storage/kv/namespaces/$kv/values/a%2Fkey"
check "kv: a key with a slash reads back its raw value" eval 'is $code 200 && is "$(cat "$tmp/body")" v1'
api GET "storage/kv/namespaces/$kv/keys?prefix=a/"
check "kv: keys list by prefix" eval 'is "$(jb ".result[0].name")" a/key && is "$(jb .result_info.cursor)" ""'
api GET "storage/kv/namespaces/0000000000000000000000000000000f"
check "kv: an unknown namespace is 404 code 10013" eval 'is $code 404 && is "$(jb .errors[0].code)" 10013'

printf 'export class Counter {}\nexport class Room {}\nexport default { async fetch() { return new Response("do") } };\n' >"$tmp/do.js"
do_upload() { # do_upload NAME METADATA: a Worker upload with $tmp/do.js as index.js
  api PUT "workers/scripts/$1" -F "metadata=$2;type=application/json" \
    -F "index.js=@$tmp/do.js;type=application/javascript+module;filename=index.js"
}
bind_counter='"bindings":[{"type":"durable_object_namespace","name":"C","class_name":"Counter"},{"type":"kv_namespace","name":"KV","namespace_id":"'$kv'"}]'
do_upload p-do '{"main_module":"index.js",'"$bind_counter"'}'
check "durable objects: a binding to a class no migration made is 400 code 10061" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10061'
do_upload p-do '{"main_module":"index.js","migrations":{"new_tag":"v1","new_sqlite_classes":["Counter"]},'"$bind_counter"'}'
check "durable objects: a migration creates the class (upload succeeds)" is $code 200
api GET workers/durable_objects/namespaces
check "durable objects: the namespace is listed with its script and sqlite flag" \
  eval 'is "$(jb ".result[0].class")" Counter && is "$(jb ".result[0].script")" p-do && is "$(jb ".result[0].use_sqlite")" true'
ns=$(jb ".result[0].id")
api GET workers/scripts
check "durable objects: the script reports migration_tag v1" is "$(jb ".result[]|select(.id==\"p-do\").migration_tag")" v1
do_upload p-do '{"main_module":"index.js","migrations":{"new_tag":"v2","steps":[{"new_classes":["Room"]}]},'"$bind_counter"'}'
check "durable objects: a migration without old_tag on a tagged script is 400 code 10079" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10079'
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v0","new_tag":"v2","steps":[{"new_classes":["Room"]}]},'"$bind_counter"'}'
check "durable objects: a wrong old_tag is 400 code 10079" eval 'is $code 400 && is "$(jb .errors[0].code)" 10079'
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v1","new_tag":"v2","steps":[{"new_classes":["Ghost"]}]},'"$bind_counter"'}'
check "durable objects: a new class the modules never define is 400 code 10070" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10070'
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v1","new_tag":"v2","steps":[{"new_classes":["Counter"]}]},'"$bind_counter"'}'
check "durable objects: creating an existing class again is 400 code 10074" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10074'
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v1","new_tag":"v2","steps":[{"deleted_classes":["Counter"]}]},'"$bind_counter"'}'
check "durable objects: deleting a class a binding still uses is 400 code 10061" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10061'
api PUT "workers/scripts/p-user" -F 'metadata={"main_module":"index.js","bindings":[{"type":"durable_object_namespace","name":"C","class_name":"Counter","script_name":"p-do"}]};type=application/json' \
  -F "index.js=@$tmp/do.js;type=application/javascript+module;filename=index.js"
check "durable objects: another Worker may bind to the class (script_name)" is $code 200
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v1","new_tag":"v2","steps":[{"deleted_classes":["Counter"]}]}}'
check "durable objects: deleting a class another Worker binds is 400 code 10061" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10061 && jb .errors[0].message | grep -q p-user'
api DELETE workers/scripts/p-user
api GET "workers/durable_objects/namespaces/$ns/objects"
check "durable objects: refused uploads changed nothing (namespace and tag kept)" \
  eval 'is $code 200 && is "$(jb .result_info.cursors.after)" ""'
do_upload p-do '{"main_module":"index.js","migrations":{"old_tag":"v1","new_tag":"v2","steps":[{"renamed_classes":[{"from":"Counter","to":"Room"}]}]},"bindings":[{"type":"durable_object_namespace","name":"R","class_name":"Room"}]}'
api GET workers/durable_objects/namespaces
check "durable objects: a rename keeps the namespace id" eval 'is "$(jb ".result[0].class")" Room && is "$(jb ".result[0].id")" "$ns"'
api DELETE "storage/kv/namespaces/$kv"
do_upload p-kvbind '{"main_module":"index.js","bindings":[{"type":"kv_namespace","name":"KV","namespace_id":"'$kv'"}]}'
check "kv: a binding to a deleted namespace is 400 code 10041" eval 'is $code 400 && is "$(jb .errors[0].code)" 10041'

api GET workers/scripts/p-do/deployments
check "deployments: an API upload reports source api" is "$(jb .result.deployments[0].source)" api
api PUT workers/scripts/p-do/content -H "User-Agent: wrangler/4.86.0" -F "index.js=@$tmp/do.js;type=application/javascript+module;filename=index.js" -H "CF-WORKER-MAIN-MODULE-PART: index.js"
api GET workers/scripts/p-do/deployments
check "deployments: a wrangler request reports source wrangler" is "$(jb .result.deployments[0].source)" wrangler
api GET workers/scripts
check "workers: last_deployed_from follows the deploying client" is "$(jb ".result[]|select(.id==\"p-do\").last_deployed_from")" wrangler

api POST /client/v4/zones -H 'Content-Type: application/json' -d '{"name":"p.example","account":{"id":"'$ACCT'"}}'
zone=$(jb .result.id)
check "zones: create answers an active zone" eval 'is $code 200 && is "$(jb .result.status)" active'
api GET "/client/v4/zones?name=p.example&account.id=$ACCT"
check "zones: lookup by name and account.id" is "$(jb .result[0].id)" "$zone"
api PUT workers/scripts/p-do/routes -d '[{"pattern":"api.p.example/*","zone_name":"p.example"}]'
check "routes: a Worker's routes are set" eval 'is $code 200 && is "$(jb .result[0].zone_id)" "$zone"'
api POST "/client/v4/zones/$zone/workers/routes" -d '{"pattern":"api.p.example/*","script":"p-do"}'
check "routes: the same pattern twice in a zone is 409 code 10020" eval 'is $code 409 && is "$(jb .errors[0].code)" 10020'
api POST "/client/v4/zones/$zone/workers/routes" -d '{"pattern":"other.example/*","script":"p-do"}'
check "routes: a pattern outside the zone is 400 code 10022" eval 'is $code 400 && is "$(jb .errors[0].code)" 10022'
api PUT workers/domains -d '{"hostname":"app.p.example","service":"p-do","zone_id":"'$zone'"}'
check "custom domains: attach answers the record" eval 'is $code 200 && is "$(jb .result.zone_name)" p.example'
api PUT workers/domains -d '{"hostname":"app.elsewhere.example","service":"p-do"}'
check "custom domains: a hostname in no zone is 404 code 100111" eval 'is $code 404 && is "$(jb .errors[0].code)" 100111'
api DELETE workers/scripts/p-do?force=true
api GET "/client/v4/zones/$zone/workers/routes"
check "routes: deleting the Worker removes its routes" is "$(jb '.result|length')" 0
api GET workers/domains
check "custom domains: deleting the Worker detaches its domains" is "$(jb '.result|length')" 0

api POST queues -d '{"queue_name":"p-queue"}'; pq=$(jb .result.queue_id)
api POST r2/buckets -d '{"name":"p-bucket"}'
api PUT "event_notifications/r2/p-bucket/configuration/queues/$pq" -d '{"rules":[{"actions":["PutObject"],"prefix":"a/"}]}'
check "r2 notifications: a rule is added" is $code 200
api PUT "event_notifications/r2/p-bucket/configuration/queues/$pq" -d '{"rules":[{"actions":["Explode"]}]}'
check "r2 notifications: an unknown action is 400" is $code 400
api GET event_notifications/r2/p-bucket/configuration
check "r2 notifications: listed per queue with a rule id" \
  eval 'is "$(jb .result.queues[0].queueName)" p-queue && [ -n "$(jb .result.queues[0].rules[0].ruleId)" ]'
api PUT r2/buckets/p-bucket/domains/managed -d '{"enabled":true}'
check "r2 managed domain: enabled on pub-<id>.r2.dev" eval 'is "$(jb .result.enabled)" true && jb .result.domain | grep -Eq "^pub-[0-9a-f]{32}\.r2\.dev$"'
api GET r2/buckets/p-bucket
check "r2: the bucket view holds no notification or domain settings" eval '! grep -q -e notifications -e managed "$tmp/body"'

api POST vectorize/v2/indexes -d '{"name":"p-index","config":{"dimensions":3,"metric":"cosine"}}'
api POST vectorize/v2/indexes/p-index/metadata_index/create -d '{"propertyName":"kind","indexType":"string"}'
check "vectorize: a metadata index is created (mutationId)" eval 'is $code 200 && [ -n "$(jb .result.mutationId)" ]'
api POST vectorize/v2/indexes/p-index/metadata_index/create -d '{"propertyName":"kind","indexType":"string"}'
check "vectorize: the same metadata index twice is refused" is $code 409
api GET vectorize/v2/indexes/p-index/info
check "vectorize: /info reports dimensions and the last mutation" \
  eval 'is "$(jb .result.dimensions)" 3 && is "$(jb .result.vectorCount)" 0 && [ -n "$(jb .result.processedUpToMutation)" ]'

upload_plain() {
  api PUT "workers/scripts/$1" -F 'metadata={"main_module":"index.js"};type=application/json' \
    -F "index.js=@$tmp/do.js;type=application/javascript+module;filename=index.js"
}
upload_plain p-consumer
api POST "queues/$pq/consumers" -d '{"type":"worker","script_name":"p-consumer"}'
api POST "queues/$pq/consumers" -d '{"type":"worker","script_name":"p-consumer"}'
check "queues: a second consumer is 400 code 11004 (not 409)" eval 'is $code 400 && is "$(jb .errors[0].code)" 11004'
cfemu_stop
