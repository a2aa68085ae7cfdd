# The beta Workers API (POST/GET/DELETE workers/workers): a Worker created
# before its code, what each script endpoint answers for it, and the
# upload that fills it in. (Sourced by run.sh.)
cfemu_start "$tmp/wb" --data "$tmp/wb/data" || not_ok "wb: cfemu started"
printf 'export default { async fetch() { return new Response("beta") } };\n' >"$tmp/beta.js"
# wb_upload NAME [METADATA-BINDINGS]: PUT workers/scripts/NAME with beta.js.
wb_upload() {
  api PUT "workers/scripts/$1" \
    -F "metadata={\"main_module\":\"beta.js\",\"compatibility_date\":\"2025-04-15\",\"bindings\":[${2:-}]}" \
    -F "beta.js=@$tmp/beta.js;type=application/javascript+module;filename=beta.js"
}
# jc FILTER: jq -c over the last body (compact JSON).
jc() { jq -c "$1" "$tmp/body"; }
# script_etag NAME: the etag GET workers/scripts lists for NAME ("absent" when not listed).
script_etag() { api GET workers/scripts; jb "(.result[]|select(.id==\"$1\")|.etag|tostring) // \"absent\""; }

api POST workers/workers -d '{"name":"wb-shell","subdomain":{"enabled":true,"previews_enabled":true}}'
wid=$(jb .result.id); created=$(jb .result.created_on)
check "beta: create answers the Worker, never deployed" \
  eval 'is $code 200 && is "$(jb .result.name)" wb-shell && printf %s "$wid" | grep -Eq "^[0-9a-f]{32}$" &&
        is "$(jb .result.deployed_on)" null && [ "$created" != null ] && is "$(jb .result.updated_on)" "$created"'
check "beta: create answers subdomain, logpush, tags, tail_consumers, observability, references" \
  eval 'is "$(jc .result.subdomain)" "{\"enabled\":true,\"previews_enabled\":true}" &&
        is "$(jb .result.logpush)" false && is "$(jc .result.tags)" "[]" && is "$(jc .result.tail_consumers)" "[]" &&
        is "$(jb .result.observability.enabled)" false && is "$(jc .result.references.workers)" "[]" &&
        is "$(jc .result.references.domains)" "[]"'
api GET workers/services/wb-shell
check "beta: the id is the script's tag" eval 'is $code 200 && is "$(jb .result.default_environment.script.tag)" "$wid"'

api POST workers/workers -d '{"name":"wb-shell"}'
check "beta: creating an existing name is 409 with Cloudflare's envelope" \
  eval 'is $code 409 && is "$(jb .success)" false && is "$(jb .errors[0].code)" 10034 &&
        is "$(jb .errors[0].message)" "a Worker named wb-shell already exists" && is "$(header x-should-retry)" false'
wb_upload wb-existing
api POST workers/workers -d '{"name":"wb-existing"}'
check "beta: creating the name of an uploaded script is 409" is $code 409

api POST workers/workers -d '{"subdomain":{"enabled":true}}'
check "beta: create without a name is 400 code 10021" eval 'is $code 400 && is "$(jb .errors[0].code)" 10021'
api POST workers/workers -d '{"name":"Bad_Name"}'
check "beta: an invalid name is 400" eval 'is $code 400 && jb .errors[0].message | grep -q Bad_Name'
api POST workers/workers -d '{"name":"wb-bad","subdomain":{"enabled":"yes"}}'
check "beta: a non-boolean subdomain.enabled is 400" eval 'is $code 400 && jb .errors[0].message | grep -q subdomain'
api POST workers/workers -d '{"name":"wb-bad","subdomain":{"previews_enabled":1}}'
check "beta: a non-boolean subdomain.previews_enabled is 400" is $code 400
api POST workers/workers -d '{"name":"wb-bad","tags":"x"}'
check "beta: tags that are not an array of strings are 400" is $code 400
api POST workers/workers -d '["wb-bad"]'
check "beta: a body that is not an object is 400" is $code 400
api GET workers/workers/wb-bad
check "beta: refused creates create nothing" eval 'is $code 404 && is "$(jb .errors[0].code)" 10007'

api GET "workers/workers/$wid"
check "beta: GET by id" eval 'is $code 200 && is "$(jb .result.name)" wb-shell && is "$(jb .result.deployed_on)" null'
api GET workers/workers/wb-shell
check "beta: GET by name" eval 'is $code 200 && is "$(jb .result.id)" "$wid"'
api GET workers/workers/0123456789abcdef0123456789abcdef
check "beta: GET of an unknown id is 404 code 10007" \
  eval 'is $code 404 && is "$(jb .errors[0].message)" workers.api.error.script_not_found'
api GET "workers/workers?per_page=1&page=2"
check "beta: the list pages (2 Workers, 1 per page)" \
  eval 'is $code 200 && is "$(jb ".result|length")" 1 && is "$(jb .result_info.total_count)" 2 && is "$(jb .result[0].name)" wb-existing'
check "beta: the list shows a deployed Worker's deployed_on" eval '[ "$(jb .result[0].deployed_on)" != null ]'

# What the script endpoints answer for a Worker with no version.
check "shell: the scripts list shows it with etag \"\"" eval 'is "$(script_etag wb-shell)" ""'
api GET workers/scripts/wb-shell
check "shell: download is 404 code 10007 (no deployed version)" \
  eval 'is $code 404 && is "$(jb .errors[0].code)" 10007 && jb .errors[0].message | grep -q "no deployed version"'
api GET workers/scripts/wb-shell/content/v2
check "shell: content/v2 is 404 code 10007" eval 'is $code 404 && jb .errors[0].message | grep -q "no deployed version"'
api GET workers/scripts/wb-shell/settings
check "shell: settings answer empty bindings" eval 'is $code 200 && is "$(jc .result.bindings)" "[]"'
api PATCH workers/scripts/wb-shell/settings -F 'settings={"bindings":[]}'
check "shell: settings PATCH of bindings is 404 code 10007" eval 'is $code 404 && is "$(jb .errors[0].code)" 10007'
api PATCH workers/scripts/wb-shell/settings -F 'settings={"tags":["early"]}'
check "shell: settings PATCH of script-level keys works" eval 'is $code 200 && is "$(jc .result.tags)" "[\"early\"]"'
api PUT workers/scripts/wb-shell/secrets -d '{"name":"S","type":"secret_text","text":"x"}'
check "shell: a secret PUT is 404 code 10007" eval 'is $code 404 && is "$(jb .errors[0].code)" 10007'
api GET workers/scripts/wb-shell/secrets
check "shell: secrets list is empty" eval 'is $code 200 && is "$(jb ".result|length")" 0'
api GET workers/scripts/wb-shell/deployments
check "shell: no deployments" eval 'is $code 200 && is "$(jb ".result.deployments|length")" 0'
api GET workers/scripts/wb-shell/subdomain
check "shell: subdomain GET answers the create's switch" \
  eval 'is $code 200 && is "$(jc .result)" "{\"enabled\":true,\"previews_enabled\":true}"'
wb_upload wb-caller '{"type":"service","name":"S","service":"wb-shell"}'
check "shell: a service binding to it is refused like one to an undeployed worker (10143)" \
  eval 'is $code 400 && is "$(jb .errors[0].code)" 10143'

cfemu_stop
cfemu_start "$tmp/wb" --data "$tmp/wb/data" || not_ok "wb: cfemu restarted"
api GET workers/workers/wb-shell
check "shell: survives a restart" eval 'is $code 200 && is "$(jb .result.id)" "$wid" && is "$(jb .result.deployed_on)" null'

wb_upload wb-shell
check "shell: a PUT upload fills it in and answers as usual" \
  eval 'is $code 200 && is "$(jb .result.id)" wb-shell && is "$(jb .result.tag)" "$wid" &&
        [ "$(jb .result.etag | wc -c)" -gt 32 ] && is "$(jb .result.created_on)" "$created"'
api GET workers/scripts/wb-shell/subdomain
check "shell: the upload keeps the create's subdomain switch" \
  eval 'is "$(jc .result)" "{\"enabled\":true,\"previews_enabled\":true}"'
api GET workers/workers/wb-shell
check "beta: GET shows deployed_on once uploaded, created_on kept" \
  eval 'is $code 200 && [ "$(jb .result.deployed_on)" != null ] && is "$(jb .result.created_on)" "$created" &&
        is "$(jc .result.tags)" "[\"early\"]"'
api GET workers/scripts/wb-shell/versions
check "shell: the upload made the first version" eval 'is "$(jb ".result.items|length")" 1 && is "$(jb .result.items[0].number)" 1'
api GET workers/scripts/wb-shell
check "shell: download serves the uploaded code" eval 'is $code 200 && grep -q "Response(\"beta\")" "$tmp/body"'

api POST workers/workers -d '{"name":"wb-off","subdomain":{"enabled":false}}'
check "beta: a create with workers.dev off" eval 'is $code 200 && is "$(jc .result.subdomain)" "{\"enabled\":false,\"previews_enabled\":false}"'
wb_upload wb-off
api GET workers/scripts/wb-off/subdomain
check "beta: the upload leaves it off" eval 'is $code 200 && is "$(jb .result.enabled)" false && is "$(jb .result.previews_enabled)" false'
api POST workers/workers -d '{"name":"wb-on","subdomain":{"enabled":true}}'
check "beta: previews follow enabled when not sent" eval 'is "$(jb .result.subdomain.previews_enabled)" true'
api POST workers/workers -d '{"name":"wb-set","logpush":true,"tags":["t1"],"tail_consumers":[{"name":"wb-on"}],"observability":{"enabled":true}}'
check "beta: logpush, tags, tail_consumers and observability are kept" \
  eval 'is $code 200 && is "$(jb .result.logpush)" true && is "$(jb .result.tags[0])" t1 &&
        is "$(jb .result.tail_consumers[0].name)" wb-on && is "$(jb .result.observability.head_sampling_rate)" 1'
api GET workers/scripts/wb-set/script-settings
check "beta: script-settings read them back" eval 'is "$(jb .result.logpush)" true && is "$(jb .result.tags[0])" t1'
api PUT workers/scripts/wb-set/content -F 'metadata={"main_module":"beta.js"}' \
  -F "beta.js=@$tmp/beta.js;type=application/javascript+module;filename=beta.js"
check "shell: a content PUT makes its first version" eval 'is $code 200 && [ "$(jb .result.etag | wc -c)" -gt 32 ]'

api POST workers/workers -d '{"name":"wb-ver"}'
api POST workers/scripts/wb-ver/versions -F 'metadata={"main_module":"beta.js","bindings":[]}' \
  -F "beta.js=@$tmp/beta.js;type=application/javascript+module;filename=beta.js"
vid=$(jb .result.id)
check "shell: a version upload is stored, not deployed" \
  eval 'is $code 200 && is "$(jb .result.number)" 1 && is "$(script_etag wb-ver)" ""'
api POST workers/scripts/wb-ver/deployments \
  -d "{\"strategy\":\"percentage\",\"versions\":[{\"version_id\":\"$vid\",\"percentage\":100}]}"
api GET workers/workers/wb-ver
check "shell: deploying that version sets deployed_on" eval 'is $code 200 && [ "$(jb .result.deployed_on)" != null ]'

api DELETE "workers/workers/$wid"
check "beta: DELETE by id" eval 'is $code 200 && is "$(jb .success)" true'
check "beta: the deleted Worker leaves the scripts list" eval 'is "$(script_etag wb-shell)" absent'
api GET workers/workers/wb-shell
check "beta: GET after DELETE is 404" is $code 404
api DELETE workers/workers/wb-on
check "beta: DELETE by name" eval 'is $code 200 && is "$(script_etag wb-on)" absent'
api DELETE workers/workers/wb-on
check "beta: DELETE of an unknown Worker is 404 code 10007" eval 'is $code 404 && is "$(jb .errors[0].code)" 10007'
cfemu_stop
